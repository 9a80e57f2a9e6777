"""Use cases of the closed loop and of progress: one event appended to an item's log after the
table and its guards allow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold import codec
from fivefold.actions.common import Outcome, findings, keeps_history, load_for_write, refuse_move, validated
from fivefold.checks import five_checks
from fivefold.context import Context
from fivefold.dates import parse_date
from fivefold.errors import NotFound, Refused, UsageError
from fivefold.loading import read_plans, read_settings
from fivefold.model import EVENTS, Item
from fivefold.paths import display
from fivefold.workflow import TABLE, Status, replay


def _when(ctx: Context, on: str | None, status: Status) -> dt.date:
    """The date of a new entry: --on or today; never after today, never before the last state change."""
    when = ctx.date(on) or ctx.today
    if when > ctx.today:
        raise UsageError("future_date", date=when.isoformat(), today=ctx.today.isoformat())
    if status.last_change is not None and when < status.last_change:
        raise Refused("before_last_change", date=when.isoformat(), last=status.last_change.isoformat())
    return when


def record(ctx: Context, item_text: str, event: str, *, on: str | None = None, note: str | None = None, **fields: Any) -> Outcome:
    """Append one event to an item's log after the table and its guards allow it."""
    if event not in EVENTS:
        raise UsageError("bad_event", value=event)
    rule = TABLE[event]
    with ctx.ws.transaction(f"{event} {item_text}") as tx:
        item, raw, path, status = load_for_write(ctx, item_text)
        refuse_move(item, status, event)
        if rule.needs and not fields.get(rule.needs):
            raise UsageError("need_option", event=event, option=rule.needs)
        warnings: list[tuple[str, dict[str, Any]]] = []
        if rule.checks:
            plans, _ = read_plans(ctx.ws)
            result = five_checks(item, plans.get(item.plan))
            if not result.passed:
                raise Refused("refused_checks", id=item.id, event=event, findings=findings(result))
        if rule.verifier and not read_settings(ctx.ws).self_review and ctx.actor == status.owner:
            raise Refused("refused_self_review", actor=ctx.actor, id=item.id)
        _event_guards(item, status, event, fields)
        if event == "submit":
            open_steps = [s.id for s in item.steps if s.id not in status.done]
            if open_steps:
                warnings.append(("warn_open_steps", {"id": item.id, "steps": ", ".join(open_steps)}))
        entry = ctx.entry(event, _when(ctx, on, status), **fields, note=note)
        text = codec.append_log(raw, [entry], display(path))
        updated = validated(text, path, item.plan)
        keeps_history(status, updated, entry["date"])
        tx.write(path, text)
        return Outcome(updated, event, replay(updated).state, warnings)


def _event_guards(item: Item, status: Status, event: str, fields: dict[str, Any]) -> None:
    step = fields.get("step")
    if step is not None and item.step(step) is None:
        raise NotFound("step_not_found", id=item.id, step=step)
    if event in ("step_done", "step_progress") and step in status.done:
        raise Refused("step_already_done", step=step)
    if event == "measure" and not any(t.name == fields["target"] for t in item.targets):
        raise NotFound(
            "unknown_target", id=item.id, target=fields["target"], targets=", ".join(t.name for t in item.targets) or "-"
        )
    if event == "extend":
        current = status.due
        if current is not None and fields["due"] <= current:
            raise Refused("extend_not_later", due=fields["due"].isoformat(), current=current.isoformat())


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
    return record(ctx, item_text, "extend", on=on, note=note, due=parse_date(due, ctx.today), reason=reason)
