"""Team use through git (issue 7): real repositories in temporary folders — a bare "server" and two
clones — synced with `fivefold sync`; the log-union merge, id renumbering, the pre-commit check,
autocommit, and several workspaces shown together."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fivefold import codec
from fivefold.cli.main import app
from fivefold.logmerge import merge
from fivefold.renumber import rewrite
from tests.conftest import COMPLETE, Runner, make_workspace, run_process
from tests.helpers import git

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="needs git"), pytest.mark.usefixtures("git_home")]
slow = pytest.mark.slow  # a bare server and two clones, real git: the tests taking `team`

ITEM1 = "plans/demo/SY-001.yaml"


@dataclass
class Clone:
    """One person's clone: `clone(args…)` runs fivefold as that person on the clone's workspace."""

    root: Path
    who: str

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    def __call__(self, *args: str, expect: int | None = 0):
        return Runner(self.plans)("--by", self.who, *args, expect=expect)

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return git(self.root, *args, check=check)

    def text(self, rel: str = ITEM1) -> str:
        return (self.root / rel).read_text("utf-8")

    def notes(self, item_id: str = "SY-001") -> list[str]:
        item = codec.load_item(self.text(f"plans/demo/{item_id}.yaml"), item_id, plan="demo", file_id=item_id)
        return [e.note for e in item.log if e.event == "note"]

    def subjects(self) -> list[str]:
        return self.git("log", "--format=%s").stdout.splitlines()


def clone(tmp_path: Path, server: Path, name: str, who: str) -> Clone:
    git(tmp_path, "clone", "-q", str(server), name)
    c = Clone(tmp_path / name, who)
    c.git("config", "user.name", who)
    c.git("config", "user.email", f"{name}@example.org")
    return c


@dataclass
class Team:
    server: Path
    a: Clone
    b: Clone


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """A server; clone a sets up a workspace with SY-001 and SY-002 and pushes; clone b is made then."""
    server = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", str(server))
    a = clone(tmp_path, server, "a", "甲")
    make_workspace(a.root)
    a("git-setup")
    assert a("new", "推动园区竣工投产", *COMPLETE).stdout.strip() == "SY-001"
    assert a("new", "完善配套设施", *COMPLETE).stdout.strip() == "SY-002"
    a("start", "SY-001", "--on", "2026-01-05")
    a("sync")
    b = clone(tmp_path, server, "b", "乙")
    b("git-setup")
    return Team(server, a, b)


# --- sync ------------------------------------------------------------------------------------------


@slow
def test_first_sync_commits_and_pushes(team):
    assert team.a.subjects()[0].startswith("fivefold: 2 items changed (SY-001, SY-002)")
    assert "by 甲" in team.a.subjects()[0]
    assert (team.b.root / ITEM1).is_file()
    assert git(team.server, "log", "--format=%s", "main").stdout.strip() == team.a.subjects()[0]


@slow
def test_notes_on_the_same_item_offline_are_both_kept(team):
    team.a("note", "SY-001", "甲：主体封顶")
    team.b("note", "SY-001", "乙：配套开工")
    first = team.a("sync")
    assert "pushed 1 commit(s)" in first.stdout
    second = team.b("sync")
    assert "pulled 1 commit(s)" in second.stdout and "pushed 1 commit(s)" in second.stdout
    team.a("sync")
    assert team.a.notes() == team.b.notes() == ["甲：主体封顶", "乙：配套开工"]
    assert team.a.text() == team.b.text()
    assert "<<<<<<<" not in team.b.text()
    team.a("check")
    history = team.a("history", "SY-001").stdout
    assert "甲：主体封顶" in history and "乙：配套开工" in history


@slow
def test_the_log_union_does_not_need_the_driver(team):
    """A clone where git merges item files as plain text: sync combines the logs itself when the
    rebase stops on them."""
    (team.b.root / ".git" / "info" / "attributes").write_text("*.yaml merge=text\n", "utf-8")
    team.a("note", "SY-001", "甲的进展")
    team.b("note", "SY-001", "乙的进展")
    team.b("target", "SY-001", "入驻企业", "4")
    team.a("sync")
    result = team.b("sync")
    assert f"combined the log of {ITEM1}" in result.stdout
    assert team.b.notes() == ["甲的进展", "乙的进展"]
    shown = json.loads(team.b("show", "SY-001", "--json").stdout)
    assert shown["measures"] == {"入驻企业": 4}
    assert not team.b.git("status", "--porcelain").stdout.strip()


@slow
def test_changes_to_different_items_both_land(team):
    team.a("note", "SY-001", "甲的进展")
    team.b("note", "SY-002", "乙的进展")
    team.a("sync")
    team.b("sync")
    team.a("sync")
    for c in (team.a, team.b):
        assert c.notes("SY-001") == ["甲的进展"]
        assert c.notes("SY-002") == ["乙的进展"]


@slow
def test_nothing_to_do_is_said(team):
    result = team.a("sync")
    assert "nothing to commit" in result.stdout
    assert "nothing to push" in result.stdout


@slow
def test_a_real_conflict_stops_naming_the_file_and_loses_nothing(team):
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    team.a("sync")
    result = team.b("sync", expect=1)
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert ITEM1 in err and "fivefold sync --continue" in err
    text = team.b.text()
    assert "<<<<<<<" in text and "园区主体完工" in text and "首批企业入驻投产" in text
    assert text.count("<<<<<<<") == 1  # only the goal line: the two `edited` entries are already combined
    assert text.count("event: edited") == 2
    # the local commit is still the branch's: nothing lost
    assert "首批企业入驻投产" in team.b.git("show", f"main:{ITEM1}").stdout
    # another sync, or continuing with the markers still there, is refused
    assert "fivefold sync --continue" in team.b("sync", expect=1).stderr
    assert "conflict markers" in team.b("sync", "--continue", expect=1).stderr
    # resolve: keep the local goal (during a rebase the local side is the second of the two)
    (team.b.root / ITEM1).write_text(re.sub(r"<<<<<<<.*>>>>>>> [^\n]*\n", "  goal: [\n", text, flags=re.S), "utf-8")
    assert "do not load as items" in team.b("sync", "--continue", expect=1).stderr  # a bad fix is refused too
    resolved = re.sub(r"<<<<<<< [^\n]*\n.*?=======\n(.*?)>>>>>>> [^\n]*\n", r"\1", text, flags=re.S)
    (team.b.root / ITEM1).write_text(resolved, "utf-8")
    done = team.b("sync", "--continue")
    assert "pushed 1 commit(s)" in done.stdout
    team.a("sync")
    item = json.loads(team.a("show", "SY-001", "--json").stdout)
    assert item["task_sheet"]["goal"] == "首批企业入驻投产"
    assert [e["by"] for e in item["log"] if e["event"] == "edited"] == ["甲", "乙"]


@slow
def test_abort_goes_back_to_the_local_commits(team):
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    team.a("sync")
    team.b("sync", expect=1)
    assert "sync aborted" in team.b("sync", "--abort").stdout
    assert "<<<<<<<" not in team.b.text() and "首批企业入驻投产" in team.b.text()
    assert not team.b.git("status", "--porcelain").stdout.strip()
    assert "no stopped sync" in team.b("sync", "--abort", expect=1).stderr


@slow
def test_items_created_offline_in_both_clones_get_different_ids(team):
    assert team.a("new", "甲新建的事项", *COMPLETE).stdout.strip() == "SY-003"
    assert team.b("new", "乙新建的事项", *COMPLETE).stdout.strip() == "SY-003"
    assert team.b("new", "乙新建的子事项", *COMPLETE, "--parent", "SY-003").stdout.strip() == "SY-004"
    team.b("note", "SY-003", "乙的进展")
    team.a("sync")
    result = team.b("sync")
    assert "renumbered SY-003 → SY-005" in result.stdout
    team.a("sync")
    for c in (team.a, team.b):
        rows = {r["id"]: r for r in json.loads(c("list", "--json").stdout)}
        assert rows["SY-003"]["title"] == "甲新建的事项"
        assert rows["SY-005"]["title"] == "乙新建的事项"
        assert rows["SY-004"]["title"] == "乙新建的子事项"
        assert rows["SY-004"]["parent"] == "SY-005"  # the reference followed the renumbering
        assert c.notes("SY-005") == ["乙的进展"]
        c("check")
    subjects = team.a.subjects()
    assert "fivefold: renumber SY-003 → SY-005 (id taken upstream)" in subjects
    assert not any("SY-003" in s and "乙" in s for s in subjects if not s.startswith("fivefold: renumber"))


def test_no_remote_commits_locally_and_says_so(tmp_path):
    git(tmp_path, "init", "-q", "solo")
    c = Clone(tmp_path / "solo", "甲")
    c.git("config", "user.name", "甲")
    c.git("config", "user.email", "a@example.org")
    make_workspace(c.root)
    (c.plans / ".gitignore").unlink()  # a workspace made by hand: the tool state still stays out
    c("new", "推动园区竣工投产", *COMPLETE)
    result = c("sync")
    assert "committed: fivefold: 1 item changed (SY-001)" in result.stdout
    assert "no remote configured" in result.stdout
    assert ".fivefold" not in c.git("ls-files").stdout
    assert c.git("status", "--porcelain").stdout.strip() == "?? plans/.fivefold/"


def test_not_a_repository_is_one_line(tmp_path):
    plans = make_workspace(tmp_path)
    result = Runner(plans)("sync", expect=1)
    assert "not inside a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@slow
def test_a_network_failure_names_git_and_keeps_the_commit(team):
    team.a.git("remote", "set-url", "origin", str(team.server.parent / "gone.git"))
    team.a("note", "SY-001", "离线记录")
    result = team.a("sync", expect=1)
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "could not fetch from origin" in err and "nothing lost" in err
    assert team.a.subjects()[0].startswith("fivefold: 1 item changed (SY-001)")
    assert team.a.notes() == ["离线记录"]


# --- the pre-commit check ------------------------------------------------------------------------------


@slow
def test_the_hook_rejects_an_invalid_item_file(team):
    path = team.a.root / "plans/demo/SY-002.yaml"
    path.write_text(path.read_text("utf-8") + "  - {event: started_somehow}\n", "utf-8")
    team.a.git("add", "-A")
    head = team.a.git("rev-parse", "HEAD").stdout
    refused = team.a.git("commit", "-m", "by hand", check=False)
    assert refused.returncode != 0
    assert "SY-002.yaml" in refused.stdout + refused.stderr
    assert team.a.git("rev-parse", "HEAD").stdout == head
    synced = team.a("sync", expect=1)
    assert "commit was refused" in synced.stderr
    assert git(team.server, "rev-parse", "main").stdout == head


@slow
def test_the_hook_lets_drafts_and_valid_files_through(team):
    team.a("new", "尚在谋划的事项")  # a draft that fails the five checks: a warning, not a failure
    team.a.git("add", "-A")
    assert team.a.git("commit", "-m", "a draft", check=False).returncode == 0


@slow
def test_check_staged_by_hand(team, monkeypatch):
    path = team.a.root / ITEM1
    path.write_text(path.read_text("utf-8").replace("id: SY-001", "id: SY-009"), "utf-8")
    monkeypatch.chdir(team.a.root)
    assert invoke("check", "--staged").stdout.strip()  # not staged yet: the index is still fine
    team.a.git("add", ITEM1)
    result = invoke("check", "--staged", expect=1)
    assert "plans/demo/SY-001.yaml" in result.stdout and "SY-009" in result.stdout


@slow
def test_check_staged_strict_judges_a_draft_as_check_strict_does(team, monkeypatch):
    """One rule decides failure or warning for both: under --strict a draft failing the five checks
    fails, its findings listed as failures and not again as draft warnings."""
    team.a("new", "尚在谋划的事项")  # SY-003, a draft without steps, dates or owner
    team.a.git("add", "-A")
    monkeypatch.chdir(team.a.root)
    staged = json.loads(invoke("check", "--staged", "--strict", "--json", expect=1).stdout)
    whole = json.loads(team.a("check", "--strict", "--json", expect=1).stdout)
    draft = [next(i for i in report["items"] if i["id"] == "SY-003") for report in (staged, whole)]
    assert draft[0]["failing"] and draft[0]["failures"]
    assert not [w for w in draft[0]["warnings"] if w["code"] == "check_draft"]
    assert draft[0] == draft[1]


def test_git_setup_refuses_to_clobber_another_hook(tmp_path):
    git(tmp_path, "init", "-q", "repo")
    root = tmp_path / "repo"
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n", "utf-8")
    plans = make_workspace(root)
    result = Runner(plans)("git-setup", expect=1)
    assert "already holds another pre-commit hook" in result.stderr and "check --staged" in result.stderr
    assert hook.read_text("utf-8") == "#!/bin/sh\necho mine\n"
    assert not (plans / ".gitattributes").exists()
    Runner(plans)("git-setup", "--no-hook")
    assert "merge=fivefold-log" in (plans / ".gitattributes").read_text("utf-8")
    assert "merge-driver" in git(root, "config", "merge.fivefold-log.driver").stdout
    again = Runner(plans)("git-setup", "--no-hook")
    assert "already set up" in again.stdout
    assert (plans / ".gitattributes").read_text("utf-8").count("merge=fivefold-log") == 1


# --- autocommit ------------------------------------------------------------------------------------


@slow
def test_autocommit_makes_a_commit_per_write(team):
    settings = team.a.plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "git: {autocommit: true}\n", "utf-8")
    team.a("sync")
    before = len(team.a.subjects())
    team.a("note", "SY-001", "进展")
    team.a("new", "第三项", *COMPLETE)
    team.a("start", "SY-003")
    assert team.a.subjects()[:3] == [
        "fivefold: start SY-003 by 甲",
        "fivefold: new SY-003 by 甲",
        "fivefold: note SY-001 by 甲",
    ]
    assert len(team.a.subjects()) == before + 3
    assert not team.a.git("status", "--porcelain").stdout.strip()
    assert "committed" in team.a("undo", expect=1).stderr  # DESIGN §11.4: undo stops at a commit
    assert "pushed 3 commit(s)" in team.a("sync").stdout


def test_autocommit_failing_only_warns(tmp_path):
    plans = make_workspace(tmp_path)  # not in a repository
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "git: {autocommit: true}\n", "utf-8")
    ff = Runner(plans)
    result = ff("new", "推动园区竣工投产", *COMPLETE)
    assert result.stdout.strip() == "SY-001"
    assert "automatic git commit failed" in result.stderr
    assert (plans / "demo" / "SY-001.yaml").is_file()


# --- the merge itself ------------------------------------------------------------------------------

BASE = """id: SY-001
title: 第一项
task_sheet:
  goal: 园区完工
