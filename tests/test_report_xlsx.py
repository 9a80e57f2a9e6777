"""`report --format xlsx --out 台账.xlsx`: the sheets, the formatting, text never a formula; read back
with calamine, and an export -> import round trip that keeps every item's fields."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from tests.conftest import make_workspace

ZH = {"FIVEFOLD_LANG": "zh"}
LEDGER = [
    "序号", "编号", "事项", "领域", "牵头单位", "配合单位", "责任领导",
    "责任人", "完成时限", "进度", "序时进度", "预警", "预警原因", "最新进展",
]  # fmt: skip


def sheets(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_ledger_workbook(example, tmp_path):
    out = tmp_path / "台账.xlsx"
    result = example("report", "--format", "xlsx", "--out", str(out), "--rank", "--period", "week", env=ZH)
    assert "已写入" in result.stderr
    book = sheets(out)
    names = list(book)
    assert names[0] == "总表" and names[-2:] == ["红黑榜", "调度"]
    assert "现代化产业体系" in names and "学习宣传贯彻" in names  # a sheet per focus area
    total = book["总表"]
    assert total[0] == LEDGER
    assert len(total) == 1 + 35
    first = dict(zip(LEDGER, total[1], strict=True))
    assert (first["序号"], first["编号"], first["牵头单位"]) == (1.0, "SY-001", "区委宣传部")
    assert first["进度"] == 0.956 and first["预警"] == "绿灯"
    assert first["预警原因"] == ""  # a green light has no reason
    by_id = {row[1]: dict(zip(LEDGER, row, strict=True)) for row in total[1:]}
    assert by_id["SY-028"]["预警"] == "红灯" and "逾期 12 天" in by_id["SY-028"]["预警原因"]  # worded, never a dict
    industry = book["现代化产业体系"]
    assert industry[0] == LEDGER and {row[1] for row in industry[1:]} >= {"SY-006", "SY-007"}
    ranking = book["红黑榜"]
    assert ranking[0][0] == "名次" and ranking[1][0] == 1.0
    headers = ["名次", "牵头单位", "榜单", "逾期数", "红", "黄", "按期销号率", "报送率", "平均滞后", "事项", "销号"]
    headers += ["批示", "催办"]
    assert ranking[0] == headers
    assert ranking[1][2] == "红榜" and ranking[-1][2] == "黑榜"  # the md and html columns, in words
    assert book["调度"][0] == ["日期", "编号", "事项", "事件", "操作人", "内容"]
    assert len(book["调度"]) == 1 + 5  # every entry of the period is a change (issue 10), step events and requests too


def test_formatting(example, tmp_path):
    out = tmp_path / "t.xlsx"
    example("report", "--format", "xlsx", "--out", str(out))
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet
    assert "<autoFilter" in sheet and "dataBar" in sheet
    assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet and 'fitToHeight="0"' in sheet
    assert "_xlnm.Print_Titles" in workbook  # the header row repeats on every printed page
    assert "FFF8696B" in styles and "FFFFEB84" in styles and "FF63BE7B" in styles  # red, yellow, green fills
    assert 'formatCode="0%"' in styles or "numFmtId=\"9\"" in styles
    widths = {}
    for low, high, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet):
        widths.update({n: float(width) for n in range(int(low), int(high) + 1)})
    assert widths[3] > 2 * widths[2]  # 事项 (long Chinese titles, counted double) far wider than 编号


def test_xlsx_needs_out(example):
    assert "--out" in example("report", "--format", "xlsx", expect=2).stderr


def test_formula_like_text_stays_text(ff, complete_item, tmp_path):
    complete_item("=HYPERLINK(\"http://x\",\"点我\")")
    ff("update", "SY-001", "--owner", "@SUM(A1)", "--lead-unit", "+区工信局")
    out = tmp_path / "t.xlsx"
    ff("report", "--format", "xlsx", "--out", str(out))
    total = sheets(out)["All items"]
    row = dict(zip(total[0], total[1], strict=False))
    assert row["Title"] == '=HYPERLINK("http://x","点我")'
    assert (row["Owner"], row["Lead unit"]) == ("@SUM(A1)", "+区工信局")
    with zipfile.ZipFile(out) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_export_then_import_keeps_every_field(ff, plans, tmp_path):
    table = tmp_path / "任务.csv"
    table.write_text(
        "序号,重点工作,领域,牵头单位,配合单位,责任领导,责任人,完成时限\n"
        "1,园区建设,产业,区工信局,区发改局、区财政局,王某,李某,2026-12-31\n"
        "2,就业援助,民生,区人社局,,赵某,钱某,长期坚持\n"
        "3,道路改造,民生,区交通局,区住建局,孙某,周某,2027-06-30\n",
        "utf-8",
    )
    ff("import", str(table))
    out = tmp_path / "台账.xlsx"
    ff("report", "--format", "xlsx", "--out", str(out), env=ZH)

    again = make_workspace(tmp_path / "again")
    from tests.conftest import Runner

    other = Runner(again)
    other("import", str(out), "--sheet", "总表")
    fields = ("title", "area", "lead_unit", "owner", "due", "start")
    for n in (1, 2, 3):
        a = json.loads(ff("show", f"SY-00{n}", "--json").stdout)
        b = json.loads(other("show", f"SY-00{n}", "--json").stdout)
        assert {k: a[k] for k in fields} == {k: b[k] for k in fields}
        for key in ("ref", "lead_unit", "partner_units", "leader", "owner"):
            assert a["task_sheet"].get(key) == b["task_sheet"].get(key), (n, key)
        assert a["timeline"].get("ongoing") == b["timeline"].get("ongoing")
