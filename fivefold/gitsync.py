"""Team use through git (DESIGN §2: a workspace is plain files in a repository). `sync` commits the
pending fivefold changes, fetches, settles id collisions (renumber.py), rebases onto upstream —
two people's log entries on one item are combined by the log-union merge (logmerge.py) — and
pushes. `autocommit` commits one write on its own when fivefold.yaml says `git: {autocommit: true}`."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fivefold.errors import FivefoldError, GitError
from fivefold.gitrepo import Repo, detail

_ITEM = re.compile(r"^([A-Za-z][A-Za-z0-9]*-[0-9]+)\.yaml$")
_MARKERS = re.compile(r"^(<{7}|>{7})(\s|$)", re.M)
MAX_PUSH_TRIES = 3


def driver_command() -> str:
    """The merge driver as git runs it: this Python, so that it works from a virtual environment."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m fivefold merge-driver %O %A %B %P"


@dataclass
class Synced:
    """What one sync did in one repository."""

    repo: Path
    committed: str | None = None  # the subject of the commit of pending changes
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    merged_logs: list[str] = field(default_factory=list)  # item files whose logs were combined
    merged_keys: list[str] = field(default_factory=list)  # other files (plan.yaml …) where both sides' new keys were kept
    remote: str | None = None  # None: no remote configured, committed locally only
    upstream: str | None = None  # e.g. origin/main
    pulled: int = 0
    pushed: int = 0
    aborted: bool = False
    restored: list[tuple[str, str]] = field(default_factory=list)  # renumberings `--abort` undid
    kept: list[tuple[str, str]] = field(default_factory=list)  # renumberings `--abort` could not undo …
    kept_detail: str = ""  # … and git's reason


# --- commit messages ------------------------------------------------------------------------------


def _ids(paths: list[str]) -> list[str]:
    return sorted({m[1].upper() for p in paths if (m := _ITEM.match(PurePosixPath(p).name))}, key=_id_order)


def _id_order(item_id: str) -> tuple[str, int]:
    prefix, number = item_id.rsplit("-", 1)
    return prefix, int(number)


def _listed(ids: list[str], most: int = 8) -> str:
    return ", ".join(ids[:most]) + (f", … (+{len(ids) - most})" if len(ids) > most else "")


def pending_message(paths: list[str], actor: str) -> str:
    """'fivefold: 3 items changed (SY-003, SY-007, SY-012) by 李某', other files named after."""
    ids = _ids(paths)
    others = sorted(p for p in paths if not _ITEM.match(PurePosixPath(p).name))
    parts = []
    if ids:
        parts.append(f"{len(ids)} item{'s' if len(ids) != 1 else ''} changed ({_listed(ids)})")
    if others:
        named = ", ".join(others[:4]) + (" …" if len(others) > 4 else "")
        parts.append(f"also {named}" if ids else f"{named} changed")
    subject = f"fivefold: {'; '.join(parts)} by {actor}"
    return subject + ("\n\n" + "\n".join(sorted(paths)) + "\n" if len(paths) > 1 else "\n")


def write_message(command: str, paths: list[str], actor: str) -> str:
    """One write's commit: 'fivefold: note SY-003 by 李某' (the command, the item, the actor)."""
    words = command.split(" ")
    verb = " ".join(words[:2]) if words[0] in ("plan", "step") else words[0]
    ids = _ids(paths)
    what = _listed(ids, 5) if ids else command[len(verb) :].strip()
    return f"fivefold: {verb} {what} by {actor}".replace("  ", " ") + "\n"


# --- committing -----------------------------------------------------------------------------------


