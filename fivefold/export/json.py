"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

from typing import Any

from fivefold.jsonout import dumps


def render(report: dict[str, Any], lang: str) -> str:
    """Each top-level key on its own line; the encoder is libjson's C one (no indent)."""
    return dumps(report) + "\n"
