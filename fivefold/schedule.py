"""Progress against deadlines: actual and expected progress, lag, light, bucket, overdue days.

Pure functions of (items, as-of). Due dates mean the end of that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fivefold.cadence import REPORT_EVENTS, Reporting, reporting
from fivefold.events import Status
from fivefold.model import Item, Step, Target
from fivefold.workflow import replay

LIGHTS = ("green", "yellow", "red", "done", "none")
BUCKETS = ("ongoing", "upcoming", "future", "closed", "cancelled")
_SEVERITY = {"red": 2, "yellow": 1}
OPEN = frozenset({"draft", "ready", "active", "blocked", "review"})

# A reason for a light, as data: a code (worded by the catalogue's `why.<code>`) and its parameters.
Reason = tuple[str, dict[str, "str | int"]]
REASON_CODES = (
    "overdue", "step_overdue", "lag", "blocked", "review", "not_started", "due_soon", "no_report", "never_reported", "children",
)


def _why(code: str, **params: str | int) -> Reason:
    return (code, params)


@dataclass(slots=True)
class Assessment:
    status: Status
    progress: float  # 0–100
    expected: float  # 0–100
    lag: float
    light: str
    bucket: str
    overdue_days: int
    closed_on_time: bool | None
    open_steps: int
    reasons: tuple[Reason, ...] = ()  # why the light is red or yellow (empty for the others)
    exists: bool = True  # False when every log entry is dated after as-of: not created yet then
    reports_made: int = 0  # reporting periods with a report (fivefold.cadence), of
    reports_expected: int = 0  # the periods a report was owed in (0: no cadence, or none owed yet)


def _weighted(pairs: Iterable[tuple[float, float]]) -> float:
    pairs = list(pairs)
    total = sum(w for w, _ in pairs)
    return 100.0 * sum(w * v for w, v in pairs) / total if total else 0.0


def actual_progress(item: Item, s: Status) -> float:
    if s.state == "closed":
        return 100.0
    if item.steps:
        return _weighted((step.weight, 1.0 if step.id in s.done else s.progress.get(step.id, 0.0) / 100.0) for step in item.steps)
    numeric = [t for t in item.targets if t.target is not None and (t.target or t.direction == "down")]
    if numeric:
        return _weighted((1.0, target_share(t, s.measures.get(t.name))) for t in numeric)
    return 0.0


def target_share(t: Target, measured: float | None) -> float:
    """How far a target is met, 0..1: measured ÷ target for a rising one; (baseline − measured) ÷
    (baseline − target) for a falling one (nothing measured yet is the baseline; no baseline, nothing met)."""
    if t.target is None:
        return 0.0
    if t.direction != "down":
        return min(max((measured or 0.0) / t.target, 0.0), 1.0) if t.target else 0.0
    if t.baseline is None:
        return 0.0
    now = t.baseline if measured is None else measured
    if t.baseline <= t.target:  # nothing to bring down: met while at or under the target
        return 1.0 if now <= t.target else 0.0
    return min(max((t.baseline - now) / (t.baseline - t.target), 0.0), 1.0)


def step_due(step: Step, item: Item, judged: dt.date | None) -> dt.date | None:
    """The date a step is judged against: a timely extension of the item also moves the steps that
    were due on or after its original deadline (the final 验收, typically); earlier steps keep theirs."""
    if step.due is not None and judged is not None and item.due is not None and judged > item.due <= step.due:
        return max(step.due, judged)
    return step.due


def expected_progress(item: Item, as_of: dt.date, due: dt.date | None = None) -> float:
    """`due`: the date the item is judged against (a timely extension moves it); default the planned one."""
    if item.steps:
        dues = [step_due(step, item, due) for step in item.steps]
        return _weighted(
            (step.weight, 1.0 if d is not None and d < as_of else 0.0) for step, d in zip(item.steps, dues, strict=True)
        )
    due = due or item.due
    if item.start is None or due is None:
        return 0.0
    if as_of <= item.start:
        return 0.0
    span = max(1, (due - item.start).days + 1)  # a draft may still have its due before its start
    return 100.0 * min((as_of - item.start).days / span, 1.0)


def _steps_overdue(item: Item, s: Status, on: dt.date) -> int:
    """Days the worst open step is past its due date on `on` (0 when none is)."""
    worst = 0
    for step in item.steps:
        due = step_due(step, item, s.due_judged)
        if step.id not in s.done and due is not None and on > due:
            worst = max(worst, (on - due).days)
    return worst


def light_of(item: Item, s: Status, progress: float, expected: float, as_of: dt.date, th: dict[str, int]) -> str:
    state = s.state
    if state == "closed":
        return "done"
    if state == "cancelled":
        return "none"
    due = s.due_judged
    if state in ("draft", "ready"):
        if due is not None and as_of > due:
            return "red"
        if item.start is not None and as_of > item.start:
            return "yellow"
        return "none"
    if state == "review":
        on = s.submitted_on or as_of
        if (due is not None and on > due) or _steps_overdue(item, s, on) > th["step_grace_days"]:
            return "red"
        return "yellow" if (as_of - on).days > th["review_days"] else "green"
    lag = expected - progress
    late_steps = _steps_overdue(item, s, as_of)
    if due is not None and as_of > due:
        return "red"
    if late_steps > th["step_grace_days"] or (not item.steps and lag >= th["red_lag"]):
        return "red"
    if (
        state == "blocked"
        or late_steps > 0
        or (due is not None and (due - as_of).days <= th["soon_days"])
        or (not item.steps and lag >= th["yellow_lag"])
    ):
        return "yellow"
    return "green"


def is_overdue(state: str, overdue_days: int) -> bool:
    """The one "overdue" (DESIGN §12.1): open and past the due date lateness is counted against. An item
    in review that was submitted late is overdue (its lateness is frozen at submission)."""
    return state in OPEN and overdue_days > 0


def reasons_of(
    item: Item, s: Status, lag: float, light: str, as_of: dt.date, th: dict[str, int], rep: Reporting | None = None
) -> tuple[Reason, ...]:
    """Why an open item's light is red or yellow, each cause once, worst first (light_of's rules, as words;
    an ongoing item's are its due date, its block and its reporting only)."""
    if light not in ("red", "yellow") or s.state not in OPEN:
        return ()
    out = _reasons(item, s, lag, as_of, th)
    if item.ongoing:
        out = [r for r in out if r[0] in ("overdue", "blocked")]
    if rep is not None and rep.missed and s.state in ("active", "blocked"):
        if rep.last is not None:
            why = _why("no_report", last=rep.last.isoformat(), missed=rep.missed)
        else:
            why = _why("never_reported", since=rep.since.isoformat(), missed=rep.missed)
        out.insert(1 if out and out[0][0] == "overdue" else 0, why)
    return tuple(out)


