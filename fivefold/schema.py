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
    ACCEPT_RULES,
    CADENCES,
    DIRECTIONS,
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
from fivefold.people import PEOPLE_FILE, ROLES, Directory, Person, normalise

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

    def mapping(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...]) -> Mapping[Any, Any]:
        """The mapping under `key`; its keys are whatever YAML made of them (`{9: x}` has the int 9)."""
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
    if weight is not None and weight <= 0:  # a child of weight 0 would vanish from its parent's progress
        c.add(("weight",), "bad_weight", value=str(weight))

    sheet = c.mapping(data, "task_sheet", ())
    sp = ("task_sheet",)
    targets = []
    for i, raw in enumerate(c.seq(sheet, "targets", sp)):
        tp = sp + ("targets", i)
        if not isinstance(raw, Mapping):
            c.add(tp, "not_mapping", field=f"targets[{i}]")
            continue
        name = c.text(raw, "name", tp, required=True)
        direction = c.text(raw, "direction", tp) or "up"
        if direction not in DIRECTIONS:
            c.add(tp + ("direction",), "bad_direction", value=direction)
            direction = "up"
        unit, value, baseline = c.text(raw, "unit", tp), c.number(raw, "target", tp), c.number(raw, "baseline", tp)
        targets.append(Target(name or "", unit, value, direction, baseline))

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
        for before in after:
            if before not in seen:
                c.add(rp + ("after",), "bad_after", step=sid, ref=before)
        seen.add(sid)
        w = c.number(raw, "weight", rp)
        if w is not None and w <= 0:
            c.add(rp + ("weight",), "bad_weight", value=str(w))
        days = c.number(raw, "days", rp)
        if days is not None and (days < 1 or not float(days).is_integer() or days > 10_000):
            c.add(rp + ("days",), "bad_days", value=str(raw.get("days")))
            days = None
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
                days=int(days) if days is not None else None,
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
    ref = c.text(sheet, "ref", sp)
    extra = {str(k): str(v) for k, v in c.mapping(sheet, "extra", sp).items() if v is not None}  # any header, as text
    ongoing = timeline.get("ongoing", False)
    if not isinstance(ongoing, bool):
        c.add(("timeline", "ongoing"), "not_bool", field="ongoing", value=str(ongoing))
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
        ref=ref,
        extra=extra,
        ongoing=ongoing is True,
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
        if isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= 5:
            c.add(("check_labels", key), "bad_check_label", name=str(key))
        elif not isinstance(label, str) or not label.strip():
            c.add(("check_labels", key), "not_text", field=".".join(("check_labels", str(key))))
        else:
            labels[key] = label
    c.text(data, "name", ())
    listed = data.get("workspaces")
    if listed is not None and not (isinstance(listed, list) and all(isinstance(p, str) and p for p in listed)):
        c.add(("workspaces",), "not_text_list", field="workspaces")
    git = c.mapping(data, "git", ())
    for key, value in git.items():
        if key != "autocommit":
            c.add(("git", key), "bad_setting", name=".".join(("git", str(key))), allowed="autocommit")
        elif not isinstance(value, bool):
            c.add(("git", key), "not_bool", field="git.autocommit", value=shorten(str(value)))
    for key in ("holidays", "workdays"):  # the working-day calendar's overrides (fivefold.workdays)
        for i, value in enumerate(c.seq(data, key, ())):
            if as_date(value) is None:
                c.add((key, i), "bad_date_value", where=f"{key}[{i}]", value=str(value))
    immediate = data.get("immediate_days", 15)  # 立行立改: due this many days after the import
    if isinstance(immediate, bool) or not isinstance(immediate, int) or immediate < 0:
        c.add(("immediate_days",), "not_number", field="immediate_days", value=str(immediate))
    accept_by = data.get("accept_by", "not_owner")
    if accept_by not in ACCEPT_RULES:
        c.add(("accept_by",), "bad_accept_by", value=str(accept_by), allowed=", ".join(ACCEPT_RULES))
        accept_by = "not_owner"
    approval = data.get("extension_approval", "none")
    if approval not in ("required", "none", True, False):
        c.add(("extension_approval",), "bad_extension_approval", value=str(approval))
    people = _people(c, data["people"], ("people",), "fivefold.yaml") if data.get("people") is not None else None
    limit = c.number(data, "evidence_max_mib", ())
    if limit is not None and limit <= 0:
        c.add(("evidence_max_mib",), "not_number", field="evidence_max_mib", value=str(limit))
    ranking = _ranking(c, data.get("ranking"))
    units = _units(c, data)
    cadence = c.text(data, "cadence", ())
    if cadence is not None and cadence not in CADENCES:
        c.add(("cadence",), "bad_cadence", value=cadence, allowed=", ".join(CADENCES))
        cadence = None
    if any(key in data for key in ("notify", "smtp", "notify_timeout")):  # where `remind --send` delivers
        from fivefold.notify.targets import parse as parse_notify

        c.issues.extend(parse_notify(data)[1])
    settings = Settings(
        language=language,
        thresholds={**THRESHOLD_DEFAULTS, **_thresholds(c, data, ())},
        self_review=review in ("allowed", True),
        check_labels=labels,
        people=people,
        accept_by=str(accept_by),
        extension_approval=approval in ("required", True),
        evidence_max_mib=limit if limit is not None and limit > 0 else 20,
        ranking=ranking,
        units=units,
        cadence=cadence,
        raw=dict(data),
    )
    if c.issues:
        raise SchemaError(c.issues)
    return settings


