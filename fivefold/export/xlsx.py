"""The 台账 as an Excel workbook (XlsxWriter, loaded only for this format): a 总表, a sheet per focus
area, the 红黑榜 with --rank and the 调度 with --period/--since; lights filled in colour, progress with a
data bar, frozen header, filter, widths that count CJK characters double, A4 landscape print setup.
Every text is written as a string: a cell that starts with = is text, never a formula."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from fivefold.events import label
from fivefold.export.common import RANKING_HEADERS, RANKING_KEYS, change_text, note_text, reasons_cell
from fivefold.i18n import t

# The 总表 and area sheets' columns (label keys), in order.
COLUMNS = (
    "rep.seq", "f.id", "f.title", "f.area", "f.lead_unit", "f.partner_units", "f.leader", "f.owner",
    "f.due", "f.progress", "rep.expected_to_date", "f.light", "rep.reasons", "rep.latest",
)  # fmt: skip
_PERCENT = {"f.progress", "rep.expected_to_date"}
_LIGHT_FILL = {"red": "#F8696B", "yellow": "#FFEB84", "green": "#63BE7B"}
_MAX_WIDTH = 60


def render(report: dict[str, Any], lang: str) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = _formats(book)
    names: set[str] = set()
    rows = [(r, area) for area in report["areas"] for r in area["items"]]
    _ledger(book, formats, _sheet_name(t("rep.sheet_all", lang), names), rows, lang)
    for area in report["areas"]:
        _ledger(book, formats, _sheet_name(str(area["label"] or area["key"]), names), [(r, area) for r in area["items"]], lang)
    if report.get("ranking"):
        _ranking(book, formats, _sheet_name(t("rep.sheet_ranking", lang), names), report["ranking"], lang)
    if report.get("period"):
        _period(book, formats, _sheet_name(t("rep.sheet_period", lang), names), report["period"], lang)
    book.close()
    return out.getvalue()


def _formats(book: Any) -> dict[str, Any]:
    base = {"valign": "top", "text_wrap": True, "border": 1, "font_name": "宋体", "font_size": 10}
    formats = {
        "header": book.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter"}),
        "text": book.add_format(base),
        "number": book.add_format({**base, "align": "center"}),
        "percent": book.add_format({**base, "num_format": "0%"}),
    }
    for light, colour in _LIGHT_FILL.items():
        formats[light] = book.add_format({**base, "bg_color": colour, "align": "center"})
    return formats


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip("'") or "-"
    name = name[:31]
    candidate, n = name, 2
    while candidate.lower() in {t_.lower() for t_ in taken}:
        suffix = f"({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _ledger(book: Any, formats: dict[str, Any], name: str, rows: list[tuple[dict[str, Any], dict[str, Any]]], lang: str) -> None:
    sheet = book.add_worksheet(name)
    headers = [t(key, lang) for key in COLUMNS]
    table = []
    for n, (r, area) in enumerate(rows, start=1):
        table.append(
            [
                r.get("ref") or n,
                r["id"],
                r["title"],
                r.get("area_label") or area.get("label") or "",
                r["lead_unit"],
                "、".join(r["partner_units"]),
                r["leader"],
                r["owner"],
                t("f.ongoing", lang) if r.get("ongoing") else r["due"],
                r["progress"] / 100,
                r["expected"] / 100,
                t("light." + r["light"], lang),
                reasons_cell(r, lang) if r.get("reasons") else "",
                note_text(r),
            ]
        )
    _write(sheet, formats, headers, table, [COLUMNS[i] in _PERCENT for i in range(len(COLUMNS))])
    light_col = COLUMNS.index("f.light")
    for i, (r, _) in enumerate(rows, start=1):
        if r["light"] in _LIGHT_FILL:
            sheet.write_string(i, light_col, table[i - 1][light_col], formats[r["light"]])
    progress_col = COLUMNS.index("f.progress")
    if rows:
        sheet.conditional_format(1, progress_col, len(rows), progress_col,
                                 {"type": "data_bar", "bar_color": "#5B9BD5", "min_type": "num", "min_value": 0,
                                  "max_type": "num", "max_value": 1, "bar_solid": True})  # fmt: skip


def _ranking(book: Any, formats: dict[str, Any], name: str, ranking: list[dict[str, Any]], lang: str) -> None:
    """The 红黑榜 with the columns of the md and html reports; counts and rates stay numbers."""
    headers = [t(k, lang) for k in RANKING_HEADERS]

    def cell(row: dict[str, Any], key: str) -> Any:
        if key == "board":
            return t(f"board.{row['board']}", lang) if row.get("board") else ""
        value = row.get(key, 0 if key in ("instructions", "urges") else None)
        return "—" if value is None else value

    table = [[cell(row, k) for k in RANKING_KEYS] for row in ranking]
    _write(book.add_worksheet(name), formats, headers, table, [False] * len(headers))


def _period(book: Any, formats: dict[str, Any], name: str, period: dict[str, Any], lang: str) -> None:
    headers = [t(k, lang) for k in ("f.date", "f.id", "f.title", "f.event", "f.by", "f.detail")]
    table = [
        [c["date"], c["id"], c["title"], t(label(c["event"]), lang), c["by"], change_text(c, lang)] for c in period["changes"]
    ]
    _write(book.add_worksheet(name), formats, headers, table, [False] * len(headers))


def _write(sheet: Any, formats: dict[str, Any], headers: list[str], table: list[list[Any]], percent: list[bool]) -> None:
    """Header and rows; the layout every sheet shares (frozen header, filter, widths, A4 landscape)."""
    for c, text in enumerate(headers):
        sheet.write_string(0, c, text, formats["header"])
    widths = [_width(h) for h in headers]
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(r, c, None, formats["text"])
            elif isinstance(value, bool):
                sheet.write_string(r, c, str(value), formats["text"])
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, formats["percent" if percent[c] else "number"])
                widths[c] = max(widths[c], 6)
            else:
                text = str(value)
                sheet.write_string(r, c, text, formats["text"])  # text stays text: never a formula
                widths[c] = max(widths[c], max((_width(line) for line in text.splitlines()), default=0))
    for c, w in enumerate(widths):
        sheet.set_column(c, c, min(w + 2, _MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table), 1), len(headers) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)


def _width(text: str) -> int:
    """Columns a text takes: a CJK (wide or fullwidth) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