log:
  - {at: '2026-01-04T16:00:00+08:00', date: 2026-01-04, by: 李某, event: created}
"""


def entry(day: str, time: str, who: str, note: str) -> str:
    return f"  - {{at: '{day}T{time}+08:00', date: {day}, by: {who}, event: note, note: {note}}}\n"


def test_merge_keeps_both_sides_entries_in_date_order_once():
    late, early, shared = (
        entry("2026-03-02", "09:00:00", "甲", "晚"),
        entry("2026-03-01", "09:00:00", "乙", "早"),
        entry("2026-02-01", "08:00:00", "丙", "同"),
    )
    result = merge(BASE, BASE + shared + late, BASE + shared + early)
    assert result == BASE + shared + early + late


def test_merge_takes_a_plan_edit_from_one_side_with_both_logs():
    ours = BASE.replace("园区完工", "园区主体完工") + entry("2026-03-01", "09:00:00", "甲", "改")
    theirs = BASE + entry("2026-03-01", "10:00:00", "乙", "记")
    result = merge(BASE, ours, theirs)
    assert result is not None and "园区主体完工" in result
    assert result.endswith(entry("2026-03-01", "09:00:00", "甲", "改") + entry("2026-03-01", "10:00:00", "乙", "记"))


def test_merge_refuses_what_is_not_an_append():
    ours = BASE.replace("园区完工", "甲的目标")
    theirs = BASE.replace("园区完工", "乙的目标")
    assert merge(BASE, ours, theirs) is None  # the same line, changed differently
    rewritten = BASE.replace("by: 李某", "by: 王某")
    assert merge(BASE, rewritten, BASE + entry("2026-03-01", "09:00:00", "甲", "x")) is None  # history changed
    assert merge(BASE, "<<<<<<< broken\n", BASE + entry("2026-03-01", "09:00:00", "甲", "x")) is None


def test_the_driver_falls_back_to_a_text_merge(tmp_path):
    from fivefold.logmerge import driver

    base, ours, theirs = tmp_path / "o", tmp_path / "a", tmp_path / "b"
    base.write_text(BASE, "utf-8")
    ours.write_text(BASE.replace("园区完工", "甲的目标"), "utf-8")
    theirs.write_text(BASE.replace("园区完工", "乙的目标"), "utf-8")
    assert driver(str(base), str(ours), str(theirs), "plans/demo/SY-001.yaml") == 1
    assert "<<<<<<<" in ours.read_text("utf-8") and "乙的目标" in ours.read_text("utf-8")
    ours.write_text(BASE + entry("2026-03-01", "09:00:00", "甲", "x"), "utf-8")
    theirs.write_text(BASE + entry("2026-03-01", "08:00:00", "乙", "y"), "utf-8")
    assert driver(str(base), str(ours), str(theirs), "plans/demo/SY-001.yaml") == 0
    assert ours.read_text("utf-8").endswith(
        entry("2026-03-01", "08:00:00", "乙", "y") + entry("2026-03-01", "09:00:00", "甲", "x")
    )


def test_renumbering_rewrites_only_the_id_and_parent_lines():
    text = "id: 'SY-003'  # 原编号\ntitle: x\nparent: SY-002\nlog: []\n"
    assert rewrite(text, {"SY-003": "SY-005"}, "SY-005") == "id: SY-005  # 原编号\ntitle: x\nparent: SY-002\nlog: []\n"
    child = "id: SY-004\nparent: sy-3\nlog: []\n"
    assert rewrite(child, {"SY-003": "SY-005"}, None) == "id: SY-004\nparent: SY-005\nlog: []\n"


# --- several workspaces --------------------------------------------------------------------------------


def invoke(*args: str, expect: int = 0):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == expect, f"{result.stdout}\n{result.stderr}\n{result.exception!r}"
    return result


@pytest.fixture
def units(tmp_path: Path) -> tuple[Path, Path]:
    """Two units' workspaces, prefixes AA and BB, one item each (and a second in BB)."""
    first = make_workspace(tmp_path / "unit-a", prefix="AA")
    second = make_workspace(tmp_path / "unit-b", prefix="BB")
    Runner(first)("new", "甲单位的事项", *COMPLETE)
    Runner(second)("new", "乙单位的事项", *COMPLETE)
    Runner(second)("new", "乙单位的第二项", *COMPLETE)
    return first, second


