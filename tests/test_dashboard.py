"""The dashboard (DESIGN §7) on the frozen example workspace as of 2026-11-27: golden files at 80
columns in Chinese and English, plain-mode rules, colour when forced, and the --json totals and lists
checked against `list --json`."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from fivefold.render.dashboard import render_dashboard
from fivefold.render.text import width
from fivefold.schedule import BUCKETS, LIGHTS
from tests.conftest import ANSI, PLAIN_80, assert_plain

AS_OF = "2026-11-27"
TODAY = dt.date.fromisoformat(AS_OF)

VIEWS = {
    "dashboard": [],
    "dashboard-area-industry": ["--area", "industry"],
    "dashboard-unit": ["--unit", "区工信局"],
    "dashboard-since": ["--since", "2026-11-01"],
}


def dashboard(example, lang: str, *args: str) -> str:
    result = example("--as-of", AS_OF, "--lang", lang, "dashboard", *args, env=PLAIN_80)
    assert result.stderr == ""
    return result.stdout


def as_json(example, *args: str):
    return json.loads(example("--as-of", AS_OF, *args, "--json").stdout)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_dashboard_golden(example, golden, name, lang):
    text = dashboard(example, lang, *VIEWS[name])
    golden(f"{name}-{lang}.txt", text)
    assert_plain(text, max_width=80)


def test_the_languages_differ_only_in_words(example):
    zh, en = dashboard(example, "zh"), dashboard(example, "en")
    assert "预警" in zh and "红灯" in zh and "Light" not in zh
    assert "Light:" in en and "红灯" not in en
    assert len(zh.splitlines()) == len(en.splitlines())
    assert re.findall(r"SY-\d{3}", zh) == re.findall(r"SY-\d{3}", en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_colour_when_forced(example, lang):
    data = as_json(example, "dashboard")
    text = render_dashboard(data, lang, 80, fancy=True)
    for code in ("\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[1m"):  # red, yellow, green, bold titles
        assert code in text
    assert "█" in text and "░" in text
    bare = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert all(width(line) <= 80 for line in bare.splitlines())
    assert len(bare.splitlines()) == len(render_dashboard(data, lang, 80, fancy=False).splitlines())
    assert ANSI not in render_dashboard(data, lang, 80, fancy=False)


def test_totals_add_up_to_the_item_count(example):
    data = as_json(example, "dashboard")
    rows = as_json(example, "list")
    assert data["items"] == len(rows) == 35
    assert set(data["lights"]) == set(LIGHTS) and set(data["buckets"]) == set(BUCKETS)
    assert sum(data["lights"].values()) == sum(data["buckets"].values()) == data["items"]
    for light in LIGHTS:
        assert data["lights"][light] == sum(1 for r in rows if r["light"] == light)
    for bucket in BUCKETS:
        assert data["buckets"][bucket] == sum(1 for r in rows if r["bucket"] == bucket)
    for table in ("areas", "units"):
        assert sum(r["items"] for r in data[table]) == data["items"]
        assert sum(r["closed"] for r in data[table]) == data["buckets"]["closed"]
        assert sum(r["red"] for r in data[table]) == data["lights"]["red"]


def test_the_example_shows_every_bucket_and_every_light(example):
    data = as_json(example, "dashboard")
    assert all(data["buckets"][b] > 0 for b in BUCKETS), data["buckets"]
    assert all(data["lights"][light] > 0 for light in LIGHTS), data["lights"]
    assert data["overdue"] and data["due_soon"] and data["changes"]


def test_overdue_list_matches_list_overdue(example):
    data = as_json(example, "dashboard")
    overdue = as_json(example, "list", "--overdue")
    assert {r["id"] for r in data["overdue"]} == {r["id"] for r in overdue}
    assert {r["id"]: r["overdue_days"] for r in data["overdue"]} == {r["id"]: r["overdue_days"] for r in overdue}
    days = [r["overdue_days"] for r in data["overdue"]]
    assert days == sorted(days, reverse=True) and all(d > 0 for d in days)


def test_due_soon_is_what_falls_due_within_soon_days(example):
    data = as_json(example, "dashboard")
    rows = as_json(example, "list")
    soon = [
        r["id"]
        for r in rows
        if r["state"] not in ("closed", "cancelled") and r["due"] and 0 <= (dt.date.fromisoformat(r["due"]) - TODAY).days <= 14
    ]
    assert [r["id"] for r in data["due_soon"]] == sorted(soon, key=lambda i: (next(r["due"] for r in rows if r["id"] == i), i))
    assert data["soon_days"] == 14


def test_filters_narrow_every_table(example):
    for option, value in (("--area", "industry"), ("--unit", "区工信局")):
        data = as_json(example, "dashboard", option, value)
        rows = as_json(example, "list", option, value)
        assert data["items"] == len(rows) > 0
        assert sum(data["lights"].values()) == data["items"]
        assert {r["id"] for r in data["overdue"]} <= {r["id"] for r in rows}
        assert {c["id"] for c in data["changes"]} <= {r["id"] for r in rows}
    assert [r["key"] for r in as_json(example, "dashboard", "--area", "industry")["areas"]] == ["industry"]


def test_changes_since_a_date(example):
    data = as_json(example, "dashboard", "--since", "2026-11-01")
    dates = [c["date"] for c in data["changes"]]
    assert dates == sorted(dates)
    assert all("2026-11-01" <= d <= AS_OF for d in dates)
    default = as_json(example, "dashboard")
    assert default["since"] == "2026-11-20"  # seven days back
    assert len(default["changes"]) < len(data["changes"])


def test_unit_table_is_in_ranking_order(example):
    units = as_json(example, "dashboard")["units"]
    keys = [(u["overdue"], u["red"], u["yellow"]) for u in units]
    assert keys == sorted(keys) and [u["rank"] for u in units] == sorted(u["rank"] for u in units)
