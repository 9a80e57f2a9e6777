"""Use cases: lock -> load -> change -> validate -> write -> result. This is the Python API;
the CLI only parses arguments, calls one of these and renders what it returns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fivefold import codec
from fivefold.checks import CheckResult, five_checks
from fivefold.context import Context
from fivefold.dates import parse_date
from fivefold.errors import FivefoldError, Invalid, NotFound, Problem, Refused, UsageError, WorkspaceError
from fivefold.model import CADENCES, EVENTS, PREFIX_RE, Entry, Item, Plan, canonical_id, thresholds_for
from fivefold.queries import Filters, matcher, row_sorter
from fivefold.schedule import Assessment, assess
from fivefold.specs import area_spec, step_spec, target_spec
from fivefold.store import PLAN_FILE, SETTINGS_FILE, STATE_DIR, Snapshot, Workspace, atomic_write, display
from fivefold.views import summary
from fivefold.workflow import TABLE, Status, log_key, moves_from, replay, trace

_PLAN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(slots=True)
class ItemFields:
    """What `new` and `update` may set; None means not given."""

    title: str | None = None
    area: str | None = None
    parent: str | None = None
    goal: str | None = None
    lead_unit: str | None = None
    partners: list[str] = field(default_factory=list)
    leader: str | None = None
    owner: str | None = None
    start: str | None = None
    due: str | None = None
    steps: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    acceptance: str | None = None
    deliverables: list[str] = field(default_factory=list)
    cadence: str | None = None


@dataclass(slots=True)
class Outcome:
    """What a write did: the item after it, and anything worth a warning."""

    item: Item
    event: str
    state: str
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


# --- workspace and plans -------------------------------------------------------------------------


def init_workspace(
    folder: Path, *, plan: str | None = None, title: str | None = None, prefix: str | None = None, language: str | None = None
) -> Path:
    """Create fivefold.yaml and a .gitignore for .fivefold/; optionally a first plan."""
    if (folder / SETTINGS_FILE).exists():
        raise WorkspaceError("already_workspace", path=display(folder))
    if plan is not None:
        _check_plan_args(plan, prefix)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        settings = "# fivefold workspace settings (DESIGN §2)\n"
        settings += f"language: {language}\n" if language else ""
        settings += (
            "thresholds: {soon_days: 14, step_grace_days: 7, yellow_lag: 10, red_lag: 30, review_days: 7, upcoming_days: 30}\n"
        )
        settings += "self_review: forbidden\n"
        atomic_write(folder / SETTINGS_FILE, settings)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            atomic_write(ignore, f"{STATE_DIR}/\n")
    except OSError as exc:
        raise WorkspaceError("unwritable", path=display(folder), reason=exc.strerror or str(exc)) from None
    if plan is not None:
        ws = Workspace(folder.resolve())
        with ws.transaction(f"plan new {plan}") as tx:
            _stage_plan(ws, tx, plan, title=title, prefix=prefix)
    return folder


def _check_plan_args(name: str, prefix: str | None) -> None:
    if not _PLAN_NAME.match(name):
        raise UsageError("bad_plan_name", plan=name)
    if prefix is not None and not PREFIX_RE.match(prefix):
        raise UsageError("bad_prefix", prefix=prefix)


def _stage_plan(
    ws: Workspace,
    tx: Any,
    name: str,
    *,
    title: str | None,
    prefix: str | None,
    organisation: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    areas: list[str] | None = None,
) -> Plan:
    _check_plan_args(name, prefix)
    folder = ws.root / name
    if (folder / PLAN_FILE).exists():
        raise FivefoldError("plan_exists", plan=name)
    prefix = (prefix or re.sub(r"[^A-Za-z0-9]", "", name)[:4] or "W").upper()
    if not prefix[0].isalpha():
        prefix = "P" + prefix
    plans, _ = ws.load_plans()
    for other in plans.values():
        if other.prefix == prefix:
            raise FivefoldError("duplicate_prefix", prefix=prefix, other=other.name)
    data: dict[str, Any] = {"title": title or name}
    if organisation:
        data["organisation"] = organisation
    data["prefix"] = prefix
    if start or end:
        data["period"] = codec.FlowMap({k: v for k, v in (("start", start), ("end", end)) if v})
    data["areas"] = dict(area_spec(a) for a in areas or [])
    text = codec.dump(data)
    plan = codec.load_plan(text, display(folder / PLAN_FILE), name)
    folder.mkdir(exist_ok=True)
    tx.write(folder / PLAN_FILE, text)
    return plan


def plan_new(
    ctx: Context,
    name: str,
    *,
    title: str | None,
    prefix: str | None,
    organisation: str | None,
    start: str | None,
    end: str | None,
    areas: list[str],
) -> Plan:
    with ctx.ws.transaction(f"plan new {name}") as tx:
        return _stage_plan(
            ctx.ws,
            tx,
            name,
            title=title,
            prefix=prefix,
            organisation=organisation,
            start=ctx.date(start),
            end=ctx.date(end),
            areas=areas,
        )


def plan_list(ctx: Context) -> tuple[list[tuple[Plan, int]], list[Problem]]:
    plans, problems = ctx.ws.load_plans()
    return [(p, len(ctx.ws.item_files(ctx.ws.root / p.name))) for p in plans.values()], problems


def _choose_plan(plans: dict[str, Plan], name: str | None) -> Plan:
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


# --- creating and editing items ------------------------------------------------------------------


def new_item(ctx: Context, plan_name: str | None, f: ItemFields) -> Item:
    with ctx.ws.transaction(f"new {f.title}") as tx:
        return new_items(ctx, tx, plan_name, [f])[0]


def new_items(ctx: Context, tx: Any, plan_name: str | None, batch: list[ItemFields]) -> list[Item]:
    """Stage new items (one id each, in order) inside an open transaction; all validated first."""
    ws = ctx.ws
    plans, _ = ws.load_plans()
    plan = _choose_plan(plans, plan_name)
    first = int(ws.next_id(plan).rsplit("-", 1)[1])
    areas = dict(plan.areas)
    created = []
    for n, f in enumerate(batch):
        _check_cadence(f.cadence)
        if f.area:  # `--area KEY=LABEL` names the item's area by its key
            key, label = area_spec(f.area)
            areas.setdefault(key, label)
            f.area = key
        if f.parent:
            f.parent = _parent_id(ws, f.parent, created)
        item_id = f"{plan.prefix}-{first + n:03d}"
        path = ws.root / plan.name / f"{item_id}.yaml"
        text = codec.dump_item(_item_data(ctx, item_id, f))
        created.append(_validated(text, path, plan.name))
        tx.write(path, text)
    new_areas = [f"{key}={label}" for key, label in areas.items() if key not in plan.areas]
    if new_areas:
        _stage_areas(ws, tx, plan, new_areas)
    return created


def _check_cadence(cadence: str | None) -> None:
    if cadence is not None and cadence not in CADENCES:
        raise UsageError("bad_cadence", value=cadence, allowed=", ".join(CADENCES))


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
    sheet = _sheet_fields(f)
    sheet["targets"] = [target_spec(t) for t in f.targets]
    data["task_sheet"] = {k: v for k, v in sheet.items() if v not in (None, [])}
    roadmap, step_dues = [], {}
    for n, spec in enumerate(f.steps, start=1):
        title, due = step_spec(spec)
        roadmap.append({"id": f"s{n}", "title": title})
        if due:
            step_dues[f"s{n}"] = {"due": ctx.date(due)}
    data["roadmap"] = roadmap
    timeline = {"start": ctx.date(f.start), "due": ctx.date(f.due), "cadence": f.cadence, "steps": step_dues}
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


def _stage_areas(ws: Workspace, tx: Any, plan: Plan, areas: list[str]) -> None:
    """Add focus areas to plan.yaml (keeping its comments); `KEY=LABEL` or just `KEY`."""
    path = ws.root / plan.name / PLAN_FILE

    def add(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(doc.get("areas"), dict):
            doc["areas"] = CommentedMap()
        for area in areas:
            key, label = area_spec(area)
            doc["areas"][key] = codec.rt_value(label)

    tx.write(path, codec.edit_document(path.read_text("utf-8"), add))


def _validated(text: str, path: Path, plan: str) -> Item:
    """Load what is about to be written; refuse to write anything that would not load."""
    try:
        return codec.load_item(text, display(path), plan=plan, file_id=path.stem)
    except Invalid as exc:
        from fivefold.i18n import t

        first = exc.problems[0]
        raise Invalid(exc.problems) from FivefoldError("invalid_result", detail=t(first.key, "en", **first.params))


def _load_for_write(ctx: Context, item_text: str) -> tuple[Item, str, Path, Status]:
    item, raw, path = ctx.ws.read_item(item_text)
    return item, raw, path, replay(item)


def update_item(ctx: Context, item_text: str, f: ItemFields) -> Outcome:
    ws = ctx.ws
    with ws.transaction(f"update {item_text}") as tx:
        item, raw, path, status = _load_for_write(ctx, item_text)
        _check_cadence(f.cadence)
        started = status.started_on is not None or status.state not in ("draft", "ready")
        if started and f.due is not None:
            raise Refused("use_extend", id=item.id)
        plans, _ = ws.load_plans()
        plan = plans.get(item.plan)
        if f.area:
            key = area_spec(f.area)[0]
            if plan is not None and key not in plan.areas:
                _stage_areas(ws, tx, plan, [f.area])
            f.area = key
        if f.parent:
            f.parent = ws.find_item(f.parent)[0]
        reassign: dict[str, Any] = {}
        if started:
            for key in ("owner", "lead_unit"):
                value = getattr(f, key)
                if value is not None and value != getattr(status, key):
                    reassign[key] = value
                setattr(f, key, None)
        sets = _field_paths(ctx, f)
        step_specs = [step_spec(s) for s in f.steps]
        new_targets = [target_spec(t) for t in f.targets]
        if not sets and not step_specs and not new_targets and not reassign:
            raise UsageError("nothing_to_update")
        changed = [keypath[-1] for keypath, _ in sets]
        changed += (["roadmap"] if step_specs else []) + (["targets"] if new_targets else [])
        entries = []
        if changed:
            entries.append(ctx.entry("edited", fields=codec.FlowList(changed)))
        if reassign:
            _refuse_move(item, status, "reassign")
            entries.append(ctx.entry("reassign", **reassign))

        def mutate(doc: Any) -> None:
            for keypath, value in sets:
                _set_path(doc, keypath, value)
            for title, due in step_specs:
                _add_step(doc, item, title, ctx.date(due), after=[], owner=None, deliverable=None, weight=None)
            for target in new_targets:
                _put_target(doc, target)
            _append_entries(doc, entries)

        text = codec.edit_document(raw, mutate)
        updated = _validated(text, path, item.plan)
        _keeps_history(status, updated, ctx.today)
        tx.write(path, text)
        return Outcome(updated, "edited", replay(updated).state, changed=changed + list(reassign))


def _field_paths(ctx: Context, f: ItemFields) -> list[tuple[tuple[str, ...], Any]]:
    """(key path in the file, new value) for every field given."""
    pairs: list[tuple[tuple[str, ...], Any]] = []
    for key in ("title", "area", "parent"):
        if getattr(f, key) is not None:
            pairs.append(((key,), getattr(f, key)))
    for key, value in _sheet_fields(f).items():
        if value is not None:
            pairs.append((("task_sheet", key), value))
    for key, value in (("start", ctx.date(f.start)), ("due", ctx.date(f.due)), ("cadence", f.cadence)):
        if value is not None:
            pairs.append((("timeline", key), value))
    return pairs


def _section(doc: Any, key: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(doc.get(key), dict):
        doc[key] = CommentedMap()
    return doc[key]


def _set_path(doc: Any, keypath: tuple[str, ...], value: Any) -> None:
    target = doc
    for key in keypath[:-1]:
        target = _section(target, key)
    target[keypath[-1]] = codec.rt_value(value)


def _append_entries(doc: Any, entries: list[dict[str, Any]]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    if not isinstance(doc.get("log"), list):
        doc["log"] = CommentedSeq()
    for entry in entries:
        doc["log"].append(codec.rt_value(entry))


def _put_target(doc: Any, target: dict[str, Any]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    sheet = _section(doc, "task_sheet")
    if not isinstance(sheet.get("targets"), list):
        sheet["targets"] = CommentedSeq()
    clean = {k: v for k, v in target.items() if v is not None}
    for i, existing in enumerate(sheet["targets"]):
        if isinstance(existing, dict) and existing.get("name") == target["name"]:
            sheet["targets"][i] = codec.rt_value(clean)
            return
    sheet["targets"].append(codec.rt_value(clean))


def _next_step_id(item: Item) -> str:
    used = {s.id for s in item.steps} | {str(e.get("step")) for e in item.log if e.get("step") is not None}
    numbers = [int(m[1]) for sid in used if (m := re.match(r"^s(\d+)$", sid))]
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
) -> str:
    from ruamel.yaml.comments import CommentedSeq

    known = {s.id for s in item.steps} | {str(s["id"]) for s in doc.get("roadmap") or [] if isinstance(s, dict)}
    sid = _next_step_id(item)
    while sid in known:  # steps added earlier in the same command
        sid = f"s{int(sid[1:]) + 1}"
    for ref in after:
        if ref not in known:
            raise NotFound("step_not_found", id=item.id, step=ref)
    step: dict[str, Any] = {"id": sid, "title": title}
    for key, value in (("deliverable", deliverable), ("after", after or None), ("weight", weight), ("owner", owner)):
        if value is not None:
            step[key] = value
    if not isinstance(doc.get("roadmap"), list):
        doc["roadmap"] = CommentedSeq()
    doc["roadmap"].append(codec.rt_value(step))
    if due is not None:
        timeline = _section(doc, "timeline")
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
) -> tuple[Item, str]:
    with ctx.ws.transaction(f"step add {item_text}") as tx:
        item, raw, path, _ = _load_for_write(ctx, item_text)
        result: dict[str, str] = {}

        def mutate(doc: Any) -> None:
            result["sid"] = _add_step(
                doc, item, title, ctx.date(due), after=after, owner=owner, deliverable=deliverable, weight=weight
            )
            _append_entries(doc, [ctx.entry("edited", fields=codec.FlowList(["roadmap"]), step=result["sid"])])

        text = codec.edit_document(raw, mutate)
        updated = _validated(text, path, item.plan)
        tx.write(path, text)
        return updated, result["sid"]


# --- the closed loop and progress ----------------------------------------------------------------


def _when(ctx: Context, on: str | None, status: Status) -> dt.date:
    """The date of a new entry: --on or today; never after today, never before the last state change."""
    when = ctx.date(on) or ctx.today
    if when > ctx.today:
        raise UsageError("future_date", date=when.isoformat(), today=ctx.today.isoformat())
    if status.last_change is not None and when < status.last_change:
        raise Refused("before_last_change", date=when.isoformat(), last=status.last_change.isoformat())
    return when


def _refuse_move(item: Item, status: Status, event: str) -> None:
    if status.state not in TABLE[event].allowed_from:
        raise Refused("refused_move", id=item.id, state=status.state, event=event, allowed=moves_from(status.state))


def record(ctx: Context, item_text: str, event: str, *, on: str | None = None, note: str | None = None, **fields: Any) -> Outcome:
    """Append one event to an item's log after the table and its guards allow it."""
    if event not in EVENTS:
        raise UsageError("bad_event", value=event)
    rule = TABLE[event]
    with ctx.ws.transaction(f"{event} {item_text}") as tx:
        item, raw, path, status = _load_for_write(ctx, item_text)
        _refuse_move(item, status, event)
        if rule.needs and not fields.get(rule.needs):
            raise UsageError("need_option", event=event, option=rule.needs)
        warnings: list[tuple[str, dict[str, Any]]] = []
        if rule.checks:
            plans, _ = ctx.ws.load_plans()
            result = five_checks(item, plans.get(item.plan))
            if not result.passed:
                raise Refused("refused_checks", id=item.id, event=event, findings=_findings(result))
        if rule.verifier and not ctx.ws.settings().self_review and ctx.actor == status.owner:
            raise Refused("refused_self_review", actor=ctx.actor, id=item.id)
        _event_guards(item, status, event, fields)
        if event == "submit":
            open_steps = [s.id for s in item.steps if s.id not in status.done]
            if open_steps:
                warnings.append(("warn_open_steps", {"id": item.id, "steps": ", ".join(open_steps)}))
        entry = ctx.entry(event, _when(ctx, on, status), **fields, note=note)
        text = codec.append_log(raw, [entry], display(path))
        updated = _validated(text, path, item.plan)
        _keeps_history(status, updated, entry["date"])
        tx.write(path, text)
        return Outcome(updated, event, replay(updated).state, warnings)


