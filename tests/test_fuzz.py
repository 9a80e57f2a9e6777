"""Fuzzing (issue 16, "Done when"): (a) item files mangled every way a hand, an editor, a merge or
an attacker can mangle them, and (b) command lines built from the real commands and options with
hostile values. Whatever happens, no command prints "internal error" or a traceback, every exit
code is one the README documents, and one broken file never hides the good items."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from fivefold.cli.main import app
from tests.conftest import COMPLETE, IsolatedEnv, Runner, make_workspace

# FIVEFOLD_FUZZ_SCALE=20 runs twenty times the examples, for a longer hunt than the suite's.
SCALE = float(os.environ.get("FIVEFOLD_FUZZ_SCALE", "1"))
FUZZ = settings(
    max_examples=int(60 * SCALE),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
EXIT_CODES = {0, 1, 2}  # README: success, a handled error, a usage error


def assert_clean(result: Any, args: list[str]) -> None:
    shown = " ".join(a if len(a) < 60 else a[:50] + "…" for a in args)
    assert result.exit_code in EXIT_CODES, f"{shown}: exit {result.exit_code}\n{result.stderr}\n{result.exception!r}"
    assert "internal error" not in result.stderr, f"{shown}:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, f"{shown}:\n{result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{shown}: {result.exception!r}"


# --- (a) item files ------------------------------------------------------------------------------

HUGE = ["1" + "0" * 400, "1" + "0" * 5000, "-" + "9" * 4400, "0x" + "f" * 5000, "1e400", "-1e400", ".inf", ".nan", "1_0", "0o17"]
VALUES = HUGE + [
    "[]", "{}", "''", "~", "true", "no", "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "2026-02-30", "9999-12-31", "0001-01-01",
    "2026-01-04T25:00:00+08:00", "!!float abc", "!!int 'x'", "!!int ''", "!!bool maybe", "!!timestamp soon", "!!binary '#'",
    "!!set {a, b}", "!!omap [a: 1, b: {c: 2}]", "!!pairs [[1, 2]]", "!!str [1]", "!!null x", "!!python/object:os.system x",
    "!!python/object/apply:os.system ['true']", "&a [1]", "*a", "*nowhere", "-1", "0", "101", "SY-001", "sy-3", "s1",
    "s" + "9" * 5000, "SY-" + "0" * 5000 + "3", "!!set {2026-01-01}", "{2026-01-01: 1, 7: 2}",
]  # fmt: skip
SNIPPETS = [
    "remark: &a [lol, lol]\nagain: [*a, *a]",
    "<<: {title: 合并}",
    "<<: 5",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> theirs",
    "? [a, b]\n: c",
    "title: 又一个标题",
    "log: 5",
    "roadmap: {a: 1}",
    "timeline: []",
    "task_sheet: 文本",
    "id: SY-001",
    "parent: SY-003",
    "parent: SY-001",
    "parent: SY-999",
    "thresholds: {soon_days: 99999999999999999999}",
    "%YAML 1.1\n---",
    "--- !!map\n...",
    "---\nid: SY-003\n---\nid: SY-004",
    "log:\n  - {date: 2026-01-01, by: x, event: step_done, step: " + "9" * 5000 + "}",
    "log:\n  - {date: 2026-01-01, by: x, event: measure, target: 入驻企业, value: 1e400}",
    "log:\n  - {date: 9999-12-31, by: x, event: extend, due: 9999-12-31}",
    "log:\n  - {at: 0001-01-01T00:00:00+14:00, by: x, event: note}",
    "timeline:\n  steps:\n    2026-01-01: {due: 2026-02-01}\n    7: x\n    null: y",
]
CONTROL = ["\u202e", "\x1b[2J", "\ufeff", "\x85", "\u2028", "\r", "\t", "\u3000", "\x07", "\x7f", "\x00"]
NESTING = st.integers(min_value=1, max_value=1200).map(lambda n: "remark: " + "[" * n + "]" * n)
BLOCK_NESTING = st.integers(min_value=30, max_value=80).map(
    lambda n: "remark:\n" + "".join(f"{' ' * (2 * i + 2)}k{i}:\n" for i in range(n)) + " " * (2 * n + 2) + "v"
)


# Changing a value or a key keeps the file YAML, so the check of what it holds runs: they come up most.
KINDS = ["value"] * 4 + ["key"] * 2 + ["snippet"] * 2 + ["nest", "delete", "text", "control", "swap", "indent"]
_VALUE = re.compile(r"(:[ ]+)([^,{}\[\]#\n]+)")
_KEY = re.compile(r"(^[ ]*(?:- )?|[{,][ ]*)([^:{}\[\],#\s][^:{}\[\],#]*?)(?=:[ ]|:$)")
KEYS = [
    "2026-01-01", "7", "-1", "1.5", "null", "~", "true", "'yes'", "[a, b]", "{a: 1}", "? x", "<<", "id", "s1", "log", "!!int 9",
    "9" * 5000, "&k id", "*k", "\"\\u0000\"", "'\x1b[2J'",
]  # fmt: skip


@st.composite
def mangled(draw: Any, base: str) -> bytes:
    """The base item text after one to three mutations."""
    text = base
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        lines = text.split("\n")
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        kind = draw(st.sampled_from(KINDS))
        if kind == "snippet":
            lines.insert(at, draw(st.sampled_from(SNIPPETS)))
        elif kind == "key" and at < len(lines) and (keys := list(_KEY.finditer(lines[at]))):
            m = draw(st.sampled_from(keys))  # a key of the line, block or inside a {flow: mapping}
            lines[at] = lines[at][: m.start(2)] + draw(st.sampled_from(KEYS)) + lines[at][m.end(2) :]
        elif kind == "value" and at < len(lines) and (values := list(_VALUE.finditer(lines[at]))):
            m = draw(st.sampled_from(values))  # one value of the line, block or inside a {flow: mapping}
            value = draw(st.sampled_from(VALUES) | st.sampled_from(VALUES) | st.text(max_size=12))
            lines[at] = lines[at][: m.start(2)] + value + lines[at][m.end(2) :]
        elif kind == "delete":
            start = draw(st.integers(min_value=0, max_value=max(0, len(text) - 1)))
            text = text[:start] + text[start + draw(st.integers(min_value=1, max_value=40)) :]
            continue
        elif kind == "text":
            lines.insert(at, draw(st.text(max_size=30)))
        elif kind == "control" and at < len(lines):
            column = draw(st.integers(min_value=0, max_value=len(lines[at])))
            lines[at] = lines[at][:column] + draw(st.sampled_from(CONTROL)) + lines[at][column:]
        elif kind == "swap" and len(lines) > 1:
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            at = min(at, len(lines) - 1)
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "nest":
            lines.insert(at, draw(NESTING | BLOCK_NESTING))
        elif kind == "indent" and at < len(lines):
            lines[at] = " " * draw(st.integers(min_value=1, max_value=5)) + lines[at]
        text = "\n".join(lines)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(min_value=0, max_value=7)) == 0:  # a few raw bytes: not UTF-8, a BOM, a NUL
        where = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:where] + draw(st.binary(min_size=1, max_size=4)) + data[where:]
    return data


@pytest.fixture(scope="module")
def fuzz_plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A workspace with a good item SY-001 (started, a step done, a note), and its text as SY-003."""
    folder = tmp_path_factory.mktemp("fuzz")
    with IsolatedEnv(folder):
        plans = make_workspace(folder)
        ff = Runner(plans)
        ff("new", "推动园区竣工投产", *COMPLETE)
        ff("start", "SY-001", "--on", "2026-01-05")
        ff("step", "done", "SY-001", "s1", "--on", "2026-04-20")
        ff("note", "SY-001", "主体封顶")
    text = (plans / "demo" / "SY-001.yaml").read_text("utf-8").replace("id: SY-001", "id: SY-003")
    return plans, text


