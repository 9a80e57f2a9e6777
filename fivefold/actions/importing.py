"""Importing a task breakdown table: every row checked first, then all items in one write, or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fivefold.actions.common import choose_plan
from fivefold.actions.items import new_items
from fivefold.context import Context
from fivefold.errors import FivefoldError, NotFound
from fivefold.loading import read_plans, read_settings
from fivefold.model import Item, Plan, thresholds_for
from fivefold.schedule import Assessment, assess
from fivefold.units import alias_map, canonical


@dataclass(slots=True)
class Imported:
    """What `import` created (or, with dry_run, would create): one item per task row, in order."""

    plan: Plan
    rows: list[int]  # each item's row number in the table, as Excel shows it
    items: list[Item]
    assessed: dict[str, Assessment]
    columns: Any  # importer.Columns: what was kept under task_sheet.extra, for the summary
    skipped: Any  # importer.Skipped: headings, notes, totals and continued rows, for the summary
    sheet: str | None = None
    title: str | None = None  # the table's title above its header
    warnings: list[tuple[int, str | None, str, dict[str, Any]]] = field(default_factory=list)  # (row, column letter, key, params)


class _Discard:
    """The transaction of a dry run: every staged write is dropped."""

    def write(self, path: Path, text: str) -> None:
        pass


def import_table(
    ctx: Context,
    path: Path,
    *,
    plan_name: str | None,
    maps: list[str],
    dry_run: bool = False,
    sheet: str | None = None,
    year: int | None = None,
) -> Imported:
    """Create one item per task row of a table (a workbook's sheet or a CSV) in one transaction (one
    undo), or none at all: every row is checked first, and importer.BadRows lists each bad row."""
    from fivefold import importer

    mapping = importer.parse_maps(maps)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FivefoldError("unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    table = importer.read_table(data, str(path), mapping, sheet)
    if dry_run:
        return _import_rows(ctx, _Discard(), table, str(path), plan_name, mapping, year)
    with ctx.ws.transaction(f"import {path.name}") as tx:
        return _import_rows(ctx, tx, table, str(path), plan_name, mapping, year)


def _import_rows(
    ctx: Context, tx: Any, table: Any, shown: str, plan_name: str | None, mapping: dict[str, str], year: int | None
) -> Imported:
    from fivefold import importer

    columns = importer.columns(table, mapping)
    plan = choose_plan(read_plans(ctx.ws)[0], plan_name)
    settings = read_settings(ctx.ws)
    period_day = plan.period_end or plan.period_start
    period_year = period_day.year if period_day else None
    reading = importer.Settings(
        today=ctx.today,
        year=year or period_year,
        calendar=ctx.calendar(),
        immediate_days=int(settings.raw.get("immediate_days", 15)),
        period_end=plan.period_end,
    )
    rows, skipped = importer.parse_rows(table, columns, reading, plan.areas)
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
        raise importer.BadRows(bad, columns, table)
    if settings.units:  # 工信局 and 双阳区工业和信息化局 are written as the listed 区工信局
        names = alias_map(settings.units)
        for row in rows:
            row.fields.lead_unit = canonical(row.fields.lead_unit, names)
            row.fields.partners = list(dict.fromkeys(canonical(p, names) or p for p in row.fields.partners))
    items = new_items(ctx, tx, plan.name, [row.fields for row in rows])
    assessed = assess(items, ctx.today, lambda _: thresholds_for(settings, plan), settings.cadence)
    warnings = [(row.number, table.letter(column), key, params) for row in rows for column, key, params in row.warnings]
    return Imported(plan, [row.number for row in rows], items, assessed, columns, skipped, table.sheet, table.title, warnings)
