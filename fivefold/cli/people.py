"""The `people` command: the directory of people and who holds which open items."""

from __future__ import annotations

import typer

from fivefold.cli.env import env_of
from fivefold.cli.options import JSON


def register(app: typer.Typer) -> None:
    @app.command("people")
    def people_(ctx: typer.Context, json: bool = JSON) -> None:
        """The directory of people (fivefold.yaml people: or people.yaml) with each person's open items."""
        from fivefold.actions.people import people as action
        from fivefold.cli.output import print_json, report_problems

        env = env_of(ctx)
        directory, rows, problems = action(env.context())
        report_problems(env, problems)
        if json:
            print_json(env, rows)
        elif directory is None:
            env.print(env.t("people.none"))
        else:
            from fivefold.render.people import render_people

            env.print(render_people(rows, directory.source, env.lang))

    @app.command()
    def audit(
        ctx: typer.Context,
        since: str = typer.Option(None, "--since", help="Only entries dated on or after this day."),
        json: bool = JSON,
    ) -> None:
        """Who accepted, rejected, cancelled, reopened and extended, by git's history; exit 1 when
        an entry's author was not allowed to write it, or the commit's email is not theirs."""
        from fivefold import audit as auditing
        from fivefold.cli.output import error_message, print_json
        from fivefold.errors import FivefoldError
        from fivefold.gitrepo import Repo

        env = env_of(ctx)
        context = env.context()
        repo = Repo.find(context.ws.root, prompt=False)
        rows = auditing.audit(repo, repo.rel(context.ws.root), context.date(since))
        for row in rows:  # each flag with its message, in the chosen language, as an error would say it
            row["flags"] = [
                {"code": key, "message": error_message(env, FivefoldError(key, **params))} for key, params in row["flags"]
            ]
        flagged = sum(1 for row in rows if row["flags"])
        if json:
            print_json(env, rows)
        else:
            from fivefold.render.people import render_audit

            env.print(render_audit(rows, env.lang))
        if flagged:
            raise typer.Exit(1)
