"""Deadline extensions (DESIGN §4, §11.8): granted before the deadline, the item is judged against the new
date; asked for after it, the shown date moves but lateness keeps counting from the original one."""

from __future__ import annotations

import json

import pytest

# Today is 2026-11-27 (conftest). The planned deadline, a week earlier, has passed.
DUE = "2026-11-20"
ITEM = [
    "--area", "industry",
    "--goal", "园区完工投产",
    "--lead-unit", "区工信局",
    "--owner", "李某",
    "--start", "2026-01-05",
    "--due", DUE,
    "--step", "主体封顶@2026-04-30",
    "--step", "竣工验收@2026-11-15",
    "--target", "入驻企业=10 家",
]  # fmt: skip


@pytest.fixture
def started(ff):
    """An item started in January whose steps were all done on time, so only the deadline decides its light."""
    item_id = ff("new", "推动园区竣工投产", *ITEM).stdout.strip()
    ff("start", item_id, "--on", "2026-01-05")
    ff("step", "done", item_id, "s1", "--on", "2026-04-28")
    ff("step", "done", item_id, "s2", "--on", "2026-11-10")
    return item_id


def row(ff, item_id: str, *options: str) -> dict:
    rows = {r["id"]: r for r in json.loads(ff(*options, "list", "--json").stdout)}
    shown = json.loads(ff(*options, "show", item_id, "--json").stdout)
    for key in ("due", "due_planned", "overdue_days", "light", "closed_on_time", "state"):
        assert rows[item_id][key] == shown[key], key
    return shown


def close(ff, item_id: str, on: str) -> None:
    ff("submit", item_id, "--evidence", "竣工验收备案", "--on", on)
    ff("--by", "王某", "accept", item_id, "--on", on)


def test_without_an_extension_the_item_is_late_and_red(ff, started):
    r = row(ff, started)
    assert (r["due"], r["due_planned"]) == (DUE, DUE)
    assert r["overdue_days"] == 7
    assert r["light"] == "red"


