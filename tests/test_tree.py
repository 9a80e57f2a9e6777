"""`list --tree` ordering (fivefold.tree.nest): every row once, each child right under its parent's
subtree at one level deeper, siblings in the order given; whatever the parents point at."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.tree import indent, nest


class R(NamedTuple):
    id: str
    parent: str | None
    workspace: str | None = None


@given(st.lists(st.tuples(st.integers(0, 7), st.none() | st.integers(0, 9), st.sampled_from([None, "a"])), max_size=12))
@settings(max_examples=200, deadline=None)
def test_nest_places_every_row_once_under_its_parent(specs) -> None:
    rows, seen = [], set()
    for n, parent, ws in specs:  # ids unique per workspace; parents may be missing, the row itself or a loop
        if (ws, n) not in seen:
            seen.add((ws, n))
            rows.append(R(f"SY-{n:03d}", f"SY-{parent:03d}" if parent is not None else None, ws))
    out = nest(rows)
    assert sorted(repr(out_row) for out_row, _ in out) == sorted(map(repr, rows))
    at = {(r.workspace, r.id): i for i, (r, _) in enumerate(out)}
    depth = {(r.workspace, r.id): d for r, d in out}
    for i, (r, d) in enumerate(out):
        key = (r.workspace, r.parent)
        if d:  # a child: its parent came before it, one level up, and everything between is deeper
            assert key in at and at[key] < i and depth[key] == d - 1
            assert all(out[j][1] >= d for j in range(at[key] + 1, i))
    siblings: dict[object, list[tuple[str | None, str]]] = {}
    for r, d in out:
        siblings.setdefault((r.workspace, r.parent) if d else None, []).append((r.workspace, r.id))
    given_order = [(r.workspace, r.id) for r in rows]
    for ids in siblings.values():
        assert ids == sorted(ids, key=given_order.index)


def test_indent_is_two_cells_a_level() -> None:
    assert [indent("园区", d) for d in (0, 1, 2)] == ["园区", "  园区", "    园区"]


def test_a_loop_of_parents_stands_where_it_comes() -> None:
    rows = [R("SY-001", "SY-002"), R("SY-002", "SY-001"), R("SY-003", None), R("SY-004", "SY-003")]
    assert [(r.id, d) for r, d in nest(rows)] == [("SY-001", 0), ("SY-002", 1), ("SY-003", 0), ("SY-004", 1)]
