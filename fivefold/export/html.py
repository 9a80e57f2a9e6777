"""The report as one self-contained HTML file: inline CSS, an SVG Gantt per area, coloured lights,
print-friendly (A4, a page per area). Every piece of user text is escaped."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any
from urllib.parse import quote

from fivefold.dates import next_month
from fivefold.events import label
from fivefold.export.common import (
    LEDGER,
    NEWS_HEADERS,
    RANKING_HEADERS,
    RANKING_NUMERIC,
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

LIGHT_HEX = {"green": "#2e9d4f", "yellow": "#e0a800", "red": "#d93025", "done": "#5f7f9f", "none": "#9aa0a6"}

CSS = """
@page { size: A4 %(page)s; margin: 12mm 10mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif;
       color: #202124; margin: 24px; font-size: 13px; }
header.doc { text-align: center; margin-bottom: 8px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 6px; border-bottom: 2px solid #c00; }
h3 { font-size: 14px; margin: 14px 0 4px; }
.ref { color: #202124; margin: 2px 0 6px; }
.meta { color: #5f6368; margin-bottom: 10px; }
.rule { color: #5f6368; font-size: 12px; }
footer.sign { margin-top: 28px; text-align: right; line-height: 1.8; break-inside: avoid; page-break-inside: avoid; }
.totals span { display: inline-block; margin-right: 14px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%%; margin: 6px 0 10px; }
thead { display: table-header-group; }  /* headers repeat on each printed page */
tr { break-inside: avoid; page-break-inside: avoid; }  /* a row never splits across pages */
th, td { border: 1px solid #dadce0; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; white-space: nowrap; }  /* no column narrower than its header */
td.nw, td.num { white-space: nowrap; }  /* ids, dates, units, names and numbers never break inside */
td.num { text-align: right; }
td.wide { min-width: 8em; }  /* titles and notes wrap, but never one character a line */
.light { display: inline-block; min-width: 3.2em; padding: 0 6px; border-radius: 8px; color: #fff; text-align: center;
         white-space: nowrap; }
.bar { display: inline-block; width: 60px; height: 8px; background: #e8eaed; margin-right: 4px; vertical-align: middle; }
.bar i { display: block; height: 8px; background: #1a73e8; }
td .bar { width: 40px; }
section.area { page-break-before: always; break-before: page; }
svg.gantt { width: 100%%; height: auto; display: block; }
@media print { body { margin: 0; } .scroll { overflow: visible; } }
@media (max-width: 420px) { body { margin: 8px; } h1 { font-size: 17px; } }
"""


WIDE_1_5 = frozenset({1, 5})


def _light(light: str, lang: str, label: str | None = None) -> str:
    text = label if label is not None else t("light." + light, lang)
    return f'<span class="light" style="background:{LIGHT_HEX[light]}">{escape(text)}</span>'


def _bar(value: float) -> str:
    return f'<span class="bar"><i style="width:{max(0.0, min(value, 100.0)):.0f}%"></i></span>{pct(value)}'


def _table(
    headers: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset(), wide: frozenset[int] = frozenset()
) -> str:
    """A table in its own horizontally scrolling box: a phone shows it scrolled, never squeezed to one
    character a line. `wide` columns (titles, notes, reasons) wrap; the others keep their cells on one
    line (ids, dates, units, names, states, figures), so no column is narrower than its header."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    kinds = ["num" if i in numeric else "wide" if i in wide else "nw" for i in range(len(headers))]
    body = "".join("<tr>" + "".join(f'<td class="{kinds[i]}">{c}</td>' for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _label(text: str, room: float, size: float = 11.0) -> str:
    """Text cut to fit `room` pixels at a font size (a CJK character is a full em, others about half):
    a Gantt label never runs into the bars."""
    from unicodedata import east_asian_width

    used = 0.0
    out: list[str] = []
    for ch in text:
        w = size if east_asian_width(ch) in ("W", "F") else size * 0.6
        if used + w > room - size:  # room for the ellipsis
            return "".join(out) + "…"
        used += w
        out.append(ch)
    return text


def gantt_svg(rows: list[dict[str, Any]], as_of: dt.date, lang: str) -> str:
    """Planned span, done part, step milestones and a today line, one row per dated item."""
    dated = [r for r in rows if r["start"] and r["due"]]
    if not dated:
        return ""
    first = min(dt.date.fromisoformat(r["start"]) for r in dated).replace(day=1)
    last = max(dt.date.fromisoformat(r["due"]) for r in dated)
    span = max(1, (last - first).days + 1)
    label_w, chart_w, row_h, top = 230, 520, 18, 22
    height = top + row_h * len(dated) + 6

    def x(day: dt.date) -> float:
        return label_w + (day - first).days * chart_w / span

    # a viewBox: the chart scales to the page (or phone) width, labels and bars together
    box = f'viewBox="0 0 {label_w + chart_w + 10} {height}"'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" {box} font-size="11">']
    month: dt.date | None = first
    step = max(1, span // 31 // 8)
    n = 0
    while month is not None and month <= last:
        if n % step == 0:
            parts.append(f'<line x1="{x(month):.1f}" y1="{top - 4}" x2="{x(month):.1f}" y2="{height}" stroke="#eee"/>')
            parts.append(
                f'<text x="{x(month) + 2:.1f}" y="{top - 8}" fill="#5f6368">{month.year % 100:02d}-{month.month:02d}</text>'
            )
        month = next_month(month)
        n += 1
    for i, r in enumerate(dated):
        y = top + i * row_h
        start, due = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["due"])
        colour = LIGHT_HEX[r["light"]]
        label = escape(_label(f"{r['id']} {r['title']}", label_w - 6))
        parts.append(f'<text x="2" y="{y + 12}">{label}</text>')
        width = max(2.0, x(due) - x(start))
        parts.append(
            f'<rect x="{x(start):.1f}" y="{y + 3}" width="{width:.1f}" height="11" fill="{colour}" fill-opacity="0.25"/>'
        )
        parts.append(
            f'<rect x="{x(start):.1f}" y="{y + 3}" width="{width * r["progress"] / 100:.1f}" height="11" fill="{colour}"/>'
        )
        for s in r["steps_detail"]:
            if s["due"]:
                sx = x(dt.date.fromisoformat(s["due"]))
                fill = "#202124" if s["done"] else "#fff"
                points = f"{sx:.1f},{y + 2} {sx + 4:.1f},{y + 8.5} {sx:.1f},{y + 15} {sx - 4:.1f},{y + 8.5}"
                parts.append(
                    f'<polygon points="{points}" fill="{fill}" stroke="#202124"><title>{escape(s["title"])}</title></polygon>'
                )
    if first <= as_of <= last:
        today = x(as_of)
        dash = 'stroke="#d93025" stroke-dasharray="3,2"'
        parts.append(f'<line x1="{today:.1f}" y1="{top - 4}" x2="{today:.1f}" y2="{height}" {dash}/>')
        parts.append(f'<text x="{x(as_of) + 2:.1f}" y="{height - 2}" fill="#d93025">{escape(t("rep.today", lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(report: dict[str, Any], lang: str) -> str:
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731 - a short alias keeps the layout readable
    as_of = dt.date.fromisoformat(report["as_of"])
    totals = report["totals"]
    title = heading(report, lang)
    doc = report.get("document") or {}
    ref = f'<div class="ref">{escape(str(doc["ref"]))}</div>' if doc.get("ref") else ""
    body = [
        f'<header class="doc"><h1>{escape(title)}</h1>{ref}</header>',
        f'<div class="meta">{escape(L("rep.as_of", date=report["as_of"], count=totals["items"]))}',
    ]
    if any(p["illustrative"] for p in report["plans"]):
        body.append(" " + escape(L("word.illustrative")))
    body.append("</div>")
    lights = "".join(f"<span>{_light(k, lang, light_total_label(k, lang))} {v}</span>" for k, v in totals["lights"].items())
    buckets = "".join(f"<span>{escape(L('bucket.' + k))} {v}</span>" for k, v in totals["buckets"].items())
    body.append(f'<div class="totals">{lights}</div><div class="totals">{buckets}</div>')

    period = report["period"]
    if period:
        body.append(f"<h2>{escape(L('rep.period', since=period['since'], until=period['until']))}</h2>")
        body.append(f"<p>{escape(period_summary(period, lang))}</p>")
        rows = [
            [escape(c["date"]), escape(c["id"]), escape(L(label(c["event"]))), escape(c["by"]), escape(change_text(c, lang))]
            for c in period["changes"]
        ]
        if rows:
            body.append(_table([L("f.date"), L("f.id"), L("f.event"), L("f.by"), L("f.detail")], rows, wide=frozenset({4})))
        if period["items"]:
            body.append(f"<h3>{escape(L('rep.news'))}</h3>")
            news = [[escape(c) for c in news_cells(item, lang)] for item in period["items"]]
            body.append(_table([L(k) for k in NEWS_HEADERS], news, wide=frozenset({1, 3, 4, 5})))
    if report.get("extension_requests"):
        body.append(f"<h2>{escape(L('dash.requests', count=len(report['extension_requests'])))}</h2>")
        rows = [
            [escape(r["id"]), escape(r["title"]), escape(r["lead_unit"] or ""), escape(r["by"]),
             escape(r["date"] + (" " + L("word.late_request") if r["late"] else "")), escape(r["due"] or ""),
             escape(r["reason"] or "")]
            for r in report["extension_requests"]
        ]  # fmt: skip
        headers = [L(k) for k in ("f.id", "f.title", "f.lead_unit", "f.by", "f.date", "f.due", "f.detail")]
        body.append(_table(headers, rows, wide=frozenset({1, 6})))
    if report["ranking"]:
        body.append(f"<h2>{escape(L('rep.ranking'))}</h2>")
        rows = [[escape(c) for c in ranking_cells(r, lang)] for r in report["ranking"]]
        body.append(_table([L(k) for k in RANKING_HEADERS], rows, RANKING_NUMERIC))
        body.append(f'<p class="rule">{escape(rule_text(report, lang))}</p>')
    warnings = [
        [escape(w["id"]), escape(w["title"]), escape(w["lead_unit"] or ""), escape(w["owner"] or ""),
         _light(w["light"], lang), escape(reasons_cell(w, lang))]
        for w in report["warnings"]
    ]  # fmt: skip
    body.append(f"<h2>{escape(L('rep.warnings', count=len(warnings)))}</h2>")
    body.append(
        _table([L(k) for k in ("f.id", "f.title", "f.lead_unit", "f.owner", "f.light", "rep.reasons")], warnings, wide=WIDE_1_5)
        if warnings
        else f"<p>{escape(L('empty'))}</p>"
    )
    overdue = [
        [escape(r["id"]), escape(r["title"]), escape(r["lead_unit"] or ""), escape(r["owner"] or ""),
         escape(L("state." + r["state"])), str(r["overdue_days"])]
        for r in report["overdue"]
    ]  # fmt: skip
    body.append(f"<h2>{escape(L('dash.overdue', count=len(overdue)))}</h2>")
    overdue_headers = [L(k) for k in ("f.id", "f.title", "f.lead_unit", "f.owner", "f.state", "f.overdue_days")]
    body.append(
        _table(overdue_headers, overdue, frozenset({5}), frozenset({1}))
        if overdue
        else f"<p>{escape(L('empty'))}</p>"
    )
    soon = [
        [escape(r["id"]), escape(r["title"]), escape(r["lead_unit"] or ""), escape(r["due"] or ""), _bar(r["progress"])]
        for r in report["due_soon"]
    ]
    body.append(f"<h2>{escape(L('dash.due_soon', days=report.get('soon_days', 14), count=len(soon)))}</h2>")
    body.append(
        _table([L("f.id"), L("f.title"), L("f.lead_unit"), L("f.due"), L("f.progress")], soon, wide=frozenset({1}))
        if soon
        else f"<p>{escape(L('empty'))}</p>"
    )

    for area in report["areas"]:
        body.append(f'<section class="area"><h2>{escape(area["label"])}</h2>')
        body.append(f"<p>{escape(area_summary(area, lang))}</p>")
        body.append(gantt_svg(area["items"], as_of, lang))
        rows = [
            [
                escape(r["id"]),
                escape(r["title"]),
                escape(r["lead_unit"] or ""),
                escape(r["owner"] or ""),
                escape(r["due"] or ""),
                escape(L("state." + r["state"])),
                _bar(r["progress"]),
                _light(r["light"], lang),
                escape(targets_text(r)),
                escape(note_text(r)),
            ]
            for r in area["items"]
        ]
        headers = [L(key) for key in LEDGER]
        body.append(_table(headers, rows, wide=frozenset({1, 8, 9})))
        for r in area["items"]:
            if r.get("evidence"):  # 佐证材料, linked by their path in the workspace
                links = " ".join(
                    f'<a href="{escape(quote(f["path"]))}">{escape(f["path"].rsplit("/", 1)[-1])}</a>' for f in r["evidence"]
                )
                body.append(f'<p class="evidence">{escape(r["id"])} {escape(L("doc.evidence"))}: {links}</p>')
        body.append("</section>")
    issuer = f"<div>{escape(str(doc['issuer']))}</div>" if doc.get("issuer") else ""
    body.append(f'<footer class="sign">{issuer}<div>{escape(sign_date(report, lang))}</div></footer>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    css = CSS % {"page": doc.get("page") or "landscape"}
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
