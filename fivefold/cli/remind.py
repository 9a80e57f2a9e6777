"""`fivefold remind`: the 督办提醒 digests, per lead unit (or per owner), sized for pasting into a chat."""

from __future__ import annotations

import typer

from fivefold.cli import complete
from fivefold.cli.env import env_of
from fivefold.cli.options import JSON


def register(app: typer.Typer) -> None:
    @app.command()
    def remind(
        ctx: typer.Context,
        unit: str = typer.Option(None, "--unit", help="Only this lead unit's items."),
        owner: str = typer.Option(None, "--owner", help="Only what this person must do (one digest per owner)."),
        days: int = typer.Option(5, "--days", help="Due within this many working days counts as due soon."),
        fmt: str = typer.Option("text", "--format", "-f", help="text | md.", autocompletion=complete.choices("text", "md")),
        json: bool = JSON,
    ) -> None:
        """Who must do what: overdue, due soon, missed reports, extension requests, waiting for acceptance."""
        from fivefold.actions.remind import remind as action
        from fivefold.errors import UsageError
        from fivefold.export.remind import FORMATS, messages

        if fmt not in FORMATS:
            raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS))
        env = env_of(ctx)
        data = action(env.context(), unit=unit, owner=owner, days=days)
        if json:
            from fivefold.cli.output import print_json

            print_json(env, data)
            return
        chosen = data["owners"] if owner is not None else data["units"]
        if not chosen:
            env.print(env.t("remind.empty", date=data["date"]))
            return
        blocks = []
        for digest in chosen:
            parts = messages(digest, data["date"], data["days"], env.lang, fmt)
            for n, part in enumerate(parts, start=1):
                marker = env.t("remind.part", n=n, total=len(parts)) + "\n" if len(parts) > 1 else ""
                blocks.append(marker + part)
        env.print("\n\n".join(blocks))
