"""Which items a command acts on: ids as typed (`ms-1` is MS-001), ranges (`SY-001..SY-010`) and
`--where "area=industry state=ready"` over the list's filters. Every id is found before anything is
written; an unknown one stops the command, with the closest ids suggested."""

from __future__ import annotations

import shlex
from typing import Any

from fivefold.context import Context
from fivefold.errors import NotFound, UsageError
from fivefold.model import canonical_id
from fivefold.queries import Filters

WHERE_FIELDS = ("plan", "area", "state", "unit", "owner", "light", "bucket")


def choose(ctx: Context, texts: list[str], where: str | None = None) -> list[str]:
    """The ids, in the order given, each once."""
    chosen: list[str] = []
    for text in texts:
        chosen += id_range(ctx, text) if ".." in text else [ctx.ws.find_item(text)[0]]
    if where is not None:
        from fivefold.queries import list_rows

        rows = list_rows(ctx, parse_where(where)).rows
        if not rows:
            raise NotFound("where_matches_none", where=where)
        chosen += [r.id for r in rows]
    if not chosen:
        raise UsageError("no_items_chosen")
    return list(dict.fromkeys(chosen))


def id_range(ctx: Context, text: str) -> list[str]:
    """The items that exist from one id to another of the same prefix (both ends included)."""
    first, _, last = text.partition("..")
    start, end = canonical_id(first), canonical_id(last)
    if start is None or end is None or start.rsplit("-", 1)[0] != end.rsplit("-", 1)[0]:
        raise UsageError("bad_range", text=text)
    prefix = start.rsplit("-", 1)[0]
    low, high = sorted((int(start.rsplit("-", 1)[1]), int(end.rsplit("-", 1)[1])))
    found = [i for i in ctx.ws.item_ids() if i.rsplit("-", 1)[0] == prefix and low <= int(i.rsplit("-", 1)[1]) <= high]
    if not found:
        raise NotFound("not_found", id=text)
    return found


def parse_where(text: str) -> Filters:
    """`area=industry state=ready` (quotes around a value with spaces) as the list's filters."""
    try:
        words = shlex.split(text)
    except ValueError:
        raise UsageError("bad_where", text=text, fields=", ".join(WHERE_FIELDS)) from None
    values: dict[str, Any] = {}
    for word in words:
        field, sep, value = word.partition("=")
        if not sep or field.strip() not in WHERE_FIELDS or not value.strip():
            raise UsageError("bad_where", text=word, fields=", ".join(WHERE_FIELDS))
        values[field.strip()] = value.strip()
    if not values:
        raise UsageError("bad_where", text=text, fields=", ".join(WHERE_FIELDS))
    return Filters(**values)
