"""`fivefold audit` and the role rules of `check --staged` over real git history (issue 12): an entry
typed into the YAML by hand is judged by the settings and people of its commit, and by its author."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import COMPLETE, Runner, make_workspace

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

PEOPLE = """people:
  李某: {unit: 区工信局, roles: [owner], email: li@example.org}
  王某: {unit: 区发改局, roles: [owner], email: wang@example.org}
  赵某: {unit: 区督查室, roles: [verifier], email: zhao@example.org}
accept_by: verifier
"""


def git(cwd: Path, *args: str, author: tuple[str, str] | None = None) -> str:
    env = None
    if author is not None:
        import os

        env = {**os.environ, "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1]}
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Runner, str]:
    """A git repository holding a workspace with the directory, and an item in review."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[user]\n\tname = 李某\n\temail = li@example.org\n", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "office"
    root.mkdir()
    plans = make_workspace(root)
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + PEOPLE, "utf-8")
    ff = Runner(plans)
    item_id = ff("new", "推动园区竣工投产", *COMPLETE).stdout.strip()
    ff("start", item_id)
    ff("submit", item_id, "--evidence", "竣工验收备案表")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root, ff, item_id


def hand_written_accept(root: Path, item_id: str, by: str) -> None:
    path = root / "plans" / "demo" / f"{item_id}.yaml"
    line = f"  - {{at: '2026-11-27T10:00:00+08:00', date: 2026-11-27, by: {by}, event: accept}}\n"
    path.write_text(path.read_text("utf-8") + line, "utf-8")


def test_audit_flags_an_accept_the_rules_forbid_and_a_foreign_email(repo):
    root, ff, item_id = repo
    hand_written_accept(root, item_id, "王某")
    git(root, "commit", "-qam", "accept", author=("王某", "wang@example.org"))
    result = ff("audit", expect=1)
    assert "only verifiers (赵某) may accept in this workspace (accept_by: verifier)" in result.stdout
    assert "1 accept, reject, cancel, reopen and extension entries audited; 1 flagged" in result.stdout
    rows = json.loads(ff("audit", "--json", expect=1).stdout)
    assert [(r["id"], r["event"], r["by"], r["author"], r["email"]) for r in rows] == [
        (item_id, "accept", "王某", "王某", "wang@example.org")
    ]
    assert [f["code"] for f in rows[0]["flags"]] == ["only_verifier"]
    assert len(rows[0]["commit"]) == 40


def test_audit_flags_an_author_whose_email_is_not_the_actors(repo):
    root, ff, item_id = repo
    hand_written_accept(root, item_id, "赵某")
    git(root, "commit", "-qam", "accept", author=("李某", "li@example.org"))
    rows = json.loads(ff("audit", "--json", expect=1).stdout)
    assert [f["code"] for f in rows[0]["flags"]] == ["audit_email"]
    assert "提交人邮箱 li@example.org 不属于 赵某" in ff("--lang", "zh", "audit", expect=1).stdout


def test_a_clean_history_exits_0_and_since_filters(repo):
    root, ff, item_id = repo
    ff("--by", "赵某", "accept", item_id)
    git(root, "commit", "-qam", "accept", author=("赵某", "zhao@example.org"))
    rows = json.loads(ff("audit", "--json").stdout)
    assert [(r["event"], r["flags"]) for r in rows] == [("accept", [])]
    assert json.loads(ff("audit", "--json", "--since", "2026-11-28").stdout) == []


def test_the_directory_of_the_commit_decides(repo):
    """An accept that was allowed when committed stays allowed after the rules change."""
    root, ff, item_id = repo
    ff("--by", "王某", "reject", item_id, "--reason", "资料不全", expect=1)  # accept_by: verifier
    settings = root / "plans" / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8").replace("accept_by: verifier", "accept_by: not_owner"), "utf-8")
    ff("--by", "王某", "reject", item_id, "--reason", "资料不全")
    git(root, "commit", "-qam", "reject", author=("王某", "wang@example.org"))
    settings.write_text(settings.read_text("utf-8").replace("accept_by: not_owner", "accept_by: verifier"), "utf-8")
    git(root, "commit", "-qam", "stricter", author=("赵某", "zhao@example.org"))
    ff("audit")


def test_check_staged_refuses_a_hand_typed_accept_that_breaks_the_rules(repo, monkeypatch):
    root, ff, item_id = repo
    monkeypatch.chdir(root)  # the pre-commit check reads the repository holding the current folder
    hand_written_accept(root, item_id, "王某")
    git(root, "add", "-A")
    result = ff("check", "--staged", expect=1)
    assert "only verifiers (赵某) may accept" in result.stdout
    git(root, "reset", "-q", "--hard")
    hand_written_accept(root, item_id, "赵某")
    git(root, "add", "-A")
    ff("check", "--staged")
