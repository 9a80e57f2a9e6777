"""Units written several ways (issue 18 §2): `units:` in fivefold.yaml puts aliases under the canonical
name in list, filters, dashboard, ranking and reports; `check` warns about an unlisted unit with the
closest listed one; `import` writes the canonical name. Without a list nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fivefold.errors import SchemaError
from fivefold.schema import parse_settings
from fivefold.units import alias_map, canonical, closest
from tests.conftest import COMPLETE

UNITS = {"区工信局": ("工信局", "双阳区工业和信息化局"), "区住建局": ("住建局",), "区委办": ()}
LISTED = """units:
  区工信局: [工信局, 双阳区工业和信息化局]
  区住建局: [住建局]
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [("区工信局", "区工信局"), ("工信局", "区工信局"), ("双阳区工业和信息化局", "区工信局"), (" 住建局 ", "区住建局"),
     ("区委办", "区委办"), ("区水利局", "区水利局"), (None, None)],
)  # fmt: skip
def test_canonical(name: str | None, expected: str | None) -> None:
    assert canonical(name, alias_map(UNITS)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("区工信", "区工信局"), ("双阳区工业与信息化局", "区工信局"), ("区住建委", "区住建局"), ("区委办公室", "区委办"),
     ("气象台", None)],
)  # fmt: skip
def test_closest(name: str, expected: str | None) -> None:
    assert closest(name, UNITS) == expected


def test_settings_read_units() -> None:
    settings = parse_settings({"units": {"区工信局": ["工信局", "双阳区工业和信息化局"], "区委办": None, "区住建局": "住建局"}})
    assert settings.units == {"区工信局": ("工信局", "双阳区工业和信息化局"), "区委办": (), "区住建局": ("住建局",)}
    assert parse_settings({}).units == {}


@pytest.mark.parametrize(
    ("units", "key"),
    [({"区工信局": ["工信局"], "市工信局": ["工信局"]}, "unit_alias_twice"), ({"区工信局": [{"a": 1}]}, "not_text_list")],
)
def test_bad_units(units: dict, key: str) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_settings({"units": units})
    assert key in [k for _, k, _ in caught.value.issues]


def _settings(plans: Path, text: str) -> None:
    path = plans / "fivefold.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _three_spellings(ff) -> None:
    options = [o for o in COMPLETE if o != "区工信局"]
    at = options.index("--lead-unit")
    for n, unit in enumerate(("区工信局", "工信局", "双阳区工业和信息化局")):
        ff("new", f"事项{n}", *options[: at + 1], unit, *options[at + 1 :], "--partner", "住建局")


def test_aliases_are_grouped_everywhere(ff, plans, tmp_path) -> None:
    _three_spellings(ff)
    before = json.loads(ff("list", "--json").stdout)  # the cache holds rows made before the list exists
    assert sorted(r["lead_unit"] for r in before) == sorted(["双阳区工业和信息化局", "区工信局", "工信局"])
    _settings(plans, LISTED)
    rows = json.loads(ff("list", "--json").stdout)
    assert [r["lead_unit"] for r in rows] == ["区工信局"] * 3
    assert all(r["partner_units"] == ["区住建局"] for r in rows)
    assert len(json.loads(ff("list", "--json", "--unit", "双阳区工业和信息化局").stdout)) == 3
    assert len(json.loads(ff("list", "--json", "--unit", "住建局").stdout)) == 3
    dash = json.loads(ff("dashboard", "--json").stdout)
    assert [u["key"] for u in dash["units"]] == ["区工信局"]
    gantt = ff("--lang", "en", "gantt", "--group", "unit", "--from", "2026-01-01", "--to", "2026-12-31").stdout
    assert "区工信局" in gantt and "工信局 " not in gantt.replace("区工信局", "")
    report = json.loads(ff("report", "--format", "json", "--rank").stdout)
    assert [u["unit"] for u in report["ranking"]] == ["区工信局"]
    assert {r["lead_unit"] for a in report["areas"] for r in a["items"]} == {"区工信局"}


def test_without_a_list_nothing_changes(ff) -> None:
    _three_spellings(ff)
    dash = json.loads(ff("dashboard", "--json").stdout)
    assert sorted(u["key"] for u in dash["units"]) == sorted(["双阳区工业和信息化局", "区工信局", "工信局"])
    assert "units" not in ff("--lang", "en", "check", expect=None).stderr


def test_check_warns_about_an_unlisted_unit_with_the_closest(ff, plans, complete_item) -> None:
    _settings(plans, LISTED)
    complete_item("推动园区竣工投产", "--partner", "区住建委", "--partner", "气象台")
    result = ff("--lang", "en", "check", expect=None)
    out = result.stdout + result.stderr
    assert "unit 区住建委 is not in fivefold.yaml's list of units (units); did you mean 区住建局?" in out
    assert "unit 气象台 is not in fivefold.yaml's list of units (units)" in out
    assert "unit 区工信局" not in out
    zh = ff("--lang", "zh", "check", expect=None)
    assert "单位 区住建委 不在 fivefold.yaml 的单位名单（units）中，是否指“区住建局”？" in zh.stdout + zh.stderr


def test_import_maps_aliases(ff, plans, tmp_path) -> None:
    _settings(plans, LISTED)
    table = tmp_path / "table.csv"
    table.write_text(
        "序号,任务名称,重点领域,工作目标,指标,牵头单位,配合单位,责任人,开始时间,完成时限,时间节点\n"
        "1,推动园区竣工投产,industry,园区投产,入驻企业10家,双阳区工业和信息化局,住建局、区水利局,李某,2026-01-05,2026-12-31,"
        "竣工验收@2026-12-15\n",
        "utf-8",
    )
    ff("import", str(table))
    item = json.loads(ff("show", "SY-001", "--json").stdout)
    assert item["task_sheet"]["lead_unit"] == "区工信局"
    assert item["task_sheet"]["partner_units"] == ["区住建局", "区水利局"]
