"""The report as JSON, schema `fivefold.report/1` (documented in README)."""

from __future__ import annotations

import json
from typing import Any


def render(report: dict[str, Any], lang: str) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
