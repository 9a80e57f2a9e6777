"""The report formats one by one (DESIGN §8): user text that tries to be HTML, a spreadsheet formula or
a Markdown table break is escaped or neutralised; the CSV 台账 is UTF-8 with a BOM and parses back; the
iCalendar file parses back with icalendar, a VTODO per item and per step."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import COMPLETE
from tests.helpers import report_rows

AS_OF = "2026-11-27"
SCRIPT = "<script>alert(1)</script>"
FORMULAS = ["=SUM(A1)", "+1", "-1", "@x"]
NOTE = "进展|顺利\n第二行 <img src=x onerror=alert(2)>"
GOAL = '=HYPERLINK("http://example.com","点我")'
OWNER = "<i>王某</i>"
UNIT = "甲|乙局 & <b>丙</b>"
STEP = "<b>步骤</b>|一"


def report(runner, *args: str, lang: str = "en") -> bytes:
    result = runner("--as-of", AS_OF, "--lang", lang, "report", *args)
    assert result.stderr == ""
    return result.stdout_bytes


def report_json(runner, *args: str) -> dict:
    return json.loads(report(runner, "--format", "json", *args))


@pytest.fixture
def hostile(ff, complete_item):
    """A workspace whose user text tries every trick; returns {title: id}."""
    ids = {SCRIPT: complete_item(SCRIPT, "--step", f"{STEP}@2026-06-30", "--owner", OWNER)}
    for title in FORMULAS:
        ids[title] = ff("new", *COMPLETE, "--", title).stdout.strip()  # "--": "-1" is a title, not an option
    ids["goal"] = complete_item("目标以等号开头", "--goal", GOAL, "--lead-unit", UNIT)
    ids["bare"] = ff("new", "无时限事项").stdout.strip()  # no area, unit, dates or steps
    first = ids[SCRIPT]
    ff("ready", first, "--on", "2026-11-02")
    ff("start", first, "--on", "2026-11-03")
    ff("note", first, "早些的进展", "--on", "2026-11-20")
    ff("note", first, NOTE)
    return ids


# --- HTML -----------------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes, the text content, and the CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.css if self._in_style else self.text).append(data)


def parse_html(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


def assert_self_contained(text: str) -> None:
    page = parse_html(text)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "iframe", "img", "object", "embed", "base", "form", "b"}, names
    for tag, attrs in page.tags:
        assert "src" not in attrs and "href" not in attrs and "xlink:href" not in attrs, (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)  # no event handlers
        assert "url(" not in (attrs.get("style") or ""), (tag, attrs)
    css = "".join(page.css)
    assert "url(" not in css and "@import" not in css
    assert "<link" not in text.lower() and "<script" not in text.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)


def test_html_escapes_every_piece_of_user_text(ff, hostile):
    text = report(ff, "--format", "html", "--since", "2026-11-01", "--rank").decode("utf-8")
    assert_self_contained(text)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<b>" not in text and "&lt;b&gt;步骤&lt;/b&gt;|一" in text  # the step, in the Gantt's milestone title
    assert "<i>王某" not in text and "&lt;i&gt;王某&lt;/i&gt;" in text
    assert "甲|乙局 &amp; &lt;b&gt;丙&lt;/b&gt;" in text  # the lead unit, in the table and the ranking
    content = "".join(parse_html(text).text)  # and a browser shows the text as it was typed
    for raw in (SCRIPT, OWNER, UNIT, "<img src=x onerror=alert(2)>", *FORMULAS):
        assert raw in content, raw


def test_html_on_the_example_is_self_contained_and_print_friendly(example):
    text = report(example, "--format", "html", "--period", "week", "--rank", lang="zh").decode("utf-8")
    assert_self_contained(text)
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text and '<meta charset="utf-8">' in text
    assert "@page { size: A4" in text and "break-before: page" in text and "@media print" in text
    data = report_json(example)
    assert text.count('<section class="area">') == len(data["areas"]) == text.count("<svg")
    for colour in ("#2e9d4f", "#e0a800", "#d93025"):  # green, yellow and red lights
        assert f"background:{colour}" in text
    assert text.count("<polygon") == sum(
        1 for r in report_rows(data) if r["start"] and r["due"] for s in r["steps_detail"] if s["due"]
    )


# --- Markdown -------------------------------------------------------------------------------------


def cells(line: str) -> int:
    """How many cells a Markdown table row has: the unescaped pipes, less one."""
    count, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        count += line[i] == "|"
        i += 1
    return count - 1


def tables(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.split("\n"):
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks + ([current] if current else [])


def test_markdown_table_cells_escape_pipes_and_newlines(ff, hostile):
    text = report(ff, "--since", "2026-11-01", "--rank").decode("utf-8")
    assert "\r" not in text
    blocks = tables(text)
    assert len(blocks) >= 3  # the period's changes, the ranking, an area
    for block in blocks:
        width = cells(block[0])
        assert re.fullmatch(r"\|(---\|)+", block[1]) and block[1].count("|") - 1 == width
        for line in block[:1] + block[2:]:
            assert line.startswith("| ") and line.endswith(" |"), line
            assert cells(line) == width, line
    ledger = [block for block in blocks if cells(block[0]) == 10]  # the area tables (the warnings list the ids too)
    rows = {line.split(" | ")[0][2:]: line for block in ledger for line in block[2:] if line.startswith("| SY-")}
    row = rows[hostile[SCRIPT]]
    assert "2026-11-27 进展\\|顺利 第二行 &lt;img src=x onerror=alert(2)&gt;" in row  # the latest note, on one line
    assert "甲\\|乙局 & &lt;b&gt;丙&lt;/b&gt;" in text  # HTML in user text shows as typed (below)
    assert not any(line.startswith("第二行") for line in text.split("\n"))


def test_markdown_cell_escaping():
    from fivefold.export.markdown import _cell

    assert _cell("a|b") == "a\\|b"
    assert _cell("a\\|b") == "a\\\\\\|b"  # a backslash before a pipe cannot un-escape it
    assert _cell("a\nb\r\nc\rd\u2028e") == "a b c d e"
    assert _cell(None) == ""


# --- CSV ------------------------------------------------------------------------------------------


def parse_csv(payload: bytes) -> list[list[str]]:
    assert payload[:3] == b"\xef\xbb\xbf", "UTF-8 with a BOM, so Excel reads it as UTF-8"
    assert payload[3:6] != b"\xef\xbb\xbf", "one BOM only"
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_csv_neutralises_formulas(ff, hostile):
    rows = parse_csv(report(ff, "--format", "csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == len(hostile)
    by_id = {r[header.index("ID")]: dict(zip(header, r, strict=True)) for r in body}
    for title in FORMULAS:
        assert by_id[hostile[title]]["Title"] == "'" + title
    assert by_id[hostile[SCRIPT]]["Title"] == SCRIPT  # harmless text is left as it is
    assert by_id[hostile["goal"]]["Goal"] == "'" + GOAL
    assert by_id[hostile[SCRIPT]]["Latest note"] == "2026-11-27 进展|顺利 第二行 <img src=x onerror=alert(2)>"
    for row in body:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", (row[1], cell)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_on_the_example(example, lang):
    rows = parse_csv(report(example, "--format", "csv", lang=lang))
    data = report_json(example)
    items = report_rows(data)
    assert len(rows) == len(items) + 1 == 36
    header = rows[0]
    if lang == "zh":
        assert header[:4] == ["序号", "编号", "事项", "领域"]
        assert {"牵头单位", "配合单位", "责任领导", "责任人", "完成时限", "预警", "最新进展"} <= set(header)
        assert all(not re.search("[A-Za-z]", h) for h in header)
    else:
        assert header[:4] == ["No.", "ID", "Title", "Area"]
        assert {"Lead unit", "Owner", "Due", "Light", "Latest note"} <= set(header)
        assert all(not re.search("[\u4e00-\u9fff]", h) for h in header)
    assert len(set(header)) == len(header)
    assert all(len(r) == len(header) for r in rows)
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 36)]
    assert [r[1] for r in rows[1:]] == [r["id"] for r in items]
    due = header.index("完成时限" if lang == "zh" else "Due")
    assert [r[due] for r in rows[1:]] == [r["due"] or "" for r in items]


def test_csv_headers_are_chinese_by_default(example, monkeypatch):
    """The example workspace says `language: zh`; with no --lang and no FIVEFOLD_LANG that decides."""
    monkeypatch.delenv("FIVEFOLD_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    result = example("--as-of", AS_OF, "report", "--format", "csv")
    assert parse_csv(result.stdout_bytes)[0][:3] == ["序号", "编号", "事项"]


# --- iCalendar ------------------------------------------------------------------------------------


def calendar(payload: bytes):
    from icalendar import Calendar

    cal = Calendar.from_ical(payload)
    assert str(cal.get("version")) == "2.0" and cal.get("prodid")
    return cal


def test_ics_on_the_example(example):
    from icalendar import Todo

    data = report_json(example)
    items = report_rows(data)
    cal = calendar(report(example, "--format", "ics", lang="zh"))
    todos = [c for c in cal.walk() if isinstance(c, Todo)]
    assert len(todos) == len(items) + sum(len(r["steps_detail"]) for r in items) == 35 + 118
    uids = [str(t["uid"]) for t in todos]
    assert len(set(uids)) == len(uids), "UIDs are unique"
    by_uid = {str(t["uid"]): t for t in todos}
    stamps = {t.decoded("dtstamp") for t in todos}
    assert stamps == {dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)}, "DTSTAMP is the report's day, not the clock"
    states = set()
    for row in items:
        todo = by_uid.pop(f"{row['id']}@fivefold")
        states.add(row["state"])
        assert str(todo["summary"]) == f"[{row['id']}] {row['title']}"
        assert (todo.decoded("due") if "due" in todo else None) == (dt.date.fromisoformat(row["due"]) if row["due"] else None)
        assert (todo.decoded("dtstart") if "dtstart" in todo else None) == (
            dt.date.fromisoformat(row["start"]) if row["start"] else None
        )
        expected = {"closed": "COMPLETED", "cancelled": "CANCELLED"}.get(row["state"])
        if expected:
            assert str(todo["status"]) == expected, row["id"]
        else:
            assert str(todo["status"]) in ("NEEDS-ACTION", "IN-PROCESS"), row["id"]
        assert int(todo["percent-complete"]) == round(row["progress"])
        assert str(todo.get("related-to") or "") == (f"{row['parent']}@fivefold" if row["parent"] else "")
        for step in row["steps_detail"]:
            todo = by_uid.pop(f"{row['id']}-{step['id']}@fivefold")
            assert step["title"] in str(todo["summary"])
            assert str(todo["related-to"]) == f"{row['id']}@fivefold"
            assert (todo.decoded("due") if "due" in todo else None) == (
                dt.date.fromisoformat(step["due"]) if step["due"] else None
            )
            if step["done"]:
                assert str(todo["status"]) == "COMPLETED"
                assert todo.decoded("completed").date() == dt.date.fromisoformat(step["done"])
            else:
                assert str(todo["status"]) == ("CANCELLED" if row["state"] == "cancelled" else "NEEDS-ACTION")
    assert by_uid == {}
    assert {"closed", "cancelled", "active"} <= states  # the example exercises each status


def test_ics_keeps_user_text_as_typed(ff, hostile):
    from icalendar import Todo

    cal = calendar(report(ff, "--format", "ics"))
    todos = [c for c in cal.walk() if isinstance(c, Todo)]
    summaries = [str(t["summary"]) for t in todos]
    for title in (SCRIPT, *FORMULAS):
        assert f"[{hostile[title]}] {title}" in summaries
    assert any(STEP in s for s in summaries)
    bare = next(t for t in todos if str(t["uid"]) == f"{hostile['bare']}@fivefold")
    assert "due" not in bare and "dtstart" not in bare
    assert len({str(t["uid"]) for t in todos}) == len(todos)


# --- the view model's own rules -------------------------------------------------------------------


def test_latest_note_is_the_last_written(ff, complete_item):
    item = complete_item()
    ff("ready", item)
    ff("start", item)
    for text in ("第一条", "第二条", "第三条"):  # the same day, likely the same second
        ff("note", item, text)
    (row,) = report_rows(report_json(ff))
    assert row["latest_note"] == {"date": AS_OF, "text": "第三条"}


def test_empty_workspace(ff):
    data = report_json(ff, "--since", "2026-11-01", "--rank")
    assert data["totals"]["items"] == 0 and data["areas"] == [] and data["ranking"] == []
    assert data["period"]["changes"] == []
    assert len(parse_csv(report(ff, "--format", "csv"))) == 1  # the header alone
    from icalendar import Todo

    assert not [c for c in calendar(report(ff, "--format", "ics")).walk() if isinstance(c, Todo)]
    md = report(ff).decode("utf-8")
    assert "As of 2026-11-27: 0 items" in md
    assert_self_contained(report(ff, "--format", "html").decode("utf-8"))


# --- user text that carries control characters, markup or formulas (issue 16, point 11) -------------

MD_LINKS = "[点我](javascript:alert(1)) ![图](javascript:alert(2)) <javascript:alert(3)>"
C_TITLE = f"{MD_LINKS} {SCRIPT}\x1b[2J\u202e"
C_STEP = "<img src=x onerror=alert(4)>\x1b]0;t\x07"
C_OWNER = "&lt;script&gt;王某"  # an entity typed as text stays text
C_UNIT = "[单位](javascript:alert(5))"
C_NOTE = "进展\n<iframe src=javascript:alert(6)>\x1b[31m"
C_PLAN = "计划<script>alert(9)</script>[x](javascript:alert(10))"
C_AREA = "领域<img src=x onerror=alert(8)>\x1b[2J"
CONTROL_CHARS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x202E]} - {"\n"}
SPREADSHEET_STARTS = [" =1+1", "\u3000=1+1", "＝SUM(A1)", "＋1", "－1", "＠x", " ＠x", "|calc", "\t=1", "\r\n-1", "\n@x"]


def _put(path, tokens: dict[str, str]) -> None:
    text = path.read_text("utf-8")
    for token, value in tokens.items():
        assert token in text, token
        text = re.sub(rf"(?<![\w\"]){token}(?![\w\"])", json.dumps(value).replace("\\", "\\\\"), text)
    path.write_text(text, "utf-8")


@pytest.fixture
def marked(ff, plans):
    """Items whose user text (written by hand: the CLI refuses control characters) holds markup, link
    syntax, control characters and formula starts, in a plan whose title and area label do too."""
    item = ff("new", "TITLE_X", *COMPLETE, "--area", "marked=AREA_X", "--step", "STEP_X@2026-06-30",
              "--owner", "OWNER_X", "--lead-unit", "UNIT_X").stdout.strip()  # fmt: skip
    ff("ready", item, "--on", "2026-11-02")
    ff("start", item, "--on", "2026-11-03")
    ff("note", item, "NOTE_X")
    _put(plans / "demo" / f"{item}.yaml", {"TITLE_X": C_TITLE, "STEP_X": C_STEP, "OWNER_X": C_OWNER, "UNIT_X": C_UNIT,
                                            "NOTE_X": C_NOTE})  # fmt: skip
    ids = {"marked": item}
    for n, start in enumerate(SPREADSHEET_STARTS):
        ids[start] = ff("new", f"CELL_{n}", "--goal", f"GOAL_{n}").stdout.strip()
        _put(plans / "demo" / f"{ids[start]}.yaml", {f"CELL_{n}": start, f"GOAL_{n}": start})
    _put(plans / "demo" / "plan.yaml", {"AREA_X": C_AREA})
    plan = plans / "demo" / "plan.yaml"
    plan.write_text(re.sub(r"^title: .*$", lambda _: f"title: {json.dumps(C_PLAN)}", plan.read_text("utf-8"), flags=re.M))
    assert {r["id"]: r for r in report_rows(report_json(ff))}[item]["title"] == C_TITLE  # the file reads back as written
    return ids


def markdown_html(text: str, **options) -> str:
    """The Markdown as a permissive renderer shows it: raw HTML allowed, every link scheme accepted."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark", {"html": True, **options}).enable("table")
    md.validateLink = lambda url: True  # markdown-it drops javascript: links itself; many renderers do not
    return md.render(text)


