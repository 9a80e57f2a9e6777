"""The bodies of the hot commands (`new`, `note`, `step done`, `list`, `dashboard`, `report`) and what the
loop's commands share, taking an `Env` and plain values: the typer commands (cli/items.py,
cli/loop.py, cli/views.py) and the fast path (cli/fast.py) both call these. No typer here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivefold.cli.env import Env

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fivefold.itemfields import ItemFields
    from fivefold.queries import Filters


def prompting(env: Env) -> bool:
    """Whether `new` asks for what the five checks will want: on a terminal only, never when piped."""
    return env.stdin_isatty and env.is_tty


def _prompt_missing(env: Env, fields: ItemFields) -> None:
    if not prompting(env):
        return
    for attr, label in (
        ("goal", "f.goal"),
        ("lead_unit", "f.lead_unit"),
        ("owner", "f.owner"),
        ("start", "f.start"),
        ("due", "f.due"),
    ):
        if getattr(fields, attr) is None:
            setattr(fields, attr, env.ask(env.t(label)).strip() or None)


def new(env: Env, title: str, plan: str | None, fields: ItemFields, json: bool) -> None:
    """Create an item (a draft) and print its id (--json: its detail)."""
    from dataclasses import replace

    from fivefold.actions import new_item

    fields = replace(fields, title=title)
    _prompt_missing(env, fields)
    item = new_item(env.context(), plan, fields)
    if json:
        print_detail(env, item.id)
    else:
        env.print(item.id)


def list_(env: Env, filters: Filters, sort: str, wide: bool, tree: bool, json: bool) -> None:
    """Every matching item, one row each (--tree: children indented under their parent)."""
    from fivefold.cli.output import print_json, report_problems
    from fivefold.parking import park
    from fivefold.queries import list_rows

    listing = list_rows(env.context(every=True), filters, sort)
    park("list", listing)  # its rows freed with the process
    report_problems(env, listing.problems)
    rows = listing.rows
    if tree:
        from fivefold.tree import indent, nest

        nested = nest(rows)
        rows = [r for r, _ in nested] if json else [r._replace(title=indent(r.title, depth)) for r, depth in nested]
    if json:
        from fivefold.wording import WordedRow

        print_json(env, [WordedRow(r, env.lang) for r in rows])
        return
    from fivefold.render.listing import render_list

    env.print(render_list(rows, env.lang, colour=env.color, max_width=None if wide else env.fit_width, bars=env.is_tty))


def dashboard(env: Env, filters: Filters, since: str | None, show_all: bool, json: bool) -> None:
    """Where do we stand? Totals, per-area and per-unit tables, overdue, due soon, recent changes."""
    from fivefold.cli.output import print_json, report_problems
    from fivefold.queries import dashboard as build

    data, problems = build(env.context(every=True), filters, since)
    report_problems(env, problems)
    if json:
        print_json(env, data)
        return
    from fivefold.render.dashboard import render_dashboard

    env.print(render_dashboard(data, env.lang, env.width, fancy=env.color, limit=None if show_all else 20))


def report(
    env: Env,
    filters: Filters,
    fmt: str,
    out: Path | None,
    since: str | None,
    period: str | None,
    rank: bool,
    title: str | None,
    ref: str | None,
    issuer: str | None,
    date: str | None,
    portrait: bool,
    ics: str,
    remind_days: int,
) -> None:
    """Exported status reports (台账, 调度, 红黑榜) for people who never open a terminal."""
    from fivefold.errors import UsageError
    from fivefold.export import FORMATS, MODULES

    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS))
    if period not in (None, "week", "month", "quarter"):
        raise UsageError("bad_choice", option="--period", value=period, allowed="week, month, quarter")
    if fmt == "xlsx" and out is None:
        raise UsageError("rep.xlsx_needs_out")
    if ics not in ("todo", "event", "both"):
        raise UsageError("bad_choice", option="--ics", value=ics, allowed="todo, event, both")
    binary = fmt in ("xlsx", "docx")
    if binary and out is None and env.is_tty:
        raise UsageError("binary_to_terminal")  # before the report is computed: the answer would not change
    from fivefold.actions.reading import report_data
    from fivefold.cli.output import report_problems, write_document

    document = {"title": title, "ref": ref, "issuer": issuer, "date": date, "portrait": portrait}
    context = env.context(every=True)
    encoded = fmt == "json"
    data, problems = report_data(
        context, filters, since=since, period=period, rank=rank, document=document, encoded=encoded,
        lang=env.lang if encoded else None,
    )  # fmt: skip
    report_problems(env, problems)
    from importlib import import_module

    module = import_module(f"fivefold.export.{MODULES.get(fmt, fmt)}")
    extra = {"mode": ics, "remind_days": remind_days} if fmt == "ics" else {}
    rendered = module.render(data, env.lang, **extra)
    write_document(env, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"), out, binary=binary)


def done(env: Env, outcome: Any) -> None:
    """What a loop command says after its write: its warnings, then the event and the state."""
    for key, params in outcome.warnings:
        env.warn(env.t(key, **params))
    event, state = env.t("event." + outcome.event), env.t("state." + outcome.state)
    env.print(env.t("done_event", id=outcome.item.id, event=event, state=state))


def for_chosen(env: Env, ids: list[str] | None, where: str | None, run: Callable[[Any, list[str]], list[Any]]) -> None:
    """A use case over every item chosen (ids, ranges, --where): all checked, then all written, or none."""
    from fivefold.actions import choose

    context = env.context()
    for outcome in run(context, choose(context, list(ids or []), where)):
        done(env, outcome)


def record_chosen(env: Env, ids: list[str] | None, where: str | None, event: str, **fields: Any) -> None:
    """The event for every item chosen."""
    from fivefold.actions import record_many

    for_chosen(env, ids, where, lambda context, items: record_many(context, items, event, **fields))


def note(
    env: Env, ids: list[str] | None, text: str, files: list[str] | None, kind: str, where: str | None, on: str | None
) -> None:
    """A note in the log of every item chosen: progress, a problem or the next step."""
    from fivefold.errors import UsageError
    from fivefold.events import NOTE_KINDS

    if kind not in NOTE_KINDS:
        raise UsageError("bad_choice", option="--kind", value=kind, allowed=", ".join(NOTE_KINDS))
    record_chosen(env, ids, where, "note", on=on, note=text, attach=files, kind=None if kind == "progress" else kind)


def step_done(env: Env, item_id: str, step: str, on: str | None, note: str | None) -> None:
    """Mark a step done."""
    from fivefold.actions import record

    done(env, record(env.context(), item_id, "step_done", on=on, note=note, step=step))


def print_detail(env: Env, item_id: str, json: bool = True) -> None:
    """One item as `show` prints it (--json: its detail as data)."""
    from fivefold.actions import log_lines, show_family
    from fivefold.cli.output import print_json
    from fivefold.views import children_view, detail

    context = env.context()
    item, assessment, snap, children = show_family(context, item_id)
    data = detail(item, assessment)
    data["children"] = children_view(children)
    from fivefold.wording import reasons_json

    data["reasons"] = reasons_json(assessment.reasons, env.lang)
    if json:
        print_json(env, data)
        return
    import datetime as dt

    from fivefold.render.history import render_history
    from fivefold.render.item import render_item

    plan = snap.plan_of(item)
    log = render_history(log_lines(item, dt.date.min, context.today), env.lang).splitlines()
    area_label = plan.areas.get(item.area) if plan and item.area else None
    env.print(render_item(data, log, env.lang, area_label, colour=env.color))
