"""The dashboard (DESIGN §7): totals, per-area and per-unit tables (红黑榜), overdue, due soon and
recent changes. Written with the CJK-aware table writer; only titles are cut to fit the width.
Plain mode: no colour, ASCII bars."""

from __future__ import annotations

from typing import Any

from fivefold.events import label
from fivefold.i18n import t
from fivefold.render.listing import LIGHT_COLOUR
from fivefold.render.text import paint, table
from fivefold.wording import change_words


def _bar(percent: float, fancy: bool, cells: int = 10) -> str:
    filled = round(max(0.0, min(percent, 100.0)) / 100 * cells)
    full, empty = ("█", "░") if fancy else ("#", "-")
    return f"{full * filled}{empty * (cells - filled)} {percent:3.0f}%"


def _section(
    title: str,
    headers: list[str],
    rows: list[list[str]],
    colours: list[list[str | None]],
    *,
    right: set[int],
    shrink: int,
    width: int,
    fancy: bool,
    empty: str,
    limit: int | None = None,
    more: str = "",
) -> list[str]:
    """A titled table; past `limit` rows, the rest is a count with `more` ({count}) saying where to look."""
    if not rows:
        return ["", f"{paint(title, 'bold', fancy)}: {empty}"]
    hidden = len(rows) - limit if limit is not None and len(rows) > limit else 0
    if hidden:
        rows, colours = rows[:limit], colours[:limit]
    body = table(headers, rows, right=frozenset(right), colours=colours, colour=fancy, max_width=width, shrink=shrink)
    return ["", paint(title, "bold", fancy), *body.splitlines(), *([more.format(count=hidden)] if hidden else [])]


def render_dashboard(d: dict[str, Any], lang: str, width: int, fancy: bool, limit: int | None = 20) -> str:
    """One screen: the overdue, due-soon and changes lists show at most `limit` rows (None: all)."""
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731 - a short alias keeps the layout readable
    lines = [
        paint(f"{L('dash.title')} · {L('dash.as_of', date=d['as_of'])} · {L('dash.items', count=d['items'])}", "bold", fancy)
    ]
    # "—" marks no light in a table cell; in the totals it needs a word.
    names = {k: L("dash.no_light" if k == "none" else "light." + k) for k in d["lights"]}
    lights = "  ".join(f"{paint(names[k], LIGHT_COLOUR[k], fancy)} {v}" for k, v in d["lights"].items())
    lines.append(f"{L('f.light')}: {lights}")
    lines.append(f"{L('f.bucket')}: " + "  ".join(f"{L('bucket.' + k)} {v}" for k, v in d["buckets"].items()))

    counts = [L(k) for k in ("dash.col_items", "dash.col_closed", "dash.col_green", "dash.col_yellow", "dash.col_red")]
    groups = [("areas", L("dash.by_area"), L("f.area")), ("units", L("dash.by_unit"), L("f.lead_unit"))]
    if "workspaces" in d:  # several workspaces shown together: one row each first
        groups.insert(0, ("workspaces", L("dash.by_workspace"), L("f.workspace")))
    for key, title, first in groups:
        ranked = key == "units"  # the 红黑榜: rank and overdue count in place of the progress bar (80 columns)
        rows, colours = [], []
        for r in d[key]:
            rate = "—" if r["on_time_rate"] is None else f"{r['on_time_rate']:.0f}%"
            counted = [str(r[k]) for k in ("items", "closed", "green", "yellow", "red")]
            lit = [c if r[c] else None for c in ("green", "yellow", "red")]
            if ranked:
                rows.append([str(r["rank"]), r["label"], *counted, str(r["overdue"]), rate])
                colours.append([None, None, None, None, *lit, "red" if r["overdue"] else None, None])
            else:
                rows.append([r["label"], *counted, _bar(r["progress"], fancy), rate])
                colours.append([None, None, None, *lit, None, None])
        if ranked:
            headers = [L("rep.rank"), first, *counts, L("rep.overdue_count"), L("dash.col_on_time")]
            right, shrink = {0, 2, 3, 4, 5, 6, 7, 8}, 1
        else:
            headers = [first, *counts, L("dash.col_progress"), L("dash.col_on_time")]
            right, shrink = {1, 2, 3, 4, 5, 7}, 0
        lines += _section(
            title, headers, rows, colours, right=right, shrink=shrink, width=width, fancy=fancy, empty=L("empty")
        )

    rows = [[r["id"], r["title"], r["lead_unit"] or "", r["owner"] or "", str(r["overdue_days"])] for r in d["overdue"]]
    colours = [[None, None, None, None, "red"] for _ in rows]
    headers = [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.owner"), L("f.overdue_days")]
    lines += _section(
        L("dash.overdue", count=len(rows)),
        headers,
        rows,
        colours,
        right={4},
        shrink=1,
        width=width,
        fancy=fancy,
        empty=L("empty"),
        limit=limit,
        more=L("dash.more", hint="fivefold list --overdue --sort due"),
    )

    rows = [[r["id"], r["title"], r["lead_unit"] or "", r["due"] or "", _bar(r["progress"], fancy)] for r in d["due_soon"]]
    colours = [[None, None, None, None, LIGHT_COLOUR[r["light"]]] for r in d["due_soon"]]
    headers = [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.due"), L("f.progress")]
    title = L("dash.due_soon", days=d["soon_days"], count=len(rows))
    more = L("dash.more", hint=f"fivefold list --due-before +{d['soon_days']}d --sort due")
    lines += _section(
        title, headers, rows, colours, right=set(), shrink=1, width=width, fancy=fancy, empty=L("empty"), limit=limit, more=more
    )

    if d.get("extension_requests"):
        rows = [[r["id"], r["title"], r["lead_unit"] or "", r["by"], r["date"], r["due"] or ""] for r in d["extension_requests"]]
        colours = [[None, None, None, None, "red" if r["late"] else None, None] for r in d["extension_requests"]]
        headers = [L("f.id"), L("f.title"), L("f.lead_unit"), L("f.by"), L("f.date"), L("f.due")]
        title = L("dash.requests", count=len(rows))
        lines += _section(title, headers, rows, colours, right=set(), shrink=1, width=width, fancy=fancy, empty=L("empty"))

    changes = d["changes"]
    worded = changes if limit is None else changes[:limit]  # a busy week has thousands: the rest are only counted
    rows = [[c["date"], c["id"], L(label(c["event"])), change_words(c, lang)] for c in worded]
    rows += [[] for _ in range(len(changes) - len(worded))]
    title = L("dash.changes", since=d["since"], count=len(rows))
    headers = [L("f.date"), L("f.id"), L("f.event"), L("f.detail")]
    more = L("dash.more", hint=f"fivefold log --since {d['since']}")
    blank: list[list[str | None]] = [[None] * 4 for _ in rows]
    lines += _section(
        title, headers, rows, blank, right=set(), shrink=3, width=width, fancy=fancy, empty=L("empty"), limit=limit, more=more
    )
    return "\n".join(lines)
