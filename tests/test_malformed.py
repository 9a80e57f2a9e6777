"""One bad file never stops the workspace (issue 16, points 6 and 7): values that do not fit their
tag, numbers too large for Python or for a float, anchors and aliases (the "billion laughs"), and
nesting too deep are each a problem of that file, located, while every other item still shows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fivefold import codec, logmerge
from fivefold.cli.main import app
from fivefold.errors import Invalid
from fivefold.paths import display
from tests.conftest import COMPLETE

GOOD = "id: SY-003\ntitle: 第三项\n"
DIGITS_400 = "1" + "0" * 400
DIGITS_5000 = "1" + "0" * 5000

# name: (text appended to a valid item file, line, column, what the message says)
BAD_VALUES = {
    "weight_400_digits": (f"weight: {DIGITS_400}\n", 3, 1, "weight is out of range: 1000"),
    "target_400_digits": (
        f"task_sheet:\n  targets:\n    - {{name: 入驻企业, unit: 家, target: {DIGITS_400}}}\n", 5, 29, "target is out of range"
    ),
    "step_weight_1e400": ("roadmap:\n  - {id: s1, title: a, weight: 1e400}\n", 4, 24, "weight is out of range: inf"),
    "weight_inf": ("weight: .inf\n", 3, 1, "weight is out of range: inf"),
    "weight_nan": ("weight: .nan\n", 3, 1, "weight must be a number: nan"),
    "int_over_4300_digits_unknown_key": (f"remark: {DIGITS_5000}\n", 3, 9, "remark: the number has too many digits"),
    "hex_int_of_5000_digits": ("remark: 0x" + "f" * 5000 + "\n", 3, 9, "remark: the number has too many digits"),
    "sexagesimal_int": ("remark: !!int 1" + ":59" * 3000 + "\n", 3, 9, "remark: the number has too many digits"),
    "float_tag_on_text": ("remark: !!float abc\n", 3, 9, "remark: abc is not a valid !!float value"),
    "int_tag_on_text": (
        "log:\n  - {date: 2026-01-01, by: x, event: note, count: !!int 'x'}\n", 4, 51, "log[0].count: x is not a valid !!int"
    ),
    "int_tag_on_nothing": ("remark: !!int ''\n", 3, 9, "remark:  is not a valid !!int value"),
    "bool_tag_on_text": ("remark: [1, {a: !!bool maybe}]\n", 3, 17, "remark[1].a: maybe is not a valid !!bool value"),
    "timestamp_tag_on_text": ("remark: !!timestamp soon\n", 3, 9, "remark: soon is not a valid date"),
    "alias": ("remark: &a [1, 2]\nagain: *a\n", 3, 9, "anchors and aliases"),
    "nested_65_deep": ("remark: " + "[" * 64 + "]" * 64 + "\n", 3, 72, "nested more than 64 levels deep"),
}


@pytest.fixture
def two_good(ff, complete_item):
    complete_item()
    ff("new", "第二项")
    return ["SY-001", "SY-002"]


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_a_value_that_does_not_fit_is_a_problem_of_its_file_alone(ff, plans, two_good, case):
    text, line, column, message = BAD_VALUES[case]
    path = plans / "demo" / "SY-003.yaml"
    path.write_text(GOOD + text, "utf-8")
    where = f"{display(path)}:{line}:{column}: "
    listed = ff("list", "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == two_good
    assert listed.stderr.startswith(where) and message in listed.stderr and listed.stderr.count("\n") == 1
    assert len(listed.stderr) < 300  # a 5,000-digit number is not repeated whole
    for command in (["list"], ["dashboard"], ["report", "--format", "json"], ["gantt"], ["show", "SY-001"]):
        result = ff(*command)
        assert "internal error" not in result.stderr
    checked = ff("check", expect=1)
    assert where in checked.stdout
    assert message in one_line(ff("show", "SY-003", expect=1))
    before = path.read_bytes()
    assert "SY-003" in one_line(ff("note", "SY-003", "进展", expect=1))
    assert path.read_bytes() == before


def one_line(result) -> str:
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


def test_a_value_that_does_not_fit_in_fivefold_yaml_fails_the_command_with_its_place(ff, plans, two_good):
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "remark: !!float abc\n", "utf-8")
    line = len(settings.read_text("utf-8").splitlines())
    message = one_line(ff("list", expect=1))
    assert message == f"fivefold: {display(settings)}:{line}:9: remark: abc is not a valid !!float value\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("thresholds: {soon_days: " + DIGITS_5000 + "}\n", "soon_days: the number has too many digits"),
        ("thresholds: {whenever: 3}\n", "unknown threshold whenever"),  # the message once broke on its own parameters
        ("base: &b {a: 1}\nother: *b\n", "anchors and aliases"),
    ],
)
def test_a_broken_plan_yaml_is_reported_and_the_rest_still_shows(ff, plans, two_good, text, message):
    ff("plan", "new", "other", "--prefix", "OT")
    ff("new", "别处的事项", "--plan", "other")
    path = plans / "other" / "plan.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")
    result = ff("list", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    assert re.fullmatch(rf"{re.escape(display(path))}:\d+:\d+: .*{re.escape(message)}.*\n", result.stderr)


def test_check_labels_with_a_bad_key_is_a_problem_not_a_crash(ff, plans, two_good):
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "check_labels: {9: 第九}\n", "utf-8")
    assert "check_labels keys must be 1–5: 9" in one_line(ff("list", expect=1))


# --- alias bombs and nesting -----------------------------------------------------------------------


def laughs(levels: int = 8) -> str:
    """An item whose log note expands to 10**levels strings: 2 KB on disk, gigabytes once expanded."""
    lines = ["id: SY-003", "title: 第三项", "bomb:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  - &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    lines.append(f"log:\n  - {{date: 2026-01-01, by: x, event: note, note: *l{levels}}}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_expands():
    text = laughs(8)
    assert len(text.encode("utf-8")) < 2100
    started = time.perf_counter()
    with pytest.raises(Invalid) as info:
        codec.read_yaml(text, "SY-003.yaml")
    assert time.perf_counter() - started < 0.5  # was 83 s and 2 GB
    (problem,) = info.value.problems
    assert (problem.key, problem.line, problem.column) == ("yaml_alias", 4, 5)


def test_an_alias_bomb_in_the_workspace_leaves_list_fast_and_the_rest_shown(ff, plans, two_good):
    path = plans / "demo" / "SY-003.yaml"
    path.write_text(laughs(8), "utf-8")
    started = time.perf_counter()
    result = ff("list", "--json")
    assert time.perf_counter() - started < 5
    assert [r["id"] for r in json.loads(result.stdout)] == two_good
    assert result.stderr == f"{display(path)}:4:5: YAML anchors and aliases (& and *) are not allowed; write the values out\n"


def test_ampersands_and_stars_in_text_are_no_aliases():
    text = "id: SY-003\ntitle: 研发&投产 *重点*\nlog:\n  - {date: 2026-01-01, by: x, event: note, note: 'A&B * C'}\n"
    data = codec.read_yaml(text, "SY-003.yaml")
    assert data["title"] == "研发&投产 *重点*" and data["log"][0]["note"] == "A&B * C"


def test_64_levels_are_read_and_65_refused_at_the_deepest_place():
    assert codec.read_yaml("x: " + "[" * 63 + "]" * 63 + "\n", "f.yaml") is not None
    block = "".join(f"{'  ' * n}k{n}:\n" for n in range(65)) + "  " * 65 + "v\n"
    with pytest.raises(Invalid) as info:
        codec.read_yaml(block, "f.yaml")
    (problem,) = info.value.problems
    assert problem.key == "too_deep" and problem.line == 65
    assert problem.params["where"].startswith("k0.k1.k2")


def test_the_tool_never_writes_an_alias_when_one_command_adds_two_entries(ff, plans, complete_item):
    complete_item()
    ff("start", "SY-001")
    ff("update", "SY-001", "--lead-unit", "区发改局", "--goal", "新目标")  # `edited` and `reassign`, one date object
    text = (plans / "demo" / "SY-001.yaml").read_text("utf-8")
    assert "&" not in text and "*" not in text
    assert [e["event"] for e in codec.read_yaml(text, "x")["log"][-2:]] == ["edited", "reassign"]


def test_the_merge_driver_reads_through_the_same_safe_reader():
    bomb = laughs(8)
    started = time.perf_counter()
    assert logmerge._doc(bomb) is None
    assert logmerge.valid_item(bomb, "plans/demo/SY-003.yaml") is False
    assert time.perf_counter() - started < 1


@pytest.mark.slow  # real git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_check_refuses_a_staged_alias_bomb_quickly(tmp_path, monkeypatch, plans, ff):
    ff("new", "推动园区竣工投产", *COMPLETE)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = plans.parent
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (plans / "demo" / "SY-003.yaml").write_text(laughs(8), "utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    monkeypatch.chdir(root)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["check", "--staged"])
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert "SY-003.yaml:4:5" in result.stdout and "anchors and aliases" in result.stdout


def test_a_broken_user_config_counts_as_empty(ff, plans, complete_item, tmp_path, monkeypatch):
    complete_item()
    config = tmp_path / "xdg" / "fivefold" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("name: !!float abc\nlanguage: zh\n", "utf-8")
    monkeypatch.delenv("FIVEFOLD_USER")  # so that `note` asks the user config who is acting
    monkeypatch.delenv("FIVEFOLD_LANG")  # and which language
    assert ff("note", "SY-001", "进展").stderr == ""
    config.write_text(laughs(8), "utf-8")
    started = time.perf_counter()
    assert ff("note", "SY-001", "进展").stderr == ""
    assert time.perf_counter() - started < 5


# --- found by tests/test_fuzz.py -------------------------------------------------------------------


def test_keys_that_are_dates_numbers_or_null_are_problems_not_a_crash(ff, plans, two_good):
    path = plans / "demo" / "SY-003.yaml"
    path.write_text(
        "id: SY-003\ntitle: x\nroadmap:\n  - {id: s1, title: a}\ntimeline:\n  steps:\n"
        "    2026-01-01: {due: 2026-02-01}\n    7: x\n    null: y\n",
        "utf-8",
    )
    for _ in range(2):  # the second run reads the problems back from the cache
        result = ff("list", "--json")
        assert [r["id"] for r in json.loads(result.stdout)] == two_good
        assert "unknown step 2026-01-01" in result.stderr and "unknown step 7" in result.stderr


def test_a_set_of_dates_in_a_log_entry_is_cached_and_shown(ff, plans, complete_item):
    complete_item()
    path = plans / "demo" / "SY-001.yaml"
    entry = "  - {date: 2026-01-02, by: x, event: note, days: !!set {2026-01-01: null}, rate: .inf}\n"
    path.write_text(path.read_text("utf-8") + entry, "utf-8")
    for _ in range(2):
        assert ff("list").stderr == ""
    shown = json.loads(ff("show", "SY-001", "--json").stdout)
    assert shown["log"][-1]["days"] == ["2026-01-01"] and shown["log"][-1]["rate"] == "inf"


def test_a_step_id_of_thousands_of_digits_does_not_stop_step_add(ff, plans):
    path = plans / "demo" / "SY-003.yaml"
    path.write_text(f"id: SY-003\ntitle: x\nroadmap:\n  - {{id: s{'9' * 5000}, title: a}}\n", "utf-8")
    ff("step", "add", "SY-003", "新步骤")
    assert "{id: s1, title: 新步骤}" in path.read_text("utf-8")


def test_a_file_only_libyaml_reads_is_refused_by_edits_with_its_place(ff, plans, two_good):
    path = plans / "demo" / "SY-003.yaml"
    path.write_text("id\t: SY-003\ntitle: x\n", "utf-8")  # ruamel.yaml, the round-trip path, refuses the tab
    assert "SY-003" in ff("list").stdout
    for args in (["update", "SY-003", "--title", "y"], ["step", "add", "SY-003", "y"], ["note", "SY-003", "y"]):
        message = one_line(ff(*args, expect=1))
        assert message.startswith(f"fivefold: {display(path)}:1:3: YAML syntax error")
    assert path.read_text("utf-8") == "id\t: SY-003\ntitle: x\n"


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _chain(kinds: list[tuple[str, bool]]) -> object:
    """Collections nested one in the other (list or mapping, with or without a sibling value)."""
    value: object = "x"
    for kind, sibling in reversed(kinds):
        pair = ([value, "y"], [value]) if kind == "list" else ({"a": value, "b": 1}, {"a": value})
        value = pair[0] if sibling else pair[1]
    return value


NESTED = st.lists(st.tuples(st.sampled_from(["list", "dict"]), st.booleans()), min_size=1, max_size=24).map(_chain)


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=150, deadline=None)
@given(data=NESTED, flow=st.sampled_from([None, False, True]), indent=st.integers(min_value=2, max_value=4))
def test_the_shortcut_past_the_depth_walk_is_never_wrong(data, flow, indent):
    """When the text alone shows it cannot be deeper than the limit, the data never is."""
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=10**6)
    checked = 0
    for run in (1, 2, 3, 4, 6, 12):  # the bound at small scale, where the data is often deeper
        for limit in (4, 6, 8, 12, 16, 30, 64):
            if not codec._may_nest_deeper(text, limit, run):
                assert _depth(data) <= limit, (run, limit, text)
                checked += 1
    assert checked or _depth(data) > 2


def test_the_depth_walk_is_skipped_for_ordinary_files_only():
    ordinary = (Path(__file__).parent / "data" / "workspace" / "shuangyang-2023" / "SY-003.yaml").read_text("utf-8")
    assert not codec._may_nest_deeper(ordinary, codec.MAX_DEPTH)
    assert codec._may_nest_deeper("x:\n" + " " * 12 + "y: 1\n", codec.MAX_DEPTH)
    assert codec._may_nest_deeper("x: " + "[" * 41, codec.MAX_DEPTH)
    assert codec._may_nest_deeper("x: 1\u2028" + " " * 40 + "y: 2\n", codec.MAX_DEPTH)
    assert codec._may_nest_deeper("x: 1\r  y: 2\n", codec.MAX_DEPTH)
    assert not codec._may_nest_deeper("x: 1\r\ny: 2\r\n", codec.MAX_DEPTH)
    assert codec._may_nest_deeper("- - - - - - - x\n", codec.MAX_DEPTH)  # a long run on the first line too
