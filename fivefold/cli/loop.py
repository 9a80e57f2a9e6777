"""Commands that move work through the closed loop and record progress; history and log."""

from __future__ import annotations

from typing import Any

import typer

from fivefold.cli import hot, spec
from fivefold.cli.env import Env, env_of
from fivefold.cli.options import ID, IDS, JSON, NOTE, ON, WHERE

# Evidence files (佐证材料) copied into <plan>/evidence/<ID>/ with their sha256 in the log entry.
_KIND_HELP = "progress (本期进展) | problem (存在问题) | next (下一步)."
FILE = typer.Option(spec.FILE.default, spec.FILE.flag, help="An evidence file (佐证材料) to copy in; repeatable.")


def _record(ctx: typer.Context, ids: list[str], where: str | None, event: str, **fields: object) -> None:
    """The event for every item chosen."""
    hot.record_chosen(env_of(ctx), ids, where, event, **fields)


def _transition_command(app: typer.Typer, event: str, help_text: str, option: str | None) -> None:
    """One command per event of the table; `option` is what the event needs (reason, evidence)."""
    if option is None:

        def command(ctx: typer.Context, ids: list[str] = IDS, where: str = WHERE, on: str = ON, note: str = NOTE) -> None:
            _record(ctx, ids, where, event, on=on, note=note)

    elif event == "cancel":

        def command(  # type: ignore[misc]
            ctx: typer.Context,
            ids: list[str] = IDS,
            reason: str = typer.Option(..., "--reason"),
            cascade: bool = typer.Option(False, "--cascade"),
            where: str = WHERE,
            on: str = ON,
            note: str = NOTE,
        ) -> None:
            _record(ctx, ids, where, event, on=on, note=note, reason=reason, cascade=cascade)

    elif option == "reason":

        def command(  # type: ignore[misc]  # one command per event, each with the options its event needs
            ctx: typer.Context,
            ids: list[str] = IDS,
            reason: str = typer.Option(..., "--reason"),
            where: str = WHERE,
            on: str = ON,
            note: str = NOTE,
        ) -> None:
            _record(ctx, ids, where, event, on=on, note=note, reason=reason)

    else:

        def command(  # type: ignore[misc]
            ctx: typer.Context,
            ids: list[str] = IDS,
            evidence: str = typer.Option(..., "--evidence"),
            files: list[str] = FILE,
            where: str = WHERE,
            on: str = ON,
            note: str = NOTE,
        ) -> None:
            _record(ctx, ids, where, event, on=on, note=note, evidence=evidence, attach=files)

    command.__doc__ = help_text
    app.command(event)(command)


_TRANSITIONS = (
    ("ready", "draft → ready (the five checks must pass).", None),
    ("start", "ready → active (from draft only if the checks pass).", None),
    ("block", "active → blocked, with a reason.", "reason"),
    ("unblock", "blocked → active.", None),
    ("submit", "active → review, with evidence (报结).", "evidence"),
    ("accept", "review → closed (验收销号); not by the item's owner.", None),
    ("reject", "review → active (退回整改, a rectification round).", "reason"),
    ("cancel", "any open state → cancelled, with a reason.", "reason"),
    ("reopen", "closed/cancelled → active, with a reason.", "reason"),
)


