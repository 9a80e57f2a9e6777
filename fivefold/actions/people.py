"""The `people` use case: the directory of people with the open items each owns or leads."""

from __future__ import annotations

from typing import Any

from fivefold.actions.reading import snapshot_assessed
from fivefold.context import Context
from fivefold.errors import Problem
from fivefold.events import OPEN_STATES
from fivefold.loading import read_directory
from fivefold.people import Directory


def people(ctx: Context) -> tuple[Directory | None, list[dict[str, Any]], list[Problem]]:
    """The directory (None when the workspace keeps none) and one row per person, in its order:
    name, unit, roles, aliases, email and the open items they own (current owner) or lead."""
    directory = read_directory(ctx.ws)
    if directory is None:
        return None, [], []
    snap, assessed = snapshot_assessed(ctx)
    open_items: dict[str, list[dict[str, Any]]] = {name: [] for name in directory.people}
    for item in snap.items:
        a = assessed[item.id]
        if not a.exists or a.status.state not in OPEN_STATES:
            continue
        for role, name in (("owner", a.status.owner), ("leader", item.leader)):
            person = directory.find(name)
            if person is not None:
                open_items[person.name].append({"id": item.id, "title": item.title, "as": role, "light": a.light})
    rows = [
        {
            "name": p.name,
            "unit": p.unit,
            "roles": sorted(p.roles),
            "aliases": list(p.aliases),
            "email": p.email,
            "open_items": open_items[p.name],
        }
        for p in directory.people.values()
    ]
    return directory, rows, snap.problems
