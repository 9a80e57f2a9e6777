"""Every log event in one table (DESIGN §3, §4): the states it may follow and the state it leads to,
its payload, what a writer must give and what it is refused for, its effect on the status a replay
builds, and whether the period report lists it as a change. Adding an event is one entry here (and
its `event.<name>` label in fivefold.i18n). fivefold.workflow replays a log through this table.
No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fivefold.errors import NotFound, Refused
from fivefold.model import Entry, Item

OPEN_STATES = frozenset({"draft", "ready", "active", "blocked", "review"})
WORKING = frozenset({"active", "blocked"})
ANY = frozenset({"draft", "ready", "active", "blocked", "review", "closed", "cancelled"})
NOTE_KINDS = ("progress", "problem", "next")  # a note's `kind` (本期进展, 存在问题, 下一步); none is progress


@dataclass(slots=True)
class Status:
    """What the log says about an item as of a date: what replaying it through the table builds."""

    state: str = "draft"
    done: dict[str, dt.date] = field(default_factory=dict)
    progress: dict[str, float] = field(default_factory=dict)
    measures: dict[str, float] = field(default_factory=dict)
    due: dt.date | None = None  # the due date in force (shown)
    due_judged: dt.date | None = None  # what lateness is counted against
    extensions: list[Entry] = field(default_factory=list)
    request: Entry | None = None  # an extension asked for and not yet approved or denied (延期申请待审批)
    owner: str | None = None
    lead_unit: str | None = None
    rectifications: int = 0
    started_on: dt.date | None = None
    submitted_on: dt.date | None = None
    closed_on: dt.date | None = None
    last_change: dt.date | None = None  # the date of the last state change
    block_reason: str | None = None  # why it is blocked, while it is
    skipped: list[int] = field(default_factory=list)  # indices of entries the table forbids
    counted: int = 0  # entries on or before as-of


@dataclass(frozen=True, slots=True)
class Field:
    """A key of an event's entry. `kind` says how a file's value is checked when read (schema.py):
    text, texts (a list), step (a step id of the item), percent (0–100), number or date. Only the
    `required` keys are checked on reading: hand-written logs keep whatever else they hold."""

    name: str
    kind: str = "text"
    required: bool = False


Effect = Callable[[Status, Entry], None]  # what an applied entry changes in the status
Guard = Callable[[Item, Status, Mapping[str, Any]], None]  # raises when a writer may not append it
Warn = Callable[[Item, Status], list[tuple[str, dict[str, Any]]]]  # warnings that do not stop it


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    allowed_from: frozenset[str]  # the states it may follow; elsewhere replay skips it
    to: str | None = None  # the state it leads to; None: it records something, the state stays
    payload: tuple[Field, ...] = ()
    needs: str | None = None  # the payload key a writer must give (a reason, the evidence)
    checks: bool = False  # a writer needs the five checks to pass
    verifier: bool = False  # a writer must not be the item's owner (unless self_review is allowed)
    role: str | None = None  # whose it is to write (fivefold.roles): accept, approver, leader, verifier
    guard: Guard | None = None
    effect: Effect | None = None
    warn: Warn | None = None
    change: bool = False  # listed among a period's changes (dashboard, 周调度/月通报 report)

    @property
    def label(self) -> str:
        """Its name in the message catalogue."""
        return f"event.{self.name}"


# --- effects on the status -----------------------------------------------------------------------


def _started(s: Status, e: Entry) -> None:
    if s.started_on is None:
        s.started_on = e.date


def _submitted(s: Status, e: Entry) -> None:
    s.submitted_on = e.date


def _accepted(s: Status, e: Entry) -> None:
    s.closed_on = e.date


def _rejected(s: Status, e: Entry) -> None:
    s.rectifications += 1  # a round of 整改
    s.submitted_on = None


def _reopened(s: Status, e: Entry) -> None:
    s.closed_on = None
    s.submitted_on = None


def _blocked(s: Status, e: Entry) -> None:
    s.block_reason = e.get("reason") or e.note


def _unblocked(s: Status, e: Entry) -> None:
    s.block_reason = None


def _step_done(s: Status, e: Entry) -> None:
    s.done[e.get("step")] = e.date
    s.progress.pop(e.get("step"), None)


def _step_progress(s: Status, e: Entry) -> None:
    step = e.get("step")
    if step not in s.done:
        s.progress[step] = float(e.get("progress"))


def _measured(s: Status, e: Entry) -> None:
    s.measures[str(e.get("target"))] = float(e.get("value"))


def asked_on(e: Entry) -> dt.date:
    """When an extension was asked for: the request's date for an approved one (`requested`), else its own."""
    requested = e.get("requested")
    if isinstance(requested, str):
        try:
            requested = dt.date.fromisoformat(requested.strip())
        except ValueError:
            requested = None
    return requested if isinstance(requested, dt.date) else e.date


def _extended(s: Status, e: Entry) -> None:
    new_due = e.get("due")
    # Asked for before the deadline in force passed: judged against the new date. After: still late.
    if s.due_judged is None or asked_on(e) <= s.due_judged:
        s.due_judged = new_due
    s.due = new_due
    s.extensions.append(e)
    s.request = None  # applied (approved, or a verifier's own)


def _requested(s: Status, e: Entry) -> None:
    s.request = e


def _denied(s: Status, e: Entry) -> None:
    s.request = None


def _reassigned(s: Status, e: Entry) -> None:
    if e.get("owner"):
        s.owner = str(e.get("owner"))
    if e.get("lead_unit"):
        s.lead_unit = str(e.get("lead_unit"))


