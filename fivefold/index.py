"""The list index: one row per item as of a date (what `list` and `dashboard` show) and its trace
of log events, cached per file under .fivefold/cache/index, so a warm run reads no YAML and
replays no log. Rows are each item's own figures; parents are rolled up after loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fivefold import cache
from fivefold.errors import Problem
from fivefold.model import Item, Plan, Settings, thresholds_for
from fivefold.schedule import assess_one, roll_up
from fivefold.store import ItemFile, Progress, Workspace, _problem_tuple, display, in_parent_cycles
from fivefold.views import summary, trace_rows

ROW_KEYS = (
    "id", "title", "plan", "area", "parent", "state", "lead_unit", "owner", "start", "due", "due_planned",
    "progress", "expected", "lag", "light", "bucket", "overdue_days", "closed_on_time", "rectifications",
    "steps", "steps_done", "partner_units", "weight",
)  # fmt: skip
FEW = 50  # up to this many changed files are parsed directly, without loading the items cache


@dataclass(slots=True)
class Index:
    settings: Settings
    plans: dict[str, Plan]
    rows: list[dict[str, Any]]
    traces: dict[str, tuple[tuple[Any, ...], ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def own_row(item: Item, as_of: dt.date, th: dict[str, int]) -> tuple[Any, ...]:
    """The item's own row; progress figures unrounded until its parent has been rolled up."""
    a = assess_one(item, as_of, th)
    row = summary(item, a)
    row["progress"], row["expected"], row["lag"] = a.progress, a.expected, a.lag
    row["partner_units"] = list(item.partner_units)
    row["weight"] = item.weight
    return tuple(row[k] for k in ROW_KEYS)


def _fingerprint(settings: Settings, plans: dict[str, Plan]) -> str:
    return repr((sorted(settings.thresholds.items()), sorted((n, sorted(p.thresholds.items())) for n, p in plans.items())))


def load_index(ws: Workspace, as_of: dt.date, progress: Progress | None = None) -> Index:
    settings = ws.settings()
    plans, problems = ws.load_plans()
    store = cache.FileCache(ws.state / "cache" / "index", (_version(), as_of.toordinal(), _fingerprint(settings, plans)))
    entries = store.load()
    files = ws.scan(plans)
    fresh: dict[str, tuple[Any, ...]] = {}
    stale: list[ItemFile] = []
    for f in files:
        entry = entries.get(_rel(f))
        if entry is not None and cache.valid(entry, f.stat, f.path):
            fresh[_rel(f)] = entry
        else:
            stale.append(f)
    if stale:
        loaded = ws.read_items(stale, progress, use_cache=len(stale) > FEW)
        for f in stale:
            entry, result = loaded[f.path]
            if isinstance(result, list):
                payload: tuple[Any, ...] = ("bad", tuple(_problem_tuple(p) for p in result))
            else:
                payload = ("ok", own_row(result, as_of, thresholds_for(settings, plans.get(f.plan))), trace_rows(result))
            fresh[_rel(f)] = (entry[0], entry[1], payload)
    if stale or len(fresh) != len(entries):
        store.save(fresh)
    return _assemble(files, fresh, settings, plans, problems)


def _assemble(
    files: list[ItemFile],
    entries: dict[str, tuple[Any, ...]],
    settings: Settings,
    plans: dict[str, Plan],
    problems: list[Problem],
) -> Index:
    rows: list[dict[str, Any]] = []
    traces: dict[str, tuple[tuple[Any, ...], ...]] = {}
    seen: dict[str, Any] = {}
    for f in files:
        payload = entries[_rel(f)][2]
        if payload[0] == "bad":
            shown = display(f.path)
            problems.extend(Problem(shown, k, params, line, col, tuple(kp)) for k, params, line, col, kp in payload[1])
            continue
        row = dict(zip(ROW_KEYS, payload[1], strict=True))
        key = row["id"].upper()
        if key in seen:
            other = display(seen[key])
            problems.append(Problem(display(f.path), "duplicate_id", {"id": row["id"], "other": other}, 1, 1))
            continue
        seen[key] = f.path
        rows.append(row)
        traces[row["id"]] = payload[2]
    cyclic = in_parent_cycles({r["id"]: r["parent"] for r in rows})
    if cyclic:
        problems.extend(Problem(display(seen[i.upper()]), "parent_cycle", {"id": i}, 1, 1) for i in cyclic)
        rows = [r for r in rows if r["id"] not in set(cyclic)]
    roll_up({r["id"]: r for r in rows})
    for r in rows:
        r["progress"], r["expected"], r["lag"] = round(r["progress"], 1), round(r["expected"], 1), round(r["lag"], 1)
        del r["weight"]  # needed for the roll-up only
    return Index(settings, plans, rows, traces, problems)


def _rel(f: ItemFile) -> str:
    return f"{f.plan}/{f.path.name}"


def _version() -> str:
    from fivefold import __version__

    return __version__
