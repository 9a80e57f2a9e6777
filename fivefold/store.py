"""The workspace on disk: finding it, loading every file (collecting per-file problems), the lock,
atomic writes and the undo journal."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from fivefold import clock
from fivefold.errors import FivefoldError, Invalid, LockTimeout, NotFound, Problem, WorkspaceError, shorten
from fivefold.model import Item, Plan, Settings, canonical_id

MAX_BYTES = 1024 * 1024  # files over 1 MiB are refused (DESIGN §9)
SETTINGS_FILE = "fivefold.yaml"
PLAN_FILE = "plan.yaml"
STATE_DIR = ".fivefold"
JOURNAL_KEEP = 100
_ITEM_FILE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-([0-9]+)\.yaml$")


def _codec() -> Any:
    """The YAML codec, imported only by the paths that parse (a warm cache needs none)."""
    from fivefold import codec

    return codec


def find_workspace(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """--plans, then FIVEFOLD_PLANS, then walking up from cwd for fivefold.yaml or plans/fivefold.yaml."""
    given = explicit or os.environ.get("FIVEFOLD_PLANS")
    if given:
        root = Path(given).expanduser()
        shown = shorten(str(root), 80)  # a 10,000-character path is not repeated whole
        try:
            if not (root / SETTINGS_FILE).is_file():
                raise WorkspaceError("not_workspace", path=shown)
            return root.resolve()
        except OSError as exc:  # a name too long for the file system, a folder we may not enter, a link loop
            raise WorkspaceError("unreadable", path=shown, reason=exc.strerror or str(exc)) from None
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder, folder / "plans"):
            if _is_file(candidate / SETTINGS_FILE):
                return candidate
    raise WorkspaceError("no_workspace")


def _is_file(path: Path) -> bool:
    """Path.is_file, with a name too long for the file system (ENAMETOOLONG) or unreadable folder as no."""
    try:
        return path.is_file()
    except OSError:
        return False


def display(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # OSError: the current folder was deleted
        return str(path)


def read_text(path: Path) -> str:
    """A file's text, refusing anything over 1 MiB or not UTF-8 (a Problem naming the file)."""
    shown = display(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Invalid([Problem(shown, "unreadable", {"path": shown, "reason": exc.strerror or str(exc)})]) from None
    return decode(data, path)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is allowed), refusing anything over 1 MiB (a Problem naming the file)."""
    shown = display(path)
    if len(data) > MAX_BYTES:
        raise Invalid([Problem(shown, "too_large", {}, 1, 1)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Invalid([Problem(shown, "not_utf8", {}, line, None)]) from None


@dataclass(slots=True)
class Snapshot:
    """Everything that loaded, and what did not."""

    settings: Settings
    plans: dict[str, Plan]
    items: list[Item]
    by_id: dict[str, Item]
    problems: list[Problem] = field(default_factory=list)
    broken_ids: dict[str, Path] = field(default_factory=dict)  # id -> file that failed to load

    def plan_of(self, item: Item) -> Plan | None:
        return self.plans.get(item.plan)


class ItemFile(NamedTuple):
    """One item file as the directory scan saw it (a tuple: thousands are made per run)."""

    plan: str
    name: str  # the file name, e.g. SY-007.yaml
    full: str  # its full path
    stat: os.stat_result

    @property
    def file_id(self) -> str:
        return self.name[:-5]

    @property
    def rel(self) -> str:
        """The cache key: plan folder / file name."""
        return f"{self.plan}/{self.name}"

    @property
    def path(self) -> Path:
        return Path(self.full)


Progress = Callable[[int], Callable[[int], None]]  # total -> advance(n): a progress display, if any
PARALLEL_FROM = 2000  # parse in worker processes from this many files


def parse_one(path: Path, plan: str, file_id: str, now: int) -> tuple[Any, ...]:
    """One file as a cache entry: (stat key, racy hash or None, ("ok", record) or ("bad", problems))."""
    from fivefold import cache
    from fivefold.model import item_record

    try:
        st = path.stat()
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        shown = display(path)
        problem = Problem(shown, "unreadable", {"path": shown, "reason": exc.strerror or str(exc)})
        return ((0, 0, 0), None, ("bad", (_problem_tuple(problem),)))
    key = cache.stat_key(st)
    sealed = cache.digest(data) if cache.racy(st, now) else None
    try:
        item = _codec().load_item(decode(data, path), display(path), plan=plan, file_id=file_id)
    except Invalid as exc:
        return (key, sealed, ("bad", tuple(_problem_tuple(p) for p in exc.problems)))
    return (key, sealed, ("ok", item_record(item)))


def _parse_chunk(chunk: list[tuple[str, str, str, int]]) -> list[tuple[Any, ...]]:
    return [parse_one(Path(p), plan, file_id, now) for p, plan, file_id, now in chunk]


def _parse_files(files: list[ItemFile], progress: Progress | None) -> list[tuple[Any, ...]]:
    from fivefold import cache

    now = cache.now_ns()
    advance = progress(len(files)) if progress is not None and len(files) >= 200 else (lambda n: None)
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        out = []
        for f in files:
            out.append(parse_one(f.path, f.plan, f.file_id, now))
            advance(1)
        return out
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(f.full, f.plan, f.file_id, now) for f in files]
    size = 250
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    out = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_parse_chunk, chunks):
            out.extend(result)
            advance(len(result))
    return out


def _problem_tuple(p: Problem) -> tuple[Any, ...]:
    return (p.key, p.params, p.line, p.column, p.keypath)


def _from_entry(entry: tuple[Any, ...], path: str) -> Item | list[Problem]:
    from fivefold.model import item_from_record

    kind, payload = entry[2]
    if kind == "ok":
        return item_from_record(payload)
    shown = display(Path(path))
    return [Problem(shown, key, params, line, column, tuple(keypath)) for key, params, line, column, keypath in payload]


@dataclass(slots=True)
class Change:
    path: Path
    before: str | None  # None: the command created the file


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = root / STATE_DIR
        self._meta_entries: dict[str, tuple[Any, ...]] | None = None
        self._meta_store: Any = None
        self.after_commit: list[Callable[[Transaction], None]] = []  # e.g. the git autocommit (cli/env.py)

    # --- reading ---------------------------------------------------------------------------------

    def settings(self) -> Settings:
        path = self.root / SETTINGS_FILE
        return self._meta(path, lambda text, shown: _codec().load_settings(text, shown))  # type: ignore[no-any-return]

    def _meta(self, path: Path, load: Callable[[str, str], Any]) -> Any:
        """fivefold.yaml or a plan.yaml, parsed (or its problems raised), from the small meta cache
        while the file is unchanged, so that a warm run imports no YAML library at all."""
        import pickle

        from fivefold import cache

        if self._meta_entries is None:
            self._meta_store = cache.FileCache(self.state / "cache" / "meta")
            self._meta_entries = self._meta_store.load()
        rel = str(path.relative_to(self.root))
        try:
            st = path.stat()
        except OSError:
            st = None
        entry = self._meta_entries.get(rel)
        if st is not None and entry is not None and cache.valid(entry, st, str(path)):
            kind, blob = entry[2]
        else:
            try:
                kind, blob = "ok", pickle.dumps(load(read_text(path), display(path)))
            except Invalid as exc:
                kind, blob = "bad", pickle.dumps(exc.problems)
            if st is not None:
                sealed = cache.digest(path.read_bytes()) if cache.racy(st, cache.now_ns()) else None
                self._meta_entries[rel] = (cache.stat_key(st), sealed, (kind, blob))
                self._meta_store.save(self._meta_entries)
        value = pickle.loads(blob)
        if kind == "bad":
            raise Invalid(value)
        return value

    def plan_dirs(self) -> list[Path]:
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError as exc:
            raise WorkspaceError("unreadable", path=str(self.root), reason=exc.strerror or str(exc)) from None
        return [
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".") and (Path(e.path) / PLAN_FILE).is_file()
        ]

    def load_plans(self) -> tuple[dict[str, Plan], list[Problem]]:
        plans: dict[str, Plan] = {}
        problems: list[Problem] = []
        prefixes: dict[str, str] = {}
        for folder in self.plan_dirs():
            path = folder / PLAN_FILE
            try:
                plan = self._meta(path, lambda text, shown, name=folder.name: _codec().load_plan(text, shown, name))
            except Invalid as exc:
                problems.extend(exc.problems)
                continue
            other = prefixes.get(plan.prefix)
            if other is not None:
                problems.append(Problem(display(path), "duplicate_prefix", {"prefix": plan.prefix, "other": other}))
                continue
            prefixes[plan.prefix] = plan.name
            plans[plan.name] = plan
        return plans, problems

    def item_files(self, plan_dir: Path) -> list[tuple[str, Path]]:
        """(id, path) for every item file in a plan folder, by file name alone."""
        return [(name[:-5], plan_dir / name) for name in self.item_names(plan_dir)]

    def item_names(self, plan_dir: Path) -> list[str]:
        """The item file names in a plan folder (no Path objects: thousands are read per write)."""
        return [e.name for e in os.scandir(plan_dir) if _ITEM_FILE.match(e.name) and e.is_file()]

    def scan(self, plans: dict[str, Plan]) -> list[ItemFile]:
        """Every item file of every plan, with its stat, from one directory scan per plan."""
        files = []
        for name in plans:
            for entry in os.scandir(self.root / name):
                if _ITEM_FILE.match(entry.name) and entry.is_file():
                    files.append(ItemFile(name, entry.name, entry.path, entry.stat()))
        files.sort(key=lambda f: (f.plan, f.name))
        return files

    def read_items(
        self, files: list[ItemFile], progress: Progress | None = None, *, use_cache: bool = True, every: bool = False
    ) -> dict[str, tuple[tuple[Any, ...], Item | list[Problem]]]:
        """Each file's cache entry (stat key, racy hash, payload) and its Item or problems: from the
        items cache where still valid, else parsed (in parallel when there are many). `every`: the
        files are the whole scan, so entries of files that are gone can be dropped."""
        from fivefold import cache

        store = cache.FileCache(self.state / "cache" / "items")
        entries = store.load() if use_cache else {}
        fresh, todo, changed = cache.split(entries, files) if use_cache else ({}, list(files), False)
        out: dict[str, tuple[tuple[Any, ...], Item | list[Problem]]] = {}
        for f in files:
            if f.rel in fresh:
                out[f.rel] = (fresh[f.rel], _from_entry(fresh[f.rel], f.full))
        if todo:
            for f, entry in zip(todo, _parse_files(todo, progress), strict=True):
                fresh[f.rel] = entry
                out[f.rel] = (entry, _from_entry(entry, f.full))
        if use_cache and (todo or changed):
            store.save(fresh if every else {**entries, **fresh})
        return out

    def load(self, progress: Progress | None = None) -> Snapshot:
        settings = self.settings()
        plans, problems = self.load_plans()
        items: list[Item] = []
        admission = Admission()
        broken: dict[str, Path] = {}
        files = self.scan(plans)
        loaded = self.read_items(files, progress, every=True)
        for f in files:
            result = loaded[f.rel][1]
            if isinstance(result, list):
                problems.extend(result)
                broken[canonical_id(f.file_id) or f.file_id] = f.path
                continue
            duplicate = admission.offer(canonical_id(f.file_id) or f.file_id.upper(), result.id, f.full, result.parent)
            if duplicate is not None:
                problems.append(duplicate)
                continue
            items.append(result)
        cyclic, loops = admission.cycles()
        problems.extend(loops)
        items = [i for i in items if i.id not in cyclic]
        return Snapshot(settings, plans, items, {i.id: i for i in items}, problems, broken)

    def find_item(self, text: str) -> tuple[str, Path]:
        """The canonical id and file of an item named on the command line (case and zeros ignored)."""
        wanted = canonical_id(text)
        if wanted is None:
            raise NotFound("not_an_id", text=shorten(text))
        folders = self.plan_dirs()
        for folder in folders:  # the usual case: the file is named by its canonical id
            if _is_file(folder / f"{wanted}.yaml"):
                return wanted, folder / f"{wanted}.yaml"
        for folder in folders:  # a file named by hand in another case or with other zeros
            for name in self.item_names(folder):
                if canonical_id(name[:-5]) == wanted:
                    return name[:-5], folder / name
        raise NotFound("not_found", id=shorten(wanted))

    def read_item(self, text: str) -> tuple[Item, str, Path]:
        """One item with its text, or an error that names the file when it is broken."""
        file_id, path = self.find_item(text)
        raw = read_text(path)
        try:
            item = _codec().load_item(raw, display(path), plan=path.parent.name, file_id=file_id)
        except Invalid as exc:
            first = exc.problems[0]
            from fivefold.i18n import t

            detail = f"{first.path}:{first.line or 1}:{first.column or 1}: {t(first.key, 'en', **first.params)}"
            raise FivefoldError("item_broken", id=file_id, detail=detail, problems=exc.problems) from None
        return item, raw, path

    def next_id(self, plan: Plan) -> str:
        """1 + the highest number in use for the plan's prefix, from file names alone."""
        highest = 0
        for folder in self.plan_dirs():
            for name in self.item_names(folder):
                prefix, number = name[:-5].rsplit("-", 1)
                if prefix.upper() == plan.prefix:
                    highest = max(highest, int(number))
        return f"{plan.prefix}-{highest + 1:03d}"

    # --- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """The one workspace lock around every read-modify-write (flock on .fivefold/lock)."""
        import fcntl

        if timeout is None:
            timeout = float(os.environ.get("FIVEFOLD_LOCK_TIMEOUT", "30"))
        self._ensure_state()
        path = self.state / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise LockTimeout("lock_timeout", seconds=int(timeout), path=display(path)) from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _ensure_state(self) -> None:
        try:
            self.state.mkdir(exist_ok=True)
        except OSError as exc:
            raise WorkspaceError("unwritable", path=display(self.state), reason=exc.strerror or str(exc)) from None

    @contextlib.contextmanager
    def transaction(self, command: str) -> Iterator[Transaction]:
        """Lock, let the caller stage writes, then journal them and write each file atomically."""
        with self.lock():
            tx = Transaction(self, command)
            yield tx
            tx.commit()
            if tx.staged:
                for hook in self.after_commit:
                    hook(tx)

    # --- undo ------------------------------------------------------------------------------------

    def journal_dir(self) -> Path:
        return self.state / "undo"

    def journal_entries(self) -> list[Path]:
        folder = self.journal_dir()
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.json"))

    def landed_entries(self) -> list[Path]:
        """The journal, less a last entry whose writer was killed after journalling and before writing
        (every file still holds its bytes from before, untouched since the entry was written)."""
        entries = self.journal_entries()
        if entries and _never_landed(self.root, entries[-1]):
            entries.pop().unlink()
        return entries

    def undo(self) -> tuple[str, int]:
        """Revert the last command's writes, if nothing has touched those files since."""
        with self.lock():
            entries = self.landed_entries()
            if not entries:
                raise FivefoldError("nothing_to_undo")
            last = entries[-1]
            record = json.loads(last.read_text("utf-8"))
            files = [(self.root / f["path"], f["before"], f["after_sha"]) for f in record["files"]]
            for path, _before, after_sha in files:
                current = path.read_bytes() if path.exists() else None
                if current is None or hashlib.sha256(current).hexdigest() != after_sha:
                    raise FivefoldError("undo_changed", path=display(path))
            for path, before, _ in files:
                if _committed_to_git(path, before):
                    raise FivefoldError("undo_committed", path=display(path))
            for path, before, _ in reversed(files):
                if before is None:
                    path.unlink()
                else:
                    atomic_write(path, before)
            last.unlink()
            return record["command"], len(files)


