"""Work items, plans, settings and log entries as typed data, with validation. No I/O, no clock."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fivefold.errors import SchemaError, shorten

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*-[0-9]+$")
PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
STEP_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_ID_LENGTH = 250  # an id names its file: 255 bytes at most on common file systems, less ".yaml"
MAX_PREFIX_LENGTH = 32  # leaves room in a file name for any number an item will get
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")
STATES = ("draft", "ready", "active", "blocked", "review", "closed", "cancelled")
TRANSITION_EVENTS = ("ready", "start", "block", "unblock", "submit", "accept", "reject", "cancel", "reopen")
OTHER_EVENTS = ("created", "edited", "step_done", "step_progress", "measure", "note", "extend", "reassign")
EVENTS = TRANSITION_EVENTS + OTHER_EVENTS

THRESHOLD_DEFAULTS: dict[str, int] = {
    "soon_days": 14,
    "step_grace_days": 7,
    "yellow_lag": 10,
    "red_lag": 30,
    "review_days": 7,
    "upcoming_days": 30,
}

Issues = list[tuple[tuple[Any, ...], str, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    unit: str | None
    target: float | None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    deliverable: str | None = None
    after: tuple[str, ...] = ()
    weight: float = 1.0
    owner: str | None = None
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One log entry. `data` holds every key as stored (event-specific ones included)."""

    index: int
    at: str | None
    date: dt.date
    by: str
    event: str
    data: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def note(self) -> str | None:
        return self.data.get("note")


@dataclass(slots=True)
class Item:
    id: str
    title: str
    area: str | None
    parent: str | None
    goal: str | None
    targets: tuple[Target, ...]
    lead_unit: str | None
    partner_units: tuple[str, ...]
    leader: str | None
    owner: str | None
    deliverables: tuple[str, ...]
    acceptance: str | None
    steps: tuple[Step, ...]
    start: dt.date | None
    due: dt.date | None
    cadence: str | None
    log: tuple[Entry, ...]
    weight: float = 1.0
    plan: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(slots=True)
