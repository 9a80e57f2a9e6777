"""Parsing the date words people type: 2026-12-31, 2026/12/31, 2026年12月31日, 12-31, +2w, eom, 月底 …;
and date arithmetic that holds at the ends of the calendar (0001-01-01 and 9999-12-31)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from fivefold.errors import DateError

if TYPE_CHECKING:
    from fivefold.workdays import Calendar

ACCEPTED = (
    "2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日, 12-31, 12月31日, 6月30日前, "
    "2026年6月底前完成, 6月底, 9月投入使用, 2026.6, 2026年6月, 6月, 10月中旬, 11月上旬, "
    "上半年, 下半年, 一季度, 第三季度, 三季度末, 2026年第二季度, Q3, 年底前, 2026年底, 全年, 年内, "
    "春节前, 国庆节前, 元旦前, 下周五, +10工作日, 10个工作日内, +10wd, "
    "today, tomorrow, yesterday, +3d, -3d, +2w, +1m, +1y, eow, eom, eoq, eoy, "
    "今天, 明天, 昨天, 后天, 周末, 月底, 季末, 年底"
)

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwmy])$")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
# +10工作日, 10个工作日内, +10wd, -3wd: counted on the working-day calendar (fivefold.workdays)
_WORKDAYS = re.compile(r"^([+-]?)\s*(\d{1,4})\s*(?:个)?\s*(?:工作日|wd)\s*(?:之?内|以内)?$")
_WEEKDAY = re.compile(r"^(下下|下|本|这)?\s*(?:周|星期|礼拜)([一二三四五六日天])$")
_WEEKDAYS = "一二三四五六日"
_HOLIDAY = re.compile(
    r"^(?:(?P<y>\d{4})\s*年)?\s*(?P<name>元旦|春节|清明节?|五一|劳动节|端午节?|中秋节?|国庆节?)\s*(?:之前|以前|前)$"
)
_WHOLE_YEAR = frozenset({"全年", "年内", "年度内", "本年度", "全年度"})

# --- the words of a deadline cell: month, quarter, half-year and year, with 前/底/末 -------------------
# A form without a year belongs to the year the caller gives (--year, the plan's period, the as-of year).
PART_OF_MONTH = r"\s*(?P<part>底|末|中旬|上旬|下旬|初)?"
PART_OF_YEAR = r"(?P<ypart>年?底|年?末|上半年|下半年|第?[一二三四1-4]季度末?|[qQ][1-4])"
FORMS = [
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月份?" + PART_OF_MONTH),
    re.compile(r"(?P<y>\d{4})\s*[./]\s*(?P<m>\d{1,2})(?![\d./])" + PART_OF_MONTH),  # 2026.6 (a month)
    re.compile(r"(?P<y>\d{4})\s*年(?!度)\s*" + PART_OF_YEAR + "?"),
    re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(r"(?P<m>\d{1,2})\s*月份?" + PART_OF_MONTH),
    re.compile(PART_OF_YEAR.replace("年?底|年?末", "年底|年末")),
]
BEFORE = r"\s*(?:之前|以前|前|为止|止)?"
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")  # Excel's "2026/3/31 0:00"
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}
# What follows the date in a deadline cell: 完成, 投入使用, 动工 … — words, no digits
_TAIL = re.compile(BEFORE + r"\s*[\u4e00-\u9fff]{1,10}$")


def period(m: re.Match[str], year: int) -> tuple[dt.date, dt.date]:
    """First and last day a matched form covers (3月底 -> the 31st; 2026年 -> the whole year); a form
    without a year is in `year`. ValueError for a day that does not exist (2月30日)."""
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else year
    if g.get("d"):
        day = dt.date(y, int(g["m"]), int(g["d"]))
        return day, day
    if g.get("m"):
        month = int(g["m"])
        last = calendar.monthrange(y, month)[1] if 1 <= month <= 12 else 0
        spans = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, last), "底": (last, last), "末": (last, last)}
        lo, hi = spans.get(g.get("part") or "", (1, last))
        return dt.date(y, month, lo), dt.date(y, month, hi)
    part = g.get("ypart") or ""
    if "季度" in part or part[:1] in "qQ" and part:
        digit = re.search(r"[一二三四1-4]", part)[0]  # type: ignore[index]
        q = _QUARTERS.get(digit) or int(digit)
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if part == "上半年":
        return dt.date(y, 1, 1), dt.date(y, 6, 30)
    if part == "下半年":
        return dt.date(y, 7, 1), dt.date(y, 12, 31)
    if part:  # 年底, 年末, 底, 末
        return dt.date(y, 12, 1), dt.date(y, 12, 31)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


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
    "今年底": lambda t: _end_of("eoy", t),
}


def _make(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("bad_date", text=text, forms=ACCEPTED) from None


def parse_date(
    text: str,
    today: dt.date,
    *,
    year: int | None = None,
    end: bool = True,
    calendar: Calendar | Callable[[], Calendar] | None = None,
) -> dt.date:
    """One date from what a person typed or a table holds; `today` anchors the relative forms, `year`
    (else today's) the forms without a year, `calendar` (or a function giving it, asked only when a
    working-day form needs it) the working days. A form naming a span (6月, 二季度, 2026年) means its
    last day, or its first with end=False."""
    raw = text
    text = _TIME.sub("", text.strip()).lower().replace("－", "-").replace("／", "/").replace("＋", "+").replace("ｑ", "q")
    text = re.sub(r"^(?:截至|截止|于|在)\s*", "", text)
    year = year or today.year
    if text in _WORDS:
        try:
            return _WORDS[text](today)
        except OverflowError:  # tomorrow of 9999-12-31
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if m := _FULL.match(text):
        return _make(raw, int(m[1]), int(m[2]), int(m[3]))
    if m := _SHORT.match(text):
        return _make(raw, year, int(m[1]), int(m[2]))
    if m := _OFFSET.match(text):
        from dateutil.relativedelta import relativedelta

        amount = int(m[2]) * (1 if m[1] == "+" else -1)
        try:
            return today + relativedelta(**{_UNITS[m[3]]: amount})  # type: ignore[arg-type]  # the stubs see `dt1`
        except (ValueError, OverflowError):
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if m := _WORKDAYS.match(text):
        cal = _calendar(calendar)
        try:
            return cal.add_workdays(today, int(m[2]) * (-1 if m[1] == "-" else 1))
        except OverflowError:
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if m := _WEEKDAY.match(text):
        weeks = {"下下": 2, "下": 1}.get(m[1] or "", 0)
        weekday = _WEEKDAYS.index(m[2].replace("天", "日"))
        try:  # next Friday of the last week of 9999 does not exist
            return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks, days=weekday)
        except OverflowError:
            raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
    if m := _HOLIDAY.match(text):
        name = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节", "国庆": "国庆节"}.get(m["name"], m["name"])
        year = int(m["y"]) if m["y"] else year
        # 元旦前 in a year's plan is its last day: the New Year's Day that closes the year
        try:
            first = _calendar(calendar).holiday_start(name, year + 1 if name == "元旦" else year)
        except ValueError:  # 元旦 after 9999
            first = None
        if first is None:
            raise DateError("bad_date", text=raw, forms=ACCEPTED)
        return first - dt.timedelta(days=1)
    if text in _WHOLE_YEAR or re.fullmatch("年底" + BEFORE, text):
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if (found := _table_form(text, year, end, raw)) is not None:
        return found
    if len(text) >= 10 and text[4] == "-":
        from dateutil.parser import isoparse

        try:
            return isoparse(text).date()
        except (ValueError, OverflowError):
            pass
    raise DateError("bad_date", text=raw, forms=ACCEPTED)


def _table_form(text: str, year: int, end: bool, raw: str) -> dt.date | None:
    """2026年6月底前完成, 9月投入使用, 三季度末, Q3 …: a form of FORMS, then 前, then words."""
    clean = re.sub(BEFORE + "$", "", text) or text
    for form in FORMS:
        m = form.fullmatch(clean) or ((m2 := form.match(text)) and _TAIL.fullmatch(text[m2.end() :]) and m2)
        if m:
            try:
                first, last = period(m, year)
            except ValueError:
                raise DateError("bad_date", text=raw, forms=ACCEPTED) from None
            return last if end else first
    return None


def _calendar(calendar: Calendar | Callable[[], Calendar] | None) -> Calendar:
    from fivefold.workdays import Calendar

    if calendar is None:
        return Calendar()
    return calendar if isinstance(calendar, Calendar) else calendar()


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
