"""`undo` reverts the last write exactly, walks back one command at a time, and refuses when the files
changed since or the change was committed to git (DESIGN §9, §11.4)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from fivefold.cli.main import app
from fivefold.transaction import JOURNAL_KEEP
from tests.conftest import Runner
from tests.helpers import git, git_repo, item_file, one_line, user_files


@pytest.fixture
def item(ff, complete_item) -> str:
    item_id = complete_item()
    ff("start", item_id, "--on", "2026-02-01")
    return item_id


COMMANDS = {
    "note": ("note", "{id}", "推进顺利"),
    "step done": ("step", "done", "{id}", "s1"),
    "step progress": ("step", "progress", "{id}", "s1", "40"),
    "target": ("target", "{id}", "入驻企业", "3"),
    "block": ("block", "{id}", "--reason", "缺资金"),
    "submit": ("submit", "{id}", "--evidence", "报告"),
    "cancel": ("cancel", "{id}", "--reason", "任务调整"),
    "extend": ("extend", "{id}", "--due", "2027-03-31", "--reason", "延期"),
    "update": ("update", "{id}", "--goal", "新的目标", "--leader", "赵某"),
    "update reassign": ("update", "{id}", "--owner", "张某"),
    "step add": ("step", "add", "{id}", "配套设施完工", "--due", "2026-08-31"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_undo_reverts_the_last_command_byte_for_byte(ff, plans, item, name):
    before = user_files(plans)
    ff(*(arg.format(id=item) for arg in COMMANDS[name]))
    assert user_files(plans) != before, "the command wrote nothing"
    result = ff("undo")
    assert result.stdout.strip()
    assert user_files(plans) == before


@pytest.mark.parametrize("event", ["unblock", "accept", "reject", "reopen"])
def test_undo_reverts_each_transition(ff, plans, item, event):
    if event == "unblock":
        ff("block", item, "--reason", "缺资金")
    else:
        ff("submit", item, "--evidence", "报告")
    if event == "reopen":
        ff("--by", "王某", "accept", item)
    before = user_files(plans)
    args = {
        "unblock": ("unblock", item),
        "accept": ("--by", "王某", "accept", item),
        "reject": ("reject", item, "--reason", "资料不全"),
        "reopen": ("reopen", item, "--reason", "复查"),
    }[event]
    ff(*args)
    ff("undo")
    assert user_files(plans) == before


def test_undo_of_ready_and_start_from_a_draft(ff, plans, complete_item):
    item_id = complete_item()
    before = user_files(plans)
    ff("ready", item_id)
    after_ready = user_files(plans)
    ff("start", item_id)
    ff("undo")
    assert user_files(plans) == after_ready
    ff("undo")
    assert user_files(plans) == before


def test_undo_of_new_removes_the_created_file(ff, plans, complete_item):
    complete_item()
    before = user_files(plans)
    created = complete_item("第二个事项")
    assert item_file(plans, created).exists()
    ff("undo")
    assert not item_file(plans, created).exists()
    assert user_files(plans) == before
    assert complete_item("再建一个") == created  # the number is free again


def test_undo_of_new_with_a_new_area_reverts_the_plan_too(ff, plans, complete_item):
    complete_item()
    before = user_files(plans)
    plan_before = (plans / "demo" / "plan.yaml").read_bytes()
    created = ff("new", "新领域事项", "--area", "ecology=生态环境").stdout.strip()
    assert (plans / "demo" / "plan.yaml").read_bytes() != plan_before
    ff("undo")
    assert not item_file(plans, created).exists()
    assert user_files(plans) == before


def test_each_undo_walks_back_one_command(ff, plans, item):
    states = [user_files(plans)]
    for args in (("note", item, "第一条"), ("step", "done", item, "s1"), ("block", item, "--reason", "缺资金")):
        ff(*args)
        states.append(user_files(plans))
    for expected in reversed(states[:-1]):
        ff("undo")
        assert user_files(plans) == expected


def test_undo_says_what_it_undid(ff, plans, item):
    ff("note", item, "推进顺利")
    out = ff("undo").stdout
    assert "note" in out and item in out


def test_nothing_to_undo(tmp_path):
    plans = tmp_path / "bare"
    assert CliRunner().invoke(app, ["init", str(plans)]).exit_code == 0  # no plan: nothing journalled
    result = Runner(plans)("undo", expect=1)
    assert "nothing to undo" in one_line(result)
    assert result.stdout == ""


def test_nothing_left_to_undo_after_walking_back_everything(ff, plans, complete_item):
    complete_item()
    ff("undo")  # the item
    ff("undo")  # the plan made by init
    before = user_files(plans)
    result = ff("undo", expect=1)
    assert "nothing to undo" in one_line(result)
    assert user_files(plans) == before


def test_undo_refuses_when_the_file_changed_by_hand(ff, plans, item):
    path = item_file(plans, item)
    ff("note", item, "推进顺利")
    edited = path.read_text("utf-8").replace("推进顺利", "推进很顺利")
    path.write_text(edited, "utf-8")
    result = ff("undo", expect=1)
    assert path.name in one_line(result)
    assert path.read_text("utf-8") == edited
    # the journal entry is kept: putting the file back makes the undo possible again
    path.write_text(edited.replace("推进很顺利", "推进顺利"), "utf-8")
    ff("undo")
    assert "推进顺利" not in path.read_text("utf-8")


def test_undo_refuses_when_a_created_file_was_deleted(ff, plans, complete_item):
    created = complete_item()
    item_file(plans, created).unlink()
    before = user_files(plans)
    ff("undo", expect=1)
    assert user_files(plans) == before


def test_undo_refuses_when_a_file_was_touched_by_a_later_hand_edit_of_another_command(ff, plans, complete_item):
    a = complete_item("甲")
    b = complete_item("乙")
    ff("note", a, "甲的进展")
    ff("note", b, "乙的进展")
    ff("undo")  # the note on b
    path = item_file(plans, a)
    path.write_text(path.read_text("utf-8") + "# 手工注释\n", "utf-8")
    before = user_files(plans)
    ff("undo", expect=1)  # the note on a: its file changed since
    assert user_files(plans) == before


@pytest.mark.slow  # over a hundred writes
def test_journal_keeps_the_last_hundred_writes(ff, plans, item):
    path = item_file(plans, item)
    extra = 7
    snapshots = []
    for n in range(JOURNAL_KEEP + extra):
        snapshots.append(path.read_bytes())
        ff("note", item, f"第{n}条进展")
    journal = list((plans / ".fivefold" / "undo").glob("*.json"))
    assert len(journal) == JOURNAL_KEEP == 100
    for _ in range(JOURNAL_KEEP):
        ff("undo")
    assert path.read_bytes() == snapshots[extra]
    result = ff("undo", expect=1)
    assert "nothing to undo" in one_line(result)
    assert path.read_bytes() == snapshots[extra]


# --- git -----------------------------------------------------------------------------------------

def needs_git(test):
    """A test with a real repository (slow): git installed, and none of the developer's git configuration."""
    marks = (
        pytest.mark.slow,
        pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
        pytest.mark.usefixtures("git_home"),
    )
    for mark in marks:
        test = mark(test)
    return test


