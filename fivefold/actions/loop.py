"""Use cases of the closed loop and of progress: one event appended to an item's log after the
event table (fivefold.events) and its guards allow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold import codec
from fivefold.actions.common import Outcome, keeps_history, load_for_write, refuse_move, validated
from fivefold.checks import five_checks
from fivefold.context import Context
from fivefold.errors import Refused, UsageError
from fivefold.events import TABLE, Status
from fivefold.loading import read_plans, read_settings
from fivefold.paths import display
from fivefold.workflow import replay


def _when(ctx: Context, on: str | None, status: Status) -> dt.date:
    """The date of a new entry: --on or today; never after today, never before the last state change."""
    when = ctx.date(on) or ctx.today
    if when > ctx.today:
        raise UsageError("future_date", date=when.isoformat(), today=ctx.today.isoformat())
    if status.last_change is not None and when < status.last_change:
        raise Refused("before_last_change", date=when.isoformat(), last=status.last_change.isoformat())
    return when


def record(ctx: Context, item_text: str, event: str, *, on: str | None = None, note: str | None = None, **fields: Any) -> Outcome:
    """Append one event to an item's log after the table (fivefold.events) and its guards allow it."""
    return record_many(ctx, [item_text], event, on=on, note=note, **fields)[0]


def record_many(
    ctx: Context, item_texts: list[str], event: str, *, on: str | None = None, note: str | None = None, **fields: Any
) -> list[Outcome]:
    """The same event for several items in one transaction: every item is checked before any file is
    written, and one refused item writes nothing (all or nothing; one undo reverts them all)."""
    if event not in TABLE:
        raise UsageError("bad_event", value=event)
    spec = TABLE[event]
    given = {key: value for key, value in fields.items() if value is not None}
    undeclared = set(given) - {f.name for f in spec.payload}
    if undeclared:  # a caller's mistake, not the user's: the table lists what each event carries
        raise TypeError(f"{event} carries no {', '.join(sorted(undeclared))}")
    if spec.needs and not given.get(spec.needs):
        raise UsageError("need_option", event=event, option=spec.needs)
    with ctx.ws.transaction(f"{event} {' '.join(item_texts)}") as tx:
        return [_stage(ctx, tx, text, event, on, note, fields) for text in item_texts]


def _stage(
    ctx: Context, tx: Any, item_text: str, event: str, on: str | None, note: str | None, fields: dict[str, Any]
) -> Outcome:
    spec = TABLE[event]
    given = {key: value for key, value in fields.items() if value is not None}
    item, raw, path, status = load_for_write(ctx, item_text)
    refuse_move(item, status, event)
    if spec.checks:
        plans, _ = read_plans(ctx.ws)
        result = five_checks(item, plans.get(item.plan))
        if not result.passed:
            raise Refused("refused_checks", id=item.id, event=event, findings=result.findings())
    if spec.verifier and not read_settings(ctx.ws).self_review and ctx.actor == status.owner:
        raise Refused("refused_self_review", actor=ctx.actor, id=item.id)
    if spec.guard is not None:
        spec.guard(item, status, given)
    warnings = spec.warn(item, status) if spec.warn is not None else []
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
) -> Outcome:
    return record(ctx, item_text, event, on=on, note=note, reason=reason, evidence=evidence)


def extend(
    ctx: Context, item_text: str, *, due: str, reason: str | None, on: str | None = None, note: str | None = None
) -> Outcome:
    return record(ctx, item_text, "extend", on=on, note=note, due=ctx.date(due), reason=reason)
