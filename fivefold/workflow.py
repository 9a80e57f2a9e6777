"""The closed loop run: the moves the event table (fivefold.events) allows from a state, and the replay
of a log, in the order its entries happened, into a status."""

from __future__ import annotations

import datetime as dt

from fivefold.events import TABLE, Status
from fivefold.model import Entry, Item

TRANSITIONS = tuple(name for name, event in TABLE.items() if event.to is not None)


def allowed(state: str, event: str) -> bool:
    return state in TABLE[event].allowed_from


def moves_from(state: str) -> list[str]:
    """The transitions allowed from a state, in table order."""
    return [event for event in TRANSITIONS if allowed(state, event)]


def log_key(e: Entry) -> tuple[dt.date, dt.datetime, int]:
    """Replay order: the day it happened, then the moment it was recorded (as one instant, whatever
    the UTC offset it was written with), then its position in the file (DESIGN §11.1)."""
    return (e.date, instant(e.at), e.index)


_EPOCH = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def instant(at: str | None) -> dt.datetime:
    """A log entry's `at` as a UTC-comparable moment (naive: taken as UTC; missing or bad: the earliest)."""
    if not at:
        return _EPOCH
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return _EPOCH
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def ordered(log: tuple[Entry, ...] | list[Entry]) -> list[Entry]:
    """The log in replay order (log_key)."""
    return sorted(log, key=log_key)


def replay(item: Item, as_of: dt.date | None = None) -> Status:
    s = Status(due=item.due, due_judged=item.due, owner=item.owner, lead_unit=item.lead_unit)
    for entry in ordered(item.log):
        if as_of is not None and entry.date > as_of:
            continue
        s.counted += 1
        event = TABLE[entry.event]
        if s.state not in event.allowed_from:
            s.skipped.append(entry.index)
            continue
        if event.effect is not None:
            event.effect(s, entry)
        if event.to is not None:
            s.state = event.to
            s.last_change = entry.date
    return s


def trace(item: Item) -> list[tuple[Entry, str, str, bool]]:
    """Each entry in replay order with the state before and after it, and whether it was skipped."""
    state = "draft"
    out = []
    for entry in ordered(item.log):
        event = TABLE[entry.event]
        if state not in event.allowed_from:
            out.append((entry, state, state, True))
            continue
        after = event.to or state
        out.append((entry, state, after, False))
        state = after
    return out
