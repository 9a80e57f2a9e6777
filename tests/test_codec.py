"""YAML text <-> model: the round trip, appending to the log, keeping what people wrote by hand,
and every YAML reader seeing the same data in what the tool writes (DESIGN §3, §9, §11.2)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from fivefold import codec
from fivefold.errors import Invalid
from fivefold.model import CADENCES, Step, Target

# --- strategies ----------------------------------------------------------------------------------

# Strings a YAML 1.1 or 1.2 reader would take for something else if written bare, and strings
# that need quoting or escaping for other reasons.
RISKY = [
    "yes", "no", "on", "off", "Yes", "NO", "On", "OFF", "y", "n", "true", "False",
    "9:30", "1:30:00", "010", "0o17", "0x1F", "0b101", "1e3", "1.0e3", "+1", "-1", ".5", "1_000", "3.14",
    ".inf", ".NaN", "null", "Null", "~", "<<", "=", "2026-01-01", "2026-01-01 10:00:00", "2026-01-04T16:00:00+08:00",
    " leading", "trailing ", "  both  ", "a\nb", "line1\nline2\n", "\ttab", "a\tb",
    '"quoted"', "'single'", "it's", "#hash", "a #b", "a: b", ": ", "key:", "- item", "-", "?", "? x",
    "[x]", "{x}", "a, b", "*ref", "&anc", "!tag", "%d", "@at", "`tick", "|", ">", "\\", "...", "---",
    "推动吉通创新中心园区竣工投产", "区工信局", "李某", "入驻企业", "家", "「引号」", "全角：冒号", "１０",
]  # fmt: skip
CHINESE = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from(list("，。：；、 （）#-：")),
    min_size=1,
    max_size=16,
)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24)
TEXT = st.one_of(
    st.sampled_from(RISKY),
    CHINESE,
    ANY_TEXT,
    st.tuples(st.sampled_from(RISKY), CHINESE).map("".join),
    st.tuples(CHINESE, st.sampled_from(RISKY)).map("".join),
)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
NUMBERS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
STAMPS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2040, 1, 1),
    timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=8))]),
).map(lambda d: d.replace(microsecond=0).isoformat())


@st.composite
def entries(draw: Any, steps: list[str] = (), targets: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    events = ["note", "created", "edited"] + (["step_progress"] if steps else []) + (["measure"] if targets else [])
    event = draw(st.sampled_from(events))
    entry: dict[str, Any] = {"at": draw(STAMPS), "date": draw(DATES), "by": draw(TEXT), "event": event}
    if event == "note" or draw(st.booleans()):
        entry["note"] = draw(TEXT)
    if event == "edited":
        entry["fields"] = draw(st.lists(st.sampled_from(["goal", "title", "due", "owner"]), min_size=1, max_size=3))
    if event == "step_progress":
        entry["step"] = draw(st.sampled_from(steps))
        entry["progress"] = draw(st.integers(min_value=0, max_value=100))
    if event == "measure":
        entry["target"] = draw(st.sampled_from(targets))
        entry["value"] = draw(NUMBERS)
    return entry


@st.composite
def items(draw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": draw(st.sampled_from(["SY-001", "SY-042", "ab1-1000"])), "title": draw(TEXT)}
    if draw(st.booleans()):
        data["area"] = draw(TEXT)
    if draw(st.booleans()):
        data["parent"] = "SY-900"
    sheet: dict[str, Any] = {}
    for key in ("goal", "lead_unit", "leader", "owner", "acceptance"):
        if draw(st.booleans()):
            sheet[key] = draw(TEXT)
    targets = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        target: dict[str, Any] = {"name": draw(TEXT)}
        if draw(st.booleans()):
            target["unit"] = draw(TEXT)
        target["target"] = draw(NUMBERS)
        targets.append(target)
    if targets:
        sheet["targets"] = targets
    for key in ("partner_units", "deliverables"):
        if draw(st.booleans()):
            sheet[key] = draw(st.lists(TEXT, min_size=1, max_size=3))
    data["task_sheet"] = sheet
    roadmap, step_dues = [], {}
    for n in range(1, draw(st.integers(min_value=0, max_value=4)) + 1):
        step: dict[str, Any] = {"id": f"s{n}", "title": draw(TEXT)}
        if draw(st.booleans()):
            step["deliverable"] = draw(TEXT)
        if n > 1 and draw(st.booleans()):
            step["after"] = draw(st.lists(st.sampled_from([f"s{i}" for i in range(1, n)]), min_size=1, max_size=2, unique=True))
        if draw(st.booleans()):
            step["weight"] = draw(st.integers(min_value=1, max_value=5) | st.sampled_from([0.5, 1.5, 2.25]))
        if draw(st.booleans()):
            step["owner"] = draw(TEXT)
        roadmap.append(step)
        if draw(st.booleans()):
            step_dues[f"s{n}"] = {"due": draw(DATES)}
    data["roadmap"] = roadmap
    timeline: dict[str, Any] = {}
    for key in ("start", "due"):
        if draw(st.booleans()):
            timeline[key] = draw(DATES)
    if draw(st.booleans()):
        timeline["cadence"] = draw(st.sampled_from(CADENCES))
    if step_dues:
        timeline["steps"] = step_dues
    data["timeline"] = timeline
    step_ids = [s["id"] for s in roadmap]
    names = [t["name"] for t in targets]
    data["log"] = [draw(entries(step_ids, names)) for _ in range(draw(st.integers(min_value=1, max_value=4)))]
    return data


# --- helpers -------------------------------------------------------------------------------------


def tagged(value: Any) -> Any:
    """Data as comparable values: type-tagged scalars (so True never equals 1), datetimes as ISO text."""
    if isinstance(value, Mapping):
        return {tagged(k): tagged(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [tagged(v) for v in value]
    if isinstance(value, bool):
        return ("bool", bool(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", float(value))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if value is None:
        return None
    raise AssertionError(f"unexpected {type(value)}: {value!r}")


def readers(text: str) -> dict[str, Any]:
    """The same text through every YAML reader a user or the tool may use."""
    return {
        "CSafeLoader": yaml.load(text, Loader=yaml.CSafeLoader),
        "SafeLoader": yaml.load(text, Loader=yaml.SafeLoader),
        "ruamel safe": YAML(typ="safe", pure=True).load(text),
        "ruamel rt": YAML(typ="rt").load(io.StringIO(text)),
    }


def assert_all_readers_agree(text: str, expected: Any) -> None:
    want = tagged(expected)
    for name, data in readers(text).items():
        assert tagged(data) == want, f"{name} reads differently:\n{text}"


def load(text: str, file_id: str = "SY-001") -> Any:
    return codec.load_item(text, f"{file_id}.yaml", plan="demo", file_id=file_id)


ROUND_TRIP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the round trip ------------------------------------------------------------------------------


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(data=items())
def test_dump_then_load_gives_back_every_field(data):
    text = codec.dump_item(data)
    item = load(text, data["id"])
    sheet, timeline = data["task_sheet"], data["timeline"]
    assert item.id == data["id"]
    assert item.title == data["title"]
    assert item.area == data.get("area")
    assert item.parent == data.get("parent")
    assert item.goal == sheet.get("goal")
    assert item.lead_unit == sheet.get("lead_unit")
    assert item.leader == sheet.get("leader")
    assert item.owner == sheet.get("owner")
    assert item.acceptance == sheet.get("acceptance")
    assert item.partner_units == tuple(sheet.get("partner_units", ()))
    assert item.deliverables == tuple(sheet.get("deliverables", ()))
    assert item.targets == tuple(Target(t["name"], t.get("unit"), float(t["target"])) for t in sheet.get("targets", []))
    dues = timeline.get("steps", {})
    assert item.steps == tuple(
        Step(
            id=s["id"],
            title=s["title"],
            deliverable=s.get("deliverable"),
            after=tuple(s.get("after", ())),
            weight=float(s.get("weight", 1)),
            owner=s.get("owner"),
            due=dues.get(s["id"], {}).get("due"),
        )
        for s in data["roadmap"]
    )
    assert (item.start, item.due, item.cadence) == (timeline.get("start"), timeline.get("due"), timeline.get("cadence"))
    assert len(item.log) == len(data["log"])
    for entry, want in zip(item.log, data["log"], strict=True):
        assert (entry.at, entry.date, entry.by, entry.event, entry.note) == (
            want["at"],
            want["date"],
            want["by"],
            want["event"],
            want.get("note"),
        )
        assert tagged(dict(entry.data)) == tagged(want)
    assert tagged(item.raw) == tagged(data)


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(data=items())
def test_every_yaml_reader_reads_what_the_tool_writes_identically(data):
    assert_all_readers_agree(codec.dump_item(data), data)


@pytest.mark.parametrize("value", RISKY)
def test_risky_strings_are_quoted_for_every_reader(value):
    data = {"id": "SY-001", "title": value, "task_sheet": {"goal": value, "partner_units": [value]}, "log": []}
    data["log"].append(
        {"at": "2026-11-27T10:00:00+08:00", "date": dt.date(2026, 11, 27), "by": value, "event": "note", "note": value}
    )
    text = codec.dump_item(data)
    assert_all_readers_agree(text, data)
    assert load(text).title == value


# --- appending to the log ------------------------------------------------------------------------


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(data=items(), new=entries())
def test_append_log_adds_one_entry_and_keeps_every_byte_before_it(data, new):
    text = codec.dump_item(data)
    after = codec.append_log(text, [new], "SY-001.yaml")
    assert after.startswith(text)
    assert after.count("\n") == text.count("\n") + 1
    before_item, after_item = load(text, data["id"]), load(after, data["id"])
    assert len(after_item.log) == len(before_item.log) + 1
    assert tagged(dict(after_item.log[-1].data)) == tagged(new)
    assert tagged(after_item.raw) == tagged({**data, "log": [*data["log"], new]})
    assert_all_readers_agree(after, {**data, "log": [*data["log"], new]})


HAND_WRITTEN = """\
# 手写的事项文件：注释与未知字段都应保留
id: SY-001   # 编号
title: 推动园区竣工投产
area: industry
custom_top: 保留我          # an unknown top-level key
task_sheet:
  goal: 园区完工投产
  # 指标要可量化
  targets:
    - {name: 入驻企业, unit: 家, target: 10}
  lead_unit: 区工信局
  owner: 李某
  sheet_extra: 额外字段       # unknown inside task_sheet