def test_markdown_user_text_cannot_become_html_or_a_link(ff, hostile, marked):
    text = report(ff, "--since", "2026-11-01", "--rank").decode("utf-8")
    html = markdown_html(text)
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<img" not in lowered
    assert "onerror" not in "".join(f"{tag}{attrs}" for tag, attrs in parse_html(html).tags)
    assert not [attrs for tag, attrs in parse_html(html).tags if tag == "a"]  # no link at all
    assert "javascript:" not in "".join(str(attrs) for _, attrs in parse_html(html).tags)
    content = "".join(parse_html(html).text)  # the reader sees the text as it was typed
    for typed in (SCRIPT, OWNER, UNIT, "<img src=x onerror=alert(2)>", MD_LINKS, C_OWNER, C_UNIT, "<script>alert(9)</script>"):
        assert typed in content, typed
    assert "<img src=x onerror=alert(8)>" in content  # the area label, in its heading


def test_markdown_headings_and_cells_show_control_characters_visibly(ff, marked):
    text = report(ff).decode("utf-8")
    assert not CONTROL_CHARS & set(text)
    assert text.startswith("# 计划&lt;script&gt;alert(9)&lt;/script&gt;\\[x\\](javascript:alert(10)) — ")
    assert "\n## 领域&lt;img src=x onerror=alert(8)&gt;␛\\[2J\n" in text
    row = next(line for line in text.split("\n") if line.startswith(f"| {marked['marked']} |"))
    assert "\\[点我\\](javascript:alert(1)) !\\[图\\](javascript:alert(2)) &lt;javascript:alert(3)&gt;" in row
    assert "␛\\[2J&lt;U+202E&gt;" in row
    assert "| &amp;lt;script&amp;gt;王某 |" in row
    assert "进展 &lt;iframe src=javascript:alert(6)&gt;␛\\[31m" in row  # the note: one line, its ESC visible
    for block in tables(text):
        assert len({cells(line) for line in block}) == 1


