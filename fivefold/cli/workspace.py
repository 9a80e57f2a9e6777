"""Commands about the workspace as a whole: init, plan new/list, check, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from fivefold.cli.env import env_of
from fivefold.cli.options import JSON


def register(app: typer.Typer) -> None:
    plan_app = typer.Typer(help="Plans: a folder of items with a title, an id prefix and focus areas.", no_args_is_help=True)
    app.add_typer(plan_app, name="plan")

    @app.command()
    def init(
        ctx: typer.Context,
        folder: Path = typer.Argument(Path("plans"), help="Where to create the workspace."),
        plan: str = typer.Option(None, "--plan", help="Also create a first plan with this folder name."),
        title: str = typer.Option(None, "--title", help="The first plan's title."),
        prefix: str = typer.Option(None, "--prefix", help="The first plan's id prefix (e.g. SY)."),
    ) -> None:
        """Create a workspace (fivefold.yaml, .gitignore) and optionally a first plan."""
        from fivefold.actions import init_workspace

        env = env_of(ctx)
        created = init_workspace(env.path(folder), plan=plan, title=title, prefix=prefix, language=env.lang_option)
        env.print(env.t("workspace_created", path=str(created)))

    @plan_app.command("new")
    def plan_new(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="Folder name of the plan, e.g. shuangyang-2023."),
        title: str = typer.Option(None, "--title"),
        prefix: str = typer.Option(None, "--prefix", help="Id prefix of its items, e.g. SY."),
        organisation: str = typer.Option(None, "--organisation"),
        start: str = typer.Option(None, "--start", help="Start of the plan's period."),
        end: str = typer.Option(None, "--end", help="End of the plan's period."),
        area: list[str] = typer.Option([], "--area", help="A focus area KEY=LABEL (repeatable)."),
    ) -> None:
        """Create a plan."""
        from fivefold.actions import plan_new as action

        env = env_of(ctx)
        plan = action(
            env.context(), name, title=title, prefix=prefix, organisation=organisation, start=start, end=end, areas=area
        )
        env.print(env.t("plan_created", plan=plan.name, prefix=plan.prefix))

    @plan_app.command("list")
    def plan_list(ctx: typer.Context, json: bool = JSON) -> None:
        """List the plans: title, prefix, period, areas."""
        from fivefold.actions import plan_list as action
        from fivefold.cli.output import print_json, report_problems
        from fivefold.render.text import table
        from fivefold.views import plan_row

        env = env_of(ctx)
        plans, problems = action(env.context())
        report_problems(env, problems)
        rows = [plan_row(p, n) for p, n in plans]
        if json:
            print_json(env, rows)
            return
        headers = [env.t("f.plan"), env.t("f.title"), env.t("f.prefix"), env.t("f.period"), env.t("f.items"), env.t("f.areas")]
        body = [
            [
                r["name"],
                r["title"] + (env.t("word.illustrative") if r["illustrative"] else ""),
                r["prefix"],
                f"{r['period_start'] or ''}–{r['period_end'] or ''}",
                str(r["items"]),
                "、".join(r["areas"].values()) if env.lang == "zh" else ", ".join(r["areas"]),
            ]
            for r in rows
        ]
        env.print(table(headers, body, right=frozenset({4})))

    @app.command()
    def check(
        ctx: typer.Context,
        ids: list[str] = typer.Argument(None, help="Items to check; none: the whole workspace."),
        strict: bool = typer.Option(False, "--strict", help="Warnings count as failures."),
        staged: bool = typer.Option(False, "--staged", help="Check the files staged for a git commit (the pre-commit hook)."),
        json: bool = JSON,
    ) -> None:
        """The five checks (五化) and schema validation; exit 1 when anything fails."""
        from fivefold.actions import check as action
        from fivefold.cli.output import check_labels, print_json
        from fivefold.render.check import check_json, render_check

        env = env_of(ctx)
        if staged:
            from fivefold.actions.staged import check_staged

            report = check_staged(env.folder, strict)
        else:
            report = action(env.context(), ids or [], strict)
        if json:
            print_json(env, check_json(report, env.lang, check_labels(env)))
        else:
            env.print(render_check(report, env.lang, check_labels(env), colour=env.color))
        if not report.ok:
            raise typer.Exit(1)

    @app.command()
    def undo(
        ctx: typer.Context,
        yes: bool = typer.Option(False, "--yes", "-y"),
        show_list: bool = typer.Option(False, "--list"),
    ) -> None:
        """Revert the last write fivefold made in this workspace (repeat to walk further back)."""
        from fivefold.actions import undo as action
        from fivefold.actions import undo_list, undo_next

        env = env_of(ctx)
        if show_list:
            entries = undo_list(env.context())
            if not entries:
                env.print(env.t("nothing_to_undo"))
            for n, entry in enumerate(reversed(entries), 1):
                env.print(f"{n:>3}  {_describe(env, entry)}")
            return
        entry = undo_next(env.context())
        env.print(env.t("undo.will", what=_describe(env, entry)))
        if not yes:
            if env.stdin_isatty:
                if not env.confirm(env.t("undo.confirm"), default=False):
                    env.print(env.t("undo.kept"))
                    raise typer.Exit(1)
            elif len(entry.removes) > 1:
                from fivefold.errors import Refused

                raise Refused("undo_needs_yes", count=len(entry.removes))
        command, files = action(env.context(), expect=entry.name)
        env.print(env.t("undone", command=command, files=files))


def _describe(env: object, entry: object) -> str:
    """One line for a journal entry: the command, when, by whom, the items (and how many it would delete)."""
    e: Any = entry
    t: Any = env.t  # type: ignore[attr-defined]
    items = ", ".join(e.items[:5]) + ("…" if len(e.items) > 5 else "")
    text = t("undo.entry", command=e.command, at=e.at[:16].replace("T", " "), by=e.by or "?", items=items or "—")
    return text + (t("undo.removes", count=len(e.removes)) if e.removes else "")
