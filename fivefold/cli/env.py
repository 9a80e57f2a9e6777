"""The environment a command runs in, as one object: options, streams and whether they are terminals,
the working folder, colour, language. Commands and CLI helpers read and write only through it, so tests
build one (a fake terminal, another folder) instead of patching `sys` (httpie's Environment)."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer


@dataclass
class Env:
    plans: tuple[str, ...] | str | None = None  # --plans, once or several times
    as_of: str | None = None
    lang_option: str | None = None
    by: str | None = None
    debug: bool = False
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    err: IO[str] = field(default_factory=lambda: sys.stderr)
    cwd: Path | None = None  # the working folder; None: the process's, asked for only where it is needed
    contexts: list[Any] = field(default_factory=list, repr=False)  # those handed out, for warnings at the end
    named: tuple[str, ...] | None = None  # the item ids the command names, when not read by click (cli/fast.py)

    @cached_property
    def is_tty(self) -> bool:
        """Whether the output is a terminal (colour, width, pager-free tables)."""
        return _isatty(self.out)

    @cached_property
    def stdin_isatty(self) -> bool:
        """Whether someone can answer a question: prompts and re-open offers only then."""
        return _isatty(self.stdin)

    @cached_property
    def err_isatty(self) -> bool:
        return _isatty(self.err)

    @cached_property
    def folder(self) -> Path:
        """The working folder, for what is found from it (the repository of `check --staged`)."""
        return self.cwd if self.cwd is not None else Path.cwd()

    def path(self, given: Path | str) -> Path:
        """A path from the command line: a relative one is taken from the working folder; `\\` separates
        folders where that finds the file (portable.typed_path)."""
        from fivefold.portable import typed_path

        given = typed_path(str(given), self.cwd)
        return given if self.cwd is None or given.expanduser().is_absolute() else self.cwd / given

    @cached_property
    def color(self) -> bool:
        return self.is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    @cached_property
    def width(self) -> int:
        columns = os.environ.get("COLUMNS")
        if columns and columns.isdigit():
            return int(columns)
        if self.is_tty:
            return os.get_terminal_size(self.out.fileno()).columns
        return 80

    @cached_property
    def fit_width(self) -> int | None:
        """The width a table is fitted into: the terminal's, or COLUMNS when set; None for piped output
        without COLUMNS (full rows, for scripts)."""
        columns = os.environ.get("COLUMNS", "")
        return self.width if self.is_tty or (columns.isdigit() and int(columns) > 0) else None

    @cached_property
    def workspaces(self) -> list[Any]:
        """Every workspace shown: several --plans, or one and those its fivefold.yaml lists."""
        from fivefold.spaces import find

        given = [self.plans] if isinstance(self.plans, str) else list(self.plans or ())
        given = [str(self.path(g)) if g else g for g in given]  # relative to the working folder; `plans\\demo`
        found, self._several_given = find(given, self.cwd)
        for ws in found:
            ws.after_commit.append(self._autocommit)
            ws.notify = self._notice
            ws.actor = self._actor
        return found

    def _actor(self) -> str:
        return self.actor_name

    @cached_property
    def actor_name(self) -> str:
        """Who is acting (userconf.actor), asked once per command: it may run `git config`."""
        from fivefold.userconf import actor

        self.check_user_config()
        return actor(self.by)

    def _notice(self, key: str, params: dict[str, Any]) -> None:
        """A warning from the store: one line on stderr. Waiting for the lock is said only on a terminal."""
        if key.startswith("lock_waiting") and not self.err_isatty:
            return
        self.warn(f"fivefold: {self.t(key, **params)}")

    @cached_property
    def workspace(self) -> Any:
        """The one workspace a command works on: with several, the one holding the item it names."""
        spaces = self.workspaces
        if len(spaces) == 1:
            return spaces[0]
        from fivefold.spaces import pick

        named = list(self.named) if self.named is not None else _named_items()
        return pick(spaces, named, None if self._several_given else spaces[0])

    def _autocommit(self, tx: Any) -> None:
        """After every write: the git commit of `git: {autocommit: true}`; a failure only warns."""
        from fivefold.errors import FivefoldError
        from fivefold.loading import read_settings
        from fivefold.userconf import actor

        try:
            if not read_settings(tx.ws).autocommit:
                return  # git's modules loaded only for a workspace that commits its writes
            from fivefold import gitsync

            gitsync.autocommit(tx.ws, tx.command, list(tx.staged), lambda: actor(self.by))
        except FivefoldError as exc:
            from fivefold.cli.output import error_message

            self.warn(f"fivefold: {self.t('git.autocommit_failed', detail=error_message(self, exc))}")

    @cached_property
    def lang(self) -> str:
        from fivefold import userconf

        explicit = self.lang_option or os.environ.get("FIVEFOLD_LANG")
        self.check_user_config()
        if explicit in ("zh", "en"):
            return explicit
        from fivefold.errors import FivefoldError
        from fivefold.loading import read_settings

        workspace_language = None
        with contextlib.suppress(FivefoldError):  # no workspace yet, or a broken fivefold.yaml: the locale
            workspace_language = read_settings(self.workspaces[0]).language
        return userconf.language(explicit, workspace_language)

    def check_user_config(self) -> None:
        """A broken user config is said once per command, on stderr, when the config is first needed (the
        language, the actor), in the language given (else the locale's: the config cannot be asked)."""
        from fivefold import userconf

        if self.__dict__.get("_user_config_checked"):
            return
        self.__dict__["_user_config_checked"] = True
        problem = userconf.read()[1]
        if problem is None:
            return
        from fivefold.cli.output import error_message
        from fivefold.controlchars import visible
        from fivefold.i18n import locale_language, t

        explicit = self.lang_option or os.environ.get("FIVEFOLD_LANG")
        chosen = explicit if explicit in ("zh", "en") else locale_language()
        probe = replace(self)  # the same Env in that language, for error_message
        probe.__dict__["lang"] = chosen  # set, not computed: computing it would come back here
        self.warn(visible(f"fivefold: {t('userconf.warning', chosen, detail=error_message(probe, problem))}"))

    @cached_property
    def today(self) -> Any:
        from fivefold import clock

        return clock.today(self.as_of)

    def context(self, *, every: bool = False) -> Any:
        """The use cases' context; `every`: a read over all the workspaces shown (list, dashboard …)."""
        from fivefold.cli.progress import terminal_progress
        from fivefold.context import Context

        progress = terminal_progress(self.t("reading_files"), self.err) if self.err_isatty else None
        if every and len(self.workspaces) > 1:
            spaces = self.workspaces
            context = Context(ws=spaces[0], today=self.today, by=self.by, progress=progress, workspaces=spaces)
        else:
            context = Context(ws=self.workspace, today=self.today, by=self.by, progress=progress)
        self.contexts.append(context)
        return context

    def t(self, key: str, **params: Any) -> str:
        """A message in the user's language; what its parameters quote (titles, paths, cells of an
        imported table) is shown through `visible`, so no control character reaches the terminal raw."""
        from fivefold.controlchars import visible
        from fivefold.i18n import t

        return visible(t(key, self.lang, **params))

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def warn(self, text: str) -> None:
        self.err.write(text + "\n")

    def write_bytes(self, payload: bytes) -> None:
        """Bytes to stdout as they are (a report: its encoding is the format's, not the console's)."""
        self.out.flush()
        stream = getattr(self.out, "buffer", None)
        if stream is not None:
            stream.write(payload)
            stream.flush()
        else:
            self.out.write(payload.decode("utf-8"))

    def ask(self, question: str) -> str:
        """One line typed in answer (without its line break); the end of the input aborts the command."""
        self.out.write(f"{question}: ")
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            import typer

            raise typer.Abort()
        return line.rstrip("\r\n")

    def confirm(self, question: str, default: bool = True) -> bool:
        """Yes or no (Enter: the default), asked again until the answer is one of them."""
        while True:
            answer = self.ask(f"{question} [{'Y/n' if default else 'y/N'}]").strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # a stream without one, or closed
        return False


def _named_items() -> list[str]:
    """The item ids the running command was given (its ID argument), to choose among workspaces."""
    from typer._click.globals import get_current_context

    current = get_current_context(silent=True)
    params = current.params if current is not None else {}
    named = params.get("item_id") or params.get("ids") or []
    return [named] if isinstance(named, str) else list(named)


def env_of(ctx: typer.Context) -> Env:
    obj = ctx.find_root().obj
    if not isinstance(obj, Env):
        obj = Env()
        ctx.find_root().obj = obj
    return obj
