"""The `import` command: items from a task breakdown table (任务分解表: xlsx, xls, ods or CSV), all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fivefold.cli.env import Env, env_of
from fivefold.cli.options import JSON, PLAN

if TYPE_CHECKING:
    from fivefold.actions import Imported
    from fivefold.importer import BadRows, Columns

MAP = typer.Option(
    [],
    "--map",
    help="Read a column as a field: COLUMN=FIELD (repeatable). Fields: title goal targets lead_unit partners "
    "leader owner start due steps area acceptance deliverables cadence parent ref ignore.",
)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        ctx: typer.Context,
        file: Path = typer.Argument(
            ..., metavar="FILE", help="The table: .xlsx, .xls, .ods, or .csv as Excel or WPS saves it (UTF-8 or GB18030)."
        ),
        plan: str = PLAN,
        maps: list[str] = MAP,
        sheet: str = typer.Option(None, "--sheet", help="The workbook's sheet (default: the first with a header)."),
        year: int = typer.Option(None, "--year", help="The year of dates without one (default: the plan's, else this year)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be created; write nothing."),
        json: bool = JSON,
    ) -> None:
        """Create items from a task breakdown table (任务分解表): every row is checked first, then all are
        created in one write (one undo reverts it) or none. Prints the new ids; the summary goes to stderr."""
        from fivefold.actions import import_table
        from fivefold.importer import BadRows

        env = env_of(ctx)
        context = env.context()
        try:
            result = import_table(context, env.path(file), plan_name=plan, maps=maps, dry_run=dry_run, sheet=sheet, year=year)
        except BadRows as exc:
            _warn_columns(env, exc.columns)
            _warn_rows(env, exc)
            raise
        _warn_columns(env, result.columns)
        _summary(env, result)
        if json:
            from fivefold.cli.output import print_json
            from fivefold.views import detail

            print_json(env, [detail(item, result.assessed[item.id]) for item in result.items])
        elif dry_run:
            if result.title:
                env.print(env.t("import_title", title=result.title))
            env.print(_preview(env, result))
        else:
            env.print("\n".join(item.id for item in result.items))
        key = "import_preview" if dry_run else "imported"
        env.warn(env.t(key, file=file.name, count=len(result.items), plan=result.plan.name))


def _warn_columns(env: Env, columns: Columns) -> None:
    if columns.kept:
        env.warn(env.t("import_kept_columns", columns=", ".join(columns.kept)))
    for header, name in columns.duplicates:
        env.warn(env.t("import_duplicate_column", column=header, field=name))


def _summary(env: Env, result: Imported) -> None:
    """What the table held besides tasks, and the dates worth a second look."""
    rows = lambda numbers: "、".join(map(str, numbers))  # noqa: E731
    skipped = result.skipped
    if skipped.headings:
        env.warn(env.t("import_headings", rows=rows(skipped.headings)))
    if skipped.totals:
        env.warn(env.t("import_totals", rows=rows(skipped.totals)))
    if skipped.notes:
        env.warn(env.t("import_notes", rows=rows(skipped.notes)))
    if skipped.continued:
        env.warn(env.t("import_continued", refs="、".join(skipped.continued)))
    for number, letter, key, params in result.warnings:
        env.warn(env.t("import_row_warning", where=_where(env, result.sheet, number, letter), problem=env.t(key, **params)))


def _where(env: Env, sheet: str | None, row: int, letter: str | None) -> str:
    """工作表 表1 第 5 行 C 列 / sheet 表1 row 5 column C."""
    parts = [env.t("import_at_sheet", sheet=sheet)] if sheet else []
    parts.append(env.t("import_at_row", row=row))
    if letter:
        parts.append(env.t("import_at_column", column=letter))
    return ("" if env.lang == "zh" else " ").join(parts) if env.lang == "zh" else ", ".join(parts)


def _warn_rows(env: Env, exc: BadRows) -> None:
    """Every bad row, one line each, each problem at its cell; the accepted date forms once if a date was the trouble."""
    sep, colon = ("；", "：") if env.lang == "zh" else ("; ", ": ")
    sheet = exc.table.sheet
    for row in exc.rows:
        found = []
        for col, key, params in row.problems:
            letter = exc.table.letter(col)
            place = f"{letter}（{col}）" if env.lang == "zh" and letter else f"{letter} ({col})" if letter else col
            found.append(f"{place}{colon}{env.t(key, **params)}" if place else env.t(key, **params))
        where = env.t("import_at_sheet", sheet=sheet) + ("" if env.lang == "zh" else ", ") if sheet else ""
        env.warn(env.t("import_row", row=row.number, problems=sep.join(found), sheet=where))
    if any(key == "import_bad_date" for row in exc.rows for _, key, _ in row.problems):
        from fivefold.dates import ACCEPTED

        env.warn(env.t("import_date_forms", forms=ACCEPTED))


def _preview(env: Env, result: Imported) -> str:
    """The items a dry run would create: row, 序号, future id, title, lead unit, owner, due, step count."""
    from fivefold.render.text import table

    headers = [env.t(k) for k in ("f.row", "rep.seq", "f.id", "f.title", "f.lead_unit", "f.owner", "f.due", "f.step_count")]
    rows = [
        [
            str(number),
            item.ref or "",
            item.id,
            item.title,
            item.lead_unit or "",
            item.owner or "",
            env.t("f.ongoing") if item.ongoing else str(item.due or ""),
            str(len(item.steps)),
        ]
        for number, item in zip(result.rows, result.items, strict=True)
    ]
    return table(headers, rows, right=frozenset({0, 7}), max_width=env.width if env.is_tty else None, shrink=3)
