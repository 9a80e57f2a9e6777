"""The hot commands without typer (cli/fast.py): the shared option table covers every option typer
knows for them, and for a matrix of command lines the fast path gives what typer gives (exit code,
stdout, stderr, files written) or leaves the command line to typer."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fivefold import clock
from fivefold.cli import fast, spec
from fivefold.cli.env import Env
from fivefold.cli.main import app
from tests.conftest import COMPLETE, Runner

NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _click_command(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    command = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    return command


def _kind(param) -> str:  # type: ignore[no-untyped-def]
    if param.type.name == "int range":
        return "count"
    return "flag" if param.is_flag else "list" if param.multiple else "str"


@pytest.mark.parametrize("command", spec.HOT, ids=lambda c: " ".join(c.words))
def test_the_table_holds_every_option_typer_knows(command: spec.Command) -> None:
    click_command = _click_command(command.words)
    options = [p for p in click_command.params if p.param_type_name == "option"]
    arguments = [p for p in click_command.params if p.param_type_name == "argument"]
    table = {o.flag: o for o in command.options}
    assert sorted(name for p in options for name in p.opts) == sorted(table)
    for p in options:
        opt = table[p.opts[0]]
        assert (p.name, _kind(p)) == (opt.param, opt.kind), p.opts
        assert p.default == opt.default, p.opts
    assert [p.name for p in arguments] == list(command.args)
    assert [p.name for p in arguments if p.nargs == -1] == ([command.many] if command.many else [])


def test_the_table_holds_the_global_options() -> None:
    root = typer.main.get_command(app)
    options = {p.opts[0]: p for p in root.params if p.param_type_name == "option" and p.opts[0] != "--version"}
    assert sorted(options) == sorted(o.flag for o in spec.GLOBALS)
    for opt in spec.GLOBALS:
        p = options[opt.flag]
        assert (p.name, _kind(p), p.default) == (opt.param, opt.kind, opt.default)


@pytest.fixture
def workspace(ff: Runner, plans: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SY-001 active with two steps, SY-002 a draft."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    ff("new", "推动园区竣工投产", *COMPLETE)
    ff("start", "SY-001", "--on", "2026-11-02")
    ff("new", "草稿")
    return plans


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".fivefold" not in p.relative_to(root).parts
    }


def _both(workspace: Path, tmp_path: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(typer's exit code, stdout, stderr, files), and the fast path's, or None when it declines."""
    monkeypatch.setattr(clock, "now", lambda: NOW + dt.timedelta(hours=1))
    slow_ws, fast_ws = tmp_path / "slow", tmp_path / "fast"
    shutil.copytree(workspace, slow_ws)
    shutil.copytree(workspace, fast_ws)
    result = CliRunner().invoke(app, ["--plans", str(slow_ws), *argv])
    slow = (
        result.exit_code,
        result.stdout.replace(str(slow_ws), "WS"),
        result.stderr.replace(str(slow_ws), "WS"),
        _tree(slow_ws),
    )
    out, err = io.StringIO(), io.StringIO()
    code = fast.run(["--plans", str(fast_ws), *argv], Env(stdin=io.StringIO(), out=out, err=err))
    if code is None:
        return slow, None
    shown = out.getvalue().replace(str(fast_ws), "WS").replace("\r\n", "\n")  # as click's runner gives its stdout
    return slow, (code, shown, err.getvalue().replace(str(fast_ws), "WS"), _tree(fast_ws))


