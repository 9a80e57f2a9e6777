"""What `remind --send` has delivered, under .fivefold/ (never shared): one record per message and target
on an as-of day, so that running it twice on the same day sends nothing twice (unless --force). Data
only (JSON, hashes: no webhook key or address is kept), written atomically under the workspace lock and
merged with what another run wrote meanwhile; a damaged log is started anew."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from fivefold.transaction import atomic_write

FILE = "remind-sent.json"
SCHEMA = "fivefold.sent/1"
KEEP_DAYS = 40  # records older than this before as-of are dropped


def key_of(target: str, message: str) -> str:
    return hashlib.sha256(f"{target}\0{message}".encode()).hexdigest()


class SentLog:
    def __init__(self, state: Path, day: dt.date, lock: Callable[[], AbstractContextManager[object]] = nullcontext) -> None:
        self.path = state / FILE
        self.day = day.isoformat()
        self.oldest = (day - dt.timedelta(days=KEEP_DAYS)).isoformat()
        self.lock = lock
        self.records = self._read()

    def _read(self) -> list[dict[str, str]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("schema") != SCHEMA or not isinstance(data.get("sent"), list):
                return []
            found = [r for r in data["sent"] if isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("day", "key"))]
        except (OSError, ValueError, AttributeError):
            return []
        return [{"day": r["day"], "key": r["key"]} for r in found if r["day"] >= self.oldest]

    def has(self, target: str, message: str) -> bool:
        key = key_of(target, message)
        return any(r["day"] == self.day and r["key"] == key for r in self.records)

    def add(self, target: str, message: str) -> None:
        """Record a message as sent, at once (a run killed later still remembers it), with whatever
        another run recorded since this one read the log."""
        record = {"day": self.day, "key": key_of(target, message)}
        with self.lock():
            merged = self._read()
            for r in [*self.records, record]:
                if r not in merged:
                    merged.append(r)
            self.records = merged
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps({"schema": SCHEMA, "sent": merged}, ensure_ascii=False, indent=1) + "\n")
