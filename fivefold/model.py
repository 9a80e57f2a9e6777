"""Work items, plans, settings and log entries as typed data, and the names and limits they obey.
Validation of what a file holds is fivefold.schema's job; the cached form, fivefold.records'.
No I/O, no clock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fivefold.people import Directory

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*-[0-9]+$")
PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
STEP_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_ID_LENGTH = 250  # an id names its file: 255 bytes at most on common file systems, less ".yaml"
MAX_PREFIX_LENGTH = 32  # leaves room in a file name for any number an item will get
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")
DIRECTIONS = ("up", "down")  # a target rises to its value (产值) or falls to it (PM2.5 浓度, 信访积案)
ACCEPT_RULES = ("verifier", "not_owner", "other_unit")  # `accept_by:` in fivefold.yaml
STATES = ("draft", "ready", "active", "blocked", "review", "closed", "cancelled")

THRESHOLD_DEFAULTS: dict[str, int] = {
    "soon_days": 14,
    "step_grace_days": 7,
    "yellow_lag": 10,
    "red_lag": 30,
    "review_days": 7,
    "upcoming_days": 30,
    "cadence_red_after": 2,  # missed reporting periods (fivefold.cadence) that make an item red; one makes it yellow
}

# The 红黑榜's criteria, worst things first (fivefold.ranking; `ranking:` in fivefold.yaml reorders them).
RANKING_DEFAULT = ("overdue", "red", "yellow", "on_time_rate", "lag")


@dataclass(frozen=True, slots=True)
class Target:
    """A measurable target; `down` ones must fall (PM2.5, 信访积案) from their `baseline` to `target`."""

    name: str
    unit: str | None
    target: float | None
    direction: str = "up"
    baseline: float | None = None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    deliverable: str | None = None
    after: tuple[str, ...] = ()
    weight: float = 1.0
    owner: str | None = None
    due: dt.date | None = None
    days: int | None = None  # how many working days the step takes (倒排工期: fivefold.backplan)


@dataclass(frozen=True, slots=True)
class Entry:
    """One log entry. `data` holds every key as stored (each event's own: fivefold.events)."""

    index: int
    at: str | None
    date: dt.date
    by: str
    event: str
    data: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def note(self) -> str | None:
        return self.data.get("note")


@dataclass(slots=True)
class Item:
    id: str
    title: str
    area: str | None
    parent: str | None
    goal: str | None
    targets: tuple[Target, ...]
    lead_unit: str | None
    partner_units: tuple[str, ...]
    leader: str | None
    owner: str | None
    deliverables: tuple[str, ...]
    acceptance: str | None
    steps: tuple[Step, ...]
    start: dt.date | None
    due: dt.date | None
    cadence: str | None
    log: tuple[Entry, ...]
    weight: float = 1.0
    plan: str = ""
    ref: str | None = None  # task_sheet.ref: the 序号 in the office's own table
    extra: dict[str, str] = field(default_factory=dict)  # task_sheet.extra: the table's columns no field took
    ongoing: bool = False  # timeline.ongoing: 长期坚持, 常态化 — judged by its cadence, due at the period's end
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(slots=True)
class Plan:
    name: str
    title: str
    prefix: str
    organisation: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    areas: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)
    illustrative: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class Settings:
    language: str | None = None
    thresholds: dict[str, int] = field(default_factory=lambda: dict(THRESHOLD_DEFAULTS))
    self_review: bool = False
    check_labels: dict[int, str] = field(default_factory=dict)
    people: Directory | None = None  # `people:` in fivefold.yaml (people.yaml is read beside it: loading.py)
    accept_by: str = "not_owner"  # who may accept or reject: verifier | not_owner | other_unit
    evidence_max_mib: float = 20  # `evidence_max_mib:` evidence files over this many MiB are refused
    extension_approval: bool = False  # `extension_approval: required`: a non-verifier's extend is a request
    ranking: tuple[str, ...] = RANKING_DEFAULT  # the 红黑榜's criteria in order (fivefold.ranking)
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `units:` canonical name -> aliases (fivefold.units)
    cadence: str | None = None  # `cadence:` the reporting cadence of items that name none (fivefold.cadence)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def autocommit(self) -> bool:
        """`git: {autocommit: true}`: each write committed on its own (gitsync.autocommit)."""
        git = self.raw.get("git")
        return isinstance(git, dict) and git.get("autocommit") is True


# --- names ---------------------------------------------------------------------------------------


def iso(day: dt.date | None) -> str | None:
    """A date as ISO text, None as None (for JSON and reports)."""
    return day.isoformat() if day else None


def canonical_id(text: str) -> str | None:
    """`sy-3` → `SY-003`; None when it is not an id at all, or longer than a file name can be."""
    text = text.strip()
    if len(text) > MAX_ID_LENGTH or not ID_RE.match(text):
        return None
    prefix, number = text.rsplit("-", 1)
    return f"{prefix.upper()}-{number.lstrip('0').rjust(3, '0')}"  # no int(): 5,000 digits are text like any other


def thresholds_for(settings: Settings, plan: Plan | None) -> dict[str, int]:
    """Workspace thresholds, overridden by the plan's."""
    return {**settings.thresholds, **(plan.thresholds if plan else {})}

