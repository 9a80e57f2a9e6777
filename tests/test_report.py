"""`fivefold report` (DESIGN §8, issue 5) on the frozen example workspace as of 2026-11-27: a golden
file per format, the fivefold.report/1 JSON view model (keys, totals, the period's changes, the 红黑榜,
filters, --as-of), and the command's edges (--out, bad options, unwritable targets).

The golden fixture compares text, so the CRLF line ends that CSV and iCalendar require are turned into
LF before the comparison and checked on the raw bytes instead."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fivefold.events import CHANGE_EVENTS
from fivefold.report import SCHEMA
from fivefold.schedule import BUCKETS, LIGHTS
from tests.helpers import report_rows

AS_OF = "2026-11-27"
TODAY = dt.date.fromisoformat(AS_OF)
ITEMS = 35

TOP_KEYS = {
    "schema",
    "as_of",
    "soon_days",
    "plans",
    "filters",
    "totals",
    "areas",
    "overdue",
    "due_soon",
    "period",
    "ranking",
    "ranking_key",
    "warnings",
    "document",
}
ROW_KEYS = {
    # the `list --json` contract (DESIGN §6) …
    "id",
    "title",
    "plan",
    "area",
    "parent",
    "state",
    "lead_unit",
    "owner",
    "start",
    "due",
    "due_planned",
    "progress",
    "expected",
    "lag",
    "light",
    "bucket",
    "overdue_days",
    "closed_on_time",
    "rectifications",
    "steps",
    "steps_done",
    "reasons",
    "reports_made",  # 报送: periods with a progress report, of those one was owed in (issue 13)
    "reports_expected",
    # … and what a 台账 row adds
    "area_label",
    "goal",
    "partner_units",
    "leader",
    "acceptance",
    "deliverables",
    "targets",
    "steps_detail",
    "latest_note",
    "ref",  # the 序号 of the table it was imported from (issue 11)
    "ongoing",
    "extra",
    "evidence",  # 佐证材料: [{path, sha256}] (issue 12)
}
GROUP_KEYS = {"key", "label", "items", "closed", "green", "yellow", "red", "progress", "on_time_rate", "overdue", "lag", "ahead",
              "report_rate"}  # fmt: skip
PERIOD_KEYS = {"since", "until", "changes", "closed", "newly_red", "notes", "extensions", "rectifications", "items"}
CHANGE_KEYS = {"date", "id", "title", "event", "from", "to", "by", "detail", "due", "subject", "value", "kind"}

# name -> (format, language, options); the file is tests/golden/<name>
GOLDENS = {
    "report_week_rank-zh.md": ("md", "zh", ["--period", "week", "--rank"]),
    "report_week_rank-en.md": ("md", "en", ["--period", "week", "--rank"]),
    "report-zh.csv": ("csv", "zh", []),
    "report-en.csv": ("csv", "en", []),
    "report_week_rank-zh.html": ("html", "zh", ["--period", "week", "--rank"]),
    "report_week_rank.json": ("json", "en", ["--period", "week", "--rank"]),
    "report-zh.ics": ("ics", "zh", []),
}


def run_report(runner, *args: str, lang: str = "en", as_of: str = AS_OF, expect: int | None = 0):
    return runner("--as-of", as_of, "--lang", lang, "report", *args, expect=expect)


def report_bytes(runner, *args: str, lang: str = "en", as_of: str = AS_OF) -> bytes:
    result = run_report(runner, *args, lang=lang, as_of=as_of)
    assert result.stderr == ""
    return result.stdout_bytes


def report_json(runner, *args: str, as_of: str = AS_OF) -> dict:
    return json.loads(report_bytes(runner, "--format", "json", *args, as_of=as_of))


def listed(runner, *args: str, as_of: str = AS_OF) -> list[dict]:
    return json.loads(runner("--as-of", as_of, "list", "--json", *args).stdout)


@pytest.fixture(scope="module")
def cache():
    """Report outputs shared by the tests of this module (the example workspace never changes)."""
    return {}


def cached_json(example, cache, *args: str, as_of: str = AS_OF) -> dict:
    key = ("json", as_of, *args)
    if key not in cache:
        cache[key] = report_json(example, *args, as_of=as_of)
    return cache[key]


# --- golden files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GOLDENS))
def test_report_golden(example, golden, name):
    fmt, lang, args = GOLDENS[name]
    first = report_bytes(example, "--format", fmt, *args, lang=lang)
    assert report_bytes(example, "--format", fmt, *args, lang=lang) == first, "the output varies between runs"
    text = first.decode("utf-8")
    if fmt in ("csv", "ics"):
        lines = first.split(b"\n")
        assert lines[-1] == b"" and all(line.endswith(b"\r") for line in lines[:-1]), "CSV and iCalendar lines end in CRLF"
        text = text.replace("\r\n", "\n")
    else:
        assert "\r" not in text
    golden(name, text)


def test_the_golden_outputs_name_every_item(example):
    """Each format is complete on its own: every item of the workspace is in it."""
    ids = [r["id"] for r in listed(example)]
    assert len(ids) == ITEMS
    for fmt in ("md", "html", "csv", "json", "ics"):
        text = report_bytes(example, "--format", fmt).decode("utf-8")
        missing = [i for i in ids if i not in text]
        assert not missing, (fmt, missing)


def test_languages(example):
    zh = report_bytes(example, lang="zh").decode("utf-8")
    en = report_bytes(example, lang="en").decode("utf-8")
    assert "工作推进情况报告" in zh and "红灯" in zh and "Progress report" not in zh
    assert "Progress report" in en and "红灯" not in en
    assert len(zh.splitlines()) == len(en.splitlines())
    assert "，" not in en.split("\n## ")[0], "the English summary lines use English commas"


# --- JSON: the fivefold.report/1 view model --------------------------------------------------------


def test_json_schema_and_stable_keys(example, cache):
    data = cached_json(example, cache, "--since", "2026-11-01", "--rank")
    assert data["schema"] == SCHEMA == "fivefold.report/1"
    assert set(data) == TOP_KEYS | {"extension_requests"}  # the example's extensions need approval (issue 12)
    assert [(r["id"], r["by"], r["due"]) for r in data["extension_requests"]] == [("SY-024", "苏某", "2026-12-31")]
    assert list(data)[0] == "schema"
    assert data["as_of"] == AS_OF
    assert data["soon_days"] == 14
    assert data["filters"] == {}
    assert set(data["totals"]) == {"items", "lights", "buckets"}
    assert list(data["totals"]["lights"]) == list(LIGHTS)
    assert list(data["totals"]["buckets"]) == list(BUCKETS)
    assert [p["name"] for p in data["plans"]] == ["shuangyang-2023"]
    assert data["plans"][0]["items"] == ITEMS
    for area in data["areas"]:
        assert set(area) == GROUP_KEYS | {"items"}
        for row in area["items"]:
            assert set(row) == ROW_KEYS, row["id"]
            assert set(row["latest_note"] or {"date": 0, "text": 0}) == {"date", "text"}
            for step in row["steps_detail"]:
                assert set(step) == {"id", "title", "deliverable", "owner", "due", "due_planned", "done", "progress"}
            for target in row["targets"]:
                assert set(target) == {"name", "unit", "target", "actual", "direction", "baseline"}
    assert set(data["period"]) == PERIOD_KEYS
    for change in data["period"]["changes"]:
        assert set(change) == CHANGE_KEYS
    for row in data["ranking"]:
        assert set(row) == GROUP_KEYS | {"unit", "rank", "board", "instructions", "urges"}  # 批示 and 催办 (issue 12)


def test_json_without_period_or_rank_has_them_null(example, cache):
    data = cached_json(example, cache)
    assert set(data) == TOP_KEYS | {"extension_requests"}
    assert data["period"] is None and data["ranking"] is None


def test_totals_add_up_to_the_item_count(example, cache):
    data = cached_json(example, cache)
    rows = report_rows(data)
    listing = listed(example)
    assert data["totals"]["items"] == len(rows) == len(listing) == ITEMS
    assert sum(data["totals"]["lights"].values()) == sum(data["totals"]["buckets"].values()) == ITEMS
    for light in LIGHTS:
        assert data["totals"]["lights"][light] == sum(1 for r in rows if r["light"] == light)
    for bucket in BUCKETS:
        assert data["totals"]["buckets"][bucket] == sum(1 for r in rows if r["bucket"] == bucket)
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in listing)
    by_id = {r["id"]: r for r in listing}
    for row in rows:  # a 台账 row is the `list --json` row plus more
        assert {k: row[k] for k in by_id[row["id"]]} == by_id[row["id"]]
    for area in data["areas"]:
        assert area["items"] and area["items"][0]["area_label"] == area["label"]
        assert {r["area"] or "-" for r in area["items"]} == {area["key"]}
        assert area["closed"] == sum(1 for r in area["items"] if r["state"] == "closed")


def test_overdue_and_due_soon(example, cache):
    data = cached_json(example, cache)
    rows = {r["id"]: r for r in report_rows(data)}
    open_rows = [r for r in rows.values() if r["state"] not in ("closed", "cancelled")]
    expected_overdue = [r for r in open_rows if r["overdue_days"] > 0]  # in review too (DESIGN §12.1)
    assert [r["id"] for r in data["overdue"]] == [
        r["id"] for r in sorted(expected_overdue, key=lambda r: (-r["overdue_days"], r["id"]))
    ]
    assert data["overdue"], "the example workspace has overdue items"
    soon = [
        r for r in open_rows if r["due"] and 0 <= (dt.date.fromisoformat(r["due"]) - TODAY).days <= 14 and not r["overdue_days"]
    ]
    assert [r["id"] for r in data["due_soon"]] == [r["id"] for r in sorted(soon, key=lambda r: (r["due"], r["id"]))]


def test_period_since(example, cache):
    data = cached_json(example, cache, "--since", "2026-11-01")
    period = data["period"]
    assert period["since"] == "2026-11-01" and period["until"] == AS_OF
    changes = period["changes"]
    assert changes
    assert changes == sorted(changes, key=lambda c: (c["date"], c["id"])), "changes are sorted by date"
    assert all("2026-11-01" <= c["date"] <= AS_OF for c in changes)
    # the same events as the workspace log shows, limited to those a report calls changes
    log = json.loads(example("--as-of", AS_OF, "log", "--since", "2026-11-01", "--json").stdout)
    expected = sorted((e["date"], e["id"], e["event"]) for e in log if e["event"] in CHANGE_EVENTS and not e["skipped"])
    assert sorted((c["date"], c["id"], c["event"]) for c in changes) == expected
    assert period["closed"] == [c["id"] for c in changes if c["event"] == "accept"]
    assert period["notes"] == [c for c in changes if c["event"] == "note"]
    assert period["extensions"] == [c for c in changes if c["event"] == "extend"]
    assert period["rectifications"] == [c for c in changes if c["event"] == "reject"]
    assert [c["id"] for c in period["notes"]] == ["SY-010", "SY-016", "SY-028", "SY-009"]
    assert [(c["id"], c["due"]) for c in period["extensions"]] == [("SY-017", "2027-05-31")]
    blocked = next(c for c in changes if c["event"] == "block")
    assert (blocked["id"], blocked["from"], blocked["to"]) == ("SY-019", "active", "blocked")


def test_newly_red_is_against_the_day_before_since(example, cache):
    period = cached_json(example, cache, "--since", "2026-11-01")["period"]
    red_before = {r["id"] for r in listed(example, as_of="2026-10-31") if r["light"] == "red"}
    red_now = [r["id"] for r in listed(example) if r["light"] == "red"]
    assert period["newly_red"] == [i for i in red_now if i not in red_before] == ["SY-010", "SY-028"]
    # on the day itself the item was not red yet: a since of the 1st compares with the 31st, not the 1st
    assert not red_before & set(period["newly_red"])


def test_period_closed_and_rectifications(example):
    """December 2024: one item sent back for rectification and then accepted, two more accepted."""
    data = report_json(example, "--since", "2024-12-01", as_of="2024-12-31")
    period = data["period"]
    assert (period["since"], period["until"]) == ("2024-12-01", "2024-12-31")
    assert period["closed"] == ["SY-026", "SY-023", "SY-032"]  # in date order: 25th, 27th, 30th
    assert [(c["id"], c["date"]) for c in period["rectifications"]] == [("SY-023", "2024-12-05")]
    assert period["rectifications"][0]["from"] == "review" and period["rectifications"][0]["to"] == "active"
    assert [c["id"] for c in period["notes"]] == ["SY-023"]
    assert period["extensions"] == []
    assert all(c["date"] <= "2024-12-31" for c in period["changes"])


# A period ends on as-of and counts both ends: a week is the 7 days up to and including it,
# so consecutive weekly reports never list the same day twice.
@pytest.mark.parametrize(("period", "since"), [("week", "2026-11-21"), ("month", "2026-10-28"), ("quarter", "2026-08-28")])
def test_period_option(example, cache, period, since):
    by_period = cached_json(example, cache, "--period", period)
    assert by_period["period"]["since"] == since
    assert by_period == cached_json(example, cache, "--since", since)


def test_ranking(example, cache):
    data = cached_json(example, cache, "--rank")
    ranking = data["ranking"]
    ranks = [r["rank"] for r in ranking]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    assert all(rank in (n + 1, ranks[n - 1]) for n, rank in enumerate(ranks) if n), "competition ranking: 1, 1, 3"
    order = [(r["overdue"], r["red"], r["yellow"]) for r in ranking]
    assert order == sorted(order), "overdue, then red, then yellow: fewer first"
    assert data["ranking_key"] == ["overdue", "red", "yellow", "on_time_rate", "lag"]
    rows = listed(example)
    units = {r["lead_unit"] or "-" for r in rows}
    assert {r["key"] for r in ranking} == units and len(ranking) == len(units)
    assert sum(r["items"] for r in ranking) == ITEMS
    for r in ranking:
        mine = [x for x in rows if (x["lead_unit"] or "-") == r["key"]]
        closed = [x for x in mine if x["state"] == "closed"]
        assert r["items"] == len(mine)
        assert r["closed"] == len(closed)
        expected_rate = round(100 * sum(1 for x in closed if x["closed_on_time"]) / len(closed), 1) if closed else None
        assert r["on_time_rate"] == expected_rate
        assert r["overdue"] == sum(1 for x in mine if x["state"] not in ("closed", "cancelled") and x["overdue_days"] > 0)
        assert r["unit"] == r["key"]
        assert r["board"] == ("black" if r["overdue"] or r["red"] else "red" if r["closed"] or r["ahead"] else None)
    # the example has a unit that closed late (区委宣传部, 1 of 2 on time) and units with overdue work
    assert any(r["on_time_rate"] == 50.0 for r in ranking)
    assert ranking[-1]["overdue"] > 0


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--plan", "shuangyang-2023"),
        ("--area", "industry"),
        ("--unit", "区工信局"),
        ("--owner", "李某"),
        ("--state", "active"),
        ("--light", "red"),
    ],
)
def test_filters_narrow_the_items(example, option, value):
    data = report_json(example, option, value, "--rank", "--since", "2026-11-01")
    ids = [r["id"] for r in report_rows(data)]
    expected = [r["id"] for r in listed(example, option, value)]
    assert sorted(ids) == sorted(expected) and ids
    assert data["totals"]["items"] == len(ids) == sum(data["totals"]["lights"].values())
    assert data["filters"] == {option.lstrip("-"): value}
    assert sum(r["items"] for r in data["ranking"]) == len(ids)
    assert {r["id"] for r in data["overdue"] + data["due_soon"]} <= set(ids)
    assert {c["id"] for c in data["period"]["changes"]} <= set(ids)
    if option != "--plan":
        assert len(ids) < ITEMS
    field = {"--area": "area", "--owner": "owner", "--state": "state", "--light": "light"}.get(option)
    if field:
        assert {r[field] for r in report_rows(data)} == {value}
    if option == "--unit":  # the lead unit or a partner (配合单位)
        assert all(value == r["lead_unit"] or value in r["partner_units"] for r in report_rows(data))


def test_filters_combine(example):
    data = report_json(example, "--area", "industry", "--light", "green")
    rows = report_rows(data)
    assert rows and all(r["area"] == "industry" and r["light"] == "green" for r in rows)
    assert data["filters"] == {"area": "industry", "light": "green"}


@pytest.mark.parametrize("as_of", ["2026-06-30", "2025-10-01"])
def test_as_of_reflects_the_state_then(example, cache, as_of):
    data = cached_json(example, cache, "--since", "2025-01-01", as_of=as_of)
    assert data["as_of"] == as_of and data["period"]["until"] == as_of
    rows = {r["id"]: r for r in report_rows(data)}
    then = {r["id"]: r for r in listed(example, as_of=as_of)}
    assert {k: (r["state"], r["light"], r["progress"], r["due"]) for k, r in rows.items()} == {
        k: (r["state"], r["light"], r["progress"], r["due"]) for k, r in then.items()
    }
    for row in rows.values():  # nothing recorded after the day shows
        assert row["latest_note"] is None or row["latest_note"]["date"] <= as_of
        assert all(s["done"] is None or s["done"] <= as_of for s in row["steps_detail"])
    assert all(c["date"] <= as_of for c in data["period"]["changes"])
    now = {r["id"]: r for r in report_rows(cached_json(example, cache))}
    # submitted 2026-11-24, blocked 2026-11-05: not so then (or not created yet, and then not listed)
    assert now["SY-027"]["state"] == "review" and rows.get("SY-027", {}).get("state") != "review"
    assert now["SY-019"]["state"] == "blocked" and rows.get("SY-019", {}).get("state") != "blocked"
    assert len(rows) < len(now)  # items created after the day are left out of the report as of it
    if as_of == "2025-10-01":  # accepted 2026-03-30, 2025-11-28 and 2025-10-24
        for item in ("SY-008", "SY-015", "SY-022"):
            assert now[item]["state"] == "closed"
            assert rows[item]["state"] not in ("closed", "cancelled") and rows[item]["light"] != "done"
        assert data["totals"]["buckets"]["closed"] == cached_json(example, cache)["totals"]["buckets"]["closed"] - 3


# --- the command: --out, bad options, unwritable targets ------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "ics"])
def test_out_writes_the_file_and_nothing_on_stdout(example, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    result = run_report(example, "--format", fmt, "--rank", "--out", str(target))
    assert result.stdout == ""
    assert target.read_bytes() == report_bytes(example, "--format", fmt, "--rank")
    assert [p.name for p in tmp_path.iterdir()] == [target.name], "no temporary file left behind"
    assert result.stderr.count("\n") <= 1 and "Traceback" not in result.stderr


def test_out_replaces_an_existing_file(example, tmp_path):
    target = tmp_path / "周报.md"
    target.write_text("old content that is longer than nothing\n" * 1000, encoding="utf-8")
    run_report(example, "--out", str(target), "--period", "week")
    assert target.read_bytes() == report_bytes(example, "--period", "week")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "pdf"], "--format"),
        (["--format", "MD"], "--format"),
        (["--period", "year"], "--period"),
        (["--state", "finished"], "--state"),
        (["--light", "blue"], "--light"),
    ],
)
def test_bad_format_or_period_is_a_usage_error(example, tmp_path, args, needle):
    target = tmp_path / "r.out"
    result = run_report(example, *args, "--out", str(target), expect=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and needle in result.stderr and args[1] in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_out_into_a_missing_directory_is_one_line(example, tmp_path, lang):
    target = tmp_path / "missing" / "dir" / "report.csv"
    result = run_report(example, "--format", "csv", "--out", str(target), lang=lang, expect=1)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert str(target) in result.stderr
    assert ("不存在" in result.stderr) == (lang == "zh")
    assert not (tmp_path / "missing").exists()


def test_out_onto_a_directory_is_one_line(example, tmp_path):
    result = run_report(example, "--out", str(tmp_path), expect=1)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
    assert str(tmp_path) in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_since_date_is_one_line(example):
    result = run_report(example, "--since", "someday", expect=1)
    assert result.stdout == "" and result.stderr.count("\n") == 1 and "someday" in result.stderr
