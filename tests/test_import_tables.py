"""`import` of tables as offices save them: a workbook with title rows, merged cells, multi-unit cells,
time-node cells, section headings, a totals row and notes; the same table saved as CSV (UTF-8 with BOM,
GB18030); --sheet, --year; errors at sheet, row and column letter; every date word through import."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold import importer
from fivefold.dates import parse_date
from fivefold.errors import DateError, FivefoldError
from fivefold.tables import column_letter

HEADER = ["序号", "民生实事", "责任单位", "责任领导", "完成时限", "时间节点", "备注"]


def build_workbook(path: Path, sheets: dict[str, list[list[object]]] | None = None, merges: list[str] | None = None) -> Path:
    """The county's table as Excel saves it: 附件1, a merged title, the header, a merged section heading,
    a 责任单位 merged over two rows, a merged 序号 over two tasks, a totals row and a note."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    if sheets is not None:
        for name, rows in sheets.items():
            ws = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        ws.write(r, c, value)
            for rng in merges or []:
                ws.merge_range(rng, rows[int(rng.split(":")[0][1:]) - 1][ord(rng[0]) - 65])
        book.close()
        return path
    book.add_worksheet("说明").write(0, 0, "本表由区督查室汇总")  # a first sheet with no header: skipped
    ws = book.add_worksheet("民生实事")
    ws.write(0, 0, "附件1")
    ws.merge_range("A2:G2", "2026年双阳区民生实事任务分解表")
    ws.write_row(2, 0, HEADER)
    ws.merge_range("A4:G4", "一、教育卫生")
    ws.write_row(4, 0, [1, "新建城区幼儿园2所。", "区教育局\n区住建局", "王某", "2026年8月底前完成",
                        "3月底前完成施工图设计；7月底前完成主体吊装"])  # fmt: skip
    ws.write_row(5, 0, [2, "改造老旧小区", None, "李某", "年底前",
                        "一季度完成1000户，三季度末完成2000户，年底前完成2836户", "省级考核"])  # fmt: skip
    ws.merge_range("C6:C7", "区住建局")
    ws.write_row(6, 0, [3, "背街小巷整治", None, "李某"])
    ws.write_datetime(6, 4, dt.datetime(2026, 6, 30), book.add_format({"num_format": "yyyy年m月d日"}))
    ws.merge_range("A8:G8", "二、社会保障")
    ws.merge_range("A9:A10", 4)
    ws.write_row(8, 1, ["就业援助", "区人社局、区财政局", "赵某", "长期坚持"])
    ws.write_row(9, 1, ["困难群众救助", "区民政局", "赵某", "年底前", "6月底前：完成摸底；12月底前：全部发放"])
    ws.write_row(10, 0, ["合计", "4项"])
    ws.merge_range("A12:G12", "注：完成时限为最迟时间。")
    ws.write_row(12, 0, ["2", "此行在表注之下"])
    book.close()
    return path


def shown(ff, item_id: str) -> dict:
    return json.loads(ff("show", item_id, "--json").stdout)


def steps(data: dict) -> list[str]:
    due = {s["id"]: s["due"] for s in data["steps_status"]}
    return [f"{s['title']}@{due[s['id']]}" for s in data["roadmap"]]