def commit_pending(repo: Repo, folders: list[str], actor: str) -> str | None:
    """Commit every change under the workspace folders (new, changed, deleted files); the subject.
    The tool state and temporary files stay out, also where no .gitignore says so."""
    from fivefold.transient import EXCLUDES, transient

    repo.run("add", "-A", "--", *folders, *EXCLUDES)
    changed = [p for p in repo.lines("diff", "--cached", "--name-only", "-z", "--", *folders) if not transient(p)]
    if not changed:
        return None
    # `commit -- folders` takes every tracked file there as it is on disk: one added by hand, or by an
    # older version, stays out too (and once it is gone from disk, its removal is committed)
    tracked = [p for p in repo.lines("ls-files", "-z", "--", *folders) if transient(p) and (repo.root / p).exists()]
    message = pending_message(changed, actor)
    _commit(repo, message, [*folders, *(f":(exclude,literal){p}" for p in tracked)])
    return message.splitlines()[0]


def _commit(repo: Repo, message: str, paths: list[str]) -> None:
    """Commit these paths only (other staged files stay staged); the pre-commit hook runs."""
    result = repo.run("commit", "-q", "-F", "-", "--", *paths, input=message, check=False)
    if result.returncode != 0:
        raise GitError("git.commit_failed", detail=detail(result.stderr, result.stdout))


def autocommit(ws: Any, command: str, paths: list[Path], actor: Callable[[], str]) -> str | None:
    """After a write: commit the files it wrote, when fivefold.yaml has `git: {autocommit: true}`.
    Returns the subject, or None when autocommit is off. Raises GitError when it could not."""
    from fivefold.loading import read_settings

    if not read_settings(ws).autocommit:
        return None
    repo = Repo.find(ws.root, prompt=False)
    busy = repo.busy()
    if busy is not None:
        raise GitError("git.autocommit_busy", what=busy)
    from fivefold.transient import transient

    names = [name for name in (repo.rel(p) for p in paths) if not transient(name)]
    if not names:
        return None
    repo.run("add", "-A", "--", *names)
    message = write_message(command, names, actor())
    _commit(repo, message, names)
    return message.strip()


# --- sync -----------------------------------------------------------------------------------------


def repositories(spaces: list[Any], *, prompt: bool) -> list[tuple[Repo, list[Any]] | GitError]:
    """The repositories holding these workspaces, each with its workspaces (in order); a GitError in
    place of a workspace that is in none."""
    found: dict[Path, tuple[Repo, list[Any]]] = {}
    out: list[tuple[Repo, list[Any]] | GitError] = []
    for ws in spaces:
        try:
            repo = Repo.find(ws.root, prompt=prompt)
        except GitError as exc:
            out.append(exc)
            continue
        if repo.root not in found:
            found[repo.root] = (repo, [])
            out.append(found[repo.root])
        found[repo.root][1].append(ws)
    return out


def upstream_of(repo: Repo, branch: str) -> tuple[str | None, str, bool]:
    """(remote, branch name there, tracking configured): from branch.<name>.remote/merge, else the
    only remote (or origin). No remote at all: (None, branch, False)."""
    remote = repo.config(f"branch.{branch}.remote")
    merge = repo.config(f"branch.{branch}.merge")
    if remote and merge and remote != ".":
        return remote, merge.removeprefix("refs/heads/"), True
    remotes = repo.out("remote").split()
    if not remotes:
        return None, branch, False
    return ("origin" if "origin" in remotes else remotes[0]), branch, False


def sync(repo: Repo, folders: list[str], actor: str) -> Synced:
    """Commit pending changes, fetch, renumber colliding new items, rebase, push."""
    from fivefold import syncstate

    busy = repo.busy()
    if busy is not None:
        raise GitError("git.busy", what=busy)
    branch = repo.branch()
    if branch is None:
        raise GitError("git.detached")
    done = Synced(repo.root)
    done.committed = commit_pending(repo, folders, actor)
    remote, name, tracking = upstream_of(repo, branch)
    done.remote = remote
    if remote is None:
        return done
    done.upstream = f"{remote}/{name}"
    syncstate.begin(repo, branch)  # what `sync --abort` goes back to, should a conflict stop this sync
    with _remembering(repo, done):
        _exchange(repo, done, folders, actor, remote, name, tracking, branch)
    return done


