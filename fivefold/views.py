"""What the commands show, as plain data: rows for lists, the item in full, log lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.model import Item, Plan
from fivefold.schedule import Assessment


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def summary(item: Item, a: Assessment) -> dict[str, Any]:
    """The `list --json` contract (DESIGN §6, §11.11): absent values are null, never omitted."""
    s = a.status
    return {
        "id": item.id,
        "title": item.title,
        "plan": item.plan,
        "area": item.area,
        "parent": item.parent,
        "state": s.state,
        "lead_unit": s.lead_unit,
        "owner": s.owner,
        "start": _iso(item.start),
        "due": _iso(s.due),
        "due_planned": _iso(item.due),
        "progress": round(a.progress, 1),
        "expected": round(a.expected, 1),
        "lag": round(a.lag, 1),
        "light": a.light,
        "bucket": a.bucket,
        "overdue_days": a.overdue_days,
        "closed_on_time": a.closed_on_time,
        "rectifications": s.rectifications,
        "steps": len(item.steps),
        "steps_done": len(item.steps) - a.open_steps,
    }


def detail(item: Item, a: Assessment) -> dict[str, Any]:
    """`show --json`: the item as stored, plus the computed fields."""
    s = a.status
    data = jsonable(item.raw)
    data.update(summary(item, a))
    data["steps_status"] = [
        {
            "id": step.id,
            "done": _iso(s.done.get(step.id)),
            "progress": 100.0 if step.id in s.done else s.progress.get(step.id, 0.0),
            "due": _iso(step.due),
            "owner": step.owner or s.owner,
        }
        for step in item.steps
    ]
    data["measures"] = {t.name: s.measures.get(t.name) for t in item.targets}
    data["extensions"] = [
        {"date": e.date.isoformat(), "due": _iso(e.get("due")), "reason": e.get("reason")} for e in s.extensions
    ]
    return data


def plan_row(plan: Plan, count: int) -> dict[str, Any]:
    return {
        "name": plan.name,
        "title": plan.title,
        "organisation": plan.organisation,
        "prefix": plan.prefix,
        "period_start": _iso(plan.period_start),
        "period_end": _iso(plan.period_end),
        "areas": plan.areas,
        "items": count,
        "illustrative": plan.illustrative,
    }


def entry_detail(data: dict[str, Any]) -> dict[str, Any]:
    """The event-specific part of a log entry (everything but at/date/by/event)."""
    return {k: v for k, v in data.items() if k not in ("at", "date", "by", "event")}


# --- the dashboard (DESIGN §7) -------------------------------------------------------------------

CHANGE_EVENTS = (
    "ready",
    "start",
    "block",
    "unblock",
    "submit",
    "accept",
    "reject",
    "cancel",
    "reopen",
    "extend",
    "note",
    "reassign",
)


def _group_row(key: str, label: str, members: list[tuple[Item, Assessment]]) -> dict[str, Any]:
    lights = [a.light for _, a in members]
    closed = [a for _, a in members if a.status.state == "closed"]
    counted = [a for _, a in members if a.status.state != "cancelled"]
    on_time = [a for a in closed if a.closed_on_time]
    return {
        "key": key,
        "label": label,
        "items": len(members),
        "closed": len(closed),
        "green": lights.count("green"),
        "yellow": lights.count("yellow"),
        "red": lights.count("red"),
        "progress": round(sum(a.progress for a in counted) / len(counted), 1) if counted else 0.0,
        "on_time_rate": round(100.0 * len(on_time) / len(closed), 1) if closed else None,
        "overdue": sum(1 for a in counted if a.overdue_days > 0 and a.status.state != "closed"),
    }


def dashboard(
    items: list[Item],
    assessed: dict[str, Assessment],
    plans: dict[str, Plan],
    as_of: dt.date,
    since: dt.date,
    soon_days: int,
) -> dict[str, Any]:
    """Totals by light and bucket, tables per area and per lead unit, overdue, due soon, recent changes."""
    from fivefold.schedule import BUCKETS, LIGHTS
    from fivefold.workflow import trace

    pairs = [(item, assessed[item.id]) for item in items]
    areas: dict[str, list[tuple[Item, Assessment]]] = {}
    labels: dict[str, str] = {}
    for item, a in pairs:
        key = item.area or "-"
        areas.setdefault(key, []).append((item, a))
        plan = plans.get(item.plan)
        labels.setdefault(key, plan.areas.get(key, key) if plan else key)
    units: dict[str, list[tuple[Item, Assessment]]] = {}
    for item, a in pairs:
        units.setdefault(a.status.lead_unit or "-", []).append((item, a))
    open_pairs = [(i, a) for i, a in pairs if a.status.state not in ("closed", "cancelled")]
    overdue = sorted(
        (p for p in open_pairs if p[1].overdue_days > 0 and p[1].status.state != "review"),
        key=lambda p: (-p[1].overdue_days, p[0].id),
    )
    soon = sorted(
        (p for p in open_pairs if p[1].status.due and 0 <= (p[1].status.due - as_of).days <= soon_days),
        key=lambda p: (p[1].status.due, p[0].id),
    )
    changes = []
    for item in items:
        for entry, before, after, skipped in trace(item):
            if not skipped and since <= entry.date <= as_of and entry.event in CHANGE_EVENTS:
                changes.append(
                    {
                        "date": entry.date.isoformat(),
                        "id": item.id,
                        "title": item.title,
                        "event": entry.event,
                        "from": before,
                        "to": after,
                        "by": entry.by,
                        "detail": entry.get("reason") or entry.get("note") or entry.get("evidence"),
                        "due": _iso(entry.get("due")),
                    }
                )
    changes.sort(key=lambda c: (c["date"], c["id"]))

    def brief(item: Item, a: Assessment) -> dict[str, Any]:
        return {
            "id": item.id,
            "title": item.title,
            "lead_unit": a.status.lead_unit,
            "owner": a.status.owner,
            "due": _iso(a.status.due),
            "overdue_days": a.overdue_days,
            "progress": round(a.progress, 1),
            "light": a.light,
            "state": a.status.state,
        }

    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat(),
        "soon_days": soon_days,
        "items": len(pairs),
        "lights": {light: sum(1 for _, a in pairs if a.light == light) for light in LIGHTS},
        "buckets": {bucket: sum(1 for _, a in pairs if a.bucket == bucket) for bucket in BUCKETS},
        "areas": [_group_row(k, labels[k], v) for k, v in areas.items()],
        "units": sorted(
            (_group_row(k, k, v) for k, v in units.items()),
            key=lambda r: (-(r["on_time_rate"] or 0), r["overdue"], r["key"]),
        ),
        "overdue": [brief(i, a) for i, a in overdue],
        "due_soon": [brief(i, a) for i, a in soon],
        "changes": changes,
    }


# --- the Gantt chart (挂图作战) ------------------------------------------------------------------


def gantt_rows(items: list[Item], assessed: dict[str, Assessment], plans: dict[str, Plan], by: str) -> list[dict[str, Any]]:
    """One row per dated item, grouped by area label or lead unit, in group then id order."""
    rows = []
    for item in items:
        a = assessed[item.id]
        if item.start is None or a.status.due is None:
            continue
        plan = plans.get(item.plan)
        group = (
            (a.status.lead_unit or "-")
            if by == "unit"
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
                "milestones": [(s.due, s.id in a.status.done) for s in item.steps if s.due is not None],
            }
        )
    order = {g: n for n, g in enumerate(dict.fromkeys(r["group"] for r in rows))}
    rows.sort(key=lambda r: (order[r["group"]], r["id"].rsplit("-", 1)[0], int(r["id"].rsplit("-", 1)[1])))
    return rows
