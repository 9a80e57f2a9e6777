"""The `check` use case: the five checks and schema problems over the workspace or some items."""

from __future__ import annotations

from typing import Any

from fivefold import evidence
from fivefold.checks import CheckReport, families
from fivefold.context import Context
from fivefold.errors import Invalid
from fivefold.loading import load, read_directory, read_item
from fivefold.model import Item
from fivefold.paths import display
from fivefold.people import Directory
from fivefold.units import alias_map, closest
from fivefold.workflow import replay


def check(ctx: Context, ids: list[str], strict: bool = False) -> CheckReport:
    """No ids: the whole workspace (drafts' check failures are warnings). Ids: those items' five checks
    fail whatever their state. --strict turns warnings into failures."""
    snap = load(ctx.ws)
    problems = list(snap.problems)
    chosen: list[Item] = []
    for text in ids:
        file_id, path = ctx.ws.find_item(text)
        if file_id in snap.by_id:
            chosen.append(snap.by_id[file_id])
        elif not any(p.path == display(path) for p in problems):
            read_item(ctx.ws, text)
    items = chosen if ids else snap.items
    if ids:
        shown = {display(ctx.ws.root / i.plan / f"{i.id}.yaml") for i in chosen} | {
            display(p) for _, p in (ctx.ws.find_item(t) for t in ids)
        }
        problems = [p for p in problems if p.path in shown]
    report = CheckReport(problems, [], [], {})
    try:
        directory = read_directory(ctx.ws)
    except Invalid as exc:  # a broken people.yaml is a broken file like any other
        report.problems.extend(exc.problems)
        directory = None
    for item in items:  # evidence files the log names: missing or altered is a failure (issue 12)
        report.problems.extend(evidence.verify(ctx.ws.root / item.plan, item, ctx.ws.root / item.plan / f"{item.id}.yaml"))
    kin = families(snap.items)  # the whole workspace: a child in another plan counts
    for item in items:
        parent_known = not item.parent or item.parent in snap.by_id or item.parent in snap.broken_ids
        extra = _not_in_directory(item, directory) if directory is not None else []
        extra += _units_not_listed(item, snap.settings.units)
        report.add(
            item, snap.plan_of(item), named=bool(ids), strict=strict, parent_known=parent_known, extra=extra, family=kin[item.id]
        )
    return report


def _not_in_directory(item: Item, directory: Directory) -> list[tuple[str, dict[str, Any]]]:
    """Warnings for an owner (the current one, after reassignments) or leader the directory lacks."""
    found = []
    for key, name in (("owner_not_in_directory", replay(item).owner), ("leader_not_in_directory", item.leader)):
        if name and directory.find(name) is None:
            found.append((key, {"name": name, "file": directory.source}))
    return found


def _units_not_listed(item: Item, units: dict[str, tuple[str, ...]]) -> list[tuple[str, dict[str, Any]]]:
    """Warnings for a lead or partner unit that `units:` neither names nor lists as an alias, with the
    closest listed unit when there is one (no list, no warnings)."""
    if not units:
        return []
    known = alias_map(units)
    found = []
    for name in dict.fromkeys([replay(item).lead_unit, *item.partner_units]):
        if name and name.strip() not in known:
            suggestion = closest(name.strip(), units)
            key = "unit_not_listed_suggest" if suggestion else "unit_not_listed"
            found.append((key, {"unit": name, "suggestion": suggestion} if suggestion else {"unit": name}))
    return found
