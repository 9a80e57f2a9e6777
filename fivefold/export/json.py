"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

from typing import Any

from fivefold.jsonout import Encoded, Joined, Spliced, dumps, dumps_utf8, encode, joined
from fivefold.wording import reason_text


def render(report: dict[str, Any], lang: str) -> bytes:
    """Each top-level key on its own line; the encoder is libjson's C one (no indent). Each reason
    for a light gains its `text` in the report's language. 台账 rows whose details come encoded
    (jsonout.Joined, from the index's JSON cache) are joined as text, byte for byte what encoding
    them whole would give; those that come whole (jsonout.Spliced, fivefold.jsonheads) as they are."""
    for row in [*report["warnings"], *(r for area in report["areas"] for r in area["items"])]:
        if type(row) is not Spliced and row["reasons"]:
            row["reasons"] = [{**why, "text": reason_text(why["code"], why["params"], lang)} for why in row["reasons"]]
    if any(type(r) in (Joined, Spliced) for area in report["areas"] for r in area["items"]):
        return dumps_utf8({**report, "areas": _areas(report["areas"])}, end="\n")
    return dumps(report, end="\n").encode("utf-8")


def _areas(areas: list[dict[str, Any]]) -> Encoded:
    """The areas as encode() writes them (", " and ": "), in UTF-8 pieces: each item's own members,
    then its details as they came."""
    pieces = Encoded([b"["])
    for n, area in enumerate(areas):
        pieces.append(b", {" if n else b"{")
        for m, (key, value) in enumerate(area.items()):
            pieces.append(f"{', ' if m else ''}{encode(str(key))}: ".encode())
            if key != "items":
                pieces.append(encode(value).encode("utf-8"))
                continue
            pieces.append(b"[")
            for k, row in enumerate(value):
                if k:
                    pieces.append(b", ")
                pieces += joined(row)
            pieces.append(b"]")
        pieces.append(b"}")
    pieces.append(b"]")
    return pieces