def _keeps_history(before: Status, after: Item, when: dt.date) -> None:
    """A new entry must fit the loop where its date puts it, and must not push later entries out
    of it (a back-dated transition before later progress, say): replay skips nothing new."""
    if set(replay(after).skipped) != set(before.skipped):
        raise Refused("breaks_history", date=when.isoformat())


def _event_guards(item: Item, status: Status, event: str, fields: dict[str, Any]) -> None:
    step = fields.get("step")
    if step is not None and item.step(step) is None:
        raise NotFound("step_not_found", id=item.id, step=step)
    if event in ("step_done", "step_progress") and step in status.done:
        raise Refused("step_already_done", step=step)
    if event == "measure" and not any(t.name == fields["target"] for t in item.targets):
        raise NotFound(
            "unknown_target", id=item.id, target=fields["target"], targets=", ".join(t.name for t in item.targets) or "-"
        )
    if event == "extend":
        current = status.due
        if current is not None and fields["due"] <= current:
            raise Refused("extend_not_later", due=fields["due"].isoformat(), current=current.isoformat())


def _findings(result: CheckResult) -> list[tuple[int, str, dict[str, Any]]]:
    return [(n, key, params) for n, found in sorted(result.failures.items()) for key, params in found]


def transition(
    ctx: Context,
    item_text: str,
    event: str,
    *,
    on: str | None = None,
    note: str | None = None,
    reason: str | None = None,
    evidence: str | None = None,
) -> Outcome:
    return record(ctx, item_text, event, on=on, note=note, reason=reason, evidence=evidence)


