"""`fivefold remind`: the 督办提醒 digests, per lead unit (or per owner), sized for pasting into a chat."""

from __future__ import annotations

from typing import Any

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
        send: bool = typer.Option(False, "--send", help="Deliver each unit's digest to its notify: target in fivefold.yaml."),
        dry_run: bool = typer.Option(False, "--dry-run", help="With --send: show what would go to whom; send nothing."),
        force: bool = typer.Option(False, "--force", help="With --send: send again what went out earlier today."),
    ) -> None:
        """Who must do what: overdue, due soon, missed reports, extension requests, waiting for acceptance."""
        from fivefold.actions.remind import remind as action
        from fivefold.errors import UsageError
        from fivefold.export.remind import FORMATS, messages

        if fmt not in FORMATS:
            raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS))
        if (dry_run or force) and not send:
            raise UsageError("remind_needs_send", option="--dry-run" if dry_run else "--force")
        env = env_of(ctx)
        context = env.context()
        data = action(context, unit=unit, owner=owner, days=days)
        if send:
            _send(env, context, data, dry_run=dry_run, force=force, json=json)
            return
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


def _send(env: Any, context: Any, data: dict[str, Any], *, dry_run: bool, force: bool, json: bool) -> None:
    """Deliver (or on a dry run, show) each unit's digest; one line per target (or, with --json, one
    object per target), exit 1 if any failed."""
    from fivefold.actions.remind import Delivery, deliveries, send
    from fivefold.cli.output import error_message, print_json

    planned, unrouted = deliveries(context, data, env.lang)
    for name in unrouted:
        env.warn(env.t("remind.unrouted", unit=name or env.t("remind.no_unit")))
    if not planned and not json:
        env.print(env.t("remind.nothing_to_send", date=data["date"]))
        return

    def done(d: Delivery) -> None:
        if json:
            return
        where = env.t("remind.target", unit=d.unit or env.t("remind.no_unit"), kind=env.t(f"remind.kind.{d.kind}"), to=d.shown)
        if d.status == "dry-run":
            key = "remind.would_skip" if d.already == len(d.messages) and not force else "remind.would_send"
            env.print(env.t(key, target=where, parts=len(d.messages)))
            for n, message in enumerate(d.messages, start=1):
                marker = env.t("remind.part", n=n, total=len(d.messages)) + "\n" if len(d.messages) > 1 else ""
                env.print(marker + message + "\n")
        elif d.status == "failed" and d.error is not None:
            env.warn(env.t("remind.failed", target=where, error=error_message(env, d.error)))
        else:
            env.print(env.t("remind.skipped" if d.status == "skipped" else "remind.sent", target=where, parts=len(d.messages)))

    results = send(context, planned, force=force, dry_run=dry_run, done=done)
    if json:
        print_json(env, [
            {"unit": d.unit, "kind": d.kind, "to": d.shown, "title": d.title, "status": d.status, "messages": len(d.messages),
             "sent_before": d.already, "error": error_message(env, d.error) if d.error is not None else None,
             **({"texts": d.messages} if dry_run else {})}
            for d in results
        ])  # fmt: skip
    if any(d.status == "failed" for d in results):
        raise typer.Exit(1)
