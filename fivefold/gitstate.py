"""Is git stopped in the middle of a rebase or merge in the repository holding a workspace? Read
from the files git keeps, without running git, so that every write can afford to ask — and refuse:
`git rebase --abort` (what `sync --abort` runs) resets the working tree and would drop the write."""

from __future__ import annotations

import os
from pathlib import Path

from fivefold.errors import Refused

# What git leaves in its folder while an operation waits for a person, and the operation's name.
_STOPPED = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),  # also `git am`
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)


def git_dir(start: Path) -> Path | None:
    """The git folder of the working tree holding `start`: $GIT_DIR, else the first `.git` found
    walking up — a folder, or a file saying `gitdir: …` (a linked worktree or a submodule)."""
    explicit = os.environ.get("GIT_DIR")
    if explicit:
        return Path(explicit).resolve()
    start = start.resolve()
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                first = dot.read_text("utf-8", "replace").splitlines()[:1]
            except OSError:
                return None
            if first and first[0].startswith("gitdir:"):
                return (folder / first[0].removeprefix("gitdir:").strip()).resolve()
            return None
    return None


def stopped(start: Path) -> str | None:
    """What git is stopped in (rebase, merge, cherry-pick, revert) in the repository holding
    `start`; None when nothing is, or there is no repository."""
    folder = git_dir(start)
    if folder is None:
        return None
    for name, what in _STOPPED:
        if (folder / name).exists():
            return what
    return None


def refuse_if_stopped(root: Path) -> None:
    """Refuse a write while git is stopped: it would be lost when the rebase or merge is given up."""
    what = stopped(root)
    if what == "rebase":
        raise Refused("git.write_while_stopped")
    if what is not None:
        raise Refused("git.write_while_busy", what=what)
