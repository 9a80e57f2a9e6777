"""Read use cases that need whole items: gantt and report data, show, history, the workspace log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fivefold.context import Context
from fivefold.dates import add_days, shift
from fivefold.errors import NotFound, Problem
from fivefold.loading import Snapshot, load, read_item
from fivefold.model import Entry, Item, thresholds_for
from fivefold.queries import Filters, matcher, row_sorter
from fivefold.schedule import Assessment, assess
from fivefold.units import canonical_rows
from fivefold.views import summary
from fivefold.workflow import log_key, trace


@dataclass(slots=True)
class Listing:
    """Items (whole, parsed or from the items cache) with their assessments: for gantt and reports."""

    snapshot: Snapshot
    items: list[Item]
    assessed: dict[str, Assessment]
    workspace_of: dict[str, str] = field(default_factory=dict)  # item id -> workspace, when several


def snapshot_assessed(ctx: Context) -> tuple[Snapshot, dict[str, Assessment]]:
    snap = load(ctx.ws, ctx.progress)
    return snap, assess(
        snap.items, ctx.today, lambda item: thresholds_for(snap.settings, snap.plan_of(item)), snap.settings.cadence
    )


def list_items(ctx: Context, filters: Filters, sort: str = "id") -> Listing:
    """Whole items for the views that need them (gantt, reports), filtered like `list`."""
    where: dict[str, str] = {}
    if len(ctx.spaces) > 1:  # several workspaces, each loaded (and cached) on its own
        from dataclasses import replace

        from fivefold.spaces import merge_snapshots

        parts = [(ws, *snapshot_assessed(replace(ctx, ws=ws, workspaces=[]))) for ws in ctx.spaces]
        snap, assessed, where = merge_snapshots(parts)
    else:
        snap, assessed = snapshot_assessed(ctx)
    keep = matcher(ctx, filters, snap.plans, sort, snap.settings.units)
    rows = {r.id: r for r in canonical_rows([summary(i, assessed[i.id]) for i in snap.items], snap.settings.units)}
    present = [i for i in snap.items if assessed[i.id].exists]  # as of the date: created by then
    chosen = sorted((rows[i.id] for i in present if keep(rows[i.id])), key=row_sorter(sort))
    return Listing(snap, [snap.by_id[r.id] for r in chosen], assessed, where)


def report_data(
    ctx: Context,
    filters: Filters,
    *,
    since: str | None,
    period: str | None,
    rank: bool,
    document: dict[str, Any] | None = None,
    encoded: bool = False,
    lang: str | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The report view model (fivefold.report) for the matching items, as of ctx.today, built from
    the list index (rows, details, traces) so that a warm report reads no YAML. `encoded`: for the
    JSON format only, the 台账 rows' details come as JSON text (fivefold.indexentry.detail_json), and
    with `lang` the rows' own members too (fivefold.jsonheads, cached per language)."""
    from fivefold.report import build_report
    from fivefold.spaces import load_all

    start = ctx.date(since)
    if start is None and period is not None:
        # The period ending on as-of, both ends counted: a week is the 7 days up to and including it.
        back = {"week": {"weeks": -1}, "month": {"months": -1}, "quarter": {"months": -3}}[period]
        start = shift(ctx.today, **back, days=1)
    from fivefold.loading import read_settings

    requests = read_settings(ctx.ws).extension_approval  # pending extension requests are listed (issue 12)
    traces = start is not None or rank or requests
    # the JSON format needs the details as text only, but the period's rows read their steps
    ix = load_all(ctx, ctx.today, traces=traces, details=not encoded or start is not None, fragments=encoded)
    keep = matcher(ctx, filters, ix.plans, "id", ix.settings.units)
    rows = sorted((r for r in ix.rows if keep(r)), key=row_sorter("id"))
    before = None
    if start is not None:
        before = {r.id: r.light for r in load_all(ctx, add_days(start, -1)).rows}
    chosen = {k: v for k, v in vars_of(filters).items() if v}
    heads = None
    if encoded and lang is not None:
        from fivefold.jsonheads import Heads

        heads = Heads(ctx.ws.state / "cache", lang)
    data = build_report(
        rows,
        ix.details,
        ix.traces,
        ix.plans,
        ctx.today,
        soon_days=ix.settings.thresholds["soon_days"],
        since=start,
        before=before,
        rank=rank,
        filters=chosen,
        requests=requests,
        ranking_key=ix.settings.ranking,
        fragments=ix.fragments if encoded else None,
        heads=heads.get if heads is not None else None,
    )
    if heads is not None:
        heads.save()
    shown = {r.plan for r in rows}
    data["document"] = document_of(document or {}, ctx, ix.settings, [p for p in ix.plans.values() if p.name in shown])
    return data, ix.problems


