"""The status report as plain data: one view model that every export format renders
(DESIGN §8): the 台账 by area, overdue, due soon, the period's changes (调度) and the 红黑榜."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.model import Item, Plan
from fivefold.schedule import BUCKETS, LIGHTS, Assessment
from fivefold.views import _group_row, area_label, dashboard, plan_row, summary, trace_rows

SCHEMA = "fivefold.report/1"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def item_row(item: Item, a: Assessment, plan: Plan | None, as_of: dt.date) -> dict[str, Any]:
    """Everything a 台账 row shows about one item, as of a day (no note written after it, nor after closing)."""
    s = a.status
    last = min(s.closed_on or as_of, as_of)
    notes = [e for e in item.log if e.event == "note" and e.note and e.date <= last]
    latest = max(notes, key=lambda e: (e.date, e.at or "", e.index), default=None)  # the last of a tie
    row = summary(item, a)
    row.update(
        {
            "area_label": plan.areas.get(item.area, item.area) if plan and item.area else item.area,
            "goal": item.goal,
            "partner_units": list(item.partner_units),
            "leader": item.leader,
            "acceptance": item.acceptance,
            "deliverables": list(item.deliverables),
            "targets": [
                {"name": t.name, "unit": t.unit, "target": t.target, "actual": s.measures.get(t.name)} for t in item.targets
            ],
            "steps_detail": [
                {
                    "id": step.id,
                    "title": step.title,
                    "deliverable": step.deliverable,
                    "owner": step.owner or s.owner,
                    "due": _iso(step.due),
                    "done": _iso(s.done.get(step.id)),
                    "progress": 100.0 if step.id in s.done else s.progress.get(step.id, 0.0),
                }
                for step in item.steps
            ],
            "latest_note": {"date": latest.date.isoformat(), "text": latest.note} if latest else None,
        }
    )
    return row


def build_report(
    items: list[Item],
    assessed: dict[str, Assessment],
    plans: dict[str, Plan],
    as_of: dt.date,
    *,
    soon_days: int,
    since: dt.date | None = None,
    before: dict[str, Assessment] | None = None,
    rank: bool = False,
    filters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`before` is the assessment as of the day before `since` (for "newly red")."""
    rows = {item.id: summary(item, assessed[item.id]) for item in items}
    traces = {item.id: trace_rows(item) for item in items}
    dash = dashboard(list(rows.values()), traces, plans, as_of, since or as_of, soon_days)
    by_area: dict[str, list[Item]] = {}
    for item in items:
        by_area.setdefault(item.area or "-", []).append(item)
    areas = []
    for key, members in by_area.items():
        group = _group_row(key, area_label(plans, members[0].plan, members[0].area), [rows[i.id] for i in members])
        group["items"] = [item_row(i, assessed[i.id], plans.get(i.plan), as_of) for i in members]
        areas.append(group)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "soon_days": soon_days,
        "plans": [plan_row(p, sum(1 for i in items if i.plan == p.name)) for p in plans.values()],
        "filters": filters or {},
        "totals": {
            "items": len(items),
            "lights": {k: dash["lights"][k] for k in LIGHTS},
            "buckets": {k: dash["buckets"][k] for k in BUCKETS},
        },
        "areas": areas,
        "overdue": dash["overdue"],
        "due_soon": dash["due_soon"],
        "period": None,
        "ranking": None,
    }
    if since is not None:
        changes = dash["changes"]
        report["period"] = {
            "since": since.isoformat(),
            "until": as_of.isoformat(),
            "changes": changes,
            "closed": [c["id"] for c in changes if c["event"] == "accept"],
            "newly_red": [
                i.id for i in items if assessed[i.id].light == "red" and (before is None or before[i.id].light != "red")
            ],
            "notes": [c for c in changes if c["event"] == "note"],
            "extensions": [c for c in changes if c["event"] == "extend"],
            "rectifications": [c for c in changes if c["event"] == "reject"],
        }
    if rank:
        report["ranking"] = [dict(row, rank=n) for n, row in enumerate(dash["units"], start=1)]
    return report
