"""What the use cases share: a write's outcome, loading an item for a write, validating what is about
to be written, and the guards every write passes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fivefold.context import Context
from fivefold.errors import FivefoldError, NotFound, Refused, UsageError
from fivefold.events import TABLE, Status
from fivefold.itemfields import ItemFields
from fivefold.loading import read_item, read_text
from fivefold.model import CADENCES, Item, Plan
from fivefold.paths import display
from fivefold.specs import area_spec
from fivefold.workflow import moves_from, replay
from fivefold.workspace import PLAN_FILE, Workspace


@dataclass(slots=True)
class Outcome:
    """What a write did: the item after it, and anything worth a warning."""

    item: Item
    event: str
    state: str
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def people_fields(ctx: Context, f: ItemFields) -> None:
    """Owner, leader and lead unit as compared everywhere (NFKC, trimmed, blanks collapsed); with a
    directory of people, the owner and leader must be people in it (an alias becomes their name)
    and the lead unit one of its units."""
    from fivefold.people import normalise

    for key in ("owner", "leader", "lead_unit"):
        value = getattr(f, key)
        if value is not None:
            setattr(f, key, normalise(value))
    directory = ctx.directory()
    if directory is None:
        return
    for key in ("owner", "leader"):
        name = getattr(f, key)
        if name:
            person = directory.find(name)
            if person is None:
                raise Refused("not_in_directory", field=f"--{key}", name=name, file=directory.source)
            setattr(f, key, person.name)
    if f.lead_unit and not directory.is_unit(f.lead_unit):
        units = "、".join(sorted(directory.units)) or "-"
        raise Refused("not_a_unit", name=f.lead_unit, file=directory.source, units=units)


def choose_plan(plans: dict[str, Plan], name: str | None) -> Plan:
    if name is not None:
        if name in plans:
            return plans[name]
        by_prefix = {p.prefix: p for p in plans.values()}
        if name.upper() in by_prefix:
            return by_prefix[name.upper()]
        raise NotFound("plan_not_found", plan=name, plans=", ".join(plans) or "-")
    if not plans:
        raise FivefoldError("no_plans")
    if len(plans) > 1:
        raise UsageError("need_plan", plans=", ".join(plans))
    return next(iter(plans.values()))


def check_cadence(cadence: str | None) -> None:
    if cadence is not None and cadence not in CADENCES:
        raise UsageError("bad_cadence", value=cadence, allowed=", ".join(CADENCES))


def stage_areas(ws: Workspace, tx: Any, plan: Plan, areas: list[str]) -> None:
    """Add focus areas to plan.yaml (keeping its comments); `KEY=LABEL` or just `KEY`."""
    from fivefold import codec

    path = ws.root / plan.name / PLAN_FILE

    def add(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(doc.get("areas"), dict):
            doc["areas"] = CommentedMap()
        for area in areas:
            key, label = area_spec(area)
            doc["areas"][key] = codec.rt_value(label)

    tx.write(path, codec.edit_document(read_text(path), add, display(path)))  # bytes decoded as they are: CRLF stays CRLF


def validated(text: str, path: Path, plan: str) -> Item:
    """Load what is about to be written; refuse to write anything that would not load."""
    from fivefold import codec

    return codec.load_item(text, display(path), plan=plan, file_id=path.stem)  # Invalid names what is wrong


def validated_data(data: dict[str, Any], text: str, path: Path, plan: str) -> Item:
    """What is about to be written, checked from the data `text` was written from by emit.dump (which
    writes only text that reads back as exactly that data), so no YAML is parsed; a problem is then
    found again by loading the text, for the line and column the codec gives it."""
    from fivefold.errors import SchemaError
    from fivefold.schema import parse_item

    try:
        return parse_item(data, plan=plan, file_id=path.stem)
    except SchemaError:
        return validated(text, path, plan)


def load_for_write(ctx: Context, item_text: str) -> tuple[Item, str, Path, Status]:
    item, raw, path = read_item(ctx.ws, item_text)
    return item, raw, path, replay(item)


def section(doc: Any, key: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(doc.get(key), dict):
        doc[key] = CommentedMap()
    return doc[key]


def set_path(doc: Any, keypath: tuple[str, ...], value: Any) -> None:
    from fivefold import codec

    target = doc
    for key in keypath[:-1]:
        target = section(target, key)
    target[keypath[-1]] = codec.rt_value(value)


def append_entries(doc: Any, entries: list[dict[str, Any]]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    from fivefold import codec

    if not isinstance(doc.get("log"), list):
        doc["log"] = CommentedSeq()
    for entry in entries:
        doc["log"].append(codec.rt_value(entry))


def refuse_move(item: Item, status: Status, event: str) -> None:
    if status.state not in TABLE[event].allowed_from:
        raise Refused("refused_move", id=item.id, state=status.state, event=event, allowed=moves_from(status.state))


def keeps_history(before: Status, after: Item, when: dt.date) -> None:
    """A new entry must fit the loop where its date puts it, and must not push later entries out
    of it (a back-dated transition before later progress, say): replay skips nothing new."""
    if set(replay(after).skipped) != set(before.skipped):
        raise Refused("breaks_history", date=when.isoformat())
