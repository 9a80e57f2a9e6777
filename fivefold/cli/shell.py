"""`fivefold completion SHELL`: the script that gives a shell completion of commands, options and values
(ids, plans, areas, states, lights, formats: cli/complete.py). Printed, not installed: the user adds it
to their shell's start-up file (README), which needs no shell detection and works offline."""

from __future__ import annotations

import typer

from fivefold.cli import complete
from fivefold.cli.env import env_of

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_FIVEFOLD_COMPLETE"  # what the script sets when it asks fivefold for completions


def register(app: typer.Typer) -> None:
    @app.command()
    def completion(ctx: typer.Context, shell: str = typer.Argument(..., autocompletion=complete.choices(*SHELLS))) -> None:
        """Print the shell completion script."""
        from typer.completion import completion_init, get_completion_script

        from fivefold.errors import UsageError

        if shell not in SHELLS:
            raise UsageError("bad_choice", option="SHELL", value=shell, allowed=", ".join(SHELLS))
        completion_init()
        env_of(ctx).print(get_completion_script(prog_name="fivefold", complete_var=COMPLETE_VAR, shell=shell))
