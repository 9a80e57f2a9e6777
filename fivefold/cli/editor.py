"""`fivefold edit`: the editor loop (open, validate, offer to re-open, never keep an invalid file)."""

from __future__ import annotations

import os
import shlex
import subprocess

from fivefold.cli.env import Env
from fivefold.errors import FivefoldError, Invalid, UsageError


def _editor() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UsageError("no_editor")
    return shlex.split(command)


def edit_item(env: Env, item_id: str) -> None:
    from fivefold.actions import edit_begin, edit_finish, edit_validate
    from fivefold.cli.output import error_message
    from fivefold.loading import read_text

    ctx = env.context()
    editor = _editor()
    session = edit_begin(ctx, item_id)
    interactive = env.stdin_isatty
    while True:
        try:
            code = subprocess.call([*editor, str(session.copy)])
        except OSError as exc:
            raise UsageError("editor_failed", code=exc.strerror or str(exc)) from None
        if code != 0:
            session.copy.unlink(missing_ok=True)
            raise FivefoldError("editor_failed", code=code)
        try:
            text = read_text(session.copy)  # the bytes decoded as they are (CRLF stays CRLF); over 1 MiB refused
            edit_validate(session, text)
        except (Invalid, FivefoldError) as exc:
            reason = error_message(env, exc)
            if interactive:  # say why before offering to re-open; otherwise the one error line says it
                env.warn(f"fivefold: {reason}")
                if env.confirm(env.t("reopen_prompt"), default=True):
                    continue
            raise FivefoldError("edit_invalid_kept", path=str(session.copy), reason=reason) from None
        break
    outcome = edit_finish(ctx, session, text)
    if outcome is None:
        env.print(env.t("unchanged", id=session.item_id))
    else:
        env.print(env.t("updated", id=outcome.item.id, fields=", ".join(outcome.changed)))
