"""Reading a workspace: fivefold.yaml and the plans, every item file (scanned, parsed in parallel when
there are many, kept in the items cache), and the admission of what views may show (no duplicate id,
no cycle of parents). `load` returns a Snapshot of what loaded with the problems of what did not,
the way beancount's loader returns (entries, errors): one broken file is a problem, not an outage."""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from fivefold.errors import FivefoldError, Invalid, Problem
from fivefold.model import Item, Plan, Settings, canonical_id
from fivefold.paths import display
from fivefold.people import Directory
from fivefold.workspace import ITEM_FILE, PLAN_FILE, SETTINGS_FILE, Entry, FileStat, Workspace

MAX_BYTES = 1024 * 1024  # files over 1 MiB are refused (DESIGN §9)
PARALLEL_FROM = 2000  # parse in worker processes from this many files
DIRECT_PARSE_LIMIT = 50  # up to this many changed files are parsed directly, without loading the items cache

Progress = Callable[[int], Callable[[int], None]]  # total -> advance(n): a progress display, if any
Record = TypeVar("Record")


def _codec() -> Any:
    """The YAML codec, imported only by the paths that parse (a warm cache needs none)."""
    from fivefold import codec

    return codec


# --- one file ------------------------------------------------------------------------------------


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


def problem_record(p: Problem) -> tuple[Any, ...]:
    """A problem as the caches keep it (its file is the cache entry's key)."""
    return (p.key, p.params, p.line, p.column, p.keypath)


def problems_of(records: Iterable[tuple[Any, ...]], path: str | Path) -> list[Problem]:
    """The problems of a cache entry, named by the file they are about."""
    shown = display(Path(path))
    return [Problem(shown, key, params, line, column, tuple(keypath)) for key, params, line, column, keypath in records]


# --- settings and plans --------------------------------------------------------------------------


class _MetaCache:
    """fivefold.yaml and the plan.yaml files, kept as plain data under .fivefold/cache/meta."""

    def __init__(self, ws: Workspace) -> None:
        from fivefold import cache

        self.store = cache.FileCache(ws.state / "cache" / "meta")
        self.entries = self.store.load()


def read_settings(ws: Workspace) -> Settings:
    from fivefold.schema import parse_settings

    path = ws.root / SETTINGS_FILE
    return _meta(ws, path, lambda text, shown: _codec().load_settings(text, shown), parse_settings)


def read_directory(ws: Workspace) -> Directory | None:
    """The workspace's people: `people:` in fivefold.yaml, else people.yaml beside it, else None.
    Both at once is a problem (which one would count?)."""
    from fivefold.people import PEOPLE_FILE
    from fivefold.schema import parse_people_file

    settings = read_settings(ws)
    path = ws.root / PEOPLE_FILE
    if not path.is_file():
        return settings.people
    if settings.people is not None:
        raise Invalid([Problem(display(path), "people_twice", {"file": PEOPLE_FILE}, 1, 1)])
    directory: Directory = _meta(ws, path, lambda text, shown: _codec().load_people(text, shown), parse_people_file)
    return directory


def _load_plan(text: str, shown: str, name: str) -> Plan:
    return _codec().load_plan(text, shown, name)


def read_plans(ws: Workspace) -> tuple[dict[str, Plan], list[Problem]]:
    """Every plan that loads, by folder name; a plan.yaml that does not, or repeats another's prefix,
    is a problem."""
    from fivefold.schema import parse_plan

    plans: dict[str, Plan] = {}
    problems: list[Problem] = []
    prefixes: dict[str, str] = {}
    for folder in ws.plan_dirs():
        path = folder / PLAN_FILE
        try:
            plan = _meta(ws, path, partial(_load_plan, name=folder.name), partial(parse_plan, name=folder.name))
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


def _meta(ws: Workspace, path: Path, load: Callable[[str, str], Any], parse: Callable[[Any], Any]) -> Any:
    """fivefold.yaml or a plan.yaml, parsed (or its problems raised). While the file is unchanged it
    comes from the small meta cache, which keeps the file's YAML as plain data (nothing in it runs
    when loaded) and validates it again with `parse` on every load: a warm run imports no YAML
    library, and an entry that does not validate counts as absent."""
    from fivefold import cache

    if ws.meta_cache is None:
        ws.meta_cache = _MetaCache(ws)
    meta: _MetaCache = ws.meta_cache
    rel = str(path.relative_to(ws.root))
    try:
        st = path.stat()
    except OSError:
        st = None
    entry = meta.entries.get(rel)
    found = None
    if st is not None and cache.valid(entry, st, str(path)):
        found = _from_meta(entry[2], parse, path)  # type: ignore[index]
    if found is None:
        try:
            value = load(read_text(path), display(path))
            found, payload = ("ok", value), ("ok", cache.pack(value.raw))
        except Invalid as exc:
            found, payload = ("bad", exc.problems), ("bad", tuple(problem_record(p) for p in exc.problems))
        if st is not None:
            content_hash = cache.digest(path.read_bytes()) if cache.racy(st, cache.now_ns()) else None
            meta.entries[rel] = (cache.stat_key(st), content_hash, payload)
            meta.store.save(meta.entries)
    if found[0] == "bad":
        raise Invalid(found[1])
    return found[1]


