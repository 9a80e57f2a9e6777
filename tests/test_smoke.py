"""The shortest path a newcomer takes: a workspace, an item, a list, through the runner and a process."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_process


def test_new_then_list_json(ff, complete_item):
    item_id = complete_item()
    assert item_id == "SY-001"
    rows = json.loads(ff("list", "--json").stdout)
    assert [r["id"] for r in rows] == ["SY-001"]
    assert rows[0]["state"] == "draft"


@pytest.mark.slow  # a real process
def test_version_in_a_real_process(plans):
    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("fivefold ")


@pytest.mark.slow  # a real process
def test_list_in_a_real_process(plans, complete_item):
    complete_item()
    result = run_process("--plans", str(plans), "list")
    assert result.returncode == 0, result.stderr
    assert "SY-001" in result.stdout
