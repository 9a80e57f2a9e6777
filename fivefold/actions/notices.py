"""`fivefold notice`: 督办通知单 for one item or every red one, each logged on its item as a 催办
(`urge` with the 文号), then rendered by fivefold.export.notice."""

from __future__ import annotations

from typing import Any

from fivefold.actions.loop import record_many
from fivefold.actions.reading import document_of, show_item, snapshot_assessed
from fivefold.context import Context
from fivefold.errors import UsageError
from fivefold.notice import notice_of
from fivefold.schedule import OPEN
from fivefold.workdays import add_workdays

REPLY_WORKDAYS = 5  # the default reply deadline: five working days after the notice
URGE_NOTE = "印发督办通知单"  # the urge entry's text (stored, like every note, as written); its `ref` is the 文号


def notices(
    ctx: Context, item_text: str | None, *, all_red: bool, ref: str | None, deadline: str | None
) -> list[dict[str, Any]]:
    """The notices' data, after their `urge` entries were written (all or none: a refused one writes nothing).
    With several notices, `{n}` in the 文号 numbers them 1, 2, …"""
    if all_red:
        snap, assessed = snapshot_assessed(ctx)
        chosen = [
            (item, assessed[item.id])
            for item in snap.items
            if assessed[item.id].exists and assessed[item.id].light == "red" and assessed[item.id].status.state in OPEN
        ]
    else:
        if item_text is None:
            raise UsageError("notice_needs_id")
        item, a, snap = show_item(ctx, item_text)
        chosen = [(item, a)]
    reply_by = ctx.date(deadline) if deadline else add_workdays(ctx.today, REPLY_WORKDAYS, ctx.calendar())
    if reply_by is None or reply_by < ctx.today:
        raise UsageError("notice_deadline_past", date=str(deadline), today=ctx.today.isoformat())
    issuer = document_of({}, ctx, snap.settings, [snap.plan_of(item) for item, _ in chosen if snap.plan_of(item)])["issuer"]
    out = []
    for n, (item, a) in enumerate(chosen, start=1):
        number = ref.replace("{n}", str(n)) if ref else None
        out.append(notice_of(item, a, ctx.today, ref=number, reply_by=reply_by, issuer=issuer))
    refs = {notice["id"]: notice["ref"] for notice in out}
    if out:  # one transaction: each urge with its own 文号
        record_many(ctx, list(refs), "urge", note=URGE_NOTE, fill=lambda item, _: {"ref": refs[item.id]})
    return out
