"""Use cases: lock -> load -> change -> validate -> write -> result. This is the Python API; the CLI
only parses arguments, calls one of these and renders what it returns. One module per kind of use case."""

from fivefold.actions.checking import check
from fivefold.actions.common import Outcome
from fivefold.actions.editing import EditSession, edit_begin, edit_finish, edit_validate
from fivefold.actions.importing import Imported, import_table
from fivefold.actions.items import new_item, new_items, step_add, update_item
from fivefold.actions.loop import extend, record, transition
from fivefold.actions.reading import (
    Listing,
    LogLine,
    history,
    list_items,
    log_lines,
    report_data,
    show_item,
    snapshot_assessed,
    vars_of,
    workspace_log,
)
from fivefold.actions.workspace import init_workspace, plan_list, plan_new, undo
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
    "Listing",
    "LogLine",
    "Outcome",
    "check",
    "control_chars",
    "edit_begin",
    "edit_finish",
    "edit_validate",
    "extend",
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
    "report_data",
    "show_item",
    "snapshot_assessed",
    "step_add",
    "transition",
    "undo",
    "update_item",
    "vars_of",
    "workspace_log",
]
