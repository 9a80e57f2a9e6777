"""`schedule ID --backward|--forward [--apply]`: 倒排工期 on the working-day calendar, and the step
dates it gives written through the normal edit path (one log entry, one undo)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fivefold import codec
from fivefold.actions.common import append_entries, keeps_history, load_for_write, section, validated
from fivefold.backplan import Planned, backward, forward
from fivefold.context import Context
from fivefold.errors import Refused, UsageError
from fivefold.model import Item
from fivefold.paths import display


@dataclass(slots=True)
class Schedule:
    item: Item
    backward: bool
    steps: list[Planned]
    current: dict[str, Any]  # step id -> its due date in the file now (or None)
    late: list[str] = field(default_factory=list)  # open steps whose latest start has passed (已无余量)
    applied: bool = False


def schedule(ctx: Context, item_text: str, *, backward_plan: bool, apply: bool = False) -> Schedule:
    item, raw, path, status = load_for_write(ctx, item_text)
    if not item.steps:
        raise UsageError("schedule_no_steps", id=item.id)
    cal = ctx.calendar()
    if backward_plan:
        due = status.due or item.due
        if due is None:
            raise UsageError("schedule_needs_due", id=item.id)
        steps = backward(item, due, cal, status.done)
    else:
        if item.start is None:
            raise UsageError("schedule_needs_start", id=item.id)
        steps = forward(item, item.start, cal, status.done)
    late = [p.step.id for p in steps if backward_plan and p.done is None and p.start < ctx.today]
    result = Schedule(item, backward_plan, steps, {s.id: s.due for s in item.steps}, late)
    if not apply:
        return result
    if status.state in ("closed", "cancelled"):
        raise Refused("schedule_closed", id=item.id)
    with ctx.ws.transaction(f"schedule {item.id}") as tx:
        item, raw, path, status = load_for_write(ctx, item_text)  # again, under the lock
        entries = [ctx.entry("edited", fields=codec.FlowList(["timeline"]))]

        def mutate(doc: Any) -> None:
            dues = section(section(doc, "timeline"), "steps")
            for p in steps:
                if p.done is not None:  # a done step keeps the due date it was judged by
                    continue
                entry = dues.get(p.step.id)
                if isinstance(entry, dict):
                    entry["due"] = codec.rt_value(p.end)
                else:
                    dues[p.step.id] = codec.rt_value({"due": p.end})
            append_entries(doc, entries)

        text = codec.edit_document(raw, mutate, display(path))
        updated = validated(text, path, item.plan)
        keeps_history(status, updated, ctx.today)
        tx.write(path, text)
    result.applied = True
    result.item = updated
    return result