def test_extension_before_the_deadline_is_judged_against_the_new_date(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", "2026-11-18")
    r = row(ff, started)
    assert r["due"] == "2027-03-31"
    assert r["due_planned"] == DUE
    assert r["overdue_days"] == 0
    assert r["light"] == "green"  # steps done, new deadline months away: nothing left to warn about
    assert r["extensions"] == [{"date": "2026-11-18", "from": DUE, "due": "2027-03-31", "reason": "设备延迟到货"}]
    assert r["timeline"]["due"] == DUE  # the plan is not rewritten; the extension is a log entry
    assert r["log"][-1]["event"] == "extend"


def test_extension_granted_on_the_deadline_itself_counts_as_before(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", DUE)
    r = row(ff, started)
    assert r["overdue_days"] == 0 and r["light"] == "green"


def test_extension_after_the_deadline_moves_the_date_but_not_the_judgement(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", "2026-11-21")
    r = row(ff, started)
    assert r["due"] == "2027-03-31"
    assert r["due_planned"] == DUE
    assert r["overdue_days"] == 7  # counted from 2026-11-20, not from the new date
    assert r["light"] == "red"


def test_late_extension_keeps_counting_as_days_pass(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", "2026-11-25")
    assert row(ff, started, "--as-of", "2026-12-10")["overdue_days"] == 20


def test_a_second_extension_after_the_extended_date_passed_is_late(ff, started):
    ff("extend", started, "--due", "2026-11-24", "--reason", "第一次延期", "--on", "2026-11-15")
    ff("extend", started, "--due", "2027-01-31", "--reason", "第二次延期", "--on", "2026-11-26")
    r = row(ff, started)
    assert r["due"] == "2027-01-31" and r["due_planned"] == DUE
    assert r["overdue_days"] == 3  # late against 11-24, the date in force when the second was asked for
    assert r["light"] == "red"
    assert [e["due"] for e in r["extensions"]] == ["2026-11-24", "2027-01-31"]


def test_two_timely_extensions_are_judged_against_the_last(ff, started):
    ff("extend", started, "--due", "2026-11-24", "--reason", "第一次延期", "--on", "2026-11-15")
    ff("extend", started, "--due", "2027-03-31", "--reason", "第二次延期", "--on", "2026-11-23")
    r = row(ff, started)
    assert r["due"] == "2027-03-31" and r["overdue_days"] == 0 and r["light"] == "green"


def test_as_of_before_the_extension_shows_the_planned_date(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", "2026-11-18")
    r = row(ff, started, "--as-of", "2026-11-17")
    assert r["due"] == DUE and r["extensions"] == []


def test_extension_is_recorded_in_the_log_with_its_reason(ff, started):
    ff("extend", started, "--due", "2027-03-31", "--reason", "设备延迟到货", "--note", "区政府同意")
    entry = json.loads(ff("show", started, "--json").stdout)["log"][-1]
    assert entry["event"] == "extend" and entry["due"] == "2027-03-31"
    assert entry["reason"] == "设备延迟到货" and entry["note"] == "区政府同意"
    assert entry["date"] == "2026-11-27"


# --- closed on time or late, after each kind of extension --------------------------------------


def test_closed_before_the_planned_date_is_on_time(ff, started):
    close(ff, started, "2026-11-19")
    r = row(ff, started)
    assert r["state"] == "closed" and r["light"] == "done"
    assert r["closed_on_time"] is True and r["overdue_days"] == 0


def test_closed_after_the_planned_date_without_extension_is_late(ff, started):
    close(ff, started, "2026-11-23")
    r = row(ff, started)
    assert r["closed_on_time"] is False and r["overdue_days"] == 3


def test_timely_extension_then_closed_by_the_new_date_is_on_time(ff, started):
    ff("extend", started, "--due", "2026-12-31", "--reason", "设备延迟到货", "--on", "2026-11-18")
    close(ff, started, "2026-11-25")  # after the planned date, before the new one
    r = row(ff, started)
    assert r["closed_on_time"] is True and r["overdue_days"] == 0 and r["light"] == "done"


def test_timely_extension_then_closed_after_the_new_date_is_late(ff, started):
    ff("extend", started, "--due", "2026-11-22", "--reason", "设备延迟到货", "--on", "2026-11-18")
    close(ff, started, "2026-11-26")
    r = row(ff, started)
    assert r["closed_on_time"] is False and r["overdue_days"] == 4  # from 11-22


def test_late_extension_then_closed_by_the_new_date_is_still_late(ff, started):
    ff("extend", started, "--due", "2026-12-31", "--reason", "设备延迟到货", "--on", "2026-11-21")
    close(ff, started, "2026-11-25")
    r = row(ff, started)
    assert r["due"] == "2026-12-31"
    assert r["closed_on_time"] is False and r["overdue_days"] == 5  # from the original 11-20


def test_on_time_is_judged_by_the_accepted_submission_not_the_acceptance(ff, started):
    ff("submit", started, "--evidence", "竣工验收备案", "--on", "2026-11-19")
    ff("--by", "王某", "accept", started, "--on", "2026-11-24")  # verified late, submitted in time
    r = row(ff, started)
    assert r["closed_on_time"] is True and r["overdue_days"] == 0


def test_a_rejected_submission_does_not_count_as_on_time(ff, started):
    ff("submit", started, "--evidence", "第一次报结", "--on", "2026-11-18")
    ff("--by", "王某", "reject", started, "--reason", "资料不全", "--on", "2026-11-19")
    close(ff, started, "2026-11-24")
    r = row(ff, started)
    assert r["closed_on_time"] is False and r["overdue_days"] == 4 and r["rectifications"] == 1


def test_extension_while_in_review_is_allowed(ff, started):
    ff("submit", started, "--evidence", "竣工验收备案", "--on", "2026-11-19")
    ff("extend", started, "--due", "2026-12-31", "--reason", "补充材料")
    assert row(ff, started)["due"] == "2026-12-31"
