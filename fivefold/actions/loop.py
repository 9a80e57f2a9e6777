"""Use cases of the closed loop and of progress: one event appended to an item's log after the
event table (fivefold.events) and its guards allow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fivefold import codec
from fivefold.actions.common import Outcome, keeps_history, load_for_write, refuse_move, validated
from fivefold.checks import NO_FAMILY, Family, families, five_checks
from fivefold.context import Context
from fivefold.errors import Refused, UsageError
from fivefold.events import TABLE, Status
from fivefold.evidence import stage
from fivefold.loading import read_plans, read_settings
from fivefold.model import Item
from fivefold.paths import display
from fivefold.roles import needs_approval, refusal
from fivefold.workflow import replay


def _when(ctx: Context, on: str | None, status: Status) -> dt.date:
    """The date of a new entry: --on or today; never after today, never before the last state change."""
    when = ctx.date(on) or ctx.today
    if when > ctx.today:
        raise UsageError("future_date", date=when.isoformat(), today=ctx.today.isoformat())
    if status.last_change is not None and when < status.last_change:
        raise Refused("before_last_change", date=when.isoformat(), last=status.last_change.isoformat())
    return when


def record(
    ctx: Context,
    item_text: str,
    event: str,
    *,
    on: str | None = None,
    note: str | None = None,
    fill: Callable[[Item, Status], dict[str, Any]] | None = None,
    attach: list[str] | None = None,
    **fields: Any,
) -> Outcome:
    """Append one event to an item's log after the table (fivefold.events), the role rules
    (fivefold.roles) and its guards allow it. `fill` gives payload read from the item under the
    lock (an approval copies the pending request)."""
    return record_many(ctx, [item_text], event, on=on, note=note, fill=fill, attach=attach, **fields)[0]


def record_many(
    ctx: Context,
    item_texts: list[str],
    event: str,
    *,
    on: str | None = None,
    note: str | None = None,
    fill: Callable[[Item, Status], dict[str, Any]] | None = None,
    attach: list[str] | None = None,
    cascade: bool = False,
    **fields: Any,
) -> list[Outcome]:
    """The same event for several items in one transaction: every item is checked before any file is
    written, and one refused item writes nothing (all or nothing; one undo reverts them all). A parent
    with open children is cancelled only with `cascade`, which cancels them too, with the same reason."""
    if event not in TABLE:
        raise UsageError("bad_event", value=event)
    spec = TABLE[event]
    given = {key: value for key, value in fields.items() if value is not None}
    undeclared = set(given) - {f.name for f in spec.payload}
    if undeclared:  # a caller's mistake, not the user's: the table lists what each event carries
        raise TypeError(f"{event} carries no {', '.join(sorted(undeclared))}")
    if fill is None and spec.needs and not given.get(spec.needs):
        raise UsageError("need_option", event=event, option=spec.needs)
    if event == "cancel":
        item_texts = _with_open_children(ctx, item_texts, cascade)
    with ctx.ws.transaction(f"{event} {' '.join(item_texts)}") as tx:
        outcomes: list[Outcome] = []
        for text in item_texts:
            if event in PARENT_WAITS:  # children submitted or accepted earlier in this same command count
                _refuse_open_children(ctx, text, event, {o.item.id for o in outcomes if o.state in PARENT_WAITS[event]})
            outcomes.append(_stage(ctx, tx, text, event, on, note, dict(fields), fill, attach))
        return outcomes


def _with_open_children(ctx: Context, item_texts: list[str], cascade: bool) -> list[str]:
    """The items to cancel: those named, after their open descendants when `cascade`; without it a
    parent with open children not named too is refused, listing them."""
    from fivefold.loading import load

    snap = load(ctx.ws)
    named = [ctx.ws.find_item(text)[0] for text in item_texts]
    kids: dict[str, list[str]] = {}
    for child in snap.items:
        if child.parent and replay(child).state not in ("closed", "cancelled"):
            kids.setdefault(child.parent, []).append(child.id)
    order: list[str] = []

    def visit(item_id: str, path: frozenset[str]) -> None:
        for kid in sorted(kids.get(item_id, [])):
            if kid not in path and kid not in order:
                visit(kid, path | {kid})
        if item_id not in order:
            order.append(item_id)

    for item_id in named:
        visit(item_id, frozenset({item_id}))
    extra = [i for i in order if i not in named]
    if extra and not cascade:
        parent = next(i for i in named if any(k in extra for k in kids.get(i, [])))
        raise Refused("open_children_cancel", id=parent, ids="、".join(k for k in extra))
    return order if cascade else item_texts


# A parent (重点任务) is submitted or accepted only when its children are through: the states they may be in.
PARENT_WAITS = {"submit": ("review", "closed", "cancelled"), "accept": ("closed", "cancelled")}


def _refuse_open_children(ctx: Context, item_text: str, event: str, settled: set[str]) -> None:
    """Refuse to submit or accept a parent while any child (in any plan of the workspace) is still open."""
    from fivefold.loading import load

    item_id = ctx.ws.find_item(item_text)[0]
    snap = load(ctx.ws)
    open_ids = sorted(
        child.id
        for child in snap.items
        if child.parent == item_id and child.id not in settled and replay(child).state not in PARENT_WAITS[event]
    )
    if open_ids:
        raise Refused("open_children", id=item_id, event=event, ids="、".join(open_ids))


def _family(ctx: Context, item: Item) -> Family:
    """The item's parent and children in the workspace, for the five checks (a parent's children are its
    roadmap; a child's dates sit inside its parent's)."""
    from fivefold.loading import load

    snap = load(ctx.ws)
    return families([item, *(i for i in snap.items if i.id != item.id)]).get(item.id, NO_FAMILY)


def _stage(
    ctx: Context,
    tx: Any,
    item_text: str,
    event: str,
    on: str | None,
    note: str | None,
    fields: dict[str, Any],
    fill: Callable[[Item, Status], dict[str, Any]] | None,
    attach: list[str] | None,
) -> Outcome:
    spec = TABLE[event]
    item, raw, path, status = load_for_write(ctx, item_text)
    refuse_move(item, status, event)
    if fill is not None:
        fields = {**fields, **fill(item, status)}
    given = {key: value for key, value in fields.items() if value is not None}
    if spec.needs and not given.get(spec.needs):
        raise UsageError("need_option", event=event, option=spec.needs)
    if spec.checks:
        plans, _ = read_plans(ctx.ws)
        result = five_checks(item, plans.get(item.plan), _family(ctx, item))
        if not result.passed:
            raise Refused("refused_checks", id=item.id, event=event, findings=result.findings())
    found = refusal(event, ctx.acting(), item, status, read_settings(ctx.ws), ctx.directory())
    if found is not None:
        raise Refused(found[0], **found[1])
    if spec.guard is not None:
        spec.guard(item, status, given)
    warnings = spec.warn(item, status) if spec.warn is not None else []
    if attach:  # copied in the same transaction as the entry that names them: all or nothing
        limit = int(read_settings(ctx.ws).evidence_max_mib * 1024 * 1024)
        fields["files"] = codec.FlowList(codec.FlowMap(f) for f in stage(tx, path.parent, item.id, attach, limit))
    entry = ctx.entry(event, _when(ctx, on, status), **fields, note=note)
    text = codec.append_log(raw, [entry], display(path))
    updated = validated(text, path, item.plan)
    keeps_history(status, updated, entry["date"])
    tx.write(path, text)
    return Outcome(updated, event, replay(updated).state, warnings)


def transition(
    ctx: Context,
    item_text: str,
    event: str,
    *,
    on: str | None = None,
    note: str | None = None,
    reason: str | None = None,
    evidence: str | None = None,
    files: list[str] | None = None,
) -> Outcome:
    return record(ctx, item_text, event, on=on, note=note, reason=reason, evidence=evidence, attach=files)


def extend(
    ctx: Context, item_text: str, *, due: str, reason: str | None, on: str | None = None, note: str | None = None
) -> Outcome:
    return extend_many(ctx, [item_text], due=due, reason=reason, on=on, note=note)[0]


def extend_many(
    ctx: Context, item_texts: list[str], *, due: str, reason: str | None, on: str | None = None, note: str | None = None
) -> list[Outcome]:
    """A verifier's (or, without `extension_approval: required`, anyone's) extension applies at once;
    anyone else's is a request (`extend_request`) that waits for a verifier's approve or deny. Several
    items: all checked, then all written, or none."""
    event = "extend_request" if needs_approval(read_settings(ctx.ws), ctx.directory(), ctx.acting()) else "extend"
    return record_many(ctx, item_texts, event, on=on, note=note, due=ctx.date(due), reason=reason)


def approve(ctx: Context, item_text: str, *, on: str | None = None, note: str | None = None) -> Outcome:
    """A verifier grants the pending request: an `extend` entry with its due date and reason, and the
    day it was asked for (lateness is judged by that day, DESIGN §4)."""

    def pending(item: Item, status: Status) -> dict[str, Any]:
        request = status.request
        if request is None:
            raise Refused("no_request", id=item.id)
        return {"due": request.get("due"), "reason": request.get("reason"), "requested": request.date}

    return record(ctx, item_text, "extend", on=on, note=note, fill=pending)


def deny(ctx: Context, item_text: str, *, reason: str, on: str | None = None, note: str | None = None) -> Outcome:
    """A verifier refuses the pending request (`extend_denied`, with why); the due date stays."""

    def pending(item: Item, status: Status) -> dict[str, Any]:
        return {"due": status.request.get("due") if status.request is not None else None}

    return record(ctx, item_text, "extend_denied", on=on, note=note, reason=reason, fill=pending)