SAME = [
    ["new", "标题"],
    ["new", "标题", "--goal", "目标", "--partner", "甲", "--partner=乙", "--json"],
    ["new", "--plan", "demo", "完整", *COMPLETE, "--acceptance", "验收", "--deliverable", "报告", "--cadence", "weekly"],
    ["new", "x", "--target", "能耗=3 吨", "--baseline", "能耗=5", "--leader", "王某", "--area", "新区=新区建设"],
    ["new", "x", "--cadence", "daily"],
    ["new", "x", "--plan", "nope"],
    ["new", "x", "--start", "not-a-date"],
    ["new", "x", "--weight", "2", "--parent", "SY-001"],
    ["new", "x", "--parent", "SY-404"],
    ["new", "--", "-带横线的标题"],
    ["new", "x", "--by", "王某"],
    ["--as-of", "2026-01-05", "new", "x", "--lang", "en"],
    ["--lang", "zh", "new", "x", "--goal", ""],
    ["new", "x", "--goal", "a", "--goal", "b"],
    ["new", "x\x1b[31m"],
    ["note", "SY-001", "进展顺利"],
    ["note", "SY-001", "SY-002", "两个", "--kind", "problem"],
    ["note", "SY-001", "x", "--kind", "bad"],
    ["note", "SY-404", "x"],
    ["note", "x"],
    ["note", "SY-001", "早些时候", "--on", "2026-11-20"],
    ["note", "SY-001", "x", "--file", "no-such-file.txt"],
    ["note", "SY-001", "第一行\n第二行", "--by", "张某"],
    ["note", "--where", "state=draft", "草稿的说明"],
    ["note", "sy-1", "小写的编号"],
    ["step", "done", "SY-001", "s1"],
    ["step", "done", "SY-001", "s1", "--note", "好", "--on", "2026-11-26"],
    ["step", "done", "SY-001", "s9"],
    ["step", "done", "SY-002", "s1"],
    ["--debug", "step", "done", "SY-001", "s1"],
    ["list"],
    ["list", "--json"],
    ["list", "--state", "active", "--as-of", "2026-12-01"],
    ["list", "--tree", "--wide", "--sort=due"],
    ["list", "--owner", "李某", "--overdue", "--plan", "demo"],
    ["list", "--light", "bad"],
    ["list", "--due-before", "2026-12-31", "--unit", "区工信局", "--bucket", "ongoing", "--area", "industry"],
    ["--lang", "zh", "list", "--sort", "lag"],
    ["dashboard"],
    ["dashboard", "--json", "--since", "2026-11-01"],
    ["dashboard", "--all", "--plan", "demo", "--area", "industry", "--unit", "区工信局"],
    ["dashboard", "--since", "not-a-date"],
    ["report"],
    ["report", "--format", "json"],
    ["report", "-f", "csv", "--plan", "demo"],
    ["report", "--format=json", "--since", "2026-11-01", "--rank"],
    ["report", "-f", "md", "--period", "week", "--title", "标题", "--ref", "文号", "--issuer", "某局", "--date", "2026-11-20"],
    ["report", "-f", "html", "--portrait"],
    ["report", "-f", "ics", "--ics", "todo", "--remind-days", "5"],
    ["report", "--remind-days=0", "-f", "ics"],
    ["--lang", "en", "report", "-f", "json", "--state", "active", "--light", "green", "--owner", "李某", "--unit", "区工信局"],
    ["report", "-f", "json", "--area", "industry", "--as-of", "2026-12-01"],
    ["report", "--format", "bad"],
    ["report", "--period", "year"],
    ["report", "-f", "xlsx"],
    ["report", "--ics", "neither"],
]

REFUSED = [
    ["new", "x", "--cadence", "daily"],
    ["new", "x", "--plan", "nope"],
    ["new", "x", "--start", "not-a-date"],
    ["new", "x", "--parent", "SY-404"],
    ["new", "x\x1b[31m"],
    ["note", "SY-001", "x", "--kind", "bad"],
    ["note", "SY-404", "x"],
    ["note", "x"],
    ["note", "SY-001", "x", "--file", "no-such-file.txt"],
    ["step", "done", "SY-001", "s9"],
    ["step", "done", "SY-002", "s1"],
    ["list", "--light", "bad"],
    ["dashboard", "--since", "not-a-date"],
    ["report", "--format", "bad"],
    ["report", "--period", "year"],
    ["report", "-f", "xlsx"],
    ["report", "--ics", "neither"],
]

