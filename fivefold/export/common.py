"""Words shared by the report formats: column labels and the few cell texts they all show."""

from __future__ import annotations

from typing import Any

from fivefold.i18n import t

# The 台账 columns of the md and html reports (label keys), in order.
LEDGER = ("f.id", "f.title", "f.lead_unit", "f.owner", "f.due", "f.state", "f.progress", "f.light", "f.targets", "rep.latest")


def pct(value: float) -> str:
    return f"{value:.0f}%"


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


# Beside a target's value: whether it must rise (产值) or fall (PM2.5 浓度) to it.
ARROWS = {"up": "↑", "down": "↓"}


def targets_text(row: dict[str, Any]) -> str:
    parts = []
    for target in row["targets"]:
        actual = f"{number(target['actual'])}/" if target["actual"] is not None else ""
        arrow = ARROWS.get(target.get("direction") or "up", "")
        parts.append(f"{target['name']} {actual}{arrow}{number(target['target'])}{target['unit'] or ''}")
    return "；".join(parts)


def steps_text(row: dict[str, Any], lang: str) -> str:
    parts = []
    for s in row["steps_detail"]:
        mark = "✓" if s["done"] else (pct(s["progress"]) if s["progress"] else "")
        due = s["due"] or ""
        if s["due"] and s["due_planned"] != s["due"]:
            due += f"（{t('f.due_planned', lang)} {s['due_planned']}）"
        parts.append(" ".join(p for p in (s["id"], s["title"], due, mark) if p))
    return "；".join(parts)


# What a spreadsheet (Excel, WPS, LibreOffice) may run as a formula or a DDE call when it opens a cell:
# = + - @ and their fullwidth forms (an IME types ＝), and | ; also when spaces, tabs or line breaks
# come first, since some spreadsheets and importers trim them away.
_FORMULA_START = frozenset("=+-@|＝＋－＠")


def spreadsheet_cell(value: Any) -> Any:
    """A cell as a spreadsheet should show it, never run it: text that could start a formula gets a
    leading quote ('=SUM(A1) shows as =SUM(A1)). Numbers stay numbers, negative ones too: an int or a
    float is never a formula, and a numeric column (progress, days late) must stay summable. For the csv
    export and any other spreadsheet format (xlsx)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    first = text.lstrip()[:1]
    if first in _FORMULA_START or text[:1] in ("\t", "\r", "\n"):
        return "'" + text
    return text


def one_line(text: str) -> str:
    """Every kind of line break (LF, CRLF, CR, U+2028…) as one space."""
    return " ".join(text.splitlines())


def note_text(row: dict[str, Any]) -> str:
    note = row["latest_note"]
    return one_line(f"{note['date']} {note['text']}") if note else ""


def change_text(change: dict[str, Any], lang: str) -> str:
    from fivefold.wording import change_words

    return one_line(change_words(change, lang))


def heading(report: dict[str, Any], lang: str) -> str:
    given = (report.get("document") or {}).get("title")
    if given:
        return str(given)
    titles = "、".join(p["title"] for p in report["plans"]) if lang == "zh" else "; ".join(p["title"] for p in report["plans"])
    return f"{titles} — {t('rep.title', lang)}" if titles else t("rep.title", lang)


def light_total_label(light: str, lang: str) -> str:
    """A light's name in a totals line: "—" means nothing in a sentence, so `none` is spelled out."""
    return t("dash.no_light" if light == "none" else f"light.{light}", lang)


def area_summary(area: dict[str, Any], lang: str) -> str:
    """The sentence under a focus area's heading: items, closed, lights and mean progress."""
    return t("rep.area_summary", lang, items=len(area["items"]), closed=area["closed"], green=area["green"],
             yellow=area["yellow"], red=area["red"], progress=pct(area["progress"]))  # fmt: skip


def period_summary(period: dict[str, Any], lang: str) -> str:
    """The sentence under the period heading: how many changes, closed, newly red, extended, sent back."""
    return t("rep.period_summary", lang, changes=len(period["changes"]), closed=len(period["closed"]),
             red=len(period["newly_red"]), ext=len(period["extensions"]), rect=len(period["rectifications"]))  # fmt: skip


# --- the 红黑榜 and the warnings, the same in every format ----------------------------------------

