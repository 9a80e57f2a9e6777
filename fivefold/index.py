"""The list index: one row per item as of a date (what `list` and `dashboard` show), its trace of
log events and what a report shows beyond the row, cached per file under .fivefold/cache/, so a
warm run reads no YAML and replays no log. The caches hold plain tuples (records.Row, TraceRow);
rows carry each item's own figures, and parents are rolled up from their children after loading."""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, count, repeat
from operator import attrgetter, eq, itemgetter
from pathlib import Path
from typing import Any

from fivefold import cache, cacheshapes
from fivefold.errors import Problem
from fivefold.indexentry import Wants, made
from fivefold.loading import (
    DIRECT_PARSE_LIMIT,
    ItemFile,
    Progress,
    admit,
    in_parent_cycles,
    iter_items,
    problem_record,
    problems_of,
    read_plans,
    read_settings,
    scan,
)  # fmt: skip
from fivefold.model import Plan, Settings, thresholds_for
from fivefold.parking import park
from fivefold.records import FINGERPRINT, Row, Shared, TraceRow, Traces
from fivefold.schedule import Figures, child_reason, children_of, roll_up
from fivefold.units import canonical_rows
from fivefold.workspace import Workspace

Shape = tuple[Callable[[Any], bool], Callable[[list[Any]], bool]]
_payload = itemgetter(2)  # of a cache entry: (stat key, hash or None, payload, …)
PARK_UP_TO = 20_000  # files whose cache entries are parked; beyond, what they hold through the output counts more


@dataclass(slots=True)
class Index:
    settings: Settings
    plans: dict[str, Plan]
    rows: list[Row]
    traces: Traces = field(default_factory=Traces)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    fragments: dict[str, bytes] = field(default_factory=dict)  # id -> its details as JSON members (detail_json)
    problems: list[Problem] = field(default_factory=list)


def _fingerprint(settings: Settings, plans: dict[str, Plan]) -> str:
    """What every cached row depends on beyond its file and the as-of day (which names the cache)."""
    plan_thresholds = sorted((n, sorted(p.thresholds.items())) for n, p in plans.items())
    return repr((sorted(settings.thresholds.items()), plan_thresholds, settings.cadence))


