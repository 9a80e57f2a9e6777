"""The five checks (五化) every item must pass before it may start, one small function per 化 kept in
one list, the warnings that never block, and the one rule that says when an item's result fails
`check` and when it only warns (used by `check` and by the pre-commit check alike)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fivefold.errors import Problem
from fivefold.model import Item, Plan
from fivefold.workflow import replay

# (message key, params) pairs say what is missing; the renderer words them.
Finding = tuple[str, dict[str, Any]]


class Found(NamedTuple):
    """What one check found: a failure, or a warning (shown, never blocking)."""

    key: str
    params: dict[str, Any]
    warning: bool = False


def _fail(key: str, **params: Any) -> Found:
    return Found(key, params)


def _warn(key: str, **params: Any) -> Found:
    return Found(key, params, warning=True)


class Family(NamedTuple):
    """An item's place in the tree of items, wherever in the workspace they sit: its parent (when it is
    loaded) and its children. A check of one file alone knows neither."""

    parent: Item | None = None
    children: tuple[Item, ...] = ()


NO_FAMILY = Family()


def families(items: Iterable[Item]) -> dict[str, Family]:
    """Each item's family among these items (the whole workspace, so a child in another plan counts)."""
    items = list(items)
    by_id = {i.id: i for i in items}
    kids: dict[str, list[Item]] = {}
    for item in items:
        if item.parent:
            kids.setdefault(item.parent, []).append(item)
    return {i.id: Family(by_id.get(i.parent) if i.parent else None, tuple(kids.get(i.id, ()))) for i in items}