def extend(
    ctx: Context, item_text: str, *, due: str, reason: str | None, on: str | None = None, note: str | None = None
) -> Outcome:
    return record(ctx, item_text, "extend", on=on, note=note, due=parse_date(due, ctx.today), reason=reason)


# --- reading ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Listing:
    """Items (whole, parsed or from the items cache) with their assessments: for gantt and reports."""

    snapshot: Snapshot
    items: list[Item]
    assessed: dict[str, Assessment]
    workspace_of: dict[str, str] = field(default_factory=dict)  # item id -> workspace, when several


def snapshot_assessed(ctx: Context) -> tuple[Snapshot, dict[str, Assessment]]:
    snap = ctx.ws.load(ctx.progress)
    return snap, assess(snap.items, ctx.today, lambda item: thresholds_for(snap.settings, snap.plan_of(item)))


def list_items(ctx: Context, filters: Filters, sort: str = "id") -> Listing:
    """Whole items for the views that need them (gantt, reports), filtered like `list`."""
    where: dict[str, str] = {}
    if len(ctx.spaces) > 1:  # several workspaces, each loaded (and cached) on its own
        from dataclasses import replace

        from fivefold.spaces import merge_snapshots

        parts = [(ws, *snapshot_assessed(replace(ctx, ws=ws, workspaces=[]))) for ws in ctx.spaces]
        snap, assessed, where = merge_snapshots(parts)
    else:
        snap, assessed = snapshot_assessed(ctx)
    keep = matcher(ctx, filters, snap.plans, sort)
    rows = {i.id: dict(summary(i, assessed[i.id]), partner_units=list(i.partner_units)) for i in snap.items}
    present = [i for i in snap.items if assessed[i.id].exists]  # as of the date: created by then
    chosen = sorted((rows[i.id] for i in present if keep(rows[i.id])), key=row_sorter(sort))
    return Listing(snap, [snap.by_id[r["id"]] for r in chosen], assessed, where)


