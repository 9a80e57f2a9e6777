"""Reading a task breakdown table (任务分解表, a CSV saved by Excel) into ItemFields, one per row.
No workspace I/O: the caller passes the file's bytes, today and the plan's areas, and writes the items."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from fivefold.dates import parse_date
from fivefold.errors import DateError, FivefoldError, UsageError
from fivefold.itemfields import ItemFields, control_chars
from fivefold.model import CADENCES, iso
from fivefold.specs import area_spec, step_spec, target_spec

# The fields a column can fill; `ref` is the 序号 (kept only to name parents), `ignore` drops a column.
FIELDS = (
    "title", "goal", "targets", "lead_unit", "partners", "leader", "owner", "start", "due",
    "steps", "area", "acceptance", "deliverables", "cadence", "parent", "ref",
)  # fmt: skip
IGNORE = "ignore"
_LISTS = frozenset({"targets", "steps", "partners", "deliverables"})  # several columns may feed these

_ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("序号", "编号", "no", "no.", "#", "number", "ref", "seq"),
    "title": ("任务名称", "事项", "事项名称", "工作任务", "重点任务", "任务", "工作事项", "项目名称", "title", "task", "item"),
    "goal": ("目标", "工作目标", "任务目标", "目标任务", "goal", "objective"),
    "targets": ("指标", "目标/指标", "目标指标", "量化指标", "考核指标", "targets", "target", "kpi", "kpis"),
    "lead_unit": ("牵头单位", "牵头部门", "责任单位", "主责单位", "leadunit", "lead"),
    "partners": ("配合单位", "协同单位", "配合部门", "协办单位", "partners", "partnerunits", "partner"),
    "leader": ("责任领导", "分管领导", "包保领导", "leader"),
    "owner": ("责任人", "具体责任人", "owner", "responsible"),
    "start": ("开始时间", "开始日期", "启动时间", "start", "startdate"),
    "due": ("完成时限", "完成时间", "截止时间", "截止日期", "完成日期", "due", "duedate", "deadline"),
    "steps": ("时间节点", "步骤", "路线图", "推进步骤", "工作步骤", "节点安排", "steps", "roadmap", "milestones"),
    "area": ("领域", "重点领域", "area", "focusarea"),
    "acceptance": ("验收标准", "acceptance"),
    "deliverables": ("成果形式", "成果", "deliverables", "deliverable"),
    "cadence": ("调度频次", "调度", "cadence"),
    "parent": ("上级任务", "上级事项", "parent"),
}

_NOISE = re.compile(r"[\s_\-*＊:：\ufeff]+")
_PAREN = re.compile(r"[（(][^）)]*[)）]")


def _norm(text: str) -> str:
    """A header as compared: case, spaces, underscores, dashes, stars and colons ignored."""
    return _NOISE.sub("", text).lower()


HEADERS: dict[str, str] = {_norm(alias): name for name, aliases in _ALIASES.items() for alias in aliases}
_FIELD_NAMES = {_norm(name): name for name in (*FIELDS, IGNORE)}

Finding = tuple[str | None, str, dict[str, Any]]  # (column header or None, message key, params)


class BadRows(FivefoldError):
    """Rows that cannot become items; nothing was written. Carries every bad row and the column report."""

    def __init__(self, rows: list[Row], columns: Columns) -> None:
        super().__init__("import_bad_rows", count=len(rows))
        self.rows = rows
        self.columns = columns


# --- the file ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as Excel shows it, cells); empty rows left out


def decode(data: bytes, path: str) -> str:
    """UTF-8 with or without BOM, else GB18030 (Excel on Chinese Windows); UTF-16 when it has a BOM."""
    if data.startswith(b"PK\x03\x04"):
        raise FivefoldError("import_workbook", path=path)
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise FivefoldError("import_encoding", path=path)


def _delimiter(text: str) -> str:
    """Comma (what Excel writes), unless the first line has more tabs or semicolons."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes, path: str, maps: dict[str, str] | None = None) -> Table:
    """The header is the first row (among the first ten) with a title column; a title row above it is skipped."""
    text = decode(data, path)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise FivefoldError("import_bad_csv", path=path, reason=str(exc)) from None
    numbered = [(n, [cell.replace("\r\n", "\n").strip() for cell in record]) for n, record in enumerate(records, start=1)]
    filled = [(n, cells) for n, cells in numbered if any(cells)]
    if not filled:
        raise FivefoldError("import_empty", path=path)
    at = next((i for i, (_, cells) in enumerate(filled[:10]) if "title" in (field_of(c, maps or {}) for c in cells)), 0)
    return Table(filled[at][1], filled[at + 1 :])


# --- columns -------------------------------------------------------------------------------------


