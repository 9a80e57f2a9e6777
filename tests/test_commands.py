"""Every command of the foundation through the CLI runner (DESIGN §3, §6, §11.3, §11.5, §11.11, §11.12):
init, plan new/list, new, list, show, update, step add, edit, check — and every bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from fivefold.dates import ACCEPTED
from fivefold.paths import display
from tests.conftest import BASE_ENV, COMPLETE, TODAY, Runner, make_workspace
from tests.helpers import item_file, journal, one_line, user_files

CJK = re.compile(r"[\u4e00-\u9fff]")
SUMMARY_KEYS = {
    "id", "title", "plan", "area", "parent", "state", "lead_unit", "owner", "start", "due", "due_planned",
    "progress", "expected", "light", "bucket", "overdue_days",
}  # fmt: skip
LIGHTS = {"green", "yellow", "red", "done", "none"}
BUCKETS = {"ongoing", "upcoming", "future", "closed", "cancelled"}


def stored(plans: Path, item_id: str, plan: str = "demo") -> dict:
    return yaml.safe_load((plans / plan / f"{item_id}.yaml").read_text("utf-8"))


# --- init and plans ------------------------------------------------------------------------------


def test_init_in_chinese_sets_the_workspace_language(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from fivefold.cli.main import app

    result = CliRunner().invoke(app, ["--lang", "zh", "init", str(tmp_path / "ws"), "--plan", "demo", "--prefix", "SY"])
    assert result.exit_code == 0, result.stderr
    assert "已创建工作区" in result.stdout
    assert "language: zh" in (tmp_path / "ws" / "fivefold.yaml").read_text("utf-8")
    monkeypatch.delenv("FIVEFOLD_LANG")  # now the workspace's language applies
    ff = Runner(tmp_path / "ws")
    assert "找不到事项 SY-009" in one_line(ff("show", "SY-9", expect=1))
    assert "no item SY-009" in one_line(ff("--lang", "en", "show", "SY-9", expect=1))


def test_plan_new_then_list(ff, plans):
    assert ff("plan", "new", "other", "--prefix", "ot", "--title", "另一计划").stdout == "created plan other (prefix OT)\n"
    rows = json.loads(ff("plan", "list", "--json").stdout)
    assert [(r["name"], r["prefix"], r["title"]) for r in rows] == [("demo", "SY", "示例计划"), ("other", "OT", "另一计划")]
    zh = ff("--lang", "zh", "plan", "list").stdout
    assert "计划" in zh and "前缀" in zh and "另一计划" in zh


# --- new -----------------------------------------------------------------------------------------


def test_new_plain_prints_just_the_id(ff, plans):
    result = ff("new", "推动园区竣工投产")
    assert result.stdout == "SY-001\n"
    assert result.stderr == ""
    data = stored(plans, "SY-001")
    assert data["id"] == "SY-001" and data["title"] == "推动园区竣工投产"
    assert data["log"] == [{"at": data["log"][0]["at"], "date": dt.date(2026, 11, 27), "by": "李某", "event": "created"}]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["log"][0]["at"])


def test_new_with_every_option_and_json(ff, plans):
    parent = ff("new", "重点任务").stdout.strip()
    result = ff(
        "new", "推动吉通创新中心园区竣工投产",
        "--plan", "demo", "--area", "industry", "--parent", "sy-1",
        "--goal", "园区主体工程完工，首批企业入驻投产", "--lead-unit", "区工信局",
        "--partner", "区发改局", "--partner", "区住建局", "--leader", "王某", "--owner", "李某",
        "--start", "2026-01-05", "--due", "2026年12月31日",
        "--step", "主体工程封顶@2026-04-30", "--step", "竣工验收@12-15",
        "--target", "入驻企业=10 家", "--target", "投资额=2.5 亿元",
        "--acceptance", "取得竣工验收备案", "--deliverable", "竣工验收报告", "--deliverable", "投产报告",
        "--cadence", "monthly", "--json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert parent == "SY-001" and data["id"] == "SY-002"
    assert data["title"] == "推动吉通创新中心园区竣工投产"
    assert (data["plan"], data["area"], data["parent"]) == ("demo", "industry", "SY-001")
    assert data["task_sheet"] == {
        "goal": "园区主体工程完工，首批企业入驻投产",
        "targets": [{"name": "入驻企业", "unit": "家", "target": 10}, {"name": "投资额", "unit": "亿元", "target": 2.5}],
        "lead_unit": "区工信局",
        "partner_units": ["区发改局", "区住建局"],
        "leader": "王某",
        "owner": "李某",
        "deliverables": ["竣工验收报告", "投产报告"],
        "acceptance": "取得竣工验收备案",
    }
    assert data["roadmap"] == [{"id": "s1", "title": "主体工程封顶"}, {"id": "s2", "title": "竣工验收"}]
    assert data["timeline"] == {
        "start": "2026-01-05",
        "due": "2026-12-31",
        "cadence": "monthly",
        "steps": {"s1": {"due": "2026-04-30"}, "s2": {"due": "2026-12-15"}},
    }
    assert [(e["event"], e["by"], e["date"]) for e in data["log"]] == [("created", "李某", TODAY)]
    # computed fields
    assert set(data) >= SUMMARY_KEYS
    assert (data["state"], data["lead_unit"], data["owner"]) == ("draft", "区工信局", "李某")
    assert (data["start"], data["due"], data["due_planned"]) == ("2026-01-05", "2026-12-31", "2026-12-31")
    assert data["progress"] == 0 and data["expected"] == 50
    assert data["light"] in LIGHTS and data["bucket"] == "upcoming" and data["overdue_days"] == 0
    # the new area was added to the plan, and the stored file matches what was printed
    assert yaml.safe_load((plans / "demo" / "plan.yaml").read_text("utf-8"))["areas"] == {"industry": "industry"}
    file = stored(plans, "SY-002")
    assert file["task_sheet"] == data["task_sheet"] and file["roadmap"] == data["roadmap"]
    assert ff("check", "SY-2").exit_code == 0


def test_new_area_with_a_label(ff, plans):
    item_id = ff("new", "x", "--area", "people=民生保障").stdout.strip()
    assert stored(plans, item_id)["area"] == "people"
    assert yaml.safe_load((plans / "demo" / "plan.yaml").read_text("utf-8"))["areas"] == {"people": "民生保障"}
    ff("new", "y", "--area", "people")
    assert yaml.safe_load((plans / "demo" / "plan.yaml").read_text("utf-8"))["areas"] == {"people": "民生保障"}
    ff("update", item_id, "--area", "eco=生态环境")
    assert stored(plans, item_id)["area"] == "eco"
    assert yaml.safe_load((plans / "demo" / "plan.yaml").read_text("utf-8"))["areas"] == {"people": "民生保障", "eco": "生态环境"}


# --- list ----------------------------------------------------------------------------------------


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:
    """A workspace made once per module (the CLI is slow enough to matter when a fixture runs 30 times)."""
    root = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(root / "xdg"))
        mp.delenv("FIVEFOLD_PLANS", raising=False)
        for key, value in BASE_ENV.items():
            mp.setenv(key, value)
        plans = make_workspace(root)
        build(Runner(plans))
    return plans


def _several(ff: Runner) -> None:
    ff("new", "推动园区竣工投产", *COMPLETE)
    ff("start", "SY-001")
    ff(
        "new", "养老服务中心", "--area", "people", "--lead-unit", "区民政局", "--partner", "区工信局",
        "--owner", "王某", "--due", "2027-06-30",
    )  # fmt: skip
    ff("new", "空白事项")
    ff("plan", "new", "other", "--prefix", "OT")
    ff("new", "高标准农田", "--plan", "other", "--area", "industry", "--lead-unit", "区农业局", "--owner", "张某")


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """Read-only: SY-001 active (区工信局/李某, industry), SY-002 draft (区民政局/王某, people, partner
    区工信局), SY-003 bare draft, OT-001 in another plan (区农业局/张某, industry)."""
    return Runner(built_once(tmp_path_factory, "several", _several))


def ids(result) -> list[str]:
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["OT-001", "SY-001", "SY-002", "SY-003"]),
        (["--plan", "demo"], ["SY-001", "SY-002", "SY-003"]),
        (["--plan", "OT"], ["OT-001"]),
        (["--area", "industry"], ["OT-001", "SY-001"]),
        (["--area", "people"], ["SY-002"]),
        (["--state", "active"], ["SY-001"]),
        (["--state", "draft"], ["OT-001", "SY-002", "SY-003"]),
        (["--state", "draft,active"], ["OT-001", "SY-001", "SY-002", "SY-003"]),
        (["--state", "closed"], []),
        (["--unit", "区工信局"], ["SY-001", "SY-002"]),
        (["--unit", "区农业局"], ["OT-001"]),
        (["--owner", "王某"], ["SY-002"]),
        (["--owner", "李某", "--state", "active"], ["SY-001"]),
        (["--owner", "李某", "--state", "draft"], []),
        (["--plan", "demo", "--area", "people", "--unit", "区民政局"], ["SY-002"]),
        (["--due-before", "2027-01-01"], ["SY-001"]),
        (["--sort", "due"], ["SY-001", "SY-002", "OT-001", "SY-003"]),
    ],
)
def test_list_filters(several, args, expected):
    assert ids(several("list", "--json", *args)) == expected


def test_list_table(several):
    out = several("list").stdout
    for item_id in ("SY-001", "SY-002", "SY-003", "OT-001"):
        assert item_id in out
    assert "养老服务中心" in out and "区民政局" in out
    assert "State" in several("list").stdout
    assert "状态" in several("--lang", "zh", "list").stdout and "推进中" in several("--lang", "zh", "list").stdout


def test_list_json_contract(several):
    rows = {r["id"]: r for r in json.loads(several("list", "--json").stdout)}
    for row in rows.values():
        assert set(row) >= SUMMARY_KEYS, SUMMARY_KEYS - set(row)
        assert isinstance(row["progress"], int | float) and 0 <= row["progress"] <= 100
        assert isinstance(row["expected"], int | float) and 0 <= row["expected"] <= 100
        assert row["light"] in LIGHTS and row["bucket"] in BUCKETS
        assert isinstance(row["overdue_days"], int) and row["overdue_days"] >= 0
    bare = rows["SY-003"]
    for key in ("area", "parent", "lead_unit", "owner", "start", "due", "due_planned"):
        assert key in bare and bare[key] is None, key  # null, never omitted
    assert (bare["state"], bare["light"]) == ("draft", "none")
    active = rows["SY-001"]
    assert (active["state"], active["bucket"], active["owner"], active["lead_unit"]) == ("active", "ongoing", "李某", "区工信局")
    assert (active["start"], active["due"]) == ("2026-01-05", "2026-12-31")
    assert rows["OT-001"]["plan"] == "other"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--state", "bogus"), ("--state", "active,bogus"), ("--light", "purple"), ("--sort", "name"), ("--bucket", "later")],
)
def test_list_unknown_choices_are_usage_errors(several, option, value):
    result = several("list", option, value, expect=2)
    line = one_line(result)
    assert option in line and value.split(",")[-1] in line
    assert result.stdout == ""


# --- show ----------------------------------------------------------------------------------------


def test_show_json_is_the_item_as_stored_plus_computed_fields(ff, plans, complete_item):
    complete_item()
    text = item_file(plans).read_text("utf-8").replace("title: 推动园区竣工投产\n", "title: 推动园区竣工投产\nextra_key: 手写\n")
    item_file(plans).write_text(text, "utf-8")
    data = json.loads(ff("show", "sy-1", "--json").stdout)
    raw = yaml.safe_load(text)
    for key in ("id", "title", "area", "task_sheet", "roadmap", "extra_key"):
        assert json.dumps(data[key], default=str) == json.dumps(raw[key], default=str)
    assert set(data) >= SUMMARY_KEYS
    assert [s["id"] for s in data["steps_status"]] == ["s1", "s2"]
    assert data["measures"] == {"入驻企业": None}


def test_show_in_english_and_chinese(ff, complete_item):
    complete_item()
    en = ff("--lang", "en", "show", "SY-001").stdout
    zh = ff("--lang", "zh", "show", "SY-001").stdout
    for label in ("Task sheet", "Roadmap", "Timeline", "Goal", "Lead unit", "Owner", "Due", "Log"):
        assert label in en, label
    for label in ("任务书", "路线图", "时间表", "目标", "牵头单位", "责任人", "完成时限", "谋划中"):
        assert label in zh, label
    for text in (en, zh):
        assert "SY-001" in text and "推动园区竣工投产" in text and "区工信局" in text and "主体封顶" in text
        assert "2026-12-15" in text


# --- update --------------------------------------------------------------------------------------

HAND_COMMENTS = [
    ("title: 推动园区竣工投产\n", "title: 推动园区竣工投产   # 标题来自区委文件\nreviewed_by: 督查室\n"),
    ("  goal: 园区完工投产\n", "  # 目标要一句话\n  goal: 园区完工投产\n  source: 二十大精神落实方案\n"),
    ("roadmap:\n", "# 路线图\nroadmap:\n"),
]


def hand_edit(path: Path) -> str:
    text = path.read_text("utf-8")
    for old, new in HAND_COMMENTS:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return text


def assert_hand_edits_kept(text: str) -> None:
    for fragment in ("# 标题来自区委文件", "reviewed_by: 督查室", "# 目标要一句话", "source: 二十大精神落实方案", "# 路线图"):
        assert fragment in text, fragment


def test_update_changes_fields_keeps_comments_and_logs_edited(ff, plans, complete_item):
    complete_item()
    hand_edit(item_file(plans))
    result = ff(
        "update", "sy-1", "--goal", "园区竣工、首批企业投产", "--leader", "王某", "--due", "2027-01-31", "--partner", "区发改局"
    )
    assert result.stdout.startswith("updated SY-001: ")
    text = item_file(plans).read_text("utf-8")
    assert_hand_edits_kept(text)
    data = yaml.safe_load(text)
    assert data["task_sheet"]["goal"] == "园区竣工、首批企业投产"
    assert data["task_sheet"]["leader"] == "王某"
    assert data["task_sheet"]["partner_units"] == ["区发改局"]
    assert str(data["timeline"]["due"]) == "2027-01-31"
    assert data["reviewed_by"] == "督查室" and data["task_sheet"]["source"] == "二十大精神落实方案"
    last = data["log"][-1]
    assert (last["event"], last["by"], str(last["date"])) == ("edited", "李某", TODAY)
    assert set(last["fields"]) == {"goal", "leader", "due", "partner_units"}
    assert len(data["log"]) == 2
    row = json.loads(ff("list", "--json").stdout)[0]
    assert row["due"] == "2027-01-31"


def test_update_before_start_may_change_due_and_owner_directly(ff, plans, complete_item):
    complete_item()
    ff("update", "SY-001", "--owner", "王某", "--lead-unit", "区发改局")
    data = stored(plans, "SY-001")
    assert (data["task_sheet"]["owner"], data["task_sheet"]["lead_unit"]) == ("王某", "区发改局")
    assert [e["event"] for e in data["log"]] == ["created", "edited"]


def test_after_start_due_is_refused_and_owner_is_a_reassignment(ff, plans, complete_item):
    complete_item()
    ff("start", "SY-001")
    hand_edit(item_file(plans))
    before = user_files(plans)
    entries = journal(plans)
    result = ff("update", "SY-001", "--due", "2027-03-31", expect=1)
    assert "extend" in one_line(result)
    assert user_files(plans) == before and journal(plans) == entries

    ff("update", "SY-001", "--owner", "王某")
    text = item_file(plans).read_text("utf-8")
    assert_hand_edits_kept(text)
    data = yaml.safe_load(text)
    assert data["task_sheet"]["owner"] == "李某"  # the plan is not rewritten: the log says who owns it now
    last = data["log"][-1]
    assert (last["event"], last["owner"]) == ("reassign", "王某")
    row = json.loads(ff("list", "--json").stdout)[0]
    assert row["owner"] == "王某"
    assert json.loads(ff("show", "SY-001", "--json").stdout)["owner"] == "王某"
    assert ids(ff("list", "--json", "--owner", "王某")) == ["SY-001"]

    ff("update", "SY-001", "--lead-unit", "区发改局", "--goal", "新目标")
    data = stored(plans, "SY-001")
    assert [e["event"] for e in data["log"][-2:]] == ["edited", "reassign"]
    assert data["log"][-2]["fields"] == ["goal"]
    assert data["log"][-1]["lead_unit"] == "区发改局"
    assert json.loads(ff("list", "--json").stdout)[0]["lead_unit"] == "区发改局"


# --- step add ------------------------------------------------------------------------------------


def test_step_add_numbers_steps_and_keeps_comments(ff, plans):
    ff("new", "x", "--start", "2026-01-01", "--due", "2026-12-31")
    hand = item_file(plans).read_text("utf-8").replace("title: x\n", "title: x  # 手写注释\ncustom: 保留\n")
    item_file(plans).write_text(hand, "utf-8")
    assert ff("step", "add", "SY-1", "调研摸底", "--due", "2026-03-31", "--deliverable", "调研报告").stdout == "SY-001 s1\n"
    assert (
        ff("step", "add", "SY-1", "制定方案", "--due", "2026-06-30", "--after", "s1", "--owner", "王某", "--weight", "2").stdout
        == "SY-001 s2\n"
    )
    assert ff("step", "add", "SY-1", "组织实施").stdout == "SY-001 s3\n"
    text = item_file(plans).read_text("utf-8")
    assert "# 手写注释" in text and "custom: 保留" in text
    data = yaml.safe_load(text)
    assert data["roadmap"] == [
        {"id": "s1", "title": "调研摸底", "deliverable": "调研报告"},
        {"id": "s2", "title": "制定方案", "after": ["s1"], "weight": 2, "owner": "王某"},
        {"id": "s3", "title": "组织实施"},
    ]
    assert {k: str(v["due"]) for k, v in data["timeline"]["steps"].items()} == {"s1": "2026-03-31", "s2": "2026-06-30"}
    assert [(e["event"], e.get("fields"), e.get("step")) for e in data["log"][1:]] == [
        ("edited", ["roadmap"], "s1"),
        ("edited", ["roadmap"], "s2"),
        ("edited", ["roadmap"], "s3"),
    ]


def test_step_add_takes_the_next_free_number(ff, plans, complete_item):
    complete_item()  # s1, s2
    assert ff("step", "add", "SY-001", "投产").stdout == "SY-001 s3\n"


def test_step_ids_are_never_reused(ff, plans, complete_item):
    complete_item()  # s1, s2
    assert ff("step", "add", "SY-001", "投产").stdout == "SY-001 s3\n"
    path = item_file(plans)
    text = path.read_text("utf-8")
    path.write_text(text.replace("  - {id: s3, title: 投产}\n", ""), "utf-8")  # removed by hand; the log still names it
    assert "id: s3" not in path.read_text("utf-8")
    assert ff("step", "add", "SY-001", "试运行").stdout == "SY-001 s4\n"


def test_step_add_after_an_unknown_step_is_refused(ff, plans, complete_item):
    complete_item()
    before = user_files(plans)
    line = one_line(ff("step", "add", "SY-001", "x", "--after", "s9", expect=1))
    assert "s9" in line
    assert user_files(plans) == before


# --- edit ----------------------------------------------------------------------------------------


def fake_editor(tmp_path: Path, body: str, name: str = "editor.py") -> dict[str, str]:
    """An $EDITOR that is a small python script changing the file it is given."""
    script = tmp_path / name
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text('utf-8')\n" + body, "utf-8")
    return {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"}


def replacing(old: str, new: str) -> str:
    return f"assert {old!r} in text\npath.write_text(text.replace({old!r}, {new!r}), 'utf-8')\n"


def test_edit_saves_a_valid_change_with_an_edited_entry(ff, plans, complete_item, tmp_path):
    complete_item()
    hand_edit(item_file(plans))
    env = fake_editor(tmp_path, replacing("  goal: 园区完工投产\n", "  goal: 园区完工、企业投产\n"))
    result = ff("edit", "SY-1", env=env)
    assert result.stdout == "updated SY-001: goal\n"
    text = item_file(plans).read_text("utf-8")
    assert_hand_edits_kept(text)
    data = yaml.safe_load(text)
    assert data["task_sheet"]["goal"] == "园区完工、企业投产"
    assert (data["log"][-1]["event"], data["log"][-1]["fields"]) == ("edited", ["goal"])
    assert not list((plans / ".fivefold" / "edit").glob("*"))


def test_edit_may_append_a_log_entry(ff, plans, complete_item, tmp_path):
    complete_item()
    entry = "  - {at: '2026-11-27T09:00:00+08:00', date: 2026-11-27, by: 李某, event: note, note: 手工补记}\n"
    env = fake_editor(tmp_path, f"path.write_text(text + {entry!r}, 'utf-8')\n")
    result = ff("edit", "SY-001", env=env)
    assert result.exit_code == 0
    assert [e["event"] for e in stored(plans, "SY-001")["log"]] == ["created", "note"]


def test_edit_without_change(ff, plans, complete_item, tmp_path):
    complete_item()
    before = user_files(plans)
    result = ff("edit", "SY-001", env=fake_editor(tmp_path, ""))
    assert result.stdout == "SY-001 unchanged\n"
    assert user_files(plans) == before


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (replacing("  goal: 园区完工投产\n", "  goal: [园区完工投产\n"), "YAML syntax error"),
        (replacing("title: 推动园区竣工投产\n", "title: [推动]\n"), "title must be text"),
        (replacing("event: created", "event: start"), "existing log entries cannot be changed"),
        (replacing("by: 李某", "by: 王某"), "existing log entries cannot be changed"),
        (replacing("id: SY-001", "id: SY-002"), "does not match the file name"),
        (replacing("2026-12-31", "2026-12-32"), "timeline.due: 2026-12-32 is not a valid date"),
        (replacing("2026-12-31", "end of year"), "due is not a date: end of year"),
    ],
)
def test_edit_that_is_invalid_keeps_the_copy_and_leaves_the_file(ff, plans, complete_item, tmp_path, body, fragment):
    complete_item()
    before = user_files(plans)
    entries = journal(plans)
    result = ff("edit", "SY-001", env=fake_editor(tmp_path, body), expect=1)
    line = one_line(result)
    copy = plans / ".fivefold" / "edit" / "SY-001.yaml"
    assert str(copy) in line and fragment in line
    assert copy.is_file() and copy.read_bytes() != item_file(plans).read_bytes()
    assert user_files(plans) == before and journal(plans) == entries


def test_edit_without_an_editor_is_one_line(ff, plans, complete_item):
    complete_item()
    before = user_files(plans)
    assert "$EDITOR" in one_line(ff("edit", "SY-001", expect=2))
    assert "$EDITOR" in one_line(ff("--lang", "zh", "edit", "SY-001", expect=2))
    assert user_files(plans) == before


def test_edit_of_an_unknown_item(ff, plans, tmp_path):
    before = user_files(plans)
    assert "no item SY-009" in one_line(ff("edit", "SY-9", env=fake_editor(tmp_path, ""), expect=1))
    assert user_files(plans) == before


def test_edit_when_the_editor_fails(ff, plans, complete_item, tmp_path):
    complete_item()
    before = user_files(plans)
    env = fake_editor(tmp_path, "path.write_text('garbage: [', 'utf-8')\nsys.exit(3)\n")
    assert "exited with 3" in one_line(ff("edit", "SY-001", env=env, expect=1))
    assert user_files(plans) == before


# --- check ---------------------------------------------------------------------------------------


def test_check_named_items_fail_by_their_label(ff, complete_item):
    complete_item()
    ff("new", "空白事项")
    result = ff("check", "SY-2", expect=1)
    out = result.stdout
    for n, label in enumerate(("projectised", "listed", "specific", "owned", "time-bound"), start=1):
        assert f"SY-002: FAIL {n}·{label}: " in out, label
    assert "no one-sentence goal" in out and "no due date" in out
    assert "SY-001" not in out
    zh = ff("--lang", "zh", "check", "SY-002", expect=1).stdout
    for label in ("工作项目化", "项目清单化", "清单具体化", "具体责任化", "责任时限化"):
        assert label in zh
    ok = ff("check", "SY-001")
    assert "FAIL" not in ok.stdout and "SY-001: warning: step s1 has no deliverable" in ok.stdout


def test_check_workspace_treats_drafts_as_warnings(ff, complete_item):
    complete_item()
    ff("new", "空白事项")
    result = ff("check")  # exit 0
    assert "SY-002: warning: projectised: no focus area" in result.stdout
    assert "FAIL" not in result.stdout
    strict = ff("check", "--strict", expect=1)
    assert "SY-002" in strict.stdout


def test_check_fails_an_active_item_that_no_longer_passes(ff, plans, complete_item):
    complete_item()
    ff("start", "SY-001")
    path = item_file(plans)
    path.write_text(path.read_text("utf-8").replace("  goal: 园区完工投产\n", ""), "utf-8")
    assert "SY-001: FAIL 1·projectised: no one-sentence goal" in ff("check", expect=1).stdout


def test_check_json(ff, plans, complete_item):
    complete_item()
    ff("new", "空白事项")
    report = json.loads(ff("check", "--json").stdout)
    assert report["ok"] is True and report["broken"] == []
    items = {i["id"]: i for i in report["items"]}
    assert items["SY-001"]["passed"] is True and items["SY-001"]["failures"] == []
    blank = items["SY-002"]
    assert blank["passed"] is False and blank["failing"] is False
    assert {f["check"] for f in blank["failures"]} == {1, 2, 3, 4, 5}
    assert {f["label"] for f in blank["failures"]} == {"projectised", "listed", "specific", "owned", "time-bound"}
    assert all(set(f) == {"check", "label", "code", "message"} for f in blank["failures"])
    named = json.loads(ff("check", "SY-2", "--json", expect=1).stdout)
    assert named["ok"] is False and [i["id"] for i in named["items"]] == ["SY-002"] and named["items"][0]["failing"] is True
    (plans / "demo" / "SY-009.yaml").write_text("id: SY-009\ntitle: [x]\n", "utf-8")
    broken = json.loads(ff("check", "--json", expect=1).stdout)["broken"]
    assert broken == [
        {
            "path": display(plans / "demo" / "SY-009.yaml"),
            "line": 2,
            "column": 1,
            "code": "not_text",
            "message": "title must be text",
        }
    ]


def test_check_uses_renamed_labels(ff, plans):
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "check_labels: {1: 任务项目化, 4: 清单责任化}\n", "utf-8")
    ff("new", "空白事项")
    out = ff("--lang", "zh", "check", "SY-001", expect=1).stdout
    assert "1·任务项目化" in out and "4·清单责任化" in out and "2·项目清单化" in out


# --- every bad input -----------------------------------------------------------------------------

BAD_INPUTS = [
    (["show", "SY-9"], 1),
    (["show", "nonsense"], 1),
    (["new", "x", "--due", "next tuesday"], 1),
    (["new", "x", "--start", "2026-02-30"], 1),
    (["new", "x", "--step", "@2026-12-01"], 2),
    (["new", "x", "--target", "入驻企业"], 2),
    (["new", "x", "--target", "a=b"], 2),
    (["new", "x", "--parent", "SY-99"], 1),
    (["new", "x", "--cadence", "daily"], 2),
    (["new", "x", "--plan", "nope"], 1),
    (["new", "x", "--area", "bad area"], 2),
    (["list", "--state", "bogus"], 2),
    (["list", "--light", "purple"], 2),
    (["list", "--sort", "name"], 2),
    (["list", "--due-before", "someday"], 1),
    (["update", "SY-001", "--due", "2027-01-31"], 1),
    (["update", "SY-002"], 2),
    (["update", "SY-9", "--goal", "x"], 1),
    (["update", "SY-002", "--start", "soon"], 1),
    (["update", "SY-002", "--parent", "SY-002"], 1),
    (["update", "SY-002", "--cadence", "hourly"], 2),
    (["step", "add", "SY-001", "x", "--after", "s9"], 1),
    (["step", "add", "SY-9", "x"], 1),
    (["step", "add", "SY-001", "x", "--due", "nope"], 1),
    (["edit", "SY-001"], 2),
    (["check", "SY-9"], 1),
    (["plan", "new", "demo"], 1),
    (["plan", "new", "x", "--prefix", "sy"], 1),
    (["init"], 1),
]


def _busy(ff: Runner) -> None:
    ff("new", "推动园区竣工投产", *COMPLETE)
    ff("start", "SY-001")
    ff("new", "空白事项")


@pytest.fixture(scope="module")
def busy_template(tmp_path_factory):
    return built_once(tmp_path_factory, "busy", _busy)


@pytest.fixture
def busy(busy_template, tmp_path):
    """SY-001 active (complete), SY-002 a bare draft: a fresh copy for each test."""
    copy = tmp_path / "busy"
    shutil.copytree(busy_template, copy)
    return Runner(copy)


@pytest.mark.parametrize(("args", "code"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_every_bad_input_is_one_line_and_changes_nothing(busy, args, code):
    plans = busy.plans
    if args == ["init"]:
        args = ["init", str(plans)]
    before, entries = user_files(plans), journal(plans)
    en = busy("--lang", "en", *args, expect=code)
    zh = busy("--lang", "zh", *args, expect=code)
    en_line, zh_line = one_line(en), one_line(zh)
    assert en_line.startswith("fivefold: ") and zh_line.startswith("fivefold: ")
    assert en.stdout == "" and zh.stdout == ""
    assert en_line != zh_line
    assert CJK.search(zh_line.replace("空白事项", "").replace("入驻企业", "")), zh_line
    assert not CJK.search(en_line.replace("入驻企业", "").replace(ACCEPTED, "")), en_line
    assert user_files(plans) == before
    assert journal(plans) == entries
    assert not list(plans.rglob("*.tmp"))
