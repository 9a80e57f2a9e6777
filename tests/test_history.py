"""`history ID` and `log --since`: who, when, what, from→to, notes and reasons; entries a merge left
that the loop forbids are shown marked, and `check` warns about them."""

from __future__ import annotations

import json

import pytest

from tests.helpers import item_file

HISTORY_KEYS = {"id", "at", "date", "by", "event", "from", "to", "skipped"}


@pytest.fixture
def worked(ff, complete_item) -> str:
    """An item with one of each kind of entry, some back-dated."""
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-02-01", "--note", "开工仪式")
    ff("block", item_id, "--reason", "缺建设资金", "--on", "2026-03-01")
    ff("unblock", item_id, "--on", "2026-03-05")
    ff("step", "progress", item_id, "s1", "50", "--on", "2026-03-10")
    ff("step", "done", item_id, "s1", "--on", "2026-04-20", "--note", "主体封顶")
    ff("target", item_id, "入驻企业", "4", "--on", "2026-06-30")
    ff("note", item_id, "推进顺利", "--on", "2026-07-01")
    ff("submit", item_id, "--evidence", "竣工验收报告", "--on", "2026-11-20")
    ff("--by", "王某", "reject", item_id, "--reason", "缺消防验收", "--on", "2026-11-22")
    return item_id


