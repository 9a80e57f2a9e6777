"""Reading a task breakdown table (任务分解表: a workbook or a CSV, as offices save them) into ItemFields,
one per task row. No workspace I/O: the caller passes the file's bytes, today and the plan's areas, and
writes the items."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fivefold.dates import BEFORE, FORMS, parse_date, period
from fivefold.errors import DateError, FivefoldError, UsageError
from fivefold.itemfields import ItemFields, control_chars
from fivefold.model import CADENCES, iso
from fivefold.specs import area_spec, step_days, step_spec, target_spec
from fivefold.tables import Rows, column_letter, read_grid

if TYPE_CHECKING:
    from fivefold.workdays import Calendar

# The fields a column can fill; `ref` is the 序号, `ignore` drops a column. A column none takes is kept
# under task_sheet.extra with its header as the key.
FIELDS = (
    "title", "goal", "targets", "lead_unit", "partners", "leader", "owner", "start", "due",
    "steps", "area", "acceptance", "deliverables", "cadence", "parent", "ref",
)  # fmt: skip
IGNORE = "ignore"
_LISTS = frozenset({"targets", "steps", "partners", "deliverables"})  # several columns may feed these

# The headers offices use (README, "Importing a table"); --map adds more.
_ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("序号", "编号", "no", "no.", "#", "number", "ref", "seq"),
    "title": (
        "任务名称", "工作任务", "重点工作", "重点任务", "民生实事", "工作内容", "任务内容", "具体任务", "事项", "项目名称",
        "事项名称", "任务", "工作事项", "重点工作任务", "title", "task", "item",
    ),
    "goal": ("目标", "工作目标", "任务目标", "goal", "objective"),
    "targets": (
        "目标任务", "量化指标", "预期目标", "指标", "目标/指标", "目标指标", "考核指标", "targets", "target", "kpi", "kpis",
    ),
    "lead_unit": ("牵头单位", "责任单位", "主责单位", "牵头部门", "责任部门", "leadunit", "lead"),
    "partners": ("配合单位", "协办单位", "协同单位", "配合部门", "partners", "partnerunits", "partner"),
    "leader": ("责任领导", "分管领导", "包保领导", "牵头领导", "leader"),
    "owner": ("责任人", "联系人", "具体责任人", "owner", "responsible"),
    "start": ("开始时间", "开始日期", "启动时间", "start", "startdate"),
    "due": ("完成时限", "完成时间", "办结时限", "截止时间", "截止日期", "完成日期", "时限", "due", "duedate", "deadline"),
    "steps": (
        "时间节点", "进度安排", "推进计划", "步骤", "路线图", "推进步骤", "工作步骤", "节点安排",
        "steps", "roadmap", "milestones",
    ),
    "area": ("领域", "重点领域", "类别", "area", "focusarea"),
    "acceptance": ("验收标准", "acceptance"),
    "deliverables": ("成果形式", "成果", "deliverables", "deliverable"),
    "cadence": ("调度频次", "调度", "cadence"),
    "parent": ("上级任务", "上级事项", "parent"),
}  # fmt: skip

_NOISE = re.compile(r"[\s_\-*＊:：\ufeff]+")
_PAREN = re.compile(r"[（(][^）)]*[)）]")


def _norm(text: str) -> str:
    """A header as compared: case, spaces, underscores, dashes, stars and colons ignored."""
    return _NOISE.sub("", text).lower()


HEADERS: dict[str, str] = {_norm(alias): name for name, aliases in _ALIASES.items() for alias in aliases}
_FIELD_NAMES = {_norm(name): name for name in (*FIELDS, IGNORE)}

Finding = tuple[str | None, str, dict[str, Any]]  # (column header or None, message key, params)


class BadRows(FivefoldError):
    """Rows that cannot become items; nothing was written. Carries every bad row, the column report and
    the table (to name the sheet and each cell's column letter)."""

    def __init__(self, rows: list[Row], columns: Columns, table: Table) -> None:
        super().__init__("import_bad_rows", count=len(rows))
        self.rows = rows
        self.columns = columns
        self.table = table


# --- the file ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: Rows  # the rows under the header; empty rows left out
    sheet: str | None = None
    title: str | None = None  # the table's title above the header, offered as the plan title
    merged: set[tuple[int, int]] = field(default_factory=set)  # (row, column) a merged range filled

    def letter(self, header: str | None) -> str | None:
        """The column letter of a header (its first column of that name)."""
        return column_letter(self.header.index(header)) if header in self.header else None


def read_table(data: bytes, path: str, maps: dict[str, str] | None = None, sheet: str | None = None) -> Table:
    """The header is the first row (among the first ten) with a title column; the rows above it (附件,
    the title, a 文号) are skipped, the title kept. A second header row under it (责任单位 split into
    牵头单位 and 配合单位) names the columns it names."""
    maps = maps or {}
    grid = read_grid(data, path, sheet, lambda rows: _header_at(_filled(rows), maps) is not None)
    filled = _filled(grid.rows)
    if not filled:
        raise FivefoldError("import_empty", path=path)
    at = _header_at(filled, maps) or 0
    header = list(filled[at][1])
    body = filled[at + 1 :]
    if body and _sub_header(body[0][1], maps):
        for i, cell in enumerate(body[0][1]):
            if i < len(header) and field_of(cell, maps) and cell != header[i]:
                header[i] = cell
            elif i >= len(header):
                header.append(cell)
        body = body[1:]
    return Table(header, body, grid.sheet, _title([cells for _, cells in filled[:at]]), grid.merged)


def _filled(rows: Rows) -> Rows:
    return [(n, cells) for n, cells in rows if any(cells)]


def _header_at(filled: Rows, maps: dict[str, str]) -> int | None:
    return next((i for i, (_, cells) in enumerate(filled[:10]) if "title" in (field_of(c, maps) for c in cells)), None)


def _sub_header(cells: list[str], maps: dict[str, str]) -> bool:
    """Two or more cells that are headers, and nothing that looks like a task's 序号."""
    named = sum(1 for c in cells if c and field_of(c, maps))
    return named >= 2 and not any(re.fullmatch(r"\d+", c) for c in cells)


_DOC_NUMBER = re.compile(r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d+\s*号")


def _title(above: list[list[str]]) -> str | None:
    """The longest line above the header that is not 附件N, a 文号 or a date: the table's title."""
    texts = []
    for cells in above:
        for text in dict.fromkeys(c for c in cells if c):  # a merged title fills every cell it covers
            text = " ".join(text.split())
            if re.match(r"^附件\s*\d*[:：]?$", text) or _DOC_NUMBER.search(text) or re.fullmatch(r"[\d\s年月日.\-/]+", text):
                continue
            texts.append(text)
    return max(texts, key=len, default=None)


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
    extra: dict[int, str] = field(default_factory=dict)  # column index -> header: kept under task_sheet.extra
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (header, field) an earlier column already fills

    @property
    def kept(self) -> list[str]:
        return list(self.extra.values())


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
            if header not in result.extra.values():
                result.extra[index] = header
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
    warnings: list[Finding] = field(default_factory=list)  # due before start, already past …


@dataclass(slots=True)
class Skipped:
    """Rows of the table that are not tasks, for the summary."""

    headings: list[int] = field(default_factory=list)  # 一、民生保障: the area of the rows under it
    notes: list[int] = field(default_factory=list)  # 注：… and everything under it
    totals: list[int] = field(default_factory=list)  # 合计, 小计
    continued: list[str] = field(default_factory=list)  # refs like 5(2): a merged 序号 or unit cell continued


@dataclass(frozen=True, slots=True)
class Settings:
    """What dates in the table are read against: the import day, the year of dates without one, the
    working days and 立行立改's number of days; the plan's period end is an ongoing item's due."""

    today: dt.date
    year: int | None = None
    calendar: Calendar | None = None
    immediate_days: int = 15
    period_end: dt.date | None = None


_UNITS_COLUMNS = ("lead_unit", "partners", "leader")  # what a merged unit cell covers
_NUMERAL = r"[一二三四五六七八九十]+"
_HEADING_REF = re.compile(rf"^(?:{_NUMERAL}\s*[、.．]?|[（(]\s*{_NUMERAL}\s*[)）])$")  # 一、 (一): a section's 序号
_HEADING_TEXT = re.compile(rf"^\s*(?:{_NUMERAL}\s*[、.．]|[（(]\s*{_NUMERAL}\s*[)）]|第{_NUMERAL}[部分类项章]+\s*[、.．：:]?)\s*")
_NOTE = re.compile(r"^\s*(?:注|备注|说明|填表说明|填报说明|附注)\s*\d*\s*[:：]|^\s*(?:制表|填报|填表|审核)人?\s*[:：]")
_TOTALS = frozenset({"合计", "总计", "小计", "共计", "total"})


def parse_rows(table: Table, cols: Columns, today: dt.date | Settings, areas: dict[str, str]) -> tuple[list[Row], Skipped]:
    """One Row per task row; each bad cell is a Finding on its row, never an exception. A row holding
    only its 序号 (templates number their blank rows) is empty; a heading row (一、民生保障) names the
    area of the rows under it; a totals row is skipped; a note (注：…) ends the table."""
    settings = today if isinstance(today, Settings) else Settings(today)
    skipped = Skipped()
    ref_col = next((i for i, name in cols.fields.items() if name == "ref"), None)
    has_units = any(name in _UNITS_COLUMNS for name in cols.fields.values())  # else a row without 序号 continues nothing
    rows: list[Row] = []
    section: str | None = None
    group: tuple[str, dict[str, list[tuple[str, str]]], int] | None = None  # (ref, unit values, count) of the row above
    for number, cells in table.rows:
        texts = [c for c in cells if c]
        if _NOTE.match(texts[0]):
            skipped.notes += [n for n, _ in table.rows if n >= number]
            break
        values = _values(table.header, cells, cols)
        if (heading := _heading(texts, values)) is not None:
            section = heading
            skipped.headings.append(number)
            group = None
            continue
        if any(_norm(text) in _TOTALS for name, pairs in values.items() if name in ("ref", "title") for _, text in pairs):
            skipped.totals.append(number)
            continue
        if not set(values) - {"ref"}:
            continue
        ref_merged = ref_col is not None and (number, ref_col) in table.merged
        units_empty = not any(name in values for name in _UNITS_COLUMNS)
        if group is not None and (ref_merged or ("ref" not in values and units_empty and ref_col is not None and has_units)):
            base, unit_values, count = group
            count += 1
            group = (base, unit_values, count)
            values = {**unit_values, **values} if not ref_merged else values
            values["ref"] = [(values.get("ref", [("", "")])[0][0] or "", f"{base}({count})")]
            skipped.continued.append(f"{base}({count})")
        elif "ref" in values:
            group = (values["ref"][0][1], {k: v for k, v in values.items() if k in _UNITS_COLUMNS}, 1)
        else:
            group = None
        row = _row(number, values, settings, areas, cols, table.header, cells)
        if section and not row.fields.area and "area" not in values:
            row.fields.area = _area(section, areas)
        rows.append(row)
    _link_parents(rows)
    order = {header: index for index, header in reversed(list(enumerate(table.header)))}
    for row in rows:  # in the order of the columns, as the user reads the row
        row.problems.sort(key=lambda found: -1 if found[0] is None else order.get(found[0], -1))
    return rows, skipped


def _heading(texts: list[str], values: dict[str, list[tuple[str, str]]]) -> str | None:
    """The section a heading row opens (一、民生保障 alone or merged across the row; or 序号 一 and a
    name, nothing else), None for any other row."""
    if len(set(texts)) == 1 and _HEADING_TEXT.match(texts[0]):
        return _HEADING_TEXT.sub("", texts[0]).strip() or texts[0]
    if "ref" in values and _HEADING_REF.match(values["ref"][0][1].strip()) and set(values) <= {"ref", "title"}:
        return values["title"][0][1].strip() if "title" in values else _HEADING_TEXT.sub("", values["ref"][0][1]).strip() or None
    return None


def _values(header: list[str], cells: list[str], cols: Columns) -> dict[str, list[tuple[str, str]]]:
    """field -> [(column header, text)] for the non-empty cells of one row."""
    values: dict[str, list[tuple[str, str]]] = {}
    for index, name in cols.fields.items():
        if index < len(cells) and cells[index]:
            values.setdefault(name, []).append((header[index], cells[index]))
    return values


_ONGOING = frozenset({"长期坚持", "常态化", "持续推进", "长期", "长期推进", "常态化推进", "持续开展", "长期坚持常态化推进"})
_IMMEDIATE = frozenset({"立行立改", "立即整改", "即知即改"})
_EVERY = {"每月": "monthly", "每季度": "quarterly", "每季": "quarterly", "按月": "monthly", "按季度": "quarterly"}


def _row(
    number: int,
    values: dict[str, list[tuple[str, str]]],
    settings: Settings,
    areas: dict[str, str],
    cols: Columns,
    header: list[str],
    cells: list[str],
) -> Row:
    row = Row(number, ItemFields())
    f = row.fields
    today = settings.today

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
    f.title = " ".join(title.split()).rstrip("。").strip() if title else None
    if not f.title:
        row.problems.append((None, "import_no_title_value", {}))
    for name in ("goal", "acceptance", "leader", "owner"):  # one line each: a cell's line breaks are spaces
        setattr(f, name, " ".join(value.split()) if (value := text(name)) else None)
    leads = [unit for part in _split(values.get("lead_unit", []), r"[、，,；;\n]+") for unit in _units(part)]
    f.lead_unit = leads[0] if leads else None  # 住建局、财政局 under 责任单位: the first leads, the rest help
    partners = leads[1:] + [unit for part in _split(values.get("partners", []), r"[、，,；;\n]+") for unit in _units(part)]
    f.partners = list(dict.fromkeys(p for p in partners if p != f.lead_unit))
    f.deliverables = _split(values.get("deliverables", []), r"[、，,；;\n]+")
    anchor = _Anchor(today, year=settings.year, calendar=settings.calendar)
    start = attempt("start", lambda c: _cell_date(c, anchor, end=False))
    due_cell = " ".join((text("due") or "").split())
    due: dt.date | None = None
    cadence_from_due: str | None = None
    year = settings.year or (start.year if start else today.year)
    if due_cell in _ONGOING:
        f.ongoing = True
        due = settings.period_end or dt.date(year, 12, 31)
    elif due_cell in _IMMEDIATE:
        due = today + dt.timedelta(days=settings.immediate_days)
    elif due_cell in _EVERY:
        cadence_from_due = _EVERY[due_cell]
        due = settings.period_end or dt.date(year, 12, 31)
    else:
        due = attempt("due", lambda c: _cell_date(c, _Anchor(today, start=start, year=settings.year, calendar=settings.calendar)))
    f.start, f.due = iso(start), iso(due)
    anchor = _Anchor(today, start=start, due=due, year=settings.year, calendar=settings.calendar)
    for header_text, cell in values.get("steps", []):
        f.steps += _steps(header_text, cell, anchor, row.problems)
    if cadence_from_due and not values.get("steps"):  # 每月: a step at each month's end within the year
        f.steps += _period_steps(cadence_from_due, start or dt.date(year, 1, 1), due)
    leftovers: list[str] = []
    for header_text, cell in values.get("targets", []):
        f.targets += _targets(header_text, cell, leftovers, row.problems)
    if leftovers:
        f.acceptance = "；".join([f.acceptance, *leftovers] if f.acceptance else leftovers)
    f.area = attempt("area", lambda c: _area(c, areas))
    f.cadence = attempt("cadence", _cadence) or cadence_from_due
    row.ref = text("ref")
    f.ref = row.ref
    f.extra = {h: " ".join(cells[i].split("\n")).strip() for i, h in cols.extra.items() if i < len(cells) and cells[i]}
    for name, char in control_chars(f):  # what is left after the line breaks: ESC, U+202E …
        column = values[name][0][0] if name in values else None
        row.problems.append((column, "import_control_char", {"char": char}))
    if "parent" in values:
        row.parent_column, row.parent_text = values["parent"][0]
    due_column = values["due"][0][0] if "due" in values else None
    if start and due and due < start:
        row.warnings.append((due_column, "import_due_before_start", {"due": iso(due), "start": iso(start)}))
    elif due and due < today and not f.ongoing:
        row.warnings.append((due_column, "import_due_past", {"due": iso(due)}))
    return row


def _period_steps(cadence: str, start: dt.date, due: dt.date | None) -> list[str]:
    """每月 / 每季度: one step per month or quarter end from the start to the due date."""
    import calendar

    end = due or dt.date(start.year, 12, 31)
    step = 1 if cadence == "monthly" else 3
    specs = []
    month = ((start.month - 1) // step) * step + step
    year = start.year
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last > end:
            break
        label = f"{month}月调度" if step == 1 else f"第{'一二三四'[month // 3 - 1]}季度调度"
        specs.append(f"{label}@{last.isoformat()}")
        month += step
        if month > 12:
            month, year = month - 12, year + 1
    return specs


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
    """What a date without a year belongs to: --year (or the plan's year), else the item's start (or its
    due), else this year; a step without a year falls on or after the item's start."""

    today: dt.date
    start: dt.date | None = None
    due: dt.date | None = None
    year: int | None = None
    calendar: Calendar | None = None


_NUMERIC_MD = re.compile(r"(?P<m>\d{1,2})\s*[-/]\s*(?P<d>\d{1,2})")  # 12-31: whole cells only
# A step's date at the start of its part ("3月底前完成施工图设计") or at its end ("主体封顶（4月底前）")
_LEADING = [re.compile(r"^(?:于|在|到)?\s*" + f.pattern + BEFORE + r"\s*[，,：:、]?\s*(?P<rest>.+)$") for f in FORMS]
_TRAILING = [
    re.compile(r"^(?P<rest>.+?)\s*[，,：:、]?\s*[（(]?\s*(?:于|在)?\s*" + f.pattern + BEFORE + r"(?:完成)?\s*[)）]?$")
    for f in FORMS
]


def _resolve(m: re.Match[str], anchor: _Anchor, text: str, end: bool = True) -> dt.date:
    """The date a match means; without a year, the year given, else the first such date from the item's start on."""
    try:
        if m.groupdict().get("y"):
            first, last = period(m, 0)
        elif anchor.year and not anchor.start:
            first, last = period(m, anchor.year)
        else:
            base = anchor.start or anchor.due or anchor.today
            first, last = period(m, base.year)
            if anchor.start and last < anchor.start:
                first, last = period(m, base.year + 1)
            elif not anchor.start and anchor.due and first > anchor.due:
                first, last = period(m, base.year - 1)
    except ValueError:
        raise DateError("import_bad_date", text=text) from None
    return last if end else first


def _cell_date(cell: str, anchor: _Anchor, end: bool = True) -> dt.date:
    """A start or due cell: every form of fivefold.dates (2026年3月底, 三季度末, +10工作日, 春节前 …)."""
    clean = re.sub(r"^(?:截至|截止|于|在)\s*", "", re.sub(r"\s+\d{1,2}:\d{2}(?::\d{2})?$", "", cell.strip()))
    clean = re.sub(BEFORE + "$", "", clean) or clean
    if re.fullmatch(r"[1-9]\d{4}", clean):  # a date cell that lost its format shows Excel's serial number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(clean))
    for form in (*FORMS, _NUMERIC_MD):
        if m := form.fullmatch(clean):
            return _resolve(m, anchor, cell, end)
    year = anchor.year or (anchor.start.year if anchor.start else None)
    try:
        return parse_date(cell, anchor.today, year=year, end=end, calendar=anchor.calendar)
    except DateError:
        raise DateError("import_bad_date", text=cell) from None


# A duration as tables write it after a step: "施工（20个工作日）", "设计(工期10工作日)" -> "~20工作日".
_PAREN_DAYS = re.compile(r"\s*[（(]\s*(?:工期\s*)?(\d{1,4})\s*个?工作日\s*[)）]\s*$")


def _steps(header: str, cell: str, anchor: _Anchor, problems: list[Finding]) -> list[str]:
    """ "TITLE@DATE" specs from a cell of steps: a date after @, or at the start or end of each part; a
    duration "~N工作日" (or "（N个工作日）") stays on the title for the step's `days`."""
    specs = []
    for part in (piece for whole in _parts(cell) for piece in _dated_pieces(whole)):
        try:
            title, due = _step(part, anchor)
            title = _PAREN_DAYS.sub(r"~\1工作日", title)
            step_days(title)  # "~0工作日" or "~20天" is a problem of this cell, not of a later write
        except (DateError, UsageError) as exc:
            problems.append((header, exc.key, dict(exc.params)))
            continue
        title = title.replace("@", "＠")
        specs.append(f"{title}@{due.isoformat()}" if due else title)
    return specs


def _dated_pieces(part: str) -> list[str]:
    """ "一季度完成1000户，三季度末完成2000户，年底前完成2836户": pieces split at commas when every piece
    starts with a date; otherwise the part whole (a comma inside one step's words)."""
    pieces = [p.strip() for p in re.split(r"[，,]", part) if p.strip()]
    if len(pieces) > 1 and all(any(form.match(p) for form in FORMS) for p in pieces):
        return pieces
    return [part]


def _step(part: str, anchor: _Anchor) -> tuple[str, dt.date | None]:
    if "@" in part:
        title, when = step_spec(part)
        return title, _cell_date(when, anchor) if when else None
    for pattern in (*_LEADING, *_TRAILING):
        if m := pattern.match(part):
            title = m["rest"].strip().strip("，,：:、")
            if re.fullmatch(BEFORE, title):  # only "前" was left: the part is a date alone
                raise UsageError("import_step_no_title", text=part)
            return title, _resolve(m, anchor, part)
    if any(form.fullmatch(re.sub(BEFORE + "$", "", part)) for form in FORMS):
        raise UsageError("import_step_no_title", text=part)
    return part, None