def register(app: typer.Typer) -> None:
    for event, help_text, option in _TRANSITIONS:
        _transition_command(app, event, help_text, option)

    @app.command()
    def extend(
        ctx: typer.Context,
        ids: list[str] = IDS,
        due: str = typer.Option(..., "--due"),
        reason: str = typer.Option(..., "--reason"),
        where: str = WHERE,
        on: str = ON,
        note: str = NOTE,
    ) -> None:
        """Move the deadline (granted after it passed, the item is still judged against the original)."""
        from fivefold.actions import extend_many

        def run(context: Any, items: list[str]) -> list[Any]:
            return extend_many(context, items, due=due, reason=reason, on=on, note=note)

        hot.for_chosen(env_of(ctx), ids, where, run)

    @app.command()
    def approve(ctx: typer.Context, item_id: str = ID, on: str = ON, note: str = NOTE) -> None:
        """Grant the pending extension request (verifiers; under extension_approval: required)."""
        from fivefold.actions import approve as action

        env = env_of(ctx)
        hot.done(env, action(env.context(), item_id, on=on, note=note))

    @app.command()
    def deny(
        ctx: typer.Context, item_id: str = ID, reason: str = typer.Option(..., "--reason"), on: str = ON, note: str = NOTE
    ) -> None:
        """Refuse the pending extension request, with a reason (verifiers)."""
        from fivefold.actions import deny as action

        env = env_of(ctx)
        hot.done(env, action(env.context(), item_id, reason=reason, on=on, note=note))

    @app.command()
    def instruct(ctx: typer.Context, item_id: str = ID, text: str = typer.Argument(..., help="领导批示."), on: str = ON) -> None:
        """A leader's instruction on an item (领导批示; leaders and admins)."""
        from fivefold.actions import record

        env = env_of(ctx)
        hot.done(env, record(env.context(), item_id, "instruct", on=on, note=text))

    @app.command()
    def urge(ctx: typer.Context, item_id: str = ID, text: str = typer.Argument(..., help="催办事由."), on: str = ON) -> None:
        """Press an item's unit to act (催办; verifiers)."""
        from fivefold.actions import record

        env = env_of(ctx)
        hot.done(env, record(env.context(), item_id, "urge", on=on, note=text))

    @app.command()
    def target(
        ctx: typer.Context,
        item_id: str = ID,
        name: str = typer.Argument(..., help="The target's name."),
        value: str = typer.Argument(..., help="The measured value."),
        on: str = ON,
        note: str = NOTE,
    ) -> None:
        """Record a target's actual value (指标实测)."""
        from fivefold.actions import record
        from fivefold.specs import number

        env = env_of(ctx)
        hot.done(env, record(env.context(), item_id, "measure", on=on, note=note, target=name, value=number(value)))

    @app.command()
    def note(
        ctx: typer.Context,
        ids: list[str] = IDS,
        text: str = typer.Argument(...),
        files: list[str] = FILE,
        kind: str = typer.Option(spec.KIND.default, spec.KIND.flag, help=_KIND_HELP),
        where: str = WHERE,
        on: str = ON,
    ) -> None:
        """A note in the log: progress, a problem or the next step, for the period report (the last
        argument is the note; the ones before it, the items); evidence files with --file, repeatable."""
        hot.note(env_of(ctx), ids, text, files, kind, where, on)

    @app.command()
    def history(ctx: typer.Context, item_id: str = ID, json: bool = JSON) -> None:
        """The log of one item: who, when, what, from→to, notes and reasons."""
        from fivefold.actions import history as action

        env = env_of(ctx)
        _print_log(env, action(env.context(), item_id), json, with_id=False)

    @app.command("log")
    def log_(
        ctx: typer.Context,
        since: str = typer.Option(None, "--since", help="Only entries on or after this date."),
        json: bool = JSON,
    ) -> None:
        """The log across the workspace, newest last."""
        from fivefold.actions import workspace_log
        from fivefold.cli.output import report_problems

        env = env_of(ctx)
        lines, problems = workspace_log(env.context(), since)
        report_problems(env, problems)
        _print_log(env, lines, json, with_id=True)


def _print_log(env: Env, lines: list[Any], json: bool, with_id: bool) -> None:
    from fivefold.render.history import history_json, render_history

    if json:
        from fivefold.cli.output import print_json

        print_json(env, history_json(lines))
    else:
        env.print(render_history(lines, env.lang, with_id=with_id))


def register_steps(step_app: typer.Typer) -> None:
    @step_app.command("done")
    def step_done(ctx: typer.Context, item_id: str = ID, step: str = typer.Argument(...), on: str = ON, note: str = NOTE) -> None:
        """Mark a step done."""
        hot.step_done(env_of(ctx), item_id, step, on, note)

    @step_app.command("progress")
    def step_progress(
        ctx: typer.Context,
        item_id: str = ID,
        step: str = typer.Argument(...),
        percent: str = typer.Argument(..., metavar="PCT"),
        on: str = ON,
        note: str = NOTE,
    ) -> None:
        """Record partial progress of a step (0–100)."""
        from fivefold.actions import record
        from fivefold.errors import UsageError
        from fivefold.specs import number

        value = number(percent.rstrip("%"))
        if not 0 <= value <= 100:
            raise UsageError("bad_percent_arg", text=percent)
        env = env_of(ctx)
        hot.done(env, record(env.context(), item_id, "step_progress", on=on, note=note, step=step, progress=value))