def test_a_real_looking_workbook_in_one_command(ff, tmp_path):
    path = build_workbook(tmp_path / "任务分解表.xlsx")
    result = ff("import", str(path))
    assert result.stdout.split() == ["SY-001", "SY-002", "SY-003", "SY-004", "SY-005"]

    first = shown(ff, "SY-001")
    sheet = first["task_sheet"]
    assert first["title"] == "新建城区幼儿园2所"  # the final 。 dropped
    assert (sheet["ref"], sheet["lead_unit"], sheet["partner_units"], sheet["leader"]) == ("1", "区教育局", ["区住建局"], "王某")
    assert first["area"] == "教育卫生"  # the heading row above it
    assert first["due"] == "2026-08-31"
    assert steps(first) == ["完成施工图设计@2026-03-31", "完成主体吊装@2026-07-31"]

    second = shown(ff, "SY-002")
    assert second["task_sheet"]["lead_unit"] == "区住建局"  # the merged cell's value fills each row it covers
    assert second["task_sheet"]["extra"] == {"备注": "省级考核"}
    assert steps(second) == ["完成1000户@2026-03-31", "完成2000户@2026-09-30", "完成2836户@2026-12-31"]
    third = shown(ff, "SY-003")
    assert (third["task_sheet"]["lead_unit"], third["due"]) == ("区住建局", "2026-06-30")  # a real date cell

    fourth = shown(ff, "SY-004")
    assert fourth["area"] == "社会保障"
    assert (fourth["task_sheet"]["lead_unit"], fourth["task_sheet"]["partner_units"]) == ("区人社局", ["区财政局"])
    assert fourth["timeline"]["ongoing"] is True and fourth["due"] == "2026-12-31"
    fifth = shown(ff, "SY-005")
    assert fifth["task_sheet"]["ref"] == "4(2)"  # a merged 序号 over two tasks
    assert steps(fifth) == ["完成摸底@2026-06-30", "全部发放@2026-12-31"]

    err = result.stderr
    assert "row(s) 4、8 are section headings" in err
    assert "row(s) 11 are totals rows" in err
    assert "row(s) 12、13 are notes" in err
    assert "4(2) continue a merged cell" in err
    assert "columns kept as they are under task_sheet.extra: 备注" in err
    assert 'sheet "民生实事", row 5, column E: due 2026-08-31 has already passed' in err
    assert "imported 5 item(s)" in err


