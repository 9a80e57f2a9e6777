"""Use cases that create and change items: new (one or a batch), update, step add."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from fivefold import emit
from fivefold.actions.common import (
    Outcome,
    append_entries,
    check_cadence,
    choose_plan,
    keeps_history,
    load_for_write,
    people_fields,
    refuse_move,
    section,
    set_path,
    stage_areas,
    validated,
    validated_data,
)
from fivefold.context import Context
from fivefold.controlchars import refuse_controls
from fivefold.errors import NotFound, Refused, UsageError
from fivefold.itemfields import ItemFields, refuse_control_chars
from fivefold.loading import read_plans
from fivefold.model import Item, Target, canonical_id
from fivefold.paths import display
from fivefold.people import normalise
from fivefold.specs import baseline_spec, resolve_area, step_days, step_spec, target_spec, weight_spec
from fivefold.workflow import replay
from fivefold.workspace import Workspace


def new_item(ctx: Context, plan_name: str | None, f: ItemFields) -> Item:
    with ctx.ws.transaction(f"new {f.title}") as tx:
        return new_items(ctx, tx, plan_name, [f])[0]


def new_items(ctx: Context, tx: Any, plan_name: str | None, batch: list[ItemFields]) -> list[Item]:
    """Stage new items (one id each, in order) inside an open transaction; all validated first."""
    ws = ctx.ws
    plans, _ = read_plans(ws)
    plan = choose_plan(plans, plan_name)
    first = int(ws.next_id(plan).rsplit("-", 1)[1])
    areas = dict(plan.areas)
    created: list[Item] = []
    for n, f in enumerate(batch):
        refuse_control_chars(f)
        people_fields(ctx, f)
        check_cadence(f.cadence)
        if f.area:  # an area's key or label, or a new `KEY=LABEL`; the item names it by its key
            key, label = resolve_area(f.area, areas)
            areas.setdefault(key, label)
            f.area = key
        if f.parent:
            f.parent = _parent_id(ws, f.parent, created)
        item_id = f"{plan.prefix}-{first + n:03d}"
        path = ws.root / plan.name / f"{item_id}.yaml"
        data = _item_data(ctx, item_id, f)
        text = emit.dump(data)
        if text is None:  # a value only PyYAML's emitter writes: written, then read back, by the codec
            from fivefold import codec

            text = codec.dump_item(data)
            created.append(validated(text, path, plan.name))
        else:
            created.append(validated_data(data, text, path, plan.name))
        tx.write(path, text)
    new_areas = [f"{key}={label}" for key, label in areas.items() if key not in plan.areas]
    if new_areas:
        stage_areas(ws, tx, plan, new_areas)
    return created


def _parent_id(ws: Workspace, text: str, created: list[Item]) -> str:
    wanted = canonical_id(text)
    for item in created:
        if item.id == wanted:
            return item.id
    return ws.find_item(text)[0]


def _item_data(ctx: Context, item_id: str, f: ItemFields) -> dict[str, Any]:
    """A new item's file content, in the layout of DESIGN §3, with its `created` entry."""
    data: dict[str, Any] = {"id": item_id, "title": f.title}
    for key, value in (("area", f.area), ("parent", f.parent)):
        if value:
            data[key] = value
    if f.weight is not None:
        data["weight"] = weight_spec(f.weight)
    sheet = _sheet_fields(f)
    sheet["targets"] = _with_baselines([target_spec(t) for t in f.targets], f.baselines, ())
    sheet["ref"], sheet["extra"] = f.ref, dict(f.extra) or None
    data["task_sheet"] = {k: v for k, v in sheet.items() if v not in (None, [])}
    roadmap, step_dues = [], {}
    for n, spec in enumerate(f.steps, start=1):
        title, due = step_spec(spec)
        title, days = step_days(title)
        roadmap.append({"id": f"s{n}", "title": title, **({"days": days} if days else {})})
        if due:
            step_dues[f"s{n}"] = {"due": ctx.date(due)}
    data["roadmap"] = roadmap
    timeline = {
        "start": ctx.date(f.start),
        "due": ctx.date(f.due),
        "ongoing": f.ongoing or None,
        "cadence": f.cadence,
        "steps": step_dues,
    }
    data["timeline"] = {k: v for k, v in timeline.items() if v not in (None, {})}
    data["log"] = [ctx.entry("created")]
    return data


