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
