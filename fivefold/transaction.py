"""Writing the workspace: the lock (and who holds it), the atomic write of one file, and the commit
of a command's files all or none. The undo journal records each commit, so `undo` can walk it back
and the next command can finish or take back a commit that was cut short (a kill, a power cut)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from fivefold import clock, portable
from fivefold.errors import FivefoldError, LockTimeout, Refused, WorkspaceError
from fivefold.paths import display

JOURNAL_KEEP = 100
LOCK_FILE = "lock"
HOLDER_FILE = "holder.json"  # the holder's card: pid, command, since (for waiters' messages and deadlines)
PENDING = "pending.json"  # the journal record of a commit under way; renamed to its number when done
DEFAULT_TIMEOUT = 30.0
WAIT_NOTICE = 2.0  # seconds of waiting before the user is told who holds the lock
SLICE = 0.25  # how often a waiter reads the holder's card and tries the lock whatever the card says
POLL = 0.05  # how often a waiter looks whether the card is still there
_ENTRY = re.compile(r"^(\d{8,})\.json")  # also matches the damaged ones set aside (.json.damaged)
_TEMP = re.compile(r"^\..+\.(\d+)\.tmp$")

Notify = Callable[[str, dict[str, Any]], None]  # a message key and its parameters, for the user


# --- one file --------------------------------------------------------------------------------------


def temp_for(path: Path) -> Path:
    """The temporary name a write of `path` by this process uses (hidden, in the same folder)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_temp(path: Path, data: bytes) -> Path:
    """The data in a temporary file beside `path`, on disk (fsync), with the mode of the file it
    will replace; nothing is left behind when that fails."""
    tmp = temp_for(path)
    try:
        mode: int | None = portable.mode_of(path.stat())
    except FileNotFoundError:
        mode = None
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            portable.set_mode(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename over the target, fsync the folder. Raises
    OSError, leaving the target as it was."""
    tmp = write_temp(path, data)
    try:
        portable.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    portable.fsync_dir(path.parent)


def atomic_write(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# --- the lock --------------------------------------------------------------------------------------


def lock_timeout() -> float:
    """FIVEFOLD_LOCK_TIMEOUT (seconds one holder may keep the lock before a waiter gives up), else 30."""
    text = os.environ.get("FIVEFOLD_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise FivefoldError("bad_lock_timeout", value=text)
    return value


@contextlib.contextmanager
def hold(state: Path, command: str, timeout: float | None = None, notify: Notify | None = None) -> Iterator[None]:
    """The workspace lock, .fivefold/lock, through oslock (flock on POSIX, msvcrt.locking on
    Windows: the system releases it when its holder dies). Waiting is bounded by work, not by the clock: the
    deadline starts again whenever the holder changes (others are getting through), so a waiter
    gives up only when one holder has kept the lock longer than the timeout."""
    from fivefold.oslock import FileLock

    limit = lock_timeout() if timeout is None else timeout
    path, holder = state / LOCK_FILE, state / HOLDER_FILE
    lock = FileLock(str(path))
    _acquire(lock, path, holder, limit, notify)
    try:
        with contextlib.suppress(OSError):  # the card only guides waiters: who holds it, when to try again
            # ASCII JSON: a command line may carry undecodable bytes (lone surrogates) that UTF-8 cannot hold
            holder.write_text(json.dumps({"pid": os.getpid(), "command": command, "since": clock.now().isoformat(),
                                          "token": time.time_ns()}), "utf-8")  # fmt: skip
        yield
    finally:
        with contextlib.suppress(OSError):
            holder.unlink()
        lock.release()


def _acquire(lock: Any, path: Path, card: Path, limit: float, notify: Notify | None) -> None:
    """Try the lock when the holder's card goes (it is removed just before the lock is released) and
    at every look; between tries only the card is looked at. A failed try (an open and a lock call)
    costs more than a stat, and 64 waiters trying 50 times a second would slow the holder they wait for."""
    from fivefold.oslock import Busy

    start = time.monotonic()
    seen: str | None = None
    seen_since = next_look = start
    told = False
    while True:
        now = time.monotonic()
        looking = now >= next_look
        if looking or not os.path.exists(card):  # at each look too: a holder killed leaves its card behind
            try:
                lock.acquire()
                return
            except Busy:
                pass
            except OSError as exc:  # a folder where the lock file should be, or a file we may not open
                raise WorkspaceError("lock_unusable", path=display(path), reason=exc.strerror or str(exc)) from None
        if looking:
            next_look = now + SLICE
            text = _read_card(card)
            if text != seen:
                seen, seen_since = text, now
            if now - seen_since >= limit:
                who = _holder_params(text)
                key = "lock_timeout_held" if who else "lock_timeout"
                raise LockTimeout(key, seconds=f"{limit:g}", path=display(path), **who)
            if notify is not None and not told and now - start >= WAIT_NOTICE:
                told = True
                who = _holder_params(text)
                notify("lock_waiting" if who else "lock_waiting_unknown", who)
        time.sleep(POLL)


def _read_card(holder: Path) -> str | None:
    try:
        return holder.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _holder_params(card: str | None) -> dict[str, Any]:
    """pid, command and since (the time of day) of the holder's card, or {} when it is unreadable."""
    try:
        data = json.loads(card or "")
        pid, command, since = int(data["pid"]), str(data["command"]), str(data["since"])
    except (ValueError, TypeError, KeyError):
        return {}
    return {"pid": pid, "command": command or "?", "since": since[11:19] or since}


# --- the journal and the commit ----------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(rel: Any) -> bool:
    """A journalled path stays inside the workspace whatever the journal says."""
    if not isinstance(rel, str) or not rel:
        return False
    posix = PurePosixPath(rel.replace("\\", "/"))
    return not posix.is_absolute() and ".." not in posix.parts and not PureWindowsPath(rel).drive


def _valid(record: Any) -> bool:
    """The shape of a journal record, checked before anything acts on it."""
    if not isinstance(record, dict) or not isinstance(record.get("command"), str) or not isinstance(record.get("files"), list):
        return False
    for f in record["files"]:
        if not isinstance(f, dict) or not _inside(f.get("path")):
            return False
        if not isinstance(f.get("before"), str | None) or not isinstance(f.get("before_b64"), str | None):
            return False
        if not isinstance(f.get("after_sha"), str | None) or (f.get("temp") is not None and not _inside(f["temp"])):
            return False
        if f.get("before_b64") is not None:
            try:
                base64.b64decode(f["before_b64"], validate=True)
            except ValueError:
                return False
    return isinstance(record.get("number"), int | None) and isinstance(record.get("undoes"), str | None)


def _crash_point(stage: str) -> None:
    """Test hook: FIVEFOLD_TEST_CRASH_AFTER=temps kills this process (SIGKILL) once a commit's
    temporary files are written; =N once N of its renames are done (0: right after the journal
    record). Tests use it to cut a commit short at an exact point; nothing else reads it."""
    if os.environ.get("FIVEFOLD_TEST_CRASH_AFTER") == stage:
        import signal

        kill = getattr(signal, "SIGKILL", None)
        if kill is not None:
            os.kill(os.getpid(), kill)
        os._exit(137)


class Journal:
    """The undo journal, .fivefold/undo: one JSON record per command that wrote (numbered, the last
    100 kept), each file's bytes from before and the hash of what was written; and pending.json
    while a commit is under way, the commit point being its rename to its number."""

    def __init__(self, root: Path, folder: Path, notify: Notify | None = None, actor: Callable[[], str] | None = None) -> None:
        self.root = root
        self.folder = folder
        self.pending = folder / PENDING
        self.notify = notify or (lambda key, params: None)
        self.actor = actor  # who writes: kept in each record, so that `undo` can say whose change it reverts

    # --- reading ----------------------------------------------------------------------------------

    def numbered(self) -> list[Path]:
        """The records of commands that landed, oldest first (damaged ones set aside excluded)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(self.folder / n for n in names if _ENTRY.match(n) and n.endswith(".json"))

    def read(self, path: Path) -> dict[str, Any] | None:
        """A record, or None when it is damaged (truncated, not JSON, the wrong shape): such a record is
        set aside with a warning and counts as absent, so that it never blocks anything."""
        try:
            record = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError):
            record = None
        if _valid(record):
            return record
        aside = path.with_name(path.name + ".damaged")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        self.notify("journal_damaged", {"path": display(path), "aside": aside.name})
        return None

    def last(self) -> tuple[Path, dict[str, Any]] | None:
        for path in reversed(self.numbered()):
            record = self.read(path)
            if record is not None:
                return path, record
        return None

    def entries(self) -> list[tuple[Path, dict[str, Any]]]:
        """Every readable record, oldest first (`undo --list`)."""
        return [(path, record) for path in self.numbered() if (record := self.read(path)) is not None]

    def _next_number(self) -> int:
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 1
        return max((int(m[1]) for n in names if (m := _ENTRY.match(n))), default=0) + 1

    # --- committing ---------------------------------------------------------------------------------

    def commit(self, command: str, changes: dict[Path, bytes | None], *, undoes: Path | None = None) -> None:
        """Write every file (None: delete it) or none. Each new content goes to a temporary file
        first; then the record of the set (bytes before, hash after) is written as pending.json;
        then every rename. A failure puts back what was renamed; a kill leaves pending.json for
        the next command's recover(). `undoes`: the record this commit reverts (undo)."""
        if not changes:
            return
        befores = {path: _before(path) for path in changes}  # refuses a read-only file or a folder first
        temps: dict[Path, Path] = {}
        current = next(iter(changes))
        try:
            for path, data in changes.items():
                current = path
                if data is not None:
                    temps[path] = write_temp(path, data)
            _crash_point("temps")
            record = self._record(command, changes, befores, temps, undoes)
            current = self.pending
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.pending, json.dumps(record))
        except BaseException as exc:  # a full disk, or Ctrl-C: nothing was renamed, no trace of the command is left
            _discard([*temps.values(), self.pending])
            if isinstance(exc, OSError):
                raise _unwritable(current, exc) from None
            raise
        try:
            _crash_point("0")
            for n, (path, data) in enumerate(changes.items(), 1):
                current = path
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    portable.replace(temps[path], path)
                _crash_point(str(n))
            for folder in {path.parent for path in changes}:
                portable.fsync_dir(folder)
        except BaseException as exc:
            with contextlib.suppress(OSError):  # else pending.json stays, and the next command puts it back
                self._roll_back(record)
                self.pending.unlink()
            if isinstance(exc, OSError):
                raise _unwritable(current, exc) from None
            raise
        with contextlib.suppress(OSError):  # the files have landed: a record left pending is finished later
            self._finish(record)

    def _record(
        self,
        command: str,
        changes: dict[Path, bytes | None],
        befores: dict[Path, bytes | None],
        temps: dict[Path, Path],
        undoes: Path | None,
    ) -> dict[str, Any]:
        files = []
        for path, data in changes.items():
            entry: dict[str, Any] = {"path": path.relative_to(self.root).as_posix(), "before": None}
            before = befores[path]
            if before is not None:
                try:
                    entry["before"] = before.decode("utf-8")  # bytes: \r\n and a BOM are kept as they were
                except UnicodeDecodeError:
                    entry["before_b64"] = base64.b64encode(before).decode("ascii")
            entry["after_sha"] = _sha(data) if data is not None else None
            if path in temps:
                entry["temp"] = temps[path].relative_to(self.root).as_posix()
            files.append(entry)
        return {
            "command": command,
            "at": clock.now().isoformat(),
            "number": None if undoes is not None else self._next_number(),
            "undoes": undoes.name if undoes is not None else None,
            "by": self.actor() if self.actor is not None else None,
            "files": files,
        }

    def _finish(self, record: dict[str, Any]) -> None:
        """The commit point: the record takes its number (or, for an undo, the undone record goes)."""
        if record.get("undoes"):
            (self.folder / record["undoes"]).unlink(missing_ok=True)
            self.pending.unlink()
        else:
            portable.replace(self.pending, self.folder / f"{record['number']:08d}.json")
        portable.fsync_dir(self.folder)
        for old in self.numbered()[:-JOURNAL_KEEP]:
            old.unlink(missing_ok=True)

    def _roll_back(self, record: dict[str, Any]) -> None:
        """Put back each file this record's commit renamed into place; remove its temporary files."""
        for f in record["files"]:
            path = self.root / f["path"]
            current = _read_or_none(path)
            before = _before_bytes(f)
            if _is(current, f["after_sha"]) and current != before:
                if before is None:
                    path.unlink()
                else:
                    atomic_write_bytes(path, before)
            elif current != before:
                self.notify("recovery_conflict", {"command": record["command"], "path": display(path)})
            if f.get("temp"):
                (self.root / f["temp"]).unlink(missing_ok=True)

    # --- after a kill -------------------------------------------------------------------------------

    def recover(self) -> None:
        """Under the lock, before anything else: a commit cut short is finished when every file had
        landed, else put back as it was before the command (a command that did not finish has no
        effect). Then temporary files whose writer is gone are removed."""
        if os.path.lexists(self.pending):
            record = self.read(self.pending)  # None when damaged: set aside, with a warning
            if record is not None:
                try:
                    if all(_is(_read_or_none(self.root / f["path"]), f["after_sha"]) for f in record["files"]):
                        self._finish(record)
                    else:
                        self._roll_back(record)
                        self.pending.unlink()
                except OSError as exc:  # nothing is written over a half-finished commit: every command stops here
                    reason = exc.strerror or str(exc)
                    raise WorkspaceError("recovery_failed", command=record["command"], reason=reason) from None
        sweep_temps(self.root, self.folder.parent)

    # --- undo ---------------------------------------------------------------------------------------

    def undo(self, expect: str | None = None) -> tuple[str, int]:
        """Revert the last command's writes, all or none, if nothing has touched those files since;
        `expect`: the record the user was shown (refused when another command wrote meanwhile)."""
        found = self.last()
        if found is None:
            raise FivefoldError("nothing_to_undo")
        entry, record = found
        if expect is not None and entry.name != expect:
            raise FivefoldError("undo_moved", command=record["command"])
        changes: dict[Path, bytes | None] = {}
        for f in record["files"]:
            path = self.root / f["path"]
            if not _is(_read_or_none(path), f["after_sha"]):
                raise FivefoldError("undo_changed", path=display(path))
            changes[path] = _before_bytes(f)
        for path, before in changes.items():
            if _committed_to_git(path, before):
                raise FivefoldError("undo_committed", path=display(path))
        if changes:
            self.commit(f"undo {record['command']}", changes, undoes=entry)
        else:
            entry.unlink()
        return record["command"], len(changes)