def parse_maps(specs: list[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD` options -> {normalised column: field}; FIELD is a field name or a known header."""
    maps = {}
    for spec in specs:
        column, sep, name = spec.rpartition("=")
        if not sep or not _norm(column) or not _norm(name):
            raise UsageError("import_bad_map", text=spec)
        wanted = _norm(name)
        chosen = _FIELD_NAMES.get(wanted) or HEADERS.get(wanted)
        if chosen is None:
            raise UsageError("import_unknown_field", text=spec, field=name, fields=", ".join((*FIELDS, IGNORE)))
        maps[_norm(column)] = chosen
    return maps


def field_of(header: str, maps: dict[str, str]) -> str | None:
    key = _norm(header)
    for candidate in (key, _PAREN.sub("", key)):
        if candidate in maps:
            return maps[candidate]
        if candidate in HEADERS:
            return HEADERS[candidate]
    return None


@dataclass(slots=True)
class Columns:
    fields: dict[int, str]  # column index -> field
    ignored: list[str] = field(default_factory=list)  # headers not recognised
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (header, field) an earlier column already fills


def columns(table: Table, maps: dict[str, str]) -> Columns:
    known = {_norm(h) for h in table.header} | {_PAREN.sub("", _norm(h)) for h in table.header}
    shown = ", ".join(h for h in table.header if h)
    for column in maps:
        if column not in known:
            raise UsageError("import_unknown_column", column=column, columns=shown)
    result = Columns({})
    for index, header in enumerate(table.header):
        name = field_of(header, maps) if header else IGNORE
        if name is None:
            result.ignored.append(header)
        elif name == IGNORE:
            continue
        elif name in result.fields.values() and name not in _LISTS:
            result.duplicates.append((header, name))
        else:
            result.fields[index] = name
    if "title" not in result.fields.values():
        raise FivefoldError("import_no_title", columns=shown)
    return result


# --- rows ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    number: int  # as Excel shows it: the header is row 1 when it is the file's first line
    fields: ItemFields
    ref: str | None = None  # 序号
    parent_row: int | None = None  # index (in the parsed rows) of the parent named by its 序号
    parent_text: str | None = None  # a parent named by an existing item's id, for the caller to resolve
    parent_column: str | None = None
    problems: list[Finding] = field(default_factory=list)


def parse_rows(table: Table, cols: Columns, today: dt.date, areas: dict[str, str]) -> list[Row]:
    """One Row per row with something to import; each bad cell is a Finding on its row, never an exception.
    A row holding only its 序号 (templates number their blank rows) is empty."""
    numbered = [(number, _values(table.header, cells, cols)) for number, cells in table.rows]
    rows = [_row(number, values, today, areas) for number, values in numbered if set(values) - {"ref"}]
    _link_parents(rows)
    order = {header: index for index, header in reversed(list(enumerate(table.header)))}
    for row in rows:  # in the order of the columns, as the user reads the row
        row.problems.sort(key=lambda found: -1 if found[0] is None else order.get(found[0], -1))
    return rows


def _values(header: list[str], cells: list[str], cols: Columns) -> dict[str, list[tuple[str, str]]]:
    """field -> [(column header, text)] for the non-empty cells of one row."""
    values: dict[str, list[tuple[str, str]]] = {}
    for index, name in cols.fields.items():
        if index < len(cells) and cells[index]:
            values.setdefault(name, []).append((header[index], cells[index]))
    return values


def _row(number: int, values: dict[str, list[tuple[str, str]]], today: dt.date, areas: dict[str, str]) -> Row:
    row = Row(number, ItemFields())
    f = row.fields

    def text(name: str) -> str | None:
        return values[name][0][1] if name in values else None

    def attempt(name: str, parse: Any) -> Any:
        """parse(text) of the field's first cell; a failure becomes a Finding and the value None."""
        if name not in values:
            return None
        header, cell = values[name][0]
        try:
            return parse(cell)
        except (DateError, UsageError) as exc:
            row.problems.append((header, exc.key, dict(exc.params)))
            return None

    title = text("title")
    f.title = " ".join(title.split()) if title else None
    if not f.title:
        row.problems.append((None, "import_no_title_value", {}))
    for name in ("goal", "acceptance", "lead_unit", "leader", "owner"):  # one line each: a cell's line breaks are spaces
        setattr(f, name, " ".join(value.split()) if (value := text(name)) else None)
    f.partners = [unit for part in _split(values.get("partners", []), r"[、，,；;\n]+") for unit in _units(part)]
    f.deliverables = _split(values.get("deliverables", []), r"[、，,；;\n]+")
    start = attempt("start", lambda c: _cell_date(c, _Anchor(today), end=False))
    due = attempt("due", lambda c: _cell_date(c, _Anchor(today, start=start)))
    f.start, f.due = iso(start), iso(due)
    anchor = _Anchor(today, start=start, due=due)
    for header, cell in values.get("steps", []):
        f.steps += _steps(header, cell, anchor, row.problems)
    leftovers: list[str] = []
    for header, cell in values.get("targets", []):
        f.targets += _targets(header, cell, leftovers, row.problems)
    if leftovers:
        f.acceptance = "；".join([f.acceptance, *leftovers] if f.acceptance else leftovers)
    f.area = attempt("area", lambda c: _area(c, areas))
    f.cadence = attempt("cadence", _cadence)
    row.ref = text("ref")
    for name, char in control_chars(f):  # what is left after the line breaks: ESC, U+202E …
        column = values[name][0][0] if name in values else None
        row.problems.append((column, "import_control_char", {"char": char}))
    if "parent" in values:
        row.parent_column, row.parent_text = values["parent"][0]
    return row


def _split(cells: list[tuple[str, str]], separators: str) -> list[str]:
    return [part.strip() for _, cell in cells for part in re.split(separators, cell) if part.strip()]


def _units(text: str) -> list[str]:
    """Chinese unit names hold no spaces, so spaces separate them; English names keep theirs."""
    return [text] if re.search(r"[A-Za-z]", text) else text.split()


def _link_parents(rows: list[Row]) -> None:
    """A parent named by an earlier row's 序号 becomes that row; a later row's 序号 is a problem."""
    refs: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.ref and row.ref not in refs:
            refs[row.ref] = index
    for index, row in enumerate(rows):
        if row.parent_text is None or row.parent_text not in refs:
            continue
        target = refs[row.parent_text]
        if target < index:
            row.parent_row, row.parent_text = target, None
        else:
            row.problems.append((row.parent_column, "import_parent_later", {"ref": row.parent_text}))
            row.parent_text = None


def _area(text: str, areas: dict[str, str]) -> str:
    """A plan's area key, or the key whose label this is; otherwise a new area key."""
    if text in areas:
        return text
    for key, label in areas.items():
        if label == text:
            return key
    return area_spec(text)[0]


_CADENCE_WORDS = {"每周": "weekly", "周": "weekly", "双周": "biweekly", "每两周": "biweekly", "每月": "monthly",
                  "月": "monthly", "月度": "monthly", "每季度": "quarterly", "季度": "quarterly", "季": "quarterly"}  # fmt: skip


def _cadence(text: str) -> str:
    value = _CADENCE_WORDS.get(text.strip(), text.strip().lower())
    if value not in CADENCES:
        raise UsageError("bad_cadence", value=text, allowed=", ".join(CADENCES))
    return value


# --- targets -------------------------------------------------------------------------------------

_PARTS = re.compile(r"[；;\n]+")
# List numbering: 1. 1、 (1) ① 一、 — but not the 3. of a date like 3.31
_ENUM = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．)）](?!\d{1,2}(?![\d月]))|[（(]\s*\d{1,2}\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*[、.．])\s*"
)
_MEASURE = re.compile(
    r"^(?P<name>.*?[^\d\s.,+\-])\s*(?:达到|达|不少于|不低于|不小于|超过|突破|≥|>=|＞|>|：|:)?\s*"
    r"(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s，,。；;:：()（）的]{0,6}?)\s*(?:及以上|以上|以内|左右)?$"
)


def _parts(cell: str) -> list[str]:
    """A cell's items: split on ；; and new lines, list numbering and end punctuation taken off."""
    parts = (_ENUM.sub("", p).strip().strip("，,。.、") for p in _PARTS.split(cell))
    return [p for p in parts if p]


def _targets(header: str, cell: str, leftovers: list[str], problems: list[Finding]) -> list[str]:
    """ "NAME=VALUE UNIT" or "NAME VALUE UNIT" (入驻企业10家) specs; anything else is acceptance text."""
    specs = []
    for part in _parts(cell):
        part = part.replace("＝", "=")
        try:
            if "=" in part:
                target_spec(part)
                specs.append(part)
            elif m := _MEASURE.match(part):
                specs.append(f"{m['name'].strip()}={m['value']} {m['unit']}".strip())
            else:
                leftovers.append(part)
        except UsageError as exc:
            problems.append((header, exc.key, dict(exc.params)))
    return specs


# --- dates and steps -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What a date without a year belongs to: the item's start (or its due), else this year."""

    today: dt.date
    start: dt.date | None = None
    due: dt.date | None = None


_PART_OF_MONTH = r"\s*(?P<part>底|末|中旬|上旬|下旬|初)?"
_PART_OF_YEAR = r"(?P<ypart>年?底|年?末|上半年|下半年|第?[一二三四1-4]季度末?)"
_FORMS = [
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月份?" + _PART_OF_MONTH),
    re.compile(r"(?P<y>\d{4})\s*年(?!度)\s*" + _PART_OF_YEAR + "?"),
    re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(r"(?P<m>\d{1,2})\s*月份?" + _PART_OF_MONTH),
    re.compile(_PART_OF_YEAR.replace("年?底|年?末", "年底|年末")),
]
_NUMERIC_MD = re.compile(r"(?P<m>\d{1,2})\s*[-/]\s*(?P<d>\d{1,2})")  # 12-31: whole cells only
_BEFORE = r"\s*(?:之前|以前|前|为止|止)?"
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")  # Excel's "2026/3/31 0:00"
_LEADING = [re.compile(r"^(?:于|在)?\s*" + f.pattern + _BEFORE + r"\s*[，,：:、]?\s*(?P<rest>.+)$") for f in _FORMS]
_TRAILING = [
    re.compile(r"^(?P<rest>.+?)\s*[，,：:、]?\s*[（(]?\s*(?:于|在)?\s*" + f.pattern + _BEFORE + r"(?:完成)?\s*[)）]?$")
    for f in _FORMS
]
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _period(m: re.Match[str], year: int) -> tuple[dt.date, dt.date]:
    """First and last day a matched date expression covers (3月底 -> the 31st; 2026年 -> the whole year)."""
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else year
    if g.get("d"):
        day = dt.date(y, int(g["m"]), int(g["d"]))
        return day, day
    if g.get("m"):
        month = int(g["m"])
        last = calendar.monthrange(y, month)[1] if 1 <= month <= 12 else 0
        spans = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, last), "底": (last, last), "末": (last, last)}
        lo, hi = spans.get(g.get("part") or "", (1, last))
        return dt.date(y, month, lo), dt.date(y, month, hi)
    part = g.get("ypart") or ""
    if "季度" in part:
        digit = re.search(r"[一二三四1-4]", part)[0]  # type: ignore[index]
        q = _QUARTERS.get(digit) or int(digit)
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if part == "上半年":
        return dt.date(y, 1, 1), dt.date(y, 6, 30)
    if part == "下半年":
        return dt.date(y, 7, 1), dt.date(y, 12, 31)
    if part:  # 年底, 年末, 底, 末
        return dt.date(y, 12, 1), dt.date(y, 12, 31)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _resolve(m: re.Match[str], anchor: _Anchor, text: str, end: bool = True) -> dt.date:
    """The date a match means; without a year, the first such date from the item's start on."""
    try:
        if m.groupdict().get("y"):
            first, last = _period(m, 0)
        else:
            base = anchor.start or anchor.due or anchor.today
            first, last = _period(m, base.year)
            if anchor.start and last < anchor.start:
                first, last = _period(m, base.year + 1)
            elif not anchor.start and anchor.due and first > anchor.due:
                first, last = _period(m, base.year - 1)
    except ValueError:
        raise DateError("import_bad_date", text=text) from None
    return last if end else first


def _cell_date(cell: str, anchor: _Anchor, end: bool = True) -> dt.date:
    """A start or due cell: the forms of fivefold.dates, plus 2026年3月底, 2026年底, 2026年上半年 …"""
    clean = re.sub(r"^(?:截至|截止|于|在)\s*", "", _TIME.sub("", cell.strip()))
    clean = re.sub(_BEFORE + "$", "", clean) or clean
    for form in (*_FORMS, _NUMERIC_MD):
        if m := form.fullmatch(clean):
            return _resolve(m, anchor, cell, end)
    try:
        return parse_date(clean, anchor.today)
    except DateError:
        raise DateError("import_bad_date", text=cell) from None


def _steps(header: str, cell: str, anchor: _Anchor, problems: list[Finding]) -> list[str]:
    """ "TITLE@DATE" specs from a cell of steps: a date after @, or at the start or end of each part."""
    specs = []
    for part in _parts(cell):
        try:
            title, due = _step(part, anchor)
        except (DateError, UsageError) as exc:
            problems.append((header, exc.key, dict(exc.params)))
            continue
        title = title.replace("@", "＠")
        specs.append(f"{title}@{due.isoformat()}" if due else title)
    return specs


def _step(part: str, anchor: _Anchor) -> tuple[str, dt.date | None]:
    if "@" in part:
        title, when = step_spec(part)
        return title, _cell_date(when, anchor) if when else None
    for pattern in (*_LEADING, *_TRAILING):
        if m := pattern.match(part):
            title = m["rest"].strip().strip("，,：:、")
            if re.fullmatch(_BEFORE, title):  # only "前" was left: the part is a date alone
                raise UsageError("import_step_no_title", text=part)
            return title, _resolve(m, anchor, part)
    if any(form.fullmatch(re.sub(_BEFORE + "$", "", part)) for form in _FORMS):
        raise UsageError("import_step_no_title", text=part)
    return part, None
