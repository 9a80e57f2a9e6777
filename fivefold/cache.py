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
from typing import Any

from fivefold.transaction import atomic_write_bytes

# 2: entries by instant of `at`; 3: rows of items not created yet; 4: rows carry the canonical id;
# 5: the meta cache holds plain data instead of pickles; 6: an item's weight of 0 or less is a problem
# (cached items read before as weight 1 are read again)
# 7: item entries carry a hash of their file
FORMAT = 7
RACY_NS = 3_000_000_000  # files modified less than this before a save are checked by content

StatKey = tuple[int, int, int]


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def racy(st: os.stat_result, now_ns: int) -> bool:
    return now_ns - st.st_mtime_ns < RACY_NS


class FileCache:
    """One marshal file: {relative path: (stat key, hash or None, payload)} under a tag (format,
    version and whatever the payloads depend on). Writes are atomic; readers never lock."""

    def __init__(self, path: Path, tag: tuple[Any, ...] = ()) -> None:
        from fivefold import __version__

        self.path = path
        self.tag = (FORMAT, __version__, *tag)  # another format or release: a cache counts as empty

    def load(self) -> dict[str, tuple[Any, ...]]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        enabled = gc.isenabled()
        gc.disable()  # loading many small tuples: the cyclic collector only slows it down
        try:
            tag, entries = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return {}
        finally:
            if enabled:
                gc.enable()
        if tag != self.tag or not isinstance(entries, dict):
            return {}
        return entries

    def save(self, entries: dict[str, tuple[Any, ...]]) -> None:
        """Best effort: a cache that cannot be written (a full disk, a read-only folder) is only a
        slower next run."""
        with contextlib.suppress(OSError, ValueError):  # ValueError: a value marshal cannot store
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, marshal.dumps((self.tag, entries)))


def valid(entry: tuple[Any, ...] | None, st: os.stat_result, path: str) -> bool:
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


def settled(entry: tuple[Any, ...], st: os.stat_result, now: int) -> tuple[Any, ...] | None:
    """A validated racy entry whose file is no longer recent, without its hash (any later change
    must move the mtime well past the cached one); None when there is nothing to drop."""
    if entry[1] is None or racy(st, now):
        return None
    return (entry[0], None, *entry[2:])


def same_bytes(entry: tuple[Any, ...], st: os.stat_result, path: str, now: int) -> tuple[Any, ...] | None:
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


def split(entries: dict[str, tuple[Any, ...]], files: list[Any]) -> tuple[dict[str, tuple[Any, ...]], list[Any], bool]:
    """Against one directory scan (objects with .rel, .stat, .full): the entries still valid, the
    files that need reading, and whether a valid entry changed (a settled hash, a new stat key for
    the same bytes) so a save is due."""
    fresh: dict[str, tuple[Any, ...]] = {}
    stale = []
    changed = False
    now = now_ns()
    for f in files:
        entry = entries.get(f.rel)
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