def report_data(
    ctx: Context, filters: Filters, *, since: str | None, period: str | None, rank: bool
) -> tuple[dict[str, Any], list[Problem]]:
    """The report view model (fivefold.report) for the matching items, as of ctx.today, built from
    the list index (rows, details, traces) so that a warm report reads no YAML."""
    from dateutil.relativedelta import relativedelta

    from fivefold.report import build_report
    from fivefold.spaces import load_all

    start = ctx.date(since)
    if start is None and period is not None:
        # The period ending on as-of, both ends counted: a week is the 7 days up to and including it.
        back = relativedelta(**{"week": {"weeks": 1}, "month": {"months": 1}, "quarter": {"months": 3}}[period])
        start = ctx.today - back + dt.timedelta(days=1)
    ix = load_all(ctx, ctx.today, traces=start is not None, details=True)  # one workspace, or several
    keep = matcher(ctx, filters, ix.plans, "id")
    rows = sorted((r for r in ix.rows if keep(r)), key=row_sorter("id"))
    before = None
    if start is not None:
        before = {r["id"]: r["light"] for r in load_all(ctx, start - dt.timedelta(days=1)).rows}
    chosen = {k: v for k, v in vars_of(filters).items() if v}
    data = build_report(
        rows,
        ix.details,
        ix.traces,
        ix.plans,
        ctx.today,
        soon_days=ix.settings.thresholds["soon_days"],
        since=start,
        before=before,
        rank=rank,
        filters=chosen,
    )
    return data, ix.problems


