"""What the list index (fivefold.index) keeps of one item: its row, log trace, details and their
JSON, made from the Item where its file is parsed — in a worker process when many files are read
at once — so the reader receives only these small plain entries and builds no Item of its own. No I/O."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from fivefold.model import Item, canonical_id
from fivefold.report import item_detail
from fivefold.schedule import Assessment, assess_one
from fivefold.views import summary, trace_rows


class Wants(NamedTuple):
    """What to make of each item, and what its assessment depends on (plain data: it goes to the
    worker processes with every batch of files)."""

    as_of: dt.date
    thresholds: dict[str, dict[str, int]]  # by plan folder (model.thresholds_for)
    fallback: dict[str, int]  # of a plan folder not among them: the workspace's
    cadence: str | None
    traces: bool
    details: bool  # what a report row shows beyond the list row (fivefold.report.item_detail)
    fragments: bool  # the same encoded as JSON (detail_json)


class Made(NamedTuple):
    """One item's entries: its row payload as the row cache keeps it, then its trace, details and
    their JSON when wanted (else None)."""

    row: tuple[Any, ...]
    trace: tuple[tuple[Any, ...], ...] | None
    detail: dict[str, Any] | None
    fragment: bytes | None


def own_row(item: Item, a: Assessment) -> tuple[tuple[Any, ...], tuple[float, float, float, float]]:
    """The item's own row as cached, and the unrounded figures (progress, expected, lag, weight) its
    parent, if it has one, is rolled up from."""
    return tuple(summary(item, a)), (a.progress, a.expected, a.lag, item.weight)


def detail_json(detail: dict[str, Any]) -> bytes:
    """An item's details as the members of a JSON object, without the braces, in UTF-8: encoded once
    when its file changes, joined into `report --format json` as they are (fivefold.export.json)."""
    from fivefold.jsonout import encode

    return encode(detail)[1:-1].encode("utf-8")


def made(wants: Wants, plan: str, item: Item) -> Made:
    """The entries of one item of a plan folder (loading.iter_items calls it where the file is read)."""
    a = assess_one(item, wants.as_of, wants.thresholds.get(plan, wants.fallback), wants.cadence)
    canonical = canonical_id(item.id) or item.id.upper()  # SY-12 and sy-012 are one id
    row = ("ok", *own_row(item, a), canonical) if a.exists else ("absent",)
    trace = tuple(map(tuple, trace_rows(item))) if wants.traces else None  # marshal: plain tuples only
    detail = fragment = None
    if wants.details or wants.fragments:
        detail = item_detail(item, a, wants.as_of)
        fragment = detail_json(detail) if wants.fragments else None
    return Made(row, trace, detail, fragment)