def load_index(
    ws: Workspace,
    as_of: dt.date,
    progress: Progress | None = None,
    *,
    traces: bool = False,
    traces_since: str | None = None,
    details: bool = False,
    fragments: bool = False,
) -> Index:
    """Rows as of a date for every item file; with `traces`, each item's log trace (with
    `traces_since`, an ISO date, only of the items with an entry dated from then on: the others'
    are left out, as a dashboard's window of days would find nothing in them); with `details`,
    what a report row shows beyond the list row (fivefold.report.item_detail); with `fragments`,
    the same encoded as JSON (detail_json)."""
    ws.settle()
    settings = read_settings(ws)
    plans, problems = read_plans(ws)
    tag = (as_of.toordinal(), _fingerprint(settings, plans), Row._fields, FINGERPRINT)  # the details hold targets
    folder = ws.state / "cache"
    row_store = cache.FileCache(folder / f"index-{as_of.isoformat()}", tag)
    detail_store = cache.FileCache(folder / f"details-{as_of.isoformat()}", tag)
    trace_store = cache.FileCache(folder / "traces", (TraceRow._fields, "marshal per file"))
    fragment_store = cache.FileCache(folder / f"json-{as_of.isoformat()}", (*tag, "utf-8"))
    files = scan(ws, plans, problems)
    keys = list(map(_stat, files))  # a FileStat is its stat key (size, mtime, inode)
    rows, stale_rows, rows_changed = _split(row_store, files, keys, cacheshapes.ROWS)
    trace_entries, stale_traces, traces_changed = _split(trace_store, files, keys, cacheshapes.TRACES) if traces else _unused()
    opened: dict[str, tuple[Any, ...]] = {}  # path -> its trace, of the files whose trace is wanted
    if traces:
        wrong = _open_traces(trace_entries, traces_since, opened)
        stale_traces += [f for f in files if f.rel in wrong]
        traces_changed = traces_changed or bool(wrong)
    detail_entries, stale_details, details_changed = (
        _split(detail_store, files, keys, cacheshapes.DETAILS) if details else _unused()
    )
    fragment_entries, stale_fragments, fragments_changed = (
        _split(fragment_store, files, keys, cacheshapes.FRAGMENTS) if fragments else _unused()
    )
    needed = {f.rel: f for f in stale_rows + stale_traces + stale_details + stale_fragments}
    if needed:
        wants = Wants(
            as_of, {name: thresholds_for(settings, plan) for name, plan in plans.items()}, thresholds_for(settings, None),
            settings.cadence, traces, details, fragments,
        )  # fmt: skip
        loaded = iter_items(
            ws, list(needed.values()), progress, use_cache=len(needed) > DIRECT_PARSE_LIMIT, derive=partial(made, wants)
        )
        shared = Shared()  # one object for equal strings and floats of the rows made here: marshal keeps them once
        for rel, (entry, result) in loaded:  # streamed: a cold run of many files holds no more than a few at once
            key, parsed = entry[:2], entry[3:]  # parsed: the hash of the bytes (cache.same_bytes)
            if isinstance(result, list):
                rows[rel] = (*key, ("bad", tuple(problem_record(p) for p in result)), *parsed)
                trace_entries[rel] = (*key, _packed(()), *parsed)
                detail_entries[rel] = (*key, (), *parsed)
                fragment_entries[rel] = (*key, b"", *parsed)
                continue
            rows[rel] = (*key, shared.row(result.row), *parsed)  # made by indexentry.made, in a worker process on a cold run
            if traces:
                opened[rel] = result.trace
                trace_entries[rel] = (*key, _packed(result.trace), *parsed)
            if details:
                detail_entries[rel] = (*key, result.detail, *parsed)
            if fragments:
                fragment_entries[rel] = (*key, result.fragment, *parsed)
        _prune(folder, keep=4)
    kept = [(row_store, rows, rows_changed)]
    kept += [(trace_store, trace_entries, traces_changed)] if traces else []
    kept += [(detail_store, detail_entries, details_changed)] if details else []
    kept += [(fragment_store, fragment_entries, fragments_changed)] if fragments else []
    for store, entries, changed in kept:
        if needed or changed:
            store.save(entries)
    shown, rel_of = _assemble(files, rows, problems)
    # aliases go under the canonical unit here, after the cache, so a changed `units:` needs no new rows
    shown = canonical_rows(shown, settings.units)
    index = Index(settings, plans, shown, problems=problems)
    if traces:
        index.traces = Traces({r.id: opened[rel_of[r.id]] for r in shown if rel_of[r.id] in opened})
    if details:
        index.details = {r.id: detail_entries[rel_of[r.id]][2] for r in shown}
    if fragments:
        index.fragments = {r.id: fragment_entries[rel_of[r.id]][2] for r in shown}
    if len(files) <= PARK_UP_TO:  # freed with the process, not now (parking.py)
        park("index", files, keys, rows, trace_entries, detail_entries, fragment_entries, rel_of, needed)
    return index


def _packed(trace: tuple[tuple[Any, ...], ...]) -> tuple[str, bytes]:
    """A trace as its cache keeps it: the date of its last entry ("" for none) and the entries in
    marshal, opened only when wanted (a dashboard wants a week's entries out of years of logs)."""
    return max((entry[0] for entry in trace), default=""), marshal.dumps(trace)


def _open_traces(entries: dict[str, Any], since: str | None, opened: dict[str, tuple[Any, ...]]) -> set[str]:
    """The traces wanted (with an entry from `since` on, or all), opened into `opened`; the paths of
    those that are damaged (not marshal, or not of the shape of a trace) are dropped from `entries`
    and returned, to be read again."""
    wrong = set()
    for rel, entry in entries.items():
        last, blob = entry[2]
        if since is not None and last < since:
            continue
        try:
            trace = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            trace = None
        if cacheshapes.trace_rows(trace):
            opened[rel] = trace
        else:
            wrong.add(rel)
    for rel in wrong:
        del entries[rel]
    return wrong


def _unused() -> tuple[dict[str, Any], list[Any], bool]:
    return {}, [], False


def _split(
    store: cache.FileCache, files: list[ItemFile], keys: list[cache.StatKey], shape: Shape
) -> tuple[dict[str, Any], list[Any], bool]:
    """cache.split, with entries whose payload has the wrong shape (a damaged or forged cache) read again.
    The shapes are checked on every warm run (fivefold.cacheshapes): all at once, then one by one if need be."""
    fresh, stale, changed = cache.split(store.load(), files, keys)
    one, every = shape
    if every(list(map(_payload, fresh.values()))):
        return fresh, stale, changed
    wrong = [f for f in files if f.rel in fresh and not one(fresh[f.rel][2])]
    for f in wrong:
        del fresh[f.rel]
    return fresh, stale + wrong, changed or bool(wrong)


def _prune(folder: Path, keep: int) -> None:
    """Keep the row, detail and JSON caches of the few most recently used dates."""
    for kind in ("index-", "details-", "json-"):
        stamped = []
        for path in folder.glob(f"{kind}*"):
            with contextlib.suppress(OSError):  # another reader may prune it at the same moment
                stamped.append((path.stat().st_mtime_ns, path))
        for _, old in sorted(stamped, reverse=True)[keep:]:
            old.unlink(missing_ok=True)
            (folder / f"delta-{old.name}").unlink(missing_ok=True)  # cache.FileCache's