def vars_of(filters: Filters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in Filters.__dataclass_fields__}


def show_item(ctx: Context, item_text: str) -> tuple[Item, Assessment, Snapshot]:
    """One item as stored (read from its file) with its assessment (children rolled up)."""
    stored, _, _ = ctx.ws.read_item(item_text)  # raises item_broken with the file's problem
    snap, assessed = snapshot_assessed(ctx)
    if stored.id not in snap.by_id:
        raise NotFound("not_found", id=stored.id)  # e.g. a duplicate id elsewhere keeps it out of views
    return stored, assessed[stored.id], snap


@dataclass(slots=True)
class LogLine:
    item_id: str
    entry: Entry
    before: str
    after: str
    skipped: bool


def _lines(item: Item, start: dt.date, end: dt.date) -> list[LogLine]:
    return [LogLine(item.id, e, b, a, skip) for e, b, a, skip in trace(item) if start <= e.date <= end]


def history(ctx: Context, item_text: str) -> list[LogLine]:
    item, _, _ = ctx.ws.read_item(item_text)
    return _lines(item, dt.date.min, ctx.today)


def workspace_log(ctx: Context, since: str | None) -> tuple[list[LogLine], list[Problem]]:
    snap = ctx.ws.load()
    start = ctx.date(since) or dt.date.min
    lines = [line for item in snap.items for line in _lines(item, start, ctx.today)]
    lines.sort(key=lambda line: (log_key(line.entry), line.item_id))
    return lines, snap.problems


