"""The closed loop through the CLI: every (state, event) pair of DESIGN §4, and the guards on each move."""

from __future__ import annotations

import json

import pytest

from tests.conftest import COMPLETE
from tests.helpers import item_file, journal

STATES = ("draft", "ready", "active", "blocked", "review", "closed", "cancelled")
EVENTS = ("ready", "start", "block", "unblock", "submit", "accept", "reject", "cancel", "reopen")
OPEN = ("draft", "ready", "active", "blocked", "review")

# DESIGN §4, written out independently of fivefold.workflow.TABLE: (state, event) -> new state.
MOVES: dict[tuple[str, str], str] = {
    ("draft", "ready"): "ready",
    ("draft", "start"): "active",
    ("ready", "start"): "active",
    ("active", "block"): "blocked",
    ("blocked", "unblock"): "active",
    ("active", "submit"): "review",
    ("review", "accept"): "closed",
    ("review", "reject"): "active",
    **{(state, "cancel"): "cancelled" for state in OPEN},
    ("closed", "reopen"): "active",
    ("cancelled", "reopen"): "active",
}

# What each event needs on the command line. `accept` is sent by someone other than the owner (李某).
ARGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ready": ((), ()),
    "start": ((), ()),
    "block": ((), ("--reason", "等待用地审批")),
    "unblock": ((), ()),
    "submit": ((), ("--evidence", "竣工验收备案表")),
    "accept": (("--by", "王某"), ()),
    "reject": ((), ("--reason", "资料不全")),
    "cancel": ((), ("--reason", "任务调整")),
    "reopen": ((), ("--reason", "复查发现问题")),
}

# How each state is reached from a fresh, complete draft.
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "ready": ("ready",),
    "active": ("start",),
    "blocked": ("start", "block"),
    "review": ("start", "submit"),
    "closed": ("start", "submit", "accept"),
    "cancelled": ("cancel",),
}


def send(ff, item_id: str, event: str, *extra: str, expect: int | None = 0):
    before, after = ARGS[event]
    return ff(*before, event, item_id, *after, *extra, expect=expect)


def state_of(ff, item_id: str) -> str:
    shown = json.loads(ff("show", item_id, "--json").stdout)["state"]
    listed = {row["id"]: row["state"] for row in json.loads(ff("list", "--json").stdout)}[item_id]
    assert shown == listed
    return shown


def reach(ff, item_id: str, state: str) -> None:
    for event in PATHS[state]:
        send(ff, item_id, event)
    assert state_of(ff, item_id) == state


def allowed_from(state: str) -> list[str]:
    return [event for event in EVENTS if (state, event) in MOVES]


def test_the_expected_table_matches_the_design_text():
    # A guard against a typo in MOVES: every state has a way out except none, and closed/cancelled only reopen.
    assert allowed_from("closed") == ["reopen"]
    assert allowed_from("cancelled") == ["reopen"]
    assert allowed_from("draft") == ["ready", "start", "cancel"]
    assert all(allowed_from(state) for state in STATES)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", EVENTS)
def test_every_state_and_event(ff, plans, complete_item, state, event):
    item_id = complete_item()
    reach(ff, item_id, state)
    path = item_file(plans, item_id)
    before = path.read_bytes()
    entries_before = len(json.loads(ff("show", item_id, "--json").stdout)["log"])
    undo_before = journal(plans)

    if (state, event) in MOVES:
        result = send(ff, item_id, event)
        assert state_of(ff, item_id) == MOVES[state, event]
        log = json.loads(ff("show", item_id, "--json").stdout)["log"]
        assert len(log) == entries_before + 1
        assert log[-1]["event"] == event
        assert log[-1]["by"] == ("王某" if event == "accept" else "李某")
        if event != "submit":  # submit warns about the open steps (tested below)
            assert result.stderr == ""
    else:
        result = send(ff, item_id, event, expect=1)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        allowed = ", ".join(allowed_from(state))
        assert f"Allowed now: {allowed}" in lines[0]
        assert item_id in lines[0] and state in lines[0] and event in lines[0]
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert path.read_bytes() == before
        assert journal(plans) == undo_before
        assert state_of(ff, item_id) == state


def test_a_state_written_into_the_log_by_hand_moves_like_one_reached_through_the_cli(ff, plans, complete_item):
    item_id = complete_item()
    path = item_file(plans, item_id)
    path.write_text(
        path.read_text("utf-8")
        + "  - {at: '2026-03-01T09:00:00+08:00', date: 2026-03-01, by: 李某, event: start}\n"
        + "  - {at: '2026-03-02T09:00:00+08:00', date: 2026-03-02, by: 李某, event: block, reason: 缺资金}\n",
        "utf-8",
    )
    assert state_of(ff, item_id) == "blocked"
    result = send(ff, item_id, "submit", expect=1)
    assert "Allowed now: unblock, cancel" in result.stderr
    send(ff, item_id, "unblock")
    assert state_of(ff, item_id) == "active"


