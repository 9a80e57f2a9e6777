"""Use cases: lock -> load -> change -> validate -> write -> result. This is the Python API; the CLI
only parses arguments, calls one of these and renders what it returns. One module per kind of use case.
Each name is imported when first asked for, so a command loads only the use case it runs (a read
imports no YAML library, `new` none of the loop's modules)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fivefold.actions.checking import check
    from fivefold.actions.common import Outcome
    from fivefold.actions.editing import EditSession, edit_begin, edit_finish, edit_validate
    from fivefold.actions.importing import Imported, import_table
    from fivefold.actions.items import new_item, new_items, step_add, update_item, update_items
    from fivefold.actions.loop import approve, deny, extend, extend_many, record, record_many, transition
    from fivefold.actions.reading import (
        Listing,
        LogLine,
        history,
        list_items,
        log_lines,
        report_data,
        show_family,
        show_item,
        snapshot_assessed,
        vars_of,
        workspace_log,
    )
    from fivefold.actions.selection import choose
    from fivefold.actions.workspace import JournalEntry, init_workspace, plan_list, plan_new, undo, undo_list, undo_next
    from fivefold.checks import CheckReport
    from fivefold.context import Context
    from fivefold.itemfields import ItemFields, control_chars
    from fivefold.queries import Filters

_WHERE = {
    "CheckReport": "fivefold.checks",
    "Context": "fivefold.context",
    "EditSession": "fivefold.actions.editing",
    "Filters": "fivefold.queries",
    "Imported": "fivefold.actions.importing",
    "ItemFields": "fivefold.itemfields",
    "JournalEntry": "fivefold.actions.workspace",
    "Listing": "fivefold.actions.reading",
    "LogLine": "fivefold.actions.reading",
    "Outcome": "fivefold.actions.common",
    "approve": "fivefold.actions.loop",
    "check": "fivefold.actions.checking",
    "choose": "fivefold.actions.selection",
    "control_chars": "fivefold.itemfields",
    "deny": "fivefold.actions.loop",
    "edit_begin": "fivefold.actions.editing",
    "edit_finish": "fivefold.actions.editing",
    "edit_validate": "fivefold.actions.editing",
    "extend": "fivefold.actions.loop",
    "extend_many": "fivefold.actions.loop",
    "history": "fivefold.actions.reading",
    "import_table": "fivefold.actions.importing",
    "init_workspace": "fivefold.actions.workspace",
    "list_items": "fivefold.actions.reading",
    "log_lines": "fivefold.actions.reading",
    "new_item": "fivefold.actions.items",
    "new_items": "fivefold.actions.items",
    "plan_list": "fivefold.actions.workspace",
    "plan_new": "fivefold.actions.workspace",
    "record": "fivefold.actions.loop",
    "record_many": "fivefold.actions.loop",
    "report_data": "fivefold.actions.reading",
    "show_family": "fivefold.actions.reading",
    "show_item": "fivefold.actions.reading",
    "snapshot_assessed": "fivefold.actions.reading",
    "step_add": "fivefold.actions.items",
    "transition": "fivefold.actions.loop",
    "undo": "fivefold.actions.workspace",
    "undo_list": "fivefold.actions.workspace",
    "undo_next": "fivefold.actions.workspace",
    "update_item": "fivefold.actions.items",
    "update_items": "fivefold.actions.items",
    "vars_of": "fivefold.actions.reading",
    "workspace_log": "fivefold.actions.reading",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # asked once
    return value


__all__ = [
    "CheckReport",
    "Context",
    "EditSession",
    "Filters",
    "Imported",
    "ItemFields",
    "JournalEntry",
    "Listing",
    "LogLine",
    "Outcome",
    "approve",
    "check",
    "choose",
    "control_chars",
    "deny",
    "edit_begin",
    "edit_finish",
    "edit_validate",
    "extend",
    "extend_many",
    "history",
    "import_table",
    "init_workspace",
    "list_items",
    "log_lines",
    "new_item",
    "new_items",
    "plan_list",
    "plan_new",
    "record",
    "record_many",
    "report_data",
    "show_family",
    "show_item",
    "snapshot_assessed",
    "step_add",
    "transition",
    "undo",
    "undo_list",
    "undo_next",
    "update_item",
    "update_items",
    "vars_of",
    "workspace_log",
]