def test_list_over_several_workspaces(units):
    first, second = units
    rows = json.loads(invoke("--plans", str(first), "--plans", str(second), "list", "--json").stdout)
    assert [(r["id"], r["workspace"]) for r in rows] == [("AA-001", "unit-a"), ("BB-001", "unit-b"), ("BB-002", "unit-b")]
    alone = json.loads(invoke("--plans", str(first), "list", "--json").stdout)
    assert [r["id"] for r in alone] == ["AA-001"] and "workspace" not in alone[0]
    text = invoke("--plans", str(first), "--plans", str(second), "list").stdout
    assert "Workspace" in text.splitlines()[0] and "unit-b" in text


def test_dashboard_gantt_and_report_over_several_workspaces(units):
    first, second = units
    both = ["--plans", str(first), "--plans", str(second)]
    data = json.loads(invoke(*both, "dashboard", "--json").stdout)
    assert data["items"] == 3
    assert [(g["key"], g["items"]) for g in data["workspaces"]] == [("unit-a", 1), ("unit-b", 2)]
    assert "workspaces" not in json.loads(invoke("--plans", str(first), "dashboard", "--json").stdout)
    assert "By workspace" in invoke(*both, "dashboard").stdout
    gantt = invoke(*both, "gantt").stdout
    assert "unit-a" in gantt and "unit-b" in gantt
    report = invoke(*both, "report", "--format", "json").stdout
    assert all(i in report for i in ("AA-001", "BB-001", "BB-002"))


