"""`fivefold remind`: the 督办提醒 digests (fivefold.digest) for the workspace as of today, due-soon counted
in working days (fivefold.workdays), for one lead unit or one owner when asked."""

from __future__ import annotations

from typing import Any

from fivefold.actions.reading import snapshot_assessed
from fivefold.context import Context
from fivefold.digest import digests
from fivefold.errors import NotFound, UsageError
from fivefold.units import alias_map, canonical, closest

DEFAULT_DAYS = 5  # working days ahead that count as due soon


def remind(ctx: Context, *, unit: str | None = None, owner: str | None = None, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    if days < 0:
        raise UsageError("remind_bad_days", days=days)
    snap, assessed = snapshot_assessed(ctx)
    names = alias_map(snap.settings.units)
    present = [item for item in snap.items if assessed[item.id].exists]
    if unit is not None:
        unit = canonical(unit, names)
        known = {canonical(assessed[i.id].status.lead_unit, names) for i in present} | set(snap.settings.units)
        if unit not in known:
            hint = closest(unit or "", {u: () for u in known if u}) or "-"
            raise NotFound("remind_unknown_unit", unit=unit, hint=hint)
    if owner is not None:
        owner = _person(ctx, owner)
        owners = {assessed[i.id].status.owner for i in present} | {s.owner for i in present for s in i.steps}
        if owner not in owners:
            raise NotFound("remind_unknown_owner", owner=owner)
    calendar = ctx.calendar()
    until = calendar.add_workdays(ctx.today, days) if days else ctx.today
    units = snap.settings.units
    return digests(present, assessed, ctx.today, until, calendar.workdays_between, units=units, unit=unit, owner=owner, days=days)


def _person(ctx: Context, name: str) -> str:
    """A person as the items name them: with a directory, an alias resolves to the person's name."""
    from fivefold.people import normalise

    name = normalise(name)
    directory = ctx.directory()
    person = directory.find(name) if directory is not None else None
    return person.name if person is not None else name
