"""The closed loop as one table (event -> from-states, to-state) and the replay of a log into a status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fivefold.model import Entry, Item

OPEN_STATES = frozenset({"draft", "ready", "active", "blocked", "review"})
WORKING = frozenset({"active", "blocked"})
ANY = frozenset({"draft", "ready", "active", "blocked", "review", "closed", "cancelled"})


@dataclass(frozen=True, slots=True)
class Rule:
    allowed_from: frozenset[str]
    to: str | None = None  # None: the event records something but leaves the state alone
    needs: str | None = None  # the option a writer must give (reason, evidence)
    checks: bool = False  # the five checks must pass
    verifier: bool = False  # the actor must not be the owner


TABLE: dict[str, Rule] = {
    "ready": Rule(frozenset({"draft"}), "ready", checks=True),
    "start": Rule(frozenset({"draft", "ready"}), "active", checks=True),
    "block": Rule(frozenset({"active"}), "blocked", needs="reason"),
    "unblock": Rule(frozenset({"blocked"}), "active"),
    "submit": Rule(frozenset({"active"}), "review", needs="evidence"),
    "accept": Rule(frozenset({"review"}), "closed", verifier=True),
    "reject": Rule(frozenset({"review"}), "active", needs="reason"),
    "cancel": Rule(OPEN_STATES, "cancelled", needs="reason"),
    "reopen": Rule(frozenset({"closed", "cancelled"}), "active", needs="reason"),
    "step_done": Rule(WORKING),
    "step_progress": Rule(WORKING),
    "measure": Rule(WORKING | {"review"}),
    "extend": Rule(OPEN_STATES, needs="reason"),
    "reassign": Rule(OPEN_STATES),
    "note": Rule(ANY),
    "created": Rule(ANY),
    "edited": Rule(ANY),
}

TRANSITIONS = tuple(event for event, rule in TABLE.items() if rule.to is not None)


def allowed(state: str, event: str) -> bool:
    return state in TABLE[event].allowed_from


def moves_from(state: str) -> list[str]:
    """The transitions allowed from a state, in table order."""
    return [event for event in TRANSITIONS if allowed(state, event)]


@dataclass(slots=True)
class Status:
    """What the log says about an item as of a date."""

    state: str = "draft"
    done: dict[str, dt.date] = field(default_factory=dict)
    progress: dict[str, float] = field(default_factory=dict)
    measures: dict[str, float] = field(default_factory=dict)
    due: dt.date | None = None  # the due date in force (shown)
    due_judged: dt.date | None = None  # what lateness is counted against
    extensions: list[Entry] = field(default_factory=list)
    owner: str | None = None
    lead_unit: str | None = None
    rectifications: int = 0
    started_on: dt.date | None = None
    submitted_on: dt.date | None = None
    closed_on: dt.date | None = None
    last_change: dt.date | None = None  # the date of the last state change
    skipped: list[int] = field(default_factory=list)  # indices of entries the table forbids
    counted: int = 0  # entries on or before as-of


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
        rule = TABLE[entry.event]
        if s.state not in rule.allowed_from:
            s.skipped.append(entry.index)
            continue
        _apply(s, entry)
        if rule.to is not None:
            s.state = rule.to
            s.last_change = entry.date
    return s


def _apply(s: Status, e: Entry) -> None:
    event = e.event
    if event == "start" and s.started_on is None:
        s.started_on = e.date
    elif event == "submit":
        s.submitted_on = e.date
    elif event == "accept":
        s.closed_on = e.date
    elif event == "reject":
        s.rectifications += 1
        s.submitted_on = None
    elif event == "reopen":
        s.closed_on = None
        s.submitted_on = None
    elif event == "step_done":
        s.done[e.get("step")] = e.date
        s.progress.pop(e.get("step"), None)
    elif event == "step_progress":
        step = e.get("step")
        if step not in s.done:
            s.progress[step] = float(e.get("progress"))
    elif event == "measure":
        s.measures[str(e.get("target"))] = float(e.get("value"))
    elif event == "extend":
        new_due = e.get("due")
        # Granted before the deadline in force passed: judged against the new date. After: still late.
        if s.due_judged is None or e.date <= s.due_judged:
            s.due_judged = new_due
        s.due = new_due
        s.extensions.append(e)
    elif event == "reassign":
        if e.get("owner"):
            s.owner = str(e.get("owner"))
        if e.get("lead_unit"):
            s.lead_unit = str(e.get("lead_unit"))


def trace(item: Item) -> list[tuple[Entry, str, str, bool]]:
    """Each entry in replay order with the state before and after it, and whether it was skipped."""
    state = "draft"
    out = []
    for entry in ordered(item.log):
        rule = TABLE[entry.event]
        if state not in rule.allowed_from:
            out.append((entry, state, state, True))
            continue
        after = rule.to or state
        out.append((entry, state, after, False))
        state = after
    return out