def document_of(given: dict[str, Any], ctx: Context, settings: Any, plans: list[Any]) -> dict[str, Any]:
    """The header and 落款 of the report as a document: what was given, else the plan's organisation (the
    one all the shown plans share) or the workspace's (`organisation:` in fivefold.yaml), and as-of."""
    organisations = {p.organisation for p in plans if p.organisation}
    own = settings.raw.get("organisation")
    issuer = given.get("issuer") or (organisations.pop() if len(organisations) == 1 else None) or (str(own) if own else None)
    day = (ctx.date(given["date"]) if given.get("date") else None) or ctx.today
    return {
        "title": given.get("title"),  # None: each format makes one from the plans' titles
        "ref": given.get("ref"),
        "issuer": issuer,
        "date": day.isoformat(),
        "page": "portrait" if given.get("portrait") else "landscape",
    }


def vars_of(filters: Filters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in Filters.__dataclass_fields__}


def show_item(ctx: Context, item_text: str) -> tuple[Item, Assessment, Snapshot]:
    """One item as stored (read from its file) with its assessment (children rolled up)."""
    stored, assessment, snap, _ = show_family(ctx, item_text)
    return stored, assessment, snap


def show_family(ctx: Context, item_text: str) -> tuple[Item, Assessment, Snapshot, list[tuple[Item, Assessment]]]:
    """`show_item` and the item's children (in any plan of the workspace), each with its assessment."""
    stored, _, _ = read_item(ctx.ws, item_text)  # raises item_broken with the file's problem
    snap, assessed = snapshot_assessed(ctx)
    if stored.id not in snap.by_id:
        raise NotFound("not_found", id=stored.id)  # e.g. a duplicate id elsewhere keeps it out of views
    children = [(i, assessed[i.id]) for i in snap.items if i.parent == stored.id and i.id != stored.id]
    return stored, assessed[stored.id], snap, children


def task_sheet_of(ctx: Context, item_text: str) -> dict[str, Any]:
    """`show --format docx|html`: the item's one-page 任务书 as of today (fivefold.tasksheet)."""
    from fivefold.tasksheet import task_sheet

    item, a, snap = show_item(ctx, item_text)
    plan = snap.plan_of(item)
    area = plan.areas.get(item.area) if plan and item.area else None
    return task_sheet(item, a, ctx.today, plan_title=plan.title if plan else None, area=area)


@dataclass(slots=True)
class LogLine:
    item_id: str
    entry: Entry
    before: str
    after: str
    skipped: bool


def log_lines(item: Item, start: dt.date, end: dt.date) -> list[LogLine]:
    """An item's log in replay order between two dates, with the state before and after each entry."""
    return [LogLine(item.id, e, b, a, skip) for e, b, a, skip in trace(item) if start <= e.date <= end]


def history(ctx: Context, item_text: str) -> list[LogLine]:
    item, _, _ = read_item(ctx.ws, item_text)
    return log_lines(item, dt.date.min, ctx.today)


def workspace_log(ctx: Context, since: str | None) -> tuple[list[LogLine], list[Problem]]:
    snap = load(ctx.ws)
    start = ctx.date(since) or dt.date.min
    lines = [line for item in snap.items for line in log_lines(item, start, ctx.today)]
    lines.sort(key=lambda line: (log_key(line.entry), line.item_id))
    return lines, snap.problems
