"""Shared fixtures: a temporary workspace, the CLI through typer's runner, and through a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fivefold.cli.main import app

TODAY = "2026-11-27"
BASE_ENV = {
    "FIVEFOLD_TODAY": TODAY,
    "FIVEFOLD_USER": "李某",
    "FIVEFOLD_LANG": "en",
    "NO_COLOR": "1",
    "COLUMNS": "200",
    "FIVEFOLD_LOCK_TIMEOUT": "60",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own config, workspace or language."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FIVEFOLD_PLANS", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    for key, value in BASE_ENV.items():
        monkeypatch.setenv(key, value)


class Runner:
    """Runs `fivefold --plans WS …` through typer's CliRunner; stdout and stderr kept apart."""

    def __init__(self, plans: Path) -> None:
        self.plans = plans
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None, expect: int | None = 0):
        result = self.runner.invoke(app, ["--plans", str(self.plans), *args], input=input, env=env)
        if expect is not None and result.exit_code != expect:
            raise AssertionError(
                f"fivefold {' '.join(args)} exited {result.exit_code}, expected {expect}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        return result


def make_workspace(root: Path, prefix: str = "SY", name: str = "demo") -> Path:
    plans = root / "plans"
    result = CliRunner().invoke(app, ["init", str(plans), "--plan", name, "--title", "示例计划", "--prefix", prefix])
    assert result.exit_code == 0, result.stdout + result.stderr
    return plans


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def ff(plans: Path) -> Runner:
    return Runner(plans)


COMPLETE = [
    "--area", "industry",
    "--goal", "园区完工投产",
    "--lead-unit", "区工信局",
    "--owner", "李某",
    "--start", "2026-01-05",
    "--due", "2026-12-31",
    "--step", "主体封顶@2026-04-30",
    "--step", "竣工验收@2026-12-15",
    "--target", "入驻企业=10 家",
]  # fmt: skip


@pytest.fixture
def complete_item(ff: Runner) -> Callable[..., str]:
    """Create an item that passes the five checks; returns its id."""

    def create(title: str = "推动园区竣工投产", *extra: str) -> str:
        return ff("new", title, *COMPLETE, *extra).stdout.strip()

    return create


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real `python -m fivefold` process."""
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fivefold", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )
