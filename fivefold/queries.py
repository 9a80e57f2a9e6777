"""Read-side use cases over the list index: filters, sorting, the rows `list` shows and the dashboard.
Kept apart from fivefold.actions so that a warm `list` or `dashboard` imports no YAML library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fivefold.dates import add_days, parse_date
from fivefold.errors import Problem, UsageError
from fivefold.model import STATES, Plan, canonical_id
from fivefold.records import Row, Traces
from fivefold.schedule import BUCKETS, LIGHTS, is_overdue


@dataclass(slots=True)
class RowListing:
    """Rows as of a date (from the list index): for list and dashboard."""

    rows: list[Row]
    traces: Traces
    problems: list[Problem]
    settings: Any
    plans: dict[str, Plan]


@dataclass(slots=True)
class Filters:
    plan: str | None = None
    area: str | None = None
    state: str | None = None
    unit: str | None = None
    owner: str | None = None
    light: str | None = None
    bucket: str | None = None
    overdue: bool = False
    due_before: str | None = None
    ids: list[str] = field(default_factory=list)


def _check_choices(option: str, value: str | None, allowed: tuple[str, ...]) -> None:
    for part in (value or "").split(","):
        if value is not None and part not in allowed:
            raise UsageError("bad_choice", option=option, value=part, allowed=", ".join(allowed))


def matcher(ctx: Any, filters: Filters, plans: dict[str, Plan], sort: str) -> Callable[[Row], bool]:
    """The predicate of the filters over rows (validated first)."""
    _check_choices("--state", filters.state, STATES)
    _check_choices("--light", filters.light, LIGHTS)
    _check_choices("--bucket", filters.bucket, BUCKETS)
    _check_choices("--sort", sort, ("id", "due", "progress", "lag"))
    due_before = (parse_date(filters.due_before, ctx.today) if filters.due_before else dt.date.max).isoformat()
    wanted_ids = {canonical_id(i) or i for i in filters.ids}
    states = filters.state.split(",") if filters.state else None
    lights = filters.light.split(",") if filters.light else None
    buckets = filters.bucket.split(",") if filters.bucket else None
    plan_names = None
    if filters.plan is not None:
        plan_names = {n for n, p in plans.items() if filters.plan in (n, p.prefix) or filters.plan.upper() == p.prefix}

    def keep(r: Row) -> bool:
        return (
            (plan_names is None or r.plan in plan_names)
            and (filters.area is None or r.area == filters.area)
            and (states is None or r.state in states)
            and (filters.unit is None or filters.unit == r.lead_unit or filters.unit in r.partner_units)
            and (filters.owner is None or r.owner == filters.owner)
            and (lights is None or r.light in lights)
            and (buckets is None or r.bucket in buckets)
            and (not filters.overdue or is_overdue(r.state, r.overdue_days))  # the one "overdue" (DESIGN §12.1)
            and (filters.due_before is None or (r.due is not None and r.due <= due_before))
            and (not wanted_ids or r.id in wanted_ids)
        )

    return keep


def row_sorter(sort: str) -> Callable[[Row], Any]:
    def id_key(r: Row) -> tuple[str, int]:
        prefix, number = r.id.rsplit("-", 1)
        return prefix, int(number)

    keys: dict[str, Callable[[Row], Any]] = {
        "id": id_key,
        "due": lambda r: (r.due or "9999-12-31", id_key(r)),
        "progress": lambda r: (r.progress, id_key(r)),
        "lag": lambda r: (-r.lag, id_key(r)),
    }
    return keys[sort]


def list_rows(ctx: Any, filters: Filters, sort: str = "id", *, traces: bool = False) -> RowListing:
    """The fast path: rows from the list index (no YAML read when the cache is warm); `traces`
    adds each item's log trace (for the dashboard's recent changes)."""
    from fivefold.spaces import load_all

    ix = load_all(ctx, ctx.today, traces=traces)  # several workspaces: each its own index; rows gain `workspace`
    keep = matcher(ctx, filters, ix.plans, sort)
    rows = sorted((r for r in ix.rows if keep(r)), key=row_sorter(sort))
    return RowListing(rows, ix.traces, ix.problems, ix.settings, ix.plans)


def dashboard(ctx: Any, filters: Filters, since: str | None) -> tuple[dict[str, Any], list[Problem]]:
    """The dashboard (views.dashboard) over the matching items, with the changes since `since`
    (default: the last 7 days); and the broken files left out of it."""
    from fivefold.views import dashboard as build

    start = ctx.date(since) if since else add_days(ctx.today, -7)
    listing = list_rows(ctx, filters, traces=True)
    soon = listing.settings.thresholds["soon_days"]
    data = build(listing.rows, listing.traces, listing.plans, ctx.today, start, soon, listing.settings.ranking)
    return data, listing.problems
