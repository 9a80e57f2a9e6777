"""JSON for scripts, written fast: each element of a top-level list, and each value of a top-level
mapping, on a line of its own through the C encoder (any `indent` forces the slow Python one)."""

from __future__ import annotations

import json
from typing import Any

encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # separators ", " and ": "
_encode = encode


class Encoded(str):
    """A value already encoded as JSON (by `encode`): dumps writes it as it is."""

    __slots__ = ()


class Joined(dict[str, Any]):
    """A mapping whose further members are already encoded (JSON members without the braces, `tail`):
    written as the mapping with them appended, by `encode_joined`."""

    __slots__ = ("tail",)

    def __init__(self, members: dict[str, Any], tail: str) -> None:
        super().__init__(members)
        self.tail = tail


def encode_joined(value: Joined) -> str:
    head = _encode(value)
    if not value.tail:
        return head
    return f"{head[:-1]}, {value.tail}}}" if len(value) else f"{{{value.tail}}}"


def dumps(data: Any) -> str:
    """`data` as JSON text; an element of a top-level list that has a `to_json()` (a records.Row) is
    written as the mapping that returns, made one at a time as it is written; a value that is
    `Encoded` is written as it is."""
    if isinstance(data, list):
        if not data:
            return "[]"
        if hasattr(data[0], "to_json"):
            return "[\n" + ",\n".join(f"  {_encode(value.to_json())}" for value in data) + "\n]"
        return "[\n" + ",\n".join(f"  {_encode(value)}" for value in data) + "\n]"
    if isinstance(data, dict):
        if not data:
            return "{}"
        return "{\n" + ",\n".join(f"  {_encode(str(key))}: {_value(value)}" for key, value in data.items()) + "\n}"
    return _encode(data)


def _value(value: Any) -> str:
    return value if isinstance(value, Encoded) else _encode(value)