def test_writes_with_several_workspaces_need_an_id_found_in_one(units):
    first, second = units
    both = ["--plans", str(first), "--plans", str(second)]
    invoke(*both, "note", "bb-2", "跨工作区记录")
    assert "跨工作区记录" in (second / "demo" / "BB-002.yaml").read_text("utf-8")
    refused = invoke(*both, "new", "哪个工作区？", expect=2)
    assert "works on one workspace" in refused.stderr and "unit-a" in refused.stderr
    assert "no item CC-001" in invoke(*both, "note", "CC-001", "x", expect=1).stderr


def test_an_id_in_two_workspaces_is_ambiguous_for_writes_and_named_for_reads(tmp_path):
    first = make_workspace(tmp_path / "east")
    second = make_workspace(tmp_path / "west")
    Runner(first)("new", "东", *COMPLETE)
    Runner(second)("new", "西", *COMPLETE)
    both = ["--plans", str(first), "--plans", str(second)]
    refused = invoke(*both, "note", "SY-001", "x", expect=2)
    assert "is in several workspaces (east, west)" in refused.stderr
    listed = invoke(*both, "list", "--json")
    assert [r["title"] for r in json.loads(listed.stdout)] == ["东"]
    assert "duplicate id SY-001" in listed.stderr


def test_a_workspaces_list_in_fivefold_yaml(units, tmp_path):
    first, second = units
    office = make_workspace(tmp_path / "office", prefix="OF")
    settings = office / "fivefold.yaml"
    settings.write_text(
        settings.read_text("utf-8") + "name: 区督查室\nworkspaces: [../../unit-a/plans, ../../unit-b/plans]\n", "utf-8"
    )
    ff = Runner(office)
    assert ff("new", "督办事项", *COMPLETE).stdout.strip() == "OF-001"  # id-less writes go to the office's own
    rows = json.loads(ff("list", "--json").stdout)
    assert {r["workspace"] for r in rows} == {"区督查室", "unit-a", "unit-b"}
    ff("--by", "督查员", "note", "AA-001", "督办意见")  # the office writes into a unit's workspace by id
    assert "督办意见" in (first / "demo" / "AA-001.yaml").read_text("utf-8")
    bad = make_workspace(tmp_path / "office2", prefix="OX")
    (bad / "fivefold.yaml").write_text("workspaces: [../nowhere]\n", "utf-8")
    assert "listed under workspaces" in Runner(bad)("list", expect=1).stderr


