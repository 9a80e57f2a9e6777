"""The schemas of what a file holds: an item (with its log), a plan and the workspace settings,
validated into the typed data of fivefold.model. Every issue is collected with its key path, so a
broken file is reported whole, not one mistake at a time. No I/O, no clock."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from fivefold.errors import SchemaError, shorten
from fivefold.events import TABLE
from fivefold.model import (
    CADENCES,
    ID_RE,
    MAX_PREFIX_LENGTH,
    PREFIX_RE,
    RANKING_DEFAULT,
    STEP_ID_RE,
    THRESHOLD_DEFAULTS,
    Entry,
    Item,
    Plan,
    Settings,
    Step,
    Target,
)

Issues = list[tuple[tuple[Any, ...], str, dict[str, Any]]]


class _Checker:
    """Collects issues with their key paths instead of stopping at the first."""

    def __init__(self) -> None:
        self.issues: Issues = []

    def add(self, path: tuple[Any, ...], key: str, **params: Any) -> None:
        self.issues.append((path, key, params))

    def text(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...], *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.add(path + (key,), "missing_field", field=key)
            return None
        if isinstance(value, bool | Mapping | list | dt.date):
            self.add(path + (key,), "not_text", field=key)
            return None
        return str(value)

    def texts(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or any(isinstance(v, Mapping | list | bool) or v is None for v in value):
            self.add(path + (key,), "not_text_list", field=key)
            return ()
        return tuple(str(v) for v in value)

    def date(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        parsed = as_date(value)
        if parsed is None:
            self.add(path + (key,), "not_date", field=key, value=str(value))
        return parsed

    def number(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN is no number
            self.add(path + (key,), "not_number", field=key, value=shorten(str(value)))
            return None
        try:
            number = float(value)
        except OverflowError:  # an int of over 308 digits
            number = math.inf
        if not math.isfinite(number):
            self.add(path + (key,), "number_out_of_range", field=key, value=shorten(str(value)))
            return None
        return number

    def mapping(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> Mapping[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(path + (key,), "not_mapping", field=key)
            return {}
        return value

    def seq(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path + (key,), "not_list", field=key)
            return []
        return value


def as_date(value: Any) -> dt.date | None:
    """A date from what YAML gave (a date, a datetime or an ISO string), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _day_of(at: Any) -> dt.date | None:
    """The day of an `at` timestamp; writers quote it, so it is often a string, not a datetime."""
    if isinstance(at, str):
        try:
            return dt.datetime.fromisoformat(at.strip()).date()
        except ValueError:
            return None
    return as_date(at)


