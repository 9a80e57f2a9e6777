"""`show`: the 任务书, 路线图 and 时间表 of one item, its progress and light, and its log."""

from __future__ import annotations

from typing import Any

from fivefold.controlchars import visible
from fivefold.i18n import t
from fivefold.render.listing import LIGHT_COLOUR, progress_cell
from fivefold.render.text import pad, paint, table, width


def _fields(pairs: list[tuple[str, str]]) -> list[str]:
    labels = max((width(label) for label, _ in pairs), default=0)
    return [f"  {pad(label, labels)}  {visible(value)}" for label, value in pairs if value]


def render_item(d: dict[str, Any], log: list[str], lang: str, area_label: str | None, *, colour: bool) -> str:
    L = lambda key: t(key, lang)  # noqa: E731 - a short alias keeps the layout readable
    sheet = d.get("task_sheet") or {}
    light = paint(L(f"light.{d['light']}"), LIGHT_COLOUR[d["light"]], colour)
    lines = [paint(visible(f"{d['id']}  {d['title']}"), "bold", colour)]
    where = [f"{L('f.plan')} {d['plan']}"]
    if d["area"]:
        where.append(f"{L('f.area')} {area_label or d['area']}")
    if d["parent"]:
        where.append(f"{L('f.parent')} {d['parent']}")
    lines.append(visible(" · ".join(where)))
    status = [
        f"{L('f.state')} {L('state.' + d['state'])}",
        f"{L('f.light')} {light}",
        f"{L('f.progress')} {progress_cell(d['progress'], True)} ({L('f.expected')} {d['expected']:.0f}%)",
        f"{L('f.bucket')} {L('bucket.' + d['bucket'])}",
    ]
    if d["overdue_days"]:
        status.append(f"{L('f.overdue_days')} {d['overdue_days']}")
    if d["rectifications"]:
        status.append(f"{L('f.rectifications')} {d['rectifications']}")
    lines.append(" · ".join(status))
    if d.get("reasons"):
        words = ("；" if lang == "zh" else "; ").join(w["text"] for w in d["reasons"])
        lines.append(visible(f"{t('rep.reasons', lang)}: {words}"))

    targets = []
    for target in sheet.get("targets") or []:
        if isinstance(target, dict):
            actual = d["measures"].get(target.get("name"))
            value = f"{_num(actual)}/" if actual is not None else ""
            arrow = "↓" if target.get("direction") == "down" else "↑"
            text = f"{target.get('name')} {value}{arrow}{_num(target.get('target'))}{target.get('unit') or ''}"
            if target.get("baseline") is not None:
                text += f"（{L('f.baseline')} {_num(target.get('baseline'))}）"
            targets.append(text)
    lines += ["", paint(L("doc.task_sheet"), "bold", colour)]
    extra = given if isinstance(given := sheet.get("extra"), dict) else {}
    lines += _fields(
        [
            (L("f.ref"), str(sheet.get("ref") or "")),
            (L("f.goal"), str(sheet.get("goal") or "")),
            (L("f.targets"), "；".join(targets)),
            (L("f.lead_unit"), d["lead_unit"] or ""),
            (L("f.partner_units"), "、".join(map(str, sheet.get("partner_units") or []))),
            (L("f.leader"), str(sheet.get("leader") or "")),
            (L("f.owner"), d["owner"] or ""),
            (L("f.deliverables"), "、".join(map(str, sheet.get("deliverables") or []))),
            (L("f.acceptance"), str(sheet.get("acceptance") or "")),
            *((str(header), str(value or "")) for header, value in extra.items()),  # the table's own columns
        ]
    )

    lines += ["", paint(L("doc.roadmap"), "bold", colour)]
    steps = {s["id"]: s for s in d["steps_detail"]}
    rows = []
    for raw in d.get("roadmap") or []:
        if not isinstance(raw, dict):
            continue
        s = steps.get(str(raw.get("id")), {})
        done = s.get("done") or (f"{s['progress']:.0f}%" if s.get("progress") else "")
        rows.append(
            [
                str(raw.get("id")),
                str(raw.get("title") or ""),
                str(raw.get("deliverable") or ""),
                ",".join(map(str, raw.get("after") or [])),
                str(s.get("owner") or ""),
                _due(s.get("due"), s.get("due_planned"), lang),
                done,
            ]
        )
    if rows:
        headers = [L(k) for k in ("f.step", "f.title", "f.deliverable", "f.after", "f.owner", "f.due", "f.done")]
        lines += ["  " + line for line in table(headers, rows).splitlines()]
    else:
        lines.append("  " + L("empty"))

    lines += _children(d.get("children") or [], lang, colour)

    lines += ["", paint(L("doc.timeline"), "bold", colour)]
    due = d["due"] or ""
    if d["due_planned"] and d["due_planned"] != d["due"]:
        due += f"（{L('f.due_planned')} {d['due_planned']}）"
    timeline = d.get("timeline") or {}
    if timeline.get("ongoing") is True:
        due = f"{due}（{L('f.ongoing')}）"
    lines += _fields(
        [
            (L("f.start"), d["start"] or ""),
            (L("f.due"), due),
            (L("f.cadence"), L(f"cadence.{timeline['cadence']}") if timeline.get("cadence") else ""),
        ]
    )
    for ext in d["extensions"]:  # 原定 → 新时限（批准日期）
        when = f"（{ext['date']}）" if lang == "zh" else f" ({ext['date']})"
        moved = f"{ext['from'] or '—'} → {ext['due']}{when}"
        lines.append(f"  {L('doc.extensions')}: {moved} {visible(str(ext['reason'] or ''))}".rstrip())
    for f in d.get("evidence_files") or ():
        size = _size(f["bytes"])
        lines.append(f"  {L('doc.evidence')}: {f['date']} {visible(f['path'])} ({size}) sha256 {str(f['sha256'])[:12]}")
    request = d.get("extension_request")
    if request:
        late = f" {paint(L('word.late_request'), 'red', colour)}" if request["late"] else ""
        text = f"{request['date']} {visible(request['by'])} → {request['due']} {visible(request['reason'] or '')}".rstrip()
        lines.append(f"  {paint(L('doc.extension_request'), 'yellow', colour)}: {text}{late}")

    lines += ["", paint(L("doc.log"), "bold", colour)]
    lines += ["  " + line for line in log] or ["  " + L("empty")]
    return "\n".join(lines)


