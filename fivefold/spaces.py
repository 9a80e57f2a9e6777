"""Several workspaces shown together (a supervising office over its units): which ones (several
--plans, or a `workspaces:` list in fivefold.yaml), what each is called, their rows and items
merged with a `workspace` field, and which one a command naming an item works on. Each workspace
keeps its own cache, so showing several costs what one of the same total size costs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fivefold.errors import FivefoldError, NotFound, Problem, UsageError, WorkspaceError
from fivefold.loading import Snapshot, read_plans, read_settings
from fivefold.model import canonical_id
from fivefold.paths import display
from fivefold.workspace import SETTINGS_FILE, Workspace, find_workspace


def find(given: list[str], cwd: Path | None = None) -> tuple[list[Workspace], bool]:
    """(the workspaces, whether several were given on the command line). One workspace brings the
    ones its fivefold.yaml lists under `workspaces:` (paths relative to it), after itself. None given:
    the one found from `cwd` (default: the current folder) up."""
    if len(given) > 1:
        return _unique([Workspace(find_workspace(g, cwd)) for g in given]), True
    home = Workspace(find_workspace(given[0] if given else None, cwd))
    try:
        listed = read_settings(home).raw.get("workspaces")
    except FivefoldError:
        return [home], False  # a broken fivefold.yaml is reported by the command that reads it
    if listed is None:
        return [home], False
    shown = display(home.root / SETTINGS_FILE)
    if not isinstance(listed, list) or not all(isinstance(p, str) and p for p in listed):
        raise WorkspaceError("ws.bad_list", path=shown)
    spaces = [home]
    for entry in listed:
        folder = (home.root / Path(entry).expanduser()).resolve()
        if not (folder / SETTINGS_FILE).is_file():
            raise WorkspaceError("ws.listed_missing", path=str(folder), settings=shown)
        spaces.append(Workspace(folder))
    return _unique(spaces), False


def _unique(spaces: list[Workspace]) -> list[Workspace]:
    seen, out = set(), []
    for ws in spaces:
        key = ws.root.resolve()
        if key not in seen:
            seen.add(key)
            out.append(ws)
    return out


def label(ws: Workspace) -> str:
    """What a workspace is called: `name:` in fivefold.yaml, else its plans' organisation, else its
    folder (the one above when the folder is the usual `plans`)."""
    try:
        name = read_settings(ws).raw.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
        for plan in read_plans(ws)[0].values():
            if plan.organisation:
                return plan.organisation
    except FivefoldError:
        pass
    root = ws.root.resolve()
    return root.parent.name if root.name == "plans" and root.parent.name else root.name


def labels(spaces: list[Workspace]) -> list[str]:
    """Each workspace's label, made unique with a number where two are called the same."""
    out: list[str] = []
    for ws in spaces:
        name = label(ws)
        unique, n = name, 2
        while unique in out:
            unique, n = f"{name} ({n})", n + 1
        out.append(unique)
    return out


def pick(spaces: list[Workspace], names: list[str], home: Workspace | None) -> Workspace:
    """The workspace a command works on: the one holding the items it names (there must be exactly
    one), else `home` (the workspace whose fivefold.yaml lists the others); several --plans and no
    item named is refused."""
    if not names:
        if home is not None:
            return home
        raise UsageError("ws.several", count=len(spaces), names=", ".join(labels(spaces)))
    holders: dict[int, Workspace] = {}
    for text in names:
        for n, ws in enumerate(spaces):
            try:
                ws.find_item(text)
            except NotFound:
                continue
            holders[n] = ws
    if len(holders) == 1:
        return next(iter(holders.values()))
    if not holders:
        if home is not None:
            return home
        raise NotFound("not_found", id=canonical_id(names[0]) or names[0])
    names_of = labels(spaces)
    raise UsageError("ws.ambiguous", id=" ".join(names), names=", ".join(names_of[n] for n in sorted(holders)))


def _item_path(ws: Workspace, plan: str, item_id: str) -> str:
    return display(ws.root / plan / f"{item_id}.yaml")


def load_all(
    ctx: Any, as_of: Any, *, traces: bool = False, traces_since: str | None = None, details: bool = False, fragments: bool = False
) -> Any:
    """The list index of every workspace the context covers (index.load_index of each, merged)."""
    from fivefold.index import load_index

    def one(ws: Workspace) -> Any:
        return load_index(ws, as_of, ctx.progress, traces=traces, traces_since=traces_since, details=details, fragments=fragments)

    if len(ctx.spaces) == 1:
        return one(ctx.ws)
    return merge_indexes([(ws, one(ws)) for ws in ctx.spaces])


def merge_indexes(parts: list[tuple[Workspace, Any]]) -> Any:
    """One list index from each workspace's own: rows carry `workspace`; an id already shown from
    an earlier workspace is a duplicate (named, left out), as within one workspace."""
    from fivefold.index import Index

    first = parts[0][1]
    merged = Index(settings=first.settings, plans={}, rows=[])
    seen: dict[str, tuple[Workspace, str, str]] = {}  # the paths are shown only for a duplicate
    for name, (ws, ix) in zip(labels([ws for ws, _ in parts]), parts, strict=True):
        merged.problems.extend(ix.problems)
        for plan_name, plan in ix.plans.items():
            merged.plans.setdefault(plan_name, plan)
        for row in ix.rows:
            other = seen.get(row.id.upper())
            if other is not None:
                path = _item_path(ws, row.plan, row.id)
                merged.problems.append(Problem(path, "duplicate_id", {"id": row.id, "other": _item_path(*other)}, 1, 1))
                continue
            seen[row.id.upper()] = (ws, row.plan, row.id)
            merged.rows.append(row._replace(workspace=name))
            if row.id in ix.traces.cached:
                merged.traces.cached[row.id] = ix.traces.cached[row.id]
            if row.id in ix.details:
                merged.details[row.id] = ix.details[row.id]
            if row.id in ix.fragments:
                merged.fragments[row.id] = ix.fragments[row.id]
    return merged


def merge_snapshots(parts: list[tuple[Workspace, Snapshot, dict[str, Any]]]) -> tuple[Snapshot, dict[str, Any], dict[str, str]]:
    """One snapshot (with assessments) from each workspace's own, and item id -> workspace label."""
    first = parts[0][1]
    merged = Snapshot(first.settings, {}, [], {}, [], {})
    assessed: dict[str, Any] = {}
    where: dict[str, str] = {}
    seen: dict[str, tuple[Workspace, str, str]] = {}  # the paths are shown only for a duplicate
    for name, (ws, snap, own) in zip(labels([p[0] for p in parts]), parts, strict=True):
        merged.problems.extend(snap.problems)
        merged.broken_ids.update(snap.broken_ids)
        for plan_name, plan in snap.plans.items():
            merged.plans.setdefault(plan_name, plan)
        for item in snap.items:
            other = seen.get(item.id.upper())
            if other is not None:
                path = _item_path(ws, item.plan, item.id)
                merged.problems.append(Problem(path, "duplicate_id", {"id": item.id, "other": _item_path(*other)}, 1, 1))
                continue
            seen[item.id.upper()] = (ws, item.plan, item.id)
            merged.items.append(item)
            merged.by_id[item.id] = item
            assessed[item.id] = own[item.id]
            where[item.id] = name
    return merged, assessed, where
