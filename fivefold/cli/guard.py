"""The end of every command, typer's path and the fast one alike: the calendar's gaps said once after
it, and a failure turned into one line on stderr and an exit code (no typer here)."""

from __future__ import annotations

from fivefold.cli.env import Env


def calendar_gaps(env: Env) -> None:
    """A date counted in working days beyond the official calendar's years: said once, after the command."""
    years = sorted({year for context in env.contexts for year in context.calendar_gaps()})
    if years:
        env.warn(env.t("workdays_uncovered", years="、".join(map(str, years))))


def failure(env: Env, exc: BaseException) -> int:
    """The exit code of a command stopped by `exc` (an interrupt or an exception), its message written;
    with --debug an exception goes on (its traceback shown)."""
    if isinstance(exc, KeyboardInterrupt):
        env.warn("interrupted")
        return 130
    from fivefold.errors import FivefoldError

    if env.debug:
        raise exc
    if isinstance(exc, FivefoldError):
        from fivefold.cli.output import error_message

        env.warn(f"fivefold: {error_message(env, exc)}")
        return exc.exit_code
    from fivefold.controlchars import visible

    message = visible(" ".join(str(exc).split()))  # one line, whatever the exception carries
    env.warn(f"fivefold: internal error: {type(exc).__name__}: {message} (run with --debug for the traceback)")
    return 1
