"""`import FILE.csv`: a 任务分解表 in the encodings Excel writes, all rows or none, one undo, --dry-run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fivefold import importer
from tests.conftest import make_workspace, run_process

DATA = Path(__file__).parent / "data" / "import"
COMPLETE = (DATA / "complete.csv").read_text("utf-8")


def user_files(plans: Path) -> dict[str, bytes]:
    """Every file the user owns, and the undo journal (the tool's cache and lock aside)."""
    keep = [p for p in sorted(plans.rglob("*")) if p.is_file() and (".fivefold" not in p.parts or "undo" in p.parts)]
    return {str(p.relative_to(plans)): p.read_bytes() for p in keep}


def write(tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n", name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def shown(ff, item_id: str) -> dict:
    return json.loads(ff("show", item_id, "--json").stdout)


def steps(data: dict) -> list[tuple[str, str | None]]:
    due = {s["id"]: s["due"] for s in data["steps_status"]}
    return [(s["title"], due[s["id"]]) for s in data["roadmap"]]


# --- encodings, and every column landing in its field ----------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gb18030", "\r\n")],
    ids=["utf8", "utf8-bom", "gb18030"],
)
def test_complete_table_in_each_encoding(ff, tmp_path, encoding, newline):
    path = write(tmp_path, COMPLETE, encoding, newline)
    result = ff("import", str(path))
    assert result.stdout.splitlines() == ["SY-001", "SY-002"]
    assert "imported 2 item(s)" in result.stderr

    first = shown(ff, "SY-001")
    sheet = first["task_sheet"]
    assert (first["title"], first["area"], first["state"]) == ("推动吉通创新中心园区竣工投产", "industry", "draft")
    assert sheet["goal"] == "园区主体工程完工，首批企业入驻投产"
    assert sheet["targets"] == [
        {"name": "入驻企业", "unit": "家", "target": 10},
        {"name": "新增就业", "unit": "人", "target": 500},
    ]
    assert (sheet["lead_unit"], sheet["partner_units"]) == ("区工信局", ["区发改局", "区财政局"])
    assert (sheet["leader"], sheet["owner"]) == ("王某", "李某")
    assert sheet["deliverables"] == ["竣工验收报告", "投产证明"]
    assert (first["start"], first["due"]) == ("2026-01-05", "2026-12-31")
    assert steps(first) == [("完成主体封顶", "2026-04-30"), ("配套设施完工", "2026-08-31"), ("竣工验收", "2026-12-15")]

    second = shown(ff, "SY-002")
    sheet = second["task_sheet"]
    assert second["area"] == "城乡融合"
    assert sheet["targets"] == [{"name": "覆盖率", "unit": "%", "target": 95}]
    assert sheet["acceptance"] == "取得水质检测合格报告"  # not measurable: the acceptance standard
    assert sheet["partner_units"] == ["区住建局", "各乡镇"]
    assert (second["start"], second["due"]) == ("2026-02-01", "2026-11-30")  # 2026年11月底
    assert steps(second) == [("完成管网设计", "2026-03-31"), ("管网铺设", "2026-09-30"), ("通水验收", "2026-11-20")]


def test_complete_table_passes_the_five_checks(ff, tmp_path):
    ff("import", str(write(tmp_path, COMPLETE)))
    result = ff("check", "SY-001", "SY-002")
    assert "FAIL" not in result.stdout


def test_new_areas_are_added_to_the_plan(ff, plans, tmp_path):
    ff("import", str(write(tmp_path, COMPLETE)))
    plan = (plans / "demo" / "plan.yaml").read_text("utf-8")
    assert "industry" in plan and "城乡融合" in plan


def test_area_named_by_its_label(ff, plans, tmp_path):
    ff("plan", "new", "other", "--prefix", "OT", "--area", "industry=现代化产业体系")
    path = write(tmp_path, "任务名称,领域\n园区建设,现代化产业体系\n")
    ff("import", str(path), "--plan", "other")
    assert shown(ff, "OT-001")["area"] == "industry"


def test_unrecognised_columns_are_named_on_stderr(ff, tmp_path):
    result = ff("import", str(write(tmp_path, COMPLETE)))
    assert "unrecognised columns ignored: 备注" in result.stderr
    assert "备注" not in result.stdout


def test_english_headers(ff):
    assert ff("import", str(DATA / "english.csv")).stdout == "SY-001\n"
    data = shown(ff, "SY-001")
    sheet = data["task_sheet"]
    assert (data["title"], data["area"]) == ("Build the river park", "ecology")
    assert sheet["targets"] == [{"name": "area", "unit": "ha", "target": 12}, {"name": "trees", "unit": None, "target": 3000}]
    assert sheet["partner_units"] == ["Water Bureau", "Finance Bureau"]
    assert (sheet["lead_unit"], sheet["leader"], sheet["owner"]) == ("District Parks Bureau", "Wang", "Li")
    assert (sheet["acceptance"], sheet["deliverables"]) == ("Park opened and inspected", ["Inspection report"])
    assert (data["start"], data["due"]) == ("2026-03-01", "2026-10-31")
    assert steps(data) == [("Design", "2026-04-30"), ("Planting", "2026-09-30")]
    ff("check", "SY-001")


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_separated(ff, tmp_path, delimiter):
    path = write(tmp_path, f"任务名称{delimiter}牵头单位\n园区建设{delimiter}区工信局\n")
    ff("import", str(path))
    assert shown(ff, "SY-001")["task_sheet"]["lead_unit"] == "区工信局"


def test_a_title_row_above_the_header_is_skipped(ff, tmp_path):
    path = write(tmp_path, "双阳区重点任务分解表,,\n序号,任务名称,责任人\n1,园区建设,李某\n")
    ff("import", str(path))
    assert (shown(ff, "SY-001")["title"], shown(ff, "SY-001")["owner"]) == ("园区建设", "李某")


# --- --map ---------------------------------------------------------------------------------------


def test_map_reads_other_headers(ff):
    result = ff(
        "import", str(DATA / "mapped.csv"),
        "--map", "工作内容=title", "--map", "主责部门=牵头单位", "--map", "经办人=owner", "--map", "截止=due",
    )  # fmt: skip
    assert result.stdout == "SY-001\n"
    assert "备注" in result.stderr  # still unmapped, so named
    data = shown(ff, "SY-001")
    assert (data["title"], data["lead_unit"], data["owner"], data["due"]) == (
        "建设智慧停车平台",
        "区城管局",
        "孙某",
        "2026-09-30",
    )


def test_map_ignore_silences_a_column(ff, tmp_path):
    result = ff("import", str(write(tmp_path, COMPLETE)), "--map", "备注=ignore")
    assert "unrecognised" not in result.stderr


def test_map_to_an_unknown_field_is_a_usage_error(ff, plans):
    before = user_files(plans)
    result = ff("import", str(DATA / "mapped.csv"), "--map", "工作内容=headline", expect=2)
    assert "unknown field headline" in result.stderr
    assert "title, goal, targets, lead_unit" in result.stderr
    assert user_files(plans) == before


@pytest.mark.parametrize(("spec", "message"), [("工作内容", 'is written "COLUMN=FIELD"'), ("没有这列=title", "没有这列")])
def test_bad_map_options(ff, spec, message):
    assert message in ff("import", str(DATA / "mapped.csv"), "--map", spec, expect=2).stderr


def test_no_title_column(ff):
    result = ff("import", str(DATA / "mapped.csv"), expect=1)
    assert "no title column" in result.stderr and "工作内容" in result.stderr


# --- all or nothing --------------------------------------------------------------------------------


def test_bad_rows_are_all_reported_and_nothing_is_written(ff, plans):
    before = user_files(plans)
    result = ff("import", str(DATA / "bad_rows.csv"), expect=1)
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("row ")] == ["row 3", "row 5"]
    assert any(line.startswith("row 3: 完成时限") and "2026-13-45" in line for line in lines)
    assert "row 5: no title" in lines
    assert lines[-1] == "fivefold: 2 bad row(s); nothing imported"
    assert "Traceback" not in result.stderr
    assert user_files(plans) == before
    assert not list((plans / "demo").glob("SY-*.yaml"))