def _sheet_fields(f: ItemFields) -> dict[str, Any]:
    return {
        "goal": f.goal,
        "targets": None,
        "lead_unit": f.lead_unit,
        "partner_units": f.partners or None,
        "leader": f.leader,
        "owner": f.owner,
        "deliverables": f.deliverables or None,
        "acceptance": f.acceptance,
    }


def update_item(ctx: Context, item_text: str, f: ItemFields) -> Outcome:
    return update_items(ctx, [item_text], f)[0]


def update_items(ctx: Context, item_texts: list[str], f: ItemFields) -> list[Outcome]:
    """The same change to several items in one transaction: each checked before any file is written
    (all or nothing; one undo). A title belongs to one item: refused for several."""
    refuse_control_chars(f)
    people_fields(ctx, f)
    if f.title is not None and len(item_texts) > 1:
        raise UsageError("title_one_item")
    with ctx.ws.transaction(f"update {' '.join(item_texts)}") as tx:
        return [_stage_update(ctx, tx, text, replace(f)) for text in item_texts]


def _stage_update(ctx: Context, tx: Any, item_text: str, f: ItemFields) -> Outcome:
    from fivefold import codec

    ws = ctx.ws
    item, raw, path, status = load_for_write(ctx, item_text)
    check_cadence(f.cadence)
    started = status.started_on is not None or status.state not in ("draft", "ready")
    if started and f.due is not None:
        raise Refused("use_extend", id=item.id)
    plans, _ = read_plans(ws)
    plan = plans.get(item.plan)
    if f.area:
        key, label = resolve_area(f.area, plan.areas if plan is not None else {})
        if plan is not None and key not in plan.areas:
            stage_areas(ws, tx, plan, [f"{key}={label}"])
        f.area = key
    if f.parent:
        f.parent = ws.find_item(f.parent)[0]
    reassign: dict[str, Any] = {}
    if started:
        for key in ("owner", "lead_unit"):
            value = getattr(f, key)
            if value is not None and value != normalise(getattr(status, key) or ""):
                reassign[key] = value
            setattr(f, key, None)
    sets = _field_paths(ctx, f)
    step_specs = [step_spec(s) for s in f.steps]
    new_targets = _with_baselines([target_spec(t) for t in f.targets], f.baselines, item.targets)
    if not sets and not step_specs and not new_targets and not reassign:
        raise UsageError("nothing_to_update")
    changed = [keypath[-1] for keypath, _ in sets]
    changed += (["roadmap"] if step_specs else []) + (["targets"] if new_targets else [])
    entries = []
    if changed:
        entries.append(ctx.entry("edited", fields=codec.FlowList(changed)))
    if reassign:
        refuse_move(item, status, "reassign")
        entries.append(ctx.entry("reassign", **reassign))

    def mutate(doc: Any) -> None:
        for keypath, value in sets:
            if keypath in (("parent",), ("weight",)) and keypath[0] not in doc:
                _insert_top(doc, keypath[0], value)  # beside the title, not after the log
            else:
                set_path(doc, keypath, value)
        for title, due in step_specs:
            title, days = step_days(title)
            _add_step(doc, item, title, ctx.date(due), after=[], owner=None, deliverable=None, weight=None, days=days)
        for target in new_targets:
            _put_target(doc, target)
        append_entries(doc, entries)

    text = codec.edit_document(raw, mutate, display(path))
    updated = validated(text, path, item.plan)
    keeps_history(status, updated, ctx.today)
    tx.write(path, text)
    return Outcome(updated, "edited", replay(updated).state, changed=changed + list(reassign))


def _insert_top(doc: Any, key: str, value: Any) -> None:
    """A new top-level key of the head (parent, weight) after the ones before it in the file's layout."""
    from fivefold import codec

    before = [k for k in ("id", "title", "area", "parent") if k in doc]
    doc.insert(list(doc).index(before[-1]) + 1 if before else 0, key, codec.rt_value(value))


def _field_paths(ctx: Context, f: ItemFields) -> list[tuple[tuple[str, ...], Any]]:
    """(key path in the file, new value) for every field given."""
    pairs: list[tuple[tuple[str, ...], Any]] = []
    for key in ("title", "area", "parent"):
        if getattr(f, key) is not None:
            pairs.append(((key,), getattr(f, key)))
    if f.weight is not None:
        pairs.append((("weight",), weight_spec(f.weight)))
    for key, value in _sheet_fields(f).items():
        if value is not None:
            pairs.append((("task_sheet", key), value))
    for key, value in (("start", ctx.date(f.start)), ("due", ctx.date(f.due)), ("cadence", f.cadence)):
        if value is not None:
            pairs.append((("timeline", key), value))
    return pairs


