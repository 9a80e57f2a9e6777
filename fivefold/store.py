"""The workspace on disk: finding it and loading every file (collecting per-file problems). Writing
(the lock, atomic writes, the commit and its undo journal) is fivefold.transaction's job; its names
are re-exported here for the modules that import them from the store."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from fivefold import gitstate
from fivefold.errors import FivefoldError, Invalid, NotFound, Problem, WorkspaceError, shorten
from fivefold.model import Item, Plan, Settings, canonical_id
from fivefold.paths import display
from fivefold.transaction import JOURNAL_KEEP as JOURNAL_KEEP  # re-exported: callers import these from the store
from fivefold.transaction import PENDING, Journal, Notify, Transaction, hold
from fivefold.transaction import atomic_write as atomic_write
from fivefold.transaction import atomic_write_bytes as atomic_write_bytes

MAX_BYTES = 1024 * 1024  # files over 1 MiB are refused (DESIGN §9)
SETTINGS_FILE = "fivefold.yaml"
PLAN_FILE = "plan.yaml"
STATE_DIR = ".fivefold"
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
    return _problems(payload, path)


def _problems(payload: tuple[Any, ...], path: str | Path) -> list[Problem]:
    shown = display(Path(path))
    return [Problem(shown, key, params, line, column, tuple(keypath)) for key, params, line, column, keypath in payload]


def _load_plan(text: str, shown: str, name: str) -> Plan:
    return _codec().load_plan(text, shown, name)  # type: ignore[no-any-return]


def _from_meta(payload: Any, parse: Callable[[Any], Any], path: Path) -> tuple[str, Any] | None:
    """A meta cache entry, validated as if its file had just been read; None when it does not fit."""
    from fivefold import cache

    try:
        kind, data = payload
        if kind == "ok":
            return "ok", parse(cache.unpack(data))
        if kind == "bad":
            return "bad", _problems(data, path)
    except Exception:  # whatever a damaged or forged cache holds: the file is read instead
        return None
    return None


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = root / STATE_DIR
        self._meta_entries: dict[str, tuple[Any, ...]] | None = None
        self._meta_store: Any = None
        self.after_commit: list[Callable[[Transaction], None]] = []  # e.g. the git autocommit (cli/env.py)
        self.notify: Notify | None = None  # warnings for the user (lock waits, a damaged journal): cli/env.py

    # --- reading ---------------------------------------------------------------------------------

    def settings(self) -> Settings:
        from fivefold.model import parse_settings

        path = self.root / SETTINGS_FILE
        return self._meta(path, lambda text, shown: _codec().load_settings(text, shown), parse_settings)  # type: ignore[no-any-return]

    def _meta(self, path: Path, load: Callable[[str, str], Any], parse: Callable[[Any], Any]) -> Any:
        """fivefold.yaml or a plan.yaml, parsed (or its problems raised). While the file is unchanged it
        comes from the small meta cache, which keeps the file's YAML as plain data (nothing in it runs
        when loaded) and validates it again with `parse` on every load: a warm run imports no YAML
        library, and an entry that does not validate counts as absent."""
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
        found = None
        if st is not None and cache.valid(entry, st, str(path)):
            found = _from_meta(entry[2], parse, path)  # type: ignore[index]
        if found is None:
            try:
                value = load(read_text(path), display(path))
                found, payload = ("ok", value), ("ok", cache.pack(value.raw))
            except Invalid as exc:
                found, payload = ("bad", exc.problems), ("bad", tuple(_problem_tuple(p) for p in exc.problems))
            if st is not None:
                sealed = cache.digest(path.read_bytes()) if cache.racy(st, cache.now_ns()) else None
                self._meta_entries[rel] = (cache.stat_key(st), sealed, payload)
                self._meta_store.save(self._meta_entries)
        if found[0] == "bad":
            raise Invalid(found[1])
        return found[1]

    def plan_dirs(self) -> list[Path]:
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError as exc:
            raise WorkspaceError("unreadable", path=str(self.root), reason=exc.strerror or str(exc)) from None
        return [
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".") and (Path(e.path) / PLAN_FILE).is_file()
        ]

    def load_plans(self) -> tuple[dict[str, Plan], list[Problem]]:
        from functools import partial

        from fivefold.model import parse_plan

        plans: dict[str, Plan] = {}
        problems: list[Problem] = []
        prefixes: dict[str, str] = {}
        for folder in self.plan_dirs():
            path = folder / PLAN_FILE
            try:
                plan = self._meta(path, partial(_load_plan, name=folder.name), partial(parse_plan, name=folder.name))
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

    def scan(self, plans: dict[str, Plan], problems: list[Problem] | None = None) -> list[ItemFile]:
        """Every item file of every plan, with its stat, from one directory scan per plan. Anything
        else named like an item file (a folder SY-009.yaml/) is a problem, not silently passed over."""
        files = []
        for name in plans:
            for entry in os.scandir(self.root / name):
                if not _ITEM_FILE.match(entry.name):
                    continue
                if entry.is_file():
                    files.append(ItemFile(name, entry.name, entry.path, entry.stat()))
                elif problems is not None:
                    problems.append(Problem(display(Path(entry.path)), "item_not_a_file", {}))
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
                try:
                    out[f.rel] = (fresh[f.rel], _from_entry(fresh[f.rel], f.full))
                except Exception:  # an entry of the wrong shape (a damaged or forged cache): read the file
                    del fresh[f.rel]
                    todo.append(f)
                    changed = True
        if todo:
            for f, entry in zip(todo, _parse_files(todo, progress), strict=True):
                fresh[f.rel] = entry
                out[f.rel] = (entry, _from_entry(entry, f.full))
        if use_cache and (todo or changed):
            store.save(fresh if every else {**entries, **fresh})
        return out

    def load(self, progress: Progress | None = None) -> Snapshot:
        self.settle()
        settings = self.settings()
        plans, problems = self.load_plans()
        items: list[Item] = []
        admission = Admission()
        broken: dict[str, Path] = {}
        files = self.scan(plans, problems)
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
        self.settle()
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
        """1 + the highest number in use for the plan's prefix, from names alone (a folder named like
        an item file takes its number too: the new file could not be written there)."""
        highest = 0
        for folder in self.plan_dirs():
            for name in os.listdir(folder):
                if not _ITEM_FILE.match(name):
                    continue
                prefix, number = name[:-5].rsplit("-", 1)
                if prefix.upper() == plan.prefix:
                    highest = max(highest, int(number))
        return f"{plan.prefix}-{highest + 1:03d}"

    # --- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None, command: str = "fivefold") -> Iterator[None]:
        """The one workspace lock around every read-modify-write (transaction.hold). Once it is held, a
        commit cut short by a killed writer is finished or put back, and stale temporary files go."""
        self._ensure_state()
        with hold(self.state, command, timeout, self.notify):
            self.journal().recover()
            yield

    def _ensure_state(self) -> None:
        try:
            self.state.mkdir(exist_ok=True)
        except OSError as exc:
            raise WorkspaceError("unwritable", path=display(self.state), reason=exc.strerror or str(exc)) from None

    @contextlib.contextmanager
    def transaction(self, command: str) -> Iterator[Transaction]:
        """Lock, let the caller stage writes, then commit them all or none (transaction.Journal.commit)."""
        with self.lock(command=command):
            gitstate.refuse_if_stopped(self.root)  # under the lock: a sync holds it until it stops (issue 16)
            tx = Transaction(self, command)
            yield tx
            tx.commit()
            if tx.staged:
                for hook in self.after_commit:
                    hook(tx)

    def journal(self) -> Journal:
        return Journal(self.root, self.state / "undo", self.notify)

    def settle(self) -> None:
        """For reads: when a commit was cut short (its record still pending) and nobody holds the lock,
        finish it or put it back now, so no view shows half of it. One stat when there is none."""
        if not os.path.lexists(self.state / "undo" / PENDING):
            return
        with contextlib.suppress(FivefoldError, OSError), self.lock(timeout=0, command="recover"):
            pass

    def undo(self) -> tuple[str, int]:
        """Revert the last command's writes, all or none, if nothing has touched those files since."""
        with self.lock(command="undo"):
            gitstate.refuse_if_stopped(self.root)  # an undo while a sync is stopped would be lost at `sync --abort`
            return self.journal().undo()

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