def test_bad_rows_in_chinese(ff):
    result = ff("import", str(DATA / "bad_rows.csv"), env={"FIVEFOLD_LANG": "zh"}, expect=1)
    assert "第 3 行：完成时限：" in result.stderr and "第 5 行：缺少任务名称" in result.stderr


def test_bad_step_and_target_cells_name_their_row(ff, plans, tmp_path):
    text = "任务名称,指标,时间节点\n好的,入驻企业10家,封顶@2026-04-30\n坏的,产值=很多 亿元,2026年3月底前\n"
    result = ff("import", str(write(tmp_path, text)), expect=1)
    assert "row 3: 指标: " in result.stderr and "产值=很多" in result.stderr and "2026年3月底前" in result.stderr
    assert "row 2" not in result.stderr
    assert not list((plans / "demo").glob("SY-*.yaml"))


def test_dry_run_writes_nothing(ff, plans, tmp_path):
    before = user_files(plans)
    result = ff("import", str(write(tmp_path, COMPLETE)), "--dry-run")
    assert user_files(plans) == before
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Row", "ID", "Title", "Lead", "unit", "Owner", "Due", "Steps"]
    assert lines[1].split() == ["2", "SY-001", "推动吉通创新中心园区竣工投产", "区工信局", "李某", "2026-12-31", "3"]
    assert lines[2].split() == ["3", "SY-002", "实施城乡供水一体化工程", "区水利局", "钱某", "2026-11-30", "3"]
    assert "dry run: would import 2 item(s)" in result.stderr


