"""The status report as plain data: one view model that every export format renders
(DESIGN §8): the 台账 by area, overdue, due soon, the period's changes (调度) and the 红黑榜."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fivefold.jsonout import Joined, Spliced
from fivefold.model import Item, Plan
from fivefold.records import Row, Traces
from fivefold.schedule import BUCKETS, LIGHTS, Assessment
from fivefold.views import area_label, dashboard, extension_requests, group_row, plan_row, steps_detail
from fivefold.workflow import log_key

SCHEMA = "fivefold.report/1"
# Entries whose note is the supervisors' words or a request, not the unit's progress: they are changes of
# the period, but never 最新进展 nor 本期进展.
NOT_PROGRESS = frozenset({"instruct", "urge", "extend_request", "extend_denied"})


def item_detail(item: Item, a: Assessment, as_of: dt.date) -> dict[str, Any]:
    """What a 台账 row shows beyond the list row, as of a day (no note written after it, nor after
    closing). Plain data only: it is cached per file beside the item's list row."""
    from fivefold import evidence

    s = a.status
    last = min(s.closed_on or as_of, as_of)
    # a note goes with any event (step done --note …), but a 批示 or 催办 is not the unit's progress
    notes = [e for e in item.log if e.note and e.date <= last and e.event not in NOT_PROGRESS]
    latest = max(notes, key=log_key, default=None)  # the last of a tie
    return {
        "goal": item.goal,
        "leader": item.leader,
        "acceptance": item.acceptance,
        "deliverables": list(item.deliverables),
        "targets": [
            {
                "name": t.name,
                "unit": t.unit,
                "target": t.target,
                "actual": s.measures.get(t.name),
                "direction": t.direction,
                "baseline": t.baseline,
            }
            for t in item.targets
        ],
        "steps_detail": steps_detail(item, s),
        "latest_note": {"date": latest.date.isoformat(), "text": latest.note} if latest else None,
        "ref": item.ref,
        "extra": dict(item.extra),
        "evidence": [  # 佐证材料 by their path in the workspace (the html report links them)
            {"path": f"{item.plan}/{f['path']}", "sha256": f["sha256"]}
            for f in evidence.listed(item)
            if f["date"] <= last.isoformat()
        ],
    }


def build_report(
    rows: list[Row],
    details: dict[str, dict[str, Any]],
    traces: Traces,
    plans: dict[str, Plan],
    as_of: dt.date,
    *,
    soon_days: int,
    since: dt.date | None = None,
    before: dict[str, str] | None = None,
    rank: bool = False,
    filters: dict[str, Any] | None = None,
    requests: bool = False,
    ranking_key: tuple[str, ...] | None = None,
    fragments: dict[str, bytes] | None = None,
    heads: Callable[[Row, str | None], bytes] | None = None,
) -> dict[str, Any]:
    """From list rows (with partner_units), their details and traces. `before` maps ids to their
    light on the day before `since` (for "newly red"). Reasons are data (`code`, `params`): each
    format words them. With `fragments` (the details already encoded, indexentry.detail_json), the 台账
    rows are jsonout.Joined: the row's own members, the details joined only as JSON text; with
    `heads` too (a row and its area's label -> the row's members encoded, fivefold.jsonheads), they
    are jsonout.Spliced: nothing of them is made but the two texts."""
    dash = dashboard(rows, traces, plans, as_of, since or as_of, soon_days, ranking_key)
    by_area: dict[str, list[Row]] = {}
    for row in rows:
        by_area.setdefault(row.area or "-", []).append(row)
    areas = []
    for key, members in by_area.items():
        label = area_label(plans, members[0].plan, members[0].area)
        group = group_row(key, label, members)
        if fragments is not None and heads is not None:
            group["items"] = [Spliced(heads(r, r.area and label), fragments[r.id]) for r in members]
            areas.append(group)
            continue
        items = []
        for r in members:
            item = r.to_json()  # a new mapping: {**row, "reasons": …, "area_label": …, **details}, made in place
            item["reasons"] = reasons_data(r.reasons)
            item["area_label"] = r.area and label
            if fragments is None:
                item.update(details[r.id])
                items.append(item)
            else:
                items.append(Joined(item, fragments[r.id]))
        group["items"] = items
        areas.append(group)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "soon_days": soon_days,
        "plans": [plan_row(p, sum(1 for r in rows if r.plan == p.name)) for p in plans.values()],
        "filters": filters or {},
        "totals": {
            "items": len(rows),
            "lights": {k: dash["lights"][k] for k in LIGHTS},
            "buckets": {k: dash["buckets"][k] for k in BUCKETS},
        },
        "areas": areas,
        "warnings": [
            {"id": r.id, "title": r.title, "lead_unit": r.lead_unit, "owner": r.owner, "light": r.light, "state": r.state,
             "reasons": reasons_data(r.reasons)}
            for r in sorted(rows, key=lambda r: (r.light != "red", r.id))
            if r.light in ("red", "yellow")
        ],  # fmt: skip
        "overdue": dash["overdue"],
        "due_soon": dash["due_soon"],
        "period": None,
        "ranking": None,
        "ranking_key": dash["ranking_key"],
    }
    if since is not None:
        changes = dash["changes"]
        report["period"] = {
            "since": since.isoformat(),
            "until": as_of.isoformat(),
            "changes": changes,
            "closed": [c["id"] for c in changes if c["event"] == "accept"],
            "newly_red": [r.id for r in rows if r.light == "red" and (before is None or before.get(r.id) != "red")],
            "notes": [c for c in changes if c["event"] == "note"],
            "extensions": [c for c in changes if c["event"] == "extend"],
            "rectifications": [c for c in changes if c["event"] == "reject"],
            "items": period_items(rows, details, traces, since, as_of),
        }
    if rank:
        counts = instructions_and_urges(rows, traces, since, as_of)
        report["ranking"] = [dict(row, **counts.get(row["key"], {"instructions": 0, "urges": 0})) for row in dash["units"]]
    if requests:
        report["extension_requests"] = extension_requests(rows, traces)
    return report


