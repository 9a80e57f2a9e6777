"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

from typing import Any

from fivefold.jsonout import Encoded, Joined, dumps, encode, joined
from fivefold.wording import reason_text


def render(report: dict[str, Any], lang: str) -> str:
    """Each top-level key on its own line; the encoder is libjson's C one (no indent). Each reason
    for a light gains its `text` in the report's language. 台账 rows whose details come encoded
    (jsonout.Joined, from the index's JSON cache) are joined as text, byte for byte what encoding
    them whole would give."""
    for row in [*report["warnings"], *(r for area in report["areas"] for r in area["items"])]:
        if row["reasons"]:
            row["reasons"] = [{**why, "text": reason_text(why["code"], why["params"], lang)} for why in row["reasons"]]
    if any(type(r) is Joined for area in report["areas"] for r in area["items"]):
        report = {**report, "areas": _areas(report["areas"])}
    return dumps(report, end="\n")


def _areas(areas: list[dict[str, Any]]) -> Encoded:
    """The areas as encode() writes them (", " and ": "), in pieces: each item's own members, then its
    details as they came."""
    pieces = Encoded(["["])
    for n, area in enumerate(areas):
        pieces.append(", {" if n else "{")
        for m, (key, value) in enumerate(area.items()):
            pieces.append(f"{', ' if m else ''}{encode(str(key))}: ")
            if key != "items":
                pieces.append(encode(value))
                continue
            pieces.append("[")
            for k, row in enumerate(value):
                if k:
                    pieces.append(", ")
                pieces += joined(row)
            pieces.append("]")
        pieces.append("}")
    pieces.append("]")
    return pieces