def test_dry_run_still_reports_bad_rows(ff, plans):
    before = user_files(plans)
    assert "row 3" in ff("import", str(DATA / "bad_rows.csv"), "--dry-run", expect=1).stderr
    assert user_files(plans) == before


def test_one_undo_reverts_the_whole_import(ff, plans, tmp_path):
    before = user_files(plans)
    ff("import", str(write(tmp_path, COMPLETE)))
    assert len(json.loads(ff("list", "--json").stdout)) == 2
    assert "import table.csv" in ff("undo").stdout
    assert json.loads(ff("list", "--json").stdout) == []
    assert {k: v for k, v in user_files(plans).items() if "undo" not in k} == {k: v for k, v in before.items() if "undo" not in k}


def test_numbering_continues_after_existing_items(ff, complete_item, tmp_path):
    complete_item()
    assert ff("import", str(write(tmp_path, COMPLETE))).stdout.split() == ["SY-002", "SY-003"]


def test_several_plans_need_plan(ff, plans, tmp_path):
    ff("plan", "new", "other", "--prefix", "OT")
    path = write(tmp_path, COMPLETE)
    assert "--plan" in ff("import", str(path), expect=2).stderr
    assert ff("import", str(path), "--plan", "other").stdout.split() == ["OT-001", "OT-002"]


def test_json_lists_the_created_items(ff, tmp_path):
    path = write(tmp_path, COMPLETE)
    preview = json.loads(ff("import", str(path), "--dry-run", "--json").stdout)
    created = json.loads(ff("import", str(path), "--json").stdout)
    assert [(d["id"], d["title"]) for d in created] == [
        ("SY-001", "推动吉通创新中心园区竣工投产"),
        ("SY-002", "实施城乡供水一体化工程"),
    ]
    assert [d["id"] for d in preview] == [d["id"] for d in created]
    assert created[0]["task_sheet"] == shown(ff, "SY-001")["task_sheet"]
    assert created[0]["state"] == "draft" and created[0]["light"] == shown(ff, "SY-001")["light"]


def test_parent_by_row_number_or_existing_id(ff, complete_item):
    complete_item()
    assert ff("import", str(DATA / "parents.csv")).stdout.split() == ["SY-002", "SY-003", "SY-004"]
    assert [shown(ff, i)["parent"] for i in ("SY-002", "SY-003", "SY-004")] == [None, "SY-002", "SY-001"]


def test_parent_that_is_neither(ff, tmp_path):
    text = "序号,任务名称,上级任务\n1,子任务,2\n2,上级,\n3,另一个,SY-9\n"
    err = ff("import", str(write(tmp_path, text)), expect=1).stderr
    assert "row 2: 上级任务: parent 2 must be the 序号 of an earlier row" in err
    assert "row 4: 上级任务: parent SY-9 is neither" in err


# --- files that are not a table ------------------------------------------------------------------