def _from_meta(payload: Any, parse: Callable[[Any], Any], path: Path) -> tuple[str, Any] | None:
    """A meta cache entry, validated as if its file had just been read; None when it does not fit."""
    from fivefold import cache

    try:
        kind, data = payload
        if kind == "ok":
            return "ok", parse(cache.unpack(data))
        if kind == "bad":
            return "bad", problems_of(data, path)
    except Exception:  # whatever a damaged or forged cache holds: the file is read instead
        return None
    return None


# --- item files ----------------------------------------------------------------------------------


class ItemFile(NamedTuple):
    """One item file as the directory scan saw it (a tuple: thousands are made per run)."""

    plan: str
    name: str  # the file name, e.g. SY-007.yaml
    full: str  # its full path
    stat: FileStat
    rel: str  # the cache key: plan folder / file name (made once: it is looked up several times per file)

    @property
    def file_id(self) -> str:
        return self.name[:-5]

    @property
    def path(self) -> Path:
        return Path(self.full)


def scan(ws: Workspace, plans: dict[str, Plan], problems: list[Problem] | None = None) -> list[ItemFile]:
    """Every item file of every plan, with its stat, from one directory scan per plan, in the order
    of (plan, file name). Anything else named like an item file (a folder SY-009.yaml/) is a problem,
    not silently passed over."""
    files: list[ItemFile] = []
    for name in sorted(plans):
        folder = ws.root / name
        listed = ws.scanned.pop(str(folder), None)  # listed a moment ago (cli/replay.py), once; else now
        if listed is None:
            listed = [_entry(e) for e in os.scandir(folder) if ITEM_FILE.match(e.name)]
        listed = sorted(compress(listed, map(ITEM_FILE.match, map(_entry_name, listed))), key=_entry_name)
        found = list(compress(listed, map(_entry_stat, listed)))  # a stat only for a file (Entry)
        if len(found) != len(listed) and problems is not None:
            problems.extend(Problem(display(Path(e.path)), "item_not_a_file", {}) for e in listed if e.stat is None)
        prefix = f"{name}/"
        files += map(_new_tuple, repeat(ItemFile), zip(  # ItemFile(…) at C speed, field by field
            [name] * len(found), map(_entry_name, found), map(_entry_path, found), map(_entry_stat, found),
            map(prefix.__add__, map(_entry_name, found)), strict=True,
        ))  # fmt: skip
    return files


_entry_name, _entry_path, _entry_stat = attrgetter("name"), attrgetter("path"), attrgetter("stat")
_new_tuple: Callable[..., Any] = tuple.__new__


def _entry(e: os.DirEntry[str]) -> Entry:
    if not e.is_file():
        return Entry(e.name, e.path, False, None)
    st = e.stat()
    return Entry(e.name, e.path, True, FileStat(st.st_size, st.st_mtime_ns, st.st_ino))


def parse_one(path: Path, plan: str, file_id: str, now: int) -> tuple[tuple[Any, ...], Item | None]:
    """One file as an items cache entry: (stat key, racy hash or None, ("ok", item record) or ("bad",
    problem records), hash of the bytes parsed); and its Item, None when it has problems."""
    from fivefold import cache
    from fivefold.records import item_record

    try:
        st = path.stat()
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        shown = display(path)
        problem = Problem(shown, "unreadable", {"path": shown, "reason": exc.strerror or str(exc)})
        return ((0, 0, 0), None, ("bad", (problem_record(problem),))), None
    key = cache.stat_key(st)
    parsed = cache.digest(data)  # kept: after a copy or a restore the same bytes need no parse (cache.same_bytes)
    content_hash = parsed if cache.racy(st, now) else None
    try:
        item = _codec().load_item(decode(data, path), display(path), plan=plan, file_id=file_id)
    except Invalid as exc:
        return (key, content_hash, ("bad", tuple(problem_record(p) for p in exc.problems)), parsed), None
    return (key, content_hash, ("ok", item_record(item)), parsed), item