@slow
def test_the_office_syncs_every_unit_it_lists(team, tmp_path):
    """A supervising office: its own workspace (not in git) lists the clones of its units."""
    office = make_workspace(tmp_path / "office", prefix="OF")
    settings = office / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "workspaces: [../../b/plans]\n", "utf-8")
    team.a("note", "SY-001", "单位的进展")
    team.a("sync")
    result = Runner(office)("sync")  # the office's own folder is noted, the unit's clone is pulled
    assert "not inside a git repository" in result.stderr
    assert f"repository {team.b.root}" in result.stdout and "pulled 1 commit(s)" in result.stdout
    rows = json.loads(Runner(office)("list", "--json").stdout)
    assert {r["id"]: r["workspace"] for r in rows} == {"SY-001": "b", "SY-002": "b"}
    assert team.b.notes() == ["单位的进展"]


# --- found in review ---------------------------------------------------------------------------------


def test_merge_keeps_an_entry_one_side_wrote_twice():
    twice = entry("2026-03-01", "09:00:00", "甲", "已完成")
    other = entry("2026-03-01", "10:00:00", "乙", "另一条")
    assert merge(BASE, BASE + twice + twice, BASE + other) == BASE + twice + twice + other
    assert merge(BASE, BASE + twice, BASE + twice) == BASE + twice  # both appended it: once


@slow
def test_sync_that_git_refuses_to_continue_stops_instead_of_looping(team):
    team.a("note", "SY-001", "甲的进展")
    team.a("sync")
    team.b("note", "SY-002", "乙的进展")
    team.b.git("add", "-A")
    team.b.git("commit", "-q", "-m", "乙的进展")  # committed while b still has a name …
    team.b.git("config", "user.name", "")  # … so only the rebase, which writes new commits, is refused
    result = run_process("sync", cwd=team.b.root, timeout=60)  # a hang would raise TimeoutExpired
    assert result.returncode == 1 and "Traceback" not in result.stderr


@slow
def test_continue_refuses_markers_in_a_file_already_added(team):
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    team.a("sync")
    team.b("sync", expect=1)
    team.b.git("add", "-A")  # what git's own advice says; the markers are still in the file
    assert "conflict markers" in team.b("sync", "--continue", expect=1).stderr
    assert "<<<<<<<" not in team.a.git("ls-remote", "--heads", str(team.server)).stdout


