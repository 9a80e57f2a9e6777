"""Parsing the small specs typed on the command line: "TITLE@DUE" steps, "NAME=VALUE UNIT" targets."""

from __future__ import annotations

import re

from fivefold.errors import UsageError

# "NAME=VALUE UNIT" rises to VALUE (">=" too); "NAME<=VALUE UNIT" (or ≤) must fall to it.
_TARGET = re.compile(
    r"^\s*(?P<name>[^=<>≤≥]+?)\s*(?P<op><=|>=|≤|≥|=)\s*(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>.*?)\s*$"
)


def number(text: str) -> int | float:
    """An int when it is whole, else a float; a usage error otherwise."""
    try:
        value = float(text)
    except ValueError:
        raise UsageError("bad_number", text=text) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError("bad_number", text=text)
    return int(value) if value.is_integer() else value


def weight_spec(text: str) -> int | float:
    """An item's `--weight`: a number above 0."""
    value = number(text)
    if value <= 0:
        raise UsageError("bad_weight", value=text)
    return value


def step_spec(text: str) -> tuple[str, str | None]:
    """ "TITLE@DUE" -> (title, due text); the due part is optional."""
    title, sep, due = text.rpartition("@")
    if not sep:
        title, due = text, ""
    title = title.strip()
    if not title:
        raise UsageError("bad_step_spec", text=text)
    return title, due.strip() or None


def target_spec(text: str) -> dict[str, object]:
    """ "NAME=VALUE UNIT" -> {name, unit, target}; "NAME<=VALUE UNIT" adds direction: down."""
    m = _TARGET.match(text)
    if not m:
        raise UsageError("bad_target_spec", text=text)
    spec: dict[str, object] = {"name": m["name"], "unit": m["unit"] or None, "target": number(m["value"])}
    if m["op"] in ("<=", "≤"):
        spec["direction"] = "down"
    return spec


def baseline_spec(text: str) -> tuple[str, int | float]:
    """ "NAME=VALUE" (a unit after the value is allowed and ignored) -> (name, baseline)."""
    m = _TARGET.match(text)
    if not m or m["op"] != "=":
        raise UsageError("bad_baseline_spec", text=text)
    return m["name"], number(m["value"])


# "施工~20工作日": a step's duration in working days after its title (工作日, 个工作日, wd or nothing).
_DAYS = re.compile(r"^(?P<title>.*?)\s*[~～]\s*(?P<days>\d{1,4})\s*(?:个?工作日|wd|workdays?)?\s*$", re.IGNORECASE)


# "~20天" (calendar days): refused, not guessed. Durations count working days, and 20 calendar days
# are 13 to 16 working days depending on the weekends and holidays they cross.
_CALENDAR_DAYS = re.compile(r"[~～]\s*(?P<days>\d{1,4})\s*(?:个?自然日|天|日|(?:calendar\s*)?days?)\s*$", re.IGNORECASE)


def step_days(title: str) -> tuple[str, int | None]:
    """ "施工~20工作日" -> ("施工", 20); a title without "~N" is kept whole, with no duration. "~N天" is
    refused: a step's duration is counted in working days."""
    m = _DAYS.match(title)
    if not m or not m["title"].strip():
        if (c := _CALENDAR_DAYS.search(title)) and title[: c.start()].strip():
            raise UsageError("days_not_workdays", text=title.strip(), days=c["days"])
        return title, None
    days = int(m["days"])
    if days < 1:
        raise UsageError("bad_days", value=m["days"])
    return m["title"].strip(), days


def resolve_area(text: str, areas: dict[str, str]) -> tuple[str, str]:
    """`--area` against a plan's areas (key -> label): (key, label). An existing key or label names that
    area (`现代化产业体系` is the area `industry`); anything else is a new area `KEY` or `KEY=LABEL`,
    refused when its label is an existing area's, with that area's key suggested."""
    wanted = text.strip()
    if wanted in areas:
        return wanted, areas[wanted]
    by_label = {label.strip().casefold(): key for key, label in areas.items()}
    if wanted.casefold() in by_label:
        key = by_label[wanted.casefold()]
        return key, areas[key]
    key, label = area_spec(text)
    if key in areas:
        return key, areas[key]
    taken = by_label.get(label.strip().casefold())
    if taken is not None:
        raise UsageError("area_label_taken", label=label, existing=taken)
    return key, label


def area_spec(text: str) -> tuple[str, str]:
    key, sep, label = text.partition("=")
    key = key.strip()
    if not key or any(c.isspace() for c in key):
        raise UsageError("bad_area_spec", text=text)
    return key, (label.strip() or key) if sep else key
