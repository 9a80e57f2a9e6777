"""`undo` says what it will revert (command, items, when, by whom) and asks on a terminal; `--yes` for
scripts; an undo that would delete more than one item's file needs `--yes` when nobody can be asked
(issue 14 §3: one undo too many removed a whole import); `undo --list` shows the journal."""

from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner

from fivefold.cli.env import Env
from fivefold.cli.main import app
from tests.test_env import Terminal

TABLE = "任务名称,牵头单位\n园区建设,区工信局\n道路改造,区交通运输局\n"


def item_files(plans: Path) -> list[str]:
    return sorted(p.name for p in (plans / "demo").glob("SY-*.yaml"))


def run(plans: Path, answers: str | None, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=Terminal(answers) if answers is not None else io.StringIO(), out=out, err=err)
    result = CliRunner().invoke(app, ["--plans", str(plans), *args], obj=env)
    return result.exit_code, out.getvalue(), err.getvalue()


def test_undo_says_what_when_and_by_whom(ff, plans):
    ff("new", "园区建设", "--by", "王某")
    out = ff("undo").stdout
    assert out.splitlines()[0].startswith("will undo: new 园区建设 (")
    assert "by 王某" in out and "items: SY-001" in out and "deletes 1 item file" in out


def test_on_a_terminal_undo_asks_and_no_keeps_everything(ff, plans):
    ff("new", "园区建设")
    ff("note", "SY-001", "进展")
    code, out, _ = run(plans, "n\n", "undo")
    assert code == 1 and "not undone" in out
    assert "进展" in (plans / "demo" / "SY-001.yaml").read_text("utf-8")
    code, out, _ = run(plans, "y\n", "undo")
    assert code == 0 and "undone: note SY-001" in out
    code, out, _ = run(plans, None, "undo", "--yes")  # --yes: no question even on a terminal
    assert code == 0 and item_files(plans) == []


def test_an_undo_deleting_several_items_needs_yes_when_nobody_can_be_asked(ff, plans, tmp_path):
    table = tmp_path / "table.csv"
    table.write_text(TABLE, "utf-8")
    ff("import", str(table))
    assert item_files(plans) == ["SY-001.yaml", "SY-002.yaml"]
    result = ff("undo", expect=1)
    assert "--yes" in result.stderr and "2" in result.stderr
    assert item_files(plans) == ["SY-001.yaml", "SY-002.yaml"]
    ff("undo", "--yes")
    assert item_files(plans) == []


def test_undo_list_shows_the_journal_newest_first_and_changes_nothing(ff, plans):
    ff("new", "园区建设")
    ff("note", "SY-001", "进展")
    before = sorted((plans / ".fivefold" / "undo").iterdir())
    lines = ff("undo", "--list").stdout.splitlines()
    assert lines[0].split()[0] == "1" and "note SY-001" in lines[0]
    assert "new 园区建设" in lines[1]
    assert sorted((plans / ".fivefold" / "undo").iterdir()) == before
    zh = ff("undo", "--list", "--lang", "zh").stdout
    assert "事项：SY-001" in zh
