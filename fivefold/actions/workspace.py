"""Use cases for the workspace and its plans: init, plan new, plan list, undo."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fivefold import codec
from fivefold.context import Context
from fivefold.controlchars import refuse_controls
from fivefold.errors import FivefoldError, Problem, UsageError, WorkspaceError, shorten
from fivefold.gitstate import refuse_if_stopped
from fivefold.loading import read_plans
from fivefold.model import MAX_PREFIX_LENGTH, PREFIX_RE, Plan
from fivefold.paths import display
from fivefold.specs import area_spec
from fivefold.transaction import atomic_write
from fivefold.transient import ensure_ignored
from fivefold.workspace import ITEM_FILE, PLAN_FILE, SETTINGS_FILE, Workspace

_PLAN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def init_workspace(
    folder: Path, *, plan: str | None = None, title: str | None = None, prefix: str | None = None, language: str | None = None
) -> Path:
    """Create fivefold.yaml and a .gitignore for .fivefold/ and temporary files; optionally a first plan."""
    shown = shorten(display(folder), 80)  # a 10,000-character path is not repeated whole
    try:
        exists = (folder / SETTINGS_FILE).exists()
    except OSError as exc:  # e.g. a name too long for the file system
        raise WorkspaceError("unwritable", path=shown, reason=exc.strerror or str(exc)) from None
    if exists:
        raise WorkspaceError("already_workspace", path=shown)
    if plan is not None:
        _check_plan_args(plan, prefix)
        _check_plan_texts(title, None, [])
        refuse_if_stopped(folder)  # before fivefold.yaml: the plan's write would be refused half-way
    try:
        folder.mkdir(parents=True, exist_ok=True)
        settings = "# fivefold workspace settings (DESIGN §2)\n"
        settings += f"language: {language}\n" if language else ""
        settings += (
            "thresholds: {soon_days: 14, step_grace_days: 7, yellow_lag: 10, red_lag: 30, review_days: 7, upcoming_days: 30,"
            " cadence_red_after: 2}\n"
        )
        settings += "self_review: forbidden\n"
        atomic_write(folder / SETTINGS_FILE, settings)
        ensure_ignored(folder)  # the tool state and temporary files never reach git
    except OSError as exc:
        raise WorkspaceError("unwritable", path=shown, reason=exc.strerror or str(exc)) from None
    if plan is not None:
        ws = Workspace(folder.resolve())
        with ws.transaction(f"plan new {plan}") as tx:
            _stage_plan(ws, tx, plan, title=title, prefix=prefix)
    return folder


def _check_plan_args(name: str, prefix: str | None) -> None:
    # A plan names a folder and its prefix starts every item's file name: both must fit a file name.
    if not _PLAN_NAME.match(name) or len(name) > 100:
        raise UsageError("bad_plan_name", plan=shorten(name))
    if prefix is not None and (not PREFIX_RE.match(prefix) or len(prefix) > MAX_PREFIX_LENGTH):
        raise UsageError("bad_prefix", prefix=shorten(prefix))


def _check_plan_texts(title: str | None, organisation: str | None, areas: list[str]) -> None:
    """A plan's title, organisation and area labels are one line each, without control characters."""
    for field, text in (("plan_title", title), ("organisation", organisation), *(("area", a) for a in areas)):
        refuse_controls(field, text)


def _stage_plan(
    ws: Workspace,
    tx: Any,
    name: str,
    *,
    title: str | None,
    prefix: str | None,
    organisation: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    areas: list[str] | None = None,
) -> Plan:
    _check_plan_args(name, prefix)
    _check_plan_texts(title, organisation, areas or [])
    folder = ws.root / name
    if (folder / PLAN_FILE).exists():
        raise FivefoldError("plan_exists", plan=name)
    prefix = (prefix or re.sub(r"[^A-Za-z0-9]", "", name)[:4] or "W").upper()
    if not prefix[0].isalpha():
        prefix = "P" + prefix
    plans, _ = read_plans(ws)
    for other in plans.values():
        if other.prefix == prefix:
            raise FivefoldError("duplicate_prefix", prefix=prefix, other=other.name)
    data: dict[str, Any] = {"title": title or name}
    if organisation:
        data["organisation"] = organisation
    data["prefix"] = prefix
    if start or end:
        data["period"] = codec.FlowMap({k: v for k, v in (("start", start), ("end", end)) if v})
    data["areas"] = dict(area_spec(a) for a in areas or [])
    text = codec.dump(data)
    plan = codec.load_plan(text, display(folder / PLAN_FILE), name)
    folder.mkdir(exist_ok=True)
    tx.write(folder / PLAN_FILE, text)
    return plan


def plan_new(
    ctx: Context,
    name: str,
    *,
    title: str | None,
    prefix: str | None,
    organisation: str | None,
    start: str | None,
    end: str | None,
    areas: list[str],
) -> Plan:
    with ctx.ws.transaction(f"plan new {name}") as tx:
        return _stage_plan(
            ctx.ws,
            tx,
            name,
            title=title,
            prefix=prefix,
            organisation=organisation,
            start=ctx.date(start),
            end=ctx.date(end),
            areas=areas,
        )


def plan_list(ctx: Context) -> tuple[list[tuple[Plan, int]], list[Problem]]:
    plans, problems = read_plans(ctx.ws)
    return [(p, len(ctx.ws.item_names(ctx.ws.root / p.name))) for p in plans.values()], problems


@dataclass(frozen=True)
class JournalEntry:
    """What one `undo` would revert: the command, when and by whom, the items it touched, and the item
    files the undo would delete (those the command created)."""

    name: str
    command: str
    at: str
    by: str | None
    items: list[str]
    removes: list[str]


def _entry(path: Path, record: dict[str, Any]) -> JournalEntry:
    def item(rel: str) -> str | None:
        name = rel.rsplit("/", 1)[-1]
        return name[:-5] if ITEM_FILE.match(name) else None

    files = record["files"]
    items = [i for f in files if (i := item(f["path"])) is not None]
    new_files = [f for f in files if f.get("before") is None and f.get("before_b64") is None]
    created = [i for f in new_files if (i := item(f["path"])) is not None]
    by = record.get("by") if isinstance(record.get("by"), str) else None
    return JournalEntry(path.name, record["command"], str(record.get("at") or ""), by, items, created)


def undo_next(ctx: Context) -> JournalEntry:
    """What `undo` would revert now."""
    ctx.ws.settle()
    found = ctx.ws.journal().last()
    if found is None:
        raise FivefoldError("nothing_to_undo")
    return _entry(*found)


def undo_list(ctx: Context) -> list[JournalEntry]:
    """The journal, oldest first: what successive undos would revert, last first."""
    ctx.ws.settle()
    return [_entry(path, record) for path, record in ctx.ws.journal().entries()]


def undo(ctx: Context, expect: str | None = None) -> tuple[str, int]:
    """Revert the last command's writes (all its files or none): (that command, files reverted)."""
    return ctx.ws.undo(expect)
