"""Targets that must fall (issue 18 §3): `direction: down` with a `baseline`, progress (baseline − measured)
÷ (baseline − target) clamped to [0, 1], `NAME<=VALUE` on the command line, check 3 and the ↓/↑ in reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fivefold.checks import specific
from fivefold.errors import UsageError
from fivefold.model import Target
from fivefold.schedule import target_share
from fivefold.specs import baseline_spec, target_spec
from tests.test_schedule import STARTED, ev, make

PM = {"name": "PM2.5浓度", "unit": "μg/m³", "target": 35}


@pytest.mark.parametrize(
    ("target", "measured", "share"),
    [
        pytest.param(Target("PM2.5", None, 35, "down", 42), None, 0.0, id="nothing-measured-is-the-baseline"),
        pytest.param(Target("PM2.5", None, 35, "down", 42), 42, 0.0, id="at-baseline"),
        pytest.param(Target("PM2.5", None, 35, "down", 42), 38.5, 0.5, id="half-way-down"),
        pytest.param(Target("PM2.5", None, 35, "down", 42), 35, 1.0, id="reached"),
        pytest.param(Target("PM2.5", None, 35, "down", 42), 30, 1.0, id="below-target-clamped"),
        pytest.param(Target("PM2.5", None, 35, "down", 42), 50, 0.0, id="worse-than-baseline-clamped"),
        pytest.param(Target("事故起数", None, 0, "down", 8), 2, 0.75, id="falls-to-zero"),
        pytest.param(Target("积案", None, 5, "down", None), 3, 0.0, id="no-baseline-nothing-met"),
        pytest.param(Target("积案", None, 5, "down", 5), 5, 1.0, id="baseline-at-target-met"),
        pytest.param(Target("积案", None, 5, "down", 5), 6, 0.0, id="baseline-at-target-above"),
        pytest.param(Target("入驻企业", "家", 10), 4, 0.4, id="rising-as-before"),
        pytest.param(Target("入驻企业", "家", 10), 12, 1.0, id="rising-clamped"),
        pytest.param(Target("入驻企业", "家", 10), None, 0.0, id="rising-not-measured"),
    ],
)
def test_target_share(target: Target, measured: float | None, share: float) -> None:
    assert target_share(target, measured) == pytest.approx(share)


@pytest.mark.parametrize(
    ("targets", "log", "progress"),
    [
        pytest.param([{**PM, "direction": "down", "baseline": 42}], [ev("2026-03-01", "measure", target="PM2.5浓度", value=38.5)],
                     50.0, id="falling"),
        pytest.param([{"name": "事故起数", "target": 0, "direction": "down", "baseline": 4}],
                     [ev("2026-03-01", "measure", target="事故起数", value=1)], 75.0, id="falling-to-zero-counts"),
        pytest.param([{**PM, "direction": "down", "baseline": 42}, {"name": "入驻企业", "target": 10}],
                     [ev("2026-03-01", "measure", target="PM2.5浓度", value=35),
                      ev("2026-03-01", "measure", target="入驻企业", value=0)],
                     50.0, id="mean-with-a-rising-one"),
    ],
)  # fmt: skip
def test_progress_of_an_item(targets: list[dict[str, Any]], log: list[dict[str, Any]], progress: float) -> None:
    from fivefold.schedule import actual_progress
    from fivefold.workflow import replay

    item = make(STARTED + log, targets=targets)
    assert actual_progress(item, replay(item)) == pytest.approx(progress)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("PM2.5浓度<=35 μg/m³", {**PM, "direction": "down"}),
        ("PM2.5浓度≤35μg/m³", {**PM, "direction": "down"}),
        ("入驻企业>=10 家", {"name": "入驻企业", "unit": "家", "target": 10}),
        ("入驻企业=10 家", {"name": "入驻企业", "unit": "家", "target": 10}),
        ("信访积案 <= 0", {"name": "信访积案", "unit": None, "target": 0, "direction": "down"}),
    ],
)
def test_target_spec(text: str, spec: dict[str, Any]) -> None:
    assert target_spec(text) == spec


@pytest.mark.parametrize("text", ["PM2.5浓度<35", "PM2.5浓度=<35", "<=35", "PM2.5浓度<="])
def test_bad_target_spec(text: str) -> None:
    with pytest.raises(UsageError):
        target_spec(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("PM2.5浓度=42", ("PM2.5浓度", 42)), ("PM2.5浓度 = 41.5 μg/m³", ("PM2.5浓度", 41.5))]
)
def test_baseline_spec(text: str, expected: tuple[str, float]) -> None:
    assert baseline_spec(text) == expected


@pytest.mark.parametrize("text", ["PM2.5浓度<=42", "PM2.5浓度", "=42"])
def test_bad_baseline_spec(text: str) -> None:
    with pytest.raises(UsageError):
        baseline_spec(text)


@pytest.mark.parametrize(
    ("target", "keys"),
    [
        pytest.param({**PM, "direction": "down"}, ["target_no_baseline"], id="falling-without-baseline-fails"),
        pytest.param({**PM, "direction": "down", "baseline": 42}, [], id="falling-with-baseline"),
        pytest.param(PM, [], id="rising-needs-no-baseline"),
    ],
)
def test_check_specific(target: dict[str, Any], keys: list[str]) -> None:
    found = specific(make(targets=[target]), None)
    assert [f.key for f in found if not f.warning] == keys


def test_bad_direction_is_a_schema_problem() -> None:
    from fivefold.errors import SchemaError
    from fivefold.schema import parse_item

    with pytest.raises(SchemaError) as caught:
        parse_item({"id": "T-001", "title": "x", "task_sheet": {"targets": [{**PM, "direction": "sideways"}]}})
    assert [key for _, key, _ in caught.value.issues] == ["bad_direction"]


def _measure(ff, item: str) -> None:
    today = {"FIVEFOLD_TODAY": "2026-03-02"}
    ff("start", item, "--on", "2026-02-01", env=today)
    ff("target", item, "PM2.5浓度", "38.5", "--on", "2026-03-02", env=today)


def test_new_with_a_falling_target_and_its_baseline(ff, complete_item) -> None:
    item = complete_item("治理大气污染", "--target", "PM2.5浓度<=35 μg/m³", "--baseline", "PM2.5浓度=42")
    ff("check", item)
    _measure(ff, item)
    data = json.loads(ff("show", item, "--json", "--as-of", "2026-03-02").stdout)
    sheet = data["task_sheet"]["targets"]
    assert {"name": "PM2.5浓度", "unit": "μg/m³", "target": 35, "direction": "down", "baseline": 42} in sheet
    shown = ff("--lang", "zh", "show", item, "--as-of", "2026-03-02").stdout
    assert "PM2.5浓度 38.5/↓35μg/m³（基期值 42）" in shown
    assert "入驻企业 ↑10家" in shown


def test_falling_target_without_baseline_fails_check(ff, complete_item) -> None:
    item = complete_item("治理大气污染", "--target", "PM2.5浓度<=35 μg/m³")
    result = ff("--lang", "en", "check", item, expect=None)
    assert result.exit_code != 0
    assert "PM2.5浓度 must fall but has no baseline" in result.stdout + result.stderr


def test_update_sets_a_baseline_and_giving_the_target_again_keeps_it(ff, complete_item) -> None:
    item = complete_item("治理大气污染", "--target", "PM2.5浓度<=35 μg/m³")
    ff("update", item, "--baseline", "PM2.5浓度=42")
    ff("check", item)
    ff("update", item, "--target", "PM2.5浓度<=33 μg/m³")
    targets = json.loads(ff("show", item, "--json").stdout)["task_sheet"]["targets"]
    assert {"name": "PM2.5浓度", "unit": "μg/m³", "target": 33, "direction": "down", "baseline": 42} in targets


def test_baseline_for_no_such_target_is_refused(ff, complete_item) -> None:
    item = complete_item()
    result = ff("--lang", "en", "update", item, "--baseline", "PM2.5浓度=42", expect=None)
    assert result.exit_code != 0
    assert "no target named PM2.5浓度" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("fmt", "shown"), [("md", "PM2.5浓度 38.5/↓35μg/m³"), ("html", "PM2.5浓度 38.5/↓35μg/m³"),
                                            ("csv", "PM2.5浓度 38.5/↓35μg/m³")])  # fmt: skip
def test_reports_show_the_direction(ff, complete_item, tmp_path, fmt: str, shown: str) -> None:
    item = complete_item("治理大气污染", "--target", "PM2.5浓度<=35 μg/m³", "--baseline", "PM2.5浓度=42")
    _measure(ff, item)
    out = tmp_path / f"report.{fmt}"
    ff("report", "--format", fmt, "-o", str(out), "--as-of", "2026-03-02")
    text = out.read_text(encoding="utf-8-sig")
    assert shown in text
    assert "入驻企业 ↑10家" in text
