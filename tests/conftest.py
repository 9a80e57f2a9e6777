"""Shared fixtures: a temporary workspace, the CLI through typer's runner, and through a real process."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from fivefold.cli.main import app

# typer's runner converts the whole app into click commands on every invoke (about 20 ms, most of a
# fast test's time); the app does not change during a run, so each app is converted once.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]

# Temporary folders in memory where there is a tmpfs (Linux): every write fsyncs, and on a disk the
# fsyncs of thousands of small writes are a third of the suite's time. PYTEST_DEBUG_TEMPROOT (pytest's
# own setting) or --basetemp, when given, win.
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", "/dev/shm")

TODAY = "2026-11-27"
BASE_ENV = {
    "FIVEFOLD_TODAY": TODAY,
    "FIVEFOLD_USER": "李某",
    "FIVEFOLD_LANG": "en",
    "NO_COLOR": "1",
    "COLUMNS": "200",
    "FIVEFOLD_LOCK_TIMEOUT": "60",
    "FIVEFOLD_STRICT_CATALOGUE": "1",  # i18n.t raises on a key the catalogue lacks
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own config, workspace or language."""
    _isolate(monkeypatch, tmp_path)


def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FIVEFOLD_PLANS", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    for key, value in BASE_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No developer git config: HOME in tmp_path (default branch main), no system config."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(params=[False, True], ids=["posix", "windows-paths"])
def platform_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test as it runs on Linux, and again through portable.py's Windows branches (no folder
    fsync, replace retried, no mode bits to carry) so those paths are exercised here too."""
    from fivefold import portable

    monkeypatch.setattr(portable, "WINDOWS", request.param)
    return request.param


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


@pytest.fixture(scope="session")
def _new_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace just made by `init`, once per session (per xdist worker), in the tests' environment."""
    root = tmp_path_factory.mktemp("new-workspace")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, root)
        return make_workspace(root)


@pytest.fixture
def plans(tmp_path: Path, _new_workspace: Path) -> Path:
    """A new workspace of one plan, demo (prefix SY): a copy of one `init` made for the session, as
    `init` takes most of a short test's time (the copy keeps its undo journal, paths in it relative)."""
    import shutil

    return Path(shutil.copytree(_new_workspace, tmp_path / "plans"))


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


def run_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """A real `python -m fivefold` process."""
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fivefold", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )


# --- golden files and the fixed example workspace -------------------------------------------------

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
EXAMPLE = TESTS / "data" / "workspace"  # a frozen copy of plans/, made for as-of 2026-11-27


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False, help="Rewrite tests/golden/*.txt from the output.")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden(name, text): compare with tests/golden/<name>, or write it under --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest --update-goldens and review the new file"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            import difflib

            diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), str(path), "output", lineterm=""))
            raise AssertionError(f"output differs from {path} (pytest --update-goldens rewrites it):\n{diff}")

    return check


@pytest.fixture(scope="session")
def example_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tests/data/workspace, so no command (or its cache) ever writes into the checked-in data."""
    import shutil

    target = tmp_path_factory.mktemp("example") / "plans"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".fivefold"))
    return target


@pytest.fixture
def example(example_plans: Path) -> Runner:
    """The CLI on the example workspace (read commands only: the copy is shared by the session)."""
    return Runner(example_plans)


PLAIN_80 = {"COLUMNS": "80", "NO_COLOR": "1"}
ANSI = "\x1b["
BOX_ART = "█░◆◇│▼"


def assert_plain(text: str, max_width: int | None = None) -> None:
    """Plain mode: no escape codes, no block or box characters; optionally no line wider than max_width."""
    from fivefold.render.text import width

    assert ANSI not in text
    assert not set(BOX_ART) & set(text), sorted(set(BOX_ART) & set(text))
    if max_width is not None:
        wide = [line for line in text.splitlines() if width(line) > max_width]
        assert not wide, f"{len(wide)} lines wider than {max_width}: {wide[:3]}"


class IsolatedEnv:
    """The environment of `_isolated`, for fixtures wider than one test (they are set up before it):
    a workspace built once per module is then dated, attributed and configured as in every test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.patch = pytest.MonkeyPatch()

    def __enter__(self) -> IsolatedEnv:
        self.patch.setenv("XDG_CONFIG_HOME", str(self.folder / "xdg"))
        self.patch.delenv("FIVEFOLD_PLANS", raising=False)
        for key in ("VISUAL", "EDITOR"):
            self.patch.delenv(key, raising=False)
        for key, value in BASE_ENV.items():
            self.patch.setenv(key, value)
        return self

    def __exit__(self, *exc: object) -> None:
        self.patch.undo()
