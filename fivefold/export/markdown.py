"""The report as Markdown, for pasting into documents and chats."""

from __future__ import annotations

import re
from typing import Any

from fivefold.controlchars import visible
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

# What user text could turn into markup: a table break (|), raw HTML (< >, an entity &lt;), a link or an
# image ([ ]), and the backslash that would undo an escape. Each is written so it shows as typed.
_MARKUP = re.compile(r"[\\|<>\[\]]|&(?=#?[0-9A-Za-z]+;)")
_ESCAPED = {"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _cell(text: Any) -> str:
    """User text in a table cell or a heading: every kind of line break (LF, CRLF, CR, U+2028…) a space,
    other control characters visible, and nothing that Markdown would read as HTML, a link or a table break."""
    text = visible(" ".join(str(text if text is not None else "").splitlines()))
    return _MARKUP.sub(lambda m: _ESCAPED[m.group()], text)


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render(report: dict[str, Any], lang: str) -> str:
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731 - a short alias keeps the layout readable
    totals = report["totals"]
    doc = report.get("document") or {}
    lines = [f"# {_cell(heading(report, lang))}", ""]
    if doc.get("ref"):
        lines += [_cell(doc["ref"]), ""]
    lines.append(L("rep.as_of", date=report["as_of"], count=totals["items"]))
    if any(p["illustrative"] for p in report["plans"]):
        lines.append(L("word.illustrative"))
    lines.append("")
    comma = "，" if lang == "zh" else ", "
    lines.append(
        "- " + L("f.light") + ": " + comma.join(f"{light_total_label(k, lang)} {v}" for k, v in totals["lights"].items())
    )
    lines.append("- " + L("f.bucket") + ": " + comma.join(f"{L('bucket.' + k)} {v}" for k, v in totals["buckets"].items()))

    period = report["period"]
    if period:
        lines += ["", f"## {L('rep.period', since=period['since'], until=period['until'])}", ""]
        lines.append(period_summary(period, lang))
        if period["newly_red"]:
            lines += ["", f"{L('rep.newly_red')}: " + "、".join(period["newly_red"])]
        if period["changes"]:
            lines.append("")
            lines += _table(
                [L("f.date"), L("f.id"), L("f.event"), L("f.by"), L("f.detail")],
                [[c["date"], c["id"], L(label(c["event"])), c["by"], change_text(c, lang)] for c in period["changes"]],
            )
        if period["items"]:
            lines += ["", f"### {L('rep.news')}", ""]
            lines += _table([L(k) for k in NEWS_HEADERS], [news_cells(item, lang) for item in period["items"]])

    if report.get("extension_requests"):
        lines += ["", f"## {L('dash.requests', count=len(report['extension_requests']))}", ""]
        lines += _table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.by"), L("f.date"), L("f.due"), L("f.detail")],
            [[r["id"], r["title"], r["lead_unit"] or "", r["by"], r["date"] + (" " + L("word.late_request") if r["late"] else ""),
              r["due"] or "", r["reason"] or ""] for r in report["extension_requests"]],
        )  # fmt: skip

    if report["ranking"]:
        lines += ["", f"## {L('rep.ranking')}", ""]
        lines += _table([L(k) for k in RANKING_HEADERS], [ranking_cells(r, lang) for r in report["ranking"]])
        lines += ["", _cell(rule_text(report, lang))]

    for area in report["areas"]:
        lines += ["", f"## {_cell(area['label'])}", ""]
        lines.append(area_summary(area, lang))
        lines.append("")
        headers = [L(key) for key in LEDGER]
        rows = [
            [
                r["id"],
                r["title"],
                r["lead_unit"],
                r["owner"],
                r["due"],
                L("state." + r["state"]),
                pct(r["progress"]),
                L("light." + r["light"]),
                targets_text(r),
                note_text(r),
            ]
            for r in area["items"]
        ]
        lines += _table(headers, rows)

    lines += ["", f"## {L('rep.warnings', count=len(report['warnings']))}", ""]
    if report["warnings"]:
        lines += _table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.owner"), L("f.light"), L("rep.reasons")],
            [[w["id"], w["title"], w["lead_unit"], w["owner"], L("light." + w["light"]), reasons_cell(w, lang)]
             for w in report["warnings"]],
        )  # fmt: skip
    else:
        lines.append(L("empty"))

    lines += ["", f"## {L('dash.overdue', count=len(report['overdue']))}", ""]
    if report["overdue"]:
        lines += _table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.owner"), L("f.state"), L("f.overdue_days")],
            [[r["id"], r["title"], r["lead_unit"], r["owner"], L("state." + r["state"]), r["overdue_days"]]
             for r in report["overdue"]],  # fmt: skip
        )
    else:
        lines.append(L("empty"))
    days = report.get("soon_days", 14)
    lines += ["", f"## {L('dash.due_soon', days=days, count=len(report['due_soon']))}", ""]
    if report["due_soon"]:
        lines += _table(
            [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.due"), L("f.progress")],
            [[r["id"], r["title"], r["lead_unit"], r["due"], pct(r["progress"])] for r in report["due_soon"]],
        )
    else:
        lines.append(L("empty"))
    # the 落款: who issues it and when
    lines += ["", "---", ""] + ([_cell(doc["issuer"]), ""] if doc.get("issuer") else []) + [sign_date(report, lang)]
    return "\n".join(lines) + "\n"
