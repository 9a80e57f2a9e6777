"""JSON for scripts, written fast: each element of a top-level list, and each value of a top-level
mapping, on a line of its own through the C encoder (any `indent` forces the slow Python one)."""

from __future__ import annotations

import json
from typing import Any

encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # separators ", " and ": "
_encode = encode


class Encoded(list[str]):
    """A value already encoded as JSON (by `encode`), in pieces: dumps writes them as they are, and
    joins the whole text once (a report's 台账 is many megabytes: no copy of it before the end)."""

    __slots__ = ()


class Joined(dict[str, Any]):
    """A mapping whose further members are already encoded (JSON members without the braces, `tail`):
    written as the mapping with them appended, by `joined`."""

    __slots__ = ("tail",)

    def __init__(self, members: dict[str, Any], tail: str) -> None:
        super().__init__(members)
        self.tail = tail


def joined(value: Any) -> tuple[str, ...]:
    """A mapping as encode() writes it, in pieces; a Joined one with its encoded members appended."""
    head = _encode(value)
    if type(value) is not Joined or not value.tail:
        return (head,)
    return (head[:-1], ", ", value.tail, "}") if value else ("{", value.tail, "}")


def dumps(data: Any, end: str = "") -> str:
    """`data` as JSON text, then `end`; an element of a top-level list that has a `to_json()` (a
    records.Row) is written as the mapping that returns, made one at a time as it is written; a
    value of a top-level mapping that is `Encoded` is written as it is."""
    if isinstance(data, list):
        if not data:
            return "[]" + end
        if hasattr(data[0], "to_json"):
            return "[\n" + ",\n".join(f"  {_encode(value.to_json())}" for value in data) + "\n]" + end
        return "[\n" + ",\n".join(f"  {_encode(value)}" for value in data) + "\n]" + end
    if isinstance(data, dict):
        if not data:
            return "{}" + end
        pieces = ["{\n"]
        for key, value in data.items():
            pieces.append(f"  {_encode(str(key))}: ")
            if isinstance(value, Encoded):
                pieces.extend(value)
            else:
                pieces.append(_encode(value))
            pieces.append(",\n")
        pieces[-1] = "\n}"
        pieces.append(end)
        return "".join(pieces)
    return _encode(data) + end
