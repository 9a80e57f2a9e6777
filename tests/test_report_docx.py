"""`report --format docx` (issue 13 §3): the 调度/通报 report as a Word document from the same view model
as md and html — the same sections in the same order, the 红黑榜, the 台账 per focus area, the warnings
with their reasons, the news of the period, the 文号 and the 落款 — read back with python-docx."""

from __future__ import annotations

import io
import re
import shutil

import pytest

from fivefold.cli.env import Env
from tests.test_env import Terminal, run

docx = pytest.importorskip("docx")

ARGS = ["report", "--period", "week", "--rank", "--ref", "双督字〔2026〕12号"]


def _read(data: bytes) -> tuple[list[str], list[str], list[list[list[str]]]]:
    """(headings, other paragraphs, tables as rows of cell texts)."""
    document = docx.Document(io.BytesIO(data))
    heads = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    paras = [p.text for p in document.paragraphs if p.text and not p.style.name.startswith(("Heading", "Title"))]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return heads, paras, tables


def test_the_sections_are_the_markdown_reports(example, tmp_path):
    out = tmp_path / "通报.docx"
    example("--lang", "zh", *ARGS, "--format", "docx", "--out", str(out))
    heads, paras, tables = _read(out.read_bytes())
    markdown = example("--lang", "zh", *ARGS).stdout
    md_heads = [re.sub(r"^#+ ", "", line) for line in markdown.splitlines() if line.startswith("#")]
    assert heads == md_heads  # the same view model, walked in the same order
    assert paras[0] == "双督字〔2026〕12号" and paras[-1] == "2026年11月27日"
    ranking = next(t for t in tables if t[0][:3] == ["名次", "牵头单位", "榜单"])
    assert "报送率" in ranking[0] and len(ranking) > 2
    ledger = next(t for t in tables if t[0][0] == "编号" and "最新进展" in t[0])
    assert ledger[0] == ["编号", "事项", "牵头单位", "责任人", "完成时限", "状态", "进度", "预警", "指标", "最新进展"]
    warnings = next(t for t in tables if t[0][-1] == "预警原因")
    assert any("逾期" in row[-1] for row in warnings[1:])
    md_lines = markdown.splitlines()
    md_tables = sum(1 for line in md_lines if line.startswith("|---"))
    md_rows = sum(1 for line in md_lines if line.startswith("| ")) - md_tables  # less each table's header
    assert (len(tables), sum(len(t) - 1 for t in tables)) == (md_tables, md_rows)  # every row of every table


def test_landscape_by_default_portrait_when_asked(example, tmp_path):
    for extra, size in (([], (297, 210)), (["--portrait"], (210, 297))):
        out = tmp_path / f"r{len(extra)}.docx"
        example("report", "-f", "docx", "-o", str(out), *extra)
        section = docx.Document(str(out)).sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == size


def test_english_and_a_redirected_stdout(example):
    result = example("--lang", "en", "report", "--format", "docx")
    heads, paras, _ = _read(result.stdout_bytes)
    assert heads[0].endswith("Status report") or "report" in heads[0].lower()
    assert paras[-1] == "2026-11-27"


def test_refused_on_a_terminal(plans):
    out, err = Terminal(), io.StringIO()
    assert run(Env(out=out, err=err), "--plans", str(plans), "report", "--format", "docx") == 2
    assert "cannot be shown on a terminal" in err.getvalue() and out.getvalue() == ""


def test_control_characters_are_shown_not_refused():
    from fivefold.export.worddoc import clean

    assert clean("第一行\r\n第二\x1b[31m行\x00") == "第一行\n第二␛[31m行␀"


def test_an_unwritable_folder_is_one_line(example, tmp_path):
    result = example("report", "-f", "docx", "-o", str(tmp_path / "missing" / "r.docx"), expect=1)
    assert "does not exist" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(example, tmp_path):
    from tests.test_tasksheet import pdf_pages

    for lang in ("zh", "en"):
        out = tmp_path / f"report-{lang}.docx"
        example("--lang", lang, *ARGS, "-f", "docx", "-o", str(out))
        assert pdf_pages(out, tmp_path) >= 1