# --- issue 16: a stopped sync loses no write -----------------------------------------------------


def take_local(text: str) -> str:
    """Resolve every conflict for the local side (during a rebase, the second of the two)."""
    return re.sub(r"<<<<<<< [^\n]*\n.*?=======\n(.*?)>>>>>>> [^\n]*\n", r"\1", text, flags=re.S)


def _stop_b(team: Team) -> None:
    """Both change SY-001's goal; a syncs, so b's sync stops on the conflict (a rebase in progress)."""
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    team.a("sync")
    team.b("sync", expect=1)


@slow
def test_writes_are_refused_while_a_sync_is_stopped_so_abort_loses_none(team):
    _stop_b(team)
    before = team.b.text("plans/demo/SY-002.yaml")
    refused = team.b("note", "SY-002", "暂停期间的记录", expect=1)
    err = refused.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "fivefold sync --continue" in err and "fivefold sync --abort" in err
    assert team.b.text("plans/demo/SY-002.yaml") == before  # nothing written that abort could drop
    for args in (["new", "暂停期间新建"], ["start", "SY-002"], ["step", "add", "SY-002", "新步骤"], ["undo"]):
        assert "fivefold sync --continue" in team.b(*args, expect=1).stderr, args
    edit = Runner(team.b.plans)("edit", "SY-002", env={"VISUAL": "true"}, expect=1)
    assert "fivefold sync --abort" in edit.stderr and not list(team.b.plans.glob(".fivefold/edit/*"))  # before the editor
    second = team.b.root / "plans2"
    init = CliRunner().invoke(app, ["init", str(second), "--plan", "other", "--prefix", "OT"])
    assert init.exit_code == 1 and "fivefold sync --continue" in init.stderr and not second.exists()
    zh = team.b("--lang", "zh", "note", "SY-002", "x", expect=1).stderr.strip()
    assert zh.startswith("fivefold: 同步因冲突暂停中") and len(zh.splitlines()) == 1 and "本次未写入任何内容" in zh
    team.b("sync", "--abort")
    team.b("note", "SY-002", "放弃同步之后的记录")  # writes work again
    assert team.b.notes("SY-002") == ["放弃同步之后的记录"]


@slow
def test_abort_after_a_renumbering_puts_the_old_ids_back(team):
    team.a("new", "甲新建的事项", *COMPLETE)
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.a("sync")
    assert team.b("new", "乙新建的事项", *COMPLETE).stdout.strip() == "SY-003"
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    stopped = team.b("sync", expect=1)
    assert "renumbered SY-003 → SY-004" in stopped.stdout  # said before the conflict stopped it
    aborted = team.b("sync", "--abort").stdout
    assert "sync aborted" in aborted and "SY-004 is SY-003 again" in aborted
    b_item = team.b.root / "plans/demo/SY-003.yaml"
    assert "乙新建的事项" in b_item.read_text("utf-8") and not (team.b.root / "plans/demo/SY-004.yaml").exists()
    assert not any(s.startswith("fivefold: renumber") for s in team.b.subjects())
    assert team.b.subjects()[0].startswith("fivefold: 2 items changed (SY-001, SY-003)")  # the sync's own commit stays
    assert not team.b.git("status", "--porcelain").stdout.strip()
    assert not list((team.b.root / ".git").glob("fivefold*"))  # no state left behind
    # the next sync renumbers again; this time the conflict is settled and it is pushed
    assert "renumbered SY-003 → SY-004" in team.b("sync", expect=1).stdout
    (team.b.root / ITEM1).write_text(take_local(team.b.text()), "utf-8")
    assert "pushed" in team.b("sync", "--continue").stdout
    assert not list((team.b.root / ".git").glob("fivefold*"))
    team.a("sync")
    rows = {r["id"]: r["title"] for r in json.loads(team.a("list", "--json").stdout)}
    assert rows["SY-003"] == "甲新建的事项" and rows["SY-004"] == "乙新建的事项"


def _conflicting_merge(root: Path, rel: str) -> None:
    """Leave the repository at `root` stopped in a `git merge` that conflicts on `rel`."""
    git(root, "switch", "-q", "-c", "other")
    (root / rel).write_text((root / rel).read_text("utf-8").replace("title: ", "title: 另一分支："), "utf-8")
    git(root, "commit", "-q", "-am", "other")
    git(root, "switch", "-q", "-")
    (root / rel).write_text((root / rel).read_text("utf-8").replace("title: ", "title: 本分支："), "utf-8")
    git(root, "commit", "-q", "-am", "here")
    assert git(root, "merge", "other", check=False).returncode != 0


@slow
def test_a_stopped_git_merge_in_a_linked_worktree_refuses_writes_there_only(team):
    team.a.git("worktree", "add", "-q", str(team.a.root.parent / "a2"), "-b", "second")
    second = Clone(team.a.root.parent / "a2", "甲")
    assert (second.root / ".git").is_file()  # `gitdir: …/.git/worktrees/a2`
    _conflicting_merge(second.root, "plans/demo/SY-002.yaml")
    refused = second("note", "SY-001", "合并期间的记录", expect=1).stderr
    assert "git merge --continue" in refused and "git merge --abort" in refused
    team.a("note", "SY-001", "另一个工作树照常写入")  # the main checkout is not stopped
    second.git("merge", "--abort")
    second("note", "SY-001", "合并放弃之后")