def _units(c: _Checker, data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """`units: {区工信局: [工信局, 双阳区工业和信息化局]}`: canonical names and their aliases; an alias
    claimed by two units is a problem (a row could not say whose it is)."""
    units: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, aliases in c.mapping(data, "units", ()).items():
        if not isinstance(name, str) or not name.strip():
            c.add(("units",), "not_text", field="units")
            continue
        given = c.texts(data["units"], name, ("units",)) if aliases is not None else ()
        units[name.strip()] = tuple(a.strip() for a in given if a.strip())
    for name in units:
        owner[name] = name
    for name, aliases in units.items():
        for alias in aliases:
            if owner.setdefault(alias, name) != name:
                c.add(("units", name), "unit_alias_twice", alias=alias, unit=owner[alias], other=name)
    return units


# --- the directory of people ---------------------------------------------------------------------


def parse_people_file(data: Any) -> Directory:
    """people.yaml: a `people:` mapping, as in fivefold.yaml."""
    c = _Checker()
    if not isinstance(data, Mapping) or not isinstance(data.get("people"), Mapping):
        raise SchemaError([((), "people_file_shape", {"file": PEOPLE_FILE})])
    directory = _people(c, data["people"], ("people",), PEOPLE_FILE)
    if c.issues:
        raise SchemaError(c.issues)
    directory.raw = dict(data)
    return directory


def _people(c: _Checker, data: Any, path: tuple[Any, ...], source: str) -> Directory:
    """name -> {unit, roles, aliases, email}; names and aliases are unique once normalised, and no
    person bears a unit's name (a unit is never a person)."""
    people: dict[str, Person] = {}
    if not isinstance(data, Mapping):
        c.add(path, "not_mapping", field="people")
        return Directory(people, source)
    seen: dict[str, str] = {}  # normalised name or alias -> whose
    for raw_name, raw in data.items():
        pp = path + (raw_name,)
        name = normalise(str(raw_name)) if raw_name is not None else ""
        if not name or isinstance(raw_name, bool | Mapping | list):
            c.add(pp, "bad_person_name", name=str(raw_name))
            continue
        if not isinstance(raw, Mapping):
            c.add(pp, "not_mapping", field=name)
            continue
        unit = c.text(raw, "unit", pp, required=True)
        roles = c.texts(raw, "roles", pp)
        for role in roles:
            if role not in ROLES:
                c.add(pp + ("roles",), "bad_role", role=role, allowed=", ".join(ROLES))
        aliases = tuple(normalise(a) for a in c.texts(raw, "aliases", pp))
        for key in (name, *aliases):
            if key in seen and seen[key] != name or key == name and key in people:
                c.add(pp, "duplicate_person", name=key, other=seen.get(key, name))
            seen.setdefault(key, name)
        people[name] = Person(name, normalise(unit or ""), frozenset(roles), aliases, c.text(raw, "email", pp))
    units = {p.unit for p in people.values()}
    for key, whose in seen.items():
        if key in units:
            c.add(path + (whose,), "person_is_unit", name=key)
    return Directory(people, source)


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

