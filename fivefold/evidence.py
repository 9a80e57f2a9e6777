"""Evidence files (佐证材料, issue 12): copied into <plan>/evidence/<ID>/ by `submit --file` and
`note --file`, each named in its log entry with its sha256 and size, and checked against the disk."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from fivefold.errors import NotFound, Problem, Refused
from fivefold.model import Item
from fivefold.paths import display

FOLDER = "evidence"
DEFAULT_LIMIT_MIB = 20


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stage(tx: Any, plan_dir: Path, item_id: str, sources: list[str], limit: int) -> list[dict[str, Any]]:
    """Each source read, refused over `limit` bytes, and staged into the transaction under
    <plan>/evidence/<ID>/ (a different file of the same name gets its hash in the name; the same
    file again is not copied twice). Returns what the log entry records of each."""
    folder = plan_dir / FOLDER / item_id
    records = []
    for text in sources:
        source = Path(text).expanduser()
        if not source.is_file():
            raise NotFound("evidence_not_found", path=text)
        size = source.stat().st_size
        if size > limit:
            raise Refused("evidence_too_large", path=text, size=_mib(size), limit=_mib(limit))
        data = source.read_bytes()
        digest = sha256(data)
        target = folder / source.name
        if target.exists() and sha256(target.read_bytes()) != digest or target in tx.staged:
            target = folder / f"{source.stem}-{digest[:8]}{source.suffix}"
        if not target.exists():
            tx.write_bytes(target, data)
        records.append({"path": target.relative_to(plan_dir).as_posix(), "sha256": digest, "bytes": len(data)})
    return records


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def listed(item: Item) -> list[dict[str, Any]]:
    """Every evidence file the log names, in log order, with the entry's date and event."""
    out = []
    for entry in item.log:
        files = entry.get("files")
        if not isinstance(files, list):
            continue
        for f in files:
            if isinstance(f, dict) and isinstance(f.get("path"), str):
                out.append({"date": entry.date.isoformat(), "event": entry.event, "path": f["path"], "sha256": f.get("sha256"),
                            "bytes": f.get("bytes")})  # fmt: skip
    return out


def verify(plan_dir: Path, item: Item, item_file: Path) -> list[Problem]:
    """A problem for each evidence file the log names that is missing, lies outside the item's
    evidence folder, or whose content no longer has the recorded sha256."""
    return verify_files(plan_dir, item.id, [(f["path"], f["sha256"]) for f in listed(item)], item_file)


def verify_files(plan_dir: Path, item_id: str, files: list[tuple[str, Any]], item_file: Path) -> list[Problem]:
    """verify() given the (path, sha256) pairs the item's log names (nothing to resolve when there are none)."""
    if not files:
        return []
    problems = []
    folder = (plan_dir / FOLDER / item_id).resolve()
    shown = display(item_file)
    for rel, recorded in files:
        path = (plan_dir / rel).resolve()
        if folder not in path.parents:
            problems.append(Problem(shown, "evidence_outside", {"id": item_id, "path": rel}))
        elif not path.is_file():
            problems.append(Problem(shown, "evidence_missing", {"id": item_id, "path": rel}))
        elif sha256(path.read_bytes()) != recorded:
            problems.append(Problem(shown, "evidence_altered", {"id": item_id, "path": rel}))
    return problems
