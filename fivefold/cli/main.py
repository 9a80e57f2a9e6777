"""The `fivefold` app: global options, error translation at the edge, and the command modules."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from fivefold import __version__
from fivefold.cli import spec
from fivefold.cli.env import Env, env_of


class _Group(TyperGroup):
    """Every command runs through here: handled errors become one line on stderr and an exit code;
    help and click's usage errors are in the user's language (cli/localize.py)."""

    argv: list[str] = []  # the command line as read, for the language of help shown before the options are

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        import os

        from typer import _click as click

        from fivefold.cli import localize
        from fivefold.cli.argv import hoist

        if os.environ.get("_FIVEFOLD_COMPLETE"):  # the shell asks for completions (cli/shell.py)
            from typer.completion import completion_init

            completion_init()
        self.argv = hoist(self, list(sys.argv[1:] if args is None else args))
        given = extra.get("obj")
        env = given if isinstance(given, Env) else Env()  # where a usage error is written (a test's Env)
        localize.prepare(self)
        try:
            code = super().main(self.argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except click.exceptions.UsageError as exc:
            lang = localize.language(exc.ctx) if exc.ctx is not None else localize.language_of(self.argv, given)
            env.warn(f"fivefold: {localize.usage_message(exc, lang)}")
            code = exc.exit_code
        except click.exceptions.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except typer.Abort:  # a question left unanswered (the end of the input)
            from fivefold.i18n import t

            env.warn(f"fivefold: {t('aborted', localize.language_of(self.argv, given))}")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        from fivefold.cli import guard

        try:
            result = super().invoke(ctx)
            guard.calendar_gaps(env_of(ctx))
            return result
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except (KeyboardInterrupt, Exception) as exc:  # translated once, here (guard.failure)
            ctx.exit(guard.failure(env_of(ctx), exc))


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        env_of(ctx).print(f"fivefold {__version__}")
        raise typer.Exit()


_G = {o.param: o for o in spec.GLOBALS}  # the global options' flags and defaults (cli/spec.py)


def _globals(
    ctx: typer.Context,
    plans: list[str] = typer.Option(
        _G["plans"].default,
        _G["plans"].flag,
        help="The workspace folder (holding fivefold.yaml; also FIVEFOLD_PLANS). Repeat it to show several together.",
    ),
    as_of: str = typer.Option(_G["as_of"].default, _G["as_of"].flag, help="Fix 'today' (also FIVEFOLD_TODAY)."),
    lang: str = typer.Option(_G["lang"].default, _G["lang"].flag, help="zh or en (also FIVEFOLD_LANG; default from the locale)."),
    by: str = typer.Option(_G["by"].default, _G["by"].flag, help="The actor recorded in the log (also FIVEFOLD_USER)."),
    debug: bool = typer.Option(_G["debug"].default, _G["debug"].flag, help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter(f"{lang} (zh | en)", param_hint="--lang")
    # the streams, terminal flags and folder of an Env given to the app (tests build one), else the process's
    given = ctx.obj if isinstance(ctx.obj, Env) else Env()
    ctx.obj = replace(given, plans=tuple(plans or ()), as_of=as_of, lang_option=lang, by=by, debug=debug, contexts=[])


# The command modules, in help order, and the commands each registers. Running one command builds
# only its module's click commands (typer converts every registered command on each run).
MODULES: dict[str, tuple[str, ...]] = {
    "workspace": ("init", "plan", "check", "undo"),
    "items": ("new", "list", "show", "update", "edit", "step", "schedule"),
    "loop": ("ready", "start", "block", "unblock", "submit", "accept", "reject", "cancel", "reopen",
             "extend", "target", "note", "history", "log", "approve", "deny", "instruct", "urge"),
    "views": ("dashboard", "gantt"),
    "importing": ("import",),
    "report": ("report",),
    "notice": ("notice",),
    "remind": ("remind",),
    "team": ("sync", "git-setup", "merge-driver"),
    "shell": ("completion",),
    "people": ("people", "audit"),
}  # fmt: skip
_GLOBAL_WITH_VALUE = ("--plans", "--as-of", "--lang", "--by")


def make_app(command: str | None = None) -> typer.Typer:
    """The app with every command, or with only the module that provides `command`."""
    from importlib import import_module

    app = typer.Typer(
        cls=_Group,
        name="fivefold",
        help="五化闭环工作法: task sheets, roadmaps and timelines for work items, driven through a closed loop.",
        no_args_is_help=True,
        add_completion=False,  # `fivefold completion SHELL` prints the script instead (no shell detection)
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_globals)
    chosen = [name for name, commands in MODULES.items() if command in commands] or list(MODULES)
    for name in chosen:
        import_module(f"fivefold.cli.{name}").register(app)
    return app


def command_of(argv: list[str]) -> str | None:
    """The command word of a command line (after the global options), if any."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str) -> typer.Typer:
    """`fivefold.cli.main.app`: the full app, built when first asked for (tests, completion)."""
    if name == "app":
        globals()["app"] = built = make_app()
        return built
    raise AttributeError(name)


def main() -> None:
    make_app(command_of(sys.argv[1:]))(prog_name="fivefold")
