"""The 红黑榜 (issue 10 §1): lead units ranked by a documented, configurable key, worst things first,
with competition ranking (equal keys share a rank: 1, 1, 3), and the 红榜 / 黑榜 boards. Pure data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fivefold.model import RANKING_DEFAULT

CRITERIA = RANKING_DEFAULT  # the default order; `ranking:` in fivefold.yaml may reorder or drop them
HIGHER_IS_BETTER = frozenset({"on_time_rate"})
MAY_BE_MISSING = frozenset({"on_time_rate", "lag"})  # a unit with nothing closed (or nothing open) has none


def _neutral(groups: list[dict[str, Any]], criterion: str) -> float:
    """What a missing value counts as: the mean of the units that have one, so that having none
    neither helps nor hurts a unit."""
    values = [g[criterion] for g in groups if g[criterion] is not None]
    return sum(values) / len(values) if values else 0.0


def board_of(group: dict[str, Any]) -> str | None:
    """黑榜 ("black"): an overdue or red item. 红榜 ("red"): neither, and at least one item closed or
    ahead of schedule. Others: on neither board."""
    if group["overdue"] or group["red"]:
        return "black"
    if group["closed"] or group["ahead"]:
        return "red"
    return None


def rank(groups: list[dict[str, Any]], order: Sequence[str] = CRITERIA) -> list[dict[str, Any]]:
    """The unit rows (views.group_row) in rank order, each with `unit`, `rank` and `board`."""
    neutral = {c: _neutral(groups, c) for c in MAY_BE_MISSING}

    def key(g: dict[str, Any]) -> tuple[float, ...]:
        values = []
        for c in order:
            value = g[c] if g[c] is not None else neutral[c]
            values.append(-round(value, 1) if c in HIGHER_IS_BETTER else round(value, 1))
        return tuple(values)

    keyed = sorted(((key(g), g) for g in groups), key=lambda pair: (pair[0], pair[1]["key"]))
    out: list[dict[str, Any]] = []
    for n, (k, g) in enumerate(keyed):
        place = n + 1 if n == 0 or k != keyed[n - 1][0] else out[-1]["rank"]  # 并列: 1, 1, 3
        out.append({"unit": g["key"], **g, "rank": place, "board": board_of(g)})
    return out
