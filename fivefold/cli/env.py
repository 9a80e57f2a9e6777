"""The environment a command runs in, as one object: options, streams, terminal, colour, language."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import IO, Any

import typer


@dataclass
class Env:
    plans: tuple[str, ...] | str | None = None  # --plans, once or several times
    as_of: str | None = None
    lang_option: str | None = None
    by: str | None = None
    debug: bool = False
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    err: IO[str] = field(default_factory=lambda: sys.stderr)

    @cached_property
    def is_tty(self) -> bool:
        return bool(getattr(self.out, "isatty", lambda: False)())

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
    def workspaces(self) -> list[Any]:
        """Every workspace shown: several --plans, or one and those its fivefold.yaml lists."""
        from fivefold.spaces import find

        given = [self.plans] if isinstance(self.plans, str) else list(self.plans or ())
        found, self._several_given = find(given)
        for ws in found:
            ws.after_commit.append(self._autocommit)
            ws.notify = self._notice
        return found

    def _notice(self, key: str, params: dict[str, Any]) -> None:
        """A warning from the store: one line on stderr. Waiting for the lock is said only on a terminal."""
        if key.startswith("lock_waiting") and not getattr(self.err, "isatty", lambda: False)():
            return
        self.warn(f"fivefold: {self.t(key, **params)}")

    @cached_property
    def workspace(self) -> Any:
        """The one workspace a command works on: with several, the one holding the item it names."""
        spaces = self.workspaces
        if len(spaces) == 1:
            return spaces[0]
        from fivefold.spaces import pick

        return pick(spaces, _named_items(), None if self._several_given else spaces[0])

    def _autocommit(self, tx: Any) -> None:
        """After every write: the git commit of `git: {autocommit: true}`; a failure only warns."""
        from fivefold import gitsync
        from fivefold.errors import FivefoldError
        from fivefold.userconf import actor

        try:
            gitsync.autocommit(tx.ws, tx.command, list(tx.staged), lambda: actor(self.by))
        except FivefoldError as exc:
            from fivefold.cli.output import error_message

            self.warn(f"fivefold: {self.t('git.autocommit_failed', detail=error_message(self, exc))}")

    @cached_property
    def lang(self) -> str:
        from fivefold import userconf

        explicit = self.lang_option or os.environ.get("FIVEFOLD_LANG")
        if explicit in ("zh", "en"):
            return explicit
        from fivefold.errors import FivefoldError
        from fivefold.loading import read_settings

        workspace_language = None
        with contextlib.suppress(FivefoldError):  # no workspace yet, or a broken fivefold.yaml: the locale
            workspace_language = read_settings(self.workspaces[0]).language
        return userconf.language(explicit, workspace_language)

    @cached_property
    def today(self) -> Any:
        from fivefold import clock

        return clock.today(self.as_of)

    def context(self, *, every: bool = False) -> Any:
        """The use cases' context; `every`: a read over all the workspaces shown (list, dashboard …)."""
        from fivefold.cli.progress import terminal_progress
        from fivefold.context import Context

        progress = terminal_progress(self.t("reading_files"))
        if every and len(self.workspaces) > 1:
            spaces = self.workspaces
            return Context(ws=spaces[0], today=self.today, by=self.by, progress=progress, workspaces=spaces)
        return Context(ws=self.workspace, today=self.today, by=self.by, progress=progress)

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
