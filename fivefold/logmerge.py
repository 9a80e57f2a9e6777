"""The log-union merge of one item file changed on two sides (DESIGN §3: the log is append-only).
When both sides only appended log entries — or changed different lines of the plan besides — the
result keeps every new entry of both, once each, in (date, at) order; anything else is left to an
ordinary three-way text merge. Also the git merge driver built on it (`fivefold git-setup`)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from fivefold.errors import Invalid

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


def _plain(value: Any) -> Any:
    from fivefold.codec import _plain as plain

    return plain(value)


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
    if shorter is None or _plain({**shorter, "log": _log(shorter)}) != _plain({**doc, "log": _log(doc)[:-count]}):
        return None
    return core, tail


def _when(entry: dict[str, Any]) -> tuple[str, str]:
    """(date, at) as comparable text: `at` in UTC when it carries an offset."""
    at = entry.get("at")
    if isinstance(at, dt.datetime):
        at_text = (at.astimezone(dt.timezone.utc) if at.tzinfo else at).isoformat()
        at_day = at.date().isoformat()
    else:
        at_text = str(at or "")
        at_day = at_text[:10]
    day = entry.get("date")
    return (day.isoformat() if isinstance(day, dt.date) else str(day or at_day)), at_text


def union(ours: list[tuple[dict[str, Any], str]], theirs: list[tuple[dict[str, Any], str]]) -> list[str]:
    """Both sides' new entries (entry, its line), once each, ordered by (date, at); ours first on a tie."""
    seen, chosen = [], []
    for entry, line in ours + theirs:
        key = _plain(entry)
        if key in seen:
            continue
        seen.append(key)
        chosen.append((entry, line))
    chosen.sort(key=lambda pair: _when(pair[0]))
    return [line for _, line in chosen]


def merge(base: str, ours: str, theirs: str) -> str | None:
    """The merged text, or None when this is not a case the log union can settle."""
    docs = [_doc(t) for t in (base, ours, theirs)]
    if any(d is None for d in docs):
        return None
    base_doc, ours_doc, theirs_doc = docs  # type: ignore[misc]
    base_log = _plain(_log(base_doc))
    new_entries = []
    cores = []
    for text, doc in ((ours, ours_doc), (theirs, theirs_doc)):
        log = _log(doc)
        if _plain(log[: len(base_log)]) != base_log:
            return None  # an entry that was already there changed: not an append
        added = log[len(base_log) :]
        split = split_tail(text, doc, len(added))
        if split is None:
            return None
        core, lines = split
        cores.append(core)
        new_entries.append(list(zip(added, lines, strict=True)))
    core = _merge_cores(base, *cores)
    if core is None:
        return None
    result = core if core.endswith("\n") else core + "\n"
    result += "".join(union(*new_entries))
    merged, core_doc = _doc(result), _doc(core)
    if merged is None or core_doc is None or _plain(_log(merged)[: len(_log(core_doc))]) != _plain(_log(core_doc)):
        return None
    return result


def _merge_cores(base: str, ours: str, theirs: str) -> str | None:
    """The plan parts: identical, or one side unchanged, or a clean text merge."""
    base_core = base.rstrip("\n") + "\n"
    ours, theirs = ours.rstrip("\n") + "\n", theirs.rstrip("\n") + "\n"
    if theirs in (base_core, ours):
        return ours
    if ours == base_core:
        return theirs
    merged, conflicts = merge_file(ours, base, theirs)
    return merged if conflicts == 0 else None


def merge_file(ours: str, base: str, theirs: str, labels: tuple[str, str, str] = ("ours", "base", "theirs")) -> tuple[str, int]:
    """git's own three-way text merge: (result, number of conflicts; negative on error)."""
    with tempfile.TemporaryDirectory(prefix="fivefold-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            paths.append(str(path))
        args = ["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1], "-L", labels[2], *paths]
        result = subprocess.run(args, capture_output=True)
    text = result.stdout.decode("utf-8", "surrogateescape")
    code = result.returncode
    return text, (code if code < 128 else -1)


def driver(base_path: str, ours_path: str, theirs_path: str, name: str = "") -> int:
    """`git merge` calls this for item files: the merge goes into ours_path; 0 clean, 1 conflicts."""
    texts = [Path(p).read_bytes().decode("utf-8", "surrogateescape") for p in (base_path, ours_path, theirs_path)]
    result = merge(*texts)
    conflicts = 0
    if result is None:
        shown = name or "file"
        result, conflicts = merge_file(texts[1], texts[0], texts[2], (f"{shown} (ours)", f"{shown} (base)", f"{shown} (theirs)"))
    elif name and not _valid_item(result, name):
        conflicts = 1  # clean as text, but not a valid item (e.g. both added a step s3): stop for a person
    tmp = f"{ours_path}.fivefold-tmp"
    with open(tmp, "wb") as fh:
        fh.write(result.encode("utf-8", "surrogateescape"))
    os.replace(tmp, ours_path)
    return 0 if conflicts == 0 else 1


def _valid_item(text: str, name: str) -> bool:
    """True unless `name` is an item file (PLAN/ID.yaml) and the text does not load as that item."""
    from fivefold.codec import load_item
    from fivefold.store import _ITEM_FILE

    path = Path(name)
    if not _ITEM_FILE.match(path.name):
        return True
    try:
        load_item(text, name, plan=path.parent.name, file_id=path.stem)
    except Invalid:
        return False
    return True
