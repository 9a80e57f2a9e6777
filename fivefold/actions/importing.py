"""Importing a task breakdown table: every row checked first, then all items in one write, or none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fivefold.actions.common import choose_plan
from fivefold.actions.items import new_items
from fivefold.context import Context
from fivefold.errors import FivefoldError, NotFound
from fivefold.loading import read_plans, read_settings
from fivefold.model import Item, Plan, thresholds_for
from fivefold.schedule import Assessment, assess


@dataclass(slots=True)
class Imported:
    """What `import` created (or, with dry_run, would create): one item per table row, in order."""

    plan: Plan
    rows: list[int]  # each item's row number in the table, as Excel shows it
    items: list[Item]
    assessed: dict[str, Assessment]
    columns: Any  # importer.Columns: what was ignored, for the warning


class _Discard:
    """The transaction of a dry run: every staged write is dropped."""

    def write(self, path: Path, text: str) -> None:
        pass


def import_table(ctx: Context, path: Path, *, plan_name: str | None, maps: list[str], dry_run: bool = False) -> Imported:
    """Create one item per row of a CSV task breakdown table in one transaction (one undo), or none at all:
    every row is checked first, and importer.BadRows lists each bad row."""
    from fivefold import importer

    mapping = importer.parse_maps(maps)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FivefoldError("unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    table = importer.read_table(data, str(path), mapping)
    if dry_run:
        return _import_rows(ctx, _Discard(), table, str(path), plan_name, mapping)
    with ctx.ws.transaction(f"import {path.name}") as tx:
        return _import_rows(ctx, tx, table, str(path), plan_name, mapping)


def _import_rows(ctx: Context, tx: Any, table: Any, shown: str, plan_name: str | None, mapping: dict[str, str]) -> Imported:
    from fivefold import importer

    columns = importer.columns(table, mapping)
    plan = choose_plan(read_plans(ctx.ws)[0], plan_name)
    rows = importer.parse_rows(table, columns, ctx.today, plan.areas)
    if not rows:
        raise FivefoldError("import_no_rows", path=shown)
    first = int(ctx.ws.next_id(plan).rsplit("-", 1)[1])
    for row in rows:
        if row.parent_row is not None:
            row.fields.parent = f"{plan.prefix}-{first + row.parent_row:03d}"
        elif row.parent_text is not None:
            try:
                row.fields.parent = ctx.ws.find_item(row.parent_text)[0]
            except NotFound:
                row.problems.append((row.parent_column, "import_parent_unknown", {"ref": row.parent_text}))
    bad = [row for row in rows if row.problems]
    if bad:
        raise importer.BadRows(bad, columns)
    items = new_items(ctx, tx, plan.name, [row.fields for row in rows])
    settings = read_settings(ctx.ws)
    assessed = assess(items, ctx.today, lambda _: thresholds_for(settings, plan))
    return Imported(plan, [row.number for row in rows], items, assessed, columns)