def as_timestamp(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None:
        return None
    return str(value)



# --- items ---------------------------------------------------------------------------------------


def parse_item(data: Any, *, plan: str = "", file_id: str | None = None) -> Item:
    """Validate one item file's data; raise SchemaError with every issue and its key path."""
    c = _Checker()
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_item_mapping", {})])
    item_id = c.text(data, "id", (), required=True)
    if item_id is not None:
        if not ID_RE.match(item_id):
            c.add(("id",), "bad_id", id=item_id)
        elif file_id is not None and item_id != file_id:
            c.add(("id",), "id_file_mismatch", id=item_id, file=file_id)
    title = c.text(data, "title", (), required=True)
    area = c.text(data, "area", ())
    parent = c.text(data, "parent", ())
    if parent is not None and not ID_RE.match(parent):
        c.add(("parent",), "bad_id", id=parent)
    if parent is not None and parent == item_id:
        c.add(("parent",), "parent_self", id=parent)
    weight = c.number(data, "weight", ())

    sheet = c.mapping(data, "task_sheet", ())
    sp = ("task_sheet",)
    targets = []
    for i, raw in enumerate(c.seq(sheet, "targets", sp)):
        tp = sp + ("targets", i)
        if not isinstance(raw, Mapping):
            c.add(tp, "not_mapping", field=f"targets[{i}]")
            continue
        name = c.text(raw, "name", tp, required=True)
        targets.append(Target(name or "", c.text(raw, "unit", tp), c.number(raw, "target", tp)))

    steps_timeline = c.mapping(c.mapping(data, "timeline", ()), "steps", ("timeline",))
    steps: list[Step] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.seq(data, "roadmap", ())):
        rp = ("roadmap", i)
        if not isinstance(raw, Mapping):
            c.add(rp, "not_mapping", field=f"roadmap[{i}]")
            continue
        sid = c.text(raw, "id", rp, required=True)
        if sid is None:
            continue
        if not STEP_ID_RE.match(sid):
            c.add(rp + ("id",), "bad_step_id", step=sid)
        if sid in seen:
            c.add(rp + ("id",), "duplicate_step", step=sid)
        after = c.texts(raw, "after", rp)
        for ref in after:
            if ref not in seen:
                c.add(rp + ("after",), "bad_after", step=sid, ref=ref)
        seen.add(sid)
        w = c.number(raw, "weight", rp)
        if w is not None and w <= 0:
            c.add(rp + ("weight",), "bad_weight", value=str(w))
        entry = steps_timeline.get(sid)
        due = None
        if isinstance(entry, Mapping):
            due = c.date(entry, "due", ("timeline", "steps", sid))
        elif entry is not None:
            due = as_date(entry)
            if due is None:
                c.add(("timeline", "steps", sid), "not_date", field=sid, value=str(entry))
        steps.append(
            Step(
                id=sid,
                title=c.text(raw, "title", rp, required=True) or "",
                deliverable=c.text(raw, "deliverable", rp),
                after=after,
                weight=w if w is not None and w > 0 else 1.0,
                owner=c.text(raw, "owner", rp),
                due=due,
            )
        )
    for sid in steps_timeline:
        if str(sid) not in seen:
            c.add(("timeline", "steps", sid), "unknown_step", step=str(sid))

    timeline = c.mapping(data, "timeline", ())
    cadence = c.text(timeline, "cadence", ("timeline",))
    if cadence is not None and cadence not in CADENCES:
        c.add(("timeline", "cadence"), "bad_cadence", value=cadence, allowed=", ".join(CADENCES))

    log = []
    for i, raw in enumerate(c.seq(data, "log", ())):
        entry = _parse_entry(c, raw, i, seen)
        if entry is not None:
            log.append(entry)

    # Every field is checked before deciding: a wrong type anywhere makes the file broken.
    sheet_texts = {key: c.text(sheet, key, sp) for key in ("goal", "lead_unit", "leader", "owner", "acceptance")}
    partner_units, deliverables = c.texts(sheet, "partner_units", sp), c.texts(sheet, "deliverables", sp)
    start, due = c.date(timeline, "start", ("timeline",)), c.date(timeline, "due", ("timeline",))
    if c.issues:
        raise SchemaError(c.issues)
    return Item(
        id=item_id or "",
        title=title or "",
        area=area,
        parent=parent,
        targets=tuple(targets),
        partner_units=partner_units,
        deliverables=deliverables,
        steps=tuple(steps),
        start=start,
        due=due,
        cadence=cadence,
        **sheet_texts,
        log=tuple(log),
        weight=weight if weight is not None and weight > 0 else 1.0,
        plan=plan,
        raw=dict(data),
    )


def _parse_entry(c: _Checker, raw: Any, i: int, steps: set[str]) -> Entry | None:
    lp = ("log", i)
    if not isinstance(raw, Mapping):
        c.add(lp, "not_mapping", field=f"log[{i}]")
        return None
    event = c.text(raw, "event", lp, required=True)
    if event is not None and event not in TABLE:
        c.add(lp + ("event",), "bad_event", value=event)
        return None
    at_value = raw.get("at")
    when = c.date(raw, "date", lp)
    if when is None and "date" not in raw:
        when = _day_of(at_value)
        if when is None:
            c.add(lp, "entry_no_date")
    by = c.text(raw, "by", lp) or ""
    for key in TABLE[event].payload if event is not None else ():
        if key.required:
            _REQUIRED[key.kind](c, raw, lp, key.name, steps)
    if event is None or when is None:
        return None
    data = dict(raw)
    if "due" in data:
        data["due"] = as_date(data["due"])
    return Entry(index=i, at=as_timestamp(at_value), date=when, by=by, event=event, data=data)


