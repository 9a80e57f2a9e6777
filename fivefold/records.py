"""Items as the items cache keeps them: tuples of str, int, float and None that marshal can store,
made from the typed data of fivefold.model and back. A record holds a class's fields in their
declared order, so a new field of text or numbers is cached with no change here; a date (kept as
its day number) or nested data needs its pair of conversions below. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

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
