"""倒排工期 (issue 18 §4): steps with `days` working days, planned back from the due date or on from the
start on China's working-day calendar; `schedule ID --backward|--forward [--apply]`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fivefold.backplan import backward, forward
from fivefold.errors import UsageError
from fivefold.specs import step_days
from fivefold.workdays import Calendar
from tests.test_schedule import make

D = dt.date.fromisoformat
TODAY = {"FIVEFOLD_TODAY": "2026-12-01"}


def planned(rows) -> list[tuple[str, str, str]]:
    return [(p.step.id, p.start.isoformat(), p.end.isoformat()) for p in rows]


@pytest.mark.parametrize(
    ("steps", "extra", "due", "expected"),
    [
        pytest.param([("A", 5), ("B", 5)], {}, "2026-12-31",
                     [("s1", "2026-12-18", "2026-12-24"), ("s2", "2026-12-25", "2026-12-31")], id="issue-example"),
        pytest.param([("A", 1)], {}, "2026-10-05", [("s1", "2026-09-30", "2026-09-30")], id="due-in-a-holiday-ends-before"),
        pytest.param([("A", 3), ("B", 2)], {}, "2026-10-09",  # 国庆 and 中秋 2026: 10-01..07 and 09-25 off
                     [("s1", "2026-09-28", "2026-09-30"), ("s2", "2026-10-08", "2026-10-09")], id="across-national-day"),
        pytest.param([("A", 2)], {}, "2026-10-12",  # 10-10 is a Saturday worked (调休), 10-11 a Sunday off
                     [("s1", "2026-10-10", "2026-10-12")], id="saturday-worked"),
        pytest.param([("A", None), ("B", 2)], {}, "2026-12-31",
                     [("s1", "2026-12-29", "2026-12-29"), ("s2", "2026-12-30", "2026-12-31")], id="no-days-is-one-day"),
        pytest.param([("A", 2), ("B", 3), ("C", 1)], {"after": {"s3": ["s1", "s2"]}}, "2026-12-31",
                     [("s1", "2026-12-29", "2026-12-30"), ("s2", "2026-12-28", "2026-12-30"), ("s3", "2026-12-31", "2026-12-31")],
                     id="parallel-steps-before-a-join"),
    ],
)  # fmt: skip
def test_backward(steps, extra, due, expected) -> None:
    assert planned(backward(_item(steps, extra), D(due), Calendar())) == expected


@pytest.mark.parametrize(
    ("steps", "start", "expected"),
    [
        pytest.param([("A", 5), ("B", 5)], "2026-12-01", [("s1", "2026-12-01", "2026-12-07"), ("s2", "2026-12-08", "2026-12-14")],
                     id="two-in-a-row"),
        pytest.param([("A", 2)], "2026-12-05", [("s1", "2026-12-07", "2026-12-08")], id="start-on-saturday-moves-to-monday"),
    ],
)  # fmt: skip
def test_forward(steps, start, expected) -> None:
    assert planned(forward(_item(steps, {}), D(start), Calendar())) == expected


def _item(steps: list[tuple[str, int | None]], extra: dict):
    item = make(steps=[(f"s{i}", None, 1) for i in range(1, len(steps) + 1)])
    from dataclasses import replace

    after = extra.get("after", {})
    return replace(item, steps=tuple(
        replace(s, title=t, days=d, after=tuple(after.get(s.id, ()))) for s, (t, d) in zip(item.steps, steps, strict=True)
    ))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [("施工~20工作日", ("施工", 20)), ("施工 ～ 3 个工作日", ("施工", 3)), ("施工~5", ("施工", 5)), ("design~4wd", ("design", 4)),
     ("施工", ("施工", None)), ("约~数日", ("约~数日", None)), ("~5", ("~5", None))],
)  # fmt: skip
def test_step_days(text, expected) -> None:
    assert step_days(text) == expected


def test_zero_days_is_refused() -> None:
    with pytest.raises(UsageError):
        step_days("施工~0工作日")


def _new(ff) -> str:
    return ff("new", "排工期", "--start", "2026-12-01", "--due", "2026-12-31", "--step", "A~5工作日", "--step", "B~5工作日",
              env=TODAY).stdout.strip()  # fmt: skip


def test_schedule_backward_prints_and_marks_no_slack(ff) -> None:
    item = _new(ff)
    data = json.loads(ff("schedule", item, "--backward", "--json", env={"FIVEFOLD_TODAY": "2026-12-20"}).stdout)
    assert [(s["id"], s["days"], s["start"], s["end"], s["no_slack"]) for s in data["steps"]] == [
        ("s1", 5, "2026-12-18", "2026-12-24", True),
        ("s2", 5, "2026-12-25", "2026-12-31", False),
    ]
    text = ff("--lang", "zh", "schedule", item, "--backward", env={"FIVEFOLD_TODAY": "2026-12-20"}).stdout
    assert "已无余量" in text
    shown = json.loads(ff("show", item, "--json", env=TODAY).stdout)
    assert [s.get("due") for s in shown["steps_status"]] == [None, None]  # nothing written without --apply


def test_apply_writes_one_entry_and_undoes(ff, plans) -> None:
    item = _new(ff)
    before = (plans / "demo" / f"{item}.yaml").read_text("utf-8")
    result = ff("--lang", "en", "schedule", item, "--backward", "--apply", env=TODAY)
    assert "the due dates of 2 steps written as scheduled" in result.stdout
    shown = json.loads(ff("show", item, "--json", env=TODAY).stdout)
    assert [s["due"] for s in shown["steps_status"]] == ["2026-12-24", "2026-12-31"]
    assert [e["event"] for e in shown["log"]] == ["created", "edited"]
    ff("undo", "--yes", env=TODAY)
    assert (plans / "demo" / f"{item}.yaml").read_text("utf-8") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--backward", "--forward"], "give one of --backward"), ([], "give one of --backward")],
)
def test_schedule_usage_errors(ff, args, message) -> None:
    item = _new(ff)
    result = ff("--lang", "en", "schedule", item, *args, expect=None)
    assert result.exit_code != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_schedule_needs_steps_and_dates(ff) -> None:
    ff("new", "无步骤", "--due", "2026-12-31", env=TODAY)
    result = ff("--lang", "en", "schedule", "SY-001", "--backward", expect=None)
    assert "SY-001 has no roadmap steps to schedule" in result.stderr
    ff("new", "无开始", "--step", "A~2工作日", env=TODAY)
    result = ff("--lang", "en", "schedule", "SY-002", "--forward", expect=None)
    assert "SY-002 has no start date to schedule from" in result.stderr
    zh = ff("--lang", "zh", "schedule", "SY-002", "--forward", expect=None)
    assert "SY-002 没有开始日期，无法排工期" in zh.stderr


def test_days_written_and_read(ff, plans) -> None:
    item = _new(ff)
    assert "days: 5" in (plans / "demo" / f"{item}.yaml").read_text("utf-8")
    ff("update", item, "--step", "验收~2工作日", env=TODAY)
    assert [p["days"] for p in json.loads(ff("schedule", item, "--forward", "--json").stdout)["steps"]] == [5, 5, 2]