def _reasons(item: Item, s: Status, lag: float, as_of: dt.date, th: dict[str, int]) -> list[Reason]:
    out: list[Reason] = []
    due = s.due_judged
    on = (s.submitted_on or as_of) if s.state == "review" else as_of
    if due is not None and on > due:
        out.append(_why("overdue", days=(on - due).days))
    for step in item.steps:
        step_date = step_due(step, item, due)
        if s.state not in ("draft", "ready") and step.id not in s.done and step_date is not None and on > step_date:
            out.append(_why("step_overdue", step=step.id, title=step.title, days=(on - step_date).days))
    if s.state in ("active", "blocked") and not item.steps and lag >= th["yellow_lag"]:
        out.append(_why("lag", points=round(lag)))
    if s.state == "blocked":
        out.append(_why("blocked", reason=str(s.block_reason or "-")))
    if s.state == "review" and s.submitted_on is not None and (as_of - s.submitted_on).days > th["review_days"]:
        out.append(_why("review", days=(as_of - s.submitted_on).days))
    if s.state in ("draft", "ready") and item.start is not None and as_of > item.start:
        out.append(_why("not_started", date=item.start.isoformat()))
    if s.state in ("active", "blocked") and due is not None and 0 <= (due - as_of).days <= th["soon_days"]:
        out.append(_why("due_soon", days=(due - as_of).days))
    return out


def child_reason(
    node_id: str, nodes: dict[str, Figures], own_light: str, children: dict[str, list[str]] | None = None
) -> Reason | None:
    """A parent made red or yellow by its children (roll_up): which of them. `children`
    (children_of(nodes)) saves a pass over every node per parent when there are many."""
    node = nodes[node_id]
    if node.light == own_light or node.light not in ("red", "yellow"):
        return None
    ids = children.get(node_id, []) if children is not None else [k for k, n in nodes.items() if n.parent == node_id]
    kids = sorted(k for k in ids if nodes[k].light == node.light)
    return _why("children", ids="、".join(kids), light=node.light)


def children_of(nodes: dict[str, Figures]) -> dict[str, list[str]]:
    """Each parent's children among the nodes."""
    out: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        if node.parent is not None:
            out.setdefault(node.parent, []).append(node_id)
    return out


def bucket_of(item: Item, s: Status, as_of: dt.date, th: dict[str, int]) -> str:
    if s.state in ("active", "blocked", "review"):
        return "ongoing"
    if s.state in ("closed", "cancelled"):
        return s.state
    if item.start is None or (item.start - as_of).days <= th["upcoming_days"]:
        return "upcoming"
    return "future"


def overdue_days(s: Status, as_of: dt.date) -> int:
    due = s.due_judged
    if due is None or s.state == "cancelled":
        return 0
    if s.state in ("closed", "review"):
        return max(0, ((s.submitted_on or as_of) - due).days)
    return max(0, (as_of - due).days)


def reporting_of(item: Item, s: Status, as_of: dt.date, cadence: str | None) -> Reporting | None:
    """The item's reporting (fivefold.cadence) as of a date: owed from the day it was started until as-of,
    or until it was submitted for acceptance; None without a cadence or before it was started."""
    cadence = item.cadence or cadence
    since = s.started_on or item.start
    if cadence is None or since is None or s.state not in ("active", "blocked", "review", "closed"):
        return None
    until = as_of if s.state in ("active", "blocked") else min(as_of, s.submitted_on or s.closed_on or as_of)
    return reporting(cadence, since, until, (e.date for e in item.log if e.event in REPORT_EVENTS and e.date <= as_of))