Derive = Callable[[str, Item], Any]  # (plan folder, item) -> what a reader keeps of it (never a list)


def _parse_chunk(chunk: list[tuple[str, str, str, int]], derive: Derive | None) -> list[tuple[tuple[Any, ...], Any]]:
    """In a worker process: each file's entry, with what `derive` makes of its item (None without
    `derive`, or for a file with problems): only plain data goes back to the reader."""
    out = []
    for p, plan, file_id, now in chunk:
        entry, item = parse_one(Path(p), plan, file_id, now)
        out.append((entry, None if item is None or derive is None else derive(plan, item)))
    return out


CHUNK = 50  # files per task of the worker processes (small: the records a reader keeps few of are freed together)
AHEAD = 4  # tasks queued per worker beyond the one it runs: the parsed records wait for the reader no more than that


class _Parser:
    """Parses item files into items cache entries, in worker processes when there are many: a few
    chunks ahead of the reader (so memory holds no more than those however many files there are),
    the pool started on first need and kept for the next batch."""

    def __init__(self) -> None:
        from fivefold import cache

        self.now = cache.now_ns()  # before any file is read: a file modified since is hashed (cache.racy)
        self.workers = min(os.cpu_count() or 1, 8)
        self.pool: Any = None

    def parse(
        self, files: list[ItemFile], parallel: bool, advance: Callable[[int], None], derive: Derive | None
    ) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """(entry, value) for each file: value is what `derive` made of its item; None without `derive`
        (the reader makes the Item from the entry's record, as from the items cache: the same Item
        however the file was read) or for a file with problems."""
        if not parallel or self.workers < 2:
            for f in files:
                entry, item = parse_one(f.path, f.plan, f.file_id, self.now)
                yield entry, None if item is None or derive is None else derive(f.plan, item)
                advance(1)
            return
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor

        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        jobs = [(f.full, f.plan, f.file_id, self.now) for f in files]
        chunks = deque(jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK))
        queued: deque[Future[list[tuple[tuple[Any, ...], Any]]]] = deque()
        while chunks or queued:
            while chunks and len(queued) < self.workers * (1 + AHEAD):
                queued.append(self.pool.submit(_parse_chunk, chunks.popleft(), derive))
            result = queued.popleft().result()
            yield from result
            advance(len(result))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _item_of(entry: tuple[Any, ...], path: str) -> Item | list[Problem]:
    from fivefold.records import item_from_record

    kind, payload = entry[2]
    if kind == "ok":
        return item_from_record(payload)
    return problems_of(payload, path)


SHARDS = 16  # the items cache is this many files, each file's entry in the one its path hashes to


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % SHARDS


def read_items(
    ws: Workspace, files: list[ItemFile], progress: Progress | None = None, *, use_cache: bool = True, every: bool = False
) -> dict[str, tuple[tuple[Any, ...], Any]]:
    """Each file's cache entry (stat key, racy hash, payload) and its Item or problems, by cache key:
    iter_items, all at once."""
    return dict(iter_items(ws, files, progress, use_cache=use_cache, every=every))


