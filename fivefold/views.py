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
