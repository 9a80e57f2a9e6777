"""The whole-output cache of the read commands (list, dashboard, report to stdout): what a run wrote,
replayed while the command line, the working folder, the as-of date, the language, the terminal and
the stat stamp of every file in the workspaces (and the user's config) are all the same."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import marshal
import os
from array import array
from collections.abc import Callable
from itertools import chain, compress, islice, repeat
from operator import attrgetter, not_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fivefold.workspace import Entry, FileStat

if TYPE_CHECKING:
    from fivefold.cli.env import Env

FORMAT = 1
KEEP = 8  # outputs kept per workspace (the most recently used)
MAX_BYTES = 256 * 1024 * 1024  # a larger output is not kept
CHUNK = 256  # folder entries stamped at a time (each holds its stat result until the chunk is done)
# what the environment may change in an output besides what the key names already
ENV_PREFIXES = ("FIVEFOLD_", "LC_", "XDG_")
ENV_NAMES = ("NO_COLOR", "TERM", "COLUMNS", "LINES", "LANG", "LANGUAGE", "HOME", "APPDATA", "PYTHONIOENCODING")

Records = list[tuple[int, Any]]  # (0: a line on stdout, 1: a line on stderr, 2: bytes on stdout; the text)


def cached(ctx: Any, run: Callable[[], None]) -> None:
    """`run_cached` for a command run by click: the command line as the app read it (global options
    moved in front, cli/argv.py)."""
    from fivefold.cli.env import env_of

    run_cached(env_of(ctx), list(getattr(ctx.find_root().command, "argv", None) or []), run)


def run_cached(env: Env, argv: list[str], run: Callable[[], None]) -> None:
    """Run a read command through the cache: replay a stored output whose key and inputs match, else
    run it, recording what it writes, and store that unless an input changed within the racy window
    (a same-size edit in the same timestamp granule would not move the stamp) or the run warned about
    something only its context knows (a calendar gap)."""
    try:
        spaces = env.workspaces
        folder = spaces[0].state / "cache"
        name, stamp, racy = _key(argv, env, spaces)
    except Exception:  # no workspace, an unreadable folder …: the command says so itself
        run()
        return
    path = folder / f"output-{name}"
    records = _load(path, stamp)
    if records is not None:
        _replay(env, records)
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the pruning
        return
    records = []
    size = 0

    def out(text: str = "") -> None:
        nonlocal size
        records.append((0, text))
        size += len(text)
        shown(text)

    def err(text: str) -> None:
        records.append((1, text))
        warned(text)

    def raw(payload: bytes) -> None:
        nonlocal size
        records.append((2, payload))
        size += len(payload)
        wrote(payload)

    shown, warned, wrote = env.print, env.warn, env.write_bytes
    env.print, env.warn, env.write_bytes = out, err, raw  # type: ignore[method-assign]
    try:
        run()
    finally:
        del env.print, env.warn, env.write_bytes  # the class's methods again
    if racy or size > MAX_BYTES or any(context.calendar_gaps() for context in env.contexts):
        return
    _save(path, stamp, records)


def _key(argv: list[str], env: Any, spaces: list[Any]) -> tuple[str, bytes, bool]:
    """The file name for what selects an output (command line, folder, date, language, terminal,
    environment), the stamp of the inputs, and whether one of them changed within the racy window."""
    from fivefold import __version__, cache
    from fivefold.portable import config_dir

    environ = sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIXES) or k in ENV_NAMES)
    encoding = str(getattr(env.out, "encoding", None))
    with contextlib.suppress(LookupError):
        encoding = codecs.lookup(encoding).name  # UTF-8 and utf-8 are one
    selector: tuple[Any, ...] = (FORMAT, __version__, argv, str(env.cwd or Path.cwd()), environ, env.lang)
    selector += (env.today.isoformat(), env.is_tty, env.color, env.fit_width, env.width, str(encoding))
    selector += ([str(ws.root) for ws in spaces],)
    stamp = hashlib.blake2b(digest_size=16)
    latest = 0
    for ws in spaces:
        ws.settle()  # a commit cut short is finished or put back first, as every read does
        ws.scanned = {}
        latest = max(latest, _stamp_tree(str(ws.root), stamp, ws.scanned))
    with contextlib.suppress(OSError):
        st = os.stat(config_dir() / "config.yaml")
        config = FileStat(*cache.stat_key(st))
        _stamp_folder(stamp, "config", [""], [config])
        latest = max(latest, config.st_mtime_ns)
    racy = cache.now_ns() - latest < cache.RACY_NS
    name = hashlib.blake2b(marshal.dumps(selector), digest_size=16).hexdigest()
    return name, stamp.digest(), racy


def _stamp_tree(folder: str, stamp: Any, scanned: dict[str, list[Entry]], depth: int = 4) -> int:
    """Adds to `stamp` the name and (size, mtime, inode) of every file and folder under `folder` but
    hidden ones (.fivefold, .git), down to <plan>/evidence/<ID>/<file>: whatever a read may look at,
    folder by folder, in the order listed (another order only misses the cache); returns the latest
    mtime. (A link loop ends at the depth.) What each plan folder holds goes into `scanned`, so the
    read that follows need not list and stat it again (loading.scan); no stat result is kept, only
    the three numbers."""
    names: list[str] = []
    stats: list[FileStat] = []
    is_dir: list[bool] = []
    is_file: list[bool] = []
    paths: list[str] = []
    with os.scandir(folder) as entries:
        while chunk := list(islice(entries, CHUNK)):  # column-wise at C speed, a few entries (and their stats) at a time
            chunk = list(compress(chunk, map(not_, map(str.startswith, map(_name, chunk), repeat(".")))))
            names += map(_name, chunk)
            stats += map(_new, repeat(FileStat), map(_numbers, map(os.DirEntry.stat, chunk)))  # FileStat(…) at C speed
            is_dir += map(os.DirEntry.is_dir, chunk)
            paths += map(_path, chunk)
            if depth == 3:
                is_file += map(os.DirEntry.is_file, chunk)  # never with is_dir: both follow links
    latest = max(map(_mtime, stats), default=0)
    if depth == 3:  # in a plan folder (or another folder of the workspace): what loading.scan takes
        kept = stats if all(is_file) else [stat if file else None for stat, file in zip(stats, is_file, strict=True)]
        scanned[folder] = list(map(_new, repeat(Entry), zip(names, paths, is_file, kept, strict=True)))
    if depth > 1:
        for path in compress(paths, is_dir):
            latest = max(latest, _stamp_tree(path, stamp, scanned, depth - 1))
    _stamp_folder(stamp, folder, names, stats)
    return latest


_name, _path, _numbers = attrgetter("name"), attrgetter("path"), attrgetter("st_size", "st_mtime_ns", "st_ino")
_mtime = attrgetter("st_mtime_ns")
_new: Callable[..., Any] = tuple.__new__


def _stamp_folder(stamp: Any, folder: str, names: list[str], stats: list[FileStat]) -> None:
    """One folder's listing into the digest: its path and names, then their stat keys (three 64-bit
    numbers each, in the names' order; marshal for a number out of that range), each part after
    its length."""
    listed = "\0".join([folder, *names]).encode("utf-8", "surrogateescape")
    try:
        numbers = array("q", chain.from_iterable(stats)).tobytes()
    except OverflowError:
        numbers = marshal.dumps(list(map(tuple, stats)))
    stamp.update(array("q", (len(listed), len(numbers))).tobytes())
    stamp.update(listed)
    stamp.update(numbers)


def _load(path: Path, stamp: bytes) -> Records | None:
    """The stored records when the file is ours and its inputs' stamp matches; the shape of every
    record is checked (a cache is trusted for speed, never for its form)."""
    from fivefold import cache

    entry = cache.FileCache(path).load().get("output")
    if type(entry) is not tuple or len(entry) != 2 or entry[0] != stamp or type(entry[1]) is not tuple:
        return None
    records = list(entry[1])
    for record in records:
        if type(record) is not tuple or len(record) != 2 or record[0] not in (0, 1, 2):
            return None
        if type(record[1]) is not (bytes if record[0] == 2 else str):
            return None
    return records


def _save(path: Path, stamp: bytes, records: Records) -> None:
    from fivefold import cache

    cache.FileCache(path).save({"output": (stamp, tuple(records))})
    stored = []
    for old in path.parent.glob("output-*"):
        with contextlib.suppress(OSError):
            stored.append((old.stat().st_mtime_ns, old))
    for _, old in sorted(stored, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)


def _replay(env: Any, records: Records) -> None:
    for kind, text in records:
        if kind == 0:
            env.print(text)
        elif kind == 1:
            env.warn(text)
        else:
            env.write_bytes(text)
