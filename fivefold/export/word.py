"""The report as a Word document (python-docx, loaded only here): the same view model, sections and
tables as the Markdown report, on A4 (landscape unless --portrait: the 台账 is ten columns wide),
with the 文号 under the title and the 落款 at the end, ready to be edited and stamped."""

from __future__ import annotations

import unicodedata
from typing import Any

from fivefold.events import label
from fivefold.export.common import (
    LEDGER,
    NEWS_HEADERS,
    RANKING_HEADERS,
    area_summary,
    change_text,
    heading,
    light_total_label,
    news_cells,
    note_text,
    pct,
    period_summary,
    ranking_cells,
    reasons_cell,
    rule_text,
    sign_date,
    targets_text,
)
from fivefold.i18n import t

SIZE_PT = 10.5  # 五号: what tables in an office's Word documents use
PT_MM = 0.3528
CELL_PAD_MM = 2.6  # a cell's padding (1.9 mm a side in Word) with a little to spare
SHORT_EMS = 7.0  # a column whose widest cell is at most this many ems is kept on one line
MARGINS_MM = (20.0, 15.0)  # top/bottom, left/right


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def widths(headers: list[str], rows: list[list[str]], page_mm: float) -> list[float]:
    """Columns sized to what they hold: a short column (ids, dates, names, numbers) exactly as wide as its
    widest cell, so it never wraps; the long ones (titles, notes) share the rest in proportion to their
    typical cell (the 80th percentile, so that one long note does not squeeze the others)."""
    em_mm = SIZE_PT * PT_MM
    need, short = [], []
    for c, header in enumerate(headers):
        cells = sorted(_ems(row[c]) for row in rows) or [0.0]
        widest = max(cells[-1], _ems(header) if len(header) <= 4 else 0.0, 2.0)
        short.append(widest <= SHORT_EMS)
        need.append(widest if widest <= SHORT_EMS else max(cells[int(len(cells) * 0.8)], _ems(header), SHORT_EMS))
    fixed = sum(n * em_mm + CELL_PAD_MM for n, s in zip(need, short, strict=True) if s)
    rest = page_mm - fixed
    spread = sum(n for n, s in zip(need, short, strict=True) if not s)
    if rest < page_mm * 0.3 or not spread:  # too many short columns to keep whole: all in proportion
        return [page_mm * n / sum(need) for n in need]
    return [n * em_mm + CELL_PAD_MM if s else rest * n / spread for n, s in zip(need, short, strict=True)]


class _Writer:
    """The document being written, section by section."""

    def __init__(self, landscape: bool) -> None:
        from fivefold.export.worddoc import A4_MM, new_document

        self.document = new_document(landscape=landscape, margins_mm=MARGINS_MM, size_pt=SIZE_PT)
        self.page_mm = (A4_MM[1] if landscape else A4_MM[0]) - 2 * MARGINS_MM[1]

    def title(self, text: str) -> None:
        from fivefold.export.worddoc import paragraph

        paragraph(self.document, text, style="Title", center=True)

    def head(self, text: str, level: int = 1) -> None:
        from fivefold.export.worddoc import paragraph

        paragraph(self.document, text, style=f"Heading {level}")

    def para(self, text: str, *, center: bool = False, right: bool = False) -> None:
        from fivefold.export.worddoc import paragraph

        paragraph(self.document, text, center=center, right=right)

    def bullet(self, text: str) -> None:
        from fivefold.export.worddoc import paragraph

        paragraph(self.document, text, style="List Bullet")

    def table(self, headers: list[str], rows: list[list[Any]]) -> None:
        from fivefold.export.worddoc import table

        cells = [["" if c is None else str(c) for c in row] for row in rows]
        columns = widths(headers, cells, self.page_mm)
        grid = table(self.document, [headers, *cells], header=True, widths_mm=columns, size_pt=SIZE_PT)
        _repeat_header(grid)
        self.para("")  # Word joins two tables that touch into one

    def bytes(self) -> bytes:
        from fivefold.export.worddoc import save

        return save(self.document)


