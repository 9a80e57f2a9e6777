"""What the commands show, as plain data: rows for lists, the item in full, log lines."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from operator import attrgetter
from typing import Any

from fivefold.dates import add_days
from fivefold.events import TABLE, Status
from fivefold.model import Item, Plan, iso
from fivefold.records import Row, TraceRow, Traces
from fivefold.schedule import Assessment, is_overdue, step_due


def jsonable(value: Any) -> Any:
    """Data as JSON has it; hand-written values JSON lacks (`!!set`, .inf, .nan) become lists and text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return [jsonable(v) for v in sorted(value, key=repr)]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # json.dumps would write NaN or Infinity, which JSON readers refuse
    return value


def summary(item: Item, a: Assessment) -> Row:
    """The item's row of `list` (the `list --json` contract: records.Row)."""
    s = a.status
    return Row(
        id=item.id,
        title=item.title,
        plan=item.plan,
        area=item.area,
        parent=item.parent,
        state=s.state,
        lead_unit=s.lead_unit,
        owner=s.owner,
        start=iso(item.start),
        due=iso(s.due),
        due_planned=iso(item.due),
        progress=round(a.progress, 1),
        expected=round(a.expected, 1),
        lag=round(a.lag, 1),
        light=a.light,
        bucket=a.bucket,
        overdue_days=a.overdue_days,
        closed_on_time=a.closed_on_time,
        rectifications=s.rectifications,
        steps=len(item.steps),
        steps_done=len(item.steps) - a.open_steps,
        partner_units=list(item.partner_units),
        ongoing=item.ongoing,
        reasons=a.reasons,
        reports_made=a.reports_made,
        reports_expected=a.reports_expected,
    )


def steps_detail(item: Item, s: Status) -> list[dict[str, Any]]:
    """Each step with its due date in force (a timely extension moves the last steps) and the planned one."""
    return [
        {
            "id": step.id,
            "title": step.title,
            "deliverable": step.deliverable,
            "owner": step.owner or s.owner,
            "due": iso(step_due(step, item, s.due_judged)),
            "due_planned": iso(step.due),
            "done": iso(s.done.get(step.id)),
            "progress": 100.0 if step.id in s.done else s.progress.get(step.id, 0.0),
        }
        for step in item.steps
    ]


def detail(item: Item, a: Assessment) -> dict[str, Any]:
    """`show --json`: the item as stored, plus the computed fields."""
    s = a.status
    data = jsonable(item.raw)
    data.update(summary(item, a).to_json())
    data["steps_detail"] = steps_detail(item, s)
    data["steps_status"] = [  # kept for scripts written before steps_detail
        {k: step[k] for k in ("id", "done", "progress", "due", "owner")} for step in data["steps_detail"]
    ]
    data["measures"] = {t.name: s.measures.get(t.name) for t in item.targets}
    extensions, before = [], item.due
    for e in s.extensions:  # 原定 → 新时限（批准日期）
        extensions.append({"date": e.date.isoformat(), "from": iso(before), "due": iso(e.get("due")), "reason": e.get("reason")})
        before = e.get("due")
    data["extensions"] = extensions
    data["extension_request"] = pending_request(s)
    from fivefold.evidence import listed  # hashlib stays out of the warm list/dashboard path

    data["evidence_files"] = listed(item)
    return data


def children_view(children: list[tuple[Item, Assessment]]) -> list[dict[str, Any]]:
    """`show` of a parent: each child (子任务) with its state, progress, light and weight, by id."""
    return [
        {
            "id": item.id,
            "title": item.title,
            "plan": item.plan,
            "state": a.status.state,
            "progress": round(a.progress, 1),
            "expected": round(a.expected, 1),
            "light": a.light,
            "weight": item.weight,
            "due": iso(a.status.due),
        }
        for item, a in sorted(children, key=lambda pair: pair[0].id)
    ]


def pending_request(s: Status) -> dict[str, Any] | None:
    """An extension asked for and awaiting a verifier (延期申请待审批); `late`: asked after the deadline."""
    r = s.request
    if r is None:
        return None
    late = s.due_judged is not None and r.date > s.due_judged
    return {"date": r.date.isoformat(), "by": r.by, "due": iso(r.get("due")), "reason": r.get("reason"), "late": late}


