"""Ids that do not collide (DESIGN §11.10 allocates 1 + the highest number in use, so two clones
working offline both take the same next number). Before sync rebases, an item file that was added
here, is not yet upstream, and whose path upstream already holds with other content, is given the
next number free on both sides; the unpushed commits are rewritten as if that number had been
taken from the start (file name, `id:`, `parent:` of local items, commit messages), so that the
rebase which follows has nothing to collide on."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from fivefold.errors import Invalid
from fivefold.gitrepo import Repo
from fivefold.model import canonical_id

_ITEM = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-([0-9]+)\.yaml$")


@dataclass(frozen=True)
class Renumbered:
    old: str  # the id as this clone had it
    new: str
    path: str  # the new file, relative to the repository


def collisions(repo: Repo, folders: list[str], upstream: str, base: str) -> list[str]:
    """Item files added since `base` here whose path upstream holds with different content."""
    added = repo.lines("diff", "--name-only", "--no-renames", "--diff-filter=A", "-z", base, "HEAD", "--", *folders)
    found = []
    for path in added:
        if not _ITEM.match(PurePosixPath(path).name):
            continue
        theirs = repo.object_id(f"{upstream}:{path}")
        if theirs is not None and theirs != repo.object_id(f"HEAD:{path}"):
            found.append(path)
    return found


def plan_renumbering(repo: Repo, folders: list[str], upstream: str, clashes: list[str]) -> dict[str, tuple[str, str]]:
    """old path -> (new path, new id): the next numbers free here and upstream, in id order."""
    taken: dict[tuple[str, str], set[int]] = {}
    for rev in ("HEAD", upstream):
        for path in repo.files(rev, folders):
            pure = PurePosixPath(path)
            if m := _ITEM.match(pure.name):
                taken.setdefault((str(pure.parent), m[1].upper()), set()).add(int(m[2]))
    plan: dict[str, tuple[str, str]] = {}
    for path in sorted(clashes, key=_number_order):
        pure = PurePosixPath(path)
        m = _ITEM.match(pure.name)
        assert m is not None
        numbers = taken.setdefault((str(pure.parent), m[1].upper()), set())
        number = max(numbers, default=0) + 1
        numbers.add(number)
        new_id = f"{m[1].upper()}-{number:03d}"
        plan[path] = (str(pure.parent / f"{new_id}.yaml"), new_id)
    return plan


def _number_order(path: str) -> tuple[str, int]:
    m = _ITEM.match(PurePosixPath(path).name)
    return (str(PurePosixPath(path).parent), int(m[2]) if m else 0)


# --- rewriting one file ------------------------------------------------------------------------

_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([^'\"#\s]+)\1[ \t]*(#.*)?$", re.M)
_PARENT_LINE = re.compile(r"^parent:[ \t]*(['\"]?)([^'\"#\s]+)\1[ \t]*(#.*)?$", re.M)


def rewrite(text: str, ids: dict[str, str], own: str | None) -> str:
    """The item text with its own id set to `own` (when given) and a parent named in `ids` renamed.
    Only those lines change; a layout the line patterns do not recognise goes through ruamel."""

    def line(match: re.Match[str], key: str, value: str) -> str:
        comment = f"  {match[3]}" if match[3] else ""
        return f"{key}: {value}{comment}"

    new = text
    if own is not None:
        found = list(_ID_LINE.finditer(new))
        if len(found) != 1:
            return _rewrite_rt(text, ids, own)
        new = _ID_LINE.sub(lambda m: line(m, "id", own), new)
    found = list(_PARENT_LINE.finditer(new))
    if len(found) > 1:
        return _rewrite_rt(text, ids, own)
    for m in found:
        parent = canonical_id(m[2])
        if parent in ids:
            new = new[: m.start()] + line(m, "parent", ids[parent]) + new[m.end() :]
    return new


def _rewrite_rt(text: str, ids: dict[str, str], own: str | None) -> str:
    from fivefold import codec

    def mutate(doc: object) -> None:
        if not isinstance(doc, dict):
            return
        if own is not None:
            doc["id"] = own
        parent = canonical_id(str(doc.get("parent") or ""))
        if parent in ids:
            doc["parent"] = ids[parent]

    return codec.edit_document(text, mutate)


def check(text: str, path: str) -> None:
    """A rewritten file must still load as the item its new name says (else nothing is changed)."""
    from fivefold import codec

    pure = PurePosixPath(path)
    codec.load_item(text, path, plan=pure.parent.name, file_id=pure.stem)


# --- rewriting the unpushed commits --------------------------------------------------------------


def apply(repo: Repo, folders: list[str], base: str, plan: dict[str, tuple[str, str]]) -> str:
    """Rewrite the commits base..HEAD with the renumbering; returns the new head commit."""
    ids = {PurePosixPath(old).stem: new_id for old, (_, new_id) in plan.items()}
    touched = repo.lines("diff", "--name-only", "-z", base, "HEAD", "--", *folders)
    candidates = [p for p in touched if _ITEM.match(PurePosixPath(p).name)]
    commits = repo.out("rev-list", "--reverse", "--first-parent", f"{base}..HEAD").split()
    mapped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="fivefold-renumber-") as folder:
        index = {"GIT_INDEX_FILE": os.path.join(folder, "index")}
        for commit in commits:
            parent = repo.out("rev-parse", f"{commit}^") if repo.ok("rev-parse", "-q", "--verify", f"{commit}^") else None
            repo.run("read-tree", commit, env=index)
            for path in candidates:
                text = repo.blob(f"{commit}:{path}")
                if text is None:
                    continue
                target, own = plan.get(path, (path, None))
                new = rewrite(text, ids, own)
                if target == path and new == text:
                    continue
                try:
                    check(new, target)
                except Invalid:
                    new, target = text, path  # leave a file the rewrite would break as it was
                sha = repo.run("hash-object", "-w", "--stdin", "--path", target, input=new).stdout.strip()
                if target != path:
                    repo.run("update-index", "--force-remove", "--", path, env=index)
                repo.run("update-index", "--add", "--cacheinfo", f"100644,{sha},{target}", env=index)
            tree = repo.out("write-tree", env=index)
            mapped[commit] = _commit(repo, commit, tree, mapped.get(parent or "", parent), ids)
    return mapped[commits[-1]] if commits else repo.out("rev-parse", "HEAD")


def _commit(repo: Repo, commit: str, tree: str, parent: str | None, ids: dict[str, str]) -> str:
    """A copy of `commit` with another tree and parent, its author kept and old ids in its message renamed."""
    name, email, date, message = repo.run("log", "-1", "--format=%an%x00%ae%x00%ad%x00%B", "--date=raw", commit).stdout.split(
        "\0", 3
    )
    for old, new in ids.items():
        message = re.sub(rf"\b{re.escape(old)}\b", new, message)
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date}
    args = ["commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-"]
    return repo.run(*args, input=message.rstrip("\n") + "\n", env=env).stdout.strip()


def renumber(repo: Repo, folders: list[str], upstream: str, actor: str) -> list[Renumbered]:
    """Find and settle collisions with `upstream`; moves the current branch and working tree."""
    base = repo.run("merge-base", "HEAD", upstream, check=False).stdout.strip()
    if not base:
        return []  # unrelated histories: nothing to compare with
    clashes = collisions(repo, folders, upstream, base)
    if not clashes:
        return []
    plan = plan_renumbering(repo, folders, upstream, clashes)
    head = apply(repo, folders, base, plan)
    repo.run("reset", "-q", "--keep", head)
    done = [Renumbered(PurePosixPath(old).stem, new_id, new_path) for old, (new_path, new_id) in plan.items()]
    lines = [f"fivefold: renumber {r.old} → {r.new} (id taken upstream)" for r in done]
    subject = lines[0] if len(lines) == 1 else f"fivefold: renumber {len(lines)} items (ids taken upstream)"
    body = "\n".join(lines) if len(lines) > 1 else ""
    message = f"{subject}\n\n{body}\nby {actor}\n" if body else f"{subject}\n\nby {actor}\n"
    repo.run("commit", "-q", "--allow-empty", "--no-verify", "-F", "-", input=message)
    return done
