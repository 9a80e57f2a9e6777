"""倒排工期: each step's dates from its duration in working days, backwards from the item's due date
(a step ends the working day before its successors start) or forwards from its start. A step already
done is not planned: it keeps its dates. Pure: the working-day calendar is passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fivefold.model import Item, Step
from fivefold.workdays import Calendar


@dataclass(frozen=True, slots=True)
class Planned:
    step: Step
    days: int  # the step's duration; a step without `days` counts one working day
    start: dt.date
    end: dt.date
    done: dt.date | None = None  # a step done on this day: not planned (start and end are that day)


def predecessors(item: Item) -> dict[str, tuple[str, ...]]:
    """The steps each step follows: its `after`; when no step names any, the roadmap is one chain
    in its order (steps typed one after another on the command line)."""
    if any(s.after for s in item.steps):
        return {s.id: s.after for s in item.steps}
    ids = [s.id for s in item.steps]
    return {sid: (ids[i - 1],) if i else () for i, sid in enumerate(ids)}


def on_or_before(day: dt.date, cal: Calendar) -> dt.date:
    return day if cal.is_workday(day) else cal.add_workdays(day, -1)


def on_or_after(day: dt.date, cal: Calendar) -> dt.date:
    return day if cal.is_workday(day) else cal.add_workdays(day, 1)


def backward(item: Item, due: dt.date, cal: Calendar, done: Mapping[str, dt.date] | None = None) -> list[Planned]:
    """The latest dates each step can have for the item to end on `due` (the last working day on or
    before it); the roadmap lists a step after those it follows, so one pass from its end suffices.
    A done step (`done`: step id -> the day) keeps its dates and binds nothing: what it follows is
    planned as if it were not there (it can no longer wait for a step already finished)."""
    done = done or {}
    before = predecessors(item)
    starts: dict[str, dt.date] = {}
    planned: dict[str, Planned] = {}
    for step in reversed(item.steps):
        if step.id in done:
            planned[step.id] = Planned(step, step.days or 1, done[step.id], done[step.id], done[step.id])
            continue
        successors = [sid for sid, preds in before.items() if step.id in preds and sid in starts]
        end = min((cal.add_workdays(starts[sid], -1) for sid in successors), default=on_or_before(due, cal))
        days = step.days or 1
        start = cal.add_workdays(end, -(days - 1)) if days > 1 else end
        starts[step.id] = start
        planned[step.id] = Planned(step, days, start, end)
    return [planned[s.id] for s in item.steps]


def forward(item: Item, start: dt.date, cal: Calendar, done: Mapping[str, dt.date] | None = None) -> list[Planned]:
    """The earliest dates of each step from the item's start (the first working day on or after it).
    A done step keeps its dates; a step after it starts the working day after it was actually done."""
    done = done or {}
    before = predecessors(item)
    ends: dict[str, dt.date] = {}
    planned = []
    for step in item.steps:
        if step.id in done:
            ends[step.id] = done[step.id]
            planned.append(Planned(step, step.days or 1, done[step.id], done[step.id], done[step.id]))
            continue
        preds = [ends[sid] for sid in before.get(step.id, ()) if sid in ends]
        first = cal.add_workdays(max(preds), 1) if preds else on_or_after(start, cal)
        days = step.days or 1
        end = cal.add_workdays(first, days - 1) if days > 1 else first
        ends[step.id] = end
        planned.append(Planned(step, days, first, end))
    return planned
