"""JSON for scripts, written fast: each element of a top-level list, and each value of a top-level
mapping, on a line of its own through the C encoder (any `indent` forces the slow Python one)."""

from __future__ import annotations

import json
from typing import Any

encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # separators ", " and ": "


class Encoded(list[bytes]):
    """A value already encoded as JSON (by `encode`, then in UTF-8), in pieces: dumps_utf8 writes
    them as they are, and joins the whole once (a report's 台账 is many megabytes: no copy of it
    before the end, and no text of it encoded again)."""

    __slots__ = ()


class Joined(dict[str, Any]):
    """A mapping whose further members are already encoded (JSON members without the braces, in
    UTF-8: `tail`): written as the mapping with them appended, by `joined`."""

    __slots__ = ("tail",)

    def __init__(self, members: dict[str, Any], tail: bytes) -> None:
        super().__init__(members)
        self.tail = tail


class Spliced:
    """A mapping encoded already in two parts: `head`, its own members with the braces (UTF-8 JSON),
    and `tail`, further members without them: written as one mapping by `joined`."""

    __slots__ = ("head", "tail")

    def __init__(self, head: bytes, tail: bytes) -> None:
        self.head, self.tail = head, tail


def joined(value: Any) -> tuple[bytes, ...]:
    """A mapping as encode() writes it, in UTF-8 pieces; a Joined one with its encoded members
    appended; a Spliced one from its two parts."""
    if type(value) is Spliced:
        head = value.head
        if not value.tail:
            return (head,)
        return (head[:-1], b", ", value.tail, b"}") if head != b"{}" else (b"{", value.tail, b"}")
    head = encode(value).encode("utf-8")
    if type(value) is not Joined or not value.tail:
        return (head,)
    return (head[:-1], b", ", value.tail, b"}") if value else (b"{", value.tail, b"}")


def dumps(data: Any, end: str = "") -> str:
    """`data` as JSON text, then `end`; an element of a top-level list that has a `to_json()` (a
    records.Row) is written as the mapping that returns, made one at a time as it is written."""
    if isinstance(data, list):
        if not data:
            return "[]" + end
        if hasattr(data[0], "to_json"):
            return "[\n" + ",\n".join(f"  {encode(value.to_json())}" for value in data) + "\n]" + end
        return "[\n" + ",\n".join(f"  {encode(value)}" for value in data) + "\n]" + end
    if isinstance(data, dict):
        if not data:
            return "{}" + end
        return "{\n" + ",\n".join(f"  {encode(str(key))}: {encode(value)}" for key, value in data.items()) + "\n}" + end
    return encode(data) + end


def dumps_utf8(data: dict[str, Any], end: str = "") -> bytes:
    """A mapping as dumps writes it, in UTF-8; a value that is `Encoded` is written as it is."""
    if not data:
        return ("{}" + end).encode("utf-8")
    pieces = [b"{\n"]
    for key, value in data.items():
        pieces.append(f"  {encode(str(key))}: ".encode())
        if isinstance(value, Encoded):
            pieces.extend(value)
        else:
            pieces.append(encode(value).encode("utf-8"))
        pieces.append(b",\n")
    pieces[-1] = b"\n}"
    pieces.append(end.encode("utf-8"))
    return b"".join(pieces)
