"""Editing an item by hand: a copy for the editor, validation, and a write only if nothing changed meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fivefold import codec
from fivefold.actions.common import Outcome, validated
from fivefold.context import Context
from fivefold.errors import FivefoldError, Invalid, Refused
from fivefold.loading import read_text
from fivefold.model import Item
from fivefold.paths import display
from fivefold.transaction import atomic_write
from fivefold.workflow import replay


@dataclass(slots=True)
class EditSession:
    item_id: str
    path: Path  # the item's file
    copy: Path  # the copy the editor works on, under .fivefold/edit/
    original: str


def edit_begin(ctx: Context, item_text: str) -> EditSession:
    """Copy the file to .fivefold/edit/ for the editor; the lock is not held while editing."""
    from fivefold.gitstate import refuse_if_stopped

    refuse_if_stopped(ctx.ws.root)  # say so before the editor opens, not after the work is done
    file_id, path = ctx.ws.find_item(item_text)
    original = read_text(path)
    folder = ctx.ws.state / "edit"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    atomic_write(copy, original)
    return EditSession(file_id, path, copy, original)


def edit_validate(session: EditSession, text: str) -> Item:
    """The edited text must load, keep its id and leave existing log entries as they were."""
    item = validated(text, session.copy, session.path.parent.name)
    try:
        before = codec.read_yaml(session.original, "")
        old_log = list(before.get("log") or []) if isinstance(before, dict) else []
        old_id = before.get("id") if isinstance(before, dict) else None
    except Invalid:
        old_log, old_id = [], None  # the file was broken before: any valid result is an improvement
    if old_id is not None and str(old_id) != item.id:
        raise Refused("edit_id_changed")
    new_log = list(item.raw.get("log") or [])
    if codec.comparable(new_log[: len(old_log)]) != codec.comparable(old_log):
        raise Refused("edit_log_changed")
    return item


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names = []
    for key in dict.fromkeys([*old, *new]):
        if key == "log":
            continue
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict) and key in ("task_sheet", "timeline"):
            names += [sub for sub in dict.fromkeys([*a, *b]) if codec.comparable(a.get(sub)) != codec.comparable(b.get(sub))]
        elif codec.comparable(a) != codec.comparable(b):
            names.append(key)
    return names


def edit_finish(ctx: Context, session: EditSession, text: str) -> Outcome | None:
    """Write the edited file under the lock if the item is unchanged since the copy; None: no change."""
    item = edit_validate(session, text)
    with ctx.ws.transaction(f"edit {session.item_id}") as tx:
        if read_text(session.path) != session.original:
            raise FivefoldError("edit_conflict", path=display(session.copy))
        try:
            old = codec.read_yaml(session.original, "")
        except Invalid:
            old = {}
        changed = _changed_fields(old if isinstance(old, dict) else {}, item.raw)
        if not changed and text == session.original:
            session.copy.unlink(missing_ok=True)
            return None
        if changed:
            text = codec.append_log(text, [ctx.entry("edited", fields=codec.FlowList(changed))], display(session.path))
        updated = validated(text, session.path, item.plan)
        tx.write(session.path, text)
    session.copy.unlink(missing_ok=True)
    return Outcome(updated, "edited", replay(updated).state, changed=changed)
