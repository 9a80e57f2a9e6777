"""The `check` use case: the five checks and schema problems over the workspace or some items."""

from __future__ import annotations

from fivefold import evidence
from fivefold.checkindex import check_all, extra_warnings
from fivefold.checks import CheckReport, families
from fivefold.context import Context
from fivefold.errors import Invalid
from fivefold.loading import load, read_directory, read_item
from fivefold.model import Item
from fivefold.paths import display


def check(ctx: Context, ids: list[str], strict: bool = False) -> CheckReport:
    """No ids: the whole workspace (drafts' check failures are warnings), from each file's cached
    record (fivefold.checkindex). Ids: those items' five checks fail whatever their state. --strict
    turns warnings into failures."""
    if not ids:
        return check_all(ctx.ws, strict)
    snap = load(ctx.ws)
    problems = list(snap.problems)
    chosen: list[Item] = []
    for text in ids:
        file_id, path = ctx.ws.find_item(text)
        if file_id in snap.by_id:
            chosen.append(snap.by_id[file_id])
        elif not any(p.path == display(path) for p in problems):
            read_item(ctx.ws, text)
    shown = {display(ctx.ws.root / i.plan / f"{i.id}.yaml") for i in chosen} | {
        display(p) for _, p in (ctx.ws.find_item(t) for t in ids)
    }
    report = CheckReport([p for p in problems if p.path in shown], [], [], {})
    try:
        directory = read_directory(ctx.ws)
    except Invalid as exc:  # a broken people.yaml is a broken file like any other
        report.problems.extend(exc.problems)
        directory = None
    for item in chosen:  # evidence files the log names: missing or altered is a failure (issue 12)
        report.problems.extend(evidence.verify(ctx.ws.root / item.plan, item, ctx.ws.root / item.plan / f"{item.id}.yaml"))
    kin = families(snap.items)  # the whole workspace: a child in another plan counts
    for item in chosen:
        parent_known = not item.parent or item.parent in snap.by_id or item.parent in snap.broken_ids
        extra = extra_warnings(item, directory, snap.settings.units)
        plan = snap.plan_of(item)
        report.add(item, plan, named=True, strict=strict, parent_known=parent_known, extra=extra, family=kin[item.id])
    return report