TYPER_ONLY = [
    ["new"],
    ["new", "a", "b"],
    ["new", "x", "--help"],
    ["new", "-h"],
    ["new", "x", "--bogus"],
    ["new", "x", "--goal"],
    ["new", "x", "--goal", "--owner"],
    ["new", "x", "--json=1"],
    ["new", "x", "--lang", "fr"],
    ["--version", "new", "x"],
    ["note"],
    ["note", "SY-001", "-"],
    ["step", "done", "SY-001"],
    ["step", "progress", "SY-001", "s1", "50"],
    ["start", "SY-001"],
    ["list", "x"],
    ["list", "--sort"],
    ["list", "--tree=1"],
    ["dashboard", "--state", "active"],
    ["gantt"],
    ["report", "x"],
    ["report", "-f=json"],
    ["report", "-fjson"],
    ["report", "--remind-days", "-1"],
    ["report", "--remind-days", "x"],
    ["report", "--remind-days=+3"],
    ["report", "--rank=1"],
]


def test_a_report_to_a_file_is_left_to_typer(workspace: Path) -> None:
    for out in (["--out", "r.md"], ["-o", "r.md"], ["--out=r.md"]):
        argv = ["--plans", str(workspace), "report", *out]
        assert fast.parse(argv) is not None
        assert fast.run(argv, Env(stdin=io.StringIO(), out=io.StringIO(), err=io.StringIO())) is None


@pytest.mark.parametrize("argv", SAME, ids=repr)
def test_the_fast_path_does_what_typer_does(
    workspace: Path, tmp_path: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, quick = _both(workspace, tmp_path, argv, monkeypatch)
    assert quick is not None, "the fast path declined a form it should read"
    assert quick[:3] == slow[:3]
    assert quick[3] == slow[3]
    assert (slow[0] == 0) == (argv not in REFUSED), slow[:3]


@pytest.mark.parametrize("argv", TYPER_ONLY, ids=repr)
def test_other_forms_are_left_to_typer(argv: list[str]) -> None:
    assert fast.parse(["--plans", "ws", *argv]) is None


@pytest.mark.parametrize("argv", SAME, ids=repr)
def test_the_command_line_is_seen_as_typer_s_path_sees_it(argv: list[str]) -> None:
    """What keys the output cache of `list` (cli/replay.py): global options moved in front as
    cli/argv.py's hoist moves them, so either path replays what the other stored."""
    from fivefold.cli.argv import hoist

    full = ["--plans", "ws", *argv, "--by", "王某", "--as-of=2026-12-01"] if "--" not in argv else ["--plans", "ws", *argv]
    parsed = fast.parse(full)
    assert parsed is not None
    assert parsed.argv == hoist(typer.main.get_command(app), full)


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_FIVEFOLD_COMPLETE", "bash_complete")
    assert fast.parse(["new", "x"]) is None


def test_a_new_item_on_a_terminal_is_asked_for_through_typer(workspace: Path) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert fast.run(["--plans", str(workspace), "new", "x"], Env(stdin=Tty(), out=Tty(), err=io.StringIO())) is None


def test_several_workspaces_pick_the_one_holding_the_named_item(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    shutil.copytree(workspace, other)
    (other / "demo" / "SY-001.yaml").unlink()
    out, err = io.StringIO(), io.StringIO()
    argv = ["--plans", str(other), "--plans", str(workspace), "note", "SY-001", "在第二个工作区"]
    assert fast.run(argv, Env(stdin=io.StringIO(), out=out, err=err)) == 0, err.getvalue()
    assert "在第二个工作区" in (workspace / "demo" / "SY-001.yaml").read_text("utf-8")


def test_the_console_script_takes_the_fast_path_without_typer(workspace: Path) -> None:
    """A real process: `new` and `note` import neither typer nor click, nor filelock, nor git's
    modules in a workspace without autocommit; `new` not even the YAML library."""
    import os
    import subprocess
    import sys

    from tests.conftest import BASE_ENV

    heavy = ("typer", "click", "filelock", "yaml", "ruamel", "fivefold.gitsync", "fivefold.gitrepo")
    code = (
        "import sys; from fivefold.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), code)"
    )
    for argv, loaded in ((["new", "快", "--due", "2026-12-31"], "[]"), (["note", "SY-001", "快"], "['yaml']")):
        done = subprocess.run(
            [sys.executable, "-c", code, "--plans", str(workspace), *argv],
            capture_output=True, text=True, env={**os.environ, **BASE_ENV}, timeout=60,
        )  # fmt: skip
        assert done.stdout.splitlines()[-1] == f"{loaded} 0", done.stdout + done.stderr
