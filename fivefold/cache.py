"""The cache under .fivefold/cache/: per file, what reading it gave, keyed by its path and trusted
while its size, mtime (ns) and inode are unchanged. A file modified shortly before the cache was
written could change again within the same timestamp granule (git's "racy" entries): such entries
also carry a hash of the bytes and are checked by content. An item file's entry also keeps the hash
of what was parsed, so after `cp -a` or a restore (new inodes, or new mtimes) a file whose bytes
are the same is recognised by content instead of parsed again. A missing, corrupt or foreign cache
counts as empty and is rebuilt. Every cache file is data only (marshal of plain values, never a
pickle): loading one runs nothing, and what it holds is checked before it is used."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import Any, Protocol

from fivefold.transaction import atomic_write_bytes

# 2: entries by instant of `at`; 3: rows of items not created yet; 4: rows carry the canonical id;
# 5: the meta cache holds plain data instead of pickles; 6: an item's weight of 0 or less is a problem
# (cached items read before as weight 1 are read again)
# 7: item entries carry a hash of their file
# 8: a cache file names itself by a random token, and a delta file beside it holds what changed since
FORMAT = 8
RACY_NS = 3_000_000_000  # files modified less than this before a save are checked by content
DELTA_MAX = 200  # entries changed or removed since the last whole write, kept in the delta file up to
DELTA_SHARE = 10  # this many and at most 1/DELTA_SHARE of the whole; beyond, the whole is written again

StatKey = tuple[int, int, int]


class Stat(Protocol):
    """What the caches compare of a file's stat: an os.stat_result, or loading.FileStat (the three
    values the directory scan keeps)."""

    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ino(self) -> int: ...


def stat_key(st: Stat) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def racy(st: Stat, now_ns: int) -> bool:
    return now_ns - st.st_mtime_ns < RACY_NS


class FileCache:
    """One marshal file: {relative path: (stat key, hash or None, payload)} under a tag (format,
    version and whatever the payloads depend on), named by a random token; beside it, `delta-<name>`:
    the entries changed and the paths removed since that file was written, under the same tag and
    token (a delta of another base, or of another tag, is ignored). A save after a few changes
    rewrites only the delta; past DELTA_MAX entries or 1/DELTA_SHARE of the whole, the whole file.
    Writes are atomic; readers never lock. (A reader that meets a base and a delta written by two
    different runs at once sees either the delta or none of it: every entry is checked against its
    file anyway.)"""

    def __init__(self, path: Path, tag: tuple[Any, ...] = ()) -> None:
        from fivefold import __version__

        self.path = path
        self.delta_path = path.with_name(f"delta-{path.name}")
        self.tag = (FORMAT, __version__, *tag)  # another format or release: a cache counts as empty
        self._base: dict[str, Any] | None = None  # the whole file as loaded, for the next save's delta
        self._token = b""

    def load(self) -> dict[str, tuple[Any, ...]]:
        self._base = None
        whole = self._read(self.path, 3)
        if whole is None or type(whole[1]) is not bytes or not isinstance(whole[2], dict):
            return {}
        _, self._token, self._base = whole
        entries = dict(self._base)  # the caller's to change: the base stays as it was read
        delta = self._read(self.delta_path, 4)
        if (
            delta is not None
            and delta[1] == self._token
            and type(delta[2]) is dict
            and type(delta[3]) is tuple
            and all(type(rel) is str for rel in (*delta[2], *delta[3]))  # a forged delta is ignored, never a crash
        ):
            entries.update(delta[2])
            for rel in delta[3]:
                entries.pop(rel, None)
        return entries

    def _read(self, path: Path, size: int) -> tuple[Any, ...] | None:
        """The file's tuple of `size` values when it holds one under our tag, else None."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        enabled = gc.isenabled()
        gc.disable()  # loading many small tuples: the cyclic collector only slows it down
        try:
            value = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        finally:
            if enabled:
                gc.enable()
        if type(value) is not tuple or len(value) != size or value[0] != self.tag:
            return None
        return value

    def save(self, entries: dict[str, tuple[Any, ...]]) -> None:
        """Best effort: a cache that cannot be written (a full disk, a read-only folder) is only a
        slower next run. After a load, only what changed since the whole file goes to the delta
        while it stays small (entries the caller kept from the load are the very objects loaded)."""
        with contextlib.suppress(OSError, ValueError):  # ValueError: a value marshal cannot store
            base = self._base
            if base is not None:
                changed = {rel: entry for rel, entry in entries.items() if base.get(rel) is not entry}
                removed = tuple(rel for rel in base if rel not in entries)
                count = len(changed) + len(removed)
                if count <= DELTA_MAX and count * DELTA_SHARE <= len(base):
                    atomic_write_bytes(self.delta_path, marshal.dumps((self.tag, self._token, changed, removed)))
                    return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            token = os.urandom(16)
            atomic_write_bytes(self.path, marshal.dumps((self.tag, token, entries)))
            self._base, self._token = dict(entries), token
            self.delta_path.unlink(missing_ok=True)  # of the old base: ignored from now on anyway