def _children(children: list[dict[str, Any]], lang: str, colour: bool) -> list[str]:
    """A parent's 子任务: id, title, state, progress (of weight), light; nothing for an item without."""
    if not children:
        return []
    L = lambda key: t(key, lang)  # noqa: E731
    headers = [L(k) for k in ("f.id", "f.title", "f.plan", "f.state", "f.progress", "f.weight", "f.light")]
    rows = []
    for c in children:
        progress, weight = f"{c['progress']:.0f}%", f"{c['weight']:g}"
        rows.append([c["id"], c["title"], c["plan"], L("state." + c["state"]), progress, weight, L("light." + c["light"])])
    colours = [[None] * 6 + [LIGHT_COLOUR[c["light"]]] for c in children]
    body = table(headers, rows, right=frozenset({4, 5}), colours=colours, colour=colour)
    return ["", paint(L("doc.children"), "bold", colour), *("  " + line for line in body.splitlines())]


def _size(n: Any) -> str:
    if not isinstance(n, int):
        return "?"
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def _due(due: str | None, planned: str | None, lang: str) -> str:
    """A step's due date in force, with the planned one beside it where an extension moved it."""
    if not due or due == planned:
        return due or ""
    return f"{due}（{t('f.due_planned', lang)} {planned}）" if lang == "zh" else f"{due} ({t('f.due_planned', lang)} {planned})"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