def plan_row(plan: Plan, count: int) -> dict[str, Any]:
    return {
        "name": plan.name,
        "title": plan.title,
        "organisation": plan.organisation,
        "prefix": plan.prefix,
        "period_start": iso(plan.period_start),
        "period_end": iso(plan.period_end),
        "areas": plan.areas,
        "items": count,
        "illustrative": plan.illustrative,
    }


def entry_detail(data: dict[str, Any]) -> dict[str, Any]:
    """The event-specific part of a log entry (everything but at/date/by/event)."""
    return {k: v for k, v in data.items() if k not in ("at", "date", "by", "event")}


# --- the dashboard (DESIGN §7) -------------------------------------------------------------------


def group_row(key: str, label: str, members: list[Row]) -> dict[str, Any]:
    """A line of the 红黑榜: a focus area's, a lead unit's or a workspace's items counted."""
    lights = [r.light for r in members]
    closed = [r for r in members if r.state == "closed"]
    counted = [r for r in members if r.state != "cancelled"]
    working = [r for r in counted if r.state != "closed"]
    owed = sum(r.reports_expected for r in members)
    return {
        "key": key,
        "label": label,
        "items": len(members),
        "closed": len(closed),
        "green": lights.count("green"),
        "yellow": lights.count("yellow"),
        "red": lights.count("red"),
        "progress": round(sum(r.progress for r in counted) / len(counted), 1) if counted else 0.0,
        "on_time_rate": round(100.0 * sum(1 for r in closed if r.closed_on_time) / len(closed), 1) if closed else None,
        "overdue": sum(1 for r in members if is_overdue(r.state, r.overdue_days)),
        # mean lag behind 序时进度 of the open items (None: none open); ahead: open items ahead of it
        "lag": round(sum(r.lag for r in working) / len(working), 1) if working else None,
        "ahead": sum(1 for r in working if r.lag < 0),
        # 报送率: reporting periods with a report / periods one was owed in (None: none owed)
        "report_rate": round(100.0 * sum(r.reports_made for r in members) / owed, 1) if owed else None,
    }


def trace_rows(item: Item) -> tuple[TraceRow, ...]:
    """An item's log in replay order, each entry with the state before and after it."""
    from fivefold.workflow import trace

    return tuple(
        TraceRow(
            e.date.isoformat(), e.at, e.event, e.by, before, after, skipped,
            e.get("reason") or e.get("note") or e.get("evidence"),
            e.get("due").isoformat() if isinstance(e.get("due"), dt.date) else None,
            _text(e.get("step") or e.get("target")),
            _number(e.get("progress") if e.event == "step_progress" else e.get("value")),
            _text(e.note),
            _text(e.get("kind")),
        )
        for e, before, after, skipped in trace(item)
    )  # fmt: skip


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def area_label(plans: dict[str, Plan], plan: str, area: str | None) -> str:
    p = plans.get(plan)
    return p.areas.get(area, area) if p is not None and area else (area or "-")