def iter_items(
    ws: Workspace,
    files: list[ItemFile],
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
    every: bool = False,
    derive: Derive | None = None,
) -> Iterator[tuple[str, tuple[tuple[Any, ...], Any]]]:
    """(cache key, (cache entry, Item or problems)) for each file: from the items cache where still
    valid, else parsed (in parallel when there are many), one shard of the cache after another, each
    shard written as soon as its files are read — so a first read of 100,000 files holds one shard's
    entries, not all of them. `every`: the files are the whole scan, so entries of files that are
    gone can be dropped (and shards that hold none). With `derive` (a module-level function, or a
    partial of one, that the worker processes can be sent), what it makes of each Item comes instead
    of the Item, made where the file is parsed: a cold read builds no Item in this process."""
    from fivefold import cache
    from fivefold.records import FINGERPRINT

    folder = ws.state / "cache"
    groups: dict[int, list[ItemFile]] = {}
    for f in files:
        groups.setdefault(_shard(f.rel) if use_cache else 0, []).append(f)
    if use_cache and every:
        for n in set(range(SHARDS)) - set(groups):
            for name in (f"items-{n:02d}", f"delta-items-{n:02d}"):  # the shard and its delta (cache.FileCache)
                with contextlib.suppress(OSError):
                    (folder / name).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            (folder / "items").unlink(missing_ok=True)  # the one-file items cache of earlier releases
    parser = _Parser()
    shown = 0  # files handed out before a progress display started (it counts them when it does)
    advance: Callable[[int], None] | None = None
    try:
        for n, group in sorted(groups.items()):  # one shard at a time: its entries, then the next's
            store = cache.FileCache(folder / f"items-{n:02d}", (FINGERPRINT,))
            entries = store.load() if use_cache else {}
            fresh, todo, changed = cache.split(entries, group) if use_cache else ({}, list(group), False)
            if advance is None and progress is not None and len(files) >= 200 and len(todo) * len(groups) >= 200:
                advance = progress(len(files))
                advance(shown)
            for f in group:
                if f.rel in fresh:
                    try:
                        result = _item_of(fresh[f.rel], f.full)
                    except Exception:  # an entry of the wrong shape (a damaged or forged cache): read the file
                        fresh[f.rel] = parse_one(f.path, f.plan, f.file_id, cache.now_ns())[0]
                        result, changed = _item_of(fresh[f.rel], f.full), True
                    if derive is not None and not isinstance(result, list):
                        result = derive(f.plan, result)
                    yield f.rel, (fresh[f.rel], result)
                    shown += 1
                    if advance is not None:
                        advance(1)
            parallel = len(files) >= PARALLEL_FROM and len(todo) * len(groups) >= PARALLEL_FROM
            for f, (entry, value) in zip(todo, parser.parse(todo, parallel, advance or _nothing, derive), strict=True):
                fresh[f.rel] = entry
                if value is None:  # problems, or no `derive`: from the record
                    value = _item_of(entry, f.full)
                yield f.rel, (entry, value)
            if use_cache and (todo or changed):
                store.save(fresh if every else {**entries, **fresh})
            del entries, fresh, todo
    finally:
        parser.close()


def _nothing(n: int) -> None:
    pass


def read_item(ws: Workspace, text: str) -> tuple[Item, str, Path]:
    """One item with its text, or an error that names the file when it is broken."""
    ws.settle()
    file_id, path = ws.find_item(text)
    raw = read_text(path)
    try:
        item = _codec().load_item(raw, display(path), plan=path.parent.name, file_id=file_id)
    except Invalid as exc:
        first = exc.problems[0]
        from fivefold.i18n import t

        detail = f"{first.path}:{first.line or 1}:{first.column or 1}: {t(first.key, 'en', **first.params)}"
        raise FivefoldError("item_broken", id=file_id, detail=detail, problems=exc.problems) from None
    return item, raw, path


# --- the whole workspace -------------------------------------------------------------------------


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


def load(ws: Workspace, progress: Progress | None = None) -> Snapshot:
    """Settings, plans and every item that views may show, with the problems of everything else."""
    ws.settle()
    settings = read_settings(ws)
    plans, problems = read_plans(ws)
    broken: dict[str, Path] = {}
    files = scan(ws, plans, problems)
    loaded = read_items(ws, files, progress, every=True)

    def offered() -> Iterable[tuple[str, str, str, str | None, Item]]:
        for f in files:
            result = loaded[f.rel][1]
            if isinstance(result, list):
                problems.extend(result)
                broken[canonical_id(f.file_id) or f.file_id] = f.path
                continue
            yield canonical_id(f.file_id) or f.file_id.upper(), result.id, f.full, result.parent, result

    items = admit(offered(), problems)
    return Snapshot(settings, plans, items, {i.id: i for i in items}, problems, broken)


def admit(offered: Iterable[tuple[str, str, str, str | None, Record]], problems: list[Problem]) -> list[Record]:
    """What views may show, offered in file order as (canonical id, id, file, parent, record): a later
    file whose id (canonically: SY-12 is SY-012) was seen already is a duplicate, named with both
    files, and items whose chain of parents loops are left out. The problems are appended in order."""
    seen: dict[str, str] = {}  # canonical id -> the file that holds it
    parents: dict[str, str | None] = {}  # id -> parent, for the admitted (in file order: the ids kept)
    kept: list[Record] = []
    for key, item_id, full, parent, record in offered:
        if key in seen:
            other = display(Path(seen[key]))
            problems.append(Problem(display(Path(full)), "duplicate_id", {"id": item_id, "other": other}, 1, 1))
            continue
        seen[key] = full
        parents[item_id] = parent
        kept.append(record)
    cyclic = in_parent_cycles(parents)
    if not cyclic:
        return kept
    problems.extend(Problem(display(Path(seen[canonical_id(i) or i.upper()])), "parent_cycle", {"id": i}, 1, 1) for i in cyclic)
    left_out = set(cyclic)
    return [record for item_id, record in zip(parents, kept, strict=True) if item_id not in left_out]


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
