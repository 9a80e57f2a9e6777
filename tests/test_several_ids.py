"""Several items at once (issue 14 §3): transitions, `note` and `extend` take several ids, ranges
`SY-001..SY-010` or `--where`; all are checked before any is written (one refused item writes
nothing), one line per item, one undo; a typed id is echoed canonical; an unknown one suggests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fivefold.actions.selection import parse_where
from fivefold.errors import UsageError


def files(plans: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((plans / "demo").glob("*.yaml"))}


@pytest.fixture
def three(ff, complete_item):
    for n in range(3):
        complete_item(f"任务{n + 1}")
    ff("new", "只有标题的草稿")  # SY-004: fails the five checks
    return ff


def states(ff) -> dict[str, str]:
    return {r["id"]: r["state"] for r in json.loads(ff("list", "--json").stdout)}


def test_several_ids_and_a_range_one_line_each(three):
    result = three("ready", "SY-001", "sy-2")
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("SY-001") and lines[1].startswith("SY-002")
    three("start", "SY-001..SY-002")
    assert states(three) == {"SY-001": "active", "SY-002": "active", "SY-003": "draft", "SY-004": "draft"}


def test_all_or_nothing_when_one_item_is_refused(three, plans):
    before = files(plans)
    result = three("ready", "SY-001", "SY-004", "SY-002", expect=1)
    assert "SY-004" in result.stderr and result.stdout == ""
    assert files(plans) == before


def test_an_unknown_id_writes_nothing_and_suggests_the_closest(three, plans):
    before = files(plans)
    result = three("ready", "SY-001", "SY-011", expect=None)
    assert result.exit_code != 0 and result.stderr.count("\n") == 1
    assert "SY-011" in result.stderr and "SY-001" in result.stderr.split("SY-011", 1)[1]
    assert files(plans) == before


def test_where_chooses_by_the_list_filters(three):
    three("ready", "SY-001..SY-003")
    result = three("start", "--where", "state=待启动 area=industry")
    assert len(result.stdout.splitlines()) == 3
    assert set(states(three).values()) == {"active", "draft"}
    assert "state=draft" in three("start", "--where", "state=draft owner=nobody", expect=None).stderr


def test_note_and_extend_take_several_items_and_one_undo_reverts_them_all(three, plans):
    three("ready", "SY-001..SY-003")
    three("start", "SY-001..SY-003")
    before = files(plans)
    out = three("note", "SY-001", "SY-003", "进展顺利", "--by", "张某").stdout
    assert out.count("\n") == 2 and "SY-001" in out and "SY-003" in out
    history = json.loads(three("history", "SY-003", "--json").stdout)
    assert history[-1]["by"] == "张某" and history[-1].get("note") == "进展顺利"
    three("undo")
    assert files(plans) == before
    three("extend", "SY-001..SY-002", "--due", "2027-03-31", "--reason", "征地延后")
    assert {json.loads(three("show", i, "--json").stdout)["due"] for i in ("SY-001", "SY-002")} == {"2027-03-31"}


def test_a_typed_id_is_echoed_canonical(three):
    assert three("ready", "sy-01").stdout.startswith("SY-001")


def test_parse_where():
    assert parse_where("area=industry state=ready").area == "industry"
    assert parse_where('unit="区 住建局"').unit == "区 住建局"
    for bad in ("colour=red", "area", "area=", "", 'area="open'):
        with pytest.raises(UsageError):
            parse_where(bad)


def test_update_takes_several_items_all_or_nothing(three, plans):
    three("ready", "SY-001..SY-002")
    three("start", "SY-001..SY-002")
    out = three("update", "SY-001..SY-003", "--owner", "周某").stdout
    assert len(out.splitlines()) == 3
    owners = {r["id"]: r["owner"] for r in json.loads(three("list", "--json").stdout)}
    assert owners["SY-001"] == owners["SY-002"] == owners["SY-003"] == "周某"
    history = json.loads(three("history", "SY-001", "--json").stdout)
    assert history[-1]["event"] == "reassign"  # after start, a change of owner is a reassignment
    before = files(plans)
    result = three("update", "SY-001", "SY-003", "--due", "2027-06-30", expect=None)  # SY-001 started: refused
    assert result.exit_code != 0 and files(plans) == before
    assert "--title" in three("update", "SY-003", "SY-004", "--title", "同一个标题", expect=2).stderr
    three("update", "--where", "state=draft", "--area", "industry")
    assert {r["area"] for r in json.loads(three("list", "--json", "--state", "draft").stdout)} == {"industry"}
