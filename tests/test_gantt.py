"""The Gantt chart (挂图作战) on the frozen example workspace as of 2026-11-27: golden files at 80
columns in Chinese and English, plain-mode rules, the today marker, and colour when forced."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from fivefold.actions import Context, Filters, list_items
from fivefold.render.gantt import render_gantt
from fivefold.render.text import width
from fivefold.views import gantt_rows
from fivefold.workspace import Workspace
from tests.conftest import PLAIN_80, assert_plain

AS_OF = "2026-11-27"
TODAY = dt.date.fromisoformat(AS_OF)
LABEL = 32  # the label column at 80 columns: 2/5 of the width
ROW = re.compile(r"^(SY-\d{3}) ")

VIEWS = {
    "gantt": [],
    "gantt-group-unit": ["--group", "unit"],
    "gantt-weeks": ["--from", "2026-10-01", "--to", "2026-12-31"],
}


def gantt(example, lang: str, *args: str) -> str:
    result = example("--as-of", AS_OF, "--lang", lang, "gantt", *args, env=PLAIN_80)
    assert result.stderr == ""
    return result.stdout


def listed(example) -> list[dict]:
    return json.loads(example("--as-of", AS_OF, "list", "--json").stdout)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_gantt_golden(example, golden, name, lang):
    text = gantt(example, lang, *VIEWS[name])
    golden(f"{name}-{lang}.txt", text)
    assert_plain(text, max_width=80)


@pytest.mark.parametrize(
    ("args", "first", "last"),
    [([], "2026-08-01", "2027-08-31"), (["--from", "2026-10-01", "--to", "2026-12-31"], "2026-10-01", "2026-12-31")],
)
def test_every_dated_item_in_the_window_has_one_row(example, args, first, last):
    text = gantt(example, "en", *args)
    ids = [m.group(1) for line in text.splitlines() if (m := ROW.match(line))]
    expected = [r["id"] for r in listed(example) if r["start"] and r["due"] and r["due"] >= first and r["start"] <= last]
    assert sorted(ids) == sorted(expected)
    assert len(ids) == len(set(ids))
    assert f"{first} to {last}" in text.splitlines()[0]


def test_rows_are_grouped_by_area_or_unit(example):
    rows = {r["id"]: r for r in listed(example)}
    for by, key in (("area", "area"), ("unit", "lead_unit")):
        text = gantt(example, "zh", "--group", by)
        groups, group = [], None
        for line in text.splitlines():
            if line.startswith("【"):
                group = line.strip("【】")
                groups.append(group)
            elif (m := ROW.match(line)) and by == "unit":
                assert rows[m.group(1)][key] == group
        assert len(groups) == len(set(groups)), "a group is split"
    assert "【现代化产业体系】" in gantt(example, "zh")
    assert "[区工信局]" in gantt(example, "en", "--group", "unit")


def test_group_is_not_the_global_by(example):
    """`--by` names the actor everywhere; the rows of the chart are grouped with `--group`."""
    assert "--by" not in example("gantt", "--help").stdout
    # after the command too, --by is the actor (issue 14): the chart keeps its default grouping
    assert example("--as-of", AS_OF, "--lang", "en", "gantt", "--by", "unit", env=PLAIN_80).stdout == gantt(example, "en")
    bad = example("gantt", "--group", "owner", expect=2)
    assert "--group" in bad.stderr and "owner" in bad.stderr
    assert example("--by", "王某", "gantt", "--group", "unit", env=PLAIN_80).stdout == gantt(example, "en", "--group", "unit")


@pytest.mark.parametrize("args", [[], ["--from", "2026-10-01", "--to", "2026-12-31"]])
def test_the_today_marker_lines_up_with_every_row(example, args):
    lines = gantt(example, "en", *args).splitlines()
    marker = lines[2]
    assert marker.strip() == "v"
    today = marker.index("v") - (LABEL + 1)  # the marker line is ASCII: characters are columns
    assert today >= 0
    rows = [line for line in lines if ROW.match(line)]
    assert all(width(line[: line.index("|")]) == LABEL for line in rows)  # every chart starts at one column
    charts = [line[line.index("|") + 1 :] for line in rows]
    # where a bar leaves today's cell blank, the row draws the today line there, and nowhere else
    todays = [chart for chart in charts if "|" in chart]
    assert todays
    assert all(chart.index("|") == today and chart.count("|") == 1 for chart in todays)
    assert all(chart[today] in "=-o*" for chart in charts if "|" not in chart and len(chart) > today)


def test_week_scale_for_a_short_window(example):
    header = gantt(example, "en", "--from", "2026-10-01", "--to", "2026-12-31").splitlines()[1]
    assert "10/5" in header and "11/2" in header  # Mondays
    month = gantt(example, "en").splitlines()[1]
    assert "26-10" in month and "/" not in month


def test_plain_legend_names_the_ascii_marks(example):
    assert gantt(example, "en").splitlines()[-1] == "legend: = done  - planned  o milestone (* done)  | today"


def test_an_empty_window_says_so(example):
    text = gantt(example, "en", "--from", "2030-01-01", "--to", "2030-03-31")
    assert text.splitlines()[-1] == "no items in this period"


def rows_of(plans: Path, by: str = "area") -> list[dict]:
    ctx = Context(ws=Workspace(plans), today=TODAY, now=dt.datetime(2026, 11, 27, 12, 0), by="测试")
    listing = list_items(ctx, Filters())
    return gantt_rows(listing.items, listing.assessed, listing.snapshot.plans, by)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_colour_when_forced(example, example_plans, lang):
    rows = rows_of(example_plans)
    start, end = dt.date(2026, 8, 1), dt.date(2027, 8, 31)
    fancy = render_gantt(rows, start, end, TODAY, "month", lang, 80, fancy=True)
    for code in ("\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[2m"):  # red, yellow and green bars; dim not-started ones
        assert code in fancy
    assert set("█░◆◇│▼") <= set(fancy)
    bare = re.sub(r"\x1b\[[0-9;]*m", "", fancy)
    plain = render_gantt(rows, start, end, TODAY, "month", lang, 80, fancy=False)
    assert all(width(line) <= 80 for line in bare.splitlines())
    assert len(bare.splitlines()) == len(plain.splitlines())
    assert plain + "\n" == gantt(example, lang)  # the CLI draws the same chart


@pytest.mark.parametrize(
    "args",
    [
        ["--scale", "week", "--from", "2026-10-01", "--to", "2026-12-31"],
        ["--from", "2026-11-01", "--to", "2027-01-05", "--scale", "week"],
    ],
)
def test_the_last_period_label_is_printed_whole(example, args):
    # issue 14: the last week's label was cut to its day ("28" for 12/28)
    header = gantt(example, "en", *args).splitlines()[1]
    last = header.split()[-1]
    assert "/" in last, header
    assert len(header) <= 80