class Transaction:
    """Writes staged under the lock; committed together, journalled for undo first."""

    def __init__(self, ws: Workspace, command: str) -> None:
        self.ws = ws
        self.command = command
        self.staged: dict[Path, str] = {}

    def write(self, path: Path, text: str) -> None:
        self.staged[path] = text

    def commit(self) -> None:
        if not self.staged:
            return
        changes = []
        for path in self.staged:
            before = path.read_bytes().decode("utf-8") if path.exists() else None  # bytes: keep \r\n as it was
            changes.append(Change(path, before))
        self._journal(changes)
        done: list[Change] = []
        try:
            for change in changes:
                atomic_write(change.path, self.staged[change.path])
                done.append(change)
        except OSError as exc:
            for change in reversed(done):  # put back what this command already wrote
                if change.before is None:
                    change.path.unlink(missing_ok=True)
                else:
                    atomic_write(change.path, change.before)
            self.ws.journal_entries()[-1].unlink(missing_ok=True)
            raise WorkspaceError("unwritable", path=display(change.path), reason=exc.strerror or str(exc)) from None

    def _journal(self, changes: list[Change]) -> None:
        folder = self.ws.journal_dir()
        folder.mkdir(parents=True, exist_ok=True)
        entries = self.ws.landed_entries()
        number = int(entries[-1].stem) + 1 if entries else 1
        record = {
            "command": self.command,
            "at": clock.now().isoformat(),
            "files": [
                {
                    "path": str(c.path.relative_to(self.ws.root)),
                    "before": c.before,
                    "after_sha": hashlib.sha256(self.staged[c.path].encode("utf-8")).hexdigest(),
                }
                for c in changes
            ],
        }
        atomic_write(folder / f"{number:08d}.json", json.dumps(record, ensure_ascii=False))
        for old in entries[: max(0, len(entries) + 1 - JOURNAL_KEEP)]:
            old.unlink(missing_ok=True)


