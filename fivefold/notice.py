"""The 督办通知单 (issue 13 §3) as plain data: who issues it to whom, about which item, the facts (due,
lag, overdue steps, latest report, the reasons for its light), what to do and by when. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.cadence import REPORT_EVENTS
from fivefold.model import Item, iso
from fivefold.schedule import Assessment


def latest_report(item: Item, as_of: dt.date) -> dict[str, Any] | None:
    """The last progress report on or before as-of: its date and what it says."""
    entries = [e for e in item.log if e.event in REPORT_EVENTS and e.date <= as_of]
    if not entries:
        return None
    last = max(entries, key=lambda e: e.date)
    text = last.note or last.get("step") or last.get("target") or ""
    return {"date": last.date.isoformat(), "event": last.event, "text": str(text)}


def notice_of(
    item: Item, a: Assessment, as_of: dt.date, *, ref: str | None, reply_by: dt.date, issuer: str | None
) -> dict[str, Any]:
    s = a.status
    steps = [params for code, params in a.reasons if code == "step_overdue"]
    return {
        "ref": ref,
        "issuer": issuer,
        "to": s.lead_unit,
        "owner": s.owner,
        "id": item.id,
        "title": item.title,
        "state": s.state,
        "light": a.light,
        "due": iso(s.due),
        "overdue_days": a.overdue_days,
        "progress": round(a.progress, 1),
        "expected": round(a.expected, 1),
        "lag": round(a.lag, 1),
        "overdue_steps": [{"step": p["step"], "title": p["title"], "days": p["days"]} for p in steps],
        "latest_report": latest_report(item, as_of),
        "reasons": [(code, dict(params)) for code, params in a.reasons],
        "reply_by": reply_by.isoformat(),
        "date": as_of.isoformat(),
    }