def test_dry_run_offers_the_title(ff, plans, tmp_path):
    path = build_workbook(tmp_path / "t.xlsx")
    result = ff("import", str(path), "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[0] == "table title: 2026年双阳区民生实事任务分解表"
    assert lines[2].split()[:4] == ["5", "1", "SY-001", "新建城区幼儿园2所"]
    assert "4(2)" in result.stdout and "ongoing" in result.stdout
    assert not list(plans.rglob("SY-*.yaml"))


def test_show_lists_ref_and_extra(ff, tmp_path):
    ff("import", str(build_workbook(tmp_path / "t.xlsx")), env={"FIVEFOLD_LANG": "zh"})
    out = ff("show", "SY-002", env={"FIVEFOLD_LANG": "zh"}).stdout
    assert "序号" in out and "备注" in out and "省级考核" in out
    assert "长期" in ff("show", "SY-004", env={"FIVEFOLD_LANG": "zh"}).stdout


def test_sheet_option(ff, tmp_path):
    path = build_workbook(tmp_path / "t.xlsx")
    assert "has no sheet" in ff("import", str(path), "--sheet", "表二", expect=1).stderr
    assert "no title column" in ff("import", str(path), "--sheet", "说明", expect=1).stderr
    assert len(ff("import", str(path), "--sheet", "民生实事").stdout.split()) == 5


def test_workbook_errors_name_sheet_row_and_column(ff, plans, tmp_path):
    rows = [
        ["序号", "重点工作", "责任领导", "责任单位", "完成时限"],
        [1, "好的", "王某", "区工信局", "6月底"],
        [2, "坏的", "王某", "区发改局", "某天"],
    ]
    path = build_workbook(tmp_path / "t.xlsx", {"表1": rows})
    result = ff("import", str(path), expect=1)
    assert 'sheet "表1", row 3: E (完成时限): "某天" is not a date' in result.stderr
    zh = ff("import", str(path), env={"FIVEFOLD_LANG": "zh"}, expect=1).stderr
    assert "工作表“表1”第 3 行：E（完成时限）：“某天”不是可识别的日期" in zh
    assert not list(plans.rglob("SY-*.yaml"))


def test_second_header_row_splits_the_units(ff, tmp_path):
    """责任单位 over 牵头单位 | 配合单位: the lower row names the columns."""
    rows = [
        ["序号", "重点任务", "责任单位", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "园区建设", "区工信局", "区财政局", "9月"],
    ]
    path = build_workbook(tmp_path / "t.xlsx", {"Sheet1": rows}, ["C1:D1"])
    ff("import", str(path))
    sheet = shown(ff, "SY-001")["task_sheet"]
    assert (sheet["lead_unit"], sheet["partner_units"]) == ("区工信局", ["区财政局"])


CSV = """附件1
2026年双阳区民生实事任务分解表
序号,民生实事,责任单位,完成时限,备注
一、教育卫生,,,,
1,新建城区幼儿园2所。,"区教育局
区住建局",8月底,
2,改造老旧小区,区住建局,年底前,
,背街小巷整治,,6月底,
,公厕改造,,9月底,
3,修缮校舍,区教育局,10月底,
合计,,,,
注：1. 以上时限为最迟时间
2. 各单位每月报送进度
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_the_same_table_as_csv(ff, tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.replace("\n", "\r\n").encode(encoding))
    result = ff("import", str(path))
    assert result.stdout.split() == ["SY-001", "SY-002", "SY-003", "SY-004", "SY-005"]
    refs = [shown(ff, f"SY-00{n}")["task_sheet"]["ref"] for n in range(1, 6)]
    assert refs == ["1", "2", "2(2)", "2(3)", "3"]
    for n in (3, 4):  # the continuation rows take the unit cells of 2
        assert shown(ff, f"SY-00{n}")["task_sheet"]["lead_unit"] == "区住建局"
    assert shown(ff, "SY-005")["task_sheet"]["lead_unit"] == "区教育局"
    assert "2(2)、2(3) continue a merged cell" in result.stderr
    assert "notes under the table" in result.stderr and "totals rows" in result.stderr


def test_sheet_on_a_csv_is_refused(ff, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("任务名称\nx\n", "utf-8")
    assert "has no sheets" in ff("import", str(path), "--sheet", "x", expect=1).stderr


def test_year_option_for_dates_without_a_year(ff, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("任务名称,完成时限\nx,6月底\n", "utf-8")
    ff("import", str(path), "--year", "2027")
    assert shown(ff, "SY-001")["due"] == "2027-06-30"


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


# --- every date word of the issue, through the import -------------------------------------------

TODAY = dt.date(2026, 2, 13)
DUE_WORDS = [
    ("2026年6月底前完成", "2026-06-30"),
    ("6月底完成", "2026-06-30"),
    ("9月投入使用", "2026-09-30"),
    ("5月底前动工", "2026-05-31"),
    ("6月30日前", "2026-06-30"),
    ("2026.6", "2026-06-30"),
    ("2026年6月", "2026-06-30"),
    ("6月", "2026-06-30"),
    ("10月中旬", "2026-10-20"),
    ("11月上旬", "2026-11-10"),
    ("上半年", "2026-06-30"),
    ("下半年", "2026-12-31"),
    ("一季度", "2026-03-31"),
    ("第三季度", "2026-09-30"),
    ("三季度末", "2026-09-30"),
    ("2026年第二季度", "2026-06-30"),
    ("Q3", "2026-09-30"),
    ("年底前", "2026-12-31"),
    ("2026年底", "2026-12-31"),
    ("月底", "2026-02-28"),
    ("下周五", "2026-02-20"),
    ("春节前", "2026-02-14"),
    ("国庆节前", "2026-09-30"),
    ("元旦前", "2026-12-31"),
    ("全年", "2026-12-31"),
    ("年内", "2026-12-31"),
    ("+10工作日", "2026-03-05"),
    ("10个工作日内", "2026-03-05"),
    ("+10wd", "2026-03-05"),
    ("立行立改", "2026-02-28"),  # immediate_days (15) after the import
]


def parse(text: str, **settings) -> list[importer.Row]:
    table = importer.read_table(text.encode("utf-8"), "t.csv")
    return importer.parse_rows(table, importer.columns(table, {}), importer.Settings(TODAY, **settings), {})[0]


@pytest.mark.parametrize(("word", "due"), DUE_WORDS)
def test_every_due_word_in_a_table(word, due):
    (row,) = parse(f"任务名称,完成时限\nx,{word}\n")
    assert not row.problems
    assert row.fields.due == due


@pytest.mark.parametrize("word", ["长期坚持", "常态化", "持续推进"])
def test_ongoing_words(word):
    (row,) = parse(f"任务名称,完成时限\nx,{word}\n", period_end=dt.date(2026, 10, 31))
    assert row.fields.ongoing and row.fields.due == "2026-10-31"  # the plan period's end
    (row,) = parse(f"任务名称,完成时限\nx,{word}\n")
    assert row.fields.due == "2026-12-31"  # else the year's


@pytest.mark.parametrize(
    ("word", "cadence", "count", "last"),
    [("每月", "monthly", 12, "12月调度@2026-12-31"), ("每季度", "quarterly", 4, "第四季度调度@2026-12-31")],
)
def test_every_month_or_quarter(word, cadence, count, last):
    (row,) = parse(f"任务名称,完成时限\nx,{word}\n")
    assert row.fields.cadence == cadence and row.fields.due == "2026-12-31"
    assert len(row.fields.steps) == count and row.fields.steps[-1] == last


def test_immediate_days_setting():
    (row,) = parse("任务名称,完成时限\nx,立行立改\n", immediate_days=7)
    assert row.fields.due == "2026-02-20"


def test_year_rule_for_dates_without_a_year():
    assert parse("任务名称,完成时限\nx,6月底\n", year=2027)[0].fields.due == "2027-06-30"
    assert parse("任务名称,完成时限\nx,6月底\n")[0].fields.due == "2026-06-30"


def test_due_before_start_and_past_are_warnings():
    (row,) = parse("任务名称,开始时间,完成时限\nx,2026-05-01,2026-04-01\n")
    assert [key for _, key, _ in row.warnings] == ["import_due_before_start"]
    (row,) = parse("任务名称,完成时限\nx,2026-01-31\n")
    assert [key for _, key, _ in row.warnings] == ["import_due_past"]
    assert not row.problems


def test_workday_overrides_from_the_workspace(ff, plans, tmp_path):
    """fivefold.yaml's workdays:/holidays: win over the official calendar."""
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "holidays: [2026-02-24]\nworkdays: [2026-02-15]\n", "utf-8")
    path = tmp_path / "t.csv"
    path.write_text("任务名称,完成时限\nx,+2工作日\n", "utf-8")
    ff("import", str(path), env={"FIVEFOLD_TODAY": "2026-02-13"})
    assert shown(ff, "SY-001")["due"] == "2026-02-15"  # Sat 14 (调休), then Sun 15 made a working day


