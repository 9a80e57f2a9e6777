"""The list index: one row per item as of a date (what `list` and `dashboard` show) and its trace
of log events, cached per file under .fivefold/cache/index, so a warm run reads no YAML and
replays no log. Rows are each item's own figures; parents are rolled up after loading."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fivefold import cache
from fivefold.errors import Problem
from fivefold.loading import ItemFile, Progress, admit, problem_record, problems_of, read_items, read_plans, read_settings, scan
from fivefold.model import Item, Plan, Settings, canonical_id, thresholds_for
from fivefold.report import item_detail
from fivefold.schedule import Assessment, assess_one, roll_up
from fivefold.views import summary, trace_rows
from fivefold.workspace import Workspace

ROW_KEYS = (
    "id", "title", "plan", "area", "parent", "state", "lead_unit", "owner", "start", "due", "due_planned",
    "progress", "expected", "lag", "light", "bucket", "overdue_days", "closed_on_time", "rectifications",
    "steps", "steps_done", "partner_units", "weight",
)  # fmt: skip
TRACE_WIDTH = 9  # views.trace_rows: (date, at, event, by, from, to, skipped, detail, due)
DETAIL_KEYS = {"goal", "leader", "acceptance", "deliverables", "targets", "steps_detail", "latest_note"}  # report.item_detail
FEW = 50  # up to this many changed files are parsed directly, without loading the items cache


@dataclass(slots=True)
class Index:
    settings: Settings
    plans: dict[str, Plan]
    rows: list[dict[str, Any]]
    traces: dict[str, tuple[tuple[Any, ...], ...]] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def own_row(item: Item, a: Assessment) -> tuple[Any, ...]:
    """The item's own row; progress figures unrounded until its parent has been rolled up."""
    row = summary(item, a)
    row["progress"], row["expected"], row["lag"] = a.progress, a.expected, a.lag
    row["weight"] = item.weight
    return tuple(row[k] for k in ROW_KEYS)


def _fingerprint(settings: Settings, plans: dict[str, Plan]) -> str:
    return repr((sorted(settings.thresholds.items()), sorted((n, sorted(p.thresholds.items())) for n, p in plans.items())))


def load_index(
    ws: Workspace, as_of: dt.date, progress: Progress | None = None, *, traces: bool = False, details: bool = False
) -> Index:
    """Rows as of a date for every item file; with `traces`, each item's log trace; with
    `details`, what a report row shows beyond the list row (fivefold.report.item_detail)."""
    ws.settle()
    settings = read_settings(ws)
    plans, problems = read_plans(ws)
    tag = (as_of.toordinal(), _fingerprint(settings, plans))
    folder = ws.state / "cache"
    row_store = cache.FileCache(folder / f"index-{as_of.isoformat()}", tag)
    detail_store = cache.FileCache(folder / f"details-{as_of.isoformat()}", tag)
    trace_store = cache.FileCache(folder / "traces")
    files = scan(ws, plans, problems)
    rows, stale_rows, rows_changed = _split(row_store, files, _row_shape)
    trails, stale_trails, trails_changed = _split(trace_store, files, _trace_shape) if traces else ({}, [], False)
    extras, stale_extras, extras_changed = _split(detail_store, files, _detail_shape) if details else ({}, [], False)
    needed = {f.rel: f for f in stale_rows + stale_trails + stale_extras}
    if needed:
        loaded = read_items(ws, list(needed.values()), progress, use_cache=len(needed) > FEW)
        for rel, (entry, result) in loaded.items():
            f, key = needed[rel], entry[:2]
            if isinstance(result, list):
                rows[rel] = (*key, ("bad", tuple(problem_record(p) for p in result)))
                trails[rel] = extras[rel] = (*key, ())
                continue
            a = assess_one(result, as_of, thresholds_for(settings, plans.get(f.plan)))
            canonical = canonical_id(result.id) or result.id.upper()  # SY-12 and sy-012 are one id
            rows[rel] = (*key, ("ok", own_row(result, a), canonical) if a.exists else ("absent",))
            if traces:
                trails[rel] = (*key, trace_rows(result))
            if details:
                extras[rel] = (*key, item_detail(result, a, as_of))
        _prune(folder, keep=4)
    kept = [(row_store, rows, rows_changed)]
    kept += [(trace_store, trails, trails_changed)] if traces else []
    kept += [(detail_store, extras, extras_changed)] if details else []
    for store, entries, changed in kept:
        if needed or changed:
            store.save(entries)
    index = _assemble(files, rows, settings, plans, problems)
    if traces:
        index.traces = {r["id"]: trails[r["_rel"]][2] for r in index.rows}
    if details:
        index.details = {r["id"]: extras[r["_rel"]][2] for r in index.rows}
    for r in index.rows:
        del r["_rel"]
    return index


def _split(store: cache.FileCache, files: list[ItemFile], shape: Callable[[Any], bool]) -> tuple[dict[str, Any], list[Any], bool]:
    """cache.split, with entries whose payload has the wrong shape (a damaged or forged cache) read again.
    The shapes are checked on every warm run: a cache is trusted for speed, never for its form."""
    fresh, stale, changed = cache.split(store.load(), files)
    wrong = [f for f in files if f.rel in fresh and not shape(fresh[f.rel][2])]
    for f in wrong:
        del fresh[f.rel]
    return fresh, stale + wrong, changed or bool(wrong)


def _row_shape(payload: Any) -> bool:
    if type(payload) is not tuple or not payload:
        return False
    if payload[0] == "ok":
        return len(payload) == 3 and type(payload[1]) is tuple and len(payload[1]) == len(ROW_KEYS) and type(payload[2]) is str
    if payload[0] == "bad":
        return len(payload) == 2 and type(payload[1]) is tuple and all(type(p) is tuple and len(p) == 5 for p in payload[1])
    return payload == ("absent",)


def _trace_shape(payload: Any) -> bool:
    return type(payload) is tuple and all(type(e) is tuple and len(e) == TRACE_WIDTH for e in payload)


def _detail_shape(payload: Any) -> bool:
    return type(payload) is dict and payload.keys() == DETAIL_KEYS


def _prune(folder: Path, keep: int) -> None:
    """Keep the row and detail caches of the few most recently used dates."""
    for kind in ("index-", "details-"):
        stamped = []
        for path in folder.glob(f"{kind}*"):
            with contextlib.suppress(OSError):  # another reader may prune it at the same moment
                stamped.append((path.stat().st_mtime_ns, path))
        for _, old in sorted(stamped, reverse=True)[keep:]:
            old.unlink(missing_ok=True)


def _assemble(
    files: list[ItemFile],
    entries: dict[str, tuple[Any, ...]],
    settings: Settings,
    plans: dict[str, Plan],
    problems: list[Problem],
) -> Index:

    def offered() -> Iterator[tuple[str, str, str, str | None, dict[str, Any]]]:
        for f in files:
            payload = entries[f.rel][2]
            if payload[0] == "absent":  # not created yet as of the date
                continue
            if payload[0] == "bad":
                problems.extend(problems_of(payload[1], f.full))
                continue
            row = dict(zip(ROW_KEYS, payload[1], strict=True))
            row["_rel"] = f.rel
            yield payload[2], row["id"], f.full, row["parent"], row  # payload[2]: the canonical id

    rows = admit(offered(), problems)
    roll_up({r["id"]: r for r in rows})
    for r in rows:
        r["progress"], r["expected"], r["lag"] = round(r["progress"], 1), round(r["expected"], 1), round(r["lag"], 1)
        del r["weight"]  # needed for the roll-up only
    return Index(settings, plans, rows, problems=problems)
