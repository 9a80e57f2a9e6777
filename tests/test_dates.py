"""The date words people type (DESIGN §6): every accepted form, the errors, and properties over all dates."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fivefold.dates import ACCEPTED, parse_date
from fivefold.errors import DateError

TODAY = dt.date(2026, 11, 27)  # a Friday in the fourth quarter
D = dt.date

ACCEPTED_TABLE = [
    # absolute forms
    ("2026-12-31", D(2026, 12, 31)),
    ("2027-01-05", D(2027, 1, 5)),
    ("2026/12/31", D(2026, 12, 31)),
    ("2026/1/5", D(2026, 1, 5)),
    ("2026.12.31", D(2026, 12, 31)),
    ("2026年12月31日", D(2026, 12, 31)),
    ("2026年1月5日", D(2026, 1, 5)),
    ("2026年1月5", D(2026, 1, 5)),
    ("12-31", D(2026, 12, 31)),
    ("1-5", D(2026, 1, 5)),
    ("12/31", D(2026, 12, 31)),
    ("12月31日", D(2026, 12, 31)),
    ("  2026-12-31  ", D(2026, 12, 31)),
    ("2026－12－31", D(2026, 12, 31)),  # full-width dashes
    ("2026／12／31", D(2026, 12, 31)),
    ("2026-12-31T10:30:00+08:00", D(2026, 12, 31)),
    # relative words
    ("today", TODAY),
    ("TODAY", TODAY),
    ("tomorrow", D(2026, 11, 28)),
    ("yesterday", D(2026, 11, 26)),
    ("+3d", D(2026, 11, 30)),
    ("+0d", TODAY),
    ("-3d", D(2026, 11, 24)),
    ("＋3d", D(2026, 11, 30)),
    ("+2w", D(2026, 12, 11)),
    ("+1m", D(2026, 12, 27)),
    ("+3m", D(2027, 2, 27)),
    ("+1y", D(2027, 11, 27)),
    ("eow", D(2026, 11, 29)),
    ("eom", D(2026, 11, 30)),
    ("eoq", D(2026, 12, 31)),
    ("eoy", D(2026, 12, 31)),
    ("今天", TODAY),
    ("今日", TODAY),
    ("明天", D(2026, 11, 28)),
    ("后天", D(2026, 11, 29)),
    ("昨天", D(2026, 11, 26)),
    ("周末", D(2026, 11, 29)),
    ("月底", D(2026, 11, 30)),
    ("月末", D(2026, 11, 30)),
    ("季末", D(2026, 12, 31)),
    ("年底", D(2026, 12, 31)),
    ("年末", D(2026, 12, 31)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_TABLE)
def test_every_accepted_form(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "word", "expected"),
    [
        (D(2026, 2, 10), "eom", D(2026, 2, 28)),
        (D(2028, 2, 10), "eom", D(2028, 2, 29)),
        (D(2026, 1, 31), "+1m", D(2026, 2, 28)),
        (D(2026, 2, 10), "eoq", D(2026, 3, 31)),
        (D(2026, 5, 1), "季末", D(2026, 6, 30)),
        (D(2026, 9, 30), "eoq", D(2026, 9, 30)),
        (D(2026, 11, 29), "eow", D(2026, 11, 29)),  # a Sunday is its own end of week
        (D(2026, 11, 30), "eow", D(2026, 12, 6)),
        (D(2026, 12, 31), "tomorrow", D(2027, 1, 1)),
        (D(2027, 3, 3), "12-31", D(2027, 12, 31)),
    ],
)
def test_relative_forms_depend_on_today(today, word, expected):
    assert parse_date(word, today) == expected


BAD = ["next tuesday", "", "   ", "2026-13-01", "31-12-2026", "12/31/2026", "+3", "3d", "+3x", "soon", "明年", "eod"]


@pytest.mark.parametrize("text", BAD)
def test_bad_forms_name_the_accepted_ones(text):
    with pytest.raises(DateError) as info:
        parse_date(text, TODAY)
    assert info.value.key == "bad_date"
    assert info.value.params["text"] == text
    forms = info.value.params["forms"]
    assert forms == ACCEPTED
    for form in ("2026-12-31", "2026/12/31", "2026年12月31日", "12-31", "today", "tomorrow", "+3d", "+2w", "+1m"):
        assert form in forms
    for form in ("eow", "eom", "eoq", "eoy", "今天", "明天", "月底", "季末", "年底"):
        assert form in forms


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026/02/30", "2026年2月30日", "2-30", "2-29", "2026-04-31", "2026-00-10", "2026-1-0"]
)
def test_impossible_dates_are_errors(text):
    with pytest.raises(DateError) as info:
        parse_date(text, TODAY)
    assert info.value.params["forms"] == ACCEPTED


def test_leap_day_in_a_leap_year():
    assert parse_date("2-29", D(2028, 1, 1)) == D(2028, 2, 29)
    assert parse_date("2028-02-29", TODAY) == D(2028, 2, 29)


# --- properties ----------------------------------------------------------------------------------

FAST = settings(max_examples=200, deadline=None)


@FAST
@given(day=st.dates(), today=st.dates())
def test_any_real_date_parses_back_in_each_written_form(day, today):
    y, m, d = f"{day.year:04d}", day.month, day.day
    assert parse_date(day.isoformat(), today) == day
    assert parse_date(f"{y}/{m}/{d}", today) == day
    assert parse_date(f"{y}/{m:02d}/{d:02d}", today) == day
    assert parse_date(f"{y}年{m}月{d}日", today) == day
    assert parse_date(f"{y}年{m:02d}月{d:02d}日", today) == day


@FAST
@given(today=st.dates(max_value=D(9970, 1, 1)), n=st.integers(min_value=0, max_value=9999))
def test_plus_n_days_is_today_plus_n(today, n):
    assert parse_date(f"+{n}d", today) == today + dt.timedelta(days=n)
    assert parse_date(f"+{n} d", today) == today + dt.timedelta(days=n)


@FAST
@given(today=st.dates(min_value=D(1000, 1, 1)), n=st.integers(min_value=0, max_value=52))
def test_plus_n_weeks_is_today_plus_seven_n_days(today, n):
    if today > dt.date.max - dt.timedelta(weeks=n):
        return
    assert parse_date(f"+{n}w", today) == today + dt.timedelta(weeks=n)


WORDS = [
    "today",
    "tomorrow",
    "yesterday",
    "eow",
    "eom",
    "eoq",
    "eoy",
    "今天",
    "明天",
    "后天",
    "昨天",
    "周末",
    "月底",
    "季末",
    "年底",
]


@FAST
@given(today=st.dates(min_value=D(1, 1, 2), max_value=D(9999, 12, 24)), word=st.sampled_from(WORDS))
@example(today=D(9999, 12, 24), word="月底")  # the last month there is: the check itself once overflowed
def test_relative_words_never_raise(today, word):
    result = parse_date(word, today)
    assert isinstance(result, dt.date)
    assert abs((result - today).days) <= 366
    if word in ("eom", "月底"):
        assert (result.year, result.month) == (today.year, today.month)
        assert result.day == calendar.monthrange(result.year, result.month)[1]  # the last day (+1 day overflows in 9999-12)
    if word in ("eoq", "季末", "eoy", "年底"):
        assert result.year == today.year and result >= today
    if word in ("eow", "周末"):
        assert result.weekday() == 6 and 0 <= (result - today).days <= 6


@pytest.mark.parametrize("word", WORDS + ["+1d", "+1w", "+1m", "+1y", "-1d"])
@pytest.mark.parametrize("today", [dt.date.min, dt.date.max])
def test_relative_words_at_the_ends_of_the_calendar_are_date_errors(word, today):
    """No overflow escapes as an internal error: a date or a DateError."""
    try:
        result = parse_date(word, today)
    except DateError as exc:
        assert exc.params["forms"] == ACCEPTED
    else:
        assert isinstance(result, dt.date)


@FAST
@given(text=st.text(max_size=20))
def test_any_text_gives_a_date_or_a_date_error(text):
    try:
        result = parse_date(text, TODAY)
    except DateError as exc:
        assert exc.params["forms"] == ACCEPTED
    else:
        assert isinstance(result, dt.date)


# --- through the CLI -----------------------------------------------------------------------------


def _files(plans):
    return {p.relative_to(plans): p.read_bytes() for p in plans.rglob("*") if p.is_file() and ".fivefold" not in p.parts}


def test_cli_unknown_date_names_the_forms_and_writes_nothing(ff, plans):
    before = _files(plans)
    result = ff("new", "X", "--due", "next tuesday", expect=1)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "next tuesday" in lines[0]
    for form in ("2026-12-31", "2026/12/31", "2026年12月31日", "+3d", "eom", "月底"):
        assert form in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert not list(plans.rglob("SY-*.yaml"))
    assert _files(plans) == before


def test_cli_unknown_date_in_chinese(ff, plans):
    result = ff("--lang", "zh", "new", "X", "--start", "大后天", expect=1)
    assert result.stderr.count("\n") == 1
    assert "无法识别的日期：大后天" in result.stderr
    assert "2026年12月31日" in result.stderr
    assert not list(plans.rglob("SY-*.yaml"))


@pytest.mark.parametrize(
    ("given_", "stored"),
    [
        ("eom", "2026-11-30"),
        ("月底", "2026-11-30"),
        ("+2w", "2026-12-11"),
        ("2026年12月31日", "2026-12-31"),
        ("12-31", "2026-12-31"),
    ],
)
def test_cli_stores_parsed_dates_as_iso(ff, plans, given_, stored):
    import json

    item_id = ff("new", "X", "--due", given_).stdout.strip()
    row = json.loads(ff("show", item_id, "--json").stdout)
    assert row["due"] == stored
    assert f"due: {stored}\n" in (plans / "demo" / f"{item_id}.yaml").read_text("utf-8")


# --- every date word of issue 11 (the same words go through `import` in test_import_tables) ---------

FRIDAY = D(2026, 2, 13)
ISSUE_WORDS = [
    ("2026年6月底前完成", D(2026, 6, 30)),
    ("6月底完成", D(2026, 6, 30)),
    ("9月投入使用", D(2026, 9, 30)),
    ("5月底前动工", D(2026, 5, 31)),
    ("6月30日前", D(2026, 6, 30)),
    ("2026.6", D(2026, 6, 30)),
    ("2026年6月", D(2026, 6, 30)),
    ("6月", D(2026, 6, 30)),
    ("6月份", D(2026, 6, 30)),
    ("10月中旬", D(2026, 10, 20)),
    ("11月上旬", D(2026, 11, 10)),
    ("10月下旬", D(2026, 10, 31)),
    ("上半年", D(2026, 6, 30)),
    ("下半年", D(2026, 12, 31)),
    ("一季度", D(2026, 3, 31)),
    ("第三季度", D(2026, 9, 30)),
    ("三季度末", D(2026, 9, 30)),
    ("2026年第二季度", D(2026, 6, 30)),
    ("Q3", D(2026, 9, 30)),
    ("q4", D(2026, 12, 31)),
    ("年底前", D(2026, 12, 31)),
    ("2026年底", D(2026, 12, 31)),
    ("2026年", D(2026, 12, 31)),
    ("全年", D(2026, 12, 31)),
    ("年内", D(2026, 12, 31)),
    ("月底", D(2026, 2, 28)),
    ("下周五", D(2026, 2, 20)),
    ("本周三", D(2026, 2, 11)),
    ("下下周一", D(2026, 2, 23)),
    ("春节前", D(2026, 2, 14)),
    ("国庆节前", D(2026, 9, 30)),
    ("元旦前", D(2026, 12, 31)),
    ("清明前", D(2026, 4, 3)),
    ("五一前", D(2026, 4, 30)),
    ("+1工作日", D(2026, 2, 14)),  # Saturday, a make-up working day (调休)
    ("+2工作日", D(2026, 2, 24)),  # the Spring Festival holiday skipped
    ("10个工作日内", D(2026, 3, 5)),
    ("+10wd", D(2026, 3, 5)),
    ("-1wd", D(2026, 2, 12)),
    ("3.31", D(2026, 3, 31)),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_WORDS)
def test_every_date_word_of_the_issue(text, expected):
    assert parse_date(text, FRIDAY) == expected


def test_a_year_for_dates_without_one():
    assert parse_date("6月底", FRIDAY, year=2027) == D(2027, 6, 30)
    assert parse_date("2026年6月底", FRIDAY, year=2027) == D(2026, 6, 30)  # its own year wins
    assert parse_date("三季度", FRIDAY, end=False) == D(2026, 7, 1)  # a start cell: the span's first day


def test_a_lunar_holiday_beyond_the_calendar_data_is_an_error():
    with pytest.raises(DateError):
        parse_date("2099年春节前", FRIDAY)


def test_cli_counts_working_days(ff):
    ff("new", "X", "--due", "+2工作日", env={"FIVEFOLD_TODAY": "2026-02-13"})
    assert '"due": "2026-02-24"' in ff("show", "SY-001", "--json", env={"FIVEFOLD_TODAY": "2026-02-13"}).stdout


@pytest.mark.parametrize("word", ["元旦前", "下周五", "+3工作日"])
def test_words_past_the_last_day_are_date_errors(word):
    """Regression: 元旦前 and 下周五 in the last days of 9999 raised ValueError/OverflowError."""
    with pytest.raises(DateError):
        parse_date(word, D(9999, 12, 30))
