"""Edge cases found in review: log order across UTC offsets, back-dated writes that would push later
entries out of the loop, reassigning a closed item, ids equal but for zeros, YAML 1.1 look-alikes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import state


def test_entries_of_one_day_are_ordered_by_instant_whatever_their_utc_offset(ff, complete_item, plans):
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    ff("start", item_id, "--on", "2026-11-01")
    # Submitted 10:00 in Beijing (02:00 UTC), accepted 00:30 in Los Angeles (08:30 UTC): as text,
    # "2026-11-27T00:30-08:00" sorts before "2026-11-27T10:00+08:00", as instants it comes after.
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("  - {at: '2026-11-27T10:00:00+08:00', date: 2026-11-27, by: 李某, event: submit, evidence: e}\n")
        fh.write("  - {at: '2026-11-27T00:30:00-08:00', date: 2026-11-27, by: 王某, event: accept}\n")
    assert state(ff, item_id) == "closed"
    history = json.loads(ff("history", item_id, "--json").stdout)
    events = [h["event"] for h in history]
    assert events.index("submit") < events.index("accept")
    assert not any(h["skipped"] for h in history)


def test_a_back_dated_write_that_would_skip_later_entries_is_refused(ff, complete_item, plans):
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-03-01")
    ff("step", "done", item_id, "s1", "--on", "2026-04-20")
    path = plans / "demo" / f"{item_id}.yaml"
    before = path.read_bytes()
    result = ff("submit", item_id, "--evidence", "材料", "--on", "2026-04-01", expect=1)
    assert result.stderr.count("\n") == 1 and "2026-04-01" in result.stderr
    assert path.read_bytes() == before
    ff("submit", item_id, "--evidence", "材料", "--on", "2026-04-21")  # after the step: fine


def test_reassigning_a_closed_item_is_refused(ff, complete_item, plans):
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-03-01")
    ff("submit", item_id, "--evidence", "e")
    ff("--by", "王某", "accept", item_id)
    path = plans / "demo" / f"{item_id}.yaml"
    before = path.read_bytes()
    result = ff("update", item_id, "--owner", "新人", expect=1)
    assert "reassign" in result.stderr and path.read_bytes() == before


def test_ids_that_differ_only_in_zeros_are_duplicates(ff, complete_item, plans):
    item_id = complete_item()  # SY-001
    text = (plans / "demo" / f"{item_id}.yaml").read_text("utf-8").replace("id: SY-001", "id: SY-1")
    (plans / "demo" / "SY-1.yaml").write_text(text, "utf-8")
    listed = ff("list", "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["SY-001"]
    assert "SY-1.yaml" in listed.stderr and "SY-001" in listed.stderr
    assert ff("check", expect=1).exit_code == 1


@pytest.mark.parametrize(
    ("written", "read"), [("'9:30'", "9:30"), ("9:30", "9:30"), ("010", "010"), ("yes", "yes"), ("on", "on")]
)
def test_hand_written_scalars_read_as_yaml_1_2(ff, complete_item, plans, written, read):
    item_id = complete_item()
    path: Path = plans / "demo" / f"{item_id}.yaml"
    path.write_text(path.read_text("utf-8").replace("title: 推动园区竣工投产", f"title: {written}"), "utf-8")
    assert json.loads(ff("show", item_id, "--json").stdout)["title"] == read
    ff("note", item_id, "进展")  # the round-trip path reads it the same way
    assert json.loads(ff("show", item_id, "--json").stdout)["title"] == read


def test_a_timely_extension_also_moves_the_steps_due_on_the_old_deadline(ff):
    ff("new", "延期事项", "--area", "industry", "--goal", "g", "--lead-unit", "区工信局", "--owner", "李某",
       "--start", "2026-01-05", "--due", "2026-09-30", "--step", "方案@2026-03-31", "--step", "验收@2026-09-30",
       "--acceptance", "验收")  # fmt: skip
    ff("start", "SY-001", "--on", "2026-01-05")
    ff("step", "done", "SY-001", "s1", "--on", "2026-03-30")
    ff("extend", "SY-001", "--due", "2026-12-31", "--reason", "设备延期到货", "--on", "2026-09-01")

    def row(as_of: str) -> dict:
        return json.loads(ff("--as-of", as_of, "list", "--json").stdout)[0]

    late_autumn = row("2026-10-20")  # past the old deadline and its last step by 20 days
    assert late_autumn["overdue_days"] == 0 and late_autumn["light"] == "green"
    assert late_autumn["expected"] == 50.0  # the moved step is not yet expected
    assert row("2027-01-10")["light"] == "red"  # past the new deadline: red
