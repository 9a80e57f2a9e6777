"""Commands that show where things stand: dashboard and gantt."""

from __future__ import annotations

import typer

from fivefold.cli.env import env_of

JSON = typer.Option(False, "--json", help="Machine-readable output (see README).")


def register(app: typer.Typer) -> None:
    @app.command()
    def dashboard(
        ctx: typer.Context,
        plan: str = typer.Option(None, "--plan"),
        area: str = typer.Option(None, "--area"),
        unit: str = typer.Option(None, "--unit", help="Lead or partner unit."),
        since: str = typer.Option(None, "--since", help="Show changes since this date (default: 7 days ago)."),
        show_all: bool = typer.Option(
            False, "--all", help="Show every overdue, due-soon and changed item (default: 20 of each)."
        ),
        json: bool = JSON,
    ) -> None:
        """Where do we stand? Totals, per-area and per-unit tables, overdue, due soon, recent changes."""
        from fivefold.cli.output import print_json, report_problems
        from fivefold.dates import add_days
        from fivefold.queries import Filters, list_rows
        from fivefold.views import dashboard as build

        env = env_of(ctx)
        context = env.context(every=True)
        listing = list_rows(context, Filters(plan=plan, area=area, unit=unit), traces=True)
        report_problems(env, listing.problems)
        start = context.date(since) if since else add_days(env.today, -7)
        soon = listing.settings.thresholds["soon_days"]
        data = build(listing.rows, listing.traces, listing.plans, env.today, start, soon)
        if json:
            print_json(env, data)
            return
        from fivefold.render.dashboard import render_dashboard

        env.print(render_dashboard(data, env.lang, env.width, fancy=env.color, limit=None if show_all else 20))

    @app.command()
    def gantt(
        ctx: typer.Context,
        plan: str = typer.Option(None, "--plan"),
        area: str = typer.Option(None, "--area"),
        unit: str = typer.Option(None, "--unit"),
        group: str = typer.Option(
            None, "--group", help="Group rows by area, unit or workspace (default: workspace when several are shown, else area)."
        ),
        start: str = typer.Option(None, "--from", help="First day shown (default: 3 months ago)."),
        end: str = typer.Option(None, "--to", help="Last day shown (default: 9 months ahead)."),
        scale: str = typer.Option(None, "--scale", help="week or month (default: by the span)."),
        state: str = typer.Option(None, "--state", help="Only these states (comma-separated)."),
    ) -> None:
        """The timeline as a Gantt chart (挂图作战)."""
        from fivefold.actions import list_items
        from fivefold.cli.output import report_problems
        from fivefold.dates import shift
        from fivefold.errors import UsageError
        from fivefold.queries import Filters
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
        listing = list_items(context, Filters(plan=plan, area=area, unit=unit, state=state))
        report_problems(env, listing.snapshot.problems)
        grouping = group or ("workspace" if listing.workspace_of else "area")
        rows = gantt_rows(listing.items, listing.assessed, listing.snapshot.plans, grouping, listing.workspace_of)
        chosen = scale or ("week" if (last - first).days <= 120 else "month")
        env.print(render_gantt(rows, first, last, env.today, chosen, env.lang, env.width, fancy=env.color))