# --- checks -------------------------------------------------------------------------------------


@dataclass(slots=True)
class CheckReport:
    problems: list[Problem]
    results: list[CheckResult]
    failing: list[CheckResult]  # items whose five checks count as failures
    warnings: dict[str, list[tuple[str, dict[str, Any]]]]  # item id -> warnings (drafts' failures included)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failing


def check(ctx: Context, ids: list[str], strict: bool = False) -> CheckReport:
    """No ids: the whole workspace (drafts' check failures are warnings). Ids: those items' five checks
    fail whatever their state. --strict turns warnings into failures."""
    snap = ctx.ws.load()
    problems = list(snap.problems)
    chosen: list[Item] = []
    for text in ids:
        file_id, path = ctx.ws.find_item(text)
        if file_id in snap.by_id:
            chosen.append(snap.by_id[file_id])
        elif not any(p.path == display(path) for p in problems):
            ctx.ws.read_item(text)
    items = chosen if ids else snap.items
    if ids:
        shown = {display(ctx.ws.root / i.plan / f"{i.id}.yaml") for i in chosen} | {
            display(p) for _, p in (ctx.ws.find_item(t) for t in ids)
        }
        problems = [p for p in problems if p.path in shown]
    results, failing, warnings = [], [], {}
    for item in items:
        plan = snap.plan_of(item)
        result = five_checks(item, plan)
        results.append(result)
        status = replay(item)
        extra = list(result.warnings)
        if item.parent and item.parent not in snap.by_id and item.parent not in snap.broken_ids:
            extra.append(("parent_missing", {"id": item.parent}))
        if status.skipped:
            extra.append(("skipped_entries", {"count": len(status.skipped)}))
        if not result.passed:
            if ids or status.state not in ("draft", "cancelled") or strict:
                failing.append(result)
            else:
                extra.extend(("check_draft", {"n": n, "key": k, "params": p}) for n, k, p in _findings(result))
        if extra:
            warnings[item.id] = extra
    if strict:
        failing_ids = {r.item_id for r in failing}
        failing.extend(r for r in results if r.item_id in warnings and r.item_id not in failing_ids)
    return CheckReport(problems, results, failing, warnings)


# --- editing by hand -----------------------------------------------------------------------------


@dataclass(slots=True)
class EditSession:
    item_id: str
    path: Path  # the item's file
    copy: Path  # the copy the editor works on, under .fivefold/edit/
    original: str


