"""Read-side use cases over the list index: filters, sorting, the rows `list` shows and the dashboard.
Kept apart from fivefold.actions so that a warm `list` or `dashboard` imports no YAML library."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fivefold.dates import add_days
from fivefold.errors import Problem, UsageError
from fivefold.model import STATES, Plan, canonical_id
from fivefold.people import normalise
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


def choices(option: str, value: str | None, allowed: tuple[str, ...], family: str) -> list[str] | None:
    """The values of a comma-separated filter (`，` and `、` separate too), each given as the value itself
    or as its label in either language (`--state 推进中`, `--light 红灯`); None when not given."""
    if value is None:
        return None
    from fivefold.i18n import t

    names = {v: v for v in allowed}
    for v in allowed:
        for lang in ("zh", "en"):
            names.setdefault(t(f"{family}.{v}", lang).casefold(), v)
    if family == "light":
        names.setdefault("无", "none")  # the label of no light is a dash, which nobody types
    wanted = []
    for part in re.split(r"[,，、]", value):
        part = part.strip()
        if part.casefold() not in names:
            raise UsageError("bad_choice", option=option, value=part, allowed=", ".join(allowed))
        wanted.append(names[part.casefold()])
    return wanted


def area_keys(wanted: str, plans: dict[str, Plan]) -> set[str]:
    """`--area`: the key itself, and the keys of the areas whose label it is (`现代化产业体系`)."""
    keys = {wanted}
    for plan in plans.values():
        keys |= {key for key, label in plan.areas.items() if label.strip().casefold() == wanted.strip().casefold()}
    return keys


def matcher(
    ctx: Any, filters: Filters, plans: dict[str, Plan], sort: str, units: dict[str, tuple[str, ...]] | None = None
) -> Callable[[Row], bool]:
    """The predicate of the filters over rows (validated first); `units`: fivefold.yaml's list, so that
    `--unit 工信局` finds the rows its alias was put under (区工信局)."""
    states = choices("--state", filters.state, STATES, "state")
    lights = choices("--light", filters.light, LIGHTS, "light")
    buckets = choices("--bucket", filters.bucket, BUCKETS, "bucket")
    if sort not in ("id", "due", "progress", "lag"):
        raise UsageError("bad_choice", option="--sort", value=sort, allowed="id, due, progress, lag")
    # the workspace's calendar too: `--due-before +3工作日` counts its holidays: and workdays:
    due_before = ((ctx.date(filters.due_before) if filters.due_before else None) or dt.date.max).isoformat()
    wanted_ids = {canonical_id(i) or i for i in filters.ids}
    areas = area_keys(filters.area, plans) if filters.area is not None else None
    unit = filters.unit.strip() if filters.unit is not None else None
    if unit is not None and units:
        from fivefold.units import alias_map, canonical

        unit = canonical(unit, alias_map(units))
    owner = normalise(filters.owner) if filters.owner is not None else None  # "刘某 " is 刘某 (issue 12)
    plan_names = None
    if filters.plan is not None:
        plan_names = {n for n, p in plans.items() if filters.plan in (n, p.prefix) or filters.plan.upper() == p.prefix}

    def keep(r: Row) -> bool:
        return (
            (plan_names is None or r.plan in plan_names)
            and (areas is None or r.area in areas)
            and (states is None or r.state in states)
            # a unit matches every unit whose name contains the text (住建: 区住建局, 市住建委)
            and (unit is None or unit in (r.lead_unit or "") or any(unit in p for p in r.partner_units))
            and (owner is None or r.owner == owner or normalise(r.owner or "") == owner)
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


def list_rows(
    ctx: Any, filters: Filters, sort: str = "id", *, traces: bool = False, traces_since: str | None = None
) -> RowListing:
    """The fast path: rows from the list index (no YAML read when the cache is warm); `traces`
    adds each item's log trace (for the dashboard's recent changes; with `traces_since`, only the
    traces with an entry from that ISO date on)."""
    from fivefold.spaces import load_all

    # several workspaces: each its own index; rows gain `workspace`
    ix = load_all(ctx, ctx.today, traces=traces, traces_since=traces_since)
    keep = matcher(ctx, filters, ix.plans, sort, ix.settings.units)
    rows = sorted((r for r in ix.rows if keep(r)), key=row_sorter(sort))
    return RowListing(rows, ix.traces, ix.problems, ix.settings, ix.plans)


def dashboard(ctx: Any, filters: Filters, since: str | None) -> tuple[dict[str, Any], list[Problem]]:
    """The dashboard (views.dashboard) over the matching items, with the changes since `since`
    (default: the last 7 days); and the broken files left out of it."""
    from fivefold.loading import read_settings
    from fivefold.views import dashboard as build

    start = ctx.date(since) if since else add_days(ctx.today, -7)
    # the changes of the window only, but a pending extension request may be older (issue 12)
    window = None if read_settings(ctx.ws).extension_approval else start.isoformat()
    listing = list_rows(ctx, filters, traces=True, traces_since=window)
    soon = listing.settings.thresholds["soon_days"]
    data = build(listing.rows, listing.traces, listing.plans, ctx.today, start, soon, listing.settings.ranking)
    if listing.settings.extension_approval:  # requests exist only where extensions need approval (issue 12)
        from fivefold.views import extension_requests

        data["extension_requests"] = extension_requests(listing.rows, listing.traces)
    return data, listing.problems
