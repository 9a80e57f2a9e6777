"""Forgiving input that never guesses wrong (issue 14 §3): filters take Chinese values and labels,
`--unit` matches part of a unit's name, an area is named by its key or its label, and a new area
whose label is taken is refused with the existing key suggested."""

from __future__ import annotations

import json

import pytest

from fivefold.specs import resolve_area
from tests.conftest import COMPLETE

AS_OF = "2026-11-27"


def ids(example, *args: str) -> list[str]:
    return [r["id"] for r in json.loads(example("--as-of", AS_OF, "list", "--json", *args).stdout)]


@pytest.mark.parametrize(
    ("chinese", "value"),
    [
        (("--state", "推进中"), ("--state", "active")),
        (("--state", "受阻,待验收"), ("--state", "blocked,review")),
        (("--state", "推进中，受阻"), ("--state", "active,blocked")),
        (("--light", "红灯"), ("--light", "red")),
        (("--light", "黄灯、红灯"), ("--light", "yellow,red")),
        (("--light", "无"), ("--light", "none")),
        (("--bucket", "即将启动"), ("--bucket", "upcoming")),
        (("--bucket", "正在推进"), ("--bucket", "ongoing")),
        (("--area", "现代化产业体系"), ("--area", "industry")),
        (("--state", "Active"), ("--state", "active")),
    ],
)
def test_filters_take_chinese_labels(example, chinese, value):
    wanted = ids(example, *value)
    assert wanted and ids(example, *chinese) == wanted


def test_a_label_that_is_no_value_is_refused_with_the_values(example):
    result = example("list", "--state", "进行中", expect=2)
    assert "进行中" in result.stderr and "active" in result.stderr


def test_unit_matches_units_containing_the_text(example):
    everything = json.loads(example("--as-of", AS_OF, "list", "--json").stdout)
    expected = [r["id"] for r in everything if "委" in r["lead_unit"] or any("委" in p for p in r.get("partner_units") or [])]
    got = ids(example, "--unit", "委")
    assert got == expected and len(got) > 1
    exact = ids(example, "--unit", "区发改局")
    assert exact and set(exact) <= set(ids(example, "--unit", "发改"))


def test_resolve_area():
    areas = {"industry": "现代化产业体系", "study": "学习宣传贯彻"}
    assert resolve_area("industry", areas) == ("industry", "现代化产业体系")
    assert resolve_area("现代化产业体系", areas) == ("industry", "现代化产业体系")
    assert resolve_area(" 现代化产业体系 ", areas) == ("industry", "现代化产业体系")
    assert resolve_area("ecology=生态环境质量", areas) == ("ecology", "生态环境质量")
    assert resolve_area("ecology", areas) == ("ecology", "ecology")
    from fivefold.errors import UsageError

    with pytest.raises(UsageError) as refused:
        resolve_area("industry2=现代化产业体系", areas)
    assert refused.value.params["existing"] == "industry"


@pytest.fixture
def areas_plan(ff):
    ff("plan", "new", "p2", "--prefix", "P", "--title", "二号计划", "--area", "industry=现代化产业体系")
    return ff


def test_new_and_update_resolve_an_area_label_to_its_key(areas_plan, plans):
    ff = areas_plan
    area_args = [a for a in COMPLETE if a != "industry" and a != "--area"]
    item = ff("new", "园区建设", "--plan", "p2", "--area", "现代化产业体系", *area_args).stdout.strip()
    assert item == "P-001"
    assert json.loads(ff("show", item, "--json").stdout)["area"] == "industry"
    plan_yaml = (plans / "p2" / "plan.yaml").read_text("utf-8")
    assert plan_yaml.count("现代化产业体系") == 1  # no second area with the same label
    ff("update", item, "--area", "ecology=生态环境质量")
    ff("update", item, "--area", "现代化产业体系")
    assert json.loads(ff("show", item, "--json").stdout)["area"] == "industry"


def test_a_new_key_with_a_taken_label_is_refused_suggesting_the_key(areas_plan, plans):
    ff = areas_plan
    before = (plans / "p2" / "plan.yaml").read_bytes()
    result = ff("new", "园区建设", "--plan", "p2", "--area", "chanye=现代化产业体系", expect=2)
    assert "industry" in result.stderr and result.stderr.count("\n") == 1
    assert (plans / "p2" / "plan.yaml").read_bytes() == before
    assert not (plans / "p2" / "P-001.yaml").exists()