def test_markdown_escaping_reads_naturally():
    from fivefold.export.markdown import _cell

    assert _cell("推进园区建设（一期）：完成 80%、验收") == "推进园区建设（一期）：完成 80%、验收"  # Chinese needs nothing
    assert _cell("A&B, x > 1") == "A&B, x &gt; 1"  # a bare & stays; only an entity-like one is escaped
    assert _cell("&amp; &#60; &lt;") == "&amp;amp; &amp;#60; &amp;lt;"
    assert _cell("[a](b)") == "\\[a\\](b)"
    assert _cell("\\[a]") == "\\\\\\[a\\]"  # a typed backslash cannot undo the escape


def test_csv_neutralises_formula_starts_after_spaces_and_in_fullwidth(ff, marked):
    rows = parse_csv(report(ff, "--format", "csv"))
    header, body = rows[0], rows[1:]
    by_id = {r[header.index("ID")]: dict(zip(header, r, strict=True)) for r in body}
    for start in SPREADSHEET_STARTS:
        row = by_id[marked[start]]
        assert row["Title"] == "'" + start and row["Goal"] == "'" + start, (start, row["Title"])
    for row in body:
        for cell in row:
            assert not cell.lstrip()[:1] or cell.lstrip()[0] not in "=+-@|＝＋－＠", (row[1], cell)
            assert cell[:1] not in ("\t", "\r", "\n"), (row[1], cell)


