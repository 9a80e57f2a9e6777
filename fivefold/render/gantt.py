"""The terminal Gantt chart (挂图作战): items against time, planned span, the done part filled,
steps as milestones, a today marker, coloured by light. Plain mode uses ASCII only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.controlchars import visible
from fivefold.dates import add_days, next_month
from fivefold.i18n import t
from fivefold.render.listing import LIGHT_COLOUR
from fivefold.render.text import fit, pad, paint

FANCY = {"done": "█", "plan": "░", "ms": "◇", "msd": "◆", "today": "│", "mark": "▼", "sep": "│"}
PLAIN = {"done": "=", "plan": "-", "ms": "o", "msd": "*", "today": "|", "mark": "v", "sep": "|"}


def _ticks(start: dt.date, end: dt.date, scale: str) -> list[tuple[dt.date, str, str]]:
    """(date, long label, short label) at each period start inside the window."""
    ticks = []
    if scale == "week":
        monday: dt.date | None = add_days(start, (7 - start.weekday()) % 7)
        while monday is not None and monday <= end and monday.weekday() == 0:
            ticks.append((monday, f"{monday.month}/{monday.day}", f"{monday.day}"))
            monday = monday + dt.timedelta(days=7) if monday <= dt.date.max - dt.timedelta(days=7) else None
    else:
        first: dt.date | None = start.replace(day=1)
        if first is not None and first < start:
            first = next_month(first)
        while first is not None and first <= end:
            ticks.append((first, f"{first.year % 100:02d}-{first.month:02d}", f"{first.month}"))
            first = next_month(first)
    return ticks


def render_gantt(
    rows: list[dict[str, Any]],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    scale: str,
    lang: str,
    width: int,
    fancy: bool,
) -> str:
    ch = FANCY if fancy else PLAIN
    label_w = max(16, min(36, width * 2 // 5))
    chart_w = max(10, width - label_w - 1)
    days = (end - start).days + 1

    def x(day: dt.date) -> int:
        return min(chart_w - 1, max(0, (day - start).days * chart_w // days))

    lines = [t("gantt.title", lang, start=start.isoformat(), end=end.isoformat(), as_of=as_of.isoformat())]
    header = [" "] * chart_w
    ticks = _ticks(start, end, scale)
    # the last label first, whole (ending at the chart's edge if it must): the others make room for it
    for n, (day, long, short) in enumerate(ticks[-1:] + ticks[:-1]):
        col = x(day)
        if n == 0 and col + len(long) > chart_w:
            col = max(0, chart_w - len(long))
        for label in (long, short):
            if col + len(label) <= chart_w and all(c == " " for c in header[max(0, col - 1) : col + len(label) + 1]):
                header[col : col + len(label)] = list(label)
                break
    marker = [" "] * chart_w
    today_in = start <= as_of <= end
    if today_in:
        marker[x(as_of)] = ch["mark"]
    lines.append(pad("", label_w) + " " + "".join(header).rstrip())
    if today_in:
        lines.append(pad("", label_w) + " " + "".join(marker).rstrip())

    shown = [r for r in rows if r["due"] >= start and r["start"] <= end]
    if not shown:
        lines.append(t("gantt.empty", lang))
        return "\n".join(lines)
    group = None
    for r in shown:
        if r["group"] != group:
            group = r["group"]
            name = visible(str(group))
            lines.append(paint(f"【{name}】" if lang == "zh" else f"[{name}]", "bold", fancy))
        cells = [" "] * chart_w
        kinds = [""] * chart_w
        x0, x1 = x(max(r["start"], start)), x(min(r["due"], end))
        for col in range(x0, x1 + 1):
            cells[col], kinds[col] = ch["plan"], "plan"
        span = (r["due"] - r["start"]).days
        done_until = r["start"] + dt.timedelta(days=round(span * r["progress"] / 100))
        if r["progress"] > 0 and done_until >= start:
            for col in range(x0, x(min(done_until, end)) + 1):
                cells[col], kinds[col] = ch["done"], "done"
        for day, done in r["milestones"]:
            if start <= day <= end:
                cells[x(day)], kinds[x(day)] = (ch["msd"], "ms") if done else (ch["ms"], "ms")
        if today_in and cells[x(as_of)] == " ":
            cells[x(as_of)], kinds[x(as_of)] = ch["today"], "today"
        colour = LIGHT_COLOUR[r["light"]]
        bar = "".join(
            paint(c, colour if k in ("done", "plan", "ms") else "dim", fancy and k != "")
            for c, k in zip(cells, kinds, strict=True)
        ).rstrip()
        label = pad(fit(visible(f"{r['id']} {r['title']}"), label_w), label_w)
        lines.append(f"{label}{ch['sep']}{bar}")
    lines.append(t("gantt.legend", lang, done=ch["done"], plan=ch["plan"], ms=ch["ms"], msd=ch["msd"], today=ch["today"]))
    return "\n".join(lines)
