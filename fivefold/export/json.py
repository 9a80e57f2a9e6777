"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

from typing import Any

from fivefold.jsonout import dumps
from fivefold.wording import reason_text


def render(report: dict[str, Any], lang: str) -> str:
    """Each top-level key on its own line; the encoder is libjson's C one (no indent). Each reason
    for a light gains its `text` in the report's language."""
    for row in [*report["warnings"], *(r for area in report["areas"] for r in area["items"])]:
        row["reasons"] = [{**why, "text": reason_text(why["code"], why["params"], lang)} for why in row["reasons"]]
    return dumps(report) + "\n"
