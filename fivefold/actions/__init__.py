"""Use cases: lock -> load -> change -> validate -> write -> result. This is the Python API; the CLI
only parses arguments, calls one of these and renders what it returns. One module per kind of use case."""

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