def dashboard(
    rows: list[Row],
    traces: Traces,
    plans: dict[str, Plan],
    as_of: dt.date,
    since: dt.date,
    soon_days: int,
    ranking: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Totals by light and bucket, tables per area and per lead unit (in 红黑榜 order: `ranking`, the
    criteria of fivefold.ranking), overdue, due soon, recent changes."""
    from fivefold.ranking import CRITERIA, rank
    from fivefold.schedule import BUCKETS, LIGHTS

    areas: dict[str, list[Row]] = {}
    labels: dict[str, str] = {}
    units: dict[str, list[Row]] = {}
    spaces: dict[str, list[Row]] = {}  # rows from several workspaces carry `workspace`
    for r in rows:
        if r.workspace is not None:
            spaces.setdefault(r.workspace, []).append(r)
        key = r.area or "-"
        areas.setdefault(key, []).append(r)
        labels.setdefault(key, area_label(plans, r.plan, r.area))
        units.setdefault(r.lead_unit or "-", []).append(r)
    open_rows = [r for r in rows if r.state not in ("closed", "cancelled")]
    overdue = sorted((r for r in open_rows if is_overdue(r.state, r.overdue_days)), key=lambda r: (-r.overdue_days, r.id))
    first, last = as_of.isoformat(), add_days(as_of, soon_days).isoformat()
    soon = sorted(
        (r for r in open_rows if r.due and first <= r.due <= last and not is_overdue(r.state, r.overdue_days)),
        key=lambda r: (r.due, r.id),
    )
    start, end = since.isoformat(), as_of.isoformat()
    changes = []
    for r in rows:
        if r.id not in traces.cached:  # no trace opened: none with an entry in the window (index.load_index)
            continue
        for e in traces.between(r.id, start, end):
            if not e.skipped and TABLE[e.event].change:
                changes.append(
                    {"date": e.date, "id": r.id, "title": r.title, "event": e.event, "from": e.before, "to": e.after,
                     "by": e.by, "detail": e.detail, "due": e.due, "subject": e.subject, "value": e.value, "kind": e.kind}
                )  # fmt: skip
                if spaces:
                    changes[-1]["workspace"] = r.workspace
    changes.sort(key=lambda c: (c["date"], c["id"]))
    lights, buckets = Counter(map(attrgetter("light"), rows)), Counter(map(attrgetter("bucket"), rows))
    brief_keys: tuple[str, ...] = ("id", "title", "lead_unit", "owner", "due", "overdue_days", "progress", "light", "state")
    brief_keys += ("workspace",) if spaces else ()
    by_workspace = {"workspaces": [group_row(k, k, v) for k, v in spaces.items()]} if spaces else {}
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat(),
        "soon_days": soon_days,
        "items": len(rows),
        "lights": {light: lights[light] for light in LIGHTS},
        "buckets": {bucket: buckets[bucket] for bucket in BUCKETS},
        **by_workspace,
        "areas": [group_row(k, labels[k], v) for k, v in areas.items()],
        "units": rank([group_row(k, k, v) for k, v in units.items()], ranking or CRITERIA),
        "ranking_key": list(ranking or CRITERIA),
        "overdue": [{k: getattr(r, k) for k in brief_keys} for r in overdue],
        "due_soon": [{k: getattr(r, k) for k in brief_keys} for r in soon],
        "changes": changes,
    }


_DECIDING = frozenset({"extend_request", "extend", "extend_denied"})


def extension_requests(rows: list[Row], traces: Traces) -> list[dict[str, Any]]:
    """Open items whose last word on an extension is a request (延期申请待审批); `late`: asked after
    the due date in force had passed."""
    found = []
    for r in rows:
        if r.state in ("closed", "cancelled"):
            continue
        last = traces.last_of(r.id, _DECIDING)
        if last is not None and last.event == "extend_request":
            found.append(
                {"id": r.id, "title": r.title, "lead_unit": r.lead_unit, "owner": r.owner, "date": last.date, "by": last.by,
                 "due": last.due, "reason": last.detail, "late": r.due is not None and last.date > r.due}
            )  # fmt: skip
    return found


# --- the Gantt chart (挂图作战) ------------------------------------------------------------------


def gantt_rows(
    items: list[Item],
    assessed: dict[str, Assessment],
    plans: dict[str, Plan],
    by: str,
    workspace_of: dict[str, str] | None = None,
    units: dict[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """One row per dated item, grouped by area label, lead unit (aliases under the name `units` lists)
    or workspace, in group then id order."""
    from fivefold.units import alias_map, canonical

    names = alias_map(units or {})
    rows: list[dict[str, Any]] = []
    for item in items:
        a = assessed[item.id]
        if item.start is None or a.status.due is None:
            continue
        plan = plans.get(item.plan)
        group = (
            (canonical(a.status.lead_unit, names) or "-")
            if by == "unit"
            else (workspace_of or {}).get(item.id, "-")
            if by == "workspace"
            else (plan.areas.get(item.area or "", item.area or "-") if plan else item.area or "-")
        )
        rows.append(
            {
                "id": item.id,
                "title": item.title,
                "group": group,
                "start": item.start,
                "due": a.status.due,
                "due_planned": item.due,
                "progress": a.progress,
                "light": a.light,
                "state": a.status.state,
                "milestones": [
                    (due, step.id in a.status.done)
                    for step in item.steps
                    if (due := step_due(step, item, a.status.due_judged)) is not None
                ],
            }
        )
    order = {g: n for n, g in enumerate(dict.fromkeys(r["group"] for r in rows))}
    rows.sort(key=lambda r: (order[r["group"]], r["id"].rsplit("-", 1)[0], int(r["id"].rsplit("-", 1)[1])))
    return rows
