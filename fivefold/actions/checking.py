"""The `check` use case: the five checks and schema problems over the workspace or some items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fivefold.actions.common import findings
from fivefold.checks import CheckResult, five_checks
from fivefold.context import Context
from fivefold.errors import Problem
from fivefold.loading import load, read_item
from fivefold.model import Item
from fivefold.paths import display
from fivefold.workflow import replay


@dataclass(slots=True)
class CheckReport:
    problems: list[Problem]
    results: list[CheckResult]
    failing: list[CheckResult]  # items whose five checks count as failures
    warnings: dict[str, list[tuple[str, dict[str, Any]]]]  # item id -> warnings (drafts' failures included)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failing


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
    results, failing, warnings = [], [], {}
    for item in items:
        plan = snap.plan_of(item)
        result = five_checks(item, plan)
        results.append(result)
        status = replay(item)
        extra = list(result.warnings)
        if item.parent and item.parent not in snap.by_id and item.parent not in snap.broken_ids:
            extra.append(("parent_missing", {"id": item.parent}))
        if status.skipped:
            extra.append(("skipped_entries", {"count": len(status.skipped)}))
        if not result.passed:
            if ids or status.state not in ("draft", "cancelled") or strict:
                failing.append(result)
            else:
                extra.extend(("check_draft", {"n": n, "key": k, "params": p}) for n, k, p in findings(result))
        if extra:
            warnings[item.id] = extra
    if strict:
        failing_ids = {r.item_id for r in failing}
        failing.extend(r for r in results if r.item_id in warnings and r.item_id not in failing_ids)
    return CheckReport(problems, results, failing, warnings)