# --- guards -------------------------------------------------------------------------------------


@pytest.mark.parametrize("event", ["ready", "start"])
def test_ready_and_start_refused_when_the_five_checks_fail(ff, plans, event):
    item_id = ff("new", "只有标题的事项", "--area", "industry", "--owner", "李某").stdout.strip()
    path = item_file(plans, item_id)
    before = path.read_bytes()
    result = ff(event, item_id, expect=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    message = lines[0]
    assert "five checks" in message
    for missing in ("goal", "step", "target", "lead unit", "start date", "due date"):
        assert missing in message, missing
    # what is present is not named as missing
    assert "no focus area" not in message and "no responsible person" not in message
    assert path.read_bytes() == before
    assert state_of(ff, item_id) == "draft"


def test_ready_refusal_names_only_the_one_missing_check(ff, plans):
    args = list(COMPLETE)
    i = args.index("--lead-unit")
    del args[i : i + 2]
    item_id = ff("new", "缺牵头单位", *args).stdout.strip()
    message = ff("ready", item_id, expect=1).stderr.strip()
    assert "owned: no lead unit" in message
    assert "projectised" not in message and "time-bound" not in message


def test_accept_by_the_owner_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    reach(ff, item_id, "review")
    path = item_file(plans, item_id)
    before = path.read_bytes()
    result = ff("accept", item_id, expect=1)  # FIVEFOLD_USER is 李某, the owner
    assert len(result.stderr.strip().splitlines()) == 1
    assert "李某" in result.stderr and "own" in result.stderr
    assert path.read_bytes() == before
    ff("--by", "李某", "accept", item_id, expect=1)
    assert state_of(ff, item_id) == "review"
    ff("--by", "王某", "accept", item_id)
    assert state_of(ff, item_id) == "closed"


def test_accept_by_the_current_owner_after_a_reassign_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("update", item_id, "--owner", "张某")
    ff("submit", item_id, "--evidence", "报告")
    ff("--by", "张某", "accept", item_id, expect=1)
    ff("accept", item_id)  # 李某 no longer owns it
    assert state_of(ff, item_id) == "closed"


def test_self_review_allowed_lifts_the_owner_guard(ff, plans, complete_item):
    settings = plans / "fivefold.yaml"
    text = settings.read_text("utf-8")
    assert "self_review: forbidden" in text
    settings.write_text(text.replace("self_review: forbidden", "self_review: allowed"), "utf-8")
    item_id = complete_item()
    reach(ff, item_id, "review")
    ff("accept", item_id)
    assert state_of(ff, item_id) == "closed"


@pytest.mark.parametrize(
    ("state", "event"),
    [("active", "block"), ("review", "reject"), ("active", "cancel"), ("draft", "cancel"), ("closed", "reopen"),
     ("cancelled", "reopen"), ("active", "submit")],
)  # fmt: skip
def test_missing_reason_or_evidence_is_a_usage_error(ff, plans, complete_item, state, event):
    item_id = complete_item()
    reach(ff, item_id, state)
    path = item_file(plans, item_id)
    before = path.read_bytes()
    option = "--evidence" if event == "submit" else "--reason"
    result = ff(event, item_id, expect=2)
    assert option in result.stderr
    result = ff(event, item_id, option, "", expect=2)  # an empty one counts as missing
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert state_of(ff, item_id) == state


def test_submit_with_open_steps_warns_but_succeeds(ff, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("step", "done", item_id, "s1")
    result = ff("submit", item_id, "--evidence", "报告")
    assert "open steps" in result.stderr and "s2" in result.stderr and "s1" not in result.stderr
    assert state_of(ff, item_id) == "review"


def test_submit_with_every_step_done_does_not_warn(ff, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("step", "done", item_id, "s1")
    ff("step", "done", item_id, "s2")
    assert ff("submit", item_id, "--evidence", "报告").stderr == ""


def test_reject_counts_rectification_rounds(ff, complete_item):
    item_id = complete_item()
    ff("start", item_id)

    def rounds() -> int:
        return json.loads(ff("show", item_id, "--json").stdout)["rectifications"]

    assert rounds() == 0
    for n in (1, 2):
        ff("submit", item_id, "--evidence", f"第{n}次报结")
        ff("reject", item_id, "--reason", f"第{n}次整改")
        assert rounds() == n
        assert state_of(ff, item_id) == "active"
    assert json.loads(ff("list", "--json").stdout)[0]["rectifications"] == 2


def test_on_after_today_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    path = item_file(plans, item_id)
    before = path.read_bytes()
    result = ff("start", item_id, "--on", "2026-11-28", expect=2)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "2026-11-28" in result.stderr and "2026-11-27" in result.stderr
    ff("note", item_id, "明天的进展", "--on", "tomorrow", expect=2)
    assert path.read_bytes() == before
    ff("start", item_id, "--on", "2026-11-27")  # today itself is fine
    assert state_of(ff, item_id) == "active"


def test_on_before_the_last_state_change_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-06-01")
    path = item_file(plans, item_id)
    before = path.read_bytes()
    result = ff("block", item_id, "--reason", "缺资金", "--on", "2026-05-31", expect=1)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "2026-05-31" in result.stderr and "2026-06-01" in result.stderr
    ff("note", item_id, "补记", "--on", "2026-05-01", expect=1)
    assert path.read_bytes() == before
    ff("block", item_id, "--reason", "缺资金", "--on", "2026-06-01")  # the same day is fine
    assert state_of(ff, item_id) == "blocked"


def test_back_dated_transition_is_stored_with_its_date(ff, complete_item):
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-02-01")
    entry = json.loads(ff("show", item_id, "--json").stdout)["log"][-1]
    assert entry["event"] == "start" and entry["date"] == "2026-02-01"
    assert entry["at"].startswith("20")  # when it was recorded, not when it happened


def test_step_done_on_an_unknown_step_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    path = item_file(plans, item_id)
    before = path.read_bytes()
    result = ff("step", "done", item_id, "s9", expect=1)
    assert len(result.stderr.strip().splitlines()) == 1 and "s9" in result.stderr
    assert path.read_bytes() == before


def test_step_done_twice_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("step", "done", item_id, "s1")
    before = item_file(plans, item_id).read_bytes()
    ff("step", "done", item_id, "s1", expect=1)
    assert item_file(plans, item_id).read_bytes() == before


@pytest.mark.parametrize("state", ["draft", "ready", "review", "closed", "cancelled"])
def test_step_done_outside_work_is_refused(ff, plans, complete_item, state):
    item_id = complete_item()
    reach(ff, item_id, state)
    before = item_file(plans, item_id).read_bytes()
    result = ff("step", "done", item_id, "s1", expect=1)
    assert len(result.stderr.strip().splitlines()) == 1
    assert state in result.stderr
    assert item_file(plans, item_id).read_bytes() == before


def test_step_done_while_blocked_is_recorded(ff, complete_item):
    item_id = complete_item()
    reach(ff, item_id, "blocked")
    ff("step", "done", item_id, "s1")
    shown = json.loads(ff("show", item_id, "--json").stdout)
    assert shown["steps_done"] == 1 and shown["state"] == "blocked"


@pytest.mark.parametrize("pct", ["101", "150", "-1", "abc"])
def test_step_progress_outside_0_to_100_is_refused(ff, plans, complete_item, pct):
    item_id = complete_item()
    ff("start", item_id)
    before = item_file(plans, item_id).read_bytes()
    result = ff("step", "progress", item_id, "s1", "--", pct, expect=2)
    assert len(result.stderr.strip().splitlines()) == 1
    assert item_file(plans, item_id).read_bytes() == before


@pytest.mark.parametrize("pct", ["0", "100", "55", "40%"])
def test_step_progress_inside_0_to_100_is_recorded(ff, complete_item, pct):
    item_id = complete_item()
    ff("start", item_id)
    ff("step", "progress", item_id, "s1", pct)
    shown = json.loads(ff("show", item_id, "--json").stdout)
    assert shown["steps_status"][0]["progress"] == float(pct.rstrip("%"))


def test_target_with_an_unknown_name_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    before = item_file(plans, item_id).read_bytes()
    result = ff("target", item_id, "不存在的指标", "3", expect=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "不存在的指标" in lines[0] and "入驻企业" in lines[0]  # names what there is
    assert item_file(plans, item_id).read_bytes() == before
    ff("target", item_id, "入驻企业", "4")
    assert json.loads(ff("show", item_id, "--json").stdout)["measures"] == {"入驻企业": 4.0}


def test_extend_to_an_earlier_or_equal_date_is_refused(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    before = item_file(plans, item_id).read_bytes()
    for due in ("2026-12-30", "2026-12-31"):
        result = ff("extend", item_id, "--due", due, "--reason", "x", expect=None)
        assert result.exit_code == 1, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert due in result.stderr and "2026-12-31" in result.stderr
    assert item_file(plans, item_id).read_bytes() == before
    ff("extend", item_id, "--due", "2027-01-31", "--reason", "资金延迟到位")
    assert json.loads(ff("show", item_id, "--json").stdout)["due"] == "2027-01-31"


def test_extend_needs_a_reason(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("extend", item_id, "--due", "2027-01-31", expect=2)
    ff("extend", item_id, "--due", "2027-01-31", "--reason", "", expect=2)


@pytest.mark.parametrize("state", ["closed", "cancelled"])
def test_extend_a_finished_item_is_refused(ff, plans, complete_item, state):
    item_id = complete_item()
    reach(ff, item_id, state)
    result = ff("extend", item_id, "--due", "2027-01-31", "--reason", "x", expect=1)
    assert "Allowed now: reopen" in result.stderr


def test_an_unknown_item_is_one_line(ff):
    result = ff("start", "SY-404", expect=1)
    assert len(result.stderr.strip().splitlines()) == 1 and "SY-404" in result.stderr
