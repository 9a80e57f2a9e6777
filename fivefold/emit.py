"""A new item's file written without PyYAML, in the layout of DESIGN §3, byte for byte what
codec.dump_item (PyYAML's emitter) writes. Only forms known to read back as the same data are written
here: plain text that no YAML reader takes for anything but text, text that looks like a timestamp in
single quotes, numbers, dates and booleans; for anything else (a line break, a control character, an
ASCII colon or comma, text that could be read as a number …) `dump` answers None and the caller uses
codec.dump_item. tests/test_emit.py checks both claims on arbitrary text."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# The sections codec.item_document writes in flow style, by key path: lists of one-line mappings,
# one-line lists, and mappings of one-line mappings.
_FLOW_ITEMS = {("task_sheet", "targets"), ("roadmap",), ("log",)}
_FLOW_LISTS = {("task_sheet", "partner_units"), ("task_sheet", "deliverables")}
_FLOW_VALUES = {("timeline", "steps")}

# Words YAML 1.1 reads as booleans or null, in the three spellings it knows (PyYAML quotes them).
_WORDS = {
    form for word in ("yes", "no", "true", "false", "on", "off", "null") for form in (word, word.capitalize(), word.upper())
}
# The log's `at`: a timestamp to YAML 1.1, so written in single quotes.
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[+-][0-9]{2}:[0-9]{2}|Z)?")
# ASCII signs that may stand inside plain text in block and flow context alike (not first).
_INNER = frozenset(" -./()_+=~;<>!&*|'\"%@$^")
# Indicators that may not start plain text: such text is single-quoted.
_QUOTED_FIRST = frozenset("%@`!&*|>")
_LONGEST = 10_000  # longer text is left to PyYAML (its line width, its simple-key limit for keys)
_LONGEST_KEY = 127


class _Unsure(Exception):
    """A value this writer does not handle: the whole document goes to PyYAML."""


def dump(item: dict[str, Any]) -> str | None:
    """The item's file text, or None when some value needs PyYAML's emitter."""
    out: list[str] = []
    try:
        _block_map(item, (), 0, out)
    except _Unsure:
        return None
    return "".join(out)


def _block_map(data: dict[str, Any], path: tuple[str, ...], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        here = (*path, key)
        head = f"{pad}{_key(key)}:"
        kind = type(value)
        if here in _FLOW_LISTS:
            _require(kind is list)
            out.append(f"{head} {_flow(value)}\n")
        elif here in _FLOW_ITEMS:
            _require(kind is list and all(type(entry) is dict for entry in value))
            out.append(f"{head}\n" if value else f"{head} []\n")
            out.extend(f"{pad}  - {_flow(entry)}\n" for entry in value)
        elif here in _FLOW_VALUES:
            _require(kind is dict and all(type(v) is dict for v in value.values()))
            out.append(f"{head}\n" if value else f"{head} {{}}\n")
            out.extend(f"{pad}  {_key(k)}: {_flow(v)}\n" for k, v in value.items())
        elif kind is dict and value:
            out.append(head + "\n")
            _block_map(value, here, indent + 2, out)
        elif kind is list and value:
            out.append(head + "\n")
            out.extend(f"{pad}  - {_scalar(entry)}\n" for entry in value)
        else:
            out.append(f"{head} {_flow(value)}\n")  # a scalar, or an empty collection: [] or {}


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsure


def _flow(value: Any) -> str:
    """A value inside a one-line collection: nested collections are one-line too."""
    if type(value) is dict:
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if type(value) is list:
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _key(key: Any) -> str:
    if type(key) is not str or len(key) > _LONGEST_KEY:
        raise _Unsure
    return _text(key)


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        text = repr(value)
        if "." not in text or "e" in text or "n" in text:  # 1e+16, inf, nan: PyYAML has its own forms
            raise _Unsure
        return text
    if kind is dt.date:
        return value.isoformat()
    raise _Unsure


def _text(text: str) -> str:
    """Text as plain or single-quoted YAML that every reader (PyYAML 1.1, the codec's 1.2 resolver,
    ruamel.yaml) reads back as this very text; the same form PyYAML's emitter chooses."""
    if not text:
        return "''"
    if len(text) > _LONGEST or text[0] == " " or text[-1] == " ":
        raise _Unsure
    if _MOMENT.fullmatch(text):
        return f"'{text}'"
    for ch in text:
        if ch.isascii():
            if not (ch.isalnum() or ch in _INNER):
                raise _Unsure
        elif not ch.isprintable() or ch in "\ufeff\u00a0":
            raise _Unsure
    first = text[0]
    if first in _QUOTED_FIRST:  # an indicator: never plain
        return "'" + text.replace("'", "''") + "'"
    if text.isascii():
        # Every implicit type but the words starts with a digit, a sign, a dot or a symbol: text
        # that starts with a letter can only be read as one of the words.
        if not first.isalpha():
            raise _Unsure
        return f"'{text}'" if text in _WORDS else text
    # Non-ASCII text matches no implicit type (all of them are ASCII patterns).
    if first.isascii() and not first.isalnum():
        raise _Unsure
    return text