@contextlib.contextmanager
def _remembering(repo: Repo, done: Synced) -> Iterator[None]:
    """While a sync works: a stop hands what was done so far to the caller (a renumbering that
    happened before the conflict must still be told); once no rebase waits, the record goes."""
    from fivefold import syncstate

    try:
        yield
    except FivefoldError as exc:
        exc.params.setdefault("done", done)
        raise
    finally:
        with contextlib.suppress(GitError):  # git itself failing here must not hide why the sync stopped
            if not repo.rebasing():
                syncstate.forget(repo)


def _exchange(
    repo: Repo, done: Synced, folders: list[str], actor: str, remote: str, name: str, tracking: bool, branch: str
) -> None:
    """Fetch, renumber, rebase and push; again when someone pushed in between."""
    from fivefold import syncstate
    from fivefold.renumber import renumber

    ref = f"refs/remotes/{remote}/{name}"
    for _ in range(MAX_PUSH_TRIES):
        fetched = repo.run("fetch", "-q", remote, check=False)
        if fetched.returncode != 0:
            raise GitError("git.fetch_failed", remote=remote, detail=detail(fetched.stderr))
        there = repo.object_id(ref)
        if there is not None and not repo.has_commits():  # a clone made before anything was pushed
            repo.run("merge", "-q", "--ff-only", ref)
            done.pulled += repo.count(ref)
            return
        if there is not None:
            pairs = [(r.old, r.new) for r in renumber(repo, folders, ref, actor)]
            done.renumbered += pairs
            syncstate.renumbered(repo, pairs)
            incoming = repo.count(f"HEAD..{ref}")
            if incoming:
                done.pulled += incoming
                syncstate.rebasing_from(repo, repo.out("rev-parse", "HEAD"))
                _rebase(repo, done, ["rebase", "--autostash", ref])
        if not repo.has_commits():
            return
        ahead = repo.count(f"{ref}..HEAD") if there is not None else repo.count("HEAD")
        if ahead == 0:
            return
        if there is not None:  # (a first push merged nothing: its commits went through the hook)
            _check_outgoing(repo, folders, ref)
        if _push(repo, remote, name, set_upstream=not tracking, branch=branch):
            done.pushed = ahead
            return
    raise GitError("git.push_failed", remote=remote, detail="the remote kept moving; run fivefold sync again")


def _check_outgoing(repo: Repo, folders: list[str], upstream: str) -> None:
    """The pre-commit hook's rules over the files a push would change upstream: two edits each fine on
    its own can combine, clean as text, into an item that fails them (one side moves the start, the
    other adds a step due before it). Stop before pushing such a result — now and at every later
    sync until it is fixed; the merge stays committed locally."""
    from fivefold.precommit import check_outgoing

    report = check_outgoing(repo, folders, upstream)
    if not report.ok:
        named = [r.item_id for r in report.failing] + sorted({p.path for p in report.problems})
        raise GitError("git.outgoing_fails", files=", ".join(named), report=report)


def _push(repo: Repo, remote: str, name: str, *, set_upstream: bool, branch: str) -> bool:
    """True when pushed; False when rejected because upstream moved on (fetch and try again)."""
    args = ["push", "-q", *(["-u"] if set_upstream else []), remote, f"HEAD:refs/heads/{name}"]
    result = repo.run(*args, check=False)
    if result.returncode == 0:
        return True
    text = result.stderr
    if "non-fast-forward" in text or "fetch first" in text or "[rejected]" in text:
        return False
    raise GitError("git.push_failed", remote=remote, detail=detail(text))


_REBASE_ENV = {"GIT_EDITOR": "true"}