def test_one_spreadsheet_rule_for_every_spreadsheet_format():
    from fivefold.export.common import spreadsheet_cell

    for text in ["=1", "+1", "-1", "@x", "|x", "＝1", "＋1", "－1", "＠x", "  =1", "\t1", "\r1", "\n1", "\u3000＝1", "\u2028-1"]:
        assert spreadsheet_cell(text) == "'" + text, repr(text)
    for text in ["", "a=1", "推进-建设", "1-2", "2026-12-31", "'=1", " ", "50%"]:
        assert spreadsheet_cell(text) == text, repr(text)
    assert spreadsheet_cell(None) == ""
    # numbers are data, not formulas: negative ones stay numbers, so a numeric column stays summable
    assert spreadsheet_cell(-12) == -12 and spreadsheet_cell(-2.5) == -2.5 and spreadsheet_cell(0) == 0
    assert spreadsheet_cell(True) == "True"


def test_csv_numeric_columns_are_numbers(ff, hostile):
    rows = parse_csv(report(ff, "--format", "csv"))
    header, body = rows[0], rows[1:]
    for name in ("No.", "Progress", "Expected", "Days late"):
        assert all(re.fullmatch(r"-?\d+", r[header.index(name)]) for r in body), name


def test_html_escapes_markup_and_links_in_the_gantt_too(ff, marked):
    text = report(ff, "--format", "html").decode("utf-8")
    assert_self_contained(text)
    page = parse_html(text)
    assert not [tag for tag, _ in page.tags if tag in ("a", "img", "iframe", "script")]
    labels = re.findall(r'<text x="2" y="\d+">(.*?)</text>', text)
    assert f"{marked['marked']} [点我](javascript:alert(1…" in labels  # cut to fit the label column, then escaped
    assert all("<" not in label for label in labels)
    titles = re.findall(r"<title>(.*?)</title>", text)
    assert "&lt;img src=x onerror=alert(4)&gt;" in "".join(titles)  # the step, in its milestone's title
    assert titles[0].startswith("计划&lt;script&gt;alert(9)&lt;/script&gt;")
    assert "<h2>领域&lt;img src=x onerror=alert(8)&gt;" in text


def test_ics_with_control_characters_parses_back(ff, marked):
    from icalendar import Todo

    payload = report(ff, "--format", "ics")
    raw = payload.decode("utf-8")
    assert not CONTROL_CHARS - {"\r"} & set(raw)
    assert set(re.findall(r"\r(?!\n)", raw)) == set()  # CR only in the CRLF line ends
    todos = {str(t["uid"]): t for t in calendar(payload).walk() if isinstance(t, Todo)}
    from fivefold.controlchars import visible

    item = todos[f"{marked['marked']}@fivefold"]
    assert str(item["summary"]) == visible(f"[{marked['marked']}] {C_TITLE}")
    assert str(todos[f"{marked['marked']}-s3@fivefold"]["summary"]) == visible(f"[{marked['marked']} s3] {C_STEP}")
    assert f"Owner: {C_OWNER}" in str(item["description"]) and "\n" in str(item["description"])
    categories = item["categories"]
    assert [str(c) for c in categories.cats] == [visible(C_AREA)]
