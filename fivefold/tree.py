"""`list --tree`: rows in the order of the tree of items, each child under its parent (重点任务 → 子任务),
siblings in the order they were sorted in; a child whose parent is not among the rows stands at the top."""

from __future__ import annotations

from collections.abc import Sequence
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
    workspaces shown together may both have an SY-001."""
    shown = {(r.workspace, r.id) for r in rows}
    kids: dict[tuple[str | None, str], list[R]] = {}
    tops: list[R] = []
    for r in rows:
        key = (r.workspace, r.parent) if r.parent else None
        if key is not None and key in shown and key != (r.workspace, r.id):
            kids.setdefault((r.workspace, r.parent or ""), []).append(r)
        else:
            tops.append(r)
    out: list[tuple[R, int]] = []
    placed: set[tuple[str | None, str]] = set()

    def visit(r: R, depth: int) -> None:
        placed.add((r.workspace, r.id))
        out.append((r, depth))
        for kid in kids.get((r.workspace, r.id), ()):
            if (kid.workspace, kid.id) not in placed:  # a loop of parents never reaches here (a broken file), but never spin
                visit(kid, depth + 1)

    for r in tops:
        visit(r, 0)
    for r in rows:  # rows only reachable through a loop of parents: shown at the top rather than lost
        if (r.workspace, r.id) not in placed:
            visit(r, 0)
    return out


def indent(title: str, depth: int) -> str:
    """A title indented two cells a level (plain spaces: any terminal, any font, counts them alike)."""
    return "  " * depth + title
