"""The `import` command: items from a CSV task breakdown table (任务分解表), all rows or none."""

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
        file: Path = typer.Argument(..., metavar="FILE.csv", help="The table, as Excel saves it (UTF-8 or GB18030)."),
        plan: str = PLAN,
        maps: list[str] = MAP,
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be created; write nothing."),
        json: bool = JSON,
    ) -> None:
        """Create items from a task breakdown table (任务分解表): every row is checked first, then all are
        created in one write (one undo reverts it) or none. Prints the new ids; the summary goes to stderr."""
        from fivefold.actions import import_table
        from fivefold.importer import BadRows

        env = env_of(ctx)
        try:
            result = import_table(env.context(), env.path(file), plan_name=plan, maps=maps, dry_run=dry_run)
        except BadRows as exc:
            _warn_columns(env, exc.columns)
            _warn_rows(env, exc)
            raise
        _warn_columns(env, result.columns)
        if json:
            from fivefold.cli.output import print_json
            from fivefold.views import detail

            print_json(env, [detail(item, result.assessed[item.id]) for item in result.items])
        elif dry_run:
            env.print(_preview(env, result))
        else:
            env.print("\n".join(item.id for item in result.items))
        key = "import_preview" if dry_run else "imported"
        env.warn(env.t(key, file=file.name, count=len(result.items), plan=result.plan.name))


def _warn_columns(env: Env, columns: Columns) -> None:
    if columns.ignored:
        env.warn(env.t("import_ignored_columns", columns=", ".join(columns.ignored)))
    for header, name in columns.duplicates:
        env.warn(env.t("import_duplicate_column", column=header, field=name))


def _warn_rows(env: Env, exc: BadRows) -> None:
    """Every bad row, one line each; the accepted date forms once if a date was the trouble."""
    sep, colon = ("；", "：") if env.lang == "zh" else ("; ", ": ")
    for row in exc.rows:
        found = [f"{col}{colon}{env.t(key, **params)}" if col else env.t(key, **params) for col, key, params in row.problems]
        env.warn(env.t("import_row", row=row.number, problems=sep.join(found)))
    if any(key == "import_bad_date" for row in exc.rows for _, key, _ in row.problems):
        from fivefold.dates import ACCEPTED

        env.warn(env.t("import_date_forms", forms=ACCEPTED))


def _preview(env: Env, result: Imported) -> str:
    """The items a dry run would create: row, future id, title, lead unit, owner, due, step count."""
    from fivefold.render.text import table

    headers = [env.t(k) for k in ("f.row", "f.id", "f.title", "f.lead_unit", "f.owner", "f.due", "f.step_count")]
    rows = [
        [str(number), item.id, item.title, item.lead_unit or "", item.owner or "", str(item.due or ""), str(len(item.steps))]
        for number, item in zip(result.rows, result.items, strict=True)
    ]
    return table(headers, rows, right=frozenset({0, 6}), max_width=env.width if env.is_tty else None, shrink=2)
