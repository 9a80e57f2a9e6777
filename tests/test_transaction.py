"""A command's writes land all or none (issue 16 §2): a kill at any point of a multi-file commit is
finished or put back by the next command, and `undo` still works. Stale temporary files go, file
modes are kept, read-only files are refused, and a full disk, a damaged journal or a folder where a
file should be give one clear line instead of an internal error (§3, §5, §8)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BASE_ENV, run_process
from tests.helpers import one_line, user_files

ROWS = 40  # items of the imported table; with the plan.yaml that gains its area, 41 files in one commit


def table(tmp_path: Path, rows: int = ROWS) -> Path:
    lines = ["任务名称,重点领域,牵头单位,责任人,开始时间,完成时限"]
    lines += [f"导入事项{n:03d},新领域,区工信局,李某,2026-01-05,2026-12-31" for n in range(rows)]
    path = tmp_path / "table.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def item_ids(plans: Path) -> list[str]:
    return sorted(p.stem for p in (plans / "demo").glob("SY-*.yaml"))


def leftovers(plans: Path) -> list[str]:
    """Temporary files and a journal record still pending: none may outlive the next command."""
    found = [str(p.relative_to(plans)) for p in plans.rglob("*.tmp")]
    return found + [str(p.relative_to(plans)) for p in plans.rglob("pending.json")]


def import_killed_at(plans: Path, csv: Path, point: str) -> None:
    died = run_process("--plans", str(plans), "import", str(csv), env={"FIVEFOLD_TEST_CRASH_AFTER": point})
    assert died.returncode == -signal.SIGKILL, (died.returncode, died.stderr)


# --- all or none across files -------------------------------------------------------------------------

# (where the import is killed, the command that comes next, whether the import landed)
CUTS = [
    ("temps", "undo", False),  # every temporary file written, no journal record yet
    ("0", "list", False),  # the record written, nothing renamed
    ("1", "note", False),  # one file renamed into place
    ("20", "undo", False),  # half of them
    ("30", "history", False),
    ("40", "list", False),  # all but the last
    ("41", "note", True),  # every file renamed, the record not yet given its number
    ("41", "undo", True),
]


@pytest.mark.slow  # a real process per cut
@pytest.mark.parametrize(("point", "then", "landed"), CUTS, ids=[f"{p}-{t}" for p, t, _ in CUTS])
def test_an_import_killed_at_any_point_leaves_none_or_all_of_it(ff, plans, tmp_path, point, then, landed):
    first = ff("new", "已有事项").stdout.strip()
    before = user_files(plans)
    import_killed_at(plans, table(tmp_path), point)
    assert leftovers(plans)  # the kill did leave work half done

    if then == "list":
        listed = json.loads(ff("list", "--json").stdout)
        assert len(listed) == (ROWS + 1 if landed else 1)
    elif then == "note":
        ff("note", first, "之后的进展")
    elif then == "history":
        assert "created" in ff("history", first).stdout
    else:
        undone = ff("undo", "--yes").stdout  # the first command after the kill
    assert leftovers(plans) == []
    if then != "undo":
        assert len(item_ids(plans)) == (ROWS + 1 if landed else 1)
        assert ff("list").stderr == ""  # every file loads
        if then == "note":  # the note is the last command now
            assert "note" in ff("undo", "--yes").stdout
        undone = ff("undo", "--yes").stdout
    if landed:
        assert f"import table.csv ({ROWS + 1} file(s))" in undone
        assert user_files(plans) == before
        assert "new" in ff("undo", "--yes").stdout
    else:  # the import never happened: undo reverts the command before it
        assert "new 已有事项" in undone
    assert item_ids(plans) == []
    assert leftovers(plans) == []


@pytest.mark.slow  # a real process
def test_an_undo_killed_half_way_is_put_back_and_can_be_run_again(ff, plans, tmp_path):
    ff("import", str(table(tmp_path)))
    imported = user_files(plans)
    died = run_process("--plans", str(plans), "undo", "--yes", env={"FIVEFOLD_TEST_CRASH_AFTER": "7"})
    assert died.returncode == -signal.SIGKILL
    assert len(item_ids(plans)) < ROWS  # some files were already removed when it died
    assert len(json.loads(ff("list", "--json").stdout)) == ROWS  # the next command put them back
    assert user_files(plans) == imported
    assert f"({ROWS + 1} file(s))" in ff("undo", "--yes").stdout
    assert item_ids(plans) == [] and leftovers(plans) == []


def test_a_commit_that_cannot_be_put_back_stops_every_write_until_it_can(ff, plans, tmp_path, monkeypatch):
    first = ff("new", "已有事项").stdout.strip()
    import_killed_at(plans, table(tmp_path), "20")
    half = user_files(plans)
    real = os.unlink

    def unlink(path, *args, **kwargs):
        if str(path).endswith(".yaml"):
            raise OSError(errno.EIO, "Input/output error")
        real(path, *args, **kwargs)

    real_path_unlink = Path.unlink

    def path_unlink(self, *args, **kwargs):  # Python 3.10's Path.unlink does not go through os.unlink
        if self.name.endswith(".yaml"):
            raise OSError(errno.EIO, "Input/output error")
        real_path_unlink(self, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(Path, "unlink", path_unlink)
    line = one_line(ff("note", first, "进展", expect=1))
    monkeypatch.setattr(os, "unlink", real)
    monkeypatch.setattr(Path, "unlink", real_path_unlink)
    assert "(import table.csv) can be neither finished nor put back: Input/output error" in line
    assert user_files(plans) == half  # the note was not written over the half-finished import
    ff("note", first, "进展")  # the disk is back: the import is put back, then the note lands
    assert item_ids(plans) == [first] and leftovers(plans) == []


# Starts the import and signals "ready" once everything is imported, so the kill lands in the
# command's own work (reading the table, the lock, staging, the commit) rather than in start-up.
IMPORTER = """
import sys
import fivefold.actions.importing, fivefold.importer, fivefold.cli.importing, fivefold.codec, fivefold.transaction
import fivefold.oslock
import fivefold.cli.main as main
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.argv = ["fivefold", *sys.argv[1:]]
main.main()
"""


@pytest.mark.slow  # processes killed at random moments
def test_imports_killed_at_random_moments_land_whole_or_not_at_all(ff, plans, tmp_path):
    """Real kills, timed by watching the plan folder: as soon as temporary files appear (the commit
    has begun), wait a random moment more and SIGKILL."""
    import random

    rng = random.Random(16)
    csv = table(tmp_path, 60)
    count, cut, rounds = 0, 0, 0
    # Eight rounds, and more (up to 40) until one kill has landed inside a commit: on a busy machine the
    # watcher can miss the temporary files' moment and kill a process that has already finished.
    while rounds < 8 or (cut == 0 and rounds < 40):
        rounds += 1
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, "--plans", str(plans), "import", str(csv)],
            env={**os.environ, **BASE_ENV},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        proc.stdout.readline()
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            if any(n.endswith(".tmp") for n in os.listdir(plans / "demo")):
                time.sleep(rng.uniform(0, 0.03))
                break
            time.sleep(0.0005)
        proc.kill()
        proc.wait(timeout=30)
        cut += any(leftovers(plans))
        after = len(json.loads(ff("list", "--json").stdout))
        assert after in (count, count + 60), f"{after} items after a kill, expected {count} or {count + 60}"
        assert not list(plans.rglob("pending.json"))  # a read settles a commit cut short ...
        count = after
    assert cut > 0, "no kill ever landed inside a commit: the test proves nothing"
    ff("new", "之后的事项")  # ... and the next write removes the temporary files of the killed ones
    assert leftovers(plans) == []
    ff("undo", "--yes")
    for _ in range(count // 60):  # each import that landed is one undo
        assert "import table.csv" in ff("undo", "--yes").stdout
    assert item_ids(plans) == []


def test_a_failure_during_the_renames_puts_back_what_was_renamed(ff, plans, tmp_path, monkeypatch):
    ff("new", "已有事项")
    before = user_files(plans)
    real, calls = os.replace, []

    def replace(src, dst):
        if str(dst).endswith(".yaml"):
            calls.append(dst)
            if len(calls) == 12:
                raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = ff("import", str(table(tmp_path)), expect=1)
    monkeypatch.setattr(os, "replace", real)
    assert "Input/output error" in one_line(result)
    assert user_files(plans) == before and leftovers(plans) == []
    assert "new 已有事项" in ff("undo", "--yes").stdout


# --- temporary files left by killed writers ----------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporary_files_are_removed_by_the_next_write_and_never_listed(ff, plans, complete_item):
    item_id = complete_item()
    folder = plans / "demo"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [folder / f".{item_id}.yaml.{dead_pid()}.tmp", plans / ".fivefold" / "cache" / f".items.{dead_pid()}.tmp"]
        live = folder / f".{item_id}.yaml.{alive.pid}.tmp"
        for path in [*stale, live]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("id: SY-001\ntitle: 写了一半", "utf-8")
        listed, checked = ff("list"), ff("check")
        assert listed.stderr == "" and item_id in listed.stdout
        assert "tmp" not in listed.stdout + checked.stdout + checked.stderr

        ff("note", item_id, "之后的进展")
        assert [p.exists() for p in stale] == [False, False]
        assert live.exists()  # its writer is still running
    finally:
        alive.kill()
        alive.wait()
    ff("note", item_id, "再一条")
    assert not live.exists()


# --- file modes ----------------------------------------------------------------------------------------


def test_a_rewrite_keeps_the_mode_of_the_file_it_replaces(ff, plans, complete_item, platform_mode):
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    os.chmod(path, 0o660)
    ff("note", item_id, "推进顺利")
    if not platform_mode:
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
    ff("undo", "--yes")
    if not platform_mode:
        assert stat.S_IMODE(path.stat().st_mode) == 0o660


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_item_file_is_refused_and_nothing_is_written(ff, plans, complete_item, mode):
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    os.chmod(path, mode)
    before, journal = user_files(plans), sorted(os.listdir(plans / ".fivefold" / "undo"))
    line = one_line(ff("note", item_id, "推进顺利", expect=1))
    assert f"{item_id}.yaml is read-only; nothing was written" in line
    assert user_files(plans) == before and stat.S_IMODE(path.stat().st_mode) == mode
    assert sorted(os.listdir(plans / ".fivefold" / "undo")) == journal and leftovers(plans) == []


def test_a_read_only_plan_file_refuses_the_whole_command(ff, plans):
    os.chmod(plans / "demo" / "plan.yaml", 0o444)
    before = user_files(plans)
    line = one_line(ff("new", "新事项", "--area", "new=新领域", expect=1))  # the item and the plan's new area
    assert "plan.yaml is read-only" in line
    assert user_files(plans) == before  # not even the item file


def test_read_only_in_chinese(ff, plans, complete_item):
    item_id = complete_item()
    os.chmod(plans / "demo" / f"{item_id}.yaml", 0o444)
    assert "是只读文件，未做任何修改" in one_line(ff("note", item_id, "推进顺利", env={"FIVEFOLD_LANG": "zh"}, expect=1))


# --- a full disk at any write ----------------------------------------------------------------------------


def test_a_full_disk_at_any_fsync_gives_one_line_and_loses_nothing(ff, plans, complete_item, monkeypatch):
    """Every fsync a `note` makes (item file, journal, folders, caches) fails in turn with ENOSPC:
    each time the command either succeeds (a cache is best effort) or says so in one line and leaves
    every file as it was; afterwards the journal still walks back exactly what landed."""
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    real = os.fsync
    counted = []
    monkeypatch.setattr(os, "fsync", lambda fd: (counted.append(fd), real(fd))[1])
    ff("note", item_id, "数一数")
    monkeypatch.setattr(os, "fsync", real)
    assert len(counted) >= 4
    snapshots = [path.read_bytes()]
    failed = 0
    for k in range(1, len(counted) + 3):
        calls = []

        def fsync(fd, k=k, calls=calls):
            calls.append(fd)
            if len(calls) == k:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)
        result = ff("note", item_id, f"第{k}条", expect=None)
        monkeypatch.setattr(os, "fsync", real)
        assert result.exit_code in (0, 1), result.stderr
        if result.exit_code == 1:
            failed += 1
            assert "No space left on device" in one_line(result)
            assert path.read_bytes() == snapshots[-1]
        else:
            assert result.stderr == ""
            assert f"第{k}条".encode() in path.read_bytes()
            snapshots.append(path.read_bytes())
        assert leftovers(plans) == []
    assert failed >= 3
    assert ff("check").stderr == ""
    for expected in reversed(snapshots[:-1]):
        ff("undo", "--yes")
        assert path.read_bytes() == expected


def test_a_full_disk_while_writing_the_cache_is_silent(ff, plans, complete_item, monkeypatch):
    complete_item()
    import shutil

    shutil.rmtree(plans / ".fivefold" / "cache", ignore_errors=True)
    real = os.fsync

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    result = ff("list")
    monkeypatch.setattr(os, "fsync", real)
    assert result.stderr == "" and "SY-001" in result.stdout
    assert leftovers(plans) == []  # no cache file half written either
    assert ff("list").stderr == ""  # and the next run writes them
    assert any(p.name.startswith("index-") for p in (plans / ".fivefold" / "cache").iterdir())


# --- a damaged journal ---------------------------------------------------------------------------------


def journal(plans: Path) -> list[Path]:
    return sorted((plans / ".fivefold" / "undo").glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",
        lambda data: b"\xff\xfe not json",
        lambda data: b'{"command": "note", "files": "not a list"}',
        lambda data: b'{"command": "x", "files": [{"path": "../../outside.txt", "before": "pwned", "after_sha": null}]}',
        lambda data: b'{"command": "x", "files": [{"path": "demo/SY-001.yaml", "before_b64": "%%%", "after_sha": null}]}',
        lambda data: b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["truncated", "empty", "not-json", "wrong-shape", "outside-path", "bad-base64", "deep"],
)
def test_a_damaged_journal_entry_never_blocks_a_write_and_counts_as_absent(ff, plans, complete_item, tmp_path, damage):
    item_id = complete_item()
    ff("note", item_id, "第一条")
    last = journal(plans)[-1]
    last.write_bytes(damage(last.read_bytes()))
    ff("note", item_id, "第二条")  # writes go on: the journal is not read to write
    assert "note" in ff("undo", "--yes").stdout  # the second note's own record is whole

    result = ff("undo", "--yes", expect=1)  # the damaged record: set aside with a warning, then the one before it
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "damaged and is ignored" in lines[0] and "Traceback" not in result.stderr
    assert "has changed since" in lines[1]  # the first note is still in the file: precise refusal
    assert not (tmp_path / "outside.txt").exists() and not (plans.parent.parent / "outside.txt").exists()
    ff("note", item_id, "第三条")
    assert ff("undo", "--yes").exit_code == 0
    assert "is ignored" not in ff("undo", "--yes", expect=1).stderr  # warned once: it was set aside


def test_a_damaged_pending_record_is_set_aside_with_a_warning(ff, plans, complete_item):
    item_id = complete_item()
    (plans / ".fivefold" / "undo" / "pending.json").write_bytes(b'{"command": "import", "fi')
    result = ff("note", item_id, "推进顺利")
    assert "damaged and is ignored" in one_line(result).replace("fivefold: ", "")
    assert leftovers(plans) == []
    assert "note" in ff("undo", "--yes").stdout


# --- folders where files should be -------------------------------------------------------------------


def test_a_folder_named_like_an_item_file_is_reported_not_hidden(ff, plans, complete_item):
    complete_item()
    (plans / "demo" / "SY-009.yaml").mkdir()
    listed = ff("list")
    assert "SY-001" in listed.stdout
    assert "SY-009.yaml: named like an item file but not a file" in one_line(listed)
    checked = ff("check", expect=1)
    assert "SY-009.yaml" in checked.stdout + checked.stderr
    assert "SY-010" in ff("new", "下一个事项").stdout  # its number is taken: a file cannot be written there


def test_a_write_onto_a_folder_is_refused_and_nothing_is_written(plans):
    from fivefold.errors import WorkspaceError
    from fivefold.workspace import Workspace

    (plans / "demo" / "SY-002.yaml").mkdir()  # made by hand after the next id was chosen, say
    before = user_files(plans)
    with pytest.raises(WorkspaceError) as caught, Workspace(plans).transaction("test") as tx:
        tx.write(plans / "demo" / "SY-001.yaml", "id: SY-001\ntitle: x\n")
        tx.write(plans / "demo" / "SY-002.yaml", "id: SY-002\ntitle: x\n")
    assert caught.value.key == "target_is_folder"
    assert user_files(plans) == before and leftovers(plans) == []


# --- the commit as a state machine: any cut, then recovery (hypothesis) ------------------------------


class _Killed(BaseException):
    """Stands for SIGKILL in-process: nothing after the cut runs, not even the put-back."""


NAMES = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.fixed_dictionaries({n: st.one_of(st.none(), st.binary(max_size=40)) for n in NAMES}),
    after=st.dictionaries(st.sampled_from(NAMES), st.one_of(st.none(), st.binary(max_size=40)), min_size=1),
    cut=st.integers(min_value=-2, max_value=len(NAMES)),
)
def test_a_commit_cut_anywhere_is_recovered_to_all_before_or_all_after(monkeypatch, before, after, cut):
    """Files that exist or not, a commit that writes or deletes some of them, cut at any stage
    (-2: no cut, -1: after the temporary files, N: after N renames): once recovered, every file is
    as before or every file is as after; nothing is left behind, and undo brings back `before`."""
    import tempfile

    from fivefold import transaction
    from fivefold.transaction import Journal

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".fivefold").mkdir()
        for name, data in before.items():
            if data is not None:
                (root / name).write_bytes(data)
        journal = Journal(root, root / ".fivefold" / "undo")
        changes = {root / n: data for n, data in after.items()}
        stage = "temps" if cut == -1 else str(cut)

        def crash(point: str) -> None:
            if cut != -2 and point == stage:
                raise _Killed

        real_roll_back = Journal._roll_back
        monkeypatch.setattr(transaction, "_crash_point", crash)
        monkeypatch.setattr(Journal, "_roll_back", lambda self, record: (_ for _ in ()).throw(_Killed()))
        with contextlib.suppress(_Killed):
            journal.commit("test", changes)
        monkeypatch.setattr(Journal, "_roll_back", real_roll_back)
        monkeypatch.setattr(transaction, "_crash_point", lambda point: None)
        monkeypatch.setattr(transaction, "_committed_to_git", lambda path, before: False)  # no git here: spare the processes
        journal.recover()

        def state() -> dict[str, bytes | None]:
            return {n: (root / n).read_bytes() if (root / n).exists() else None for n in NAMES}

        expected_after = {**before, **after}
        assert state() in (before, expected_after)
        assert not [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == "pending.json"]
        if state() == expected_after and expected_after != before:
            assert journal.last() is not None
            journal.undo()
            assert state() == before
