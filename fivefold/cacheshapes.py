"""The shapes of what the list index caches per file (fivefold.index): a row, a trace, a report's
details and their JSON text. A cache is trusted for speed, never for its form: every warm run checks
each payload, first all of them at once at C speed (map, set), and one by one only when that fails,
to find the damaged entries. No I/O."""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat
from operator import eq, itemgetter
from typing import Any

from fivefold.records import Row, TraceRow

ROW_WIDTH = len(Row._fields)
TRACE_WIDTH = len(TraceRow._fields)
DETAIL_KEYS = {  # report.item_detail
    "goal", "leader", "acceptance", "deliverables", "targets", "steps_detail", "latest_note", "ref", "extra", "evidence",
}  # fmt: skip
FRAGMENT_HEAD = b'"goal": '  # the first member of every indexentry.detail_json (a broken file's is b"")

_TUPLE = {tuple}
_first, _second, _third, _fourth = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)


def row(payload: Any) -> bool:
    if type(payload) is not tuple or not payload:
        return False
    if payload[0] == "ok":
        return (
            len(payload) == 4
            and type(payload[1]) is tuple
            and len(payload[1]) == ROW_WIDTH
            and type(payload[2]) is tuple
            and len(payload[2]) == 4
            and type(payload[3]) is str
        )
    if payload[0] == "bad":
        return broken(payload)
    return payload == ("absent",)


def broken(payload: tuple[Any, ...]) -> bool:
    """("bad", problem records) of a file that did not load, as every per-file cache keeps it."""
    return len(payload) == 2 and type(payload[1]) is tuple and all(type(p) is tuple and len(p) == 5 for p in payload[1])


def rows(payloads: list[Any]) -> bool:
    if not set(map(type, payloads)) <= _TUPLE or not all(payloads):
        return False
    ok = [p for p in payloads if p[0] == "ok"]
    return (
        set(map(len, ok)) <= {4}
        and set(map(type, map(_second, ok))) <= _TUPLE
        and set(map(len, map(_second, ok))) <= {ROW_WIDTH}
        and set(map(type, map(_third, ok))) <= _TUPLE
        and set(map(len, map(_third, ok))) <= {4}
        and set(map(type, map(_fourth, ok))) <= {str}
        and all(row(p) for p in payloads if p[0] != "ok")
    )


def trace_rows(value: Any) -> bool:
    """A trace once opened: a tuple of TraceRow-wide tuples."""
    return type(value) is tuple and all(type(e) is tuple and len(e) == TRACE_WIDTH for e in value)


def trace(payload: Any) -> bool:
    """A trace as cached (index._packed): the date of its last entry and the entries in marshal."""
    return type(payload) is tuple and len(payload) == 2 and type(payload[0]) is str and type(payload[1]) is bytes


def traces(payloads: list[Any]) -> bool:
    return (
        set(map(type, payloads)) <= _TUPLE
        and set(map(len, payloads)) <= {2}
        and set(map(type, map(_first, payloads))) <= {str}
        and set(map(type, map(_second, payloads))) <= {bytes}
    )


def detail(payload: Any) -> bool:
    return type(payload) is dict and payload.keys() == DETAIL_KEYS


def details(payloads: list[Any]) -> bool:
    return set(map(type, payloads)) <= {dict} and all(map(eq, repeat(DETAIL_KEYS), map(dict.keys, payloads)))


def fragment(payload: Any) -> bool:
    return type(payload) is bytes and (not payload or payload.startswith(FRAGMENT_HEAD))


def fragments(payloads: list[Any]) -> bool:
    return set(map(type, payloads)) <= {bytes} and all(map(bytes.startswith, payloads, repeat(FRAGMENT_HEAD)))


# (one payload, all of them): `all` may say False for a list of good ones (a broken file's entry),
# never True for a list holding a bad one
ROWS: tuple[Callable[[Any], bool], Callable[[list[Any]], bool]] = (row, rows)
TRACES: tuple[Callable[[Any], bool], Callable[[list[Any]], bool]] = (trace, traces)
DETAILS: tuple[Callable[[Any], bool], Callable[[list[Any]], bool]] = (detail, details)
FRAGMENTS: tuple[Callable[[Any], bool], Callable[[list[Any]], bool]] = (fragment, fragments)