READS = [["check"], ["show", "SY-003"], ["show", "SY-001"], ["dashboard"], ["report", "--format", "json"]]
WRITES = [["note", "SY-003", "进展"], ["step", "add", "SY-003", "新步骤"], ["update", "SY-003", "--title", "新标题"]]


@pytest.mark.slow  # a large hypothesis run
@FUZZ
@given(data=st.data())
def test_a_mangled_item_file_never_stops_the_workspace(fuzz_plans, data):
    plans, base = fuzz_plans
    content = data.draw(mangled(base))
    (plans / "demo" / "SY-003.yaml").write_bytes(content)
    runner = CliRunner()
    listed = runner.invoke(app, ["--plans", str(plans), "list", "--json"])
    assert_clean(listed, ["list", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert "SY-001" in [r["id"] for r in json.loads(listed.stdout)]  # the good item always shows
    for args in READS:
        result = runner.invoke(app, ["--plans", str(plans), *args])
        assert_clean(result, args)
        if args[0] not in ("check", "show") or args == ["show", "SY-001"]:
            assert result.exit_code == 0, f"{args}: {result.stderr}"
    for args in WRITES:  # the append path and the round trip on whatever loads; a clean refusal otherwise
        before = (plans / "demo" / "SY-003.yaml").read_bytes()
        result = runner.invoke(app, ["--plans", str(plans), *args])
        assert_clean(result, args)
        if result.exit_code != 0:
            assert (plans / "demo" / "SY-003.yaml").read_bytes() == before, f"{args} failed and changed the file"


# --- (b) command lines ---------------------------------------------------------------------------

# Commands that drive git (sync, git-setup, merge-driver) are left to the team tests: they run git
# in subprocesses and act on repositories, not on the arguments this fuzz varies.
SKIPPED = {"sync", "git-setup", "merge-driver"}
DATES = [
    "2026-11-27", "2026-02-30", "9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01", "+2w", "-9999y", "+9999d",
    "eom", "eoq", "eoy", "eow", "月底", "明天", "12-31", "2月30日", "2026年13月1日", "tomorrow", "",
]  # fmt: skip
IDS = ["SY-001", "sy-1", "SY-003", "SY-999", "SY-" + "0" * 5000 + "1", "SY-" + "9" * 300, "X-1", "SY001", "-", "", "SY-1.5"]
NUMBERS = ["0", "-1", "100", "101", "50.5", "1e400", "nan", "inf", "-inf", "1" + "0" * 5000, "", "五十"]
WORDS = [
    "", " ", "推动园区竣工投产", "区工信局", "李某", "yes", "on", "9:30", "010", "[x]", "{a: 1}", "a: b", "- x", "#", "&a", "*a",
    "!!python/object:os.system", "\x1b[31m红\x1b[0m", "a\nb", "\u202e反", "x" * 3000, "week", "month", "quarter", "md", "html",
    "csv", "json", "ics", "area", "unit", "workspace", "draft,active", "red", "id", "due", "progress", "lag", "s1", "s2",
    "industry", "industry=现代化产业体系", "入驻企业=10 家", "主体封顶@2026-04-30", "入驻企业", "demo", "SY", "zh", "en",
]  # fmt: skip


def _commands() -> dict[str, Any]:
    found: dict[str, Any] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        elif path[0] not in SKIPPED:
            found[" ".join(path)] = command

    walk(get_command(app), ())
    return found


COMMANDS = _commands()


# Values that let a command go all the way, beside the hostile ones above: half of the lines use them.
GOOD = {
    "date": ["2026-11-27", "2026-06-30", "+2w", "eom", "12-31", "yesterday"],
    "id": ["SY-001", "SY-002", "sy-2", "SY-3"],
    "number": ["50", "100", "0", "10", "2"],
    "word": ["推动园区竣工投产", "区工信局", "李某", "王某", "s1", "s2", "入驻企业", "demo", "industry", "json", "week"],
}


def _kind(name: str) -> str:
    if name in ("on", "due", "start", "end", "since", "due_before"):
        return "date"
    if name in ("item_id", "parent", "ids"):
        return "id"
    if name in ("value", "percent", "weight"):
        return "number"
    return "word"


HOSTILE = {"date": DATES, "id": IDS, "number": NUMBERS, "word": WORDS}
ANYTHING = st.sampled_from(DATES + IDS + NUMBERS + WORDS) | st.text(max_size=20)


@st.composite
def command_lines(draw: Any, plans: Path, folder: Path) -> list[str]:
    argv = ["--plans", str(plans)]
    for option, pool in (("--as-of", DATES), ("--lang", ["zh", "en", "zh", "en", "fr"]), ("--by", WORDS)):
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            argv += [option, draw(st.sampled_from(pool))]
    name = draw(st.sampled_from(sorted(COMMANDS)))
    argv += name.split()
    tame = draw(st.booleans())
    for param in COMMANDS[name].params:
        kind = _kind(param.name)
        value = st.sampled_from(GOOD[kind]) if tame else st.sampled_from(HOSTILE[kind]) | ANYTHING
        if param.param_type_name == "argument":
            if param.name in ("folder", "file"):  # init's folder, import's file: inside the test's own folder
                argv.append(str(folder / draw(st.sampled_from(["plans2", "x.csv", "a" * 300, "nowhere/t.csv"]))))
                continue
            for _ in range(1 if param.nargs == 1 else draw(st.integers(min_value=0, max_value=3))):
                argv.append(draw(value))
        elif param.required or draw(st.integers(min_value=0, max_value=2)) == 0:
            if param.is_flag:
                argv.append(param.opts[0])
            elif param.name == "out":
                argv += [param.opts[0], str(folder / draw(st.sampled_from(["r.md", "nowhere/r.md", "."])))]
            else:
                argv += [param.opts[0], draw(value)]
    return argv


@pytest.fixture(scope="module")
def cli_plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fuzzcli")
    with IsolatedEnv(folder):
        plans = make_workspace(folder)
        ff = Runner(plans)
        ff("new", "推动园区竣工投产", *COMPLETE)
        ff("new", "完善配套设施", *COMPLETE, "--parent", "SY-001")
        ff("start", "SY-001", "--on", "2026-01-05")
    return plans, folder


@pytest.mark.slow  # a large hypothesis run
@settings(FUZZ, max_examples=int(150 * SCALE))
@given(data=st.data())
def test_any_command_line_gets_an_answer_or_a_clean_error(cli_plans, data, monkeypatch):
    plans, folder = cli_plans
    monkeypatch.chdir(folder)  # nothing a command creates lands outside the test's folder
    monkeypatch.delenv("EDITOR", raising=False)
    argv = data.draw(command_lines(plans, folder))
    result = CliRunner().invoke(app, argv)
    assert_clean(result, argv)
