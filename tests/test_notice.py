"""`fivefold notice` (issue 13 §3): the 督办通知单 for a lagging item in md, html and docx (read back
with python-docx), one per red item with --all-red, each logged on its item as an `urge` with its 文号."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

# Today is 2026-11-27 (a Friday). Five working days on: 2026-12-04.
ITEM = [
    "--area", "industry", "--goal", "园区完工投产", "--lead-unit", "区工信局", "--owner", "李某",
    "--start", "2026-01-05", "--due", "2026-11-20",
    "--step", "主体封顶@2026-04-30", "--step", "竣工验收@2026-11-15", "--target", "入驻企业=10 家",
]  # fmt: skip


@pytest.fixture
def red(ff) -> str:
    """Started in January, its first step done; the second step and the item are overdue: red."""
    item_id = ff("new", "推动园区竣工投产", *ITEM).stdout.strip()
    ff("start", item_id, "--on", "2026-01-05")
    ff("step", "done", item_id, "s1", "--on", "2026-04-28")
    ff("note", item_id, "主体已封顶，设备进场", "--on", "2026-10-09")
    return item_id


def _urges(ff, item_id: str) -> list[dict]:
    return [e for e in json.loads(ff("history", item_id, "--json").stdout) if e["event"] == "urge"]


def test_markdown_notice_has_the_facts_and_is_logged(ff, red):
    text = ff("--lang", "zh", "notice", red, "--ref", "双督字〔2026〕12号").stdout
    for part in (
        "# 督办通知单", "双督字〔2026〕12号", "区工信局：", f"{red}「推动园区竣工投产」",
        "完成时限：2026-11-20（已逾期 7 天）", "逾期步骤：s2「竣工验收」逾期 12 天",
        "最近一次报送：2026-10-09 主体已封顶，设备进场", "于 2026-12-04 前",
    ):  # fmt: skip
        assert part in text, part
    urges = _urges(ff, red)
    assert len(urges) == 1 and urges[0]["ref"] == "双督字〔2026〕12号" and urges[0]["date"] == "2026-11-27"


def test_english_and_html(ff, red):
    text = ff("--lang", "en", "notice", red, "--format", "html", "--deadline", "2026-12-10").stdout
    assert text.startswith("<!DOCTYPE html>") and "Supervision notice" in text and "by 2026-12-10" in text
    assert "<script" not in text


def test_docx_reads_back(ff, red, tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "通知.docx"
    ff("--lang", "zh", "notice", red, "--format", "docx", "--out", str(out), "--ref", "双督字〔2026〕13号")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "督办通知单" in text and "双督字〔2026〕13号" in text and "逾期步骤：s2「竣工验收」逾期 12 天" in text


def test_docx_is_a4_with_chinese_fonts(ff, red, tmp_path):
    # python-docx's own template is US Letter with Calibri for every script: a Chinese office prints on A4
    # and wants 仿宋 in the East Asian slot, or Word falls back to whatever it likes
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    out = tmp_path / "n.docx"
    ff("--lang", "zh", "notice", red, "--format", "docx", "--out", str(out))
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def test_reply_deadline_skips_the_national_holiday(ff, red):
    # 2026-09-30 (Wednesday): 10-01..10-07 are the National Day holiday, 10-10 (Saturday) a 调休 working day
    text = ff("--as-of", "2026-09-30", "--lang", "zh", "notice", red).stdout
    assert "于 2026-10-13 前" in text  # 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 10-12 Mon, 10-13 Tue
    assert "完成时限：2026-11-20\n" in text  # not overdue yet: no 已逾期 0 天
    assert "滞后 -" not in text  # ahead of 序时进度 on 09-30: no negative lag


def test_all_red_writes_one_per_red_item(ff, red, tmp_path):
    green = ff("new", "另一事项", *ITEM[:-10], "--start", "2026-01-05", "--due", "2027-06-30",
               "--step", "开工@2027-03-01", "--target", "x=1 个").stdout.strip()  # fmt: skip
    ff("start", green, "--on", "2026-01-05")
    folder = tmp_path / "notices"
    ff("--lang", "zh", "notice", "--all-red", "--out", str(folder), "--ref", "双督字〔2026〕{n}号", "--format", "md")
    assert sorted(p.name for p in folder.iterdir()) == [f"{red}.md"]
    assert "双督字〔2026〕1号" in (folder / f"{red}.md").read_text("utf-8")
    assert _urges(ff, green) == [] and _urges(ff, red)[0]["ref"] == "双督字〔2026〕1号"


def test_all_red_with_none_red(ff, tmp_path):
    result = ff("--lang", "zh", "notice", "--all-red", "--out", str(tmp_path / "n"))
    assert "没有红灯事项" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["SY-999"], 1, "SY-999"),
        ([], 2, "--all-red"),
        (["{red}", "--format", "pdf"], 2, "pdf"),
        (["{red}", "--format", "docx"], 2, "--out"),
        (["{red}", "--all-red", "--out", "x"], 2, "--all-red"),
        (["{red}", "--deadline", "2026-11-01"], 2, "2026-11-01"),
        (["{red}", "--deadline", "明年某天"], 1, "明年某天"),
        (["{red}", "--out", "{tmp}/no/such/dir/a.md"], 1, "no/such/dir"),
    ],
)
def test_bad_input_is_one_line(ff, red, tmp_path, args, code, words):
    args = [a.replace("{red}", red).replace("{tmp}", str(tmp_path)) for a in args]
    result = ff("--lang", "en", "notice", *args, expect=None)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _urges(ff, red) == []  # nothing logged


def test_unwritable_output_folder(ff, red, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = ff("--lang", "en", "notice", "--all-red", "--out", str(blocker / "sub"), expect=None)
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert _urges(ff, red) == []


def test_cancelled_item_cannot_be_urged(ff, red):
    ff("cancel", red, "--reason", "并入其他事项")
    result = ff("--lang", "en", "notice", red, expect=None)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _urges(ff, red) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_converts_in_libreoffice(ff, red, tmp_path):
    out = tmp_path / "n.docx"
    ff("notice", red, "--format", "docx", "--out", str(out))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert (tmp_path / "n.pdf").stat().st_size > 1000


def test_only_a_verifier_may_issue_a_notice_under_a_directory(ff, red, plans, tmp_path):
    settings_file = plans / "fivefold.yaml"
    people = "people:\n  李某: {unit: 区工信局, roles: [owner]}\n  赵某: {unit: 区督查室, roles: [verifier]}\n"
    settings_file.write_text(settings_file.read_text("utf-8") + people, "utf-8")
    folder = tmp_path / "n"
    result = ff("--lang", "en", "--by", "李某", "notice", "--all-red", "--out", str(folder), expect=1)
    assert "only verifiers (赵某) may urge" in result.stderr
    assert _urges(ff, red) == [] and list(folder.iterdir()) == []  # nothing logged, nothing written
    ff("--by", "赵某", "notice", red, "--ref", "双督字〔2026〕20号")
    assert _urges(ff, red)[0]["by"] == "赵某"
