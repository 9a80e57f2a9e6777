"""`fivefold notice`: a 督办通知单 for an item (md, html or docx), or one per red item into a folder."""

from __future__ import annotations

from pathlib import Path

import typer

from fivefold.cli.env import env_of

FORMATS = ("md", "html", "docx")


def register(app: typer.Typer) -> None:
    @app.command()
    def notice(
        ctx: typer.Context,
        item_id: str | None = typer.Argument(None, help="The item."),
        fmt: str = typer.Option("md", "--format", "-f", help="md | html | docx (docx needs --out)."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file (with --all-red: this folder)."),
        ref: str = typer.Option(None, "--ref", help="The notice's number (文号); {n} numbers several."),
        deadline: str = typer.Option(None, "--deadline", help="Reply by this date (default: in 5 working days)."),
        all_red: bool = typer.Option(False, "--all-red", help="One notice per red item, into the --out folder."),
    ) -> None:
        """A 督办通知单 for a lagging item, logged on it as a 催办."""
        from fivefold.actions.notices import notices
        from fivefold.cli.output import out_file, write_document, write_file
        from fivefold.errors import FivefoldError, UsageError
        from fivefold.export.notice import render

        if fmt not in FORMATS:
            raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS))
        if (all_red or fmt == "docx") and out is None:
            raise UsageError("notice_needs_out")
        if all_red and item_id is not None:
            raise UsageError("notice_id_or_all")
        env = env_of(ctx)
        target = env.path(out) if out is not None else None
        if all_red and target is not None:
            try:
                target.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FivefoldError("unwritable", path=str(target), reason=exc.strerror or type(exc).__name__) from None
        elif target is not None:
            target = out_file(env, target)
        made = notices(env.context(), item_id, all_red=all_red, ref=ref, deadline=deadline)
        if not made:
            env.warn(env.t("notice.no_red"))
            return
        for n in made:
            payload = render(n, fmt, env.lang)
            if target is None:
                write_document(env, payload, None, binary=False)
            else:
                write_file(env, target / f"{n['id']}.{fmt}" if all_red else target, payload)