roadmap:
  - {id: s1, title: 主体封顶, deliverable: 封顶记录, risk: 高}   # unknown key in a flow step
  - id: s2
    title: 竣工验收
    reviewer: 张某           # unknown key in a block step
timeline:
  start: 2026-01-05
  due: 2026-12-31
  steps:
    s1: {due: 2026-04-30}
    s2: {due: 2026-12-15}
log:
  # 日志由工具追加
  - {at: '2026-01-04T16:00:00+08:00', date: 2026-01-04, by: 李某, event: created, source: 手工录入}   # unknown in an entry
"""
KEPT = [
    "# 手写的事项文件：注释与未知字段都应保留",
    "# 编号",
    "custom_top: 保留我",
    "# an unknown top-level key",
    "# 指标要可量化",
    "sheet_extra: 额外字段",
    "# unknown inside task_sheet",
    "risk: 高",
    "# unknown key in a flow step",
    "reviewer: 张某",
    "# unknown key in a block step",
    "# 日志由工具追加",
    "source: 手工录入",
    "# unknown in an entry",
]
NOTE = {"at": "2026-11-27T10:00:00+08:00", "date": dt.date(2026, 11, 27), "by": "李某", "event": "note", "note": "yes: 9:30 开会"}


def _unknowns_survive(text: str) -> None:
    for fragment in KEPT:
        assert fragment in text, f"lost {fragment!r}:\n{text}"
    raw = load(text).raw
    assert raw["custom_top"] == "保留我"
    assert raw["task_sheet"]["sheet_extra"] == "额外字段"
    assert raw["roadmap"][0]["risk"] == "高"
    assert raw["roadmap"][1]["reviewer"] == "张某"
    assert raw["log"][0]["source"] == "手工录入"


def test_hand_written_file_loads():
    item = load(HAND_WRITTEN)
    assert [s.id for s in item.steps] == ["s1", "s2"]
    _unknowns_survive(HAND_WRITTEN)


def test_append_log_keeps_comments_and_unknown_keys():
    after = codec.append_log(HAND_WRITTEN, [NOTE], "SY-001.yaml")
    assert after.startswith(HAND_WRITTEN)
    _unknowns_survive(after)
    assert load(after).log[-1].note == "yes: 9:30 开会"


def test_append_log_when_log_is_not_the_last_key_still_keeps_everything():
    text = HAND_WRITTEN + "trailer: 尾部   # a key after log\n"
    after = codec.append_log(text, [NOTE], "SY-001.yaml")
    _unknowns_survive(after)
    assert "trailer: 尾部" in after and "# a key after log" in after
    item = load(after)
    assert [e.event for e in item.log] == ["created", "note"]
    assert item.log[-1].note == "yes: 9:30 开会"
    assert item.raw["trailer"] == "尾部"


def test_append_log_to_an_empty_log():
    text = codec.dump_item({"id": "SY-001", "title": "x"}) + "log:\n"
    after = codec.append_log(text, [NOTE], "SY-001.yaml")
    assert after.startswith(text)
    assert [e.event for e in load(after).log] == ["note"]


def test_edit_document_keeps_comments_and_unknown_keys():
    def mutate(doc: Any) -> None:
        doc["task_sheet"]["goal"] = codec.rt_value("新的目标: on")
        doc["title"] = codec.rt_value("010")
        doc["log"].append(codec.rt_value(NOTE))

    after = codec.edit_document(HAND_WRITTEN, mutate)
    _unknowns_survive(after)
    item = load(after)
    assert item.goal == "新的目标: on"
    assert item.title == "010"
    assert [e.event for e in item.log] == ["created", "note"]
    # Everything not changed is byte-for-byte the same line.
    changed = {"title: 推动园区竣工投产", "  goal: 园区完工投产"}
    for line in HAND_WRITTEN.splitlines():
        if line not in changed:
            assert line in after.splitlines(), line


def edit_and_read_back(value: str) -> None:
    """Set a value as title, goal and note through the round-trip path; every reader gets it back."""
    text = codec.dump_item({"id": "SY-001", "title": "x", "task_sheet": {"goal": "g"}, "log": []})

    def mutate(doc: Any) -> None:
        doc["title"] = codec.rt_value(value)
        doc["task_sheet"]["goal"] = codec.rt_value(value)
        doc["log"].append(codec.rt_value({**NOTE, "note": value}))

    after = codec.edit_document(text, mutate)
    assert load(after).title == value
    assert_all_readers_agree(
        after, {"id": "SY-001", "title": value, "task_sheet": {"goal": value}, "log": [{**NOTE, "note": value}]}
    )


@pytest.mark.parametrize("value", RISKY)
def test_round_trip_edits_quote_risky_values_for_every_reader(value):
    edit_and_read_back(value)


def test_a_file_written_through_the_cli_reads_identically_everywhere(ff, plans):
    item_id = ff(
        "new", "yes", "--goal", "9:30", "--owner", "on", "--lead-unit", "010", "--partner", "1e3", "--partner", "null",
        "--step", "~@2026-12-01", "--target", "off=10 no", "--acceptance", " a: b # c ", "--start", "2026-01-05",
        "--due", "2026-12-31",
    ).stdout.strip()  # fmt: skip
    ff("update", item_id, "--leader", "0o17", "--title", "Yes")
    ff("step", "add", item_id, "#1: 准备", "--owner", "No", "--due", "2026-12-10")
    ff("note", item_id, "进展 - 'quoted' \"double\" #1")
    text = (plans / "demo" / f"{item_id}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    assert data["title"] == "Yes"
    assert data["task_sheet"]["goal"] == "9:30"
    assert data["task_sheet"]["owner"] == "on"
    assert data["task_sheet"]["lead_unit"] == "010"
    assert data["task_sheet"]["leader"] == "0o17"
    assert data["task_sheet"]["partner_units"] == ["1e3", "null"]
    assert data["task_sheet"]["acceptance"] == " a: b # c "
    assert data["task_sheet"]["targets"] == [{"name": "off", "unit": "no", "target": 10}]
    assert [s["title"] for s in data["roadmap"]] == ["~", "#1: 准备"]
    assert data["roadmap"][1]["owner"] == "No"
    assert data["log"][-1]["note"] == "进展 - 'quoted' \"double\" #1"
    assert_all_readers_agree(text, data)


# --- reading errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: SY-001\ntitle: a\n  bad: indent: x\n", 3, 6),
        ('id: SY-001\ntitle: "unclosed\n', 3, 1),
        ("id: SY-001\nroadmap:\n\t- {id: s1}\n", 3, 1),
        ("id: SY-001\ntitle: [a, b\n", 3, 1),
    ],
)
def test_malformed_yaml_is_a_located_problem(text, line, column):
    with pytest.raises(Invalid) as info:
        codec.read_yaml(text, "plans/demo/SY-001.yaml")
    (problem,) = info.value.problems
    assert problem.key == "yaml_error"
    assert problem.path == "plans/demo/SY-001.yaml"
    assert (problem.line, problem.column) == (line, column)
    assert problem.params["problem"]


def test_conflict_markers_are_reported_with_their_line():
    text = "id: SY-001\ntitle: a\n<<<<<<< HEAD\ngoal: x\n=======\ngoal: y\n>>>>>>> branch\n"
    with pytest.raises(Invalid) as info:
        codec.read_yaml(text, "SY-001.yaml")
    (problem,) = info.value.problems
    assert (problem.key, problem.line, problem.column) == ("conflict_markers", 3, 1)


def test_schema_errors_point_at_the_offending_key():
    text = (
        "id: SY-001\ntitle: [a]\nroadmap:\n  - {id: s1, title: x}\n"
        "log:\n  - {date: 2026-01-01, by: x, event: step_done, step: s9}\n"
    )
    with pytest.raises(Invalid) as info:
        load(text)
    where = {p.key: (p.line, p.column) for p in info.value.problems}
    assert where["not_text"] == (2, 1)
    assert where["unknown_step"] == (6, text.splitlines()[5].index("step: s9") + 1)


def test_python_tags_are_not_loaded():
    with pytest.raises(Invalid):
        codec.read_yaml("id: !!python/object/apply:os.system ['true']\n", "x.yaml")


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(value=TEXT)
def test_round_trip_edits_of_any_text_read_identically_everywhere(value):
    edit_and_read_back(value)