@needs_git
def test_undo_refuses_once_the_change_is_committed(ff, plans, item, tmp_path):
    git_repo(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    path = item_file(plans, item)
    ff("note", item, "推进顺利")
    git(tmp_path, "commit", "-q", "-am", "note")
    before = user_files(plans)
    result = ff("undo", expect=1)
    assert "git" in one_line(result)
    assert user_files(plans) == before
    assert "推进顺利" in path.read_text("utf-8")


@needs_git
def test_undo_of_an_uncommitted_change_in_a_repository_works(ff, plans, item, tmp_path):
    git_repo(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    before = user_files(plans)
    ff("note", item, "推进顺利")
    ff("undo")
    assert user_files(plans) == before


@needs_git
def test_undo_refuses_a_committed_new_item(ff, plans, complete_item, tmp_path):
    git_repo(tmp_path)
    created = complete_item()
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "new item")
    ff("undo", expect=1)
    assert item_file(plans, created).exists()


@needs_git
def test_undo_of_a_staged_but_uncommitted_change_works(ff, plans, item, tmp_path):
    git_repo(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    before = user_files(plans)
    ff("note", item, "推进顺利")
    git(tmp_path, "add", "-A")
    ff("undo")
    assert user_files(plans) == before


def test_undo_restores_a_file_with_windows_line_endings_exactly(ff, plans, item):
    path = item_file(plans, item)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # saved by a Windows editor
    before = user_files(plans)
    ff("note", item, "推进顺利")
    ff("undo")
    assert user_files(plans) == before


def test_undo_restores_a_file_with_a_byte_order_mark_exactly(ff, plans, item):
    path = item_file(plans, item)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = user_files(plans)
    ff("note", item, "推进顺利")
    ff("undo")
    assert user_files(plans) == before


def test_undo_refuses_when_the_change_was_put_back_by_hand(ff, plans, item):
    path = item_file(plans, item)
    original = path.read_bytes()
    ff("note", item, "推进顺利")
    path.write_bytes(original)  # the note removed by hand, not by undo
    before = user_files(plans)
    result = ff("undo", expect=1)
    assert path.name in one_line(result)
    assert user_files(plans) == before  # and the start before it is not undone either