def projectised(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> list[Found]:
    """1 工作项目化: a named item in a plan, with a focus area and a one-sentence goal."""
    found = []
    if not item.title.strip():
        found.append(_fail("need_title"))
    if not item.area:
        found.append(_fail("need_area"))
    elif plan is not None and plan.areas and item.area not in plan.areas:
        found.append(_fail("unknown_area", area=item.area))
    if not item.goal:
        found.append(_fail("need_goal"))
    return found


def listed(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> list[Found]:
    """2 项目清单化: at least one concrete step, or children (a 重点任务's roadmap is its 子任务, those not
    cancelled); a step without a deliverable is a warning."""
    children = [c for c in family.children if replay(c).state != "cancelled"]
    found = [] if item.steps or children else [_fail("need_step")]
    found += [_warn("step_no_deliverable", step=step.id) for step in item.steps if not step.deliverable]
    return found


def specific(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> list[Found]:
    """3 清单具体化: a measurable target or an acceptance standard; a target without a value warns; a falling
    target without a baseline fails."""
    measurable = [t for t in item.targets if t.name and t.target is not None]
    found = [] if measurable or item.acceptance else [_fail("need_target")]
    found += [_warn("target_no_value", target=t.name) for t in item.targets if t.target is None]
    # a falling target's progress is measured from its baseline: without one it cannot be judged
    found += [_fail("target_no_baseline", target=t.name) for t in item.targets if t.direction == "down" and t.baseline is None]
    return found


def owned(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> list[Found]:
    """4 具体责任化: a lead unit and a responsible person (steps default to the item's owner)."""
    found = []
    if not item.lead_unit:
        found.append(_fail("need_lead_unit"))
    if not item.owner:
        found.append(_fail("need_owner"))
    return found


def time_bound(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> list[Found]:
    """5 责任时限化: start and due; every step due inside them; dependencies respect the dates; a child's
    dates inside its parent's."""
    found = []
    if item.start is None:
        found.append(_fail("need_start"))
    if item.due is None:
        found.append(_fail("need_due"))
    if item.start and item.due and item.due < item.start:
        found.append(_fail("due_before_start", start=item.start.isoformat(), due=item.due.isoformat()))
    by_id = {s.id: s for s in item.steps}
    for step in item.steps:
        if step.due is None:
            found.append(_fail("step_need_due", step=step.id))
            continue
        if (item.start and step.due < item.start) or (item.due and step.due > item.due):
            found.append(_fail("step_outside", step=step.id, due=step.due.isoformat()))
        for ref in step.after:
            before = by_id.get(ref)
            if before is not None and before.due is not None and before.due > step.due:
                found.append(_fail("step_order", step=step.id, ref=ref))
    return found + _outside_parent(item, family.parent)


def _outside_parent(item: Item, parent: Item | None) -> list[Found]:
    """A 子任务 that starts before its 重点任务 or ends after it (due dates in force: an extension of the
    child past its parent's due date is reported, so the parent is extended too)."""
    if parent is None:
        return []
    return outside_parent(item.start, replay(item).due or item.due, parent.id, parent.start, replay(parent).due or parent.due)


def outside_parent(start: Any, due: Any, parent_id: str, parent_start: Any, parent_due: Any) -> list[Found]:
    """The rule of _outside_parent on the dates alone (the due dates in force), as `check` applies it to
    cached records too (fivefold.checkindex)."""
    early = start is not None and parent_start is not None and start < parent_start
    late = due is not None and parent_due is not None and due > parent_due
    if not (early or late):
        return []
    return [_fail("outside_parent", parent=parent_id, start=_iso(start), due=_iso(due),
                  parent_start=_iso(parent_start), parent_due=_iso(parent_due))]  # fmt: skip


def _iso(day: Any) -> str:
    return day.isoformat() if day is not None else "—"


CHECKS: tuple[Callable[[Item, Plan | None, Family], list[Found]], ...] = (projectised, listed, specific, owned, time_bound)


@dataclass(slots=True)
class CheckResult:
    item_id: str
    failures: dict[int, list[Finding]] = field(default_factory=dict)  # 化 number -> what is missing
    warnings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def findings(self) -> list[tuple[int, str, dict[str, Any]]]:
        """Every failure as (化 number, key, params), in check order."""
        return [(n, key, params) for n, found in sorted(self.failures.items()) for key, params in found]


def five_checks(item: Item, plan: Plan | None, family: Family = NO_FAMILY) -> CheckResult:
    r = CheckResult(item.id)
    for n, check in enumerate(CHECKS, start=1):
        for key, params, warning in check(item, plan, family):
            if warning:
                r.warnings.append((key, params))
            else:
                r.failures.setdefault(n, []).append((key, params))
    return r


# --- what `check` reports ------------------------------------------------------------------------


@dataclass(slots=True)
class CheckReport:
    problems: list[Problem]
    results: list[CheckResult]
    failing: list[CheckResult]  # items whose five checks count as failures
    warnings: dict[str, list[Finding]]  # item id -> warnings (drafts' failures included)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failing

    def add(
        self,
        item: Item,
        plan: Plan | None,
        *,
        named: bool = False,
        strict: bool = False,
        parent_known: bool = True,
        extra: list[Finding] | None = None,
        family: Family = NO_FAMILY,
    ) -> None:
        """One item's five checks, judged: they fail when the item was named (`check ID`), is past
        draft (and not cancelled), or under --strict; a draft's (or a cancelled item's) only warn,
        as does a parent that is not there or an entry the loop's table skips. Under --strict any
        warning fails the item too (DESIGN §11.5)."""
        result = five_checks(item, plan, family)
        status = replay(item)
        warnings = list(result.warnings) + list(extra or ())  # `extra`: the caller's (people not in the directory)
        self.judge(result, warnings, status.state, len(status.skipped), None if parent_known else item.parent, named, strict)

    def judge(
        self, result: CheckResult, warnings: list[Finding], state: str, skipped: int, missing_parent: str | None,
        named: bool, strict: bool,
    ) -> None:  # fmt: skip
        """add()'s judgement of one item's five checks, given its warnings so far, its state, how many
        log entries the loop's table skipped and the parent it names that is not there, if any."""
        self.results.append(result)
        if missing_parent is not None:
            warnings.append(("parent_missing", {"id": missing_parent}))
        if skipped:
            warnings.append(("skipped_entries", {"count": skipped}))
        failing = False
        if not result.passed:
            if named or strict or state not in ("draft", "cancelled"):
                failing = True
            else:
                warnings.extend(("check_draft", {"n": n, "key": k, "params": p}) for n, k, p in result.findings())
        if failing or (strict and warnings):
            self.failing.append(result)
        if warnings:
            self.warnings[result.item_id] = warnings
