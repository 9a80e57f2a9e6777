"""Windows (issue 14 §1) on the Linux CI: the platform module's Windows branches run with
`portable.WINDOWS` patched — the user config under %APPDATA%, UTF-8 output whatever the code page,
paths typed with `\\`. (The lock and atomic-write suite runs through the same module: test_lock.py,
test_transaction.py.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fivefold import portable, userconf
from fivefold.cli.main import app
from tests.conftest import COMPLETE

DATA = Path(__file__).parent / "data" / "import"


def test_the_user_config_is_under_appdata_on_windows_and_xdg_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setattr(portable, "WINDOWS", True)
    assert portable.config_dir() == tmp_path / "Roaming" / "fivefold"
    (tmp_path / "Roaming" / "fivefold").mkdir(parents=True)
    (tmp_path / "Roaming" / "fivefold" / "config.yaml").write_text("name: 王某\nlanguage: zh\n", "utf-8")
    monkeypatch.delenv("FIVEFOLD_USER")
    monkeypatch.delenv("FIVEFOLD_LANG")
    assert userconf.actor(None) == "王某"
    assert userconf.language(None) == "zh"
    monkeypatch.delenv("APPDATA")
    assert portable.config_dir() == Path.home() / "AppData" / "Roaming" / "fivefold"
    monkeypatch.setattr(portable, "WINDOWS", False)
    assert portable.config_dir() == tmp_path / "xdg" / "fivefold"  # conftest points XDG_CONFIG_HOME there


def _console(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")


def test_windows_output_is_utf8_whatever_the_code_page(monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    out = _console("cp1252")
    portable.utf8_console((out,), environ={})
    out.write("推进中 ✓")
    out.flush()
    assert out.buffer.getvalue().decode("utf-8") == "推进中 ✓"  # type: ignore[attr-defined]


def test_pythonioencoding_and_other_systems_keep_their_encoding(monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    chosen = _console("gb18030")
    portable.utf8_console((chosen,), environ={"PYTHONIOENCODING": "gb18030"})
    assert chosen.encoding == "gb18030"
    monkeypatch.setattr(portable, "WINDOWS", False)
    posix = _console("latin-1")
    portable.utf8_console((posix,), environ={})
    assert posix.encoding == "latin-1"


def test_a_stream_without_reconfigure_is_left_alone(monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    portable.utf8_console((io.StringIO(),), environ={})  # a caller's own stream: nothing to do, no error


def test_backslash_paths_are_windows_paths(monkeypatch, tmp_path):
    (tmp_path / "表").mkdir()
    (tmp_path / "表" / "任务.csv").write_text("x", "utf-8")
    assert portable.typed_path("表\\任务.csv", tmp_path) == Path("表/任务.csv")
    (tmp_path / "a\\b").write_text("a file whose name has a backslash", "utf-8")
    assert portable.typed_path("a\\b", tmp_path) == Path("a\\b")  # it exists as typed: taken as typed
    assert portable.typed_path("no\\such", tmp_path) == Path("no\\such")  # the error names what was typed
    monkeypatch.setattr(portable, "WINDOWS", True)
    assert portable.typed_path("表\\任务.csv", tmp_path) == Path("表\\任务.csv")  # Windows reads it itself


def test_import_and_plans_take_backslash_paths(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["init", "work/plans2", "--plan", "demo", "--prefix", "SY"]).exit_code == 0
    result = runner.invoke(app, ["--plans", "work\\plans2", "new", "园区建设", *COMPLETE])
    assert result.exit_code == 0, result.output
    (tmp_path / "表").mkdir()
    (tmp_path / "表" / "任务.csv").write_bytes((DATA / "complete.csv").read_bytes())
    result = runner.invoke(app, ["import", "表\\任务.csv", "--plans", "work\\plans2", "--dry-run"])
    assert result.exit_code == 0, result.output + result.stderr


@pytest.mark.parametrize("windows", [True, False])
def test_entry_streams_choose_utf8_only_on_windows(monkeypatch, windows):
    from fivefold import entry

    monkeypatch.setattr(portable, "WINDOWS", windows)
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    out, err = _console("cp936"), _console("cp936")
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    entry._streams()
    assert out.encoding == ("utf-8" if windows else "cp936")
    assert out.errors == "replace"
