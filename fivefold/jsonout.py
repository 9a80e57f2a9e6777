"""JSON for scripts, written fast: each element of a top-level list, and each value of a top-level
mapping, on a line of its own through the C encoder (any `indent` forces the slow Python one)."""

from __future__ import annotations

import json
from typing import Any

_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


def dumps(data: Any) -> str:
    """`data` as JSON text; an element of a top-level list that has a `to_json()` (a records.Row) is
    written as the mapping that returns, made one at a time as it is written."""
    if isinstance(data, list):
        if not data:
            return "[]"
        if hasattr(data[0], "to_json"):
            return "[\n" + ",\n".join(f"  {_encode(value.to_json())}" for value in data) + "\n]"
        return "[\n" + ",\n".join(f"  {_encode(value)}" for value in data) + "\n]"
    if isinstance(data, dict):
        if not data:
            return "{}"
        return "{\n" + ",\n".join(f"  {_encode(str(key))}: {_encode(value)}" for key, value in data.items()) + "\n}"
    return _encode(data)
