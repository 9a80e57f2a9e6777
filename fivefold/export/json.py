"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

from typing import Any

from fivefold.jsonout import Encoded, Joined, dumps, encode, encode_joined
from fivefold.wording import reason_text


def render(report: dict[str, Any], lang: str) -> str:
    """Each top-level key on its own line; the encoder is libjson's C one (no indent). Each reason
    for a light gains its `text` in the report's language. 台账 rows whose details come encoded
    (jsonout.Joined, from the index's JSON cache) are joined as text, byte for byte what encoding
    them whole would give."""
    for row in [*report["warnings"], *(r for area in report["areas"] for r in area["items"])]:
        row["reasons"] = [{**why, "text": reason_text(why["code"], why["params"], lang)} for why in row["reasons"]]
    if any(type(r) is Joined for area in report["areas"] for r in area["items"]):
        report = {**report, "areas": Encoded(f"[{', '.join(map(_area, report['areas']))}]")}
    return dumps(report) + "\n"


def _area(area: dict[str, Any]) -> str:
    """One area as encode() writes a mapping (", " and ": "), its items joined from their parts."""
    members = []
    for key, value in area.items():
        text = f"[{', '.join(map(_item, value))}]" if key == "items" else encode(value)
        members.append(f"{encode(str(key))}: {text}")
    return f"{{{', '.join(members)}}}"


def _item(row: dict[str, Any]) -> str:
    return encode_joined(row) if type(row) is Joined else encode(row)
