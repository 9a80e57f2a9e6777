"""`list` on the frozen example workspace as of 2026-11-27: each filter and sort checked against the
computed fields of `list --json`, the plain table's CJK alignment, and titles never cut when piped."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fivefold.render.text import width
from fivefold.schedule import BUCKETS
from tests.conftest import PLAIN_80, assert_plain

AS_OF = "2026-11-27"
TODAY = dt.date.fromisoformat(AS_OF)


def rows(example, *args: str) -> list[dict]:
    return json.loads(example("--as-of", AS_OF, "list", "--json", *args).stdout)


def ids(data: list[dict]) -> list[str]:
    return [r["id"] for r in data]


@pytest.fixture
def everything(example) -> list[dict]:
    return rows(example)


def test_the_example_is_what_the_goldens_were_made_from(everything):
    assert len(everything) == 35
    assert ids(everything) == [f"SY-{n:03d}" for n in range(1, 36)]  # default order: id


@pytest.mark.parametrize("light", ["green", "yellow", "red", "done", "none", "red,yellow"])
def test_light(example, everything, light):
    wanted = light.split(",")
    got = rows(example, "--light", light)
    assert got and ids(got) == [r["id"] for r in everything if r["light"] in wanted]


def test_overdue(example, everything):
    got = rows(example, "--overdue")
    assert ids(got) == [r["id"] for r in everything if r["overdue_days"] > 0 and r["state"] not in ("closed", "cancelled")]
    assert ids(got) == ["SY-017", "SY-028"]
    assert all(r["light"] == "red" for r in got)
    late_closed = [r["id"] for r in everything if r["state"] == "closed" and r["overdue_days"] > 0]
    assert late_closed and not set(late_closed) & set(ids(got))  # closed late is a record, not overdue


@pytest.mark.parametrize("day", ["2026-11-15", "2026-12-31", "2027-01-31"])
def test_due_before_is_inclusive_and_uses_the_due_date_in_force(example, everything, day):
    got = rows(example, "--due-before", day)
    assert got and ids(got) == [r["id"] for r in everything if r["due"] and r["due"] <= day]
    assert all(r["due"] <= day for r in got)


def test_due_before_takes_date_words(example, everything):
    assert ids(rows(example, "--due-before", "+14d")) == [r["id"] for r in everything if r["due"] and r["due"] <= "2026-12-11"]
    assert ids(rows(example, "--due-before", "年底")) == ids(rows(example, "--due-before", "2026-12-31"))


def test_a_late_extension_moves_the_shown_due_date(everything):
    sy017 = next(r for r in everything if r["id"] == "SY-017")
    assert (sy017["due"], sy017["due_planned"], sy017["overdue_days"]) == ("2027-05-31", "2026-10-31", 27)


@pytest.mark.parametrize("bucket", BUCKETS)
def test_bucket(example, everything, bucket):
    got = rows(example, "--bucket", bucket)
    assert got and ids(got) == [r["id"] for r in everything if r["bucket"] == bucket]


def test_buckets_partition_the_items(example, everything):
    assert sorted(sum((ids(rows(example, "--bucket", b)) for b in BUCKETS), [])) == ids(everything)
    assert ids(rows(example, "--bucket", ",".join(BUCKETS))) == ids(everything)


def test_filters_combine(example, everything):
    got = rows(example, "--light", "red", "--bucket", "ongoing", "--due-before", "2026-12-31")
    assert ids(got) == [r["id"] for r in everything if r["light"] == "red" and r["due"] <= "2026-12-31"]


SORTS = {
    "id": lambda r: (r["id"],),
    "due": lambda r: (r["due"] or "9999-12-31", r["id"]),
    "progress": lambda r: (r["progress"], r["id"]),
    "lag": lambda r: (-r["lag"], r["id"]),
}


@pytest.mark.parametrize("sort", list(SORTS))
def test_sort(example, everything, sort):
    got = rows(example, "--sort", sort)
    assert sorted(ids(got)) == ids(everything)
    assert ids(got) == [r["id"] for r in sorted(everything, key=SORTS[sort])]
    keys = [SORTS[sort](r) for r in got]
    assert keys == sorted(keys)


def test_sort_applies_after_filtering(example):
    got = rows(example, "--light", "red,yellow", "--sort", "lag")
    lags = [r["lag"] for r in got]
    assert lags == sorted(lags, reverse=True)
    assert {r["light"] for r in got} == {"red", "yellow"}


@pytest.mark.parametrize(("option", "value"), [("--light", "purple"), ("--bucket", "soon"), ("--sort", "title")])
def test_a_bad_choice_is_a_usage_error(example, option, value):
    result = example("list", option, value, expect=2)
    assert value in result.stderr and result.stdout == ""


# --- the plain table ----------------------------------------------------------------------------


PIPED = {**PLAIN_80, "COLUMNS": None}  # piped with no COLUMNS: full rows for scripts (None unsets it)


def plain(example, lang: str, *args: str) -> str:
    result = example("--as-of", AS_OF, "--lang", lang, "list", *args, env=PIPED)
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_list_golden(example, golden, lang):
    text = plain(example, lang)
    golden(f"list-{lang}.txt", text)
    assert_plain(text)  # piped: no width limit (titles are never cut)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", [[], ["--overdue"], ["--sort", "lag"]])
def test_columns_line_up_with_chinese_text(example, everything, lang, args):
    lines = plain(example, lang, *args).splitlines()
    header, body = lines[0], lines[1:]
    titles = {r["id"]: r["title"] for r in everything}
    state_header = "状态" if lang == "zh" else "State"
    column = width(header[: header.index(state_header)])
    for line in body:
        item_id, rest = line.split("  ", 1)
        title = titles[item_id]
        after = line.index(title) + len(title)
        start = after + len(line[after:]) - len(line[after:].lstrip(" "))
        assert width(line[:start]) == column, line  # the state column starts at one display column
        assert width(line[: line.index(title)]) == width(header[: header.index("事项" if lang == "zh" else "Title")])


def test_piped_list_without_columns_never_cuts_titles(example, everything):
    text = plain(example, "zh")
    assert "…" not in text
    assert all(r["title"] in text for r in everything)
    assert len(text.splitlines()) == len(everything) + 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [100, 80, 60, 40])
def test_list_fits_columns_title_first_then_columns_in_order(example, everything, lang, columns):
    # issue 14: at 80 columns titles were cut to three characters and rows still ran to 100 cells
    out = example("--as-of", AS_OF, "--lang", lang, "list", env={**PLAIN_80, "COLUMNS": str(columns)}).stdout
    lines = out.splitlines()
    assert len(lines) == len(everything) + 1
    assert max(width(line) for line in lines) <= columns
    assert [line.split()[0] for line in lines[1:]] == [r["id"] for r in everything]
    header = lines[0]
    dropped = {
        100: [],
        80: ["Owner" if lang == "en" else "责任人"],
        60: ["Owner", "Lead unit", "Progress"] if lang == "en" else ["责任人", "牵头单位", "进度"],
    }.get(columns)
    for name in dropped or []:
        assert name not in header
    for name in ("ID", "Title", "State") if lang == "en" else ("编号", "事项", "状态"):
        assert name in header
    shown_titles = [line[width(line.split("  ")[0]) :].split("  ")[1] for line in lines[1:]]
    cut = [title for title in shown_titles if title.endswith("…")]
    assert cut and all(width(title) >= 10 for title in shown_titles)  # never three characters


def test_wide_prints_full_rows(example, everything):
    out = example("--as-of", AS_OF, "--lang", "zh", "list", "--wide", env={**PLAIN_80, "COLUMNS": "60"}).stdout
    assert out == plain(example, "zh")
