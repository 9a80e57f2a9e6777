"""Display widths measured column-wise (render/text.column_widths) agree with one text at a time."""

from __future__ import annotations

import pytest

from fivefold.render.text import COMMON_WIDE, column_widths, table_of_columns, width

COLUMNS = [
    ["SY-001", "SY-002", "x"],  # ASCII
    ["建设智慧城市平台", "推动 A1 园区", "ok"],  # wide CJK and ASCII
    ["café", "建设", "e\u0301"],  # a narrow non-ASCII letter, a combining mark
    ["表…", "全角ＡＢ", "😀 emoji"],  # an ambiguous-width ellipsis, fullwidth forms, a character beyond the BMP
    ["\u3000空格", "ｶﾀｶﾅ", ""],  # an ideographic space, half-width katakana, empty
    ["“推进”城市更新", "“”", "a"],  # Chinese quotation marks: narrow, three bytes
    ["".join(map(chr, range(0x2010, 0x2040))), "x"],  # more kinds of narrow characters than are counted
]


@pytest.mark.parametrize("column", COLUMNS)
def test_column_widths_match_width(column: list[str]) -> None:
    assert column_widths(column) == [width(text) for text in column]


def test_a_cut_column_is_padded_to_its_cut_width() -> None:
    out = table_of_columns(
        ["a", "b"], [["建设智慧城市平台建设智慧城市平台", "x"], ["1", "2"]], max_width=14, shrink=0, shrink_floor=4
    )
    lines = out.splitlines()
    assert [width(line) for line in lines] == [14, 14, 14]  # the last column starts at one cell in every line
    assert lines[1].startswith("建设智慧城…")


def test_the_common_wide_characters_are_wide() -> None:
    for first, last in COMMON_WIDE:
        assert {width(chr(c)) for c in range(first, last + 1)} == {2}
        assert {len(chr(c).encode()) for c in range(first, last + 1)} == {3}
