"""Shell completion (issue 14 §6): `fivefold completion SHELL` prints the script; the shell's requests
complete commands, item ids, plans, areas, states, lights and formats, offline and in process."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fivefold.cli.main import app


def complete(plans, *words: str) -> list[str]:
    line = ["fivefold", "--plans", str(plans), *words]
    env = {"_FIVEFOLD_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(line), "COMP_CWORD": str(len(line) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="fivefold")
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_prints_the_script_for_each_shell(shell):
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert "_FIVEFOLD_COMPLETE" in result.stdout and "fivefold" in result.stdout


def test_an_unknown_shell_is_a_usage_error():
    result = CliRunner().invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2 and "bash" in result.stderr


def test_values_are_completed_from_the_workspace(ff, plans, complete_item):
    complete_item("园区建设")
    complete_item("道路改造")
    assert complete(plans, "show", "SY-00") == ["SY-001", "SY-002"]
    assert complete(plans, "ready", "SY-001", "SY") == ["SY-001", "SY-002"]
    assert complete(plans, "li") == ["list"]
    assert complete(plans, "list", "--state", "ac") == ["active"]
    assert complete(plans, "list", "--state", "draft,re") == ["draft,ready", "draft,review"]
    assert complete(plans, "list", "--light", "r") == ["red"]
    assert complete(plans, "list", "--bucket", "up") == ["upcoming"]
    assert complete(plans, "list", "--area", "ind") == ["industry"]
    assert "demo" in complete(plans, "list", "--plan", "")
    assert complete(plans, "report", "--format", "ht") == ["html"]
    assert complete(plans, "report", "--format", "do") == ["docx"]
    assert complete(plans, "show", "SY-001", "--format", "") == ["text", "html", "docx"]


def test_no_workspace_completes_nothing_rather_than_failing(tmp_path):
    assert complete(tmp_path / "nowhere", "show", "SY") == []
