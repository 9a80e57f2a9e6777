"""Reporting cadence (issue 13 §1): the periods an active item owes a progress report in, the light and
the reason when it misses them, the workspace default, ongoing items, and the 报送率 of the ranking."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.cadence import periods, reporting
from fivefold.model import CADENCES

D = dt.date.fromisoformat

# (cadence, since, until, report dates, expected, made, missed)
CASES = [
    # monthly: the month an item started in mid-way is a grace period; the current month is not due yet
    ("monthly", "2026-01-05", "2026-03-01", [], 1, 0, 1),
    ("monthly", "2026-01-31", "2026-03-01", ["2026-01-31"], 1, 0, 1),
    ("monthly", "2026-02-01", "2026-02-28", [], 0, 0, 0),  # February is not over on its last day
    ("monthly", "2026-02-01", "2026-03-01", ["2026-02-28"], 1, 1, 0),  # a report on the last day counts
    ("monthly", "2026-02-01", "2026-04-01", ["2026-02-28"], 2, 1, 1),
    ("monthly", "2026-02-01", "2026-04-15", ["2026-04-02"], 2, 0, 0),  # caught up this month: nothing missed
    ("monthly", "2028-02-01", "2028-03-01", ["2028-02-29"], 1, 1, 0),  # leap year
    ("monthly", "2025-12-01", "2026-02-01", ["2025-12-31"], 2, 1, 1),  # across a year end
    # quarterly: calendar quarters
    ("quarterly", "2026-01-01", "2026-04-01", ["2026-03-31"], 1, 1, 0),
    ("quarterly", "2026-01-01", "2026-03-31", [], 0, 0, 0),
    ("quarterly", "2026-01-02", "2026-07-01", ["2026-01-10"], 1, 0, 1),  # Q1 is the grace period
    ("quarterly", "2025-10-01", "2026-01-01", ["2025-11-11"], 1, 1, 0),
    ("quarterly", "2026-02-15", "2026-11-27", ["2026-05-01", "2026-08-01"], 2, 2, 0),  # Q2, Q3 reported
    # weekly: Monday to Sunday
    ("weekly", "2026-11-04", "2026-11-27", ["2026-11-15"], 2, 1, 1),  # Wed start: weeks of 11-09 and 11-16
    ("weekly", "2026-11-09", "2026-11-27", ["2026-11-09", "2026-11-22"], 2, 2, 0),
    ("weekly", "2026-11-09", "2026-11-23", [], 2, 0, 2),  # the week of 11-16 ended on Sunday 11-22
    # biweekly: two-week periods from the Monday of the week reporting began
    ("biweekly", "2026-11-02", "2026-11-30", ["2026-11-10"], 2, 1, 1),
    ("biweekly", "2026-11-03", "2026-11-30", ["2026-11-20"], 1, 1, 0),  # 11-02..11-15 was under way
    # reports before the item started count for nothing
    ("monthly", "2026-03-01", "2026-05-01", ["2026-02-20"], 2, 0, 2),
]


@pytest.mark.parametrize(("cadence", "since", "until", "reports", "expected", "made", "missed"), CASES)
def test_reporting_periods(cadence, since, until, reports, expected, made, missed):
    rep = reporting(cadence, D(since), D(until), [D(r) for r in reports])
    assert (rep.expected, rep.made, rep.missed) == (expected, made, missed)
    assert rep.last == (max(D(r) for r in reports) if reports else None)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CADENCES),
    st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
    st.integers(0, 400),
    st.lists(st.integers(-30, 400), max_size=8),
)
def test_reporting_invariants(cadence, since, days, offsets):
    until = since + dt.timedelta(days=days)
    reports = [since + dt.timedelta(days=o) for o in offsets if since + dt.timedelta(days=o) < until]
    rep = reporting(cadence, since, until, reports)
    assert 0 <= rep.made <= rep.expected and 0 <= rep.missed <= rep.expected
    assert rep.made + rep.missed <= rep.expected or rep.missed == rep.expected - rep.made
    # periods tile the calendar: each begins the day after the one before ends
    spans = []
    for first, last in periods(cadence, since):
        spans.append((first, last))
        if len(spans) == 6:
            break
    assert spans[0][0] <= since <= spans[0][1]
    assert all(b[0] == a[1] + dt.timedelta(days=1) for a, b in zip(spans, spans[1:], strict=False))


# --- through the command line (today: 2026-11-27) --------------------------------------------------

ITEM = [
    "--area", "industry", "--goal", "园区完工投产", "--lead-unit", "区工信局", "--owner", "李某",
    "--start", "2026-01-05", "--due", "2026-12-31",
    "--step", "主体封顶@2026-04-30", "--step", "竣工验收@2026-12-15", "--target", "入驻企业=10 家",
]  # fmt: skip


def _row(ff, item_id: str) -> dict:
    return next(r for r in json.loads(ff("list", "--json").stdout) if r["id"] == item_id)


def _item(ff, *extra: str) -> str:
    """Started 2026-01-05, its first step done (a report) on 2026-04-28; the other due 12-15: green by its steps."""
    item_id = ff("new", "推动园区竣工投产", *ITEM, *extra).stdout.strip()
    ff("start", item_id, "--on", "2026-01-05")
    ff("step", "done", item_id, "s1", "--on", "2026-04-28")
    return item_id


@pytest.mark.parametrize(
    ("notes", "light", "made"),
    [
        (["2026-10-15"], "green", 2),  # Apr and Oct of Feb..Oct reported, the last in October: nothing missed
        (["2026-09-30"], "yellow", 2),  # October missed
        (["2026-08-31"], "red", 2),  # September and October missed
        (["2026-11-02"], "green", 1),  # caught up in November (not yet due)
    ],
)
def test_missed_periods_make_the_light(ff, notes, light, made):
    item_id = _item(ff, "--cadence", "monthly")
    for day in notes:
        ff("note", item_id, "本月进展", "--on", day)
    r = _row(ff, item_id)
    assert (r["light"], r["reports_made"], r["reports_expected"]) == (light, made, 9)
    codes = [w["code"] for w in r["reasons"]]
    assert ("no_report" in codes) == (light != "green")


def test_reason_in_words(ff):
    item_id = _item(ff, "--cadence", "monthly")
    shown = json.loads(ff("--lang", "zh", "show", item_id, "--json").stdout)
    assert shown["light"] == "red"
    assert "未按期报送（上次 2026-04-28）" in [w["text"] for w in shown["reasons"]]
    en = json.loads(ff("--lang", "en", "list", "--json").stdout)[0]
    assert "no progress report on schedule (last 2026-04-28)" in [w["text"] for w in en["reasons"]]
    assert "未按期报送（上次 2026-04-28）" in ff("--lang", "zh", "show", item_id).stdout


def test_never_reported(ff):
    item_id = ff("new", "推动园区竣工投产", *ITEM, "--cadence", "quarterly").stdout.strip()
    ff("start", item_id, "--on", "2026-06-10")  # Q2 a grace period; Q3 owed and not reported: yellow
    r = _row(ff, item_id)
    assert r["light"] == "red"  # …and its first step, due 04-30, is long overdue
    assert {"code": "never_reported", "params": {"since": "2026-06-10", "missed": 1}} in [
        {k: w[k] for k in ("code", "params")} for w in r["reasons"]
    ]


def test_red_after_is_a_threshold(ff, plans):
    item_id = _item(ff, "--cadence", "monthly")
    ff("note", item_id, "进展", "--on", "2026-08-31")
    assert _row(ff, item_id)["light"] == "red"
    settings_file = plans / "fivefold.yaml"
    settings_file.write_text(settings_file.read_text("utf-8").replace("cadence_red_after: 2", "cadence_red_after: 3"), "utf-8")
    assert _row(ff, item_id)["light"] == "yellow"  # the list's cache follows the settings


def test_workspace_default_cadence_and_the_list_cache(ff, plans):
    item_id = _item(ff)  # names no cadence
    ff("note", item_id, "进展", "--on", "2026-09-15")
    assert _row(ff, item_id)["light"] == "green"  # no cadence: nothing owed (and the row is cached)
    settings_file = plans / "fivefold.yaml"
    settings_file.write_text(settings_file.read_text("utf-8") + "cadence: monthly\n", "utf-8")
    r = _row(ff, item_id)
    assert (r["light"], r["reports_expected"]) == ("yellow", 9)
    assert _row(ff, item_id)["light"] == "yellow"  # warm cache, same answer
    assert ff("--as-of", "2026-10-31", "list", "--json").stdout.count('"no_report"') == 0  # October not over yet


def test_bad_workspace_cadence(ff, plans):
    settings_file = plans / "fivefold.yaml"
    settings_file.write_text(settings_file.read_text("utf-8") + "cadence: daily\n", "utf-8")
    result = ff("list", expect=None)
    assert result.exit_code != 0
    assert "daily" in result.stderr and "Traceback" not in result.stderr


def test_ongoing_item_is_judged_by_its_reporting_alone(ff, plans):
    item_id = ff(
        "new", "常态化开展安全生产检查", "--area", "industry", "--goal", "g", "--lead-unit", "区应急局", "--owner", "王某",
        "--start", "2026-01-05", "--due", "2026-12-31", "--step", "上半年检查@2026-06-30", "--target", "检查次数=100 次",
        "--cadence", "monthly",
    ).stdout.strip()  # fmt: skip
    ff("start", item_id, "--on", "2026-01-05")
    ff("note", item_id, "十月检查 8 次", "--on", "2026-10-20")
    assert _row(ff, item_id)["light"] == "red"  # not ongoing: its step is long overdue
    path = next(plans.rglob(f"{item_id}.yaml"))
    path.write_text(path.read_text("utf-8").replace("  cadence: monthly\n", "  cadence: monthly\n  ongoing: true\n"), "utf-8")
    r = _row(ff, item_id)
    assert (r["light"], r["reasons"]) == ("green", [])
    r = json.loads(ff("--as-of", "2026-12-05", "list", "--json").stdout)[0]
    assert r["light"] == "yellow" and [w["code"] for w in r["reasons"]] == ["no_report"]  # November missed


def test_report_rate_in_the_ranking(ff):
    item_id = _item(ff, "--cadence", "monthly")
    ff("note", item_id, "进展", "--on", "2026-10-15")
    data = json.loads(ff("report", "--rank", "--format", "json").stdout)
    unit = next(r for r in data["ranking"] if r["unit"] == "区工信局")
    assert unit["report_rate"] == round(100 * 2 / 9, 1)
    md = ff("--lang", "zh", "report", "--rank", "--format", "md").stdout
    assert "报送率" in md and "22%" in md
