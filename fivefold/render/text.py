"""A fast plain-text table writer with exact CJK alignment (cell width, not len)."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import repeat

from fivefold.controlchars import is_plain, visible

RESET = "\x1b[0m"
COLOURS = {"green": "\x1b[32m", "yellow": "\x1b[33m", "red": "\x1b[31m", "dim": "\x1b[2m", "bold": "\x1b[1m", "cyan": "\x1b[36m"}


class _Widths(dict):
    """Terminal columns per character, looked up once each (wide and fullwidth CJK: 2, combining: 0)."""

    def __missing__(self, ch: str) -> int:
        value = 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        self[ch] = value
        return value


_WIDTHS = _Widths()
_char_width = _WIDTHS.__getitem__


class _Measured(dict):
    """Display widths of whole texts, computed on first lookup (hits stay in C)."""

    def __missing__(self, text: str) -> int:
        value = self[text] = width(text)
        return value


def width(text: str) -> int:
    """Display width in terminal cells (summed at C speed through map)."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


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
    shrink_floor: int = 8,
    drop: Sequence[int] = (),
) -> str:
    """Columns padded to their widest cell (see table_of_columns, which takes the cells by column)."""
    columns = [list(column) for column in zip(*rows, strict=True)]  # none when there are no rows
    return table_of_columns(
        headers, columns, right=right, colours=colours, colour=colour, max_width=max_width, shrink=shrink,
        shrink_floor=shrink_floor, drop=drop,
    )  # fmt: skip


def table_of_columns(
    headers: Sequence[str],
    columns: list[list[str]],
    *,
    right: frozenset[int] = frozenset(),
    colours: Sequence[Sequence[str | None]] | None = None,
    colour: bool = False,
    max_width: int | None = None,
    shrink: int | None = None,
    shrink_floor: int = 8,
    drop: Sequence[int] = (),
) -> str:
    """Columns (of one length, at least one row; or none) padded to their widest cell. With max_width,
    column `shrink` is cut to fit. Every cell and
    header is shown through `visible`: a control character in user text can neither reach the terminal
    nor break the row, and widths are measured on what is shown."""
    cells = _Measured().__getitem__  # most cells repeat (units, owners, states): measure each text once

    headers = shown(headers)
    columns = [shown(column) for column in columns]  # column-wise: map and join run at C speed
    measured = [column_widths(column) for column in columns]
    widths = [cells(h) for h in headers]
    for i, column_width in enumerate(measured):
        widths[i] = max(widths[i], *column_width)
    if max_width is not None and shrink is not None:
        keep = _fit(widths, max_width, shrink, max(width(headers[shrink]), shrink_floor), drop)
        if len(keep) < len(widths):  # columns dropped, in the order given: the rest renumbered
            headers, columns, widths = [headers[i] for i in keep], [columns[i] for i in keep], [widths[i] for i in keep]
            measured = [measured[i] for i in keep]
            right = frozenset(keep.index(i) for i in right if i in keep)
            colours = [[row[i] for i in keep] for row in colours] if colours is not None else None
            shrink = keep.index(shrink)

    def padded(text: str, i: int) -> str:
        if i == shrink:
            text = fit(text, widths[i])
        gap = " " * (widths[i] - cells(text))
        return gap + text if i in right else text + gap

    lines = ["  ".join(padded(h, i) for i, h in enumerate(headers)).rstrip()]
    if colours is None or not colour:
        # The hot path for long plain lists: each column padded at once through map (C speed), the
        # target length corrected for CJK cells: len + (column width - display width).
        if shrink is not None and columns and max(measured[shrink]) > widths[shrink]:  # else nothing to cut
            columns[shrink] = [fit(text, widths[shrink]) for text in columns[shrink]]
            measured[shrink] = list(map(cells, columns[shrink]))
        padded_columns = []
        for i, column in enumerate(columns):
            align = str.rjust if i in right else str.ljust
            distinct = set(column)
            if len(distinct) * 4 < len(column):  # states, units, owners, lights: each text padded once
                once = {text: align(text, len(text) + widths[i] - cells(text)) for text in distinct}
                padded_columns.append(list(map(once.__getitem__, column)))
                continue
            targets = map(operator.sub, map(operator.add, map(len, column), repeat(widths[i])), measured[i])
            padded_columns.append(list(map(align, column, targets)))
        lines.extend(map(str.rstrip, map("  ".join, zip(*padded_columns, strict=True))))
        return "\n".join(lines)
    for r, row in enumerate(zip(*columns, strict=True)):
        out = []
        for i, cell in enumerate(row):
            out.append(paint(padded(cell, i), colours[r][i], colour))
        lines.append("  ".join(out).rstrip())
    return "\n".join(lines)


def _fit(widths: list[int], max_width: int, shrink: int, floor: int, drop: Sequence[int]) -> list[int]:
    """Fit the columns into max_width: column `shrink` narrows first, down to `floor` cells; then the
    columns in `drop` go one by one, the shrinking column taking back what they leave; with none left
    to drop it narrows further. Sets the width of `shrink` in `widths`; returns the columns kept."""
    natural = widths[shrink]
    keep = list(range(len(widths)))

    def others() -> int:
        return sum(widths[i] for i in keep if i != shrink) + 2 * (len(keep) - 1)

    for column in [None, *drop]:
        if column is not None:
            keep.remove(column)
        room = max_width - others()
        if room >= floor:
            widths[shrink] = min(natural, room)
            break
        if column == (drop[-1] if drop else None):  # nothing (left) to drop: below a list's floor, to 8 cells at least
            widths[shrink] = max(min(natural, room), min(8 if drop else floor, natural))
    return keep


def column_widths(texts: list[str]) -> list[int]:
    """The display width of each text, at C speed: for ASCII the length; else from the length plus the
    UTF-8 length (which count a common wide character, COMMON_WIDE, 2 + 2 and an ASCII one 1 + 1:
    twice their cells), corrected by the count of each other character found (a few kinds: “”, é …).
    Measured text by text when there are many other kinds."""
    joined = "".join(texts)
    if joined.isascii():
        return list(map(len, texts))
    others = set(_OTHER.findall(joined))
    if len(others) > MAX_OTHERS or any(0xD800 <= ord(ch) <= 0xDFFF for ch in others):  # a lone surrogate has no UTF-8
        return list(map(width, texts))
    doubled = list(map(operator.add, map(len, texts), map(len, map(str.encode, texts))))
    for ch in others:
        off = 2 * _char_width(ch) - 1 - len(ch.encode())  # what the character takes off (or adds to) the double
        doubled = list(map(operator.add, doubled, map(operator.mul, map(str.count, texts, repeat(ch)), repeat(off))))
    return list(map(operator.floordiv, doubled, repeat(2)))


# Wide characters three bytes long in UTF-8, in every Unicode version: CJK punctuation (but the
# combining tone marks 302A–302F and 303F), the unified ideographs, fullwidth forms.
COMMON_WIDE = ((0x3000, 0x3029), (0x3030, 0x303E), (0x4E00, 0x9FFF), (0xFF01, 0xFF60))
_OTHER = re.compile("[^\\x00-\\x7f" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in COMMON_WIDE) + "]")
MAX_OTHERS = 12  # kinds of characters corrected by count; beyond, each text is measured on its own


def shown(texts: Iterable[str]) -> list[str]:
    """Texts as `visible` shows them, checked together at C speed first (almost always all plain)."""
    texts = list(texts)
    return texts if is_plain("".join(texts)) else list(map(visible, texts))
