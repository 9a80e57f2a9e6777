"""Random event sequences through fivefold.workflow: states stay in the model, replay is deterministic
and follows the table exactly, and as-of replay counts only what had happened by then."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.events import EVENTS, TABLE
from fivefold.model import STATES
from fivefold.schema import parse_item
from fivefold.workflow import replay, trace

# DESIGN §4 written out on its own, for an oracle that does not read TABLE.
OPEN = {"draft", "ready", "active", "blocked", "review"}
DESIGN_MOVES: dict[str, tuple[set[str], str | None]] = {
    "ready": ({"draft"}, "ready"),
    "start": ({"draft", "ready"}, "active"),
    "block": ({"active"}, "blocked"),
    "unblock": ({"blocked"}, "active"),
    "submit": ({"active"}, "review"),
    "accept": ({"review"}, "closed"),
    "reject": ({"review"}, "active"),
    "cancel": (OPEN, "cancelled"),
    "reopen": ({"closed", "cancelled"}, "active"),
    "step_done": ({"active", "blocked"}, None),
    "step_progress": ({"active", "blocked"}, None),
    "measure": ({"active", "blocked", "review"}, None),
    "extend": (OPEN, None),
    "reassign": (OPEN, None),
    "note": (set(STATES), None),
    "created": (set(STATES), None),
    "edited": (set(STATES), None),
}

BASE: dict[str, Any] = {
    "id": "SY-001",
    "title": "推动园区竣工投产",
    "area": "industry",
    "task_sheet": {
        "goal": "园区完工投产",
        "targets": [{"name": "入驻企业", "unit": "家", "target": 10}],
        "lead_unit": "区工信局",
        "owner": "李某",
    },
    "roadmap": [{"id": "s1", "title": "主体封顶"}, {"id": "s2", "title": "竣工验收"}],
    "timeline": {"start": dt.date(2026, 1, 5), "due": dt.date(2026, 12, 31), "steps": {"s1": {"due": dt.date(2026, 4, 30)}}},
}
DAY0 = dt.date(2026, 1, 1)


def payload(event: str) -> st.SearchStrategy[dict[str, Any]]:
    """The event-specific keys a valid entry of this kind carries."""
    if event in ("step_done", "step_progress"):
        step = st.sampled_from(["s1", "s2"])
        if event == "step_done":
            return st.builds(lambda s: {"step": s}, step)
        return st.builds(lambda s, p: {"step": s, "progress": p}, step, st.integers(0, 100))
    if event == "measure":
        return st.builds(lambda v: {"target": "入驻企业", "value": v}, st.integers(0, 20))
    if event == "extend":
        return st.builds(lambda d: {"due": DAY0 + dt.timedelta(days=d), "reason": "延期"}, st.integers(200, 700))
    if event == "reassign":
        return st.sampled_from([{"owner": "张某"}, {"lead_unit": "区发改局"}, {"owner": "王某", "lead_unit": "区住建局"}])
    if event in ("block", "reject", "cancel", "reopen"):
        return st.just({"reason": "原因"})
    if event == "submit":
        return st.just({"evidence": "材料"})
    return st.just({})


@st.composite
def entries(draw: st.DrawFn, min_size: int = 0, max_size: int = 25) -> list[dict[str, Any]]:
    """Log entries with distinct (date, at): dates may repeat, the recording moment never does."""
    kinds = draw(st.lists(st.sampled_from(EVENTS), min_size=min_size, max_size=max_size))
    out = []
    seconds = draw(st.lists(st.integers(0, 86_399), min_size=len(kinds), max_size=len(kinds), unique=True))
    for n, event in enumerate(kinds):
        day = DAY0 + dt.timedelta(days=draw(st.integers(0, 60)))
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds[n])
        entry = {"at": moment.isoformat() + "+08:00", "date": day, "by": draw(st.sampled_from(["李某", "王某"])), "event": event}
        entry.update(draw(payload(event)))
        out.append(entry)
    return out


def item_with(log: list[dict[str, Any]]):
    return parse_item({**BASE, "log": log}, plan="demo", file_id="SY-001")


def key(entry) -> tuple[dt.date, str]:
    return entry.date, entry.at


def normalised(item) -> dict[str, Any]:
    """A Status with file positions replaced by (date, at), so two file orders can be compared."""
    status = replay(item)
    fields = dataclasses.asdict(status)
    by_index = {e.index: key(e) for e in item.log}
    fields["skipped"] = sorted(by_index[i] for i in status.skipped)
    fields["extensions"] = [(key(e), dict(e.data)) for e in status.extensions]
    return fields


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=300, deadline=None)
@given(entries())
def test_replay_never_leaves_the_model_states(log):
    item = item_with(log)
    status = replay(item)
    assert status.state in STATES
    for _entry, before, after, _skipped in trace(item):
        assert before in STATES and after in STATES


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=300, deadline=None)
@given(entries())
def test_the_table_is_the_design(log):
    """An oracle written from DESIGN §4 agrees with replay on every prefix of the log."""
    item = item_with(log)
    state = "draft"
    for entry, before, after, skipped in trace(item):
        allowed_from, to = DESIGN_MOVES[entry.event]
        assert before == state
        assert skipped == (state not in allowed_from)
        if not skipped:
            state = to or state
        assert after == state
    assert replay(item).state == state


def test_the_table_covers_every_event():
    assert set(TABLE) == set(EVENTS) == set(DESIGN_MOVES)
    for event, rule in TABLE.items():
        allowed_from, to = DESIGN_MOVES[event]
        assert set(rule.allowed_from) == allowed_from, event
        assert rule.to == to, event


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=200, deadline=None)
@given(st.data(), entries(min_size=1))
def test_replay_is_deterministic_whatever_the_file_order(data, log):
    shuffled = data.draw(st.permutations(log))
    assert normalised(item_with(log)) == normalised(item_with(shuffled))


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=300, deadline=None)
@given(entries())
def test_applied_entries_are_allowed_and_skipped_ones_forbidden(log):
    item = item_with(log)
    steps = trace(item)
    previous = "draft"
    for entry, before, after, skipped in steps:
        rule = TABLE[entry.event]
        assert before == previous
        if skipped:
            assert before not in rule.allowed_from
            assert after == before
        else:
            assert before in rule.allowed_from
            assert after == (rule.to or before)
        previous = after
    status = replay(item)
    assert sorted(status.skipped) == sorted(e.index for e, _, _, skipped in steps if skipped)
    assert status.state == previous
    assert status.counted == len(item.log)


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=300, deadline=None)
@given(entries(), st.integers(-1, 61))
def test_as_of_replay_counts_only_entries_on_or_before_it(log, offset):
    as_of = DAY0 + dt.timedelta(days=offset)
    item = item_with(log)
    earlier = item_with([e for e in log if e["date"] <= as_of])
    then, cut = replay(item, as_of), replay(earlier)
    assert then.state == cut.state
    assert then.done == cut.done
    assert then.progress == cut.progress
    assert then.measures == cut.measures
    assert then.due == cut.due and then.due_judged == cut.due_judged
    assert then.owner == cut.owner and then.lead_unit == cut.lead_unit
    assert then.rectifications == cut.rectifications
    assert then.last_change == cut.last_change
    assert then.counted == len(earlier.log)
    assert all(day <= as_of for day in then.done.values())


@pytest.mark.slow  # a large hypothesis run
@settings(max_examples=200, deadline=None)
@given(entries())
def test_as_of_after_every_entry_is_the_full_replay(log):
    item = item_with(log)
    assert replay(item, DAY0 + dt.timedelta(days=365)) == replay(item)


def entry(day: str, event: str, at: str = "09:00:00", **data: Any) -> dict[str, Any]:
    return {"at": f"{day}T{at}+08:00", "date": dt.date.fromisoformat(day), "by": "李某", "event": event, **data}


def test_as_of_before_a_step_done_shows_the_step_open():
    item = item_with(
        [
            entry("2026-01-05", "start"),
            entry("2026-03-10", "step_progress", step="s1", progress=60),
            entry("2026-04-20", "step_done", step="s1"),
            entry("2026-05-01", "measure", target="入驻企业", value=4),
            entry("2026-06-01", "block", reason="缺资金"),
        ]
    )
    before = replay(item, as_of=dt.date(2026, 4, 19))
    assert before.done == {}
    assert before.progress == {"s1": 60.0}
    assert before.measures == {}
    assert before.state == "active"
    on_the_day = replay(item, as_of=dt.date(2026, 4, 20))
    assert on_the_day.done == {"s1": dt.date(2026, 4, 20)} and on_the_day.progress == {}
    later = replay(item, as_of=dt.date(2026, 5, 31))
    assert later.measures == {"入驻企业": 4.0} and later.state == "active"
    assert replay(item).state == "blocked"
    assert replay(item, as_of=dt.date(2026, 1, 4)).state == "draft"


def test_a_back_dated_entry_counts_from_its_date_not_its_recording():
    # recorded at the end of June, happened in February: as of March it has happened
    item = item_with([{**entry("2026-02-01", "start"), "at": "2026-06-30T17:00:00+08:00"}])
    assert replay(item, as_of=dt.date(2026, 3, 1)).state == "active"
    assert replay(item, as_of=dt.date(2026, 1, 31)).state == "draft"


def test_same_day_entries_follow_their_recording_moment():
    later_first = [
        entry("2026-02-01", "block", at="10:00:00", reason="缺资金"),
        entry("2026-02-01", "start", at="09:00:00"),
    ]
    item = item_with(later_first)
    assert [e.event for e, *_ in trace(item)] == ["start", "block"]
    assert replay(item).state == "blocked" and replay(item).skipped == []


def test_an_entry_without_date_uses_the_day_of_at():
    log = [{"at": "2026-02-01T09:00:00+08:00", "by": "李某", "event": "start"}]
    item = item_with(log)
    assert item.log[0].date == dt.date(2026, 2, 1)
    assert replay(item, as_of=dt.date(2026, 1, 31)).state == "draft"
    assert replay(item, as_of=dt.date(2026, 2, 1)).state == "active"