def _with_baselines(specs: list[dict[str, Any]], baselines: list[str], existing: Sequence[Target]) -> list[dict[str, Any]]:
    """The targets given with their `--baseline NAME=VALUE` set; a baseline for a target not given here
    sets it on the item's existing target of that name (which is then written again whole)."""
    for name, value in map(baseline_spec, baselines):
        spec = next((s for s in specs if s["name"] == name), None)
        if spec is None:
            old = next((t for t in existing if t.name == name), None)
            if old is None:
                raise UsageError("baseline_no_target", target=name)
            spec = {"name": old.name, "unit": old.unit, "target": old.target}
            spec |= {"direction": old.direction} if old.direction != "up" else {}
            specs.append(spec)
        spec["baseline"] = value
    return specs


def _put_target(doc: Any, target: dict[str, Any]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    from fivefold import codec

    sheet = section(doc, "task_sheet")
    if not isinstance(sheet.get("targets"), list):
        sheet["targets"] = CommentedSeq()
    clean = {k: v for k, v in target.items() if v is not None}
    for i, existing in enumerate(sheet["targets"]):
        if isinstance(existing, dict) and existing.get("name") == target["name"]:
            if "baseline" in existing and "baseline" not in clean:  # a target given again keeps its baseline
                clean["baseline"] = existing["baseline"]
            sheet["targets"][i] = codec.rt_value(clean)
            return
    sheet["targets"].append(codec.rt_value(clean))


def _next_step_id(item: Item) -> str:
    used = {s.id for s in item.steps} | {str(e.get("step")) for e in item.log if e.get("step") is not None}
    # A hand-written s99999… of thousands of digits is no number int() may convert: it cannot collide anyway.
    numbers = [int(m[1]) for sid in used if (m := re.match(r"^s(\d{1,18})$", sid))]
    return f"s{max(numbers, default=0) + 1}"


def _add_step(
    doc: Any,
    item: Item,
    title: str,
    due: dt.date | None,
    *,
    after: list[str],
    owner: str | None,
    deliverable: str | None,
    weight: float | None,
    days: int | None = None,
) -> str:
    from ruamel.yaml.comments import CommentedSeq

    from fivefold import codec

    known = {s.id for s in item.steps} | {str(s["id"]) for s in doc.get("roadmap") or [] if isinstance(s, dict)}
    sid = _next_step_id(item)
    while sid in known:  # steps added earlier in the same command
        sid = f"s{int(sid[1:]) + 1}"
    for ref in after:
        if ref not in known:
            raise NotFound("step_not_found", id=item.id, step=ref)
    step: dict[str, Any] = {"id": sid, "title": title}
    given = (("deliverable", deliverable), ("after", after or None), ("weight", weight), ("owner", owner), ("days", days))
    for key, value in given:
        if value is not None:
            step[key] = value
    if not isinstance(doc.get("roadmap"), list):
        doc["roadmap"] = CommentedSeq()
    doc["roadmap"].append(codec.rt_value(step))
    if due is not None:
        timeline = section(doc, "timeline")
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(timeline.get("steps"), dict):
            timeline["steps"] = CommentedMap()
        timeline["steps"][sid] = codec.rt_value({"due": due})
    return sid


def step_add(
    ctx: Context,
    item_text: str,
    title: str,
    *,
    due: str | None,
    after: list[str],
    owner: str | None,
    deliverable: str | None,
    weight: float | None,
    days: int | None = None,
) -> tuple[Item, str]:
    """A step at the end of the roadmap; its duration from `days` (--days), else from "TITLE~N工作日"."""
    from fivefold import codec

    for field, text in (("step", title), ("owner", owner), ("deliverable", deliverable)):
        refuse_controls(field, text)
    title, typed = step_days(title)
    days = days if days is not None else typed
    with ctx.ws.transaction(f"step add {item_text}") as tx:
        item, raw, path, _ = load_for_write(ctx, item_text)
        result: dict[str, str] = {}

        def mutate(doc: Any) -> None:
            result["sid"] = _add_step(
                doc, item, title, ctx.date(due), after=after, owner=owner, deliverable=deliverable, weight=weight, days=days
            )
            append_entries(doc, [ctx.entry("edited", fields=codec.FlowList(["roadmap"]), step=result["sid"])])

        text = codec.edit_document(raw, mutate, display(path))
        updated = validated(text, path, item.plan)
        tx.write(path, text)
        return updated, result["sid"]
