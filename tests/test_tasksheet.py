"""`show ID --format docx|html` (issue 13 §3): the item's 任务书 on one A4 page for signing — task sheet,
roadmap with dates, durations and states, timeline, current status with the reasons for its light, and a
signature block. The docx is read back with python-docx; LibreOffice, when installed, counts its pages."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from fivefold.cli.env import Env
from tests.test_env import Terminal, run

docx = pytest.importorskip("docx")

LONG_STEPS = [
    f"--step=第{n}阶段：组织相关部门开展现场踏勘、方案论证、专家评审和意见征求并形成阶段性成果报告@2026-{n:02d}-20"
    for n in range(1, 13)
]
LONG = [
    "--area", "industry", "--lead-unit", "区发展和改革局（区粮食和物资储备局）", "--owner", "欧阳某某",
    "--goal", "统筹推进全区重大项目谋划、储备、申报、建设和投产达效全过程管理，" * 4,
    "--acceptance", "全部重大项目按期开工、按期竣工、按期投产，形成可复制可推广的项目全周期管理经验，" * 3,
    "--partner", "区工信局", "--partner", "区财政局", "--partner", "区自然资源局",
    "--partner", "区住建局", "--partner", "区生态环境分局", "--partner", "各乡镇（街道）",
    "--deliverable", "项目谋划储备库", "--deliverable", "项目建设月报", "--deliverable", "投产达效评估报告",
    "--target", "新开工重大项目=30 个", "--target", "完成固定资产投资=120 亿元", "--target", "项目审批时限<=20 个工作日",
    "--baseline", "项目审批时限=45",
    "--start", "2026-01-05", "--due", "2026-12-31", *LONG_STEPS,
]  # fmt: skip


def _text(path: Path) -> str:
    """Every paragraph and every table cell of a Word document, one a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_docx_task_sheet_reads_back(example, tmp_path):
    out = tmp_path / "任务书.docx"
    result = example("--lang", "zh", "show", "SY-009", "--format", "docx", "--out", str(out))
    assert f"已写入 {out}" in result.stderr
    text = _text(out)
    for part in (
        "工作任务书", "深入开展“服务企业”专项行动", "一、任务书", "二、路线图", "三、时间表", "四、当前状态（截至 2026-11-27）",
        "目标 | 建立领导包保、专员服务机制", "包保服务企业 ↑200户（实际 186）", "牵头单位 | 区营商局",
        "配合单位 | 区工信局、区发改局、区人社局", "责任人 | 高某", "验收标准 | 包保企业全覆盖",
        # the roadmap: begins when its predecessor is due, the days between, the state as of today
        "s1 | 建立领导包保企业台账 | 包保台账 | 高某 | 2026-02-01 | 2026-02-28 | 27 | 已完成（2026-02-26）",
        "s3 | 企业诉求办理“回头看” | “回头看”报告 | 高某 | 2026-06-30 | 2026-11-22 | 145 | 逾期 5 天（完成 70%）",
        "s4 | 年度服务企业成效评估 | 成效评估报告 | 高某 | 2026-11-22 | 2026-12-25 | 33 | 未开始",
        "完成时限 | 2026-12-31", "调度频次 | 每两周", "预警 | 黄灯", "进度 | 67.5%（序时进度 75%）",
        "预警原因 | 步骤 s3「企业诉求办理“回头看”」逾期 5 天",
        "责任人签字 | 牵头单位（盖章） | 日期",
    ):  # fmt: skip
        assert part in text, part


def test_docx_is_a4_with_chinese_fonts(example, tmp_path):
    from docx.oxml.ns import qn

    out = tmp_path / "sheet.docx"
    example("show", "SY-009", "-f", "docx", "-o", str(out))
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"


