"""`fivefold report`: the status report in md, html, csv, json, ics, xlsx or docx, to stdout or a file.
Its options' flags and defaults come from cli/spec.py; its body is cli/hot.py's (the fast path's too)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fivefold.cli import complete, hot, options, spec
from fivefold.cli.env import env_of

if TYPE_CHECKING:
    from fivefold.queries import Filters

_O = spec.REPORT_OPT


def register(app: typer.Typer) -> None:
    @app.command()
    @options.grouped
    def report(
        ctx: typer.Context,
        fmt: str = typer.Option(
            spec.FORMAT.default,
            spec.FORMAT.flag,
            "-f",
            help="md | html | csv | json | ics | xlsx | docx (xlsx needs --out).",
            autocompletion=complete.formats,
        ),
        out: Path | None = typer.Option(spec.OUT.default, spec.OUT.flag, "-o", help="Write to this file (default: stdout)."),
        filters: Filters = options.filters(*spec.REPORT_FILTERS),
        since: str = typer.Option(_O["--since"].default, "--since", help="Add what changed since this date (周调度/月通报)."),
        period: str = typer.Option(_O["--period"].default, "--period", help="week | month | quarter: the period before --as-of."),
        rank: bool = typer.Option(_O["--rank"].default, "--rank", help="Add the 红黑榜 of lead units."),
        title: str = typer.Option(_O["--title"].default, "--title", help="The document's title (default: the plans' titles)."),
        ref: str = typer.Option(_O["--ref"].default, "--ref", help="The document number (文号), e.g. 双督字〔2026〕12号."),
        issuer: str = typer.Option(_O["--issuer"].default, "--issuer", help="Who issues it (落款; default: the organisation)."),
        date: str = typer.Option(_O["--date"].default, "--date", help="The date under the 落款 (default: --as-of)."),
        portrait: bool = typer.Option(
            _O["--portrait"].default, "--portrait", help="html, docx: A4 portrait (default: landscape)."
        ),
        ics: str = typer.Option(_O["--ics"].default, "--ics", help="ics: todo | event | both (events carry an alarm)."),
        remind_days: int = typer.Option(
            _O["--remind-days"].default, "--remind-days", min=0, help="ics: the alarm, this many days before a deadline."
        ),
    ) -> None:
        """Exported status reports (台账, 调度, 红黑榜) for people who never open a terminal."""
        env = env_of(ctx)

        def run() -> None:
            hot.report(env, filters, fmt, out, since, period, rank, title, ref, issuer, date, portrait, ics, remind_days)

        if out is None:
            from fivefold.cli.replay import cached

            cached(ctx, run)
            return
        run()
