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
