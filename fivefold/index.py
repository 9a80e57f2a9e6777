"""The list index: one row per item as of a date (what `list` and `dashboard` show) and its trace
of log events, cached per file under .fivefold/cache/index, so a warm run reads no YAML and
replays no log. Rows are each item's own figures; parents are rolled up after loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
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


def load_index(ws: Workspace, as_of: dt.date, progress: Progress | None = None, *, traces: bool = False) -> Index:
    """Rows as of a date for every item file (and, with `traces`, each item's log trace)."""
    settings = ws.settings()
    plans, problems = ws.load_plans()
    tag = (_version(), as_of.toordinal(), _fingerprint(settings, plans))
    row_store = cache.FileCache(ws.state / "cache" / "index", tag)
    trace_store = cache.FileCache(ws.state / "cache" / "traces", (_version(),))
    files = ws.scan(plans)
    rows, stale_rows = _split(row_store.load(), files)
    trails, stale_trails = _split(trace_store.load(), files) if traces else ({}, [])
    needed = {f.rel: f for f in stale_rows + stale_trails}
    if needed:
        loaded = ws.read_items(list(needed.values()), progress, use_cache=len(needed) > FEW)
        for rel, (entry, result) in loaded.items():
            f = needed[rel]
            if isinstance(result, list):
                payload: tuple[Any, ...] = ("bad", tuple(_problem_tuple(p) for p in result))
                rows[rel] = (entry[0], entry[1], payload)
                trails[rel] = (entry[0], entry[1], ())
                continue
            rows[rel] = (entry[0], entry[1], ("ok", own_row(result, as_of, thresholds_for(settings, plans.get(f.plan)))))
            if traces:
                trails[rel] = (entry[0], entry[1], trace_rows(result))
        row_store.save(rows)
        if traces:
            trace_store.save(trails)
    index = _assemble(files, rows, settings, plans, problems)
    if traces:
        index.traces = {r["id"]: trails[r["_rel"]][2] for r in index.rows}
    for r in index.rows:
        del r["_rel"]
    return index


def _split(entries: dict[str, tuple[Any, ...]], files: list[ItemFile]) -> tuple[dict[str, tuple[Any, ...]], list[ItemFile]]:
    """The entries still valid for the files scanned, and the files that need reading."""
    fresh, stale = {}, []
    for f in files:
        entry = entries.get(f.rel)
        if entry is not None and cache.valid(entry, f.stat, f.full):
            fresh[f.rel] = entry
        else:
            stale.append(f)
    return fresh, stale


def _assemble(
    files: list[ItemFile],
    entries: dict[str, tuple[Any, ...]],
    settings: Settings,
    plans: dict[str, Plan],
    problems: list[Problem],
) -> Index:
    rows: list[dict[str, Any]] = []
    seen: dict[str, Any] = {}
    for f in files:
        payload = entries[f.rel][2]
        if payload[0] == "bad":
            shown = display(f.path)
            problems.extend(Problem(shown, k, params, line, col, tuple(kp)) for k, params, line, col, kp in payload[1])
            continue
        row = dict(zip(ROW_KEYS, payload[1], strict=True))
        row["_rel"] = f.rel
        key = row["id"].upper()
        if key in seen:
            other = display(Path(seen[key]))
            problems.append(Problem(display(f.path), "duplicate_id", {"id": row["id"], "other": other}, 1, 1))
            continue
        seen[key] = f.full
        rows.append(row)
    cyclic = in_parent_cycles({r["id"]: r["parent"] for r in rows})
    if cyclic:
        problems.extend(Problem(display(Path(seen[i.upper()])), "parent_cycle", {"id": i}, 1, 1) for i in cyclic)
        rows = [r for r in rows if r["id"] not in set(cyclic)]
    roll_up({r["id"]: r for r in rows})
    for r in rows:
        r["progress"], r["expected"], r["lag"] = round(r["progress"], 1), round(r["expected"], 1), round(r["lag"], 1)
        del r["weight"]  # needed for the roll-up only
    return Index(settings, plans, rows, {}, problems)


def _version() -> str:
    from fivefold import __version__

    return __version__
