"""Commands that show where things stand: dashboard and gantt."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from fivefold.cli import hot, options, spec
from fivefold.cli.env import env_of
from fivefold.cli.options import JSON

if TYPE_CHECKING:
    from fivefold.queries import Filters


def register(app: typer.Typer) -> None:
    @app.command()
    @options.grouped
    def dashboard(
        ctx: typer.Context,
        filters: Filters = options.filters(*spec.DASHBOARD_FILTERS),
        since: str = typer.Option(
            spec.SINCE.default, spec.SINCE.flag, help="Show changes since this date (default: 7 days ago)."
        ),
        show_all: bool = typer.Option(
            spec.ALL.default, spec.ALL.flag, help="Show every overdue, due-soon and changed item (default: 20 of each)."
        ),
        json: bool = JSON,
    ) -> None:
        """Where do we stand? Totals, per-area and per-unit tables, overdue, due soon, recent changes."""
        from fivefold.cli.replay import cached

        cached(ctx, lambda: hot.dashboard(env_of(ctx), filters, since, show_all, json))

    @app.command()
    @options.grouped
    def gantt(
        ctx: typer.Context,
        filters: Filters = options.filters("plan", "area", "unit", "state"),
        group: str = typer.Option(
            None, "--group", help="Group rows by area, unit or workspace (default: workspace when several are shown, else area)."
        ),
        start: str = typer.Option(None, "--from", help="First day shown (default: 3 months ago)."),
        end: str = typer.Option(None, "--to", help="Last day shown (default: 9 months ahead)."),
        scale: str = typer.Option(None, "--scale", help="week or month (default: by the span)."),
    ) -> None:
        """The timeline as a Gantt chart (挂图作战)."""
        from fivefold.actions import list_items
        from fivefold.cli.output import report_problems
        from fivefold.dates import shift
        from fivefold.errors import UsageError
        from fivefold.render.gantt import render_gantt
        from fivefold.views import gantt_rows

        if group not in (None, "area", "unit", "workspace"):
            raise UsageError("bad_choice", option="--group", value=group, allowed="area, unit, workspace")
        if scale not in (None, "week", "month"):
            raise UsageError("bad_choice", option="--scale", value=scale, allowed="week, month")
        env = env_of(ctx)
        context = env.context(every=True)
        first = context.date(start) or shift(env.today, months=-3).replace(day=1)
        last = context.date(end) or shift(env.today, months=9, day=31)
        if last <= first:
            raise UsageError("gantt.bad_range")
        listing = list_items(context, filters)
        report_problems(env, listing.snapshot.problems)
        grouping = group or ("workspace" if listing.workspace_of else "area")
        snap = listing.snapshot
        rows = gantt_rows(listing.items, listing.assessed, snap.plans, grouping, listing.workspace_of, snap.settings.units)
        chosen = scale or ("week" if (last - first).days <= 120 else "month")
        env.print(render_gantt(rows, first, last, env.today, chosen, env.lang, env.width, fancy=env.color))
