"""`list --tree`: rows in the order of the tree of items, each child under its parent (重点任务 → 子任务),
siblings in the order they were sorted in; a child whose parent is not among the rows stands at the top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar


class _Node(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def workspace(self) -> str | None: ...


R = TypeVar("R", bound=_Node)


def nest(rows: Sequence[R]) -> list[tuple[R, int]]:
    """Each row with its depth (0 at the top), depth first. Ids are keyed by workspace too: two
    workspaces shown together may both have an SY-001. A row whose parents go round a loop (never
    shown by `list`: a loop leaves broken files) stands at the top where it comes rather than lost."""
    by_key = {(r.workspace, r.id): r for r in rows}
    kids: dict[tuple[str | None, str], list[R]] = {}
    for r in rows:
        if _parent_key(r, by_key) is not None:
            kids.setdefault((r.workspace, r.parent or ""), []).append(r)
    out: list[tuple[R, int]] = []
    placed: set[tuple[str | None, str]] = set()

    def visit(r: R, depth: int) -> None:
        placed.add((r.workspace, r.id))
        out.append((r, depth))
        for kid in kids.get((r.workspace, r.id), ()):
            if (kid.workspace, kid.id) not in placed:
                visit(kid, depth + 1)

    for r in rows:
        if (r.workspace, r.id) not in placed and _reaches_no_top(r, by_key):
            visit(r, 0)
    return out


def _parent_key(r: _Node, by_key: Mapping[tuple[str | None, str], _Node]) -> tuple[str | None, str] | None:
    """The key of the row's parent when that parent is shown (and is not the row itself)."""
    key = (r.workspace, r.parent or "")
    return key if r.parent and r.parent != r.id and key in by_key else None


def _reaches_no_top(r: _Node, by_key: Mapping[tuple[str | None, str], _Node]) -> bool:
    """True for a top row (no parent shown) and for one whose chain of parents goes round a loop."""
    seen = {(r.workspace, r.id)}
    node = r
    while (key := _parent_key(node, by_key)) is not None:
        if key in seen:
            return True
        seen.add(key)
        node = by_key[key]
    return node is r


def indent(title: str, depth: int) -> str:
    """A title indented two cells a level (plain spaces: any terminal, any font, counts them alike)."""
    return "  " * depth + title
