"""What `remind --send` has delivered, under .fivefold/ (never shared): one record per message and target
on an as-of day, so that running it twice on the same day sends nothing twice (unless --force). Data
only (JSON, hashes: no webhook key or address is kept), written atomically; a damaged log is started anew."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from fivefold.transaction import atomic_write

FILE = "remind-sent.json"
SCHEMA = "fivefold.sent/1"
KEEP_DAYS = 40  # records older than this before as-of are dropped


def key_of(target: str, message: str) -> str:
    return hashlib.sha256(f"{target}\0{message}".encode()).hexdigest()


class SentLog:
    def __init__(self, state: Path, day: dt.date) -> None:
        self.path = state / FILE
        self.day = day.isoformat()
        self.records: list[dict[str, str]] = []
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("schema") == SCHEMA and isinstance(data.get("sent"), list):
                self.records = [r for r in data["sent"] if isinstance(r, dict) and {"day", "key"} <= set(r)]
        except (OSError, ValueError, AttributeError):
            pass
        oldest = (day - dt.timedelta(days=KEEP_DAYS)).isoformat()
        self.records = [r for r in self.records if str(r["day"]) >= oldest]

    def has(self, target: str, message: str) -> bool:
        key = key_of(target, message)
        return any(r["day"] == self.day and r["key"] == key for r in self.records)

    def add(self, target: str, message: str) -> None:
        """Record a message as sent, at once: a run killed later still remembers it."""
        self.records.append({"day": self.day, "key": key_of(target, message)})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps({"schema": SCHEMA, "sent": self.records}, ensure_ascii=False, indent=1) + "\n")