def valid(entry: tuple[Any, ...] | None, st: Stat, path: str) -> bool:
    """Is a cached entry still what the file holds? (An entry of the wrong shape is not.) Entries are
    (stat key, racy hash or None, payload) and, for item files, the hash of the bytes parsed."""
    if type(entry) is not tuple or len(entry) not in (3, 4) or entry[0] != stat_key(st):
        return False
    if entry[1] is None:
        return True
    try:
        with open(path, "rb") as fh:
            return digest(fh.read()) == entry[1]
    except OSError:
        return False


def settled(entry: tuple[Any, ...], st: Stat, now: int) -> tuple[Any, ...] | None:
    """A validated racy entry whose file is no longer recent, without its hash (any later change
    must move the mtime well past the cached one); None when there is nothing to drop."""
    if entry[1] is None or racy(st, now):
        return None
    return (entry[0], None, *entry[2:])


def same_bytes(entry: tuple[Any, ...], st: Stat, path: str, now: int) -> tuple[Any, ...] | None:
    """An entry whose stat key no longer matches (a copy, a restore) but whose file holds the bytes
    it was made from, under the file's new key (with a racy hash when the file is recent); else None.
    Only a file of the same size is read. (With the key unchanged, valid() has decided.)"""
    if type(entry) is not tuple or len(entry) != 4 or type(entry[3]) is not bytes or type(entry[0]) is not tuple:
        return None
    key = stat_key(st)
    if entry[0] == key or not entry[0] or entry[0][0] != st.st_size:
        return None
    try:
        with open(path, "rb") as fh:
            found = digest(fh.read())
    except OSError:
        return None
    if found != entry[3]:
        return None
    return (key, found if racy(st, now) else None, entry[2], entry[3])


def split(
    entries: dict[str, tuple[Any, ...]], files: list[Any], keys: list[StatKey] | None = None
) -> tuple[dict[str, tuple[Any, ...]], list[Any], bool]:
    """Against one directory scan (objects with .rel, .stat, .full): the entries still valid, the
    files that need reading, and whether a valid entry changed (a settled hash, a new stat key for
    the same bytes) so a save is due. `keys`: each file's stat_key, when the caller has them (one
    list for the several caches of a run)."""
    fresh: dict[str, tuple[Any, ...]] = {}
    stale = []
    changed = False
    now = now_ns()
    for f, key in zip(files, keys if keys is not None else map(stat_key, (f.stat for f in files)), strict=True):
        entry = entries.get(f.rel)
        if type(entry) is tuple and len(entry) in (3, 4) and entry[1] is None and entry[0] == key:
            fresh[f.rel] = entry  # the common case, valid() without the call: trusted by its stat key
            continue
        if entry is None:
            stale.append(f)
            continue
        if not valid(entry, f.stat, f.full):
            moved = same_bytes(entry, f.stat, f.full, now)
            if moved is None:
                stale.append(f)
            else:
                fresh[f.rel], changed = moved, True
            continue
        unhashed = settled(entry, f.stat, now)
        if unhashed is not None:
            entry, changed = unhashed, True
        fresh[f.rel] = entry
    return fresh, stale, changed or len(fresh) != len(entries)


def now_ns() -> int:
    return time.time_ns()


# --- plain data: what YAML gives, in types marshal stores; tags are tuples (YAML itself makes none) ---


def pack(value: Any) -> Any:
    """Parsed YAML as marshal-able values: dates and timestamps become tagged tuples, keys keep their type."""
    if isinstance(value, dict):
        return {pack(k): pack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pack(v) for v in value]
    if isinstance(value, dt.datetime):
        return ("ts", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.toordinal())
    if isinstance(value, tuple):  # !!pairs and !!omap give (key, value) tuples
        return ("t", tuple(pack(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("s", tuple(pack(v) for v in value))
    return value


def unpack(value: Any) -> Any:
    """The values pack() was given."""
    if isinstance(value, dict):
        return {unpack(k): unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpack(v) for v in value]
    if isinstance(value, tuple):
        tag, inner = value
        if tag == "ts":
            return dt.datetime.fromisoformat(inner)
        if tag == "d":
            return dt.date.fromordinal(inner)
        if tag == "t":
            return tuple(unpack(v) for v in inner)
        if tag == "s":
            return {unpack(v) for v in inner}
        raise ValueError(f"unknown tag {tag!r}")
    return value
