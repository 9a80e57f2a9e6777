"""A fast plain-text table writer with exact CJK alignment (cell width, not len)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

RESET = "\x1b[0m"
COLOURS = {"green": "\x1b[32m", "yellow": "\x1b[33m", "red": "\x1b[31m", "dim": "\x1b[2m", "bold": "\x1b[1m", "cyan": "\x1b[36m"}


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def fit(text: str, cells: int) -> str:
    """Cut text to at most `cells` columns, marking the cut with …."""
    if width(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, cells: int, right: bool = False) -> str:
    gap = " " * max(0, cells - width(text))
    return gap + text if right else text + gap


def paint(text: str, colour: str | None, enabled: bool) -> str:
    if not enabled or not colour or colour not in COLOURS:
        return text
    return f"{COLOURS[colour]}{text}{RESET}"


def bar(percent: float, cells: int = 10) -> str:
    filled = round(max(0.0, min(percent, 100.0)) / 100 * cells)
    return "█" * filled + "░" * (cells - filled)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: frozenset[int] = frozenset(),
    colours: Sequence[Sequence[str | None]] | None = None,
    colour: bool = False,
    max_width: int | None = None,
    shrink: int | None = None,
) -> str:
    """Columns padded to their widest cell. With max_width, column `shrink` is cut to fit."""
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            w = width(cell)
            if w > widths[i]:
                widths[i] = w
    if max_width is not None and shrink is not None:
        excess = sum(widths) + 2 * (len(widths) - 1) - max_width
        if excess > 0:
            widths[shrink] = max(width(headers[shrink]), 8, widths[shrink] - excess)
    lines = ["  ".join(pad(h, widths[i], i in right) for i, h in enumerate(headers)).rstrip()]
    for r, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            text = pad(fit(cell, widths[i]) if i == shrink else cell, widths[i], i in right)
            if colours is not None:
                text = paint(text, colours[r][i], colour)
            cells.append(text)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
