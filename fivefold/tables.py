"""A table file as rows of text cells numbered as Excel shows them: a workbook (.xlsx/.xls/.ods, read by
python-calamine, loaded only here) with each merged range's value in every cell it covers, or a CSV
in the encodings Excel and WPS write. No workspace I/O: the caller passes the bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fivefold.errors import FivefoldError

Rows = list[tuple[int, list[str]]]  # (row number as Excel shows it, cells as text)


@dataclass(slots=True)
class Grid:
    rows: Rows
    sheet: str | None = None  # a workbook's sheet; None for CSV
    merged: set[tuple[int, int]] = field(default_factory=set)  # (row number, column) filled from a merged range above or left


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_workbook(data: bytes) -> bool:
    """An .xlsx or .ods (a zip) or an .xls (an OLE compound file), whatever the file is called."""
    return data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


def read_grid(data: bytes, path: str, sheet: str | None = None, wanted: Callable[[Rows], bool] | None = None) -> Grid:
    """The table in a file: a workbook's sheet named `sheet`, else its first sheet that `wanted`
    accepts (else its first); or the CSV."""
    if is_workbook(data):
        return _workbook(data, path, sheet, wanted)
    if sheet is not None:
        raise FivefoldError("import_sheet_csv", path=path)
    return Grid(_csv(data, path))


# --- workbooks -----------------------------------------------------------------------------------


def _workbook(data: bytes, path: str, sheet: str | None, wanted: Callable[[Rows], bool] | None) -> Grid:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet is not None:
            if sheet not in names:
                raise FivefoldError("import_no_sheet", path=path, sheet=sheet, sheets="、".join(names))
            return _sheet(book.get_sheet_by_name(sheet))
        grids = (_sheet(book.get_sheet_by_name(name)) for name in names)
        first = None
        for grid in grids:
            first = first or grid
            if wanted is None or wanted(grid.rows):
                return grid
    except FivefoldError:
        raise
    except Exception as exc:  # calamine's errors (a broken zip, an encrypted book) share no base class
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FivefoldError("import_bad_workbook", path=path, reason=reason) from None
    if first is None:
        raise FivefoldError("import_empty", path=path)
    return first


def _sheet(sheet: Any) -> Grid:
    values = sheet.to_python(skip_empty_area=False)  # from A1, so list positions are Excel's rows and columns
    rows = [[_text(v) for v in row] for row in values]
    merged: set[tuple[int, int]] = set()
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, right + 1):
                if (r, c) == (top, left):
                    continue
                while len(rows[r]) <= c:
                    rows[r].append("")
                rows[r][c] = value
                merged.add((r + 1, c))
    return Grid([(n, cells) for n, cells in enumerate(rows, start=1)], sheet.name, merged)


def _text(value: Any) -> str:
    """A cell as the text a person sees: 1.0 -> 1, a date -> 2026-06-30, line breaks kept as \\n."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --- CSV -----------------------------------------------------------------------------------------


def decode(data: bytes, path: str) -> str:
    """UTF-8 with or without BOM, else GB18030 (Excel and WPS on Chinese Windows); UTF-16 when it has a BOM."""
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise FivefoldError("import_encoding", path=path)


def _delimiter(text: str) -> str:
    """Comma (what Excel writes), unless the first line has more tabs or semicolons."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(data: bytes, path: str) -> Rows:
    text = decode(data, path)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise FivefoldError("import_bad_csv", path=path, reason=str(exc)) from None
    return [(n, [cell.replace("\r\n", "\n").strip() for cell in record]) for n, record in enumerate(records, start=1)]
