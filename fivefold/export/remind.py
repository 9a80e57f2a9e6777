"""The 督办提醒 digest (fivefold.digest) as chat messages, plain text or Markdown, zh or en, each split into
parts that fit a group robot: at most 2,000 characters (and, where a robot counts bytes, that many
UTF-8 bytes), cut between lines; only a single line longer than that is cut inside it."""

from __future__ import annotations

from typing import Any

from fivefold.controlchars import visible
from fivefold.digest import SECTIONS
from fivefold.i18n import t

LIMIT = 2000  # characters in one chat message
FORMATS = ("text", "md")
_NUMBERS = "一二三四五六七八九十"


def split_message(text: str, limit: int = LIMIT, max_bytes: int | None = None) -> list[str]:
    """`text` in parts of at most `limit` characters (and `max_bytes` UTF-8 bytes), each ending at a line
    break of the original; a line that alone is longer is cut hard, between characters (never inside one)."""

    def size(part: str) -> tuple[int, int]:
        return len(part), len(part.encode("utf-8"))

    def fits(part: str) -> bool:
        chars, octets = size(part)
        return chars <= limit and (max_bytes is None or octets <= max_bytes)

    pieces: list[str] = []
    for line in text.split("\n"):
        while not fits(line):  # the longest head of the line that fits
            low, high = 1, len(line)
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if fits(line[:mid]) else (low, mid - 1)
            pieces.append(line[:low])
            line = line[low:]
        pieces.append(line)
    parts: list[str] = []
    current: str | None = None
    for piece in pieces:
        joined = piece if current is None else f"{current}\n{piece}"
        if current is not None and not fits(joined):
            parts.append(current)
            joined = piece
        current = joined
    if current is not None and current.strip():
        parts.append(current)
    return [p.strip("\n") for p in parts if p.strip()]


def title(digest: dict[str, Any], date: str, lang: str) -> str:
    name = digest["name"] or t("remind.no_unit" if digest["kind"] == "unit" else "remind.no_owner", lang)
    return t("remind.title", lang, name=name, date=date)


def _line(section: str, e: dict[str, Any], kind: str, lang: str) -> str:
    subject = t("remind.item", lang, id=e["id"], title=e["title"])
    if e.get("step"):
        subject = t("remind.step", lang, id=e["id"], step=e["step"], title=e["step_title"])
    if section == "overdue":
        what = t("remind.overdue", lang, days=e["days"], due=e["due"])
    elif section == "due_soon":
        key = "remind.due_today" if e["workdays"] <= 0 else "remind.due_in"
        what = t(key, lang, due=e["due"], workdays=e["workdays"])
    elif section == "missed_reports":
        if e["last"]:
            what = t("remind.missed", lang, missed=e["missed"], last=e["last"])
        else:
            what = t("remind.never", lang, missed=e["missed"], since=e["since"])
    elif section == "extension_requests":
        key = "remind.request_late" if e["late"] else "remind.request"
        what = t(key, lang, due=e["due"] or "-", asked=e["asked"], by=e["by"])
        if e["reason"]:
            what += t("remind.reason", lang, reason=e["reason"])
    else:
        what = t("remind.waiting", lang, days=e["days"], submitted=e["submitted"])
    who = e["lead_unit"] if kind == "owner" else e["owner"]  # the digest's own name is in its title
    tail = t("remind.who", lang, who=who) if who else ""
    return f"{subject}{t('remind.colon', lang)}{what}{tail}"


def render(digest: dict[str, Any], date: str, days: int, lang: str, fmt: str = "text") -> str:
    """One digest as one message (before it is split)."""
    md = fmt == "md"
    head = title(digest, date, lang)
    lines = [f"### {head}" if md else head]
    n = 0
    for section in SECTIONS:
        entries = digest[section]
        if not entries:
            continue
        heading = t(f"remind.sec.{section}", lang, count=len(entries), days=days)
        if md:
            lines += ["", f"**{heading}**"]
        else:
            number = _NUMBERS[n] + "、" if lang == "zh" else f"{n + 1}. "
            lines.append(number + heading)
        n += 1
        bullet = "- " if md else "· " if lang == "zh" else "- "
        lines += [bullet + _line(section, e, digest["kind"], lang) for e in entries]
    return "\n".join(visible(line) for line in lines)  # a hand-edited title may hold a control character


def messages(
    digest: dict[str, Any], date: str, days: int, lang: str, fmt: str = "text", limit: int = LIMIT, max_bytes: int | None = None
) -> list[str]:
    return split_message(render(digest, date, days, lang, fmt), limit, max_bytes)