def _reporting_light(light: str, item: Item, s: Status, as_of: dt.date, rep: Reporting | None, th: dict[str, int]) -> str:
    """An active item's light with its reporting weighed in; an ongoing item (长期坚持) is judged by its
    reporting alone (and by its due date and a block)."""
    if s.state not in ("active", "blocked"):
        return light
    if item.ongoing:
        light = "red" if s.due_judged is not None and as_of > s.due_judged else "yellow" if s.state == "blocked" else "green"
    missed = rep.missed if rep else 0
    by_reports = "red" if missed >= max(1, th.get("cadence_red_after", 2)) else "yellow" if missed else "green"
    return by_reports if _SEVERITY.get(by_reports, 0) > _SEVERITY.get(light, 0) else light


def assess_one(item: Item, as_of: dt.date, th: dict[str, int], cadence: str | None = None) -> Assessment:
    """`cadence`: the workspace's reporting cadence, for items that name none."""
    s = replay(item, as_of)
    progress = actual_progress(item, s)
    expected = 100.0 if s.state == "closed" else expected_progress(item, as_of, s.due_judged)
    rep = reporting_of(item, s, as_of, cadence)
    light = _reporting_light(light_of(item, s, progress, expected, as_of, th), item, s, as_of, rep, th)
    on_time = None
    if s.state == "closed":
        on_time = s.due_judged is None or (s.submitted_on or s.closed_on or as_of) <= s.due_judged
    return Assessment(
        status=s,
        progress=progress,
        expected=expected,
        lag=expected - progress,
        light=light,
        bucket=bucket_of(item, s, as_of, th),
        overdue_days=overdue_days(s, as_of),
        closed_on_time=on_time,
        open_steps=sum(1 for step in item.steps if step.id not in s.done),
        reasons=reasons_of(item, s, expected - progress, light, as_of, th, rep),
        exists=s.counted > 0 or not item.log,
        reports_made=rep.made if rep else 0,
        reports_expected=rep.expected if rep else 0,
    )


def assess(
    items: list[Item], as_of: dt.date, thresholds: Callable[[Item], dict[str, int]], cadence: str | None = None
) -> dict[str, Assessment]:
    """Assess every item, then roll children up into their parents (progress: weighted mean; light: worst).
    `cadence`: the workspace's reporting cadence, for items that name none."""
    result = {item.id: assess_one(item, as_of, thresholds(item), cadence) for item in items}
    nodes = {item.id: Figures.of(item.parent, item.weight, result[item.id]) for item in items if result[item.id].exists}
    own = {item_id: node.light for item_id, node in nodes.items()}
    roll_up(nodes)
    children = children_of(nodes)
    for item_id, node in nodes.items():
        a = result[item_id]
        a.progress, a.expected, a.lag, a.light = node.progress, node.expected, node.lag, node.light
        extra = child_reason(item_id, nodes, own[item_id], children)
        if extra is not None:
            a.reasons = (*a.reasons, extra)
    return result


@dataclass(slots=True)
class Figures:
    """An item's place in the tree of items and the figures a parent is rolled up from."""

    parent: str | None
    weight: float
    state: str
    progress: float
    expected: float
    lag: float
    light: str

    @classmethod
    def of(cls, parent: str | None, weight: float, a: Assessment) -> Figures:
        return cls(parent, weight, a.status.state, a.progress, a.expected, a.lag, a.light)


def roll_up(nodes: dict[str, Figures]) -> None:
    """Parents from their children, in place. Cancelled children do not count;
    a closed or cancelled parent keeps its own figures and light (it was verified, or dropped, as a whole)."""
    children: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        if node.parent and node.parent in nodes:
            children.setdefault(node.parent, []).append(node_id)
    done: set[str] = set()
    path: set[str] = set()  # the parents being rolled up, from the root down (a loop ends where it comes back)

    def roll(node_id: str) -> None:
        if node_id in done or node_id in path:
            return
        ids = children[node_id]
        kids = [nodes[k] for k in ids if nodes[k].state != "cancelled"]
        path.add(node_id)
        for kid in ids:
            if kid in children:  # a leaf has nothing to roll up
                roll(kid)
        path.discard(node_id)
        node = nodes[node_id]
        if kids and node.state not in ("closed", "cancelled"):
            node.progress = _weighted((k.weight, k.progress / 100.0) for k in kids)
            node.expected = _weighted((k.weight, k.expected / 100.0) for k in kids)
            node.lag = node.expected - node.progress
        worst = max((_SEVERITY.get(k.light, 0) for k in kids), default=0)
        if node.state not in ("closed", "cancelled") and worst > _SEVERITY.get(node.light, 0):
            node.light = "red" if worst == 2 else "yellow"
        done.add(node_id)

    for node_id in children:
        roll(node_id)