@slow
def test_the_stopped_check_runs_no_git(team, monkeypatch):
    import subprocess as sp

    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args!r}")

    monkeypatch.setattr(sp.Popen, "__init__", no_process)
    team.b("note", "SY-001", "不启动 git")
    assert team.b.notes() == ["不启动 git"]


def test_no_repository_nothing_to_refuse(tmp_path):
    from fivefold.gitstate import git_dir, stopped

    plans = make_workspace(tmp_path)
    assert git_dir(plans) is None or not str(git_dir(plans)).startswith(str(tmp_path))
    assert stopped(tmp_path / "nowhere") is None
    (tmp_path / ".git").write_text("not a gitdir line\n", "utf-8")  # a stray file is no repository
    assert git_dir(plans) is None and stopped(plans) is None
    Runner(plans)("new", "照常写入")


# --- issue 16: temporary files are never committed ------------------------------------------------

STALE = "plans/demo/.SY-001.yaml.1.tmp"  # a temporary file of a writer still running (pid 1 always is), never swept


@slow
def test_init_ignores_the_state_and_temporary_files(team):
    ignore = (team.a.plans / ".gitignore").read_text("utf-8").splitlines()
    assert {".fivefold/", ".*.tmp", "*.fivefold-tmp"} <= set(ignore)
    (team.a.root / STALE).write_text("id: SY-001\n", "utf-8")
    assert team.a.git("check-ignore", "-q", STALE, check=False).returncode == 0


@slow
@pytest.mark.parametrize("gitignore", ["missing", "edited"])
def test_sync_never_commits_temporary_files_whatever_the_gitignore_says(team, gitignore):
    ignore = team.a.plans / ".gitignore"
    if gitignore == "missing":
        ignore.unlink()
    else:
        ignore.write_text("# ours now\n*.bak\n", "utf-8")
    (team.a.root / STALE).write_text("id: SY-001\ntitle: 半截\n", "utf-8")
    (team.a.plans / "demo" / ".plan.yaml.1.tmp").write_text("", "utf-8")
    (team.a.plans / ".merge_file_Ab12Cd.fivefold-tmp").write_text("", "utf-8")
    team.a("note", "SY-001", "正常的记录")
    assert "pushed 1 commit(s)" in team.a("sync").stdout
    shared = git(team.server, "ls-tree", "-r", "--name-only", "main").stdout.splitlines()
    assert ITEM1 in shared
    assert not [p for p in shared if p.endswith(("tmp",)) or "/.fivefold/" in p], shared
    assert (team.a.root / STALE).exists()  # left where it is (cleaning it up is the next write's job)
    team.b("sync")
    assert team.b.notes() == ["正常的记录"] and not (team.b.root / STALE).exists()


@slow
def test_a_temporary_file_committed_before_leaves_the_repository_once_deleted(team):
    (team.a.root / STALE).write_text("id: SY-001\n", "utf-8")
    team.a.git("add", "-f", STALE)
    team.a.git("commit", "-q", "--no-verify", "-m", "an older version committed it")
    (team.a.root / STALE).write_text("id: SY-001\ntitle: 又写了一半\n", "utf-8")
    team.a("note", "SY-001", "记录")
    team.a("sync")
    assert git(team.server, "show", f"main:{STALE}").stdout == "id: SY-001\n"  # its new bytes are not pushed
    (team.a.root / STALE).unlink()
    team.a("note", "SY-001", "又一条")
    team.a("sync")
    assert STALE not in git(team.server, "ls-tree", "-r", "--name-only", "main").stdout


@slow
def test_autocommit_never_commits_temporary_files(team):
    settings = team.a.plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "git: {autocommit: true}\n", "utf-8")
    team.a.git("commit", "-qam", "autocommit on")
    (team.a.plans / ".gitignore").unlink()
    (team.a.root / STALE).write_text("id: SY-001\n", "utf-8")
    team.a("note", "SY-001", "自动提交")
    assert STALE not in team.a.git("ls-files").stdout
    assert team.a.subjects()[0] == "fivefold: note SY-001 by 甲"


def test_git_setup_adds_the_ignore_lines_once_keeping_what_is_there(tmp_path):
    git(tmp_path, "init", "-q", "repo")
    root = tmp_path / "repo"
    plans = make_workspace(root)
    (plans / ".gitignore").write_text("# 本单位自己的规则\n*.bak\n.fivefold\n", "utf-8")
    first = Runner(plans)("git-setup").stdout
    assert "added .*.tmp, *.fivefold-tmp to" in first
    text = (plans / ".gitignore").read_text("utf-8")
    assert text.startswith("# 本单位自己的规则\n*.bak\n.fivefold\n")
    assert [line.rstrip("/") for line in text.splitlines()].count(".fivefold") == 1  # `.fivefold` already said it
    assert ".*.tmp" in text.splitlines() and "*.fivefold-tmp" in text.splitlines()
    again = Runner(plans)("git-setup").stdout
    assert "already keeps tool state and temporary files out" in again
    assert (plans / ".gitignore").read_text("utf-8") == text