def test_html_is_self_contained_and_prints_on_a4(ff, complete_item):
    item_id = complete_item("园区 <b>不加粗</b> & 投产")
    page = ff("--lang", "en", "show", item_id, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "@page{size:A4 portrait" in page
    assert "Work item task sheet" in page and "Owner&#x27;s signature" in page and "Lead unit (seal)" in page
    assert "园区 &lt;b&gt;不加粗&lt;/b&gt; &amp; 投产" in page
    assert "<script" not in page and "http" not in page and "<link" not in page  # nothing fetched when printed


def test_a_falling_target_and_an_extension_are_on_the_sheet(ff, tmp_path):
    item_id = ff("new", "压减审批时限", *LONG[:8], "--target", "审批时限<=20 个工作日", "--baseline", "审批时限=45",
                 "--start", "2026-01-05", "--due", "2026-10-31", "--step", "流程再造@2026-06-30").stdout.strip()  # fmt: skip
    ff("start", item_id, "--on", "2026-01-05")
    ff("extend", item_id, "--due", "2026-12-31", "--reason", "等待省里系统对接", "--on", "2026-10-20")
    out = tmp_path / "s.docx"
    ff("--lang", "zh", "show", item_id, "-f", "docx", "-o", str(out))
    text = _text(out)
    assert "审批时限 ↓20个工作日（基期值 45）" in text
    assert "完成时限 | 2026-12-31（原定时限 2026-10-31）" in text
    assert "延期记录 | 2026-10-31 → 2026-12-31（2026-10-20 延期）等待省里系统对接" in text


def test_the_steps_of_an_item_not_started_are_not_late(ff, complete_item, tmp_path):
    item_id = complete_item()  # a draft whose first step was due 2026-04-30
    out = tmp_path / "draft.docx"
    ff("--lang", "zh", "show", item_id, "-f", "docx", "-o", str(out))
    text = _text(out)
    assert "s1 | 主体封顶 |  | 李某 | 2026-01-05 | 2026-04-30 | 115 | 未开始" in text and "逾期" not in text.split("四、")[0]
    ff("start", item_id, "--on", "2026-01-05")
    ff("--lang", "zh", "show", item_id, "-f", "docx", "-o", str(out))
    assert "s1 | 主体封顶 |  | 李某 | 2026-01-05 | 2026-04-30 | 115 | 逾期 211 天（完成 0%）" in _text(out)


def test_a_long_item_is_set_smaller_than_a_typical_one(ff, complete_item):
    from fivefold.actions.reading import task_sheet_of
    from fivefold.export.tasksheet import SIZES, blocks, fit

    typical = complete_item()
    long = ff("new", "全区重大项目全周期管理", *LONG).stdout.strip()
    context = Env(plans=str(ff.plans)).context()
    sizes = {item_id: fit(blocks(task_sheet_of(context, item_id), "zh")) for item_id in (typical, long)}
    assert sizes[typical] == SIZES[0] and sizes[long] < sizes[typical]


def test_docx_is_refused_on_a_terminal_before_any_work(plans):
    out, err = Terminal(), io.StringIO()
    assert run(Env(out=out, err=err), "--plans", str(plans), "show", "SY-999", "--format", "docx") == 2
    assert "cannot be shown on a terminal" in err.getvalue() and out.getvalue() == ""


def test_docx_goes_to_a_redirected_stdout(example):
    result = example("show", "SY-009", "--format", "docx")
    assert result.stdout_bytes[:2] == b"PK"  # a zip: the Word document itself
    assert docx.Document(io.BytesIO(result.stdout_bytes)).paragraphs[0].text == "Work item task sheet"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["show", "SY-009", "--format", "pdf"], 2, "invalid value pdf for --format (one of: text, html, docx)"),
        (["show", "SY-009", "--out", "x.txt"], 2, "--out needs --format html or docx"),
        (["show", "SY-009", "--json", "--format", "html"], 2, "give --json or --format html/docx, not both"),
        (["show", "SY-999", "--format", "html"], 1, "no item SY-999"),
    ],
)
def test_bad_input_is_one_line(example, args, code, words):
    result = example(*args, expect=code)
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_out_into_a_missing_folder_or_onto_a_folder(example, tmp_path):
    result = example("show", "SY-009", "-f", "docx", "-o", str(tmp_path / "nope" / "a.docx"), expect=1)
    assert "does not exist" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = example("show", "SY-009", "-f", "docx", "-o", str(tmp_path), expect=1)
    assert "is a folder" in result.stderr


def test_out_replaces_a_file_whole_and_leaves_no_temporary(example, tmp_path):
    out = tmp_path / "sheet.html"
    out.write_text("old " * 10000, "utf-8")
    example("show", "SY-009", "-f", "html", "-o", str(out))
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>") and "old old" not in out.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.html"]


# --- one page, as LibreOffice lays it out --------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(document: Path, tmp_path: Path) -> int:
    """The pages of a document converted to PDF by LibreOffice (headless, its own profile)."""
    outdir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(document)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = outdir / (document.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pages_of(pdf.read_bytes())


def pages_of(data: bytes) -> int:
    """A PDF's pages: with pypdf when it is installed, else by counting page objects, in the file and in
    its compressed object streams (Chromium writes those)."""
    try:
        import pypdf  # type: ignore[import-not-found]

        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except ImportError:
        pass
    text = data
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):  # an image or a font, not objects
            text += zlib.decompress(stream.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", text))


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_typical_and_a_long_item_fit_one_page(ff, complete_item, tmp_path):
    typical = complete_item()
    long = ff("new", "全区重大项目全周期管理", *LONG).stdout.strip()
    for lang in ("zh", "en"):
        for item_id in (typical, long):
            out = tmp_path / f"{item_id}-{lang}.docx"
            ff("--lang", lang, "show", item_id, "-f", "docx", "-o", str(out))
            assert pdf_pages(out, tmp_path) == 1, (item_id, lang)


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="no chromium on PATH")
def test_the_html_prints_on_one_page(ff, complete_item, tmp_path):
    long = ff("new", "全区重大项目全周期管理", *LONG).stdout.strip()
    for item_id in (complete_item(), long):
        page = tmp_path / f"{item_id}.html"
        pdf = tmp_path / f"{item_id}.pdf"
        ff("show", item_id, "-f", "html", "-o", str(page))
        subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
             f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        assert pdf.exists(), "chromium wrote no PDF"
        assert pages_of(pdf.read_bytes()) == 1, item_id
