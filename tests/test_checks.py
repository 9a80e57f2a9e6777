"""The five checks are five functions, one per 化, kept in one list; five_checks numbers them."""

from __future__ import annotations

from fivefold.checks import CHECKS, five_checks
from fivefold.schema import parse_item


def test_each_check_reports_its_own_failures():
    item = parse_item({"id": "SY-001", "title": "只有标题", "roadmap": [{"id": "s1", "title": "第一步"}]})
    result = five_checks(item, None)
    assert len(CHECKS) == 5 and sorted(result.failures) == [1, 3, 4, 5]
    for n, check in enumerate(CHECKS, start=1):
        assert [(f.key, f.params) for f in check(item, None) if not f.warning] == result.failures.get(n, [])
    assert result.warnings == [("step_no_deliverable", {"step": "s1"})]  # 项目清单化 warns, never fails here
    assert result.findings()[0] == (1, "need_area", {})
