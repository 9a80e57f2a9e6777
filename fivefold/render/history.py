"""Log lines for `history` and `log`: who, when, what, from→to, notes and reasons."""

from __future__ import annotations

from typing import Any

from fivefold.events import PAYLOAD_KEYS, label
from fivefold.i18n import t
from fivefold.render.text import table

# What an entry shows after its change of state, in this order; then any other key the event table
# gives an event (a new event's own), then the note.
_SHOWN_FIRST = ("step", "progress", "target", "value", "due", "owner", "lead_unit", "fields", "evidence", "reason")
_DETAIL_KEYS = (*_SHOWN_FIRST, *(k for k in PAYLOAD_KEYS if k not in _SHOWN_FIRST), "note")
_LABELS = {"step": "f.step", "progress": "f.progress", "target": "f.targets", "value": "f.actual", "due": "f.due",
           "owner": "f.owner", "lead_unit": "f.lead_unit", "fields": "f.fields"}  # fmt: skip
_KINDS = {"problem": "rep.problems", "next": "rep.next"}  # a note's kind, in the period report's words


def detail_text(data: dict[str, Any], before: str, after: str, lang: str) -> str:
    parts = []
    if before != after:
        parts.append(f"{t('state.' + before, lang)}→{t('state.' + after, lang)}")
    for key in _DETAIL_KEYS:
        value = data.get(key)
        if value is None or value == "":
            continue
        if key == "files":  # evidence: the file names (show lists paths and hashes)
            value = ",".join(str(f.get("path", "")).rsplit("/", 1)[-1] for f in value if isinstance(f, dict))
        elif key == "kind":  # a note's kind, by the report's words (存在问题, 下一步)
            value = t(_KINDS[value], lang) if value in _KINDS else value
        if isinstance(value, list):
            value = ",".join(map(str, value))
        if key == "progress":
            value = f"{value}%"
        if key in _LABELS:
            parts.append(f"{t(_LABELS[key], lang)}={value}")
        else:  # free text: the note, reason or evidence as written
            parts.append(str(value))  # a line break shows as ⏎ in the table (render.text)
    return " · ".join(parts)


def history_rows(lines: list[Any], lang: str, with_id: bool) -> list[list[str]]:
    rows = []
    for line in lines:
        e = line.entry
        detail = detail_text(dict(e.data), line.before, line.after, lang)
        if line.skipped:
            detail = f"{t('word.skipped', lang)} {detail}".rstrip()
        row = [e.date.isoformat(), e.by, t(label(e.event), lang), detail]
        rows.append([line.item_id, *row] if with_id else row)
    return rows


def render_history(lines: list[Any], lang: str, with_id: bool = False) -> str:
    if not lines:
        return t("empty", lang)
    headers = [t(k, lang) for k in ("f.date", "f.by", "f.event", "f.detail")]
    if with_id:
        headers = [t("f.id", lang), *headers]
    return table(headers, history_rows(lines, lang, with_id))


def history_json(lines: list[Any]) -> list[dict[str, Any]]:
    from fivefold.views import entry_detail, jsonable

    return [
        {
            "id": line.item_id,
            "at": line.entry.at,
            "date": line.entry.date.isoformat(),
            "by": line.entry.by,
            "event": line.entry.event,
            "from": line.before,
            "to": line.after,
            "skipped": line.skipped,
            **jsonable(entry_detail(dict(line.entry.data))),
        }
        for line in lines
    ]
