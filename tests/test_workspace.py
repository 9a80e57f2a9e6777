"""The workspace (DESIGN §2, §9, §11.9, §11.10, §11.14): finding it, init, plans, ids, and broken
files that are reported with file:line:column while everything else carries on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fivefold.cli.main import app
from fivefold.paths import display
from fivefold.workspace import find_workspace
from tests.conftest import Runner, make_workspace, run_process
from tests.helpers import user_files


def invoke(*args: str, env: dict[str, str] | None = None):
    """The CLI without --plans: the workspace is found from the environment or the current folder."""
    return CliRunner().invoke(app, list(args), env=env)


def one_line_error(result, *fragments: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


# --- finding the workspace -----------------------------------------------------------------------


def test_found_by_walking_up_from_a_subfolder(tmp_path, monkeypatch, complete_item):
    complete_item()
    deep = tmp_path / "docs" / "notes" / "2026"
    deep.mkdir(parents=True)
    assert find_workspace(cwd=deep) == tmp_path / "plans"
    assert find_workspace(cwd=tmp_path / "plans" / "demo") == tmp_path / "plans"
    monkeypatch.chdir(deep)
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["SY-001"]


@pytest.mark.slow  # a real process
def test_found_from_a_subfolder_in_a_real_process(tmp_path, complete_item):
    complete_item()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    result = run_process("show", "sy-1", cwd=deep)
    assert result.returncode == 0, result.stderr
    assert "SY-001" in result.stdout


def test_fivefold_plans_names_the_workspace(tmp_path, monkeypatch, complete_item):
    complete_item()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("FIVEFOLD_PLANS", str(tmp_path / "plans"))
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["SY-001"]


def test_plans_option_beats_the_environment_which_beats_the_current_folder(tmp_path, monkeypatch):
    a = make_workspace(tmp_path / "a", prefix="AA")
    b = make_workspace(tmp_path / "b", prefix="BB")
    monkeypatch.chdir(a)
    monkeypatch.setenv("FIVEFOLD_PLANS", str(b))
    assert invoke("new", "x").stdout.strip() == "BB-001"
    assert invoke("--plans", str(a), "new", "y").stdout.strip() == "AA-001"
    monkeypatch.delenv("FIVEFOLD_PLANS")
    assert invoke("new", "z").stdout.strip() == "AA-002"


def test_plans_pointing_at_a_non_workspace_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = Runner(tmp_path / "empty")("list", expect=1)
    one_line_error(result, "is not a workspace", "empty")
    result = Runner(tmp_path / "missing")("list", expect=1)
    one_line_error(result, "is not a workspace")


def test_no_workspace_anywhere_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "nowhere").mkdir()
    monkeypatch.chdir(tmp_path / "nowhere")
    result = invoke("list")
    assert result.exit_code == 1
    one_line_error(result, "no workspace found", "fivefold init")


# --- init ----------------------------------------------------------------------------------------


def test_init_writes_settings_and_gitignore(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    plans = tmp_path / "plans"
    assert (plans / "fivefold.yaml").is_file()
    assert ".fivefold/" in (plans / ".gitignore").read_text("utf-8").splitlines()
    assert find_workspace(cwd=tmp_path) == plans
    # an empty workspace: no plans yet, and `new` says how to make one
    assert json.loads(Runner(plans)("plan", "list", "--json").stdout) == []
    one_line_error(Runner(plans)("new", "x", expect=1), "plan new")


def test_init_with_a_first_plan(tmp_path):
    result = invoke("init", str(tmp_path / "ws"), "--plan", "shuangyang-2023", "--title", "双阳区", "--prefix", "sy")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(Runner(tmp_path / "ws")("plan", "list", "--json").stdout)
    assert [(r["name"], r["title"], r["prefix"]) for r in rows] == [("shuangyang-2023", "双阳区", "SY")]
    assert Runner(tmp_path / "ws")("new", "x").stdout.strip() == "SY-001"


def test_init_refuses_an_existing_workspace(plans):
    before = user_files(plans)
    result = invoke("init", str(plans), "--plan", "again", "--prefix", "AG")
    assert result.exit_code == 1
    one_line_error(result, "already a workspace")
    assert user_files(plans) == before
    assert not (plans / "again").exists()


def test_init_keeps_an_existing_gitignore(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / ".gitignore").write_text("*.bak\n.fivefold/\n", "utf-8")
    assert invoke("init", str(tmp_path / "ws")).exit_code == 0
    text = (tmp_path / "ws" / ".gitignore").read_text("utf-8")
    assert text.startswith("*.bak\n.fivefold/\n")  # kept as it was; only the temporary files' lines are added
    assert text.splitlines()[2:] == ["# fivefold: tool state and temporary files, never shared (fivefold init / git-setup)",
                                     ".*.tmp", "*.fivefold-tmp"]  # fmt: skip


# --- plans ---------------------------------------------------------------------------------------


def test_plan_new_and_list(ff, plans):
    out = ff(
        "plan", "new", "changchun-2026", "--title", "长春市计划", "--prefix", "cc", "--organisation", "长春市",
        "--start", "2026-01-01", "--end", "2026/12/31", "--area", "industry=产业发展", "--area", "people=民生",
    ).stdout  # fmt: skip
    assert "changchun-2026" in out and "CC" in out
    text = (plans / "changchun-2026" / "plan.yaml").read_text("utf-8")
    assert "prefix: CC" in text and "产业发展" in text
    ff("new", "x", "--plan", "CC")
    rows = {r["name"]: r for r in json.loads(ff("plan", "list", "--json").stdout)}
    assert set(rows) == {"demo", "changchun-2026"}
    cc = rows["changchun-2026"]
    assert cc == {
        "name": "changchun-2026",
        "title": "长春市计划",
        "organisation": "长春市",
        "prefix": "CC",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "areas": {"industry": "产业发展", "people": "民生"},
        "items": 1,
        "illustrative": False,
    }
    assert rows["demo"]["organisation"] is None and rows["demo"]["items"] == 0
    table = ff("plan", "list").stdout
    assert "changchun-2026" in table and "长春市计划" in table and "2026-01-01–2026-12-31" in table
    assert re.search(r"demo\s+示例计划\s+SY", table)


@pytest.mark.parametrize("prefix", ["SY", "sy", "Sy"])
def test_a_duplicate_prefix_is_refused(ff, plans, prefix):
    before = user_files(plans)
    result = ff("plan", "new", "other", "--prefix", prefix, expect=1)
    one_line_error(result, "SY", "demo")
    assert user_files(plans) == before
    assert not (plans / "other").exists()


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["plan", "new", "demo", "--prefix", "DM"], 1, "already exists"),
        (["plan", "new", "bad name", "--prefix", "BN"], 2, "invalid plan name"),
        (["plan", "new", "ok", "--prefix", "1X"], 2, "invalid id prefix"),
        (["plan", "new", "ok", "--prefix", "OK", "--start", "someday"], 1, "unrecognised date"),
    ],
)
def test_bad_plans_are_refused(ff, plans, args, code, fragment):
    before = user_files(plans)
    one_line_error(ff(*args, expect=code), fragment)
    assert user_files(plans) == before


def test_new_with_several_plans_needs_plan(ff, plans):
    ff("plan", "new", "other", "--prefix", "OT")
    before = user_files(plans)
    result = ff("new", "x", expect=2)
    one_line_error(result, "--plan", "demo", "other")
    assert user_files(plans) == before
    assert ff("new", "x", "--plan", "other").stdout.strip() == "OT-001"
    assert ff("new", "y", "--plan", "ot").stdout.strip() == "OT-002"
    assert ff("new", "z", "--plan", "demo").stdout.strip() == "SY-001"
    one_line_error(ff("new", "w", "--plan", "nope", expect=1), "no plan nope", "demo, other")
    assert (plans / "other" / "OT-002.yaml").is_file()


# --- ids -----------------------------------------------------------------------------------------


def test_ids_are_one_plus_the_highest_file_name(ff, plans):
    assert ff("new", "a").stdout.strip() == "SY-001"
    assert ff("new", "b").stdout.strip() == "SY-002"
    (plans / "demo" / "SY-001.yaml").unlink()
    assert ff("new", "c").stdout.strip() == "SY-003"
    (plans / "demo" / "SY-002.yaml").unlink()
    (plans / "demo" / "SY-003.yaml").unlink()
    assert ff("new", "d").stdout.strip() == "SY-001"  # nothing in use: start again


def test_ids_count_hand_written_files_and_grow_past_three_digits(ff, plans):
    (plans / "demo" / "SY-999.yaml").write_text("id: SY-999\ntitle: 手写\n", "utf-8")
    assert ff("new", "a").stdout.strip() == "SY-1000"
    assert ff("new", "b").stdout.strip() == "SY-1001"
    assert ff("show", "sy-1000", "--json").stdout.count('"SY-1000"') == 1


@pytest.mark.parametrize("given", ["SY-001", "sy-1", "Sy-01", "sy-0001", " SY-1 "])
def test_show_ignores_case_and_zeros(ff, complete_item, given):
    complete_item()
    data = json.loads(ff("show", given, "--json").stdout)
    assert data["id"] == "SY-001"


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("SY-2", "no item SY-002"),
        ("../../etc/passwd", "is not an item id"),
        ("SY", "is not an item id"),
        ("demo/SY-001", "not an item id"),
    ],
)
def test_show_unknown_or_impossible_ids(ff, complete_item, given, fragment):
    complete_item()
    one_line_error(ff("show", given, expect=1), fragment)


# --- broken files --------------------------------------------------------------------------------

BROKEN = {
    # file name -> (text, line, column, message)
    "bad_yaml": ("SY-010.yaml", "id: SY-010\ntitle: [a, b\n", 3, 1, "YAML syntax error"),
    "too_large": ("SY-011.yaml", "id: SY-011\ntitle: big\n# " + "a" * (1024 * 1024) + "\n", 1, 1, "over 1 MiB"),
    "conflict": (
        "SY-012.yaml",
        "id: SY-012\ntitle: a\n<<<<<<< HEAD\ngoal: x\n=======\ngoal: y\n>>>>>>> b\n",
        3,
        1,
        "merge-conflict",
    ),
    "wrong_type": ("SY-013.yaml", "id: SY-013\ntitle: [a]\n", 2, 1, "title must be text"),
    "wrong_type_deep": ("SY-014.yaml", "id: SY-014\ntitle: x\ntimeline:\n  due: soon\n", 4, 3, "due is not a date: soon"),
    "id_mismatch": ("SY-015.yaml", "id: SY-016\ntitle: x\n", 1, 1, "does not match the file name SY-015"),
    "unknown_step": (
        "SY-017.yaml",
        "id: SY-017\ntitle: x\nroadmap:\n  - {id: s1, title: a}\n"
        "log:\n  - {date: 2026-01-01, by: x, event: step_done, step: s9}\n",
        6,
        49,
        "unknown step s9",
    ),
    "not_utf8": ("SY-018.yaml", b"id: SY-018\ntitle: \xff\xfe\n", 2, 1, "not UTF-8"),
    "impossible_date": ("SY-019.yaml", "id: SY-019\ntitle: x\ntimeline:\n  due: 2026-02-30\n", 4, 8, "2026-02-30"),
    "duplicate_key": ("SY-020.yaml", "id: SY-020\ntitle: x\ntitle: y\n", 3, 1, "duplicate key title"),
    "wrong_type_sheet": ("SY-021.yaml", "id: SY-021\ntitle: x\ntask_sheet:\n  goal: {a: 1}\n", 4, 3, "goal must be text"),
    "not_a_mapping": ("SY-022.yaml", "- just\n- a list\n", 1, 1, "must be a mapping"),
}


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")


@pytest.fixture
def two_good(ff, complete_item):
    complete_item()
    ff("new", "第二项")
    return ["SY-001", "SY-002"]


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_reported_and_the_rest_is_listed(ff, plans, two_good, case):
    name, content, line, column, message = BROKEN[case]
    path = plans / "demo" / name
    _write(path, content)
    result = ff("list", "--json")  # exit 0
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    assert re.fullmatch(rf"{re.escape(display(path))}:{line}:{column}: .*{re.escape(message)}.*\n", result.stderr)
    table = ff("list")
    assert "SY-001" in table.stdout and "SY-002" in table.stdout
    assert table.stderr == result.stderr
    # check fails and names the file; show of the broken item is one line
    checked = ff("check", expect=1)
    assert f"{display(path)}:{line}:{column}:" in checked.stdout
    item_id = name[:-5]
    shown = ff("show", item_id, expect=1)
    one_line_error(shown, name, message)
    assert "Traceback" not in shown.stdout
    # a write to the broken item is refused and leaves it as it was
    before = path.read_bytes()
    one_line_error(ff("note", item_id, "进展", expect=1), name)
    assert path.read_bytes() == before


def test_a_duplicate_id_in_another_plan_is_named(ff, plans, two_good):
    ff("plan", "new", "other", "--prefix", "OT")
    copy = plans / "other" / "SY-001.yaml"
    copy.write_bytes((plans / "demo" / "SY-001.yaml").read_bytes())
    result = ff("list", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    assert result.stderr == f"{display(copy)}:1:1: duplicate id SY-001 (also in {display(plans / 'demo' / 'SY-001.yaml')})\n"
    checked = ff("check", expect=1)
    assert display(copy) in checked.stdout and "duplicate id SY-001" in checked.stdout


def test_every_broken_file_at_once(ff, plans, two_good):
    for name, content, *_ in BROKEN.values():
        _write(plans / "demo" / name, content)
    result = ff("list", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    lines = result.stderr.splitlines()
    assert len(lines) == len(BROKEN)
    for (name, _, line, column, message), got in zip(sorted(BROKEN.values()), lines, strict=True):
        assert got.startswith(f"{display(plans / 'demo' / name)}:{line}:{column}: ")
        assert message in got
    report = json.loads(ff("check", "--json", expect=1).stdout)
    assert report["ok"] is False
    assert sorted(Path(b["path"]).name for b in report["broken"]) == sorted(n for n, *_ in BROKEN.values())
    assert {b["code"] for b in report["broken"]} >= {"yaml_error", "too_large", "conflict_markers", "not_text", "unknown_step"}
    assert [i["id"] for i in report["items"]] == two_good


def test_broken_file_messages_in_chinese(ff, plans, two_good):
    path = plans / "demo" / "SY-013.yaml"
    path.write_text("id: SY-013\ntitle: [a]\n", "utf-8")
    result = ff("--lang", "zh", "list")
    assert result.stderr == f"{display(path)}:2:1: title 应为文本\n"
    shown = ff("--lang", "zh", "show", "SY-13", expect=1)
    one_line_error(shown, "事项 SY-013 的文件有错误", f"{display(path)}:2:1: title 应为文本")


def test_a_broken_plan_file_is_reported(ff, plans, two_good):
    ff("plan", "new", "other", "--prefix", "OT")
    ff("new", "x", "--plan", "other")
    (plans / "other" / "plan.yaml").write_text("title: x\nprefix: [OT]\n", "utf-8")
    result = ff("list", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    assert result.stderr == f"{display(plans / 'other' / 'plan.yaml')}:2:1: prefix must be text\n"
