"""The cache under .fivefold/cache/: per file, what reading it gave, keyed by its path and trusted
while its size, mtime (ns) and inode are unchanged. A file modified shortly before the cache was
written could change again within the same timestamp granule (git's "racy" entries): such entries
also carry a hash of the bytes and are checked by content. A missing, corrupt or foreign cache
counts as empty and is rebuilt."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import Any

FORMAT = 4  # 2: entries by instant of `at`; 3: rows of items not created yet; 4: rows carry the canonical id
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
        """Best effort: a cache that cannot be written is only a slower next run."""
        from fivefold.store import atomic_write_bytes

        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, marshal.dumps((self.tag, entries)))


def valid(entry: tuple[Any, ...] | None, st: os.stat_result, path: str) -> bool:
    """Is a cached entry still what the file holds?"""
    if entry is None or entry[0] != stat_key(st):
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


def split(entries: dict[str, tuple[Any, ...]], files: list[Any]) -> tuple[dict[str, tuple[Any, ...]], list[Any], bool]:
    """Against one directory scan (objects with .rel, .stat, .full): the entries still valid, the
    files that need reading, and whether a valid entry changed (a settled hash) so a save is due."""
    fresh: dict[str, tuple[Any, ...]] = {}
    stale = []
    changed = False
    now = now_ns()
    for f in files:
        entry = entries.get(f.rel)
        if entry is None or not valid(entry, f.stat, f.full):
            stale.append(f)
            continue
        calm = settled(entry, f.stat, now)
        if calm is not None:
            entry, changed = calm, True
        fresh[f.rel] = entry
    return fresh, stale, changed or len(fresh) != len(entries)


def now_ns() -> int:
    return time.time_ns()
