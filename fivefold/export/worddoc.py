"""What every Word document fivefold writes shares (python-docx, loaded by the caller's function): an A4
page, and fonts named for Chinese text too (the eastAsia slot), so Word and LibreOffice show 仿宋/黑体
instead of falling back to a Latin font's idea of CJK."""

from __future__ import annotations

import io
from typing import Any

from fivefold.controlchars import visible

BODY_FONT = "仿宋"  # the body of official documents (GB/T 9704 uses 仿宋_GB2312; plain 仿宋 is on every Chinese Windows)
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
A4_MM = (210, 297)


def clean(text: Any) -> str:
    """User text as a Word document may hold it: line breaks kept, every other control character (which
    XML cannot carry, and python-docx refuses) shown visibly."""
    return "\n".join(visible(line) for line in str(text if text is not None else "").replace("\r\n", "\n").split("\n"))


def paragraph(document: Any, text: Any = "", *, style: str | None = None, center: bool = False, right: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = document.add_paragraph(clean(text), style=style)
    if center or right:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.RIGHT
    return para


def set_font(target: Any, name: str, size_pt: float | None = None, *, bold: bool | None = None) -> None:
    """Name a style's or a run's font in the Latin and the East Asian slots; black, as print wants."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = target.font
    font.name = LATIN_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    for slot in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # a theme font would win over ours
        fonts.attrib.pop(qn(slot), None)


def new_document(*, landscape: bool = False, margins_mm: tuple[float, float] = (25, 20), size_pt: float = 12) -> Any:
    """An empty A4 document (portrait or landscape; top/bottom and left/right margins) whose Normal,
    Title, headings and list styles use the fonts above."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    width, height = A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(height), Mm(width)) if landscape else (Mm(width), Mm(height))
    vertical, horizontal = margins_mm
    section.top_margin = section.bottom_margin = Mm(vertical)
    section.left_margin = section.right_margin = Mm(horizontal)
    styles = document.styles
    set_font(styles["Normal"], BODY_FONT, size_pt)
    set_font(styles["Title"], TITLE_FONT, size_pt * 1.8, bold=True)
    for level, scale in ((1, 1.2), (2, 1.05)):
        set_font(styles[f"Heading {level}"], HEADING_FONT, size_pt * scale, bold=False)
    set_font(styles["List Bullet"], BODY_FONT, size_pt)
    title = styles["Title"].element.get_or_add_pPr()
    for border in title.findall(".//{*}pBdr"):  # the default template underlines the title in blue
        title.remove(border)
    return document


def spacing(paragraph: Any, before_pt: float = 0, after_pt: float = 0, line: float | None = None) -> None:
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before_pt), Pt(after_pt)
    if line is not None:
        fmt.line_spacing = line


def table(
    document: Any, rows: list[list[str]], *, header: bool, widths_mm: list[float] | None = None, size_pt: float | None = None
) -> Any:
    """A bordered table of text cells; the first row bold when it is a header; columns of given widths."""
    from docx.shared import Mm

    out = document.add_table(rows=len(rows), cols=len(rows[0]) if rows else 0)
    out.style = "Table Grid"
    out.autofit = widths_mm is None
    if widths_mm:  # LibreOffice reads the grid's widths, Word the cells': both are set
        for column, width in zip(out.columns, widths_mm, strict=True):
            column.width = Mm(width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = out.cell(r, c)
            if widths_mm:
                cell.width = Mm(widths_mm[c])
            para = cell.paragraphs[0]
            spacing(para, line=1.0)
            run = para.add_run(clean(text))
            set_font(run, HEADING_FONT if header and r == 0 else BODY_FONT, size_pt)
    return out


def save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