def _required_text(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    c.text(raw, name, lp, required=True)


def _required_step(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    step = c.text(raw, name, lp, required=True)
    if step is not None and step not in steps:
        c.add(lp + (name,), "unknown_step", step=step)


def _required_texts(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    if not c.texts(raw, name, lp):
        c.add(lp + (name,), "missing_field", field=name)


def _required_percent(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    pct = c.number(raw, name, lp)
    if pct is None or not 0 <= pct <= 100:
        c.add(lp + (name,), "bad_percent", value=str(raw.get(name)))


def _required_number(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    if c.number(raw, name, lp) is None:
        c.add(lp + (name,), "missing_field", field=name)


def _required_date(c: _Checker, raw: Mapping[str, Any], lp: tuple[Any, ...], name: str, steps: set[str]) -> None:
    if c.date(raw, name, lp) is None:
        c.add(lp + (name,), "missing_field", field=name)


# A required payload key of each kind (events.Field), checked with the file's step ids at hand.
_REQUIRED: dict[str, Callable[[_Checker, Mapping[str, Any], tuple[Any, ...], str, set[str]], None]] = {
    "text": _required_text,
    "texts": _required_texts,
    "step": _required_step,
    "percent": _required_percent,
    "number": _required_number,
    "date": _required_date,
}


# --- plans and settings --------------------------------------------------------------------------


def _thresholds(c: _Checker, data: Mapping[str, Any], path: tuple[Any, ...]) -> dict[str, int]:
    out = {}
    for key, value in c.mapping(data, "thresholds", path).items():
        if key not in THRESHOLD_DEFAULTS:
            c.add(path + ("thresholds", key), "bad_threshold", name=str(key), allowed=", ".join(THRESHOLD_DEFAULTS))
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            c.add(path + ("thresholds", key), "not_number", field=str(key), value=str(value))
        else:
            out[key] = value
    return out


def parse_plan(data: Any, name: str) -> Plan:
    c = _Checker()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_mapping", {"field": "plan.yaml"})])
    prefix = c.text(data, "prefix", (), required=True)
    if prefix is not None and (not PREFIX_RE.match(prefix) or len(prefix) > MAX_PREFIX_LENGTH):
        c.add(("prefix",), "bad_prefix", prefix=shorten(prefix))
    period = c.mapping(data, "period", ())
    areas = {}
    for key, label in c.mapping(data, "areas", ()).items():
        if isinstance(label, Mapping | list):
            c.add(("areas", key), "not_text", field=str(key))
        areas[str(key)] = str(label) if label is not None else str(key)
    plan = Plan(
        name=name,
        title=c.text(data, "title", ()) or name,
        prefix=(prefix or "").upper(),
        organisation=c.text(data, "organisation", ()),
        period_start=c.date(period, "start", ("period",)),
        period_end=c.date(period, "end", ("period",)),
        areas=areas,
        thresholds=_thresholds(c, data, ()),
        illustrative=bool(data.get("illustrative", False)),
        raw=dict(data),
    )
    if c.issues:
        raise SchemaError(c.issues)
    return plan


def parse_settings(data: Any) -> Settings:
    c = _Checker()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SchemaError([((), "not_mapping", {"field": "fivefold.yaml"})])
    language = c.text(data, "language", ())
    if language is not None and language not in ("zh", "en"):
        c.add(("language",), "bad_language", value=language)
        language = None
    review = data.get("self_review", "forbidden")
    if review not in ("allowed", "forbidden", True, False):
        c.add(("self_review",), "bad_self_review", value=str(review))
    labels: dict[int, str] = {}
    for key, label in c.mapping(data, "check_labels", ()).items():
        if not isinstance(key, int) or not 1 <= key <= 5:
            c.add(("check_labels", key), "bad_check_label", name=str(key))
        else:
            labels[key] = str(label)
    ranking = _ranking(c, data.get("ranking"))
    settings = Settings(
        language=language,
        thresholds={**THRESHOLD_DEFAULTS, **_thresholds(c, data, ())},
        self_review=review in ("allowed", True),
        check_labels=labels,
        ranking=ranking,
        raw=dict(data),
    )
    if c.issues:
        raise SchemaError(c.issues)
    return settings


def _ranking(c: _Checker, value: Any) -> tuple[str, ...]:
    """`ranking:` — the 红黑榜's criteria in order: some of RANKING_DEFAULT, each at most once."""
    if value is None:
        return RANKING_DEFAULT
    allowed = ", ".join(RANKING_DEFAULT)
    if not isinstance(value, list) or not value:
        c.add(("ranking",), "bad_ranking", value=shorten(str(value)), allowed=allowed)
        return RANKING_DEFAULT
    for n, name in enumerate(value):
        if name not in RANKING_DEFAULT or value.index(name) != n:
            c.add(("ranking", n), "bad_ranking", value=shorten(str(name)), allowed=allowed)
            return RANKING_DEFAULT
    return tuple(value)

