"""China's working days: the State Council's holiday schedule with its make-up working days (调休), from
the chinesecalendar package (loaded on first use), overridden by a workspace's `holidays:`/`workdays:`.
Beyond the years the package knows, Monday to Friday are working days and `uncovered` names the years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# The holidays offices name in a deadline (春节前, 国庆节前 …) -> chinesecalendar's Holiday value; the day
# before the first day off is the deadline. 元旦 and the rest fall back to their fixed dates (below).
HOLIDAY_NAMES = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明": "Tomb-sweeping Day",
    "清明节": "Tomb-sweeping Day",
    "五一": "Labour Day",
    "劳动节": "Labour Day",
    "端午": "Dragon Boat Festival",
    "端午节": "Dragon Boat Festival",
    "中秋": "Mid-autumn Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆": "National Day",
    "国庆节": "National Day",
}
# Without the package's data for a year, the fixed-date holidays still have their day; the lunar ones do not.
_FIXED = {"New Year's Day": (1, 1), "Tomb-sweeping Day": (4, 4), "Labour Day": (5, 1), "National Day": (10, 1)}


@dataclass
class Calendar:
    """Working days: the official schedule where chinesecalendar has it, Monday–Friday elsewhere; the
    workspace's own `holidays` and `workdays` win over both."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    uncovered: set[int] = field(default_factory=set)  # years counted Monday–Friday for want of data

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        official = _official(day)
        if official is None:
            self.uncovered.add(day.year)
            return day.weekday() < 5
        return official

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (before it when n < 0); `day` itself is never counted."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left:
            day += dt.timedelta(days=step)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; when `end` is earlier, minus the working
        days from `end` up to but not including `start`. The inverse of add_workdays either way."""
        if end < start:
            return -sum(1 for n in range((start - end).days) if self.is_workday(end + dt.timedelta(days=n)))
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + dt.timedelta(days=n)))

    def holiday_start(self, name: str, year: int) -> dt.date | None:
        """The first day off of a named holiday (春节, 国庆节 …) in `year`, None when unknown."""
        english = HOLIDAY_NAMES.get(name)
        if english is None:
            return None
        days = [day for day, label in _official_holidays().items() if day.year == year and label == english]
        if days:
            return min(days)
        if english in _FIXED:
            self.uncovered.add(year)
            return dt.date(year, *_FIXED[english])
        return None


def from_settings(raw: Any) -> Calendar:
    """The workspace's calendar from fivefold.yaml's `holidays:` and `workdays:` (lists of dates);
    fivefold.schema has already refused anything else."""
    raw = raw if isinstance(raw, dict) else {}
    return Calendar(holidays=_dates(raw.get("holidays")), workdays=_dates(raw.get("workdays")))


def _dates(values: Iterable[Any] | None) -> frozenset[dt.date]:
    return frozenset(
        v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
        for v in values or ()
        if isinstance(v, dt.date) or _iso(str(v))
    )


def _iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_DEFAULT = Calendar()


def is_workday(day: dt.date, calendar: Calendar | None = None) -> bool:
    return (calendar or _DEFAULT).is_workday(day)


def add_workdays(day: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    return (calendar or _DEFAULT).add_workdays(day, n)


def workdays_between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    return (calendar or _DEFAULT).workdays_between(start, end)


def _official(day: dt.date) -> bool | None:
    """chinesecalendar's answer, None outside the years it knows."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@lru_cache(maxsize=1)
def _official_holidays() -> dict[dt.date, str]:
    from chinese_calendar import constants

    return {day: getattr(label, "value", label) for day, label in constants.holidays.items()}
