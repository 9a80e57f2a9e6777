"""Options shared by several commands, declared once: --json, --on, --note, the item fields of `new` and
`update`, and the filters of list, dashboard, gantt and report. A group of options reaches the command
as one object (todoman's shape): the command names the group as a parameter's default, and `grouped`
puts the group's options in its place."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import typer

from fivefold.cli import complete, spec

JSON = typer.Option(spec.JSON.default, spec.JSON.flag, help="Machine-readable output (see README).")
ON = typer.Option(spec.ON.default, spec.ON.flag, help="When it happened, if recorded late (default: today).")
NOTE = typer.Option(spec.NOTE.default, spec.NOTE.flag, help="A note kept with the log entry.")
ID = typer.Argument(..., metavar="ID", autocompletion=complete.ids)
IDS = typer.Argument(None, metavar="ID...", autocompletion=complete.ids)  # several ids, ranges SY-001..SY-010; or --where
WHERE = typer.Option(spec.WHERE.default, spec.WHERE.flag)
PLAN = typer.Option(spec.PLAN.default, spec.PLAN.flag, help="Plan folder name or id prefix.", autocompletion=complete.plans)


@dataclass(frozen=True)
class Option:
    """One option of a group: the parameter typer sees, its type, and the field it fills."""

    name: str
    annotation: Any
    option: Any  # a typer.Option
    field: str


def _option(
    annotation: Any, default: Any, flag: str, help: str, field: str | None = None, complete: Callable[..., Any] | None = None
) -> Option:
    name = flag.removeprefix("--").replace("-", "_")
    return Option(name, annotation, typer.Option(default, flag, help=help, autocompletion=complete), field or name)


@dataclass(frozen=True)
class Group:
    """Options that arrive together; `build` turns their values (by field) into the object."""

    options: tuple[Option, ...]
    build: Callable[[dict[str, Any]], Any]


def _item_fields(values: dict[str, Any]) -> Any:
    from fivefold.actions import ItemFields

    return ItemFields(**values)


def _filters(values: dict[str, Any]) -> Any:
    from fivefold.queries import Filters

    return Filters(**values)


# The fields of an item that `new` and `update` set (the title is each command's own: an argument of
# `new`, an option of `update`), in the order help lists them: flags, kinds and defaults from cli/spec.py.
_ITEM_HELP: dict[str, tuple[str, Callable[..., Any] | None]] = {
    "--area": ("Focus area key (a new key is added to the plan).", complete.areas),
    "--parent": ("Parent item id (重点任务 → 子任务).", None),
    "--weight": ("The item's weight in its parent's progress (default 1).", None),
    "--goal": ("One-sentence goal (目标).", None),
    "--lead-unit": ("Lead unit (牵头单位).", None),
    "--partner": ("Partner unit (配合单位), repeatable.", None),
    "--leader": ("Responsible leader (责任领导).", None),
    "--owner": ("Responsible person (责任人).", None),
    "--start": ("Start date.", None),
    "--due": ("Due date (完成时限).", None),
    "--step": ('A roadmap step "TITLE@DUE", repeatable.', None),
    "--target": ('A measurable target "NAME=VALUE UNIT", repeatable.', None),
    "--baseline": ('The baseline of a falling target "NAME=VALUE", repeatable.', None),
    "--acceptance": ("Acceptance standard (验收标准).", None),
    "--deliverable": ("Deliverable (成果形式), repeatable.", None),
    "--cadence": ("weekly | biweekly | monthly | quarterly.", None),
}
_KINDS: dict[str, Any] = {"str": str, "list": list[str], "flag": bool}
_ITEM_FIELDS = tuple(
    _option(_KINDS[o.kind], o.default, o.flag, _ITEM_HELP[o.flag][0], field=o.field, complete=_ITEM_HELP[o.flag][1])
    for o in spec.ITEM_FIELDS
)

# Every filter over items (the fields of queries.Filters); a command offers some, in its own order.
# Flags, kinds and defaults from cli/spec.py.
_FILTER_HELP: dict[str, tuple[str, Callable[..., Any] | None]] = {
    "area": ("Focus area key.", complete.areas),
    "state": ("draft, ready, active, blocked, review, closed, cancelled.", complete.states),
    "unit": ("Lead or partner unit.", None),
    "owner": ("Responsible person (责任人).", None),
    "light": ("green, yellow, red, done, none (comma-separated).", complete.lights),
    "bucket": ("ongoing, upcoming, future, closed, cancelled.", complete.buckets),
    "overdue": ("Only open items past their due date.", None),
    "due_before": ("Only items due on or before this date.", None),
}
_FILTERS = {
    "plan": Option("plan", str, PLAN, "plan"),
    **{
        name: _option(_KINDS[o.kind], o.default, o.flag, _FILTER_HELP[name][0], complete=_FILTER_HELP[name][1])
        for name, o in spec.FILTERS.items()
        if name != "plan"
    },
}


def item_fields() -> Any:
    """The item-field options of `new` and `update`, arriving as one `ItemFields` (title None)."""
    return Group(_ITEM_FIELDS, _item_fields)


def filters(*names: str) -> Any:
    """These filter options (names of `Filters` fields), arriving as one `Filters`."""
    return Group(tuple(_FILTERS[n] for n in names), _filters)


F = TypeVar("F", bound=Callable[..., Any])


def grouped(command: F) -> F:
    """Expand each parameter whose default is a `Group` into the group's options, in its place; the
    command is then called with the object the group builds from their values."""
    signature = inspect.signature(command)
    groups = {p.name: p.default for p in signature.parameters.values() if isinstance(p.default, Group)}
    parameters: list[inspect.Parameter] = []
    for p in signature.parameters.values():
        if p.name in groups:
            for o in groups[p.name].options:
                parameters.append(inspect.Parameter(o.name, p.kind, default=o.option, annotation=o.annotation))
        else:
            parameters.append(p)

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        for name, group in groups.items():
            kwargs[name] = group.build({o.field: kwargs.pop(o.name) for o in group.options})
        return command(*args, **kwargs)

    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    # typer resolves annotations through get_type_hints: the command's own (strings under `from
    # __future__ import annotations`, resolved in its module) and the groups' (types already)
    run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": signature.return_annotation}
    return run  # type: ignore[return-value]
