"""Parents and children (issue 18 §1, the part done): a 重点任务 is submitted or accepted only when its
子任务 are through, listing those that are not; children accepted earlier in the same command count."""

from __future__ import annotations

import json

import pytest

TODAY = {"FIVEFOLD_TODAY": "2026-06-01"}


def _family(ff, complete_item) -> tuple[str, str, str]:
    parent = complete_item("推动重点项目竣工投产")
    kids = [complete_item(f"子任务{n}", "--parent", parent) for n in (1, 2)]
    for item in (parent, *kids):
        ff("start", item, "--on", "2026-02-01", env=TODAY)
    return parent, kids[0], kids[1]


def _state(ff, item: str) -> str:
    return json.loads(ff("show", item, "--json", env=TODAY).stdout)["state"]


def test_submit_of_a_parent_with_open_children_is_refused(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    result = ff("--lang", "en", "submit", parent, "--evidence", "验收材料", env=TODAY, expect=None)
    assert result.exit_code != 0
    assert f"{parent} still has open sub-items ({a}、{b}), so it cannot submit" in result.stderr
    zh = ff("--lang", "zh", "submit", parent, "--evidence", "验收材料", env=TODAY, expect=None)
    assert f"事项 {parent} 还有未完成的子任务 {a}、{b}" in zh.stderr
    assert _state(ff, parent) == "active"


@pytest.mark.parametrize("cancel_one", [False, True])
def test_submit_once_children_are_in_review_or_cancelled(ff, complete_item, cancel_one: bool) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("submit", a, "--evidence", "验收材料", env=TODAY)
    if cancel_one:
        ff("cancel", b, "--reason", "并入其他任务", env=TODAY)
    else:
        ff("submit", b, "--evidence", "验收材料", env=TODAY)
    ff("submit", parent, "--evidence", "验收材料", env=TODAY)
    assert _state(ff, parent) == "review"


def test_accept_waits_for_children_accepted_in_the_same_command(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("submit", a, b, parent, "--evidence", "验收材料", env=TODAY)
    result = ff("--lang", "en", "--by", "赵某", "accept", parent, env=TODAY, expect=None)
    assert "still has open sub-items" in result.stderr
    ff("--by", "赵某", "accept", a, b, parent, env=TODAY)
    assert [_state(ff, i) for i in (parent, a, b)] == ["closed"] * 3


def test_cancel_of_a_parent_with_open_children_asks_for_cascade(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    grandchild = complete_item("孙任务", "--parent", a)
    result = ff("--lang", "en", "cancel", parent, "--reason", "任务调整", env=TODAY, expect=None)
    assert result.exit_code != 0
    assert f"{parent} still has open sub-items ({grandchild}、{a}、{b}); add --cascade" in result.stderr
    assert _state(ff, parent) == "active"
    ff("cancel", parent, "--reason", "任务调整", "--cascade", env=TODAY)
    assert [_state(ff, i) for i in (parent, a, b, grandchild)] == ["cancelled"] * 4
    log = json.loads(ff("show", b, "--json", env=TODAY).stdout)["log"]
    assert log[-1]["event"] == "cancel" and log[-1]["reason"] == "任务调整"
    ff("undo", "--yes", env=TODAY)  # one command, one undo
    assert [_state(ff, i) for i in (parent, a, b, grandchild)] == ["active", "active", "active", "draft"]


def test_cancel_of_a_childless_item_or_with_its_children_named(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("cancel", a, "--reason", "并入其他任务", env=TODAY)
    ff("cancel", b, parent, "--reason", "任务调整", env=TODAY)
    assert _state(ff, parent) == "cancelled"
