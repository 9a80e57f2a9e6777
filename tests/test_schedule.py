"""fivefold.schedule as a table: progress, expected progress, lag, lights at their edge dates, buckets and
the parent roll-up (DESIGN §5, §11.7, §11.8), on items built from dicts — no files, no CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from fivefold.model import THRESHOLD_DEFAULTS, Item
from fivefold.schedule import Assessment, assess, assess_one
from fivefold.schema import parse_item

TH = dict(THRESHOLD_DEFAULTS)
D = dt.date.fromisoformat


def ev(date: str, event: str, **fields: Any) -> dict[str, Any]:
    return {"date": date, "by": "李某", "event": event, **fields}


STARTED = [ev("2026-01-02", "ready"), ev("2026-01-05", "start")]


def make(
    log: Sequence[dict[str, Any]] = (),
    steps: list[tuple[str, str | None, float]] | None = None,
    *,
    id: str = "T-001",
    start: str | None = "2026-01-05",
    due: str | None = "2026-12-31",
    targets: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> Item:
    """An item: `steps` as (id, due, weight); `extra` adds top-level keys (parent, weight)."""
    steps = steps or []
    timeline: dict[str, Any] = {"start": start, "due": due, "steps": {s: {"due": d} for s, d, _ in steps if d}}
    data = {
        "id": id,
        "title": f"事项 {id}",
        "task_sheet": {"targets": targets or [], "lead_unit": "区工信局", "owner": "李某"},
        "roadmap": [{"id": s, "title": f"步骤 {s}", "weight": w} for s, _, w in steps],
        "timeline": {k: v for k, v in timeline.items() if v},
        "log": list(log),
        **extra,
    }
    return parse_item(data)


def one(item: Item, as_of: str, **th: int) -> Assessment:
    return assess_one(item, D(as_of), {**TH, **th})


# --- actual progress ----------------------------------------------------------------------------

THREE_STEPS = [("s1", "2026-03-31", 1), ("s2", "2026-06-30", 2), ("s3", "2026-09-30", 1)]


@pytest.mark.parametrize(
    ("log", "steps", "targets", "expected"),
    [
        pytest.param([], THREE_STEPS, None, 0.0, id="steps-none-done"),
        pytest.param([ev("2026-03-01", "step_done", step="s1")], THREE_STEPS, None, 25.0, id="weighted-one-of-four"),
        pytest.param([ev("2026-03-01", "step_done", step="s2")], THREE_STEPS, None, 50.0, id="weighted-heavy-step"),
        pytest.param(
            [ev("2026-03-01", "step_done", step="s1"), ev("2026-04-01", "step_progress", step="s2", progress=50)],
            THREE_STEPS,
            None,
            50.0,
            id="partial-step-counts-half-its-weight",
        ),
        pytest.param(
            [
                ev("2026-04-01", "step_progress", step="s2", progress=80),
                ev("2026-05-01", "step_progress", step="s2", progress=30),
            ],
            THREE_STEPS,
            None,
            15.0,
            id="latest-step-progress-wins",
        ),
        pytest.param(
            [ev("2026-04-01", "step_progress", step="s2", progress=30), ev("2026-05-01", "step_done", step="s2")],
            THREE_STEPS,
            None,
            50.0,
            id="done-step-counts-whole",
        ),
        pytest.param(
            [ev("2026-04-01", "measure", target="入驻企业", value=4), ev("2026-04-01", "measure", target="投资", value=9)],
            None,
            [{"name": "入驻企业", "unit": "家", "target": 10}, {"name": "投资", "unit": "亿元", "target": 6}],
            70.0,
            id="targets-mean-capped-at-one",
        ),
        pytest.param(
            [ev("2026-04-01", "measure", target="入驻企业", value=5)],
            None,
            [{"name": "入驻企业", "unit": "家", "target": 10}, {"name": "满意度", "unit": None, "target": None}],
            50.0,
            id="non-numeric-target-ignored",
        ),
        pytest.param([], None, [{"name": "入驻企业", "unit": "家", "target": 10}], 0.0, id="target-not-measured"),
        pytest.param([], None, None, 0.0, id="nothing-to-measure"),
    ],
)
def test_actual_progress(log, steps, targets, expected):
    item = make(STARTED + log, steps, targets=targets)
    assert one(item, "2026-11-27").progress == pytest.approx(expected)


def test_closed_is_complete_whatever_the_steps_say():
    log = [*STARTED, ev("2026-06-01", "submit", evidence="报告"), ev("2026-06-02", "accept", by="王某")]
    a = one(make(log, THREE_STEPS), "2026-11-27")
    assert (a.progress, a.expected, a.lag) == (100.0, 100.0, 0.0)
    assert a.open_steps == 3


# --- expected progress and lag ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-03-30", 0.0),
        ("2026-03-31", 0.0),  # a step due today is not yet expected (§11.7)
        ("2026-04-01", 25.0),  # the day after, it is
        ("2026-06-30", 25.0),
        ("2026-07-01", 75.0),
        ("2026-09-30", 75.0),
        ("2026-10-01", 100.0),
    ],
)
def test_expected_progress_counts_steps_once_their_day_is_over(as_of, expected):
    assert one(make(STARTED, THREE_STEPS), as_of).expected == pytest.approx(expected)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-01", 0.0),  # before the start
        ("2026-01-05", 0.0),  # the start day itself
        ("2026-01-07", 20.0),
        ("2026-01-10", 50.0),
        ("2026-01-14", 90.0),  # the due day: one day still to go
        ("2026-01-15", 100.0),
        ("2026-06-01", 100.0),
    ],
)
def test_expected_progress_without_steps_is_the_elapsed_fraction(as_of, expected):
    item = make(STARTED, start="2026-01-05", due="2026-01-14")  # ten days
    assert one(item, as_of).expected == pytest.approx(expected)


def test_expected_progress_follows_a_timely_extension_but_not_a_late_one():
    def extended_on(day: str) -> Item:
        log = [*STARTED, ev(day, "extend", due="2026-01-24", reason="设备到货延迟")]
        return make(log, start="2026-01-05", due="2026-01-14")

    timely, late = extended_on("2026-01-10"), extended_on("2026-01-16")
    assert one(timely, "2026-01-15").expected == pytest.approx(50.0)  # 10 of the 20 days now granted
    assert one(late, "2026-01-16").expected == pytest.approx(100.0)  # still judged on the original ten


def test_a_due_date_before_the_start_does_not_break_the_computation():
    a = one(make([], start="2026-03-02", due="2026-03-01"), "2026-04-01")
    assert a.expected == 100.0
    assert a.light == "red"


def test_lag_is_expected_minus_actual():
    item = make([*STARTED, ev("2026-03-01", "step_done", step="s1")], THREE_STEPS)
    a = one(item, "2026-07-01")
    assert (a.expected, a.progress, a.lag) == (pytest.approx(75.0), pytest.approx(25.0), pytest.approx(50.0))
    ahead = one(make([*STARTED, ev("2026-03-01", "step_done", step="s2")], THREE_STEPS), "2026-04-01")
    assert ahead.lag == pytest.approx(-25.0)


# --- lights of active items (§5): due date, steps, lag, blocked -----------------------------------

# Every step done: only the item's due date speaks.
ALL_DONE = [*STARTED, ev("2026-06-01", "step_done", step="s1")]
ONE_STEP = [("s1", "2026-06-30", 1)]


@pytest.mark.parametrize(
    ("as_of", "light", "overdue"),
    [
        ("2026-12-16", "green", 0),  # 15 days to go
        ("2026-12-17", "yellow", 0),  # 14 days: within soon_days
        ("2026-12-31", "yellow", 0),  # due today: not overdue, not red
        ("2027-01-01", "red", 1),  # the day after
        ("2027-01-31", "red", 31),
    ],
)
def test_due_date_edges(as_of, light, overdue):
    a = one(make(ALL_DONE, ONE_STEP), as_of)
    assert (a.light, a.overdue_days) == (light, overdue)


@pytest.mark.parametrize(
    ("as_of", "light"),
    [
        ("2026-06-30", "green"),  # the step is due today
        ("2026-07-01", "yellow"),  # one day late
        ("2026-07-07", "yellow"),  # late by exactly step_grace_days
        ("2026-07-08", "red"),  # one more
    ],
)
def test_step_grace_edges(as_of, light):
    a = one(make(STARTED, ONE_STEP), as_of)
    assert a.light == light
    assert a.overdue_days == 0  # late steps do not make the item overdue


def test_lag_thresholds_do_not_apply_to_items_with_steps():
    a = one(make(STARTED, ONE_STEP), "2026-07-01")
    assert a.lag == pytest.approx(100.0)
    assert a.light == "yellow"  # the step rule: late, within grace


@pytest.mark.parametrize(
    ("measured", "light"),
    [(41, "green"), (40, "yellow"), (21, "yellow"), (20, "red")],
    ids=["lag-9", "lag-10", "lag-29", "lag-30"],
)
def test_lag_thresholds_for_items_without_steps(measured, light):
    item = make(
        [*STARTED, ev("2026-02-01", "measure", target="完成量", value=measured)],
        start="2026-01-05",
        due="2026-04-14",  # 100 days; on 2026-02-24 half has elapsed
        targets=[{"name": "完成量", "unit": "%", "target": 100}],
    )
    a = one(item, "2026-02-24")
    assert a.expected == pytest.approx(50.0)
    assert a.light == light


def test_blocked_is_yellow_and_still_red_when_late():
    blocked = [*ALL_DONE, ev("2026-07-01", "block", reason="资金未到位")]
    assert one(make(blocked, ONE_STEP), "2026-08-01").light == "yellow"
    assert one(make(ALL_DONE, ONE_STEP), "2026-08-01").light == "green"
    assert one(make(blocked, ONE_STEP), "2027-01-01").light == "red"


# --- lights by state (§11.7) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "as_of", "light", "overdue"),
    [
        ("2026-12-20", "2026-12-27", "green", 0),  # in review 7 days; due soon no longer matters
        ("2026-12-20", "2026-12-28", "yellow", 0),  # 8 days: past review_days
        ("2026-12-20", "2027-01-10", "yellow", 0),  # the due date passing while in review is not lateness
        ("2026-12-31", "2027-01-02", "green", 0),  # submitted on the due day: on time
        ("2027-01-02", "2027-01-03", "red", 2),  # submitted late
        ("2027-01-02", "2027-02-01", "red", 2),  # frozen at the submit date
    ],
)
def test_review_freezes_the_due_rules_at_the_submit_date(submitted, as_of, light, overdue):
    a = one(make([*ALL_DONE, ev(submitted, "submit", evidence="验收报告")], ONE_STEP), as_of)
    assert a.status.state == "review"
    assert (a.light, a.overdue_days) == (light, overdue)


def test_review_with_a_step_late_beyond_grace_at_submission_is_red():
    item = make([*STARTED, ev("2026-07-09", "submit", evidence="材料")], ONE_STEP)  # s1 open, 9 days late
    assert one(item, "2026-07-10").light == "red"
    on_time = make([*STARTED, ev("2026-07-06", "submit", evidence="材料")], ONE_STEP)
    assert one(on_time, "2026-09-01").light == "yellow"  # only review_days: the frozen step rule is within grace


@pytest.mark.parametrize("state_log", [[], [ev("2026-01-02", "ready")]], ids=["draft", "ready"])
@pytest.mark.parametrize(
    ("as_of", "light", "overdue"),
    [
        ("2026-01-04", "none", 0),
        ("2026-01-05", "none", 0),  # the planned start day
        ("2026-01-06", "yellow", 0),  # not started after its start
        ("2026-12-31", "yellow", 0),
        ("2027-01-01", "red", 1),  # past due
    ],
)
def test_not_started_items(state_log, as_of, light, overdue):
    a = one(make(state_log, ONE_STEP), as_of)
    assert a.status.state in ("draft", "ready")
    assert (a.light, a.overdue_days) == (light, overdue)


@pytest.mark.parametrize(
    ("log", "on_time", "overdue"),
    [
        ([ev("2026-12-20", "submit", evidence="报告"), ev("2026-12-22", "accept", by="王某")], True, 0),
        # accepted after the due date, but submitted on it: on time
        ([ev("2026-12-31", "submit", evidence="报告"), ev("2027-01-04", "accept", by="王某")], True, 0),
        ([ev("2027-01-03", "submit", evidence="报告"), ev("2027-01-05", "accept", by="王某")], False, 3),
        (
            [
                ev("2026-12-01", "extend", due="2027-01-31", reason="冬季停工"),
                ev("2027-01-10", "submit", evidence="报告"),
                ev("2027-01-12", "accept", by="王某"),
            ],
            True,
            0,
        ),
        (
            [
                ev("2027-01-02", "extend", due="2027-01-31", reason="冬季停工"),
                ev("2027-01-10", "submit", evidence="报告"),
                ev("2027-01-12", "accept", by="王某"),
            ],
            False,
            10,
        ),
    ],
    ids=["early", "submitted-on-due-day", "late", "timely-extension", "late-extension"],
)
def test_closed_records_whether_it_closed_on_time(log, on_time, overdue):
    a = one(make([*ALL_DONE, *log], ONE_STEP), "2027-03-01")
    assert (a.status.state, a.light, a.bucket) == ("closed", "done", "closed")
    assert (a.closed_on_time, a.overdue_days) == (on_time, overdue)


def test_open_items_have_no_on_time_record():
    assert one(make(ALL_DONE, ONE_STEP), "2027-03-01").closed_on_time is None


def test_cancelled_has_no_light_even_past_due():
    a = one(make([*STARTED, ev("2026-03-01", "cancel", reason="项目调整")], ONE_STEP), "2027-03-01")
    assert (a.status.state, a.light, a.bucket, a.overdue_days) == ("cancelled", "none", "cancelled", 0)


# --- extensions (§4, §11.8) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extended_on", "as_of", "light", "overdue", "judged"),
    [
        ("2026-12-20", "2026-12-19", "yellow", 0, "2026-12-31"),  # not yet granted on that day
        ("2026-12-20", "2027-01-05", "green", 0, "2027-03-31"),  # granted before the deadline
        ("2026-12-31", "2027-01-05", "green", 0, "2027-03-31"),  # on the due day is still in time
        ("2027-01-01", "2027-01-05", "red", 5, "2026-12-31"),  # asked for after it: still late
        ("2027-01-01", "2027-04-01", "red", 91, "2026-12-31"),
    ],
)
def test_extension_before_and_after_the_deadline(extended_on, as_of, light, overdue, judged):
    item = make([*ALL_DONE, ev(extended_on, "extend", due="2027-03-31", reason="征地延迟")], ONE_STEP)
    a = one(item, as_of)
    assert (a.light, a.overdue_days, a.status.due_judged) == (light, overdue, D(judged))
    if as_of >= extended_on:
        assert a.status.due == D("2027-03-31")  # the shown date moves either way


# --- as-of --------------------------------------------------------------------------------------


def test_as_of_before_a_logged_step_done_shows_the_step_open():
    item = make([*STARTED, ev("2026-05-10", "step_done", step="s1"), ev("2026-07-01", "step_done", step="s2")], THREE_STEPS)
    before, on, later = one(item, "2026-05-09"), one(item, "2026-05-10"), one(item, "2026-07-01")
    assert (before.open_steps, before.progress) == (3, 0.0)
    assert (on.open_steps, on.progress) == (2, pytest.approx(25.0))
    assert (later.open_steps, later.progress) == (1, pytest.approx(75.0))
    assert "s1" not in before.status.done


def test_as_of_before_the_start_entry_is_a_draft():
    a = one(make(STARTED, ONE_STEP), "2026-01-01")
    assert (a.status.state, a.bucket, a.light) == ("draft", "upcoming", "none")


# --- buckets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "start", "bucket"),
    [
        (STARTED, "2026-01-05", "ongoing"),
        ([*STARTED, ev("2026-02-01", "block", reason="待审批")], "2026-01-05", "ongoing"),
        ([*STARTED, ev("2026-11-20", "submit", evidence="报告")], "2026-01-05", "ongoing"),
        ([], "2026-12-27", "upcoming"),  # starts in 30 days
        ([], "2026-12-28", "future"),  # in 31
        ([ev("2026-11-01", "ready")], "2026-12-27", "upcoming"),
        ([ev("2026-11-01", "ready")], "2027-03-01", "future"),
        ([], "2026-10-01", "upcoming"),  # already due to start
        ([], None, "upcoming"),
        ([*STARTED, ev("2026-11-20", "submit", evidence="报告"), ev("2026-11-21", "accept", by="王某")], "2026-01-05", "closed"),
        ([ev("2026-11-01", "cancel", reason="撤销")], "2027-03-01", "cancelled"),
    ],
)
def test_buckets(log, start, bucket):
    assert one(make(log, start=start, due="2027-12-31"), "2026-11-27").bucket == bucket


# --- parents (§5) -------------------------------------------------------------------------------


def child(id: str, log: list[dict[str, Any]], *, weight: float | None = None, parent: str = "P-001", **kw: Any) -> Item:
    extra: dict[str, Any] = {"parent": parent}
    if weight is not None:
        extra["weight"] = weight
    return make(log, ONE_STEP, id=id, **extra, **kw)


PARENT_LOG = [*STARTED, ev("2026-05-01", "step_done", step="s1")]


def rolled(*items: Item, as_of: str = "2026-08-01") -> dict[str, Assessment]:
    return assess(list(items), D(as_of), lambda _item: TH)


def test_parent_progress_is_the_weighted_mean_of_its_children():
    parent = make(PARENT_LOG, ONE_STEP, id="P-001")
    done = child("C-002", [*STARTED, ev("2026-05-01", "step_done", step="s1")], weight=3)
    idle = child("C-003", [*STARTED, ev("2026-05-01", "step_progress", step="s1", progress=20)])
    result = rolled(parent, done, idle, as_of="2026-06-01")
    assert result["P-001"].progress == pytest.approx(80.0)  # (3 × 100 + 1 × 20) / 4
    assert result["P-001"].expected == pytest.approx(0.0)
    assert result["P-001"].lag == pytest.approx(-80.0)


def test_a_red_child_makes_a_green_parent_red_and_a_yellow_one_yellow():
    parent = make(PARENT_LOG, ONE_STEP, id="P-001")
    green = child("C-002", PARENT_LOG)
    red = child("C-003", STARTED)  # s1 due 2026-06-30, open on 2026-08-01
    yellow = child("C-004", [*PARENT_LOG, ev("2026-07-01", "block", reason="待审批")])
    assert rolled(parent, green)["P-001"].light == "green"
    assert rolled(parent, green, yellow)["P-001"].light == "yellow"
    result = rolled(parent, green, yellow, red)
    assert (result["C-003"].light, result["P-001"].light) == ("red", "red")


def test_cancelled_children_are_left_out():
    parent = make(PARENT_LOG, ONE_STEP, id="P-001")
    done = child("C-002", PARENT_LOG)
    dropped = child("C-003", [*STARTED, ev("2026-03-01", "cancel", reason="并入其他项目")], due="2026-03-31")
    result = rolled(parent, done, dropped)
    assert result["P-001"].progress == pytest.approx(100.0)
    assert result["P-001"].light == "green"


def test_grandchildren_roll_up_through_their_parent():
    top = make(PARENT_LOG, ONE_STEP, id="P-001")
    mid = child("C-002", PARENT_LOG)
    leaf = child("C-003", STARTED, parent="C-002")  # red: s1 late by a month
    result = rolled(top, mid, leaf)
    assert result["C-002"].progress == pytest.approx(0.0)
    assert (result["C-002"].light, result["P-001"].light) == ("red", "red")


def test_a_closed_parent_stays_done_when_a_child_is_red():
    closed = [*PARENT_LOG, ev("2026-06-01", "submit", evidence="报告"), ev("2026-06-02", "accept", by="王某")]
    parent = make(closed, ONE_STEP, id="P-001")
    result = rolled(parent, child("C-002", STARTED))
    assert (result["P-001"].light, result["P-001"].progress) == ("done", 100.0)


def test_a_missing_parent_is_ignored():
    result = rolled(child("C-002", PARENT_LOG, parent="P-404"))
    assert result["C-002"].light == "green"


# --- thresholds come from the caller ------------------------------------------------------------


def test_thresholds_are_read_through_the_callable():
    calm = make(ALL_DONE, ONE_STEP, id="A-001")
    strict = make(ALL_DONE, ONE_STEP, id="B-001")
    seen: list[str] = []

    def thresholds(item: Item) -> dict[str, int]:
        seen.append(item.id)
        return {**TH, "soon_days": 40} if item.id == "B-001" else TH

    result = assess([calm, strict], D("2026-11-27"), thresholds)  # due in 34 days
    assert sorted(seen) == ["A-001", "B-001"]
    assert (result["A-001"].light, result["B-001"].light) == ("green", "yellow")


@pytest.mark.parametrize(
    ("override", "as_of", "light"),
    [
        ({"step_grace_days": 0}, "2026-07-01", "red"),
        ({"step_grace_days": 30}, "2026-07-20", "yellow"),
        ({"review_days": 0}, None, "yellow"),
        ({"upcoming_days": 60}, None, None),
    ],
)
def test_each_threshold_is_honoured(override, as_of, light):
    if "review_days" in override:
        item = make([*ALL_DONE, ev("2026-11-26", "submit", evidence="报告")], ONE_STEP)
        assert one(item, "2026-11-27").light == "green"
        assert one(item, "2026-11-27", **override).light == light
    elif "upcoming_days" in override:
        item = make([], ONE_STEP, start="2027-01-15", due="2027-12-31")  # 49 days ahead
        assert one(item, "2026-11-27").bucket == "future"
        assert one(item, "2026-11-27", **override).bucket == "upcoming"
    else:
        assert one(make(STARTED, ONE_STEP), as_of, **override).light == light


@pytest.mark.parametrize(("yellow_lag", "red_lag", "light"), [(10, 30, "yellow"), (25, 30, "green"), (10, 20, "red")])
def test_lag_thresholds_are_honoured(yellow_lag, red_lag, light):
    item = make(
        [*STARTED, ev("2026-02-01", "measure", target="完成量", value=28)],
        start="2026-01-05",
        due="2026-04-14",
        targets=[{"name": "完成量", "unit": "%", "target": 100}],
    )
    assert one(item, "2026-02-24", yellow_lag=yellow_lag, red_lag=red_lag).light == light  # lag 22
