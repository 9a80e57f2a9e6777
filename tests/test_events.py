"""The event table (fivefold.events) is the one place an event is defined: its payload is what reading
a file checks, its guards and needs are what a write is refused for, its effect is what replay does,
and a new event is one entry there plus its label."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fivefold import i18n
from fivefold.errors import SchemaError
from fivefold.events import TABLE, Event, Field, Status
from fivefold.schema import parse_item

BASE = {
    "id": "SY-001",
    "title": "推动园区竣工投产",
    "roadmap": [{"id": "s1", "title": "主体封顶"}],
    "task_sheet": {"targets": [{"name": "入驻企业", "unit": "家", "target": 10}]},
}
ENTRY = {"at": "2026-06-01T09:00:00+08:00", "date": dt.date(2026, 6, 1), "by": "李某"}


def test_every_event_has_a_label_in_both_languages():
    for name, event in TABLE.items():
        assert i18n.t(event.label, "zh") != event.label, name
        assert i18n.t(event.label, "en") != event.label, name


def test_the_table_gives_each_event_its_own_name():
    assert all(name == event.name for name, event in TABLE.items())
    assert {event.needs for event in TABLE.values()} - {None} <= {f.name for event in TABLE.values() for f in event.payload}


@pytest.mark.parametrize(
    ("event", "key"), [(name, f.name) for name, event in TABLE.items() for f in event.payload if f.required]
)
def test_a_required_payload_key_missing_from_a_file_is_a_problem_there(event, key):
    full = {"step": "s1", "progress": 50, "target": "入驻企业", "value": 3, "due": dt.date(2026, 12, 31)}
    given = {f.name: full[f.name] for f in TABLE[event].payload if f.required and f.name != key}
    parse_item({**BASE, "log": [{**ENTRY, "event": event, **full}]})  # whole, it loads
    with pytest.raises(SchemaError) as caught:
        parse_item({**BASE, "log": [{**ENTRY, "event": event, **given}]})
    assert ("log", 0, key) in [path for path, _, _ in caught.value.issues]


def test_optional_keys_are_kept_as_written():
    """Only required keys are checked on reading: a hand-written reason of another shape stays."""
    item = parse_item({**BASE, "log": [{**ENTRY, "event": "note", "reason": ["一", "二"]}]})
    assert item.log[0].get("reason") == ["一", "二"]


def test_a_write_with_a_key_its_event_does_not_carry_is_a_caller_mistake(plans, complete_item):
    from fivefold.actions import Context, record
    from fivefold.workspace import Workspace

    complete_item()
    ctx = Context(ws=Workspace(plans), today=dt.date(2026, 11, 27), by="王某")
    with pytest.raises(TypeError, match="note carries no step"):
        record(ctx, "SY-001", "note", note="x", step="s1")
    assert "SY-001" in (plans / "demo" / "SY-001.yaml").read_text("utf-8")  # and nothing was written
    assert "event: note" not in (plans / "demo" / "SY-001.yaml").read_text("utf-8")


def test_a_new_event_is_one_entry_and_its_label(ff, plans, complete_item, monkeypatch):
    """督办 (urge): written through the Python API, read back, replayed, listed in history and among
    the dashboard's changes, with nothing but the table entry and the label added."""
    from fivefold.actions import Context, record
    from fivefold.workspace import Workspace

    def urged(s: Status, e) -> None:
        s.rectifications += 10  # an effect visible in `show --json`

    urge = Event("urge", frozenset({"active", "blocked"}), payload=(Field("reason", required=True),), effect=urged, change=True)
    monkeypatch.setitem(TABLE, "urge", urge)
    for catalogue in (i18n.LABELS, getattr(i18n, "_CATALOGUE", {})):  # the label, wherever t() looks it up
        monkeypatch.setitem(catalogue, urge.label, ("督办", "urge"))
    complete_item()
    ff("start", "SY-001")
    ctx = Context(ws=Workspace(plans), today=dt.date(2026, 11, 27), by="王某")
    with pytest.raises(Exception, match="refused_move"):  # the table's states apply to it too
        record(ctx, "SY-001", "reopen", reason="x")
    record(ctx, "SY-001", "urge", reason="请加快进度")
    assert json.loads(ff("show", "SY-001", "--json").stdout)["rectifications"] == 10
    history = ff("history", "SY-001").stdout
    assert "urge" in history and "请加快进度" in history
    changes = json.loads(ff("dashboard", "--json", "--since", "2026-11-01").stdout)["changes"]
    assert [(c["event"], c["detail"]) for c in changes if c["event"] == "urge"] == [("urge", "请加快进度")]
    text = (plans / "demo" / "SY-001.yaml").read_text("utf-8")
    ff("check")
    assert "event: urge" in text
