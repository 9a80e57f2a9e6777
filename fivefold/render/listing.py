"""`list` as a plain table: one row per item, written directly (no per-row rich Table)."""

from __future__ import annotations

from fivefold.i18n import t
from fivefold.model import STATES
from fivefold.records import Row
from fivefold.render.text import bar, table, width

LIGHT_COLOUR = {"green": "green", "yellow": "yellow", "red": "red", "done": "cyan", "none": "dim"}


def progress_cell(percent: float, fancy: bool) -> str:
    return f"{bar(percent)} {percent:3.0f}%" if fancy else f"{percent:.0f}%"


# Fitting `list` into the width (a terminal, or COLUMNS): the title narrows first, down to TITLE_FLOOR
# cells (cut with …); then columns drop in this order: owner, lead unit, progress, due date. The id, the
# title, the state and the light always stay (and the workspace, when several are shown).
TITLE_FLOOR = 20
DROP_ORDER = (4, 3, 6, 5)  # owner, lead_unit, progress, due (indices of the columns below)


def render_list(rows: list[Row], lang: str, *, colour: bool, max_width: int | None, bars: bool | None = None) -> str:
    """`max_width`: fit the table into it (see DROP_ORDER); None (piped, no COLUMNS, or --wide): full rows.
    `bars`: draw progress bars (on a terminal; default: when there is a width)."""
    if not rows:
        return t("nothing_matches", lang)
    fancy = max_width is not None if bars is None else bars
    headers = [t(f"f.{k}", lang) for k in ("id", "title", "state", "lead_unit", "owner", "due", "progress", "light")]
    several = rows[0].workspace is not None  # rows from several workspaces: which one, in a last column
    if several:
        headers.append(t("f.workspace", lang))
    states = {s: t(f"state.{s}", lang) for s in STATES}
    lights = {k: t(f"light.{k}", lang) for k in LIGHT_COLOUR}
    body, colours = [], []
    for r in rows:
        late = f" +{r.overdue_days}" if r.overdue_days and r.state not in ("closed", "cancelled") else ""
        progress = r.progress
        body.append(
            [
                r.id,
                r.title,
                states[r.state],
                r.lead_unit or "",
                r.owner or "",
                (t("f.ongoing", lang) if r.ongoing else r.due or "") + late,
                progress_cell(progress, True) if fancy else f"{progress:.0f}%",
                lights[r.light],
            ]
        )
        if several:
            body[-1].append(r.workspace or "")
        if colour:
            light = LIGHT_COLOUR[r.light]
            colours.append([None, None, None, None, None, "red" if late else None, light, light] + [None] * several)
    if fancy and max_width is not None and not _fits(headers, body, max_width):
        return render_list(rows, lang, colour=colour, max_width=max_width, bars=False)  # bars are the first thing to go
    return table(
        headers,
        body,
        right=frozenset({6}),
        colours=colours if colour else None,
        colour=colour,
        max_width=max_width,
        shrink=1,
        shrink_floor=TITLE_FLOOR,
        drop=DROP_ORDER,
    )


def _fits(headers: list[str], body: list[list[str]], max_width: int) -> bool:
    widths = [max(width(h), *(width(row[i]) for row in body)) for i, h in enumerate(headers)]
    return sum(widths) + 2 * (len(widths) - 1) <= max_width
