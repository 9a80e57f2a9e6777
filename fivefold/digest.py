"""The 督办提醒 digest (issue 13 §2) as plain data: per lead unit and per owner, what is overdue, what falls
due within the next working days, missed reports, pending extension requests, items waiting for
acceptance. Pure: the items, their assessments, as-of and the due limit come in; nothing is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fivefold.model import Item, iso
from fivefold.schedule import Assessment, step_due
from fivefold.units import alias_map, canonical
from fivefold.views import pending_request

SCHEMA = "fivefold.remind/1"
SECTIONS = ("overdue", "due_soon", "missed_reports", "extension_requests", "awaiting_acceptance")
_WORKING = frozenset({"active", "blocked"})
_NOT_STARTED = frozenset({"draft", "ready"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a digest: the section it goes in, who must act (owner) and whose item it is (unit)."""

    section: str
    owner: str | None
    unit: str | None
    data: dict[str, Any]


def _one_line(text: Any) -> str | None:
    """Free text (a reason) on one line: a chat line must not break in the middle of an entry."""
    return " ".join(str(text).split()) if text is not None else None


def entries_of(
    item: Item, a: Assessment, as_of: dt.date, until: dt.date, workdays: Callable[[dt.date, dt.date], int], unit: str | None
) -> list[Entry]:
    """What one item asks of its people as of a date; `until`: the last day counted as due soon."""
    s = a.status
    if not a.exists or s.state not in (*_WORKING, *_NOT_STARTED, "review"):
        return []
    base = {"id": item.id, "title": item.title, "owner": s.owner, "lead_unit": unit, "state": s.state}
    out: list[Entry] = []

    def add(section: str, owner: str | None, **data: Any) -> None:
        out.append(Entry(section, owner, unit, {**base, **data}))

    if s.state == "review":  # the owner has done their part: the verifier is the one to act
        submitted = s.submitted_on or as_of
        add("awaiting_acceptance", s.owner, submitted=submitted.isoformat(), days=(as_of - submitted).days)
    elif a.overdue_days > 0:
        add("overdue", s.owner, step=None, step_title=None, due=iso(s.due_judged), days=a.overdue_days)
    elif s.due is not None and as_of <= s.due <= until:
        add("due_soon", s.owner, step=None, step_title=None, due=s.due.isoformat(), workdays=workdays(as_of, s.due))
    if s.state in _WORKING:
        for step in item.steps:
            due = step_due(step, item, s.due_judged)
            if step.id in s.done or due is None:
                continue
            owner = step.owner or s.owner
            if as_of > due:
                add("overdue", owner, step=step.id, step_title=step.title, due=due.isoformat(), days=(as_of - due).days)
            elif due <= until:
                add("due_soon", owner, step=step.id, step_title=step.title, due=due.isoformat(), workdays=workdays(as_of, due))
        for code, params in a.reasons:
            if code in ("no_report", "never_reported"):
                add("missed_reports", s.owner, missed=params["missed"], last=params.get("last"), since=params.get("since"))
    request = pending_request(s)
    if request is not None and s.state != "review":
        add("extension_requests", s.owner, asked=request["date"], by=request["by"], due=request["due"],
            reason=_one_line(request["reason"]), late=request["late"])  # fmt: skip
    return out


def _sorted(section: str, entries: list[Entry]) -> list[Entry]:
    """Overdue: the item late longest first, its own line before its steps'; due soon: by date; else by id."""
    if section == "overdue":
        worst: dict[str, int] = {}
        for e in entries:
            worst[e.data["id"]] = max(worst.get(e.data["id"], 0), e.data["days"])
        return sorted(entries, key=lambda e: (-worst[e.data["id"]], e.data["id"], e.data["step"] is not None, -e.data["days"]))
    if section == "due_soon":
        return sorted(entries, key=lambda e: (e.data["due"], e.data["id"], e.data["step"] or ""))
    return sorted(entries, key=lambda e: e.data["id"])


def _digest(kind: str, name: str | None, entries: Iterable[Entry]) -> dict[str, Any]:
    chosen = list(entries)
    sections = {section: [e.data for e in _sorted(section, [e for e in chosen if e.section == section])] for section in SECTIONS}
    return {"kind": kind, "name": name, "count": len(chosen), **sections}


def digests(
    items: Iterable[Item],
    assessed: Mapping[str, Assessment],
    as_of: dt.date,
    until: dt.date,
    workdays: Callable[[dt.date, dt.date], int],
    *,
    units: Mapping[str, Iterable[str]],
    unit: str | None = None,
    owner: str | None = None,
    days: int = 5,
) -> dict[str, Any]:
    """The digests of every lead unit and every owner with something to do, restricted to one unit and/or
    one owner (both as the workspace writes them: `unit` canonical, `owner` the directory's name).
    Units are grouped under their canonical names (`units:` in fivefold.yaml)."""
    names = alias_map(units)
    found: list[Entry] = []
    for item in items:
        a = assessed[item.id]
        found.extend(entries_of(item, a, as_of, until, workdays, canonical(a.status.lead_unit, names)))
    found = [e for e in found if (unit is None or e.unit == unit) and (owner is None or e.owner == owner)]

    def grouped(kind: str, key: Callable[[Entry], str | None]) -> list[dict[str, Any]]:
        groups: dict[str | None, list[Entry]] = {}
        for e in found:
            groups.setdefault(key(e), []).append(e)
        order = sorted(groups, key=lambda name: (name is None, name or ""))  # no unit / no owner last
        return [_digest(kind, name, groups[name]) for name in order]

    return {
        "schema": SCHEMA,
        "date": as_of.isoformat(),
        "days": days,
        "until": until.isoformat(),
        "unit": unit,
        "owner": owner,
        "units": grouped("unit", lambda e: e.unit),
        "owners": grouped("owner", lambda e: e.owner),
    }