def edit_begin(ctx: Context, item_text: str) -> EditSession:
    """Copy the file to .fivefold/edit/ for the editor; the lock is not held while editing."""
    file_id, path = ctx.ws.find_item(item_text)
    from fivefold.store import read_text

    original = read_text(path)
    folder = ctx.ws.state / "edit"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    atomic_write(copy, original)
    return EditSession(file_id, path, copy, original)


def edit_validate(session: EditSession, text: str) -> Item:
    """The edited text must load, keep its id and leave existing log entries as they were."""
    item = _validated(text, session.copy, session.path.parent.name)
    try:
        before = codec.read_yaml(session.original, "")
        old_log = list(before.get("log") or []) if isinstance(before, dict) else []
        old_id = before.get("id") if isinstance(before, dict) else None
    except Invalid:
        old_log, old_id = [], None  # the file was broken before: any valid result is an improvement
    if old_id is not None and str(old_id) != item.id:
        raise Refused("edit_id_changed")
    new_log = list(item.raw.get("log") or [])
    if codec._plain(new_log[: len(old_log)]) != codec._plain(old_log):
        raise Refused("edit_log_changed")
    return item


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names = []
    for key in dict.fromkeys([*old, *new]):
        if key == "log":
            continue
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict) and key in ("task_sheet", "timeline"):
            names += [sub for sub in dict.fromkeys([*a, *b]) if codec._plain(a.get(sub)) != codec._plain(b.get(sub))]
        elif codec._plain(a) != codec._plain(b):
            names.append(key)
    return names


def edit_finish(ctx: Context, session: EditSession, text: str) -> Outcome | None:
    """Write the edited file under the lock if the item is unchanged since the copy; None: no change."""
    item = edit_validate(session, text)
    from fivefold.store import read_text

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
        updated = _validated(text, session.path, item.plan)
        tx.write(session.path, text)
    session.copy.unlink(missing_ok=True)
    return Outcome(updated, "edited", replay(updated).state, changed=changed)


# --- importing a task breakdown table ------------------------------------------------------------


@dataclass(slots=True)
class Imported:
    """What `import` created (or, with dry_run, would create): one item per table row, in order."""

    plan: Plan
    rows: list[int]  # each item's row number in the table, as Excel shows it
    items: list[Item]
    assessed: dict[str, Assessment]
    columns: Any  # importer.Columns: what was ignored, for the warning


class _Discard:
    """The transaction of a dry run: every staged write is dropped."""

    def write(self, path: Path, text: str) -> None:
        pass


def import_table(ctx: Context, path: Path, *, plan_name: str | None, maps: list[str], dry_run: bool = False) -> Imported:
    """Create one item per row of a CSV task breakdown table in one transaction (one undo), or none at all:
    every row is checked first, and importer.BadRows lists each bad row."""
    from fivefold import importer

    mapping = importer.parse_maps(maps)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FivefoldError("unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    table = importer.read_table(data, str(path), mapping)
    if dry_run:
        return _import_rows(ctx, _Discard(), table, str(path), plan_name, mapping)
    with ctx.ws.transaction(f"import {path.name}") as tx:
        return _import_rows(ctx, tx, table, str(path), plan_name, mapping)


def _import_rows(ctx: Context, tx: Any, table: Any, shown: str, plan_name: str | None, mapping: dict[str, str]) -> Imported:
    from fivefold import importer

    columns = importer.columns(table, mapping)
    plan = _choose_plan(ctx.ws.load_plans()[0], plan_name)
    rows = importer.parse_rows(table, columns, ctx.today, plan.areas)
    if not rows:
        raise FivefoldError("import_no_rows", path=shown)
    first = int(ctx.ws.next_id(plan).rsplit("-", 1)[1])
    for row in rows:
        if row.parent_row is not None:
            row.fields.parent = f"{plan.prefix}-{first + row.parent_row:03d}"
        elif row.parent_text is not None:
            try:
                row.fields.parent = ctx.ws.find_item(row.parent_text)[0]
            except NotFound:
                row.problems.append((row.parent_column, "import_parent_unknown", {"ref": row.parent_text}))
    bad = [row for row in rows if row.problems]
    if bad:
        raise importer.BadRows(bad, columns)
    items = new_items(ctx, tx, plan.name, [row.fields for row in rows])
    settings = ctx.ws.settings()
    assessed = assess(items, ctx.today, lambda _: thresholds_for(settings, plan))
    return Imported(plan, [row.number for row in rows], items, assessed, columns)
