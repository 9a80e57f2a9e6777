"""`fivefold report`: the status report in md, html, csv, json, ics, xlsx or docx, to stdout or a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fivefold.cli import complete, options
from fivefold.cli.env import env_of

if TYPE_CHECKING:
    from fivefold.queries import Filters


def register(app: typer.Typer) -> None:
    @app.command()
    @options.grouped
    def report(
        ctx: typer.Context,
        fmt: str = typer.Option(
            "md",
            "--format",
            "-f",
            help="md | html | csv | json | ics | xlsx | docx (xlsx needs --out).",
            autocompletion=complete.formats,
        ),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file (default: stdout)."),
        filters: Filters = options.filters("plan", "area", "unit", "owner", "state", "light"),
        since: str = typer.Option(None, "--since", help="Add what changed since this date (周调度/月通报)."),
        period: str = typer.Option(None, "--period", help="week | month | quarter: the period before --as-of."),
        rank: bool = typer.Option(False, "--rank", help="Add the 红黑榜 of lead units."),
        title: str = typer.Option(None, "--title", help="The document's title (default: the plans' titles)."),
        ref: str = typer.Option(None, "--ref", help="The document number (文号), e.g. 双督字〔2026〕12号."),
        issuer: str = typer.Option(None, "--issuer", help="Who issues it (落款; default: the organisation)."),
        date: str = typer.Option(None, "--date", help="The date under the 落款 (default: --as-of)."),
        portrait: bool = typer.Option(False, "--portrait", help="html, docx: A4 portrait (default: landscape)."),
        ics: str = typer.Option("both", "--ics", help="ics: todo | event | both (events carry an alarm)."),
        remind_days: int = typer.Option(3, "--remind-days", min=0, help="ics: the alarm, this many days before a deadline."),
    ) -> None:
        """Exported status reports (台账, 调度, 红黑榜) for people who never open a terminal."""
        from fivefold.actions import report_data
        from fivefold.cli.output import report_problems
        from fivefold.errors import UsageError
        from fivefold.export import FORMATS, MODULES

        if fmt not in FORMATS:
            raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS))
        if period not in (None, "week", "month", "quarter"):
            raise UsageError("bad_choice", option="--period", value=period, allowed="week, month, quarter")
        if fmt == "xlsx" and out is None:
            raise UsageError("rep.xlsx_needs_out")
        if ics not in ("todo", "event", "both"):
            raise UsageError("bad_choice", option="--ics", value=ics, allowed="todo, event, both")
        env = env_of(ctx)
        if fmt == "docx" and out is None and env.is_tty:
            raise UsageError("binary_to_terminal")  # before the report is computed: the answer would not change
        document = {"title": title, "ref": ref, "issuer": issuer, "date": date, "portrait": portrait}

        def render() -> bytes:
            context = env.context(every=True)
            data, problems = report_data(
                context, filters, since=since, period=period, rank=rank, document=document, encoded=fmt == "json"
            )
            report_problems(env, problems)
            from importlib import import_module

            module = import_module(f"fivefold.export.{MODULES.get(fmt, fmt)}")
            extra = {"mode": ics, "remind_days": remind_days} if fmt == "ics" else {}
            rendered = module.render(data, env.lang, **extra)
            return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")

        from fivefold.cli.output import write_document

        binary = fmt in ("xlsx", "docx")
        if out is None:
            from fivefold.cli.replay import cached

            cached(ctx, lambda: write_document(env, render(), None, binary=binary))
            return
        write_document(env, render(), out, binary=binary)