def test_lists_show_ongoing_items_as_such(ff, tmp_path):
    ff("import", str(build_workbook(tmp_path / "t.xlsx")))
    rows = {r["id"]: r for r in json.loads(ff("list", "--json").stdout)}
    assert rows["SY-004"]["ongoing"] is True and rows["SY-001"]["ongoing"] is False
    line = next(line for line in ff("list", env={"FIVEFOLD_LANG": "zh"}).stdout.splitlines() if "SY-004" in line)
    assert "长期" in line and "2026-12-31" not in line


def test_without_unit_columns_a_row_without_number_continues_nothing():
    rows = parse("序号,任务名称,完成时限\n1,甲,6月底\n,乙,9月底\n")
    assert [r.fields.ref for r in rows] == ["1", None]


def test_headings_in_the_number_column_and_totals():
    rows = parse("序号,任务名称,牵头单位\n一,产业发展,\n1,园区建设,区工信局\n（二）,民生,\n2,修路,区交通局\n小计,,\n")
    assert [(r.fields.title, r.fields.area) for r in rows] == [("园区建设", "产业发展"), ("修路", "民生")]


# --- properties: any table of office-like cells is read or refused cell by cell, never crashes -------


FRAGMENTS = [
    "1", "2", "一、", "（二）", "注：", "合计", "小计", "区工信局", "、", "，", "；", "\n", "6月底", "前", "完成", "三季度末",
    "Q3", "2026年", "年底", "长期坚持", "每月", "立行立改", "+3工作日", "春节前", "下周五", "@", "2026-02-30", "46203",
    "入驻企业10家", "=SUM(A1)", "(", "）", "上旬", "第", "季度", " ",
]  # fmt: skip
cells = st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=5, max_size=5), min_size=1, max_size=6))
def test_any_table_is_read_or_refused_cell_by_cell(body):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["序号", "任务名称", "责任单位", "完成时限", "时间节点"])
    writer.writerows(body)
    try:
        table = importer.read_table(out.getvalue().encode("utf-8"), "t.csv")
        rows, _ = importer.parse_rows(table, importer.columns(table, {}), importer.Settings(TODAY), {})
    except FivefoldError:
        return
    for row in rows:
        assert row.number >= 2
        if not row.problems:
            assert row.fields.title and not row.fields.title.endswith("。")
            assert row.fields.due is None or dt.date.fromisoformat(row.fields.due)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join), st.dates(min_value=dt.date(1900, 1, 1)))
def test_any_date_text_is_a_date_or_a_date_error(text, today):
    with contextlib.suppress(DateError):
        assert isinstance(parse_date(text, today), dt.date)