def rows(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def test_history_shows_who_when_what_and_the_move(ff, worked):
    lines = rows(ff("history", worked).stdout)
    header, body = lines[0], lines[1:]
    for word in ("Date", "By", "Event", "Detail"):
        assert word in header
    by_event = {line.split()[2]: line for line in body}
    start = by_event["start"]
    assert start.startswith("2026-02-01") and "李某" in start and "draft→active" in start and "开工仪式" in start
    block = by_event["block"]
    assert "active→blocked" in block and "缺建设资金" in block
    assert "blocked→active" in by_event["unblock"]
    assert "active→review" in by_event["submit"] and "竣工验收报告" in by_event["submit"]
    reject = by_event["reject"]
    assert reject.startswith("2026-11-22") and "王某" in reject and "review→active" in reject and "缺消防验收" in reject
    assert "推进顺利" in by_event["note"]
    assert any("s1" in line and "50" in line for line in body)
    assert any("入驻企业" in line and "4" in line for line in body)
    assert "主体封顶" in next(line for line in body if "step done" in line)


def test_history_is_in_replay_order_oldest_first(ff, worked):
    dates = [line.split()[0] for line in rows(ff("history", worked).stdout)[1:]]
    assert dates == sorted(dates)
    assert dates[0] == "2026-02-01" and dates[-1] == "2026-11-27"  # `created` was recorded today


def test_history_in_chinese(ff, worked):
    out = ff("--lang", "zh", "history", worked).stdout
    header = rows(out)[0]
    assert "日期" in header and "操作人" in header
    assert "谋划中→推进中" in out and "推进中→受阻" in out and "受阻→推进中" in out
    assert "推进中→待验收" in out and "待验收→推进中" in out
    assert "启动" in out and "退回整改" in out and "报结" in out
    assert "缺建设资金" in out and "开工仪式" in out
    assert "draft" not in out and "active" not in out


def test_history_json(ff, worked):
    entries = json.loads(ff("history", worked, "--json").stdout)
    assert all(set(e) >= HISTORY_KEYS for e in entries)
    assert all(e["id"] == worked and e["skipped"] is False for e in entries)
    by_event = {e["event"]: e for e in entries}
    start = by_event["start"]
    assert (start["date"], start["by"], start["from"], start["to"], start["note"]) == (
        "2026-02-01", "李某", "draft", "active", "开工仪式",
    )  # fmt: skip
    assert start["at"].startswith("20") and "T" in start["at"]
    assert by_event["block"]["reason"] == "缺建设资金"
    assert by_event["submit"]["evidence"] == "竣工验收报告"
    assert by_event["reject"]["by"] == "王某"
    assert by_event["step_progress"]["step"] == "s1" and by_event["step_progress"]["progress"] == 50
    assert by_event["measure"]["target"] == "入驻企业" and by_event["measure"]["value"] == 4
    assert by_event["note"]["from"] == by_event["note"]["to"] == "active"


def test_history_of_an_unknown_item_is_one_line(ff):
    result = ff("history", "SY-099", expect=1)
    assert len(result.stderr.strip().splitlines()) == 1


# --- log across the workspace ----------------------------------------------------------------------


@pytest.fixture
def two_items(ff, complete_item) -> tuple[str, str]:
    a = complete_item("甲事项")
    b = complete_item("乙事项")
    ff("start", a, "--on", "2026-10-01")
    ff("start", b, "--on", "2026-10-05")
    ff("note", a, "甲的进展", "--on", "2026-11-02")
    ff("note", b, "乙的进展", "--on", "2026-11-03")
    ff("block", a, "--reason", "甲受阻", "--on", "2026-11-10")
    return a, b


def test_log_across_two_items_newest_last(ff, two_items):
    a, b = two_items
    entries = json.loads(ff("log", "--json").stdout)
    assert {e["id"] for e in entries} == {a, b}
    keys = [(e["date"], e["at"]) for e in entries]
    assert keys == sorted(keys)
    moves = [(e["id"], e["event"], e["date"]) for e in entries if e["event"] != "created"]
    assert moves == [
        (a, "start", "2026-10-01"),
        (b, "start", "2026-10-05"),
        (a, "note", "2026-11-02"),
        (b, "note", "2026-11-03"),
        (a, "block", "2026-11-10"),
    ]
    text = ff("log").stdout
    assert text.index("甲的进展") < text.index("乙的进展") < text.index("甲受阻")
    assert rows(text)[-1].split()[0] == b  # `created` entries are dated today, the newest


def test_log_since(ff, two_items):
    a, b = two_items
    entries = json.loads(ff("log", "--since", "2026-11-03", "--json").stdout)
    assert all(e["date"] >= "2026-11-03" for e in entries)
    events = [(e["id"], e["event"]) for e in entries]
    assert (b, "note") in events and (a, "block") in events
    assert (a, "note") not in events and (a, "start") not in events
    text = ff("log", "--since", "2026-11-03").stdout
    assert "乙的进展" in text and "甲受阻" in text and "甲的进展" not in text


def test_log_shows_nothing_after_today(ff, two_items):
    a, b = two_items
    ff("--as-of", "2026-12-05", "note", b, "十二月的进展")  # recorded with a later "today"
    assert "十二月的进展" not in ff("log").stdout
    assert "十二月的进展" not in ff("history", b).stdout
    entries = json.loads(ff("log", "--json").stdout)
    assert max(e["date"] for e in entries) == "2026-11-27"
    later = ff("log", "--since", "2026-12-01", env={"FIVEFOLD_TODAY": "2026-12-31"}).stdout
    assert "十二月的进展" in later and "甲受阻" not in later
    as_of = json.loads(ff("--as-of", "2026-11-05", "log", "--json").stdout)
    assert max(e["date"] for e in as_of) == "2026-11-03"


def test_log_with_a_broken_file_still_lists_the_rest(ff, plans, two_items):
    a, b = two_items
    item_file(plans, b).write_text("id: [unclosed\n", "utf-8")
    result = ff("log")
    assert "甲受阻" in result.stdout
    assert f"{b}.yaml" in result.stderr


# --- entries the table forbids, as a git merge can leave them -------------------------------------


FORBIDDEN = "  - {at: '2026-11-25T10:00:00+08:00', date: 2026-11-25, by: 王某, event: accept, note: 合并带来的验收}\n"


@pytest.fixture
def merged(ff, plans, complete_item) -> str:
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-11-01")
    path = item_file(plans, item_id)
    path.write_text(path.read_text("utf-8") + FORBIDDEN, "utf-8")  # accept while active: forbidden
    return item_id


def test_a_forbidden_entry_is_skipped_by_replay(ff, merged):
    assert json.loads(ff("show", merged, "--json").stdout)["state"] == "active"
    ff("block", merged, "--reason", "缺资金")  # the loop carries on from the real state
    assert json.loads(ff("show", merged, "--json").stdout)["state"] == "blocked"


def test_history_marks_a_forbidden_entry(ff, merged):
    line = next(line for line in rows(ff("history", merged).stdout) if "合并带来的验收" in line)
    assert "skipped" in line and "王某" in line and "accept" in line
    assert "→closed" not in line
    others = [line for line in rows(ff("history", merged).stdout)[1:] if "合并带来的验收" not in line]
    assert others and all("skipped" not in line for line in others)
    zh = ff("--lang", "zh", "history", merged).stdout
    assert "已跳过" in next(line for line in zh.splitlines() if "合并带来的验收" in line)
    entries = json.loads(ff("history", merged, "--json").stdout)
    bad = [e for e in entries if e["skipped"]]
    assert len(bad) == 1
    assert (bad[0]["event"], bad[0]["from"], bad[0]["to"]) == ("accept", "active", "active")


def test_log_marks_a_forbidden_entry(ff, merged):
    entries = json.loads(ff("log", "--json").stdout)
    assert [e["event"] for e in entries if e["skipped"]] == ["accept"]
    assert "skipped" in next(line for line in ff("log").stdout.splitlines() if "合并带来的验收" in line)


def test_check_warns_about_a_forbidden_entry_but_passes(ff, merged):
    result = ff("check")  # exit 0
    out = result.stdout + result.stderr
    assert merged in out
    assert "skipped" in out
    assert "1 log entries" in out or "1 log entry" in out
    ff("check", "--strict", expect=1)  # a warning, which --strict turns into a failure


def test_check_without_forbidden_entries_does_not_mention_skipping(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    out = ff("check").stdout
    assert "skipped" not in out