def _repeat_header(grid: Any) -> None:
    """The header row printed again at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = grid.rows[0]._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    props.append(mark)


def render(report: dict[str, Any], lang: str) -> bytes:
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731 - a short alias keeps the layout readable
    totals = report["totals"]
    doc = report.get("document") or {}
    w = _Writer(landscape=doc.get("page", "landscape") != "portrait")
    w.title(heading(report, lang))
    if doc.get("ref"):
        w.para(doc["ref"], center=True)
    w.para(L("rep.as_of", date=report["as_of"], count=totals["items"]) + (L("word.illustrative") if any(
        p["illustrative"] for p in report["plans"]) else ""))  # fmt: skip
    comma = "，" if lang == "zh" else ", "
    w.bullet(L("f.light") + ": " + comma.join(f"{light_total_label(k, lang)} {v}" for k, v in totals["lights"].items()))
    w.bullet(L("f.bucket") + ": " + comma.join(f"{L('bucket.' + k)} {v}" for k, v in totals["buckets"].items()))

    period = report["period"]
    if period:
        w.head(L("rep.period", since=period["since"], until=period["until"]))
        w.para(period_summary(period, lang))
        if period["newly_red"]:
            w.para(f"{L('rep.newly_red')}: " + "、".join(period["newly_red"]))
        if period["changes"]:
            w.table(
                [L("f.date"), L("f.id"), L("f.event"), L("f.by"), L("f.detail")],
                [[c["date"], c["id"], L(label(c["event"])), c["by"], change_text(c, lang)] for c in period["changes"]],
            )
        if period["items"]:
            w.head(L("rep.news"), level=2)
            w.table([L(k) for k in NEWS_HEADERS], [news_cells(item, lang) for item in period["items"]])

    if report.get("extension_requests"):
        w.head(L("dash.requests", count=len(report["extension_requests"])))
        w.table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.by"), L("f.date"), L("f.due"), L("f.detail")],
            [[r["id"], r["title"], r["lead_unit"] or "", r["by"], r["date"] + (" " + L("word.late_request") if r["late"] else ""),
              r["due"] or "", r["reason"] or ""] for r in report["extension_requests"]],
        )  # fmt: skip

    if report["ranking"]:
        w.head(L("rep.ranking"))
        w.table([L(k) for k in RANKING_HEADERS], [ranking_cells(r, lang) for r in report["ranking"]])
        w.para(rule_text(report, lang))

    for area in report["areas"]:
        w.head(area["label"])
        w.para(area_summary(area, lang))
        rows = [
            [r["id"], r["title"], r["lead_unit"], r["owner"], r["due"], L("state." + r["state"]), pct(r["progress"]),
             L("light." + r["light"]), targets_text(r), note_text(r)]
            for r in area["items"]
        ]  # fmt: skip
        w.table([L(key) for key in LEDGER], rows)

    w.head(L("rep.warnings", count=len(report["warnings"])))
    if report["warnings"]:
        w.table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.owner"), L("f.light"), L("rep.reasons")],
            [[r["id"], r["title"], r["lead_unit"], r["owner"], L("light." + r["light"]), reasons_cell(r, lang)]
             for r in report["warnings"]],
        )  # fmt: skip
    else:
        w.para(L("empty"))
    w.head(L("dash.overdue", count=len(report["overdue"])))
    if report["overdue"]:
        w.table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.owner"), L("f.state"), L("f.overdue_days")],
            [[r["id"], r["title"], r["lead_unit"], r["owner"], L("state." + r["state"]), r["overdue_days"]]
             for r in report["overdue"]],
        )  # fmt: skip
    else:
        w.para(L("empty"))
    days = report.get("soon_days", 14)
    w.head(L("dash.due_soon", days=days, count=len(report["due_soon"])))
    if report["due_soon"]:
        w.table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.due"), L("f.progress")],
            [[r["id"], r["title"], r["lead_unit"], r["due"], pct(r["progress"])] for r in report["due_soon"]],
        )
    else:
        w.para(L("empty"))
    # the 落款: who issues it and when, at the right
    w.para("")
    if doc.get("issuer"):
        w.para(doc["issuer"], right=True)
    w.para(sign_date(report, lang), right=True)
    return w.bytes()
