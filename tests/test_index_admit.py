"""The list index admits its rows column-wise when no id is there twice and no parents loop, and
through loading.admit otherwise: the same rows and problems either way."""

from __future__ import annotations

import datetime as dt

from fivefold import index
from fivefold.workspace import Workspace
from tests.helpers import item_file

AS_OF = dt.date(2026, 11, 27)


def _load(plans, monkeypatch, *, fallback: bool):
    calls = []
    real = index.admit
    monkeypatch.setattr(index, "admit", lambda offered, problems: calls.append(1) or real(offered, problems))
    ix = index.load_index(Workspace(plans), AS_OF)
    assert bool(calls) == fallback
    return ix


def test_a_clean_workspace_is_admitted_without_admit(ff, complete_item, plans, monkeypatch):
    complete_item("第一项")
    complete_item("第二项", "--parent", "SY-001")
    ix = _load(plans, monkeypatch, fallback=False)
    assert [r.id for r in ix.rows] == ["SY-001", "SY-002"]
    assert ix.problems == []


def test_a_duplicate_id_goes_through_admit(ff, complete_item, plans, monkeypatch):
    complete_item("第一项")
    complete_item("第二项")
    ff("plan", "new", "other", "--prefix", "OT")
    (plans / "other" / "SY-001.yaml").write_bytes(item_file(plans, "SY-001").read_bytes())
    ix = _load(plans, monkeypatch, fallback=True)
    assert [r.id for r in ix.rows] == ["SY-001", "SY-002"]
    assert [p.key for p in ix.problems] == ["duplicate_id"]


def test_a_loop_of_parents_goes_through_admit(ff, complete_item, plans, monkeypatch):
    complete_item("第一项")
    complete_item("第二项", "--parent", "SY-001")
    path = item_file(plans, "SY-001")
    text = path.read_text("utf-8")
    assert "parent:" not in text
    path.write_text(text.replace("title:", "parent: SY-002\ntitle:", 1), "utf-8")
    ix = _load(plans, monkeypatch, fallback=True)
    assert {p.key for p in ix.problems} == {"parent_cycle"}