RANKING_HEADERS = (
    "rep.rank", "f.lead_unit", "rep.board", "rep.overdue_count", "dash.col_red", "dash.col_yellow",
    "dash.col_on_time", "rep.report_rate", "rep.lag", "dash.col_items", "dash.col_closed", "rep.instructions", "rep.urges",
)  # fmt: skip
# The ranking row's keys in RANKING_HEADERS' order (a workbook keeps numbers as numbers).
RANKING_KEYS = (
    "rank", "label", "board", "overdue", "red", "yellow", "on_time_rate", "report_rate", "lag", "items", "closed",
    "instructions", "urges",
)  # fmt: skip
RANKING_NUMERIC = frozenset({0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})


def ranking_cells(r: dict[str, Any], lang: str) -> list[str]:
    """A ranking row as text cells, in RANKING_HEADERS order ("—": no rate, no report owed, or nothing open)."""
    rate = "—" if r["on_time_rate"] is None else pct(r["on_time_rate"])
    reported = "—" if r.get("report_rate") is None else pct(r["report_rate"])
    lag = "—" if r["lag"] is None else f"{r['lag']:.1f}"
    board = t(f"board.{r['board']}", lang) if r["board"] else ""
    return [str(r["rank"]), r["label"], board, str(r["overdue"]), str(r["red"]), str(r["yellow"]), rate, reported, lag,
            str(r["items"]), str(r["closed"]), str(r.get("instructions", 0)), str(r.get("urges", 0))]  # fmt: skip


def rule_text(report: dict[str, Any], lang: str) -> str:
    """The ranking rule printed under the 红黑榜, in the configured order of criteria."""
    sep = "、" if lang == "zh" else ", "
    return t("rep.rule", lang, criteria=sep.join(t("crit." + c, lang) for c in report["ranking_key"]))


def reasons_cell(row: dict[str, Any], lang: str) -> str:
    """A row's reasons (`{"code", "params"}`) in words, on one line."""
    from fivefold.wording import reasons_line

    return reasons_line(((w["code"], w["params"]) for w in row["reasons"]), lang)



def _figure(value: Any) -> str:
    return number(float(value)) if value is not None else ""


def news_text(entry: dict[str, Any], lang: str, *, dated: bool = True) -> str:
    """One entry of an item's period news (report.period_items) in words, on one line."""
    what = entry["what"]
    if what in ("step_done", "step_progress"):
        text = t(f"news.{what}", lang, step=entry["subject"], title=entry["title"] or "", value=_figure(entry["value"]))
        if entry.get("text"):
            text += ("：" if lang == "zh" else ": ") + str(entry["text"])
    elif what == "measure":
        text = t("news.measure", lang, subject=entry["subject"], value=_figure(entry["value"]))
    elif what == "blocked":
        text = t("news.blocked", lang, text=entry["text"])
    elif what == "step":
        text = t("news.step", lang, step=entry["subject"], title=entry["title"], due=entry["due"] or "—")
    else:
        text = str(entry["text"])
    date = entry.get("date")
    return one_line(f"{date} {text}" if dated and date else text)


def news_cell(entries: list[dict[str, Any]], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(news_text(e, lang) for e in entries)


NEWS_HEADERS = ("f.id", "f.title", "f.lead_unit", "rep.progress", "rep.problems", "rep.next")


def news_cells(item: dict[str, Any], lang: str) -> list[str]:
    """A row of the per-item period table, in NEWS_HEADERS order."""
    upcoming = news_text(item["next"], lang) if item["next"] else ""
    return [item["id"], item["title"], item["lead_unit"] or "", news_cell(item["progress"], lang),
            news_cell(item["problems"], lang), upcoming]  # fmt: skip


def sign_date(report: dict[str, Any], lang: str) -> str:
    """The date under the 落款: 2026年11月27日 in Chinese, ISO otherwise."""
    day = (report.get("document") or {}).get("date") or report["as_of"]
    if lang != "zh":
        return str(day)
    year, month, date = str(day).split("-")
    return f"{year}年{int(month)}月{int(date)}日"


def printable_page(title: str, style: str, body: list[str], lang: str) -> str:
    """A self-contained printable page (a notice, a 任务书): the escaped title, the style, the body's
    lines of markup."""
    from html import escape

    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )

