"""The item's 任务书 for signing (`show --format docx|html`, issue 13 §3) as plain data: the task sheet,
the roadmap with each step's dates, duration and state, the timeline with its extensions, the current
status with the reasons for its light. Pure: one view model for every format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.model import Item, iso
from fivefold.schedule import Assessment
from fivefold.views import detail


def _date(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None


def _targets(item: Item, measures: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "unit": t.unit,
            "target": t.target,
            "direction": t.direction,  # down: must fall (↓), up: must rise (↑)
            "baseline": t.baseline,
            "actual": measures.get(t.name),
        }
        for t in item.targets
    ]


UNDER_WAY = ("active", "blocked", "review")  # a step can be late only once its item has started


def _steps(d: dict[str, Any], item: Item, as_of: dt.date) -> list[dict[str, Any]]:
    """Each step with the day it may begin (its predecessors' latest due date, else the item's start),
    its due date, the calendar days between them and its state as of today."""
    start = item.start
    after_of = {step.id: list(step.after) for step in item.steps}
    dues: dict[str, dt.date | None] = {}
    out = []
    for s in d["steps_detail"]:
        due = _date(s["due"])
        before = [day for a in after_of.get(s["id"], []) if (day := dues.get(a)) is not None]
        begin = max(before) if before else start
        dues[s["id"]] = due
        days = (due - begin).days if due and begin and due >= begin else None
        if s["done"]:
            state = "done"
        elif due and due < as_of and d["state"] in UNDER_WAY:
            state = "overdue"
        elif s["progress"]:
            state = "working"
        else:
            state = "pending"
        out.append(
            {
                "id": s["id"],
                "title": s["title"],
                "deliverable": s["deliverable"],
                "owner": s["owner"],
                "after": after_of.get(s["id"], []),
                "start": iso(begin),
                "due": s["due"],
                "due_planned": s["due_planned"],
                "days": days,
                "state": state,
                "done": s["done"],
                "progress": round(s["progress"], 1),
                "overdue_days": (as_of - due).days if state == "overdue" and due else 0,
            }
        )
    return out


def task_sheet(item: Item, a: Assessment, as_of: dt.date, *, plan_title: str | None, area: str | None) -> dict[str, Any]:
    """The one-page 任务书 of an item as of a date; `area` is the focus area's label."""
    d = detail(item, a)
    sheet = d.get("task_sheet") or {}
    timeline = d.get("timeline") or {}
    return {
        "id": item.id,
        "title": item.title,
        "plan": plan_title or d["plan"],
        "area": area or d["area"],
        "parent": d["parent"],
        "goal": str(sheet.get("goal") or ""),
        "targets": _targets(item, d["measures"]),
        "lead_unit": d["lead_unit"] or "",
        "partner_units": [str(u) for u in sheet.get("partner_units") or []],
        "leader": str(sheet.get("leader") or ""),
        "owner": d["owner"] or "",
        "deliverables": [str(x) for x in sheet.get("deliverables") or []],
        "acceptance": str(sheet.get("acceptance") or ""),
        "steps": _steps(d, item, as_of),
        "start": d["start"],
        "due": d["due"],
        "due_planned": d["due_planned"],
        "cadence": timeline.get("cadence") if isinstance(timeline.get("cadence"), str) else None,
        "ongoing": d["ongoing"],
        "extensions": d["extensions"],
        "request": d["extension_request"],
        "state": d["state"],
        "light": d["light"],
        "progress": round(d["progress"], 1),
        "expected": round(d["expected"], 1),
        "overdue_days": d["overdue_days"],
        "reasons": [(code, dict(params)) for code, params in a.reasons],
        "reports_made": d["reports_made"],
        "reports_expected": d["reports_expected"],
        "as_of": as_of.isoformat(),
    }
