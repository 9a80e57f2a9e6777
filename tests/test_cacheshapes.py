"""The shapes of the list index's cached payloads: checked all at once, a list holding one bad payload
among good ones is never taken for good."""

from __future__ import annotations

import pytest

from fivefold import cacheshapes as shapes

ROW = ("ok", tuple(range(shapes.ROW_WIDTH)), (1.0, 2.0, 3.0, 1.0), "SY-001")
TRACE = ("2026-11-27", b"\xe3\x00\x00\x00")  # the last entry's date, the entries in marshal
DETAIL = dict.fromkeys(shapes.DETAIL_KEYS)
FRAGMENT = shapes.FRAGMENT_HEAD + b'"x", "leader": null'

GOOD = {
    "rows": (shapes.ROWS, [ROW, ("absent",), ("bad", (("p", "c", "m", 1, 2),)), ROW]),
    "traces": (shapes.TRACES, [TRACE, ("", b""), TRACE]),
    "details": (shapes.DETAILS, [DETAIL, dict(DETAIL)]),
    "fragments": (shapes.FRAGMENTS, [FRAGMENT, FRAGMENT]),
}
BAD = {
    "rows": [5, (), "x", ("ok",), ("ok", 5, "x"), ("ok", (1,), ROW[2], "x"), ("ok", ROW[1], (1, 2, 3), "x"),
             ("ok", ROW[1], ROW[2], 5), ("ok", ROW[1], [1, 2, 3, 4], "x"), (*ROW, 1), ("bad", "x"), ("bad", (1,)),
             ("zz",), ("absent", 1), {"ok": 1}],
    "traces": [5, "x", (), ((1, 2),), ("x", "y"), (None, b""), ("", b"", 1), ("",), ["", b""], (b"", "")],
    "details": [5, {}, {"goal": 5}, {**DETAIL, "more": 1}, list(DETAIL), "x"],
    "fragments": [5, b"x", '"goal": 1', None, (b'"goal": ',)],
}  # fmt: skip


@pytest.mark.parametrize("kind", GOOD)
def test_good_payloads_pass_one_by_one_and_all_at_once(kind):
    (one, every), good = GOOD[kind]
    assert all(map(one, good))
    assert every(good)
    assert every([]) is True


@pytest.mark.parametrize("kind", BAD)
def test_one_bad_payload_fails_all_at_once_and_alone(kind):
    (one, every), good = GOOD[kind]
    for bad in BAD[kind]:
        assert not one(bad), bad
        assert not every([*good, bad]), bad
        assert not every([bad, *good]), bad


def test_an_opened_trace_is_checked_too():
    row = tuple(range(shapes.TRACE_WIDTH))
    assert shapes.trace_rows((row, row)) and shapes.trace_rows(())
    for bad in (None, [row], (row[:-1],), (list(row),), "x", ((row, 1),)):
        assert not shapes.trace_rows(bad), bad
