"""The hot commands (`new`, `note`, `step done`, `list`, `dashboard`, `report` to stdout) run without importing typer or
click: a small reader of the command line that understands their common forms exactly (options from
cli/spec.py, the table typer's declarations are built from) and calls the same bodies (cli/hot.py).
Anything else — help, an unknown option, a missing or extra argument, a value that looks like an
option, a bad --lang, a prompt to answer, completion — is left to typer (None), which says what is
wrong as it always has."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from fivefold.cli import spec

_GLOBALS = {o.flag: o for o in spec.GLOBALS}


class Parsed:
    """A command line read: the command, its values by parameter, the global options' values, and
    the command line as typer's path sees it (global options moved in front: cli/argv.py's hoist)."""

    def __init__(self, command: spec.Command, values: dict[str, Any], globals_: dict[str, Any], argv: list[str]) -> None:
        self.command, self.values, self.globals, self.argv = command, values, globals_, argv


def _command(argv: list[str], i: int) -> tuple[spec.Command, int] | None:
    for command in spec.HOT:
        end = i + len(command.words)
        if tuple(argv[i:end]) == command.words:
            return command, end
    return None


def _take(opt: spec.Opt, store: dict[str, Any], value: Any) -> None:
    if opt.kind == "list":
        store[opt.param] = [*(store.get(opt.param) or []), value]
    else:
        store[opt.param] = value


def _option(argv: list[str], i: int, opts: dict[str, spec.Opt], store: dict[str, Any]) -> int | None:
    """Read the option at argv[i] into store; the index after it, or None when not understood."""
    word = argv[i]
    name, eq, inline = word.partition("=")
    opt = opts.get(name)
    if opt is None:
        return None
    if opt.kind == "flag":
        if eq:
            return None
        store[opt.param] = True
        return i + 1
    value: Any
    if eq:
        if not name.startswith("--"):  # click reads -f=json as the value "=json"
            return None
        value = inline
    elif i + 1 >= len(argv) or argv[i + 1].startswith("-"):  # missing, or a value like an option: click decides
        return None
    else:
        value = argv[i + 1]
    if opt.kind == "count":
        if not (value.isascii() and value.isdigit()):
            return None
        value = int(value)
    _take(opt, store, value)
    return i + 1 if eq else i + 2


def parse(argv: list[str]) -> Parsed | None:
    """The command line of a hot command in a form read exactly as click reads it, else None."""
    if os.environ.get("_FIVEFOLD_COMPLETE"):
        return None
    globals_: dict[str, Any] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        after = _option(argv, i, _GLOBALS, globals_)
        if after is None:
            return None
        i = after
    start = i
    found = _command(argv, i)
    if found is None:
        return None
    command, i = found
    end = i
    own = {o.flag: o for o in command.options}
    values: dict[str, Any] = {}
    positional: list[str] = []
    moved: list[str] = []
    kept: list[str] = []
    while i < len(argv):
        word = argv[i]
        if word == "--":
            positional += argv[i + 1 :]
            kept += argv[i:]
            break
        if word.startswith("-"):
            name = word.partition("=")[0]
            after = _option(argv, i, own if name in own else _GLOBALS, values if name in own else globals_)
            if after is None:
                return None
            (kept if name in own else moved).extend(argv[i:after])
            i = after
        else:
            positional.append(word)
            kept.append(word)
            i += 1
    if command.many is None and len(positional) != len(command.args):
        return None
    if command.many is not None and len(positional) < len(command.args) - 1:
        return None
    if globals_.get("lang") not in (None, "zh", "en"):
        return None
    rest = len(positional) - (len(command.args) - 1)
    for name in command.args:
        if name == command.many:
            values[name] = positional[:rest] or None
            positional = positional[rest:]
        else:
            values[name] = positional.pop(0)
    for opt in command.options:
        if opt.param not in values:
            values[opt.param] = list(opt.default) if isinstance(opt.default, list) else opt.default
    return Parsed(command, values, globals_, argv[:start] + moved + argv[start:end] + kept)


def run(argv: list[str], given: Any = None) -> int | None:
    """Run a hot command; its exit code, or None when typer should read this command line. `given`:
    the Env whose streams and folder to use (tests), else the process's."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from fivefold.cli import guard, hot
    from fivefold.cli.env import Env

    g = {o.param: parsed.globals.get(o.param, o.default) for o in spec.GLOBALS}
    values = dict(parsed.values)
    named = values.get("ids") or [values[k] for k in ("item_id",) if k in values]
    env = replace(
        given if isinstance(given, Env) else Env(),
        plans=tuple(g["plans"] or ()),
        as_of=g["as_of"],
        lang_option=g["lang"],
        by=g["by"],
        debug=g["debug"],
        contexts=[],
        named=tuple(named),
    )
    command = parsed.command
    if command.body == "report" and values["out"] is not None:
        return None  # a file written: typer's path
    if command.body == "new":
        if hot.prompting(env):
            return None  # questions on a terminal: typer's path, where an unanswered one aborts
        from fivefold.itemfields import ItemFields

        values["fields"] = ItemFields(**{o.field: values.pop(o.param) for o in spec.ITEM_FIELDS if o.field})
    if command.filters:
        from fivefold.queries import Filters

        values["filters"] = Filters(**{name: values.pop(spec.FILTERS[name].param) for name in command.filters})
    body = getattr(hot, command.body)
    try:
        if command.replayed:
            from fivefold.cli.replay import run_cached

            run_cached(env, parsed.argv, lambda: body(env, **values))
        else:
            body(env, **values)
        guard.calendar_gaps(env)
    except (KeyboardInterrupt, Exception) as exc:
        return guard.failure(env, exc)
    return 0
