"""The CLI reads and writes only through its `Env` (httpie's Environment): a test hands the app an Env
double (a terminal that is a string, another working folder) instead of patching `sys`."""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from fivefold.cli.env import Env
from fivefold.cli.main import app


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(env: Env, *args: str) -> int:
    """The app with this Env (its streams, terminal flags and folder); the exit code."""
    result = CliRunner().invoke(app, list(args), obj=env)
    return result.exit_code


def test_new_asks_for_missing_fields_when_a_person_is_at_the_terminal(plans):
    answers = Terminal("提升政务服务效能\n区政务服务中心\n\n2026-01-05\n2026-12-31\n")
    out, err = Terminal(), io.StringIO()
    assert run(Env(stdin=answers, out=out, err=err), "--plans", str(plans), "new", "政务服务提速") == 0, err.getvalue()
    # goal, lead unit, owner (left empty: the five checks will ask again), start, due; then the new id
    assert out.getvalue() == "Goal: Lead unit: Owner: Start: Due: SY-001\n"
    sheet = yaml.safe_load((plans / "demo" / "SY-001.yaml").read_text("utf-8"))
    assert sheet["task_sheet"]["goal"] == "提升政务服务效能"
    assert sheet["task_sheet"]["lead_unit"] == "区政务服务中心"
    assert "owner" not in sheet["task_sheet"]
    assert str(sheet["timeline"]["start"]) == "2026-01-05"


def test_new_never_asks_when_the_input_is_piped(plans):
    out = Terminal()
    assert run(Env(stdin=io.StringIO("不该读到\n"), out=out), "--plans", str(plans), "new", "政务服务提速") == 0
    assert out.getvalue() == "SY-001\n"


def test_the_end_of_the_input_stops_the_questions(plans):
    out = Terminal()
    assert run(Env(stdin=Terminal("只答一项\n"), out=out), "--plans", str(plans), "new", "政务服务提速") == 1
    assert out.getvalue() == "Goal: Lead unit: "
    assert not (plans / "demo" / "SY-001.yaml").exists()


def test_the_workspace_is_found_from_the_envs_folder(plans, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the process is elsewhere: the Env's folder decides
    out = io.StringIO()
    assert run(Env(out=out, cwd=plans / "demo"), "new", "从子文件夹新建") == 0
    assert out.getvalue() == "SY-001\n"
    assert (plans / "demo" / "SY-001.yaml").is_file()
    # relative paths on the command line are taken from the Env's folder too
    assert run(Env(out=io.StringIO(), err=io.StringIO(), cwd=plans.parent), "report", "--out", "weekly.md") == 0
    assert (plans.parent / "weekly.md").is_file()
    assert not (elsewhere / "weekly.md").exists()


def test_the_editor_loop_offers_to_reopen_on_the_envs_terminal(ff, plans, complete_item, tmp_path, monkeypatch):
    complete_item()
    script = tmp_path / "editor.py"
    script.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).write_text('id: [unclosed\\n', 'utf-8')\n", "utf-8")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    before = (plans / "demo" / "SY-001.yaml").read_bytes()
    out, err = Terminal(), io.StringIO()
    # the first answer is not yes or no: asked again; "n" keeps the edited copy and exits 1
    assert run(Env(stdin=Terminal("maybe\nn\n"), out=out, err=err), "--plans", str(plans), "edit", "SY-001") == 1
    assert out.getvalue().count("re-open the editor to fix it? [Y/n]: ") == 2
    assert "YAML syntax error" in err.getvalue()
    assert (plans / "demo" / "SY-001.yaml").read_bytes() == before


def test_version_and_errors_go_to_the_envs_streams(tmp_path: Path):
    out, err = io.StringIO(), io.StringIO()
    assert run(Env(out=out, err=err), "--version") == 0
    assert out.getvalue().startswith("fivefold ")
    out, err = io.StringIO(), io.StringIO()
    assert run(Env(out=out, err=err, cwd=tmp_path), "list") == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("fivefold: no workspace found")
