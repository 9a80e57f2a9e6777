"""The workspace folder: finding it, its layout (settings, plan folders, item files named by id, the
tool's state folder), naming an item by its id and numbering a new one. Writes go through the lock and
the commit of fivefold.transaction; reading every file is fivefold.loading's job."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from fivefold import gitstate
from fivefold.errors import FivefoldError, NotFound, WorkspaceError, shorten
from fivefold.model import Plan, canonical_id
from fivefold.paths import display
from fivefold.transaction import PENDING, Journal, Notify, Transaction, hold

SETTINGS_FILE = "fivefold.yaml"
PLAN_FILE = "plan.yaml"
STATE_DIR = ".fivefold"
ITEM_FILE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-([0-9]+)\.yaml$")  # a file named by an item id


class FileStat(NamedTuple):
    """What the caches compare of a file's stat (cache.stat_key, cache.racy): kept instead of the
    os.stat_result, which holds some twenty objects per file for the rest of a run."""

    st_size: int
    st_mtime_ns: int
    st_ino: int


class Entry(NamedTuple):
    """A folder's entry as a read scanned it (cli/replay.py), for loading.scan to use again."""

    name: str
    path: str
    is_file: bool
    stat: FileStat | None  # None for what is not a file


def _highest_numbers(folder: Path) -> dict[str, int]:
    """The highest number of each id prefix (upper case) among the names in a folder."""
    marks: dict[str, int] = {}
    for name in os.listdir(folder):
        m = ITEM_FILE.match(name)
        if m:
            prefix, number = m.group(1).upper(), int(m.group(2))
            if number > marks.get(prefix, 0):
                marks[prefix] = number
    return marks


def _marks_shape(marks: Any) -> bool:
    """A cached entry of next-ids is trusted for speed, never for its form."""
    return type(marks) is dict and all(type(k) is str and type(v) is int for k, v in marks.items())


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
            if is_file(candidate / SETTINGS_FILE):
                return candidate
    raise WorkspaceError("no_workspace")


def is_file(path: Path) -> bool:
    """Path.is_file, with a name too long for the file system (ENAMETOOLONG) or unreadable folder as no."""
    try:
        return path.is_file()
    except OSError:
        return False


class Workspace:
    """One workspace folder: where its files are, and the lock and commit every write goes through."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = root / STATE_DIR
        self.meta_cache: Any = None  # fivefold.yaml and plan.yaml as read this run (loading.py)
        self.after_commit: list[Callable[[Transaction], None]] = []  # e.g. the git autocommit (cli/env.py)
        self.notify: Notify | None = None  # warnings for the user (lock waits, a damaged journal): cli/env.py
        self.actor: Callable[[], str] | None = None  # who writes, kept in the undo journal: cli/env.py
        self.scanned: dict[str, list[Entry]] = {}  # folders listed and stat'ed a moment ago, this run (cli/replay.py)

    # --- layout ----------------------------------------------------------------------------------

    def plan_dirs(self) -> list[Path]:
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError as exc:
            raise WorkspaceError("unreadable", path=str(self.root), reason=exc.strerror or str(exc)) from None
        return [
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".") and (Path(e.path) / PLAN_FILE).is_file()
        ]

    def item_names(self, plan_dir: Path) -> list[str]:
        """The item file names in a plan folder (no Path objects: thousands are read per write)."""
        return [e.name for e in os.scandir(plan_dir) if ITEM_FILE.match(e.name) and e.is_file()]

    def find_item(self, text: str) -> tuple[str, Path]:
        """The canonical id and file of an item named on the command line (case and zeros ignored)."""
        wanted = canonical_id(text)
        if wanted is None:
            raise NotFound("not_an_id", text=shorten(text))
        folders = self.plan_dirs()
        for folder in folders:  # the usual case: the file is named by its canonical id
            if is_file(folder / f"{wanted}.yaml"):
                return wanted, folder / f"{wanted}.yaml"
        for folder in folders:  # a file named by hand in another case or with other zeros
            for name in self.item_names(folder):
                if canonical_id(name[:-5]) == wanted:
                    return name[:-5], folder / name
        import difflib  # only on the way to an error

        close = difflib.get_close_matches(wanted, self.item_ids(), n=3, cutoff=0.6)
        if close:
            raise NotFound("not_found_close", id=shorten(wanted), close=", ".join(close))
        raise NotFound("not_found", id=shorten(wanted))

    def item_ids(self) -> list[str]:
        """Every item id in the workspace (from file names), in order."""
        return sorted(canonical_id(name[:-5]) or name[:-5] for folder in self.plan_dirs() for name in self.item_names(folder))

    def next_id(self, plan: Plan) -> str:
        """1 + the highest number in use for the plan's prefix, from names alone (a folder named like
        an item file takes its number too: the new file could not be written there). Each plan
        folder's highest numbers are kept in .fivefold/cache/next-ids while the folder's stat is
        unchanged: a file added, removed or renamed in it always changes its mtime. A folder changed
        within the racy window is listed every time (a second change in the same timestamp granule
        would not show)."""
        from fivefold import cache

        store = cache.FileCache(self.state / "cache" / "next-ids")
        entries = store.load()
        changed = False
        now = cache.now_ns()
        highest = 0
        for folder in self.plan_dirs():
            try:
                st = os.stat(folder)
            except OSError:
                continue  # gone since plan_dirs(): nothing in it to number after
            entry = entries.get(folder.name)
            if type(entry) is tuple and len(entry) == 3 and entry[0] == cache.stat_key(st) and _marks_shape(entry[2]):
                marks = entry[2]
            else:
                marks = _highest_numbers(folder)
                if not cache.racy(st, now):
                    entries[folder.name] = (cache.stat_key(st), None, marks)
                    changed = True
            highest = max(highest, marks.get(plan.prefix, 0))
        if changed:
            store.save(entries)
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
        return Journal(self.root, self.state / "undo", self.notify, self.actor)

    def settle(self) -> None:
        """For reads: when a commit was cut short (its record still pending) and nobody holds the lock,
        finish it or put it back now, so no view shows half of it. One stat when there is none."""
        if not os.path.lexists(self.state / "undo" / PENDING):
            return
        with contextlib.suppress(FivefoldError, OSError), self.lock(timeout=0, command="recover"):
            pass

    def undo(self, expect: str | None = None) -> tuple[str, int]:
        """Revert the last command's writes, all or none, if nothing has touched those files since
        (`expect`: the journal record the user agreed to revert)."""
        with self.lock(command="undo"):
            gitstate.refuse_if_stopped(self.root)  # an undo while a sync is stopped would be lost at `sync --abort`
            return self.journal().undo(expect)
