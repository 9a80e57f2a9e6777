"""The merge of edits that only add keys to mappings — a new focus area in plan.yaml from `new --area`
on two clones, a new threshold, new entries of a `people:` or `units:` map in fivefold.yaml: both
sides' keys are kept, base order first, then ours' additions, then theirs', as written (comments
too). A key both sides set to different values, or an existing value both changed, is not settled
here: the caller keeps git's conflict markers on those lines."""

from __future__ import annotations

from typing import Any

from fivefold.errors import Invalid

_MISSING: Any = object()
_LABELS = ("fivefold-ours", "fivefold-base", "fivefold-theirs")


class Clash(Exception):
    """Both sides changed one value differently: no merge of keys settles it."""


def merge3(base: Any, ours: Any, theirs: Any) -> Any:
    """The three-way merge of plain data (mappings merged key by key, anything else taken whole from
    the side that changed it); _MISSING for a key both sides dropped. Raises Clash."""
    if _same(ours, theirs):
        return ours
    if _same(ours, base):
        return theirs
    if _same(theirs, base):
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict) and (base is _MISSING or isinstance(base, dict)):
        base = {} if base is _MISSING else base  # a mapping both sides created: the union of what each put in
        merged = {}
        for key in dict.fromkeys([*base, *ours, *theirs]):
            value = merge3(base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
            if value is not _MISSING:
                merged[key] = value
        return merged
    raise Clash


def _same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return bool(a == b)


def additive(base: Any, side: Any) -> bool:
    """True when `side` is `base` with keys added to its mappings (at any depth), nothing else."""
    if isinstance(base, dict) and isinstance(side, dict):
        return all(key in side and additive(value, side[key]) for key, value in base.items())
    return bool(base == side)


def union(base: str, ours: str, theirs: str) -> str | None:
    """The merged text when both sides' edits combine as data: where git's text merge conflicts only
    because both inserted lines at one place, or (the text changing shape, e.g. `areas: {}` filled
    on both sides) when both sides only added keys. None otherwise, or when a text is not a mapping."""
    docs = [_plain_doc(text) for text in (base, ours, theirs)]
    if any(doc is None for doc in docs):
        return None
    try:
        expected = merge3(*docs)
    except Clash:
        return None
    text = _union_of_insertions(base, ours, theirs)  # the text as written, lines and comments alike
    if text is not None and _plain_doc(text) == expected:
        return text
    if additive(docs[0], docs[1]) and additive(docs[0], docs[2]):  # e.g. `areas: {}` filled on both sides
        text = _grafted(ours, theirs)
        if text is not None and _plain_doc(text) == expected:
            return text
    return None


def _plain_doc(text: str) -> Any:
    from fivefold.codec import comparable, read_yaml

    try:
        doc = read_yaml(text, "")  # refuses a key written twice: a union that repeats a key fails here
    except Invalid:
        return None
    return comparable(doc) if isinstance(doc, dict) else None


def _union_of_insertions(base: str, ours: str, theirs: str) -> str | None:
    """git's three-way text merge, where each conflict in which both sides only inserted lines (at
    the same place) takes ours' lines, then theirs' (less the lines both begin with, once more);
    None when a conflict replaced lines of base."""
    from fivefold.gitrepo import merge_file

    text, conflicts = merge_file(ours, base, theirs, _LABELS, diff3=True)
    if conflicts < 0:
        return None
    marks = [f"<<<<<<< {_LABELS[0]}", f"||||||| {_LABELS[1]}", "=======", f">>>>>>> {_LABELS[2]}"]
    out: list[str] = []
    block: list[list[str]] = []  # ours, base, theirs of the conflict being read
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if not block and bare == marks[0]:
            block = [[]]
        elif block and len(block) < 4 and bare == marks[len(block)]:
            block.append([])
            if len(block) == 4:
                ours_lines, base_lines, theirs_lines = block[:3]
                if base_lines:
                    return None  # lines of base changed on both sides: that is a real conflict
                shared = _common_prefix(ours_lines, theirs_lines)
                out += ours_lines + theirs_lines[shared:]
                block = []
        elif block:
            block[-1].append(line)
        else:
            out.append(line)
    return None if block else "".join(out)


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _grafted(ours: str, theirs: str) -> str | None:
    """Ours as written (through ruamel's round trip, which keeps its comments and order), with the
    keys only theirs has appended to the same mappings, each with the comments theirs wrote on it."""
    import io

    from fivefold.codec import round_trip_yaml

    y = round_trip_yaml()
    try:
        ours_doc, theirs_doc = y.load(ours), y.load(theirs)
    except Exception:  # ruamel's own parse errors: no merge of keys, the caller keeps git's markers
        return None
    _graft(ours_doc, theirs_doc)
    out = io.StringIO()
    y.dump(ours_doc, out)
    return out.getvalue()


def _graft(ours: Any, theirs: Any) -> None:
    from ruamel.yaml.comments import CommentedMap

    if not (isinstance(ours, CommentedMap) and isinstance(theirs, CommentedMap)):
        return
    if not ours and theirs and theirs.fa.flow_style() is not True:
        ours.fa.set_block_style()  # `areas: {}` filled: as a block, as `new --area` writes it
    for key, value in theirs.items():
        if key not in ours:
            ours[key] = value
            if key in theirs.ca.items:
                ours.ca.items[key] = theirs.ca.items[key]
        else:
            _graft(ours[key], value)