# --- issue 16: additive plan edits merge ----------------------------------------------------------


def _with_area(area: str) -> list[str]:
    args = list(COMPLETE)
    args[args.index("--area") + 1] = area
    return args


@slow
@pytest.mark.parametrize("driver", ["git-setup", "no driver"])
def test_two_clones_adding_areas_and_items_both_land(team, driver):
    if driver == "no driver":  # git merges plan.yaml as text; sync settles the conflict itself
        (team.b.root / ".git" / "info" / "attributes").write_text("*.yaml merge=text\n", "utf-8")
    assert team.a("new", "甲的生态事项", *_with_area("ecology=生态环境")).stdout.strip() == "SY-003"
    assert team.b("new", "乙的党建事项", *_with_area("party=全面从严治党")).stdout.strip() == "SY-003"
    team.a("sync")
    result = team.b("sync")
    assert "pushed" in result.stdout and "renumbered SY-003 → SY-004" in result.stdout
    if driver == "no driver":
        assert "combined plans/demo/plan.yaml: both sides' additions kept" in result.stdout
    team.a("sync")
    for c in (team.a, team.b):
        plan = codec.load_plan(c.text("plans/demo/plan.yaml"), "plan.yaml", "demo")
        assert list(plan.areas) == ["industry", "ecology", "party"]
        rows = {r["id"]: r for r in json.loads(c("list", "--json").stdout)}
        assert (rows["SY-003"]["title"], rows["SY-003"]["area"]) == ("甲的生态事项", "ecology")
        assert (rows["SY-004"]["title"], rows["SY-004"]["area"]) == ("乙的党建事项", "party")
        assert "<<<<<<<" not in c.text("plans/demo/plan.yaml")
        c("check")
    assert team.a.text("plans/demo/plan.yaml") == team.b.text("plans/demo/plan.yaml")


@slow
def test_two_clones_giving_one_new_area_two_labels_still_stop(team):
    team.a("new", "甲的事项", *_with_area("ecology=生态环境"))
    team.b("new", "乙的事项", *_with_area("ecology=生态文明"))
    team.a("sync")
    stopped = team.b("sync", expect=1).stderr
    assert "plans/demo/plan.yaml" in stopped and "fivefold sync --continue" in stopped
    text = team.b.text("plans/demo/plan.yaml")
    assert text.count("<<<<<<<") == 1 and "生态环境" in text and "生态文明" in text


# --- issue 16 (closing note of issues 2–7): a merge clean as text that breaks the five checks ------


@slow
def test_a_clean_merge_that_breaks_the_five_checks_is_not_pushed(team):
    team.a("update", "SY-001", "--start", "2026-03-01")  # fine on its own: s1 is due 2026-04-30
    team.b("step", "add", "SY-001", "前期准备", "--due", "2026-02-01")  # fine on its own: after the old start
    team.a("sync")
    server_head = git(team.server, "rev-parse", "main").stdout
    stopped = team.b("sync", expect=1)
    err = stopped.stderr
    assert "sync stopped before pushing" in err and "SY-001" in err and "nothing pushed" in err
    assert "Traceback" not in err
    assert re.search(r"SY-001: FAIL 5·.*s3", err)  # the reason, as `fivefold check` gives it
    assert git(team.server, "rev-parse", "main").stdout == server_head
    assert not team.b.git("status", "--porcelain").stdout.strip()  # the merge is done and committed locally
    assert "2026-03-01" in team.b.text() and "前期准备" in team.b.text()
    assert "sync stopped before pushing" in team.b("sync", expect=1).stderr  # and stays unpushed until fixed
    team.b("update", "SY-001", "--start", "2026-01-05")
    assert "pushed" in team.b("sync").stdout
    team.a("sync")
    team.a("check")


@slow
def test_abort_says_what_it_could_not_put_back(team):
    team.a("new", "甲新建的事项", *COMPLETE)
    team.a("update", "SY-001", "--goal", "园区主体完工")
    team.a("sync")
    team.b("new", "乙新建的事项", *COMPLETE)
    team.b("update", "SY-001", "--goal", "首批企业入驻投产")
    team.b("sync", expect=1)
    record = team.b.root / ".git" / "fivefold-sync.json"
    data = json.loads(record.read_text("utf-8"))
    record.write_text(json.dumps({**data, "head": "0" * 40}), "utf-8")  # a commit git no longer has
    aborted = team.b("sync", "--abort")
    assert "sync aborted" in aborted.stdout
    warning = aborted.stderr.strip()
    assert len(warning.splitlines()) == 1 and "the renumbering SY-003 → SY-004 stays" in warning
    assert (team.b.root / "plans/demo/SY-004.yaml").is_file()  # where git's own abort left it, nothing lost
    assert not record.exists() and not team.b.git("status", "--porcelain").stdout.strip()
