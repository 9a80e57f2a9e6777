"""The 任务书 for signing (fivefold.tasksheet's data) on one A4 page, as self-contained HTML or a Word
document. Both walk the same blocks (`blocks`) at the same font size (`fit`), chosen so that a long
item still fits on the page."""

from __future__ import annotations

import html
import math
import unicodedata
from typing import Any

from fivefold.export.common import printable_page
from fivefold.i18n import t

# The page: A4 portrait with 18 mm margins leaves 174 × 261 mm for the text.
MARGIN_MM = 18.0
WIDTH_MM = 210.0 - 2 * MARGIN_MM
HEIGHT_MM = 297.0 - 2 * MARGIN_MM
PT_MM = 0.3528  # one point in millimetres
CELL_PAD_MM = 2.2  # a table cell's left and right padding together, in both formats
LEADING = 1.45  # a line's height over its font size: CJK fonts in Word and LibreOffice set lines loosely
SIZES = (12.0, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # tried largest first; 7 pt is as small as signing allows
LABEL_MM = 26.0  # the label column of a field table
STEP_COLUMNS_MM = (10.0, 38.0, 28.0, 15.0, 20.0, 20.0, 13.0, 30.0)  # step, title, deliverable, owner, start, due, days, state
SIGN_ROWS = 3  # the signature block: a header row and two lines for hand and seal
ROMAN = "一二三四五六七八九十"


def _fields(rows: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    return ("fields", [(label, value) for label, value in rows if value])


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _target(target: dict[str, Any], lang: str) -> str:
    arrow = "↓" if target["direction"] == "down" else "↑"
    text = f"{target['name']} {arrow}{_num(target['target'])}{target['unit'] or ''}"
    notes = []
    if target["baseline"] is not None:
        notes.append(f"{t('f.baseline', lang)} {_num(target['baseline'])}")
    if target["actual"] is not None:
        notes.append(f"{t('f.actual', lang)} {_num(target['actual'])}")
    if notes:
        text += f"（{'；'.join(notes)}）" if lang == "zh" else f" ({'; '.join(notes)})"
    return text


def _step_state(step: dict[str, Any], lang: str) -> str:
    state = step["state"]
    if state == "done":
        return t("ts.done", lang, date=step["done"])
    if state == "overdue":
        return t("ts.overdue", lang, days=step["overdue_days"], progress=_num(step["progress"]))
    if state == "working":
        return t("ts.working", lang, progress=_num(step["progress"]))
    return t("ts.pending", lang)


def blocks(v: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    """The page as blocks: title, sub, head, fields [(label, value)], table (headers, rows), sign [labels]."""
    from fivefold.wording import reasons_line

    L = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
    sep = "、" if lang == "zh" else ", "

    def head(n: int, key: str, **kw: Any) -> tuple[str, str]:
        return ("head", L("ts.section", n=ROMAN[n] if lang == "zh" else str(n + 1), name=L(key, **kw)))

    where = [f"{L('f.id')} {v['id']}", f"{L('f.plan')} {v['plan']}"]
    where += [f"{L('f.area')} {v['area']}"] if v["area"] else []
    where += [f"{L('f.parent')} {v['parent']}"] if v["parent"] else []
    out: list[tuple[str, Any]] = [("title", L("ts.title")), ("sub", v["title"]), ("meta", " · ".join(where))]
    out.append(head(0, "doc.task_sheet"))
    out.append(
        _fields(
            [
                (L("f.goal"), v["goal"]),
                (
                    L("f.targets"),
                    "；".join(_target(x, lang) for x in v["targets"])
                    if lang == "zh"
                    else "; ".join(_target(x, lang) for x in v["targets"]),
                ),
                (L("f.lead_unit"), v["lead_unit"]),
                (L("f.partner_units"), sep.join(v["partner_units"])),
                (L("f.leader"), v["leader"]),
                (L("f.owner"), v["owner"]),
                (L("f.deliverables"), sep.join(v["deliverables"])),
                (L("f.acceptance"), v["acceptance"]),
            ]
        )
    )
    out.append(head(1, "doc.roadmap"))
    headers = [L(k) for k in ("f.step", "f.title", "f.deliverable", "f.owner", "f.start", "f.due", "ts.days", "f.state")]
    rows = []
    for s in v["steps"]:
        due = s["due"] or ""
        if s["due_planned"] and s["due_planned"] != s["due"]:
            due += (
                f"（{L('f.due_planned')} {s['due_planned']}）" if lang == "zh" else f" ({L('f.due_planned')} {s['due_planned']})"
            )
        days = "" if s["days"] is None else str(s["days"])
        rows.append(
            [s["id"], s["title"], s["deliverable"] or "", s["owner"] or "", s["start"] or "", due, days, _step_state(s, lang)]
        )
    out.append(("table", (headers, rows)) if rows else ("para", L("empty")))
    out.append(head(2, "doc.timeline"))
    due = v["due"] or ""
    if v["due_planned"] and v["due_planned"] != v["due"]:
        due += f"（{L('f.due_planned')} {v['due_planned']}）" if lang == "zh" else f" ({L('f.due_planned')} {v['due_planned']})"
    if v["ongoing"]:
        due = f"{due}（{L('f.ongoing')}）" if lang == "zh" else f"{due} ({L('f.ongoing')})"
    extensions = [
        L("ts.extension", old=e["from"] or "—", due=e["due"] or "—", date=e["date"], reason=e["reason"] or "").rstrip()
        for e in v["extensions"]
    ]
    request = v["request"]
    asked = ""
    if request:
        asked = L(
            "ts.request", date=request["date"], by=request["by"], due=request["due"] or "—", reason=request["reason"] or ""
        ).rstrip()
        asked += L("word.late_request") if request["late"] else ""
    out.append(
        _fields(
            [
                (L("f.start"), v["start"] or ""),
                (L("f.due"), due),
                (L("f.cadence"), L(f"cadence.{v['cadence']}") if v["cadence"] else ""),
                (L("doc.extensions"), "；".join(extensions) if lang == "zh" else "; ".join(extensions)),
                (L("doc.extension_request"), asked),
            ]
        )
    )
    out.append(head(3, "ts.status", date=v["as_of"]))
    progress = L("ts.progress", progress=_num(v["progress"]), expected=_num(v["expected"]))
    reports = L("ts.reports", made=v["reports_made"], expected=v["reports_expected"]) if v["reports_expected"] else ""
    out.append(
        _fields(
            [
                (L("f.state"), L(f"state.{v['state']}")),
                (L("f.light"), L(f"light.{v['light']}")),
                (L("f.progress"), progress),
                (L("f.overdue_days"), str(v["overdue_days"]) if v["overdue_days"] else ""),
                (L("rep.reasons"), reasons_line(v["reasons"], lang)),
                (L("ts.reports_label"), reports),
            ]
        )
    )
    out.append(("sign", [L("ts.sign_owner"), L("ts.sign_unit"), L("ts.sign_date")]))
    return out


# --- fitting the page ------------------------------------------------------------------------------


def _ems(text: str) -> float:
    """How wide a text is in ems: a Chinese character is one, a Latin letter or digit about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _lines(text: str, width_mm: float, size: float) -> int:
    room = max((width_mm - CELL_PAD_MM) / (size * PT_MM), 1.0)
    return max(1, math.ceil(_ems(text) / room)) if text else 1


def height_mm(page: list[tuple[str, Any]], size: float) -> float:
    """The page's height at a font size, as both formats lay it out (a little generously)."""
    line = size * PT_MM * LEADING
    total = 0.0
    for kind, body in page:
        if kind == "title":
            total += line * 1.6 + size * PT_MM * 0.8
        elif kind in ("sub", "meta", "para"):
            total += _lines(body, WIDTH_MM, size) * line + size * PT_MM * 0.3
        elif kind == "head":
            total += line * 1.1 + size * PT_MM * 0.9
        elif kind == "fields":
            total += (
                sum(max(_lines(label, LABEL_MM, size), _lines(value, WIDTH_MM - LABEL_MM, size)) for label, value in body) * line
            )
            total += len(body) * size * PT_MM * 0.25  # cell borders and padding
        elif kind == "table":
            headers, rows = body
            for row in [headers, *rows]:
                total += max(_lines(text, w, size) for text, w in zip(row, STEP_COLUMNS_MM, strict=True)) * line
                total += size * PT_MM * 0.25
        elif kind == "sign":
            total += line * (SIGN_ROWS * 1.6) + size * PT_MM
    return total


def fit(page: list[tuple[str, Any]]) -> float:
    """The largest font size at which the page fits on one A4 sheet (keeping a tenth spare), else the smallest."""
    for size in SIZES:
        if height_mm(page, size) <= HEIGHT_MM * 0.9:
            return size
    return SIZES[-1]


# --- the formats -----------------------------------------------------------------------------------


def html_page(v: dict[str, Any], lang: str) -> str:
    page = blocks(v, lang)
    size = fit(page)
    e = html.escape
    body = []
    for kind, content in page:
        if kind == "title":
            body.append(f"<h1>{e(content)}</h1>")
        elif kind == "sub":
            body.append(f'<p class="sub">{e(content)}</p>')
        elif kind == "meta":
            body.append(f'<p class="meta">{e(content)}</p>')
        elif kind == "head":
            body.append(f"<h2>{e(content)}</h2>")
        elif kind == "para":
            body.append(f"<p>{e(content)}</p>")
        elif kind == "fields":
            rows = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in content)
            body.append(f'<table class="fields"><colgroup><col style="width:{LABEL_MM:g}mm"><col></colgroup>{rows}</table>')
        elif kind == "table":
            headers, rows = content
            cols = "".join(f'<col style="width:{w:g}mm">' for w in STEP_COLUMNS_MM)
            head = "".join(f"<th>{e(h)}</th>" for h in headers)
            cells = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
            body.append(
                f'<table class="steps"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>'
            )
        elif kind == "sign":
            head = "".join(f"<th>{e(label)}</th>" for label in content)
            blank = "".join("<td></td>" for _ in content)
            body.append(f'<table class="sign"><tr>{head}</tr><tr>{blank}</tr></table>')
    style = (
        f"@page{{size:A4 portrait;margin:{MARGIN_MM:g}mm}}"
        f"body{{font-family:'FangSong','仿宋','STFangsong',serif;font-size:{size:g}pt;line-height:1.3;"
        f"max-width:{WIDTH_MM:g}mm;margin:0 auto;color:#000}}"
        "h1{font-family:'SimSun','宋体','Songti SC',serif;font-size:1.6em;text-align:center;margin:0 0 .2em}"
        "h2{font-family:'SimHei','黑体','Heiti SC',sans-serif;font-size:1.1em;font-weight:normal;margin:.6em 0 .2em}"
        ".sub{text-align:center;font-weight:bold;margin:0}.meta{text-align:center;margin:.1em 0 .3em}"
        "table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border:1px solid #000;padding:.1em 1.1mm;"
        "text-align:left;vertical-align:top;overflow-wrap:anywhere}th{font-family:'SimHei','黑体',sans-serif;font-weight:normal}"
        ".sign td{height:3.2em}.sign{margin-top:.8em}"
        "@media screen{body{margin:1em auto}}"
    )
    return printable_page(f"{v['id']} {t('ts.title', lang)}", style, body, lang)


def docx_bytes(v: dict[str, Any], lang: str) -> bytes:
    from docx.shared import Pt

    from fivefold.export.worddoc import BODY_FONT, HEADING_FONT, clean, new_document, paragraph, save, set_font, spacing, table

    page = blocks(v, lang)
    size = fit(page)
    document = new_document(margins_mm=(MARGIN_MM, MARGIN_MM), size_pt=size)
    gap = size * 0.3
    for kind, content in page:
        if kind == "title":
            spacing(paragraph(document, content, style="Title", center=True), after_pt=gap)
        elif kind in ("sub", "meta"):
            para = paragraph(document, center=True)
            set_font(para.add_run(clean(content)), HEADING_FONT if kind == "sub" else BODY_FONT, size, bold=kind == "sub")
            spacing(para, after_pt=gap)
        elif kind == "head":
            spacing(paragraph(document, content, style="Heading 1"), before_pt=gap * 2, after_pt=gap)
        elif kind == "para":
            spacing(paragraph(document, content), after_pt=gap)
        elif kind == "fields":
            rows = [[label, value] for label, value in content]
            table(document, rows, header=False, widths_mm=[LABEL_MM, WIDTH_MM - LABEL_MM], size_pt=size)
        elif kind == "table":
            headers, rows = content
            table(document, [headers, *rows], header=True, widths_mm=list(STEP_COLUMNS_MM), size_pt=size)
        elif kind == "sign":
            spacing(paragraph(document), after_pt=gap)
            grid = table(document, [list(content), [""] * len(content)], header=True, widths_mm=[WIDTH_MM / 3] * 3, size_pt=size)
            grid.rows[1].height = Pt(size * LEADING * 3)  # room for a hand and a seal
    return save(document)


def render(v: dict[str, Any], fmt: str, lang: str) -> bytes:
    return docx_bytes(v, lang) if fmt == "docx" else html_page(v, lang).encode("utf-8")
