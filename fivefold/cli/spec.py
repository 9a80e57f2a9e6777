"""The options of the global level and of the hot commands (`new`, `note`, `step done`, `list`,
`dashboard`, `report`) as plain data: their names, kinds and defaults. typer's declarations (cli/options.py,
cli/items.py, cli/loop.py, cli/views.py, cli/report.py, cli/main.py) and the fast path (cli/fast.py) both read them
from here, so the two cannot drift; imports nothing heavy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Opt:
    """One option: its flag, the command parameter it fills, its kind and its default.

    kind: "str" (one value, the last given wins), "list" (repeatable), "flag" (no value) or "count" (a
    whole number from 0, written in ASCII digits only: any other form is left to typer)."""

    flag: str
    param: str
    kind: str
    default: Any = None
    field: str | None = None  # the ItemFields field it fills (the item-field group of `new`/`update`)


@dataclass(frozen=True)
class Command:
    """A hot command: its words, its arguments in order and its options. The last argument named in
    `many` takes every positional word the others leave (click's nargs=-1)."""

    words: tuple[str, ...]
    args: tuple[str, ...]
    options: tuple[Opt, ...]
    many: str | None = None
    filters: tuple[str, ...] = ()  # the options that arrive as one queries.Filters, by its field names
    body: str = ""  # its body in cli/hot.py
    replayed: bool = False  # a read whose output goes through the output cache (cli/replay.py)


def _item(flag: str, kind: str = "str", field: str | None = None) -> Opt:
    name = flag.removeprefix("--").replace("-", "_")
    return Opt(flag, name, kind, [] if kind == "list" else None, field or name)


GLOBALS = (
    Opt("--plans", "plans", "list", None),
    Opt("--as-of", "as_of", "str"),
    Opt("--lang", "lang", "str"),
    Opt("--by", "by", "str"),
    Opt("--debug", "debug", "flag", False),
)

JSON = Opt("--json", "json", "flag", False)
ON = Opt("--on", "on", "str")
NOTE = Opt("--note", "note", "str")
WHERE = Opt("--where", "where", "str")
PLAN = Opt("--plan", "plan", "str")
FILE = Opt("--file", "files", "list", None)
KIND = Opt("--kind", "kind", "str", "progress")

# The fields of an item that `new` and `update` set, in the order help lists them.
ITEM_FIELDS = (
    _item("--area"),
    _item("--parent"),
    _item("--weight"),
    _item("--goal"),
    _item("--lead-unit"),
    _item("--partner", "list", "partners"),
    _item("--leader"),
    _item("--owner"),
    _item("--start"),
    _item("--due"),
    _item("--step", "list", "steps"),
    _item("--target", "list", "targets"),
    _item("--baseline", "list", "baselines"),
    _item("--acceptance"),
    _item("--deliverable", "list", "deliverables"),
    _item("--cadence"),
)

# Every filter over items (the fields of queries.Filters); a command offers some, in its own order.
FILTERS = {
    o.param: o
    for o in (
        PLAN,
        _item("--area"),
        _item("--state"),
        _item("--unit"),
        _item("--owner"),
        _item("--light"),
        _item("--bucket"),
        Opt("--overdue", "overdue", "flag", False, "overdue"),
        _item("--due-before"),
    )
}
LIST_FILTERS = ("plan", "area", "state", "unit", "owner", "light", "bucket", "overdue", "due_before")
SORT = Opt("--sort", "sort", "str", "id")
WIDE = Opt("--wide", "wide", "flag", False)
TREE = Opt("--tree", "tree", "flag", False)

SINCE = Opt("--since", "since", "str")
ALL = Opt("--all", "show_all", "flag", False)
DASHBOARD_FILTERS = ("plan", "area", "unit")

NEW = Command(("new",), ("title",), (PLAN, *ITEM_FIELDS, JSON), body="new")
NOTE_COMMAND = Command(("note",), ("ids", "text"), (FILE, KIND, WHERE, ON), many="ids", body="note")
STEP_DONE = Command(("step", "done"), ("item_id", "step"), (ON, NOTE), body="step_done")
LIST = Command(
    ("list",),
    (),
    (*(FILTERS[n] for n in LIST_FILTERS), SORT, WIDE, TREE, JSON),
    filters=LIST_FILTERS,
    body="list_",
    replayed=True,
)
DASHBOARD = Command(
    ("dashboard",), (), (*(FILTERS[n] for n in DASHBOARD_FILTERS), SINCE, ALL, JSON), filters=DASHBOARD_FILTERS, body="dashboard",
    replayed=True,
)  # fmt: skip
REPORT_FILTERS = ("plan", "area", "unit", "owner", "state", "light")
FORMAT = Opt("--format", "fmt", "str", "md")
OUT = Opt("--out", "out", "str")
REPORT_OPTIONS = (
    FORMAT,
    Opt("-f", "fmt", "str", "md"),
    OUT,
    Opt("-o", "out", "str"),
    *(FILTERS[n] for n in REPORT_FILTERS),
    Opt("--since", "since", "str"),
    Opt("--period", "period", "str"),
    Opt("--rank", "rank", "flag", False),
    Opt("--title", "title", "str"),
    Opt("--ref", "ref", "str"),
    Opt("--issuer", "issuer", "str"),
    Opt("--date", "date", "str"),
    Opt("--portrait", "portrait", "flag", False),
    Opt("--ics", "ics", "str", "both"),
    Opt("--remind-days", "remind_days", "count", 3),
)
REPORT_OPT = {o.flag: o for o in REPORT_OPTIONS}
# to stdout only: a report written to a file (--out) is left to typer
REPORT = Command(("report",), (), REPORT_OPTIONS, filters=REPORT_FILTERS, body="report", replayed=True)
HOT = (NEW, NOTE_COMMAND, STEP_DONE, LIST, DASHBOARD, REPORT)
