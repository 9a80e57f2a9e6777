"""The `check` use case: the five checks and schema problems over the workspace or some items."""

from __future__ import annotations

from fivefold.checks import CheckReport
from fivefold.context import Context
from fivefold.loading import load, read_item
from fivefold.model import Item
from fivefold.paths import display


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
    for item in items:
        parent_known = not item.parent or item.parent in snap.by_id or item.parent in snap.broken_ids
        report.add(item, snap.plan_of(item), named=bool(ids), strict=strict, parent_known=parent_known)
    return report