# --- guards of a write, and its warnings ---------------------------------------------------------


def _open_step(item: Item, s: Status, given: Mapping[str, Any]) -> None:
    step = given.get("step")
    if step is not None and item.step(step) is None:
        raise NotFound("step_not_found", id=item.id, step=step)
    if step in s.done:
        raise Refused("step_already_done", step=step)


def _known_target(item: Item, s: Status, given: Mapping[str, Any]) -> None:
    names = [t.name for t in item.targets]
    if given["target"] not in names:
        raise NotFound("unknown_target", id=item.id, target=given["target"], targets=", ".join(names) or "-")


def _later_due(item: Item, s: Status, given: Mapping[str, Any]) -> None:
    if s.due is not None and given["due"] <= s.due:
        raise Refused("extend_not_later", due=given["due"].isoformat(), current=s.due.isoformat())


def _no_request(item: Item, s: Status, given: Mapping[str, Any]) -> None:
    if s.request is not None:
        raise Refused("request_pending", id=item.id, due=_iso(s.request.get("due")), by=s.request.by)
    _later_due(item, s, given)


def _a_request(item: Item, s: Status, given: Mapping[str, Any]) -> None:
    if s.request is None:
        raise Refused("no_request", id=item.id)


def _iso(day: Any) -> str:
    return day.isoformat() if isinstance(day, dt.date) else str(day)


def _open_steps(item: Item, s: Status) -> list[tuple[str, dict[str, Any]]]:
    open_steps = [step.id for step in item.steps if step.id not in s.done]
    return [("warn_open_steps", {"id": item.id, "steps": ", ".join(open_steps)})] if open_steps else []


# --- the table -----------------------------------------------------------------------------------

REASON = Field("reason")
STEP = Field("step", "step", required=True)
FILES = Field("files", "evidence")  # evidence files copied in (fivefold.evidence): [{path, sha256, bytes}]

EVENTS_IN_ORDER = (
    # the closed loop (DESIGN §4), in the order `moves_from` lists them
    Event("ready", frozenset({"draft"}), "ready", checks=True, change=True),
    Event("start", frozenset({"draft", "ready"}), "active", checks=True, effect=_started, change=True),
    Event("block", frozenset({"active"}), "blocked", (REASON,), needs="reason", effect=_blocked, change=True),
    Event("unblock", frozenset({"blocked"}), "active", effect=_unblocked, change=True),
    Event(
        "submit", frozenset({"active"}), "review", (Field("evidence"), FILES), needs="evidence",
        effect=_submitted, warn=_open_steps, change=True,
    ),
    Event("accept", frozenset({"review"}), "closed", verifier=True, role="accept", effect=_accepted, change=True),
    Event(
        "reject", frozenset({"review"}), "active", (REASON,), needs="reason", verifier=True, role="accept",
        effect=_rejected, change=True,
    ),
    Event("cancel", OPEN_STATES, "cancelled", (REASON,), needs="reason", change=True),
    Event("reopen", frozenset({"closed", "cancelled"}), "active", (REASON,), needs="reason", effect=_reopened, change=True),
    # progress and the rest of 全程留痕: recorded, the state stays
    # every entry that tells of progress is news in the period (issue 10 §3)
    Event("step_done", WORKING, payload=(STEP,), guard=_open_step, effect=_step_done, change=True),
    Event(
        "step_progress", WORKING, payload=(STEP, Field("progress", "percent", True)), guard=_open_step,
        effect=_step_progress, change=True,
    ),
    Event(
        "measure", WORKING | {"review"}, payload=(Field("target", "text", True), Field("value", "number", True)),
        guard=_known_target, effect=_measured, change=True,
    ),
    Event(
        "extend", OPEN_STATES, payload=(Field("due", "date", True), REASON, Field("requested", "date")), needs="reason",
        role="approver", guard=_later_due, effect=_extended, change=True,
    ),
    # extensions under `extension_approval: required` (issue 12): asked for by the unit, decided above it
    Event(
        "extend_request", OPEN_STATES, payload=(Field("due", "date", True), REASON), needs="reason",
        guard=_no_request, effect=_requested, change=True,
    ),
    Event(
        "extend_denied", OPEN_STATES, payload=(REASON, Field("due", "date")), needs="reason",
        role="approver", guard=_a_request, effect=_denied, change=True,
    ),
    # 领导批示 and 催办: recorded with their text (the entry's note), by a leader or admin / a verifier
    Event("instruct", OPEN_STATES, role="leader", change=True),
    Event("urge", OPEN_STATES, payload=(Field("ref"),), role="verifier", change=True),  # ref: a 督办通知单's 文号
    Event("reassign", OPEN_STATES, payload=(Field("owner"), Field("lead_unit")), effect=_reassigned, change=True),
    Event("note", ANY, payload=(FILES, Field("kind")), change=True),  # kind: NOTE_KINDS
    Event("created", ANY),
    Event("edited", ANY, payload=(Field("fields", "texts"), Field("step"))),
)  # fmt: skip

TABLE: dict[str, Event] = {event.name: event for event in EVENTS_IN_ORDER}
EVENTS = tuple(TABLE)
CHANGE_EVENTS = tuple(name for name, event in TABLE.items() if event.change)
PAYLOAD_KEYS = tuple(dict.fromkeys(f.name for event in EVENTS_IN_ORDER for f in event.payload))  # each key once


def label(name: str) -> str:
    """The catalogue key an event is called by (fivefold.i18n)."""
    return TABLE[name].label
