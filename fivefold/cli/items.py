"""Commands that create, list, show and change items: new, list, show, update, edit, step add."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from fivefold.cli import complete, hot, options, spec
from fivefold.cli.env import env_of
from fivefold.cli.options import ID, JSON, PLAN

if TYPE_CHECKING:
    from fivefold.actions import ItemFields
    from fivefold.queries import Filters

SHOW_FORMATS = ("text", "html", "docx")  # text: the terminal view; html and docx: the 任务书 for signing


def register(app: typer.Typer) -> None:
    step_app = typer.Typer(help="Roadmap steps: add, done, progress.", no_args_is_help=True)
    app.add_typer(step_app, name="step")

    @app.command()
    @options.grouped
    def new(
        ctx: typer.Context,
        title: str = typer.Argument(..., help="The item's title."),
        plan: str = PLAN,
        fields: ItemFields = options.item_fields(),
        json: bool = JSON,
    ) -> None:
        """Create an item (a draft) and print its id."""
        hot.new(env_of(ctx), title, plan, fields, json)

    @app.command("list")
    @options.grouped
    def list_(
        ctx: typer.Context,
        filters: Filters = options.filters(*spec.LIST_FILTERS),
        sort: str = typer.Option(spec.SORT.default, spec.SORT.flag, help="id | due | progress | lag."),
        wide: bool = typer.Option(spec.WIDE.default, spec.WIDE.flag),
        tree: bool = typer.Option(spec.TREE.default, spec.TREE.flag),
        json: bool = JSON,
    ) -> None:
        """Every matching item, one row each (--tree: children indented under their parent)."""
        from fivefold.cli.replay import cached

        cached(ctx, lambda: hot.list_(env_of(ctx), filters, sort, wide, tree, json))

    @app.command()
    def show(
        ctx: typer.Context,
        item_id: str = ID,
        json: bool = JSON,
        fmt: str = typer.Option(
            "text",
            "--format",
            "-f",
            help="text | html | docx: the 任务书 on one A4 page for signing.",
            autocompletion=complete.choices(*SHOW_FORMATS),
        ),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file (default: stdout)."),
    ) -> None:
        """The 任务书, 路线图 and 时间表 of one item, with progress, light and log."""
        from fivefold.errors import UsageError

        if fmt not in SHOW_FORMATS:
            raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(SHOW_FORMATS))
        if fmt == "text":
            if out is not None:
                raise UsageError("show_out_needs_format")
            hot.print_detail(env_of(ctx), item_id, json=json)
            return
        if json:
            raise UsageError("show_json_or_format")
        from fivefold.actions.reading import task_sheet_of
        from fivefold.cli.output import write_document
        from fivefold.export.tasksheet import render

        env = env_of(ctx)
        if out is None and fmt == "docx" and env.is_tty:
            raise UsageError("binary_to_terminal")  # before any work: the answer would not change
        write_document(env, render(task_sheet_of(env.context(), item_id), fmt, env.lang), out, binary=fmt == "docx")

    @app.command()
    @options.grouped
    def update(
        ctx: typer.Context,
        ids: list[str] = options.IDS,
        title: str = typer.Option(None, "--title"),
        where: str = options.WHERE,
        fields: ItemFields = options.item_fields(),
    ) -> None:
        """Change fields (same options as new). After start: --due is refused (use extend);
        --owner/--lead-unit are recorded as a reassignment. Several ids, ranges or --where: all or none."""
        from dataclasses import replace

        from fivefold.actions import choose, update_items

        env = env_of(ctx)
        context = env.context()
        for outcome in update_items(context, choose(context, ids or [], where), replace(fields, title=title)):
            env.print(env.t("updated", id=outcome.item.id, fields=", ".join(outcome.changed)))

    @app.command()
    def edit(ctx: typer.Context, item_id: str = ID) -> None:
        """Open the item's file in $VISUAL/$EDITOR; validate on save; never keep an invalid file."""
        from fivefold.cli.editor import edit_item

        edit_item(env_of(ctx), item_id)

    @app.command("schedule")
    def schedule(
        ctx: typer.Context,
        item_id: str = ID,
        backward: bool = typer.Option(False, "--backward"),
        forward: bool = typer.Option(False, "--forward"),
        apply: bool = typer.Option(False, "--apply"),
        json: bool = JSON,
    ) -> None:
        """倒排工期: each step's dates from its working days, back from the due date or on from the start."""
        from fivefold.actions.planning import schedule as action
        from fivefold.errors import UsageError

        env = env_of(ctx)
        if backward == forward:
            raise UsageError("schedule_direction")
        result = action(env.context(), item_id, backward_plan=backward, apply=apply)
        if json:
            from fivefold.cli.output import print_json

            print_json(env, _schedule_json(result))
            return
        from fivefold.render.text import table

        rows = []
        for p in result.steps:
            mark = env.t("sched.no_slack") if p.step.id in result.late else ""
            current = result.current.get(p.step.id)
            start, end = (p.start.isoformat(), p.end.isoformat()) if p.done is None else ("—", "—")
            if p.done is not None:  # done: kept as it is, not planned
                mark = env.t("sched.done", date=p.done.isoformat())
            rows.append([p.step.id, p.step.title, str(p.days), current.isoformat() if current else "—", start, end, mark])
        keys = ("sched.step", "sched.title", "sched.days", "sched.current", "sched.start", "sched.end", "sched.mark")
        headers = [env.t(k) for k in keys]
        env.print(table(headers, rows, right=frozenset({2})))
        if result.applied:
            env.print(env.t("sched.applied", id=result.item.id, count=sum(p.done is None for p in result.steps)))

    @step_app.command("add")
    def step_add(
        ctx: typer.Context,
        item_id: str = ID,
        title: str = typer.Argument(...),
        due: str = typer.Option(None, "--due"),
        after: list[str] = typer.Option([], "--after", help="A step this one follows (repeatable)."),
        owner: str = typer.Option(None, "--owner"),
        deliverable: str = typer.Option(None, "--deliverable"),
        weight: float = typer.Option(None, "--weight", min=0.001),
        days: int = typer.Option(None, "--days", min=1, max=9999),
    ) -> None:
        """Add a roadmap step (ids s1, s2, … in order)."""
        from fivefold.actions import step_add as action

        env = env_of(ctx)
        item, sid = action(
            env.context(), item_id, title, due=due, after=after, owner=owner, deliverable=deliverable, weight=weight, days=days
        )
        env.print(f"{item.id} {sid}")

    from fivefold.cli import loop

    loop.register_steps(step_app)


def _schedule_json(result: Any) -> dict[str, Any]:
    return {
        "id": result.item.id,
        "direction": "backward" if result.backward else "forward",
        "applied": result.applied,
        "steps": [
            {"id": p.step.id, "title": p.step.title, "days": p.days,
             "start": p.start.isoformat() if p.done is None else None, "end": p.end.isoformat() if p.done is None else None,
             "current": (c.isoformat() if (c := result.current.get(p.step.id)) else None), "no_slack": p.step.id in result.late,
             "done": p.done.isoformat() if p.done is not None else None}
            for p in result.steps
        ],
    }  # fmt: skip
