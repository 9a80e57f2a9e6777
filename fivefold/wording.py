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
