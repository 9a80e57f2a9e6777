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


# --- the rest of §4: step add --days, durations in imported cells, done steps not planned ---------


@pytest.mark.parametrize(
    ("args", "title", "days"),
    [
        (("施工", "--days", "20"), "施工", 20),
        (("施工~20工作日",), "施工", 20),
        (("施工~20工作日", "--days", "3"), "施工", 3),  # --days wins over the title's
        (("施工",), "施工", None),
    ],
)
def test_step_add_days(ff, plans, args: tuple[str, ...], title: str, days: int | None) -> None:
    item = _new(ff)
    assert ff("step", "add", item, *args, env=TODAY).stdout.strip() == f"{item} s3"
    step = json.loads(ff("show", item, "--json", env=TODAY).stdout)["roadmap"][2]
    assert (step["title"], step.get("days")) == (title, days)


@pytest.mark.parametrize("days", ["0", "-3", "abc"])
def test_step_add_days_must_be_a_whole_number_above_zero(ff, days: str) -> None:
    item = _new(ff)
    result = ff("--lang", "en", "step", "add", item, "施工", "--days", days, expect=2)
    assert "--days" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("spelled", ["施工~20天", "施工～20日", "施工~20自然日", "build~20 days"])
def test_calendar_days_are_refused_not_guessed(ff, spelled: str) -> None:
    item = _new(ff)
    words = {
        "zh": f"工期按工作日计算，请写作“~20工作日”（自然日请自行折算）：{spelled}",
        "en": f"a step's duration counts working days: write ~20工作日 or ~20wd (convert calendar days yourself): {spelled}",
    }
    for lang, message in words.items():
        for args in (("new", "另一项", "--step", spelled), ("update", item, "--step", spelled), ("step", "add", item, spelled)):
            result = ff("--lang", lang, *args, env=TODAY, expect=2)
            assert result.stderr.strip() == f"fivefold: {message}"


def test_durations_in_an_imported_time_node_cell(ff, tmp_path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "任务名称,开始时间,完成时限,时间节点\n"
        '排工期,2026-12-01,2026-12-31,"方案设计~3工作日；施工（10个工作日）；竣工验收@2026-12-31"\n',
        "utf-8",
    )
    item = ff("import", str(table), env=TODAY).stdout.strip()
    roadmap = json.loads(ff("show", item, "--json", env=TODAY).stdout)["roadmap"]
    assert [(s["title"], s.get("days")) for s in roadmap] == [("方案设计", 3), ("施工", 10), ("竣工验收", None)]
    data = json.loads(ff("schedule", item, "--backward", "--json", env=TODAY).stdout)
    assert [(s["start"], s["end"]) for s in data["steps"]] == [
        ("2026-12-14", "2026-12-16"),
        ("2026-12-17", "2026-12-30"),  # 10 working days
        ("2026-12-31", "2026-12-31"),
    ]