class Plan:
    name: str
    title: str
    prefix: str
    organisation: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    areas: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)
    illustrative: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class Settings:
    language: str | None = None
    thresholds: dict[str, int] = field(default_factory=lambda: dict(THRESHOLD_DEFAULTS))
    self_review: bool = False
    check_labels: dict[int, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


# --- helpers -------------------------------------------------------------------------------------


class _Checker:
    """Collects issues with their key paths instead of stopping at the first."""

    def __init__(self) -> None:
        self.issues: Issues = []

    def add(self, path: tuple[Any, ...], key: str, **params: Any) -> None:
        self.issues.append((path, key, params))

    def text(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...], *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.add(path + (key,), "missing_field", field=key)
            return None
        if isinstance(value, bool | Mapping | list | dt.date):
            self.add(path + (key,), "not_text", field=key)
            return None
        return str(value)

    def texts(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or any(isinstance(v, Mapping | list | bool) or v is None for v in value):
            self.add(path + (key,), "not_text_list", field=key)
            return ()
        return tuple(str(v) for v in value)

    def date(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        parsed = as_date(value)
        if parsed is None:
            self.add(path + (key,), "not_date", field=key, value=str(value))
        return parsed

    def number(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN is no number
            self.add(path + (key,), "not_number", field=key, value=shorten(str(value)))
            return None
        try:
            number = float(value)
        except OverflowError:  # an int of over 308 digits
            number = math.inf
        if not math.isfinite(number):
            self.add(path + (key,), "number_out_of_range", field=key, value=shorten(str(value)))
            return None
        return number

    def mapping(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> Mapping[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(path + (key,), "not_mapping", field=key)
            return {}
        return value

    def seq(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path + (key,), "not_list", field=key)
            return []
        return value


def as_date(value: Any) -> dt.date | None:
    """A date from what YAML gave (a date, a datetime or an ISO string), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _day_of(at: Any) -> dt.date | None:
    """The day of an `at` timestamp; writers quote it, so it is often a string, not a datetime."""
    if isinstance(at, str):
        try:
            return dt.datetime.fromisoformat(at.strip()).date()
        except ValueError:
            return None
    return as_date(at)


def as_timestamp(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None:
        return None
    return str(value)


def iso(day: dt.date | None) -> str | None:
    """A date as ISO text, None as None (for JSON and reports)."""
    return day.isoformat() if day else None


def canonical_id(text: str) -> str | None:
    """`sy-3` → `SY-003`; None when it is not an id at all, or longer than a file name can be."""
    text = text.strip()
    if len(text) > MAX_ID_LENGTH or not ID_RE.match(text):
        return None
    prefix, number = text.rsplit("-", 1)
    return f"{prefix.upper()}-{number.lstrip('0').rjust(3, '0')}"  # no int(): 5,000 digits are text like any other


# --- items ---------------------------------------------------------------------------------------


def parse_item(data: Any, *, plan: str = "", file_id: str | None = None) -> Item:
    """Validate one item file's data; raise SchemaError with every issue and its key path."""
    c = _Checker()
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_item_mapping", {})])
    item_id = c.text(data, "id", (), required=True)
    if item_id is not None:
        if not ID_RE.match(item_id):
            c.add(("id",), "bad_id", id=item_id)
        elif file_id is not None and item_id != file_id:
            c.add(("id",), "id_file_mismatch", id=item_id, file=file_id)
    title = c.text(data, "title", (), required=True)
    area = c.text(data, "area", ())
    parent = c.text(data, "parent", ())
    if parent is not None and not ID_RE.match(parent):
        c.add(("parent",), "bad_id", id=parent)
    if parent is not None and parent == item_id:
        c.add(("parent",), "parent_self", id=parent)
    weight = c.number(data, "weight", ())

    sheet = c.mapping(data, "task_sheet", ())
    sp = ("task_sheet",)
    targets = []
    for i, raw in enumerate(c.seq(sheet, "targets", sp)):
        tp = sp + ("targets", i)
        if not isinstance(raw, Mapping):
            c.add(tp, "not_mapping", field=f"targets[{i}]")
            continue
        name = c.text(raw, "name", tp, required=True)
        targets.append(Target(name or "", c.text(raw, "unit", tp), c.number(raw, "target", tp)))

    steps_timeline = c.mapping(c.mapping(data, "timeline", ()), "steps", ("timeline",))
    steps: list[Step] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.seq(data, "roadmap", ())):
        rp = ("roadmap", i)
        if not isinstance(raw, Mapping):
            c.add(rp, "not_mapping", field=f"roadmap[{i}]")
            continue
        sid = c.text(raw, "id", rp, required=True)
        if sid is None:
            continue
        if not STEP_ID_RE.match(sid):
            c.add(rp + ("id",), "bad_step_id", step=sid)
        if sid in seen:
            c.add(rp + ("id",), "duplicate_step", step=sid)
        after = c.texts(raw, "after", rp)
        for ref in after:
            if ref not in seen:
                c.add(rp + ("after",), "bad_after", step=sid, ref=ref)
        seen.add(sid)
        w = c.number(raw, "weight", rp)
        if w is not None and w <= 0:
            c.add(rp + ("weight",), "bad_weight", value=str(w))
        entry = steps_timeline.get(sid)
        due = None
        if isinstance(entry, Mapping):
            due = c.date(entry, "due", ("timeline", "steps", sid))
        elif entry is not None:
            due = as_date(entry)
            if due is None:
                c.add(("timeline", "steps", sid), "not_date", field=sid, value=str(entry))
        steps.append(
            Step(
                id=sid,
                title=c.text(raw, "title", rp, required=True) or "",
                deliverable=c.text(raw, "deliverable", rp),
                after=after,
                weight=w if w is not None and w > 0 else 1.0,
                owner=c.text(raw, "owner", rp),
                due=due,
            )
        )
    for sid in steps_timeline:
        if str(sid) not in seen:
            c.add(("timeline", "steps", sid), "unknown_step", step=str(sid))

    timeline = c.mapping(data, "timeline", ())
    cadence = c.text(timeline, "cadence", ("timeline",))
    if cadence is not None and cadence not in CADENCES:
        c.add(("timeline", "cadence"), "bad_cadence", value=cadence, allowed=", ".join(CADENCES))

    log = []
    for i, raw in enumerate(c.seq(data, "log", ())):
        entry = _parse_entry(c, raw, i, seen)
        if entry is not None:
            log.append(entry)

    # Every field is checked before deciding: a wrong type anywhere makes the file broken.
    sheet_texts = {key: c.text(sheet, key, sp) for key in ("goal", "lead_unit", "leader", "owner", "acceptance")}
    partner_units, deliverables = c.texts(sheet, "partner_units", sp), c.texts(sheet, "deliverables", sp)
    start, due = c.date(timeline, "start", ("timeline",)), c.date(timeline, "due", ("timeline",))
    if c.issues:
        raise SchemaError(c.issues)
    return Item(
        id=item_id or "",
        title=title or "",
        area=area,
        parent=parent,
        targets=tuple(targets),
        partner_units=partner_units,
        deliverables=deliverables,
        steps=tuple(steps),
        start=start,
        due=due,
        cadence=cadence,
        **sheet_texts,
        log=tuple(log),
        weight=weight if weight is not None and weight > 0 else 1.0,
        plan=plan,
        raw=dict(data),
    )


def _parse_entry(c: _Checker, raw: Any, i: int, steps: set[str]) -> Entry | None:
    lp = ("log", i)
    if not isinstance(raw, Mapping):
        c.add(lp, "not_mapping", field=f"log[{i}]")
        return None
    event = c.text(raw, "event", lp, required=True)
    if event is not None and event not in EVENTS:
        c.add(lp + ("event",), "bad_event", value=event)
        return None
    at_value = raw.get("at")
    when = c.date(raw, "date", lp)
    if when is None and "date" not in raw:
        when = _day_of(at_value)
        if when is None:
            c.add(lp, "entry_no_date")
    by = c.text(raw, "by", lp) or ""
    if event in ("step_done", "step_progress"):
        step = c.text(raw, "step", lp, required=True)
        if step is not None and step not in steps:
            c.add(lp + ("step",), "unknown_step", step=step)
    if event == "step_progress":
        pct = c.number(raw, "progress", lp)
        if pct is None or not 0 <= pct <= 100:
            c.add(lp + ("progress",), "bad_percent", value=str(raw.get("progress")))
    if event == "measure":
        c.text(raw, "target", lp, required=True)
        if c.number(raw, "value", lp) is None:
            c.add(lp + ("value",), "missing_field", field="value")
    if event == "extend" and c.date(raw, "due", lp) is None:
        c.add(lp + ("due",), "missing_field", field="due")
    if event is None or when is None:
        return None
    data = dict(raw)
    if "due" in data:
        data["due"] = as_date(data["due"])
    return Entry(index=i, at=as_timestamp(at_value), date=when, by=by, event=event, data=data)


# --- plans and settings --------------------------------------------------------------------------


def _thresholds(c: _Checker, data: Mapping[str, Any], path: tuple[Any, ...]) -> dict[str, int]:
    out = {}
    for key, value in c.mapping(data, "thresholds", path).items():
        if key not in THRESHOLD_DEFAULTS:
            c.add(path + ("thresholds", key), "bad_threshold", name=str(key), allowed=", ".join(THRESHOLD_DEFAULTS))
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            c.add(path + ("thresholds", key), "not_number", field=str(key), value=str(value))
        else:
            out[key] = value
    return out


def parse_plan(data: Any, name: str) -> Plan:
    c = _Checker()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_mapping", {"field": "plan.yaml"})])
    prefix = c.text(data, "prefix", (), required=True)
    if prefix is not None and (not PREFIX_RE.match(prefix) or len(prefix) > MAX_PREFIX_LENGTH):
        c.add(("prefix",), "bad_prefix", prefix=shorten(prefix))
    period = c.mapping(data, "period", ())
    areas = {}
    for key, label in c.mapping(data, "areas", ()).items():
        if isinstance(label, Mapping | list):
            c.add(("areas", key), "not_text", field=str(key))
        areas[str(key)] = str(label) if label is not None else str(key)
    plan = Plan(
        name=name,
        title=c.text(data, "title", ()) or name,
        prefix=(prefix or "").upper(),
        organisation=c.text(data, "organisation", ()),
        period_start=c.date(period, "start", ("period",)),
        period_end=c.date(period, "end", ("period",)),
        areas=areas,
        thresholds=_thresholds(c, data, ()),
        illustrative=bool(data.get("illustrative", False)),
        raw=dict(data),
    )
    if c.issues:
        raise SchemaError(c.issues)
    return plan


def parse_settings(data: Any) -> Settings:
    c = _Checker()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_mapping", {"field": "fivefold.yaml"})])
    language = c.text(data, "language", ())
    if language is not None and language not in ("zh", "en"):
        c.add(("language",), "bad_language", value=language)
        language = None
    review = data.get("self_review", "forbidden")
    if review not in ("allowed", "forbidden", True, False):
        c.add(("self_review",), "bad_self_review", value=str(review))
    labels = {}
    for key, label in c.mapping(data, "check_labels", ()).items():
        if not isinstance(key, int) or not 1 <= key <= 5:
            c.add(("check_labels", key), "bad_check_label", name=str(key))
        else:
            labels[key] = str(label)
    settings = Settings(
        language=language,
        thresholds={**THRESHOLD_DEFAULTS, **_thresholds(c, data, ())},
        self_review=review in ("allowed", True),
        check_labels=labels,
        raw=dict(data),
    )
    if c.issues:
        raise SchemaError(c.issues)
    return settings


def thresholds_for(settings: Settings, plan: Plan | None) -> dict[str, int]:
    """Workspace thresholds, overridden by the plan's."""
    return {**settings.thresholds, **(plan.thresholds if plan else {})}


# --- compact records (for the cache: only types marshal can store) ------------------------------


def _to_plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return ("__ts__", value.isoformat())
    if isinstance(value, dt.date):
        return ("__d__", value.toordinal())
    if isinstance(value, Mapping):
        return {str(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, set | frozenset):  # `!!set` in a hand-written entry; its dates need converting too
        return [_to_plain(v) for v in sorted(value, key=repr)]
    return value


def _from_plain(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__d__":
        return dt.date.fromordinal(value[1])
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__ts__":
        return dt.datetime.fromisoformat(value[1])
    if isinstance(value, dict):
        return {k: _from_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_plain(v) for v in value]
    return value


def _ord(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _day(number: int | None) -> dt.date | None:
    return dt.date.fromordinal(number) if number is not None else None


def item_record(item: Item) -> tuple[Any, ...]:
    """An Item as nested tuples of str/int/float/None (its `raw` is not kept)."""
    return (
        item.id, item.title, item.area, item.parent, item.goal,
        tuple((t.name, t.unit, t.target) for t in item.targets),
        item.lead_unit, item.partner_units, item.leader, item.owner, item.deliverables, item.acceptance,
        tuple((s.id, s.title, s.deliverable, s.after, s.weight, s.owner, _ord(s.due)) for s in item.steps),
        _ord(item.start), _ord(item.due), item.cadence,
        tuple((e.index, e.at, e.date.toordinal(), e.by, e.event, _to_plain(e.data)) for e in item.log),
        item.weight, item.plan,
    )  # fmt: skip


def item_from_record(r: tuple[Any, ...]) -> Item:
    return Item(
        id=r[0], title=r[1], area=r[2], parent=r[3], goal=r[4],
        targets=tuple(Target(*t) for t in r[5]),
        lead_unit=r[6], partner_units=r[7], leader=r[8], owner=r[9], deliverables=r[10], acceptance=r[11],
        steps=tuple(Step(s[0], s[1], s[2], s[3], s[4], s[5], _day(s[6])) for s in r[12]),
        start=_day(r[13]), due=_day(r[14]), cadence=r[15],
        log=tuple(Entry(e[0], e[1], dt.date.fromordinal(e[2]), e[3], e[4], _from_plain(e[5])) for e in r[16]),
        weight=r[17], plan=r[18],
    )  # fmt: skip