def atomic_write(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, flush, fsync, rename over the target, fsync the folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _never_landed(root: Path, entry: Path) -> bool:
    journalled_ns = entry.stat().st_mtime_ns
    for f in json.loads(entry.read_text("utf-8"))["files"]:
        path, before = root / f["path"], f["before"]
        current = path.read_bytes() if path.exists() else None
        if current is not None and hashlib.sha256(current).hexdigest() == f["after_sha"]:
            return False
        if current != (before.encode("utf-8") if before is not None else None):
            return False
        if current is not None and path.stat().st_mtime_ns > journalled_ns:
            return False  # put back by hand since: a change like any other
    return True


class Admission:
    """Which items views may show, offered in file order: a later file whose id (canonically: SY-12
    is SY-012) was seen already is a duplicate; items whose chain of parents loops are left out."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # canonical id -> the file that holds it
        self.parents: dict[str, str | None] = {}  # id -> parent, for the admitted

    def offer(self, key: str, item_id: str, full: str, parent: str | None) -> Problem | None:
        """None when admitted; else the duplicate-id problem naming both files."""
        if key in self.seen:
            return Problem(display(Path(full)), "duplicate_id", {"id": item_id, "other": display(Path(self.seen[key]))}, 1, 1)
        self.seen[key] = full
        self.parents[item_id] = parent
        return None

    def cycles(self) -> tuple[set[str], list[Problem]]:
        """The admitted ids whose parents form a cycle, and a problem for each."""
        cyclic = in_parent_cycles(self.parents)
        return set(cyclic), [
            Problem(display(Path(self.seen[canonical_id(i) or i.upper()])), "parent_cycle", {"id": i}, 1, 1) for i in cyclic
        ]


def in_parent_cycles(parents: dict[str, str | None]) -> list[str]:
    """The ids whose chain of parents comes back to an id already on it, in the given order."""
    found = []
    for start in parents:
        seen = {start}
        parent = parents[start]
        while parent is not None and parent in parents:
            if parent in seen:
                found.append(start)
                break
            seen.add(parent)
            parent = parents[parent]
    return found


def _committed_to_git(path: Path, before: str | None) -> bool:
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
