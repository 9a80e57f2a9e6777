"""Parsing the date words people type: 2026-12-31, 2026/12/31, 2026年12月31日, 12-31, +2w, eom, 月底 …;
and date arithmetic that holds at the ends of the calendar (0001-01-01 and 9999-12-31)."""

from __future__ import annotations

import datetime as dt
import re

from fivefold.errors import DateError

ACCEPTED = (
    "2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日, 12-31, 12月31日, "
    "today, tomorrow, yesterday, +3d, -3d, +2w, +1m, +1y, eow, eom, eoq, eoy, "
    "今天, 明天, 昨天, 后天, 周末, 月底, 季末, 年底"
)

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?$")
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwmy])$")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def _end_of(kind: str, today: dt.date) -> dt.date:
    from dateutil.relativedelta import relativedelta

    if kind == "eow":  # Sunday of this week
        return today + dt.timedelta(days=6 - today.weekday())
    if kind == "eom":
        return today + relativedelta(day=31)
    if kind == "eoq":
        last_month = ((today.month - 1) // 3) * 3 + 3
        return today + relativedelta(month=last_month, day=31)
    return dt.date(today.year, 12, 31)


_WORDS = {
    "today": lambda t: t,
    "今天": lambda t: t,
    "今日": lambda t: t,
    "tomorrow": lambda t: t + dt.timedelta(days=1),
    "明天": lambda t: t + dt.timedelta(days=1),
    "后天": lambda t: t + dt.timedelta(days=2),
    "yesterday": lambda t: t - dt.timedelta(days=1),
    "昨天": lambda t: t - dt.timedelta(days=1),
    "eow": lambda t: _end_of("eow", t),
    "周末": lambda t: _end_of("eow", t),
    "本周末": lambda t: _end_of("eow", t),
    "eom": lambda t: _end_of("eom", t),
    "月底": lambda t: _end_of("eom", t),
    "月末": lambda t: _end_of("eom", t),
    "本月底": lambda t: _end_of("eom", t),
    "eoq": lambda t: _end_of("eoq", t),
    "季末": lambda t: _end_of("eoq", t),
    "季度末": lambda t: _end_of("eoq", t),
    "本季末": lambda t: _end_of("eoq", t),
    "eoy": lambda t: _end_of("eoy", t),
    "年底": lambda t: _end_of("eoy", t),
    "年末": lambda t: _end_of("eoy", t),
    "今年底": lambda t: _end_of("eoy", t),
}


def _make(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("bad_date", text=text, forms=ACCEPTED) from None


def parse_date(text: str, today: dt.date) -> dt.date:
    """One date from what a person typed; `today` anchors the relative forms."""
    raw = text
    text = text.strip().lower().replace("－", "-").replace("／", "/").replace("＋", "+")
    if text in _WORDS:
        try:
            return _WORDS[text](today)
        except OverflowError:  # tomorrow of 9999-12-31
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if m := _FULL.match(text):
        return _make(raw, int(m[1]), int(m[2]), int(m[3]))
    if m := _SHORT.match(text):
        return _make(raw, today.year, int(m[1]), int(m[2]))
    if m := _OFFSET.match(text):
        from dateutil.relativedelta import relativedelta

        amount = int(m[2]) * (1 if m[1] == "+" else -1)
        try:
            return today + relativedelta(**{_UNITS[m[3]]: amount})  # type: ignore[arg-type]  # the stubs see `dt1`
        except (ValueError, OverflowError):
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if len(text) >= 10 and text[4] == "-":
        from dateutil.parser import isoparse

        try:
            return isoparse(text).date()
        except (ValueError, OverflowError):
            pass
    raise DateError("bad_date", text=raw, forms=ACCEPTED)


# --- arithmetic at the ends of the calendar -------------------------------------------------------
# --as-of 9999-12-31 is a valid date; "14 days after it" is not. Views ask for such dates (the
# due-soon window, the Gantt's months, a report period): they get the last (or first) date there is.


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, held at 0001-01-01 and 9999-12-31."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def shift(start: dt.date, /, **delta: int) -> dt.date:
    """`start` + relativedelta(**delta) (months=-3, day=31 …), held at 0001-01-01 and 9999-12-31."""
    from dateutil.relativedelta import relativedelta

    try:
        return start + relativedelta(**delta)  # type: ignore[arg-type]  # the stubs see `dt1`
    except (ValueError, OverflowError):
        largest = next((delta[k] for k in ("years", "months", "weeks", "days") if delta.get(k)), 0)  # decides the side
        return dt.date.max if largest >= 0 else dt.date.min


def next_month(day: dt.date) -> dt.date | None:
    """The first day of the month after `day`'s; None after December 9999."""
    if day.month == 12:
        return dt.date(day.year + 1, 1, 1) if day.year < dt.MAXYEAR else None
    return dt.date(day.year, day.month + 1, 1)
