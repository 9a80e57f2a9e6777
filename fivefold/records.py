"""Items as the items cache keeps them: tuples of str, int, float and None that marshal can store,
made from the typed data of fivefold.model and back. A record holds a class's fields in their
declared order, so a new field of text or numbers is cached with no change here; a date (kept as
its day number) or nested data needs its pair of conversions below. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any, NamedTuple

from fivefold.model import Entry, Item, Step, Target

Convert = tuple[Callable[[Any], Any], Callable[[Any], Any]]  # (to the record, back)


class Shape:
    """How one class is recorded: its fields in order (less `skip`), some through a conversion."""

    def __init__(self, cls: type, convert: dict[str, Convert], skip: tuple[str, ...] = ()) -> None:
        self.cls = cls
        self.names = tuple(f.name for f in fields(cls) if f.name not in skip)
        unknown = set(convert) - set(self.names)
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        self._to = [(i, convert[name][0]) for i, name in enumerate(self.names) if name in convert]
        self._back = [(i, convert[name][1]) for i, name in enumerate(self.names) if name in convert]

    def record(self, value: Any) -> tuple[Any, ...]:
        values = [getattr(value, name) for name in self.names]
        for i, to in self._to:
            values[i] = to(values[i])
        return tuple(values)

    def value(self, record: tuple[Any, ...]) -> Any:
        if not self._back:
            return self.cls(*record)
        values = list(record)
        for i, back in self._back:
            values[i] = back(values[i])
        return self.cls(*values)


# --- conversions ---------------------------------------------------------------------------------


_LEAVES = frozenset({str, int, float, bool, type(None)})  # kept as they are, both ways


def _to_plain(value: Any) -> Any:
    kind = type(value)
    if kind in _LEAVES:  # most values: tested first, by exact type (a subclass takes the general path)
        return value
    if kind is dict:
        return {str(k): v if type(v) in _LEAVES else _to_plain(v) for k, v in value.items()}
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
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is dict:
        return {k: v if type(v) in _LEAVES else _from_plain(v) for k, v in value.items()}
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


def _all(shape: Shape) -> Convert:
    """A tuple of values of one shape (the steps of an item, its log)."""
    return (lambda values: tuple(map(shape.record, values)), lambda records: tuple(map(shape.value, records)))


DAY: Convert = (_ord, _day)
TARGET = Shape(Target, {})
STEP = Shape(Step, {"due": DAY})
ENTRY = Shape(Entry, {"date": (dt.date.toordinal, dt.date.fromordinal), "data": (_to_plain, _from_plain)})
ITEM = Shape(
    Item,
    {"targets": _all(TARGET), "steps": _all(STEP), "start": DAY, "due": DAY, "log": _all(ENTRY)},
    skip=("raw",),  # the file's data as read: views that need it read the file
)
# What the records hold, for the cache's tag: a cache written with other fields counts as empty.
FINGERPRINT = repr([(shape.cls.__name__, shape.names) for shape in (TARGET, STEP, ENTRY, ITEM)])


def item_record(item: Item) -> tuple[Any, ...]:
    """An Item as nested tuples of str/int/float/None (its `raw` is not kept)."""
    return ITEM.record(item)


def item_from_record(record: tuple[Any, ...]) -> Item:
    item: Item = ITEM.value(record)
    return item


# --- the rows of the list index (index.py caches them per file, as plain tuples) ----------------


class Row(NamedTuple):
    """One item as `list` and `dashboard` show it as of a date; `list --json` writes these fields, in
    this order (DESIGN §6, §11.11): absent values are null, never omitted."""

    id: str
    title: str
    plan: str
    area: str | None
    parent: str | None
    state: str
    lead_unit: str | None  # current: after any reassign
    owner: str | None
    start: str | None  # ISO dates
    due: str | None  # the due date in force
    due_planned: str | None
    progress: float  # 0–100, one decimal
    expected: float
    lag: float
    light: str
    bucket: str
    overdue_days: int
    closed_on_time: bool | None
    rectifications: int
    steps: int
    steps_done: int
    partner_units: list[str]  # for --unit, which matches partners too
    ongoing: bool  # timeline.ongoing (长期坚持, 常态化): lists show 长期 for its due date
    reasons: tuple[tuple[str, dict[str, Any]], ...]  # why red or yellow (schedule.reasons_of); JSON: wording.reasons_json
    reports_made: int  # reporting periods with a progress report (fivefold.cadence), of
    reports_expected: int  # the periods one was owed in
    workspace: str | None = None  # which workspace, when several are shown together (JSON: only then)

    def to_json(self) -> dict[str, Any]:
        # zip() stops at the shorter: without `workspace` when there is none. (Not made whole and then
        # deleted from: json encodes a dict with a deleted key half as fast again.)
        return dict(zip(self._fields if self.workspace is not None else _ROW_FIELDS, self, strict=False))


class TraceRow(NamedTuple):
    """One log entry in replay order with the state before and after it: what the dashboard's recent
    changes and the period report list."""

    date: str  # ISO: the day it happened
    at: str | None  # when it was recorded
    event: str
    by: str
    before: str  # the state before it
    after: str
    skipped: bool  # the loop's table forbids it where it stands (a merged log): replay passed over it
    detail: Any  # its reason, note or evidence, as written
    due: str | None  # ISO: the new due date of an extension
    subject: str | None  # the step or target it is about
    value: float | None  # a step's progress, a target's measured value
    note: str | None  # the note that went with it (any event may carry one)
    kind: str | None  # a note's kind (events.NOTE_KINDS)


_ROW_FIELDS = Row._fields[:-1]  # all but `workspace`, the last
_PARTNERS = Row._fields.index("partner_units")
_TRACE_DATE = TraceRow._fields.index("date")
_TRACE_EVENT = TraceRow._fields.index("event")
_TRACE_SKIPPED = TraceRow._fields.index("skipped")


class Traces:
    """Each item's trace as the traces cache keeps it (tuples in replay order, so by date), made
    TraceRows only when asked for: a dashboard wants the entries of a week out of years of logs."""

    def __init__(self, cached: dict[str, tuple[tuple[Any, ...], ...]] | None = None) -> None:
        self.cached = cached if cached is not None else {}  # item id -> its trace as plain tuples

    def of(self, item_id: str) -> list[TraceRow]:
        return [TraceRow._make(entry) for entry in self.cached.get(item_id, ())]

    def last_of(self, item_id: str, events: frozenset[str]) -> TraceRow | None:
        """The latest applied entry of one of these events, read from the end."""
        for entry in reversed(self.cached.get(item_id, ())):
            if entry[_TRACE_EVENT] in events and not entry[_TRACE_SKIPPED]:
                return TraceRow._make(entry)
        return None

    def between(self, item_id: str, first: str, last: str) -> list[TraceRow]:
        """The entries dated from `first` to `last` (ISO dates, both counted), read from the end."""
        found = []
        for entry in reversed(self.cached.get(item_id, ())):
            date = entry[_TRACE_DATE]
            if date < first:
                break
            if date <= last:
                found.append(entry)
        return [TraceRow._make(entry) for entry in reversed(found)]


class Shared:
    """One object for equal strings and floats across the rows made in a run (a plan, an area, a
    unit, a date, 100.0 are each kept once, not once per row): marshal writes an object met again as
    a reference to the first, so a cache file saved from them loads each once too — at 100,000 items
    the row cache takes about half the memory. Only a row's own fields, its list of partner units and
    its figures are looked at (fast enough for every row of a first read); -0.0 is left as it is
    (it equals 0.0 but prints otherwise), and a float is never swapped for an equal int (floats have a memo of their own)."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._numbers: dict[float, float] = {}

    def row(self, payload: tuple[Any, ...]) -> tuple[Any, ...]:
        """A row cache payload ("ok", row fields, figures, canonical id) with its leaves shared."""
        if payload[0] != "ok":
            return payload
        kind, fields_, figures, canonical = payload
        text, number = self._text.setdefault, self._numbers.setdefault
        out: list[Any] = [
            text(v, v) if type(v) is str else number(v, v) if type(v) is float and (v or str(v) == "0.0") else v for v in fields_
        ]
        partners = out[_PARTNERS]
        if type(partners) is list:
            out[_PARTNERS] = [text(v, v) if type(v) is str else v for v in partners]
        shared = tuple([number(v, v) if type(v) is float and (v or str(v) == "0.0") else v for v in figures])
        return kind, tuple(out), shared, text(canonical, canonical) if type(canonical) is str else canonical
