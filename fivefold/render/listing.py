"""`list` as a plain table: one row per item, written directly (no per-row rich Table)."""

from __future__ import annotations

from fivefold.i18n import t
from fivefold.model import STATES
from fivefold.records import Row
from fivefold.render.text import bar, table

LIGHT_COLOUR = {"green": "green", "yellow": "yellow", "red": "red", "done": "cyan", "none": "dim"}


def progress_cell(percent: float, fancy: bool) -> str:
    return f"{bar(percent)} {percent:3.0f}%" if fancy else f"{percent:.0f}%"


def render_list(rows: list[Row], lang: str, *, colour: bool, max_width: int | None) -> str:
    """`max_width` (a terminal) cuts long titles and draws bars; piped output is never cut."""
    if not rows:
        return t("nothing_matches", lang)
    fancy = max_width is not None
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
    return table(
        headers, body, right=frozenset({6}), colours=colours if colour else None, colour=colour, max_width=max_width, shrink=1
    )