def _before(path: Path) -> bytes | None:
    """The file's bytes before a commit, None when it does not exist; refuses, before anything is
    written, a target that is a folder or a file someone made read-only."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WorkspaceError("target_is_folder", path=display(path))
    if not portable.writable(path, st):
        raise Refused("read_only_file", path=display(path))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkspaceError("unreadable", path=display(path), reason=exc.strerror or str(exc)) from None


def _before_bytes(f: dict[str, Any]) -> bytes | None:
    if f.get("before_b64") is not None:
        return base64.b64decode(f["before_b64"])
    return f["before"].encode("utf-8") if f.get("before") is not None else None


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _is(current: bytes | None, sha: str | None) -> bool:
    """Does the file hold what was written (sha None: the write deleted it)?"""
    return current is None if sha is None else current is not None and _sha(current) == sha


def _discard(paths: Any) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _unwritable(path: Path, exc: OSError) -> WorkspaceError:
    return WorkspaceError("unwritable", path=display(path), reason=exc.strerror or str(exc))


def sweep_temps(root: Path, state: Path) -> None:
    """Remove temporary files (.NAME.<pid>.tmp) whose writer is no longer running, from the
    workspace, its plan folders and the tool's own folders. Under the lock: no write of ours is
    under way, and a reader's cache write belongs to a running process."""
    folders = [root, state / "undo", state / "cache", state / "edit"]
    with contextlib.suppress(OSError):
        folders += [Path(e.path) for e in os.scandir(root) if not e.name.startswith(".") and e.is_dir()]
    me = os.getpid()
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not (name.startswith(".") and name.endswith(".tmp")):  # what _TEMP needs: most names go unmatched
                continue
            m = _TEMP.match(name)
            if m and (int(m[1]) == me or not portable.pid_alive(int(m[1]))):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()


def _committed_to_git(path: Path, before: bytes | None) -> bool:
    """True when the file is tracked by git and has no uncommitted change (the write was committed)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    if out.returncode != 0:
        return False  # not a git repository
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "--", path.name], cwd=path.parent, capture_output=True)
    return tracked.returncode == 0 and out.stdout.strip() == ""


class Transaction:
    """Writes staged under the lock, then committed together, all or none (Journal.commit)."""

    def __init__(self, ws: Any, command: str) -> None:
        self.ws = ws  # the store's Workspace: root, journal()
        self.command = command
        self.staged: dict[Path, str | bytes] = {}

    def write(self, path: Path, text: str) -> None:
        self.staged[path] = text

    def write_bytes(self, path: Path, data: bytes) -> None:
        """A file that is not text (an evidence file), its folders made when it is committed."""
        self.staged[path] = data

    def commit(self) -> None:
        if self.staged:
            for path in self.staged:
                path.parent.mkdir(parents=True, exist_ok=True)  # evidence/<ID>/: an empty folder is all a failure leaves
            changes = {path: data if isinstance(data, bytes) else data.encode("utf-8") for path, data in self.staged.items()}
            self.ws.journal().commit(self.command, changes)
