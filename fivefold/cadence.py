"""Reporting cadence (填报, issue 13 §1): the periods in which an active item owes a progress report,
which of them it reported in, and how many it has missed since its last report. Pure; no clock.

The rule (README "报送频次"): periods are calendar weeks (Monday to Sunday), two-week periods counted
from the Monday of the week reporting began, calendar months or calendar quarters. Reporting begins
the day the item was started (its `start` entry; the planned start when the log has none). A period
is *expected* when it begins on or after that day and has ended before the day it is judged on (as-of,
or the day it was submitted for acceptance): a period already under way when the item started is a
grace period, and the current period is not yet due. A report is a note, a step done, a step's
progress or a measured target, dated on or before as-of.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

REPORT_EVENTS = frozenset({"note", "step_done", "step_progress", "measure"})


@dataclass(frozen=True, slots=True)
class Reporting:
    expected: int  # periods a report was owed in
    made: int  # of them, those with at least one report
    missed: int  # expected periods after the last report (or all of them, with none)
    last: dt.date | None  # the last report on or before as-of
    since: dt.date  # the day reporting began


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def periods(cadence: str, begin: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """The periods (first day, last day) from the one holding `begin` onwards, without end."""
    if cadence in ("weekly", "biweekly"):
        length = dt.timedelta(days=7 if cadence == "weekly" else 14)
        first = _monday(begin)
        while True:
            yield first, first + length - dt.timedelta(days=1)
            first += length
    step = 1 if cadence == "monthly" else 3
    month = begin.month if cadence == "monthly" else begin.month - (begin.month - 1) % 3
    year = begin.year
    while True:
        first, after = _month_start(year, month), _month_start(year, month + step)
        yield first, after - dt.timedelta(days=1)
        year, month = after.year, after.month


def reporting(cadence: str, since: dt.date, until: dt.date, reports: Iterable[dt.date]) -> Reporting:
    """Reporting owed from `since` for the periods that ended before `until`, given the report dates."""
    dates = sorted(reports)
    expected: list[tuple[dt.date, dt.date]] = []
    for first, last in periods(cadence, since):
        if last >= until:
            break
        if first >= since:
            expected.append((first, last))
    made = sum(1 for first, last in expected if bisect_right(dates, last) > bisect_left(dates, first))  # one in [first, last]
    latest = dates[-1] if dates else None
    missed = sum(1 for first, _ in expected if latest is None or first > latest)
    return Reporting(len(expected), made, missed, latest, since)
