"""Reasons for a light (schedule.reasons_of: a code and its parameters) in words, zh or en, and as
the JSON every view writes: `{"code", "params", "text"}`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fivefold.i18n import t


def reason_text(code: str, params: dict[str, Any], lang: str) -> str:
    if code == "children":  # the light is a word too
        return t("why.children", lang, ids=params.get("ids", ""), light=t("light." + str(params.get("light")), lang))
    return t("why." + code, lang, **params)


def reasons_words(reasons: Iterable[Any], lang: str) -> list[str]:
    return [reason_text(code, params, lang) for code, params in reasons]


def reasons_json(reasons: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    return [{"code": code, "params": dict(params), "text": reason_text(code, params, lang)} for code, params in reasons]


def reasons_line(reasons: Iterable[Any], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(reasons_words(reasons, lang))


class WordedRow:
    """A records.Row whose JSON carries its reasons in words (`list --json`), made as it is written."""

    __slots__ = ("row", "lang")

    def __init__(self, row: Any, lang: str) -> None:
        self.row, self.lang = row, lang

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.row.to_json()
        data["reasons"] = reasons_json(self.row.reasons, self.lang)
        return data


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def change_words(change: dict[str, Any], lang: str) -> str:
    """A change of the period (views.dashboard's `changes`) in words: the move, the title, the step or
    target and its figure, a new due date, and the reason or note."""
    parts = [change["title"]]
    if change["from"] != change["to"]:
        parts.insert(0, f"{t('state.' + change['from'], lang)}→{t('state.' + change['to'], lang)}")
    if change.get("subject"):
        value = change.get("value")
        figure = "" if value is None else f"{_number(value)}%" if change["event"] == "step_progress" else _number(value)
        parts.append(f"{change['subject']} {figure}".strip())
    if change["due"]:
        parts.append(f"→ {change['due']}")
    text = " ".join(parts)
    if change["detail"]:
        text += ("：" if lang == "zh" else ": ") + str(change["detail"])
    return text  # line breaks kept: the terminal table shows them as ⏎, the exports make one line