def _rebase(repo: Repo, done: Synced, args: list[str]) -> None:
    """Run a rebase step; settle item-file conflicts by the log union and carry on; stop with the
    files named (the repository left in git's conflict state) when something else conflicts."""
    driver = ["-c", f"merge.fivefold-log.driver={driver_command()}", "-c", "merge.fivefold-log.name=fivefold log union"]
    result = repo.run(*driver, *args, check=False, env=_REBASE_ENV)
    while result.returncode != 0:
        if not repo.rebasing():
            raise GitError("git.failed", command="rebase", detail=detail(result.stderr, result.stdout))
        conflicted = repo.unmerged()
        if not conflicted:  # git refused to go on for another reason (identity, signing, a dirty tree)
            raise GitError("git.failed", command="rebase", detail=detail(result.stderr, result.stdout))
        unresolved = [path for path in conflicted if not _settle(repo, path)]
        for path in (p for p in conflicted if p not in unresolved):
            (done.merged_logs if _ITEM.match(PurePosixPath(path).name) else done.merged_keys).append(path)
        if unresolved:
            raise GitError("git.conflict", files=", ".join(unresolved))
        if repo.ok("diff", "--cached", "--quiet"):
            result = repo.run(*driver, "rebase", "--skip", check=False, env=_REBASE_ENV)
        else:
            result = repo.run(*driver, "rebase", "--continue", check=False, env=_REBASE_ENV)


def _settle(repo: Repo, path: str) -> bool:
    """Combine one conflicted file by the log union, from git's three stages; False when a conflict
    remains (the file then shows it, with the logs already combined where they could be)."""
    from fivefold.logmerge import combine, valid_item
    from fivefold.transaction import atomic_write_bytes

    if not path.endswith(".yaml"):
        return False
    base, ours, theirs = (repo.blob(f":{n}:{path}") for n in (1, 2, 3))
    if base is None or ours is None or theirs is None:
        return False  # added on both sides, or changed on one and deleted on the other
    merged, clean = combine(base, ours, theirs, path)
    clean = clean and valid_item(merged, path)  # e.g. both added a step s3: a person decides
    atomic_write_bytes(repo.root / path, merged.encode("utf-8", "surrogateescape"))
    if clean:
        repo.run("add", "--", path)
    return clean


def resume(repo: Repo, folders: list[str], actor: str) -> Synced:
    """`sync --continue`: the conflicts are edited away; finish the rebase and push."""
    if not repo.rebasing():
        raise GitError("git.not_syncing")
    touched = set(repo.unmerged()) | set(repo.lines("diff", "--cached", "--name-only", "-z", "HEAD"))
    still = sorted(
        p for p in touched if (repo.root / p).is_file() and _MARKERS.search((repo.root / p).read_text("utf-8", "replace"))
    )
    if still:
        raise GitError("git.still_conflicted", files=", ".join(still))
    from fivefold.logmerge import valid_item

    invalid = [p for p in repo.unmerged() if (repo.root / p).is_file() and not valid_item((repo.root / p).read_text("utf-8"), p)]
    if invalid:
        raise GitError("git.still_invalid", files=", ".join(invalid))
    for path in repo.unmerged():
        repo.run("add", "-A", "--", path)
    done = Synced(repo.root)
    with _remembering(repo, done):
        _rebase(repo, done, ["rebase", "--continue"])
        branch = repo.branch()
        if branch is None:
            raise GitError("git.detached")
        remote, name, tracking = upstream_of(repo, branch)
        done.remote = remote
        if remote is not None:
            done.upstream = f"{remote}/{name}"
            _exchange(repo, done, folders, actor, remote, name, tracking, branch)
    return done


def abort(repo: Repo) -> Synced:
    """`sync --abort`: give up the stopped rebase; back to the local commits as they were when the
    sync began (an id it renumbered on the way has its old number again), nothing pushed."""
    from fivefold import syncstate

    if not repo.rebasing():
        raise GitError("git.not_syncing")
    started = syncstate.load(repo)
    # Only a rebase this tool started, on the branch it started on, is wound further back than git does.
    ours = started is not None and started.head is not None and started.rebase_from == syncstate.orig_head(repo)
    repo.run("rebase", "--abort")
    done = Synced(repo.root, aborted=True)
    if ours and started and started.head and repo.branch() == started.branch and repo.object_id("HEAD") != started.head:
        back = repo.run("reset", "-q", "--keep", started.head, check=False)
        if back.returncode == 0:
            done.restored = started.renumbered
        else:
            done.kept, done.kept_detail = started.renumbered, detail(back.stderr, back.stdout)
    syncstate.forget(repo)
    return done
