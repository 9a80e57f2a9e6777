"""The five checks (五化) every item must pass before it may start, and the warnings that never block."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fivefold.model import Item, Plan

# (message key, params) pairs say what is missing; the renderer words them.
Finding = tuple[str, dict[str, Any]]


@dataclass(slots=True)
class CheckResult:
    item_id: str
    failures: dict[int, list[Finding]] = field(default_factory=dict)  # 化 number -> what is missing
    warnings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def five_checks(item: Item, plan: Plan | None) -> CheckResult:
    r = CheckResult(item.id)

    def fail(n: int, key: str, **params: Any) -> None:
        r.failures.setdefault(n, []).append((key, params))

    # 1 工作项目化: a named item in a plan, with a focus area and a one-sentence goal
    if not item.title.strip():
        fail(1, "need_title")
    if not item.area:
        fail(1, "need_area")
    elif plan is not None and plan.areas and item.area not in plan.areas:
        fail(1, "unknown_area", area=item.area)
    if not item.goal:
        fail(1, "need_goal")
    # 2 项目清单化: at least one concrete step
    if not item.steps:
        fail(2, "need_step")
    for step in item.steps:
        if not step.deliverable:
            r.warnings.append(("step_no_deliverable", {"step": step.id}))
    # 3 清单具体化: a measurable target or an acceptance standard
    measurable = [t for t in item.targets if t.name and t.target is not None]
    if not measurable and not item.acceptance:
        fail(3, "need_target")
    for t in item.targets:
        if t.target is None:
            r.warnings.append(("target_no_value", {"target": t.name}))
    # 4 具体责任化: a lead unit and a responsible person (steps default to the item's owner)
    if not item.lead_unit:
        fail(4, "need_lead_unit")
    if not item.owner:
        fail(4, "need_owner")
    # 5 责任时限化: start and due; every step due inside them; dependencies respect the dates
    if item.start is None:
        fail(5, "need_start")
    if item.due is None:
        fail(5, "need_due")
    if item.start and item.due and item.due < item.start:
        fail(5, "due_before_start", start=item.start.isoformat(), due=item.due.isoformat())
    by_id = {s.id: s for s in item.steps}
    for step in item.steps:
        if step.due is None:
            fail(5, "step_need_due", step=step.id)
            continue
        if (item.start and step.due < item.start) or (item.due and step.due > item.due):
            fail(5, "step_outside", step=step.id, due=step.due.isoformat())
        for ref in step.after:
            before = by_id.get(ref)
            if before is not None and before.due is not None and before.due > step.due:
                fail(5, "step_order", step=step.id, ref=ref)
    return r
