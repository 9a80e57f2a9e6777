"""`list` as a plain table: one row per item, written directly (no per-row rich Table)."""

from __future__ import annotations

from operator import attrgetter

from fivefold.i18n import t
from fivefold.model import STATES
from fivefold.records import Row
from fivefold.render.text import bar, table_of_columns, width

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
    ongoing = t("f.ongoing", lang)
    # built column by column (map runs at C speed): a list of 10,000 rows is written in one pass per column
    lates = [f" +{r.overdue_days}" if r.overdue_days and r.state not in ("closed", "cancelled") else "" for r in rows]
    progress = list(map(attrgetter("progress"), rows))
    columns = [
        list(map(attrgetter("id"), rows)),
        list(map(attrgetter("title"), rows)),
        list(map(states.__getitem__, map(attrgetter("state"), rows))),
        [unit or "" for unit in map(attrgetter("lead_unit"), rows)],
        [owner or "" for owner in map(attrgetter("owner"), rows)],
        [(ongoing if r.ongoing else r.due or "") + late for r, late in zip(rows, lates, strict=True)],
        [progress_cell(p, True) for p in progress] if fancy else list(map("{:.0f}%".format, progress)),
        list(map(lights.__getitem__, map(attrgetter("light"), rows))),
    ]
    if several:
        columns.append([ws or "" for ws in map(attrgetter("workspace"), rows)])
    colours = None
    if colour:
        colours = [
            [None, None, None, None, None, "red" if late else None, LIGHT_COLOUR[light], LIGHT_COLOUR[light]] + [None] * several
            for late, light in zip(lates, map(attrgetter("light"), rows), strict=True)
        ]
    if fancy and max_width is not None and not _fits(headers, columns, max_width):
        return render_list(rows, lang, colour=colour, max_width=max_width, bars=False)  # bars are the first thing to go
    return table_of_columns(
        headers,
        columns,
        right=frozenset({6}),
        colours=colours,
        colour=colour,
        max_width=max_width,
        shrink=1,
        shrink_floor=TITLE_FLOOR,
        drop=DROP_ORDER,
    )


def _fits(headers: list[str], columns: list[list[str]], max_width: int) -> bool:
    widths = [max(width(h), *map(width, column)) for h, column in zip(headers, columns, strict=True)]
    return sum(widths) + 2 * (len(widths) - 1) <= max_width
