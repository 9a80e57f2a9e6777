"""`people` as a plain table: each person of the directory with their unit, roles and open items."""

from __future__ import annotations

from typing import Any

from fivefold.i18n import t
from fivefold.render.text import table


def render_people(rows: list[dict[str, Any]], source: str, lang: str) -> str:
    headers = [t(key, lang) for key in ("f.person", "f.unit", "f.roles", "f.email", "f.open_items")]
    sep = "、" if lang == "zh" else ", "
    body = [
        [
            r["name"] + (f" ({sep.join(r['aliases'])})" if r["aliases"] else ""),
            r["unit"],
            sep.join(t(f"role.{role}", lang) for role in r["roles"]),
            r["email"] or "",
            sep.join(f"{i['id']}{'*' if i['as'] == 'leader' else ''}" for i in r["open_items"]) or "-",
        ]
        for r in rows
    ]
    return table(headers, body) + "\n" + t("people.footer", lang, file=source, count=len(rows))


def render_audit(rows: list[dict[str, Any]], lang: str) -> str:
    """One line per audited entry (date, item, event, by, commit, author), its flags indented under it."""
    lines = []
    for r in rows:
        mark = "!" if r["flags"] else " "
        event = t(f"event.{r['event']}", lang)
        lines.append(f"{mark} {r['date']}  {r['id']}  {event}  {r['by']}  {r['commit'][:8]}  {r['author']} <{r['email']}>")
        lines += [f"    {f['message']}" for f in r["flags"]]
    flagged = sum(1 for r in rows if r["flags"])
    lines.append(t("audit.summary", lang, count=len(rows), flagged=flagged))
    return "\n".join(lines)
