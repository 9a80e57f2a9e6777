"""Control characters in user text (issue 16, point 10): every terminal view shows them visibly (ESC as ␛,
a line break as ⏎, U+202E as <U+202E> …) and never raw, a title with a line break cannot forge a row,
widths agree with what is shown; new, update, step add, import, plan new and the log refuse them."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.controlchars import first_control, is_plain, visible
from fivefold.render.text import table, width
from tests.conftest import COMPLETE

# Every character the terminal must never receive raw, as the issue lists them.
C0 = [chr(c) for c in range(0x20)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
SEPARATORS = ["\u2028", "\u2029"]
FORBIDDEN = set(C0 + ["\x7f"] + C1 + BIDI + SEPARATORS)

CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
LINK = "\x1b]8;;https://evil.example\x1b\\点我\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
WINDOW = "\x1b]0;pwned\x07"  # set the window title
HOSTILE_TITLE = f"园区{CLEAR}建设\nSY-999  伪造的一行  draft\r{WINDOW}\u202e反转\u2066隔离\u2069\x85\x9b31m\x7f"
HOSTILE_NOTE = f"第一行\n第二行{LINK}\u2028第三行\t制表"
HOSTILE_UNIT = f"区{CLEAR}工信局\u202e"
HOSTILE_OWNER = f"李{WINDOW}某\u200f"
HOSTILE_STEP = f"主体\n封顶{CLEAR}"
HOSTILE_AREA = f"产业{WINDOW}发展\u2067"
HOSTILE_PLAN = "示例\x1b[31m计划\n伪造"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours fivefold itself paints


def raw_controls(text: str) -> set[str]:
    """The forbidden characters in terminal output, line feeds between lines excepted."""
    return {ch for ch in text if ch in FORBIDDEN and ch != "\n"}


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture
def hostile(ff, plans: Path) -> str:
    """One item (and its plan) whose every piece of user text holds control characters, written by hand
    as an editor or a merge could; returns its id."""
    item = ff(
        "new", "TITLE_X", *COMPLETE, "--area", "industry=AREA_X", "--lead-unit", "UNIT_X", "--owner", "OWNER_X",
        "--step", "STEP_X@2026-04-30", "--target", "TARGET_X=10 家",
    ).stdout.strip()  # fmt: skip
    ff("ready", item, "--on", "2026-11-01")
    ff("start", item, "--on", "2026-11-02")
    ff("note", item, "NOTE_X")
    ff("block", item, "--reason", "REASON_X")
    path = plans / "demo" / f"{item}.yaml"
    text = path.read_text("utf-8")
    for token, value in (("TITLE_X", HOSTILE_TITLE), ("UNIT_X", HOSTILE_UNIT), ("OWNER_X", HOSTILE_OWNER),
                         ("STEP_X", HOSTILE_STEP), ("TARGET_X", f"入驻{CLEAR}企业"), ("NOTE_X", HOSTILE_NOTE),
                         ("REASON_X", f"资金{LINK}未到位")):  # fmt: skip
        assert token in text, token
        text = re.sub(rf"(?<![\w\"]){token}(?![\w\"])", yaml_string(value).replace("\\", "\\\\"), text)
    path.write_text(text, "utf-8")
    plan = plans / "demo" / "plan.yaml"
    plan_text = plan.read_text("utf-8").replace("AREA_X", yaml_string(HOSTILE_AREA))
    plan.write_text(re.sub(r"^title: .*$", lambda _: f"title: {yaml_string(HOSTILE_PLAN)}", plan_text, flags=re.M), "utf-8")
    assert json.loads(ff("show", item, "--json").stdout)["title"] == HOSTILE_TITLE  # the file reads back as written
    return item


# --- the mapping ---------------------------------------------------------------------------------


def test_each_kind_of_control_character_has_its_visible_form():
    assert visible("a\x1bb") == "a␛b"
    assert visible("a\nb") == "a⏎b"
    assert visible("\t\r\x00\x07\x08\x0b\x0c\x1f") == "␉␍␀␇␈␋␌␟"
    assert visible("\x7f") == "␡"
    assert visible("\x85\x9b") == "<U+0085><U+009B>"
    assert visible("\u202e\u2066\u200e\u061c") == "<U+202E><U+2066><U+200E><U+061C>"
    assert visible("\u2028\u2029") == "<U+2028><U+2029>"
    assert visible("\udcff") == "<U+DCFF>"  # a lone surrogate (an argument in the wrong encoding) cannot crash the output


@pytest.mark.parametrize("text", ["", "推动园区竣工投产", "Park & <b>", "全角\u3000空格", "emoji 👩\u200d💻", "NBSP\u00a0x", "é"])
def test_ordinary_text_is_left_as_it_is(text):
    assert visible(text) == text
    assert is_plain(text)
    assert first_control(text) is None


def test_every_visible_form_is_one_terminal_cell_per_character():
    for ch in C0 + ["\x7f"]:
        shown = visible(ch)
        assert len(shown) == 1 and width(shown) == 1, repr(ch)
        assert unicodedata.east_asian_width(shown) in ("N", "Na"), repr(ch)  # never ambiguous: 1 cell everywhere
    for ch in C1 + BIDI + SEPARATORS:
        assert width(visible(ch)) == len(visible(ch)) == 8, repr(ch)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(FORBIDDEN) + list("ab 中文|\u3000")), max_size=30))
def test_visible_leaves_no_control_character_and_is_stable(text):
    shown = visible(text)
    assert not raw_controls(shown) and "\n" not in shown
    assert visible(shown) == shown
    assert is_plain(shown) and is_plain(text) == (shown == text)
    assert (first_control(text) is None) == (shown == text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from(["\n", "\x1b", "\u202e", "\t", "\r", "a", "中", " "]), max_size=8),
                 min_size=3, max_size=3),
        min_size=1, max_size=6,
    ),
    st.booleans(),
)  # fmt: skip
def test_a_table_has_one_line_per_row_and_widths_of_what_is_shown(rows, coloured):
    headers = ["标题", "B\x1b", "C"]
    colours = [["red", None, "green"] for _ in rows] if coloured else None
    text = table(headers, rows, colours=colours, colour=coloured)
    assert not raw_controls(SGR.sub("", text))
    lines = SGR.sub("", text).split("\n")
    assert len(lines) == len(rows) + 1  # a cell's line break never starts a line of its own
    shown = [[visible(c) for c in row] for row in [headers, *rows]]
    widths = [max(width(row[i]) for row in shown) for i in range(3)]
    for line, row in zip(lines, shown, strict=True):
        assert line.rstrip() == "  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(row)).rstrip()


# --- the terminal views --------------------------------------------------------------------------

VIEWS = [
    ["list"],
    ["list", "--sort", "due"],
    ["dashboard"],
    ["dashboard", "--since", "2026-11-01"],
    ["gantt"],
    ["log"],
    ["plan", "list"],
    ["check"],
    ["remind"],
    ["remind", "--format", "md"],
]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_view_sends_a_control_character_to_the_terminal(ff, hostile, args, lang):
    result = ff("--lang", lang, *args, expect=None)
    assert result.exit_code in (0, 1), result.stderr
    assert not raw_controls(result.stdout), sorted(map(hex, map(ord, raw_controls(result.stdout))))
    assert not raw_controls(result.stderr)


@pytest.mark.parametrize("args", [["show"], ["history"]], ids=" ".join)
def test_show_and_history_of_the_item(ff, hostile, args):
    result = ff(*args, hostile)
    assert not raw_controls(result.stdout)
    if args == ["show"]:
        assert "园区␛[2J␛[H建设⏎SY-999" in result.stdout.splitlines()[0]
        assert "Step" in result.stdout and "主体⏎封顶␛[2J␛[H" in result.stdout
    assert "第一行⏎第二行␛]8;;https://evil.example␛\\点我" in result.stdout  # the note, on its one row


def test_a_title_with_a_line_break_cannot_forge_a_row(ff, hostile, complete_item):
    other = complete_item("另一个事项")
    lines = ff("list").stdout.splitlines()
    assert len(lines) == 3  # the header and two items
    assert [line.split()[0] for line in lines[1:]] == [hostile, other]
    assert not any(line.startswith("SY-999") for line in lines)
    row = lines[1]
    assert "园区␛[2J␛[H建设⏎SY-999  伪造的一行  draft␍␛]0;pwned␇<U+202E>反转<U+2066>隔离<U+2069><U+0085><U+009B>31m␡" in row
    assert "区␛[2J␛[H工信局<U+202E>" in row and "李␛]0;pwned␇某<U+200F>" in row


def test_widths_are_measured_on_what_is_shown(ff, hostile, complete_item):
    complete_item("另一个事项")
    header, first, second = ff("list").stdout.splitlines()
    state = header.index("State")
    # the column after the title starts at the same terminal cell on every line
    for line in (first, second):
        cut = next(i for i in range(len(line)) if width(line[:i]) == width(header[:state]))
        assert line[cut:].split()[0] in ("blocked", "draft"), line
        assert line[cut - 2 : cut] == "  "


def test_the_views_in_colour_paint_only_their_own_escapes(ff, hostile):
    from fivefold.records import Row
    from fivefold.render.listing import render_list

    rows = [Row(**r) for r in json.loads(ff("list", "--json").stdout)]
    text = render_list(rows, "zh", colour=True, max_width=100)
    assert "\x1b[3" in text  # coloured
    assert not raw_controls(SGR.sub("", text))
    assert len(text.splitlines()) == 2


def test_the_gantt_labels_fit_their_column(ff, hostile):
    lines = ff("gantt", "--from", "2026-01-01", "--to", "2026-12-31", env={"COLUMNS": "100"}).stdout.splitlines()
    row = next(line for line in lines if line.startswith(hostile))
    assert width(row) <= 100
    assert "⏎" in row and not raw_controls(row)
    group = next(line for line in lines if "产业" in line)
    assert group == "[产业␛]0;pwned␇发展<U+2067>]"


def test_error_messages_and_file_problems_quote_user_text_visibly(ff, plans, complete_item):
    result = ff("new", "x", "--plan", f"no{CLEAR}plan", expect=1)
    assert "no␛[2J␛[Hplan" in result.stderr and not raw_controls(result.stderr)
    assert len(result.stderr.splitlines()) == 1
    item = complete_item()
    path = plans / "demo" / f"{item}.yaml"
    path.write_text(path.read_text("utf-8").replace("due: 2026-12-31", f"due: {yaml_string('年底' + WINDOW)}"), "utf-8")
    listing = ff("list")
    assert "年底␛]0;pwned␇" in listing.stderr and not raw_controls(listing.stderr)
    shown = ff("show", item, expect=None)
    assert shown.exit_code != 0 and not raw_controls(shown.stderr) and len(shown.stderr.splitlines()) == 1


def test_a_folder_name_with_control_characters_is_reported_visibly(ff, plans, complete_item):
    complete_item()
    folder = plans / f"plan{CLEAR}"
    folder.mkdir()
    (folder / "plan.yaml").write_text("title: [unclosed\n", "utf-8")
    for args in (["list"], ["check"]):
        result = ff(*args, expect=None)
        assert "plan␛[2J␛[H" in result.stdout + result.stderr
        assert not raw_controls(result.stdout + result.stderr)


# --- refused on the way in -------------------------------------------------------------------------


def refused(result, field: str) -> None:
    assert result.exit_code == 2, result.stdout + result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and not raw_controls(line)
    assert line.startswith(f"fivefold: {field} holds the control character U+"), line


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["new", f"园区{CLEAR}"], "Title"),
        (["new", "园区\n伪造"], "Title"),
        (["new", "园区\u202e"], "Title"),
        (["new", "园区\udcff"], "Title"),  # undecodable bytes in an argument
        (["new", "x", "--goal", "目标\t"], "Goal"),
        (["new", "x", "--lead-unit", "区\x85局"], "Lead unit"),
        (["new", "x", "--owner", "李\u2066某"], "Owner"),
        (["new", "x", "--leader", "王\x7f"], "Leader"),
        (["new", "x", "--partner", "甲", "--partner", "乙\x1b"], "Partner units"),
        (["new", "x", "--step", "封顶\r@2026-04-30"], "Step"),
        (["new", "x", "--target", "入驻\u200f企业=10 家"], "Targets"),
        (["new", "x", "--area", f"industry=产业{WINDOW}"], "Area"),
        (["new", "x", "--acceptance", "验收\u2028"], "Acceptance"),
        (["new", "x", "--deliverable", "报告\x00"], "Deliverables"),
    ],
)
def test_new_refuses_control_characters_in_one_line_fields(ff, plans, args, field):
    refused(ff(*args, expect=None), field)
    assert sorted(p.name for p in (plans / "demo").iterdir()) == ["plan.yaml"]  # nothing written


def test_update_and_step_add_refuse_them_too(ff, plans, complete_item):
    item = complete_item()
    before = (plans / "demo" / f"{item}.yaml").read_bytes()
    refused(ff("update", item, "--title", "新\n标题", expect=None), "Title")
    refused(ff("update", item, "--owner", "李\x1b[8m某", expect=None), "Owner")
    refused(ff("step", "add", item, f"步骤{CLEAR}", expect=None), "Step")
    refused(ff("step", "add", item, "步骤", "--owner", "王\u202e", expect=None), "Owner")
    refused(ff("step", "add", item, "步骤", "--deliverable", "成果\n", expect=None), "Deliverable")
    assert (plans / "demo" / f"{item}.yaml").read_bytes() == before


def test_plan_titles_and_area_labels_are_one_line(ff, tmp_path):
    refused(ff("plan", "new", "p2", "--title", f"计划{CLEAR}", expect=None), "Plan title")
    refused(ff("plan", "new", "p2", "--area", "a=领域\n伪造", expect=None), "Area")
    refused(ff("plan", "new", "p2", "--organisation", "区\u202e委", expect=None), "Organisation")
    assert not (ff.plans / "p2").exists()
    from typer.testing import CliRunner

    from fivefold.cli.main import app

    result = CliRunner().invoke(app, ["init", str(tmp_path / "ws"), "--plan", "p", "--title", "计划\x1b[2J"])
    refused(result, "Plan title")
    assert not (tmp_path / "ws").exists()  # refused before anything was written


def test_notes_may_run_over_lines_but_hold_no_other_control(ff, plans, complete_item):
    item = complete_item()
    ff("ready", item)
    ff("start", item)
    ff("note", item, "第一行\n第二行")
    assert "第一行⏎第二行" in ff("history", item).stdout
    before = (plans / "demo" / f"{item}.yaml").read_bytes()
    for text in (f"备注{CLEAR}", "备注\r\n", "备注\u202e", "备注\t缩进"):
        result = ff("note", item, text, expect=None)
        assert result.exit_code == 2 and "Note holds the control character" in result.stderr
        assert "may run over several lines" in result.stderr
    result = ff("block", item, "--reason", f"资金{LINK}", expect=None)
    assert result.exit_code == 2 and result.stderr.startswith("fivefold: Reason holds the control character U+001B")
    result = ff("submit", item, "--evidence", "材料\x07", expect=None)
    assert result.exit_code == 2 and result.stderr.startswith("fivefold: Evidence holds the control character U+0007")
    result = ff("--by", f"李{WINDOW}", "note", item, "正常", expect=None)
    assert result.exit_code == 2 and "The actor (--by) holds the control character U+001B" in result.stderr
    assert (plans / "demo" / f"{item}.yaml").read_bytes() == before


def test_the_refusal_in_chinese(ff):
    result = ff("--lang", "zh", "new", "园区\x1b[2J", expect=2)
    assert result.stderr.startswith("fivefold: “事项”中有控制字符 U+001B：这一项只能写一行文字")


def test_import_names_the_row_and_column_and_writes_nothing(ff, plans, tmp_path):
    table = tmp_path / "table.csv"
    table.write_text(
        "任务名称,牵头单位,目标,指标\n"
        '好的,区工信局,"第一行\n第二行",入驻企业10家\n'
        f"坏{CLEAR}的,区\u202e局,目标,产值\x1b=5 亿元\n",
        "utf-8",
    )
    result = ff("--lang", "zh", "import", str(table), expect=1)
    assert "第 3 行：A（任务名称）：含有控制字符 U+001B" in result.stderr
    assert "B（牵头单位）：含有控制字符 U+202E" in result.stderr and "D（指标）：含有控制字符 U+001B" in result.stderr
    assert not raw_controls(result.stderr)
    assert sorted(p.name for p in (plans / "demo").iterdir()) == ["plan.yaml"]
    table.write_text('任务名称,目标\n好的,"第一行\n第二行"\n', "utf-8")  # a cell's line breaks are spaces
    item = ff("import", str(table)).stdout.strip()
    assert json.loads(ff("show", item, "--json").stdout)["task_sheet"]["goal"] == "第一行 第二行"