def instructions_and_urges(rows: list[Row], traces: Traces, since: dt.date | None, as_of: dt.date) -> dict[str, dict[str, int]]:
    """批示 and 催办 per lead unit (key of the ranking row), in the period (or up to as-of)."""
    first, last = (since or dt.date.min).isoformat(), as_of.isoformat()
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        unit = counts.setdefault(r.lead_unit or "-", {"instructions": 0, "urges": 0})
        for e in traces.between(r.id, first, last):
            if not e.skipped and e.event in ("instruct", "urge"):
                unit["instructions" if e.event == "instruct" else "urges"] += 1
    return counts


def reasons_data(reasons: Any) -> list[dict[str, Any]]:
    """A row's reasons as the report holds them: `{"code", "params"}` (the json format adds `text`)."""
    if not reasons:
        return []
    return [{"code": code, "params": dict(params)} for code, params in reasons]


def period_items(
    rows: list[Row], details: dict[str, dict[str, Any]], traces: Traces, since: dt.date, as_of: dt.date
) -> list[dict[str, Any]]:
    """The period's news per item that had any (issue 10 §3): 本期进展 (steps done or moved, targets
    measured, notes), 存在问题 (the open block, notes marked `problem`) and 下一步 (a note marked `next`,
    else the next open step and its date in force). Entries are data; each format words them."""
    out = []
    for r in rows:
        entries = [e for e in traces.between(r.id, since.isoformat(), as_of.isoformat()) if not e.skipped]
        if not entries:
            continue
        titles = {step["id"]: step["title"] for step in details[r.id]["steps_detail"]}
        progress: list[dict[str, Any]] = []
        problems: list[dict[str, Any]] = []
        upcoming: dict[str, Any] | None = None
        for e in entries:
            if e.event in NOT_PROGRESS:
                continue
            if e.event in ("step_done", "step_progress", "measure"):
                progress.append({"date": e.date, "what": e.event, "subject": e.subject, "title": titles.get(e.subject or ""),
                                 "value": e.value, "text": e.note})  # fmt: skip
            elif e.note and e.kind == "problem":
                problems.append({"date": e.date, "what": "note", "text": e.note})
            elif e.note and e.kind == "next":
                upcoming = {"date": e.date, "what": "note", "text": e.note}
            elif e.note:
                progress.append({"date": e.date, "what": "note", "text": e.note})
        if r.state == "blocked":
            blocked = next((dict(params) for code, params in r.reasons if code == "blocked"), None)
            if blocked is not None:
                problems.insert(0, {"date": None, "what": "blocked", "text": blocked["reason"]})
        if upcoming is None and r.state not in ("closed", "cancelled"):
            step = next((s for s in details[r.id]["steps_detail"] if not s["done"]), None)
            if step is not None:
                upcoming = {"date": None, "what": "step", "subject": step["id"], "title": step["title"], "due": step["due"]}
        out.append({"id": r.id, "title": r.title, "lead_unit": r.lead_unit, "owner": r.owner, "light": r.light,
                    "progress": progress, "problems": problems, "next": upcoming})  # fmt: skip
    return out