def _admitted(
    files: list[ItemFile],
    entries: dict[str, tuple[Any, ...]],
    problems: list[Problem],
    own: dict[str, tuple[float, float, float, float]],
    rel_of: dict[str, str],
) -> list[Row] | None:
    """What admit() gives when no id is there twice and no parents loop (as good as always), found
    column-wise at C speed; None (and nothing changed) when it would have a problem to name."""
    payloads = list(map(_payload, map(entries.__getitem__, map(_rel, files))))
    kinds = list(map(_kind, payloads))
    ok = list(compress(count(), map(eq, kinds, repeat("ok"))))
    chosen = list(map(payloads.__getitem__, ok))
    rows: list[Row] = list(
        map(_new_tuple, repeat(Row), map(_own, chosen))
    )  # Row._make at C speed (cacheshapes checked the width)
    ids = list(map(_id, rows))
    if len(set(map(_canonical, chosen))) != len(ok) or len(set(ids)) != len(ok):
        return None
    if in_parent_cycles(dict(zip(ids, map(_parent, rows), strict=True))):
        return None
    for n in compress(count(), map(eq, kinds, repeat("bad"))):
        problems.extend(problems_of(payloads[n][1], files[n].full))
    own.update(zip(ids, map(_figures, chosen), strict=True))
    rel_of.update(zip(ids, map(_rel, map(files.__getitem__, ok)), strict=True))
    return rows


_canonical, _figures, _parent = itemgetter(3), itemgetter(2), attrgetter("parent")
_kind, _own, _id, _rel = itemgetter(0), itemgetter(1), attrgetter("id"), attrgetter("rel")
_stat: Callable[[ItemFile], cache.StatKey] = attrgetter("stat")
_new_tuple: Callable[..., Any] = tuple.__new__


def _assemble(
    files: list[ItemFile], entries: dict[str, tuple[Any, ...]], problems: list[Problem]
) -> tuple[list[Row], dict[str, str]]:
    """The rows views may show, in file order, parents rolled up; and each one's cache key by id.
    (Nothing is made per row but the row itself: a warm `list` of 10,000 items pays for each
    object it keeps, in the cyclic collector's passes too.)"""
    own: dict[str, tuple[float, float, float, float]] = {}  # id -> unrounded figures and weight
    rel_of: dict[str, str] = {}

    def offered() -> Iterator[tuple[str, str, str, str | None, Row]]:
        for f in files:
            payload = entries[f.rel][2]
            if payload[0] == "absent":  # not created yet as of the date
                continue
            if payload[0] == "bad":
                problems.extend(problems_of(payload[1], f.full))
                continue
            row = Row._make(payload[1])
            if row.id not in rel_of:  # the same id again is a duplicate, which admit() leaves out
                own[row.id], rel_of[row.id] = payload[2], f.rel
            yield payload[3], row.id, f.full, row.parent, row  # payload[3]: the canonical id

    rows = _admitted(files, entries, problems, own, rel_of)
    if rows is None:  # a duplicate id or a loop of parents: admit() names them
        rows = admit(offered(), problems)
    shown = {row.id for row in rows}
    parents = {row.parent for row in rows if row.parent in shown}
    nodes = {  # the items in a tree of parents only: the others keep their cached (rounded) figures
        row.id: Figures(row.parent, own[row.id][3], row.state, *own[row.id][:3], row.light)
        for row in rows
        if row.id in parents or row.parent in shown
    }
    roll_up(nodes)
    children = children_of(nodes)
    for n in compress(count(), map(parents.__contains__, map(_id, rows))):  # the parents' places, at C speed
        row = rows[n]
        node = nodes[row.id]
        extra = child_reason(row.id, nodes, row.light, children)
        values = list(row)  # row._replace(…) without its keyword handling
        values[_PROGRESS:_REASONS + 1] = (
            round(node.progress, 1), round(node.expected, 1), round(node.lag, 1), node.light,
            *values[_LIGHT + 1 : _REASONS], row.reasons if extra is None else (*row.reasons, extra),
        )  # fmt: skip
        rows[n] = _new_tuple(Row, values)
    return rows, rel_of


_PROGRESS, _LIGHT, _REASONS = Row._fields.index("progress"), Row._fields.index("light"), Row._fields.index("reasons")
assert Row._fields[_PROGRESS : _LIGHT + 1] == ("progress", "expected", "lag", "light")  # one run of fields, replaced together
