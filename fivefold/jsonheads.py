"""The 台账 rows of `report --format json` as encoded once: each item's own members (its list row,
its reasons worded, its area's label) as UTF-8 JSON, kept per language under .fivefold/cache/ with
the row and label they were made from, and used again while both are the same, so that a report
right after a note encodes only the rows that changed (the item noted and its parents).

The key is the value itself (the row and label in marshal's version 0, which writes every value by
its type and contents alone), compared whole: no stat and no clock is involved, so no edit can be
missed, however quick. The cache holds bytes only (marshal); one of another release, shape or
language counts as empty, and an entry of the wrong shape is made again."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from fivefold import cache
from fivefold.jsonout import encode
from fivefold.records import Row
from fivefold.wording import reason_text

FORMAT = 1


def head(row: Row, label: str | None, lang: str) -> bytes:
    """The row as the report's JSON writes a 台账 item before its details: its fields, its reasons
    with their text, and `area_label` (export.json.render gives the same for an uncached row)."""
    item = row.to_json()
    item["reasons"] = [
        {"code": code, "params": dict(params), "text": reason_text(code, dict(params), lang)} for code, params in row.reasons
    ]
    item["area_label"] = label
    return encode(item).encode("utf-8")


class Heads:
    """The encoded rows of one language: `get` one (made when missing or out of date), then `save`."""

    def __init__(self, folder: Path, lang: str) -> None:
        self.lang = lang
        self.store = cache.FileCache(folder / f"heads-{lang}", (FORMAT, Row._fields, lang))
        self.entries: dict[str, tuple[Any, ...]] = self.store.load()
        self.changed = False

    def get(self, row: Row, label: str | None) -> bytes:
        key = marshal.dumps((tuple(row), label), 0)
        entry = self.entries.get(row.id)
        if type(entry) is tuple and len(entry) == 2 and entry[0] == key and type(entry[1]) is bytes:
            return entry[1]
        encoded = head(row, label, self.lang)
        self.entries[row.id] = (key, encoded)
        self.changed = True
        return encoded

    def save(self) -> None:
        if self.changed:
            self.store.save(self.entries)
            self.changed = False
