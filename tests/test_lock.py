"""The workspace lock through oslock and the platform module (issue 16 §8, §13; issue 14 §1): its
timeout setting, who holds it, a deadline that restarts while holders change, named errors for a
lock path that cannot be used; and portable.py's Windows branches, exercised here on Linux."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fivefold import portable, transaction
from fivefold.errors import LockTimeout, WorkspaceError
from fivefold.workspace import Workspace
from tests.helpers import one_line


@pytest.fixture
def item(ff, complete_item) -> str:
    return complete_item()


# --- the timeout setting --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "30s", "inf"])
def test_an_unusable_lock_timeout_is_one_clear_line(ff, plans, item, value):
    before = (plans / "demo" / f"{item}.yaml").read_bytes()
    line = one_line(ff("note", item, "推进顺利", env={"FIVEFOLD_LOCK_TIMEOUT": value}, expect=1))
    assert f"FIVEFOLD_LOCK_TIMEOUT must be a number of seconds (e.g. 30), not '{value}'" in line
    assert (plans / "demo" / f"{item}.yaml").read_bytes() == before


@pytest.mark.parametrize(("value", "seconds"), [("", 30.0), ("5", 5.0), (" 0.5 ", 0.5), ("0", 0.0)])
def test_lock_timeout_values(monkeypatch, value, seconds):
    monkeypatch.setenv("FIVEFOLD_LOCK_TIMEOUT", value)
    assert transaction.lock_timeout() == seconds


# --- who holds it ------------------------------------------------------------------------------------


def test_a_timeout_names_the_holder_and_writes_nothing(ff, plans, item, platform_mode):
    path = plans / "demo" / f"{item}.yaml"
    before = path.read_bytes()
    with Workspace(plans).lock(command="sync"):  # held by this process through another open file
        result = ff("note", item, "推进顺利", env={"FIVEFOLD_LOCK_TIMEOUT": "0.3"}, expect=1)
    line = one_line(result)
    assert f"locked by process {os.getpid()} (sync) for over 0.3 s; nothing was written" in line
    assert path.read_bytes() == before
    ff("note", item, "推进顺利")  # released: the next write gets through at once


def test_the_holder_card_is_written_while_held_and_removed_after(plans):
    ws = Workspace(plans)
    card = plans / ".fivefold" / transaction.HOLDER_FILE
    with ws.lock(command="note SY-001"):
        data = __import__("json").loads(card.read_text("utf-8"))
        assert (data["pid"], data["command"]) == (os.getpid(), "note SY-001")
    assert not card.exists()


class _Busy:
    """A lock that stays taken for `turns` attempts, each taken by a different holder (the card is
    rewritten) or by the same one."""

    def __init__(self, card: Path, turns: int, changing: bool) -> None:
        self.card, self.turns, self.changing, self.calls = card, turns, changing, 0

    def acquire(self) -> None:
        from fivefold.oslock import Busy

        self.calls += 1
        if self.calls > self.turns:
            return
        pid = 1000 + self.calls if self.changing else 1000
        self.card.write_text(f'{{"pid": {pid}, "command": "note SY-{pid}", "since": "2026-11-27T10:00:00+08:00"}}', "utf-8")
        raise Busy(str(self.card))


@pytest.fixture
def quick(monkeypatch):
    """A waiter that looks at the holder every 0.1 s (0.25 s in use)."""
    monkeypatch.setattr(transaction, "SLICE", 0.1)


def test_the_wait_goes_on_while_holders_change(tmp_path, quick):
    """Ten holders in a row keep the lock for about a second in all; a waiter with a 0.3 s timeout
    gets it in the end, since each holder held it only 0.1 s: others were getting through."""
    busy = _Busy(tmp_path / "holder.json", turns=10, changing=True)
    transaction._acquire(busy, tmp_path / "lock", busy.card, 0.3, None)
    assert busy.calls == 11


def test_one_holder_keeping_it_past_the_timeout_is_given_up_on(tmp_path, quick):
    busy = _Busy(tmp_path / "holder.json", turns=10, changing=False)
    with pytest.raises(LockTimeout) as caught:
        transaction._acquire(busy, tmp_path / "lock", busy.card, 0.3, None)
    assert caught.value.key == "lock_timeout_held" and caught.value.params["pid"] == 1000
    assert busy.calls < 6


def test_the_waiting_notice_comes_once_after_two_seconds(tmp_path, monkeypatch, quick):
    monkeypatch.setattr(transaction, "WAIT_NOTICE", 0.25)
    told: list[tuple[str, dict]] = []
    busy = _Busy(tmp_path / "holder.json", turns=6, changing=True)
    transaction._acquire(busy, tmp_path / "lock", busy.card, 5, lambda key, params: told.append((key, params)))
    assert len(told) == 1
    key, params = told[0]
    assert key == "lock_waiting" and params["command"].startswith("note SY-") and params["since"] == "10:00:00"


# --- a lock that cannot be used ------------------------------------------------------------------------


def test_the_lock_path_being_a_folder_is_a_clear_error(ff, plans, item):
    lock = plans / ".fivefold" / "lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    line = one_line(ff("note", item, "推进顺利", expect=1))
    assert "cannot use the workspace lock file" in line and str(Path(".fivefold") / "lock") in line


def test_a_lock_file_we_may_not_open_is_a_clear_error(ff, plans, item, monkeypatch):
    real = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(os.path.join(".fivefold", "lock")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = ff("note", item, "推进顺利", expect=1)
    monkeypatch.setattr(os, "open", real)
    assert "cannot use the workspace lock file" in one_line(result) and "Permission denied" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_state_folder_is_a_clear_error(ff, plans, item):
    state = plans / ".fivefold"
    (state / "lock").unlink(missing_ok=True)
    state.chmod(0o555)
    try:
        line = one_line(ff("note", item, "推进顺利", expect=1))
    finally:
        state.chmod(0o755)
    assert ".fivefold" in line


def test_a_journal_folder_we_may_not_write_is_a_clear_error(ff, plans, item, monkeypatch):
    """As when .fivefold/ belongs to someone else: the item file stays as it was."""
    path = plans / "demo" / f"{item}.yaml"
    before = path.read_bytes()
    real = transaction.write_temp

    def refuse(target: Path, data: bytes) -> Path:
        if ".fivefold" in target.parts:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(target, data)

    monkeypatch.setattr(transaction, "write_temp", refuse)
    line = one_line(ff("note", item, "推进顺利", expect=1))
    monkeypatch.setattr(transaction, "write_temp", real)
    assert "pending.json: Permission denied" in line
    assert path.read_bytes() == before and not list(plans.rglob("*.tmp"))


# --- the platform module ----------------------------------------------------------------------------------


def test_replace_is_retried_on_windows_while_the_target_is_held_open(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    monkeypatch.setattr(portable, "REPLACE_PAUSE", 0.001)
    real, failures = os.replace, [PermissionError(errno.EACCES, "sharing violation")] * 3

    def replace(src, dst):
        if failures:
            raise failures.pop()
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "SY-001.yaml"
    transaction.atomic_write(target, "id: SY-001\n")
    assert target.read_text("utf-8") == "id: SY-001\n" and failures == []


def test_replace_is_not_retried_elsewhere_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", False)
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(PermissionError(errno.EACCES, "denied")))
    with pytest.raises(PermissionError):
        transaction.atomic_write(tmp_path / "SY-001.yaml", "id: SY-001\n")
    assert list(tmp_path.iterdir()) == []


def test_replace_gives_up_on_windows_after_about_a_second(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    monkeypatch.setattr(portable, "REPLACE_PAUSE", 0.001)
    calls = []

    def replace(src, dst):
        calls.append(dst)
        raise PermissionError(errno.EACCES, "sharing violation")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(PermissionError):
        portable.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == portable.REPLACE_TRIES


def test_no_folder_fsync_on_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "WINDOWS", True)
    monkeypatch.setattr(os, "open", lambda *a, **k: pytest.fail("a folder was opened to be synced"))
    portable.fsync_dir(tmp_path)


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOTSUP])
def test_a_file_system_that_cannot_sync_folders_is_accepted(tmp_path, monkeypatch, code):
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(code, os.strerror(code))))
    portable.fsync_dir(tmp_path)


def test_a_real_folder_sync_failure_is_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
    with pytest.raises(OSError):
        portable.fsync_dir(tmp_path)


def test_pid_alive():
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    assert portable.pid_alive(os.getpid())
    assert not portable.pid_alive(done.pid)
    assert not portable.pid_alive(0) and not portable.pid_alive(-5) and not portable.pid_alive(10**30)


def test_read_only_and_writable(tmp_path):
    path = tmp_path / "x"
    path.write_text("x")
    path.chmod(0o444)
    assert portable.read_only(path.stat()) and not portable.writable(path, path.stat())
    path.chmod(0o640)
    assert portable.mode_of(path.stat()) == 0o640 and portable.writable(path, path.stat())


def test_a_lock_and_a_write_cycle_through_both_branches(ff, plans, item, platform_mode):
    """The same lock, commit, journal and undo on either branch of the platform module."""
    path = plans / "demo" / f"{item}.yaml"
    before = path.read_bytes()
    ff("note", item, "推进顺利")
    ff("note", item, "又一条")
    ff("undo")
    ff("undo")
    assert path.read_bytes() == before
    with pytest.raises(WorkspaceError), Workspace(plans).transaction("test") as tx:
        (plans / "demo" / "SY-099.yaml").mkdir()
        tx.write(plans / "demo" / "SY-099.yaml", "id: SY-099\n")


def test_the_lock_is_exclusive_until_released(tmp_path):
    """oslock: a second holder (another open of the file, as another process has) is refused while the
    first holds the lock, and gets it once it is released; a folder in its place is an OSError."""
    from fivefold.oslock import Busy, FileLock

    path = str(tmp_path / "lock")
    first, second = FileLock(path), FileLock(path)
    first.acquire()
    with pytest.raises(Busy):
        second.acquire()
    first.release()
    first.release()  # twice: nothing more to let go
    second.acquire()
    held = subprocess.run(
        [sys.executable, "-c", "import sys; from fivefold.oslock import FileLock, Busy\n"
         "try:\n    FileLock(sys.argv[1]).acquire()\nexcept Busy:\n    sys.exit(3)", path],
        timeout=60,
    )  # fmt: skip
    assert held.returncode == 3  # another process is refused too
    second.release()
    (tmp_path / "folder").mkdir()
    with pytest.raises(OSError):
        FileLock(str(tmp_path / "folder")).acquire()


def test_a_killed_holder_leaves_the_lock_free(tmp_path):
    from fivefold.oslock import FileLock

    path = str(tmp_path / "lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from fivefold.oslock import FileLock\n"
         "FileLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)", path],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=60)
    lock = FileLock(path)
    lock.acquire()
    lock.release()
