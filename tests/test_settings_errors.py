"""Settings errors (issue 14 §5): a wrong key or value in fivefold.yaml or plan.yaml is reported as
file:line:column with the key named, never an internal error; a broken user config is a one-line
warning (said, not silently ignored) and counts as empty."""

from __future__ import annotations

from pathlib import Path

import pytest

SETTINGS = [
    ("thresholds: {bogus: 3}", "fivefold.yaml:1:14:", "bogus"),  # issue 14: a TypeError in every command
    ("thresholds: {soon_days: x}", "fivefold.yaml:1:14:", "soon_days"),
    ("check_labels: {9: x}", "fivefold.yaml:1:16:", "9"),  # issue 14: a TypeError in every command
    ("check_labels: {1: [a]}", "fivefold.yaml:1:16:", "check_labels.1"),
    ("check_labels: x", "fivefold.yaml:1:1:", "check_labels"),
    ("self_review: maybe", "fivefold.yaml:1:1:", "self_review"),
    ("language: fr", "fivefold.yaml:1:1:", "fr"),
    ("workspaces: [1]", "fivefold.yaml:1:1:", "workspaces"),
    ("git: 3", "fivefold.yaml:1:1:", "git"),
    ("git: {autocommit: maybe}", "fivefold.yaml:1:7:", "git.autocommit"),
    ("git: {autocomit: true}", "fivefold.yaml:1:7:", "git.autocomit"),
    ("name: [1]", "fivefold.yaml:1:1:", "name"),
]


@pytest.mark.parametrize(("line", "where", "named"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_a_wrong_workspace_setting_is_located_and_named(ff, plans, line, where, named):
    (plans / "fivefold.yaml").write_text(line + "\n", "utf-8")
    for command in (["list"], ["dashboard"], ["report"]):
        result = ff(*command, expect=None)
        assert result.exit_code != 0
        assert "internal error" not in result.stderr
        assert where in result.stderr and named in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("line", "named"),
    [("thresholds: {red_lag: [1]}", "red_lag"), ("thresholds: {nope: 1}", "nope"), ("title: [a]", "title")],
)
def test_a_wrong_plan_setting_is_located_and_named(ff, plans, line, named):
    plan = plans / "demo" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8") + line + "\n", "utf-8")
    result = ff("list", expect=None)
    assert "internal error" not in result.stderr
    assert "plan.yaml:" in result.stderr and named in result.stderr


def _user_config(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "xdg" / "fivefold"  # conftest points XDG_CONFIG_HOME at tmp_path/xdg
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("name: [a]\n", "name"),
        ("language: fr\n", "language"),
        ("colour: red\n", "colour"),
        ("a: [\n", "config.yaml:2:1"),
        ("- 1\n", "mapping"),
    ],
)
def test_a_broken_user_config_is_one_warning_and_counts_as_empty(ff, tmp_path, monkeypatch, text, said):
    _user_config(tmp_path, text)
    monkeypatch.delenv("FIVEFOLD_USER")
    result = ff("new", "园区建设")
    warnings = [line for line in result.stderr.splitlines() if "settings" in line]
    assert len(warnings) == 1 and said in warnings[0], result.stderr
    assert result.stdout.strip() == "SY-001"


def test_a_good_user_config_says_nothing_and_is_used(ff, tmp_path, monkeypatch):
    _user_config(tmp_path, "name: 王某\nlanguage: zh\n")
    monkeypatch.delenv("FIVEFOLD_USER")
    monkeypatch.delenv("FIVEFOLD_LANG")
    result = ff("new", "园区建设")
    assert result.stderr == ""
    assert "王某" in ff("history", "SY-001").stdout
    assert "谋划中" in ff("list").stdout