def test_neither_utf8_nor_gb18030(ff, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x80\x81\xff\xfe\x00")
    result = ff("import", str(path), expect=1)
    assert result.stderr.count("\n") == 1 and "neither UTF-8 nor GB18030" in result.stderr


def test_a_workbook_is_named(ff, tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04rest of a zip")
    assert "Excel workbook" in ff("import", str(path), expect=1).stderr


@pytest.mark.parametrize(("text", "message"), [("", "is empty"), ("任务名称,责任人\n,\n", "has a header but no rows")])
def test_empty_tables(ff, tmp_path, text, message):
    assert message in ff("import", str(write(tmp_path, text)), expect=1).stderr


def test_missing_file(ff, tmp_path):
    assert "cannot read" in ff("import", str(tmp_path / "nope.csv"), expect=1).stderr


@pytest.mark.slow  # a real process
def test_real_process_gb18030(plans, tmp_path):
    path = write(tmp_path, COMPLETE, "gb18030", "\r\n")
    result = run_process("--plans", str(plans), "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["SY-001", "SY-002"]
    assert "imported 2 item(s)" in result.stderr


@pytest.mark.slow  # a real process
def test_real_process_bad_rows(tmp_path):
    plans = make_workspace(tmp_path / "ws")
    result = run_process("--plans", str(plans), "import", str(DATA / "bad_rows.csv"))
    assert result.returncode == 1
    assert "row 3" in result.stderr and "row 5" in result.stderr and "Traceback" not in result.stderr


# --- the parser on its own -----------------------------------------------------------------------

TODAY = dt.date(2026, 11, 27)


def parse(text: str, areas: dict[str, str] | None = None) -> list[importer.Row]:
    table = importer.read_table(text.encode("utf-8"), "t.csv")
    return importer.parse_rows(table, importer.columns(table, {}), TODAY, areas or {})


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026年3月底前完成主体封顶", ["完成主体封顶@2026-03-31"]),
        ("主体封顶（2026-03-31）", ["主体封顶@2026-03-31"]),
        ("主体封顶(2026年3月31日前)", ["主体封顶@2026-03-31"]),
        ("3月底前 完成封顶", ["完成封顶@2027-03-31"]),  # after the start (2026-11-01): next March
        ("1.12月中旬前完成设计\n2.2027年一季度完成招标", ["完成设计@2026-12-20", "完成招标@2027-03-31"]),
        ("封顶@2027/1/15；验收@6-30", ["封顶@2027-01-15", "验收@2027-06-30"]),
        ("完成设计，2027年上半年", ["完成设计@2027-06-30"]),
        ("前期调研；年底前完成验收", ["前期调研", "完成验收@2026-12-31"]),
        ("2027年度考核", ["2027年度考核"]),
    ],
)
def test_steps_take_a_date_from_either_end(cell, expected):
    (row,) = parse(f'任务名称,开始时间,完成时限,时间节点\nx,2026-11-01,2027-06-30,"{cell}"\n')
    assert row.problems == []
    assert row.fields.steps == expected


@pytest.mark.parametrize(
    ("cell", "targets", "acceptance"),
    [
        ("入驻企业10家", ["入驻企业=10 家"], None),
        ("产值达到5亿元；覆盖率95%以上", ["产值=5 亿元", "覆盖率=95 %"], None),
        ("PM2.5浓度不高于30微克", ["PM2.5浓度不高于=30 微克"], None),  # an upper bound keeps its words
        ("完成10个村的改造", [], "完成10个村的改造"),
        ("入驻企业＝10 家；取得竣工验收备案", ["入驻企业=10 家"], "取得竣工验收备案"),
    ],
)
def test_targets_and_what_is_not_measurable(cell, targets, acceptance):
    (row,) = parse(f"任务名称,指标\nx,{cell}\n")
    assert (row.fields.targets, row.fields.acceptance) == (targets, acceptance)


@pytest.mark.parametrize(
    ("start", "due", "expected"),
    [
        ("2026/3/1 0:00", "2026/12/31 0:00", ("2026-03-01", "2026-12-31")),  # Excel's date-time cells
        ("2026年3月", "2026年底", ("2026-03-01", "2026-12-31")),
        ("2026年下半年", "2027年第一季度", ("2026-07-01", "2027-03-31")),
        ("2026-12-01", "3月底", ("2026-12-01", "2027-03-31")),  # a due without a year follows the start
        ("today", "eoy", ("2026-11-27", "2026-12-31")),  # the forms of fivefold.dates
    ],
)
def test_start_and_due_cells(start, due, expected):
    (row,) = parse(f"任务名称,开始时间,完成时限\nx,{start},{due}\n")
    assert (row.fields.start, row.fields.due) == expected


def test_header_variants_and_empty_rows():
    text = "序号 ,＊任务名称,完成时限（年月日）,Lead_Unit,具体责任人\n\n1,x,2026-12-31,区工信局,李某\n,,,,\n"
    (row,) = parse(text)
    assert row.number == 3
    assert (row.ref, row.fields.due, row.fields.lead_unit, row.fields.owner) == ("1", "2026-12-31", "区工信局", "李某")


def test_rows_holding_only_their_number_are_empty():
    rows = parse("序号,任务名称,责任人\n1,x,李某\n2,,\n3,,\n")
    assert [(r.number, r.fields.title) for r in rows] == [(2, "x")]
