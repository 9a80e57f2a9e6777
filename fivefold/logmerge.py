"""The log-union merge of one item file changed on two sides (DESIGN §3: the log is append-only).
When both sides only appended log entries — or changed different lines of the plan besides — the
result keeps every new entry of both, once each, in (date, at) order; keys both sides added to one
mapping are all kept (keymerge.py); anything else is left to an ordinary three-way text merge. Also
the git merge driver built on it (`fivefold git-setup`), for plan.yaml and fivefold.yaml too."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from fivefold.errors import Invalid
from fivefold.gitrepo import merge_file
from fivefold.workflow import instant

_ENTRY_LINE = re.compile(r"^[ \t]*- \S")


def _doc(text: str) -> dict[str, Any] | None:
    from fivefold.codec import read_yaml

    try:
        doc = read_yaml(text, "")
    except Invalid:
        return None
    if not isinstance(doc, dict):
        return None
    log = doc.get("log")
    if log is not None and not (isinstance(log, list) and all(isinstance(e, dict) for e in log)):
        return None
    return doc


def _comparable(value: Any) -> Any:
    from fivefold.codec import comparable  # deferred: codec loads yaml

    return comparable(value)


def _log(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc.get("log") or [])


def split_tail(text: str, doc: dict[str, Any], count: int) -> tuple[str, list[str]] | None:
    """The text without its last `count` log entries, and those entries' lines; None unless they
    are the last lines of the file, one entry a line (how fivefold appends)."""
    lines = text.splitlines(keepends=True)
    while lines and not lines[-1].strip():
        lines.pop()
    if count == 0:
        return "".join(lines), []
    if len(lines) < count or not all(_ENTRY_LINE.match(line) for line in lines[-count:]):
        return None
    core = "".join(lines[:-count])
    tail = [line if line.endswith("\n") else line + "\n" for line in lines[-count:]]
    shorter = _doc(core)
    if shorter is None or _comparable({**shorter, "log": _log(shorter)}) != _comparable({**doc, "log": _log(doc)[:-count]}):
        return None
    return core, tail


def _when(entry: dict[str, Any]) -> tuple[str, dt.datetime]:
    """(date, at) comparable across UTC offsets, as replay orders entries (workflow.log_key)."""
    at = entry.get("at")
    at_text = at.isoformat() if isinstance(at, dt.datetime) else str(at or "")
    day = entry.get("date")
    return (day.isoformat() if isinstance(day, dt.date) else str(day or at_text[:10])), instant(at_text)


def union(ours: list[tuple[dict[str, Any], str]], theirs: list[tuple[dict[str, Any], str]]) -> list[str]:
    """Both sides' new entries (entry, its line), once each, ordered by (date, at); ours first on a tie."""
    # An entry both sides appended is kept once; one a side wrote twice (two identical notes in the
    # same second) is kept twice: per distinct entry, as many as the side with more of it.
    chosen = list(ours)
    counts = [_comparable(entry) for entry, _ in ours]
    for entry, line in theirs:
        key = _comparable(entry)
        if key in counts:
            counts.remove(key)
            continue
        chosen.append((entry, line))
    chosen.sort(key=lambda pair: _when(pair[0]))
    return [line for _, line in chosen]


def merge(base: str, ours: str, theirs: str) -> str | None:
    """The merged text, or None when this is not a case the log union settles on its own."""
    text, clean = combine(base, ours, theirs)
    return text if clean else None


def combine(base: str, ours: str, theirs: str, name: str = "file") -> tuple[str, bool]:
    """(merged text, clean). Where both sides only appended to the log, the logs are combined and
    the plan parts merged as text: a conflict there keeps its markers around those lines alone.
    Anything else is git's plain three-way merge of the whole files."""
    labels = (f"{name} (ours)", f"{name} (base)", f"{name} (theirs)")
    sides = _sides(base, ours, theirs)
    if sides is not None:
        cores, new_entries = sides
        core, clean = _merge_cores(base, *cores, labels)
        result = (core if core.endswith("\n") else core + "\n") + "".join(union(*new_entries))
        if not clean or _appended(result, core):
            return result, clean
    text, conflicts = merge_file(ours, base, theirs, labels)
    return text, conflicts == 0


def _sides(base: str, ours: str, theirs: str) -> tuple[list[str], list[list[tuple[dict[str, Any], str]]]] | None:
    """Each side without its new log entries, and those entries with their lines; None unless both
    sides only appended to the log of base (one entry a line, at the end of the file)."""
    docs = [_doc(t) for t in (base, ours, theirs)]
    if any(d is None for d in docs):
        return None
    base_log = _comparable(_log(docs[0]))  # type: ignore[arg-type]
    cores, new_entries = [], []
    for text, doc in ((ours, docs[1]), (theirs, docs[2])):
        log = _log(doc)  # type: ignore[arg-type]
        if _comparable(log[: len(base_log)]) != base_log:
            return None  # an entry that was already there changed: not an append
        added = log[len(base_log) :]
        split = split_tail(text, doc, len(added))  # type: ignore[arg-type]
        if split is None:
            return None
        cores.append(split[0])
        new_entries.append(list(zip(added, split[1], strict=True)))
    return cores, new_entries


def _appended(result: str, core: str) -> bool:
    """The combined text reads back as the merged plan with the entries appended to its log."""
    merged, core_doc = _doc(result), _doc(core)
    if merged is None or core_doc is None:
        return False
    return _comparable(_log(merged)[: len(_log(core_doc))]) == _comparable(_log(core_doc))


def _merge_cores(base: str, ours: str, theirs: str, labels: tuple[str, str, str]) -> tuple[str, bool]:
    """The plan parts: identical, or one side unchanged, or a text merge (clean or not)."""
    base_core = base.rstrip("\n") + "\n"
    ours, theirs = ours.rstrip("\n") + "\n", theirs.rstrip("\n") + "\n"
    if theirs in (base_core, ours):
        return ours, True
    if ours == base_core:
        return theirs, True
    merged, conflicts = merge_file(ours, base, theirs, labels)
    if conflicts > 0:  # both sides added keys at one place (two new areas), say: keep both
        from fivefold.keymerge import union

        united = union(base, ours, theirs)
        if united is not None:
            return united, True
    return merged, conflicts == 0


def driver(base_path: str, ours_path: str, theirs_path: str, name: str = "") -> int:
    """`git merge` calls this for item files: the merge goes into ours_path; 0 clean, 1 conflicts."""
    base, ours, theirs = (Path(p).read_bytes().decode("utf-8", "surrogateescape") for p in (base_path, ours_path, theirs_path))
    result, clean = combine(base, ours, theirs, name or "file")
    if clean and name and not valid_item(result, name):
        clean = False  # clean as text, but not a valid item (e.g. both added a step s3): stop for a person
    tmp = f"{ours_path}.fivefold-tmp"
    with open(tmp, "wb") as fh:
        fh.write(result.encode("utf-8", "surrogateescape"))
    os.replace(tmp, ours_path)
    return 0 if clean else 1


def valid_item(text: str, name: str) -> bool:
    """True unless `name` is an item file (PLAN/ID.yaml) and the text does not load as that item."""
    from fivefold.codec import load_item
    from fivefold.workspace import ITEM_FILE

    path = Path(name)
    if not ITEM_FILE.match(path.name):
        return True
    try:
        load_item(text, name, plan=path.parent.name, file_id=path.stem)
    except Invalid:
        return False
    return True
