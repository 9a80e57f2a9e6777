"""The `fivefold` app: global options, error translation at the edge, and the command modules."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from fivefold import __version__
from fivefold.cli.env import Env


class _Group(TyperGroup):
    """Every command runs through here: handled errors become one line on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            ctx.exit(130)
        except Exception as exc:  # translated once, here
            env = ctx.obj if isinstance(ctx.obj, Env) else Env()
            from fivefold.errors import FivefoldError

            if env.debug:
                raise
            if isinstance(exc, FivefoldError):
                from fivefold.cli.output import error_message

                env.warn(f"fivefold: {error_message(env, exc)}")
                ctx.exit(exc.exit_code)
            env.warn(f"fivefold: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            ctx.exit(1)


app = typer.Typer(
    cls=_Group,
    name="fivefold",
    help="五化闭环工作法: task sheets, roadmaps and timelines for work items, driven through a closed loop.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fivefold {__version__}\n")
        raise typer.Exit()


@app.callback()
def _globals(
    ctx: typer.Context,
    plans: str = typer.Option(None, "--plans", envvar="FIVEFOLD_PLANS", help="The workspace folder (holding fivefold.yaml)."),
    as_of: str = typer.Option(None, "--as-of", help="Fix 'today' (also FIVEFOLD_TODAY)."),
    lang: str = typer.Option(None, "--lang", help="zh or en (also FIVEFOLD_LANG; default from the locale)."),
    by: str = typer.Option(None, "--by", help="The actor recorded in the log (also FIVEFOLD_USER)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter("zh or en", param_hint="--lang")
    ctx.obj = Env(plans=plans, as_of=as_of, lang_option=lang, by=by, debug=debug)


def _register() -> None:
    from fivefold.cli import importing, items, loop, report, views, workspace

    workspace.register(app)
    items.register(app)
    loop.register(app)
    views.register(app)
    importing.register(app)
    report.register(app)


_register()


def main() -> None:
    app(prog_name="fivefold")
