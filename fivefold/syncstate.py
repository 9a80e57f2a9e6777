"""What a running `sync` remembers in the git folder, so that `sync --abort` can put the branch back
as it was when the sync began — ids renumbered on the way included — and not only as it was when
the last rebase began (which is all `git rebase --abort` knows)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field

from fivefold.errors import GitError
from fivefold.gitrepo import Repo

NAME = "fivefold-sync.json"


@dataclass
class Started:
    branch: str
    head: str | None  # the branch's commit once the pending changes were committed; None: no commit yet
    rebase_from: str | None = None  # where the last rebase this sync ran started (git's orig-head)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id), in order


def begin(repo: Repo, branch: str) -> None:
    head = repo.object_id("HEAD") if repo.has_commits() else None
    _save(repo, Started(branch, head))


def load(repo: Repo) -> Started | None:
    """The record of the stopped sync; None when there is none or it cannot be read."""
    try:
        raw = json.loads(repo.git_path(NAME).read_text("utf-8"))
        return Started(
            str(raw["branch"]),
            raw["head"],
            raw.get("rebase_from"),
            [(str(old), str(new)) for old, new in raw.get("renumbered", [])],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def rebasing_from(repo: Repo, head: str) -> None:
    """Note the commit a rebase starts from, to know it again at `--abort`."""
    started = load(repo)
    if started is not None:
        started.rebase_from = head
        _save(repo, started)


def renumbered(repo: Repo, pairs: list[tuple[str, str]]) -> None:
    started = load(repo)
    if started is not None and pairs:
        started.renumbered += pairs
        _save(repo, started)


def forget(repo: Repo) -> None:
    with contextlib.suppress(OSError, GitError):  # the repository may be gone or unreadable: nothing to keep then
        repo.git_path(NAME).unlink(missing_ok=True)


def orig_head(repo: Repo) -> str | None:
    """The commit the stopped rebase started from, as git recorded it."""
    for folder in ("rebase-merge", "rebase-apply"):
        path = repo.git_path(f"{folder}/orig-head")
        if path.is_file():
            return path.read_text("utf-8").strip() or None
    return None


def _save(repo: Repo, started: Started) -> None:
    from fivefold.transaction import atomic_write

    atomic_write(repo.git_path(NAME), json.dumps(asdict(started), ensure_ascii=False))