@pytest.mark.parametrize(
    ("cell", "zh", "en"),
    [
        ("施工~20天", "工期按工作日计算", "a step's duration counts working days"),
        ("施工~0工作日", "步骤工期应为正整数个工作日：0", "a step's duration is a whole number of working days: 0"),
    ],
)
def test_a_bad_duration_in_a_cell_names_its_row(ff, tmp_path, cell: str, zh: str, en: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text(f'任务名称,开始时间,完成时限,时间节点\n排工期,2026-12-01,2026-12-31,"{cell}"\n', "utf-8")
    for lang, words in (("zh", zh), ("en", en)):
        result = ff("--lang", lang, "import", str(table), env=TODAY, expect=1)
        assert words in result.stderr and "时间节点" in result.stderr
    assert ff("list", "--json", env=TODAY).stdout.strip() == "[]"  # nothing written


def _done(item, done: dict[str, str]) -> dict[str, dt.date]:
    return {sid: D(day) for sid, day in done.items()}


@pytest.mark.parametrize(
    ("steps", "extra", "done", "expected"),
    [
        # A done: kept as it is (its done day), B planned back from the due date as before
        pytest.param([("A", 5), ("B", 5)], {}, {"s1": "2026-12-03"},
                     [("s1", "2026-12-03", "2026-12-03"), ("s2", "2026-12-25", "2026-12-31")], id="first-done"),
        # B done early: A, which it followed, no longer waits on it — planned back from the due date
        pytest.param([("A", 5), ("B", 5)], {}, {"s2": "2026-12-10"},
                     [("s1", "2026-12-25", "2026-12-31"), ("s2", "2026-12-10", "2026-12-10")], id="successor-done"),
        pytest.param([("A", 2), ("B", 3), ("C", 1)], {"after": {"s3": ["s1", "s2"]}}, {"s2": "2026-12-04"},
                     [("s1", "2026-12-29", "2026-12-30"), ("s2", "2026-12-04", "2026-12-04"), ("s3", "2026-12-31", "2026-12-31")],
                     id="one-branch-of-a-join-done"),
    ],
)  # fmt: skip
def test_backward_keeps_done_steps(steps, extra, done, expected) -> None:
    rows = backward(_item(steps, extra), D("2026-12-31"), Calendar(), _done(None, done))
    assert planned(rows) == expected
    assert [p.step.id for p in rows if p.done is not None] == sorted(done)


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        pytest.param({}, [("s1", "2026-12-01", "2026-12-07"), ("s2", "2026-12-08", "2026-12-14")], id="none-done"),
        # A finished late (12-10): B starts the working day after it was done, not after A's plan
        pytest.param({"s1": "2026-12-10"}, [("s1", "2026-12-10", "2026-12-10"), ("s2", "2026-12-11", "2026-12-17")], id="late"),
        pytest.param({"s1": "2026-12-02"}, [("s1", "2026-12-02", "2026-12-02"), ("s2", "2026-12-03", "2026-12-09")], id="early"),
    ],
)
def test_forward_starts_after_a_done_step(done, expected) -> None:
    assert planned(forward(_item([("A", 5), ("B", 5)], {}), D("2026-12-01"), Calendar(), _done(None, done))) == expected


def test_apply_leaves_done_steps_alone(ff) -> None:
    """The seen bug: --backward planned (and --apply rewrote) a step already done like an open one."""
    sheet = ("--area", "industry", "--goal", "按期完工", "--lead-unit", "区工信局", "--owner", "李某", "--target", "完成率=100 %")
    item = ff("new", "排工期", *sheet, "--start", "2026-12-01", "--due", "2026-12-31", "--step", "A~5工作日@2026-12-04",
              "--step", "B~5工作日@2026-12-31", env=TODAY).stdout.strip()  # fmt: skip
    ff("start", item, "--on", "2026-12-01", env=TODAY)
    ff("step", "done", item, "s1", "--on", "2026-12-03", env={"FIVEFOLD_TODAY": "2026-12-20"})
    later = {"FIVEFOLD_TODAY": "2026-12-20"}
    data = json.loads(ff("schedule", item, "--backward", "--json", env=later).stdout)
    assert [(s["id"], s["start"], s["end"], s["done"], s["no_slack"]) for s in data["steps"]] == [
        ("s1", None, None, "2026-12-03", False),  # done: not planned, never 已无余量
        ("s2", "2026-12-25", "2026-12-31", None, False),
    ]
    for lang, words in (("zh", "2026-12-03 已完成，不再排期"), ("en", "done on 2026-12-03, not planned")):
        assert words in ff("--lang", lang, "schedule", item, "--backward", env=later).stdout
    result = ff("--lang", "en", "schedule", item, "--backward", "--apply", env=later)
    assert "the due dates of 1 steps written as scheduled" in result.stdout
    shown = json.loads(ff("show", item, "--json", env=later).stdout)
    assert [s["due"] for s in shown["steps_status"]] == ["2026-12-04", "2026-12-31"]  # A keeps the date it was judged by
