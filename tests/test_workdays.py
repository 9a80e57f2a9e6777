"""Working days on China's official calendar (chinesecalendar), the workspace's overrides, and the
Monday–Friday fallback beyond the package's years."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.workdays import Calendar, add_workdays, is_workday, workdays_between

D = dt.date


def test_the_issue_example_on_the_package_data():
    # chinesecalendar 1.11 has 2026: Sat 2026-02-14 is a make-up working day, 15–23 are the Spring Festival
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert is_workday(D(2026, 2, 14)) and not is_workday(D(2026, 2, 16))


def test_the_issue_example_through_overrides():
    """The same example held by the workspace's lists alone, as for a year the package lacks (2099)."""
    cal = Calendar(
        holidays=frozenset(D(2099, 2, d) for d in (16, 17, 18, 19, 20, 23)),
        workdays=frozenset({D(2099, 2, 14)}),
    )
    assert cal.add_workdays(D(2099, 2, 13), 1) == D(2099, 2, 14)
    assert cal.add_workdays(D(2099, 2, 13), 2) == D(2099, 2, 24)
    assert cal.uncovered == {2099}  # the rest of the year counted Monday–Friday


def test_fallback_beyond_the_package_years():
    cal = Calendar()
    assert cal.add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 5)  # Friday -> Monday
    assert cal.uncovered == {2099}


def test_overrides_win():
    cal = Calendar(holidays=frozenset({D(2026, 3, 2)}), workdays=frozenset({D(2026, 3, 1)}))
    assert cal.is_workday(D(2026, 3, 1)) and not cal.is_workday(D(2026, 3, 2))


def test_workdays_between():
    assert workdays_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert workdays_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert workdays_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


def test_holiday_start():
    cal = Calendar()
    assert cal.holiday_start("春节", 2026) == D(2026, 2, 15)
    assert cal.holiday_start("国庆节", 2026) == D(2026, 10, 1)
    assert cal.holiday_start("元旦", 2099) == D(2099, 1, 1) and cal.uncovered == {2099}
    assert cal.holiday_start("春节", 2099) is None


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)), st.integers(min_value=-40, max_value=40))
def test_add_then_count_is_the_identity(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n:
        assert is_workday(end)


def test_cli_warns_once_when_counting_beyond_the_official_years(ff):
    result = ff("new", "X", "--due", "+30工作日", env={"FIVEFOLD_TODAY": "2026-12-01"})
    assert result.stderr.count("no official holiday schedule for 2027") == 1
    assert "no official holiday schedule" not in ff("new", "Y", "--due", "+3工作日", env={"FIVEFOLD_TODAY": "2026-12-01"}).stderr
    assert "no official holiday schedule" not in ff("list").stderr
