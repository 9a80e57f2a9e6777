"""`fivefold check --staged` (the pre-commit hook): the rules of `check` over the fivefold files
about to be committed, read from git's index — so an invalid file never reaches a shared
repository. Broken files fail; items past draft that fail the five checks fail; drafts warn.
`sync` applies the same rules to what it is about to push (a merge clean as text can break them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fivefold.checks import NO_FAMILY, CheckReport, Family
from fivefold.errors import Invalid, Problem
from fivefold.gitrepo import Repo
from fivefold.loading import decode
from fivefold.model import Item, Plan
from fivefold.paths import display
from fivefold.workspace import ITEM_FILE, PLAN_FILE, SETTINGS_FILE


def check_staged(cwd: Path, strict: bool = False) -> CheckReport:
    repo = Repo.find(cwd, prompt=False)
    staged = repo.lines("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z")
    return check_files(repo, staged, "", strict, base="HEAD")


def check_outgoing(repo: Repo, folders: list[str], upstream: str) -> CheckReport:
    """The rules over the fivefold files HEAD changes against upstream, as committed: what a push
    would publish."""
    changed = repo.lines("diff", "--name-only", "--diff-filter=ACMR", "-z", upstream, "HEAD", "--", *folders)
    return check_files(repo, changed, "HEAD", base=upstream)


def check_files(repo: Repo, rels: list[str], rev: str, strict: bool = False, *, base: str | None = None) -> CheckReport:
    """The rules over these files as `rev` holds them ("" for the index). With `base`, the entries
    an item gains over it must also keep the role rules (fivefold.audit)."""
    from fivefold import audit, codec

    report = CheckReport([], [], [], {})
    plans: dict[str, Plan | None] = {}  # by folder: many items of one plan read it once
    rules: dict[str, Any] = {}  # by workspace folder: its settings and people at `rev`
    kin = _Kin(repo, rev)
    for rel in rels:
        path = repo.root / rel
        kind = _kind(repo, rel, rev)
        if kind is None:
            continue
        shown = display(path)
        try:
            text = decode(repo.run("cat-file", "-p", f"{rev}:{rel}").stdout.encode("utf-8", "surrogateescape"), path)
            if kind == "settings":
                codec.load_settings(text, shown)
            elif kind == "plan":
                codec.load_plan(text, shown, path.parent.name)
            else:
                folder = Path(rel).parent.as_posix()
                if folder not in plans:
                    plans[folder] = _plan(repo, rel, rev)
                item = codec.load_item(text, shown, plan=path.parent.name, file_id=path.stem)
                report.add(item, plans[folder], strict=strict, family=kin.family(rel, item))
                if base is not None:
                    ws_rel = Path(rel).parent.parent.as_posix()
                    if ws_rel not in rules:
                        rules[ws_rel] = audit.rules_at(repo, rev, ws_rel)
                    for key, params in audit.staged_refusals(repo, rel, base, item, rules[ws_rel]):
                        report.problems.append(Problem(shown, key, params))
        except Invalid as exc:
            report.problems.extend(exc.problems)
    return report


def _kind(repo: Repo, rel: str, rev: str) -> str | None:
    """settings, plan or item for a fivefold file (one inside a workspace), else None."""
    path = Path(rel)
    if path.name == SETTINGS_FILE:
        return "settings"
    settings = (path.parent.parent / SETTINGS_FILE).as_posix()
    in_workspace = (repo.root / settings).is_file() or repo.blob(f"{rev}:{settings}") is not None
    if not in_workspace:
        return None
    if path.name == PLAN_FILE:
        return "plan"
    return "item" if ITEM_FILE.match(path.name) else None


class _Kin:
    """Parents and children of items as `rev` holds them, in any plan of their workspace, so that a
    重点任务 whose roadmap is its 子任务 passes here as it does in `check`. The file listing and the
    items read are kept for the whole check: a commit of many children reads their parent once."""

    def __init__(self, repo: Repo, rev: str) -> None:
        self.repo, self.rev = repo, rev
        self.listed: dict[str, dict[str, str]] = {}  # workspace folder -> item file name -> path
        self.read: dict[str, Item | None] = {}

    def family(self, rel: str, item: Item) -> Family:
        if not item.parent and item.steps:
            return NO_FAMILY
        ws_rel = Path(rel).parent.parent.as_posix()
        parent_rel = self._files(ws_rel).get(f"{item.parent}.yaml") if item.parent else None
        parent = self._item(parent_rel) if parent_rel else None
        return Family(parent, () if item.steps else tuple(self._children(ws_rel, rel, item.id)))

    def _files(self, ws_rel: str) -> dict[str, str]:
        if ws_rel not in self.listed:
            repo, rev = self.repo, self.rev
            names = repo.lines("ls-files", "-z", "--", ws_rel) if rev == "" else repo.files(rev, [ws_rel])
            self.listed[ws_rel] = {Path(n).name: n for n in names if Path(n).parent.parent.as_posix() == ws_rel}
        return self.listed[ws_rel]

    def _children(self, ws_rel: str, rel: str, item_id: str) -> list[Item]:
        pattern = rf"^parent:[[:space:]]*['\"]?{item_id}['\"]?[[:space:]]*(#.*)?$"
        where = ["--cached", "-e", pattern] if self.rev == "" else ["-e", pattern, self.rev]  # --cached is an option, REV follows
        hits = self.repo.run("grep", "-l", "-z", "-i", "-E", *where, "--", ws_rel, check=False).stdout.split("\0")
        children = []
        for hit in filter(None, hits):
            child_rel = hit.split(":", 1)[1] if self.rev else hit  # `git grep REV` names a file REV:path
            if ITEM_FILE.match(Path(child_rel).name) and child_rel != rel:
                child = self._item(child_rel)
                children += [child] if child is not None and child.parent == item_id else []
        return children

    def _item(self, rel: str) -> Item | None:
        """An item file as `rev` holds it; None when it does not load (its own check reports that)."""
        from fivefold import codec

        if rel not in self.read:
            text = self.repo.blob(f"{self.rev}:{rel}")
            try:
                self.read[rel] = codec.load_item(text, rel, plan=Path(rel).parent.name, file_id=Path(rel).stem) if text else None
            except Invalid:
                self.read[rel] = None
        return self.read[rel]


def _plan(repo: Repo, rel: str, rev: str) -> Plan | None:
    """The item's plan as `rev` holds it, for the five checks; None when it does not load."""
    from fivefold import codec

    plan_rel = (Path(rel).parent / PLAN_FILE).as_posix()
    text = repo.blob(f"{rev}:{plan_rel}")
    if text is None:
        return None
    try:
        plan: Plan = codec.load_plan(text, plan_rel, Path(rel).parent.name)
    except Invalid:
        return None
    return plan

