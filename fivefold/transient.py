"""Files fivefold keeps to itself and never shares through git: the workspace's state folder and the
temporary files of a write (`.SY-001.yaml.<pid>.tmp`, left behind when the writer is killed) or of
the merge driver. Both the workspace's .gitignore and sync's own add list keep them out."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from fivefold.transaction import atomic_write
from fivefold.workspace import STATE_DIR

# The .gitignore lines `init` and `git-setup` make sure of (patterns without a slash match at any depth).
IGNORE = (f"{STATE_DIR}/", ".*.tmp", "*.fivefold-tmp")
IGNORE_NOTE = "# fivefold: tool state and temporary files, never shared (fivefold init / git-setup)"

# The same as pathspecs for `git add`, so that they stay out also where the .gitignore is missing or edited.
EXCLUDES = (f":(exclude,glob)**/{STATE_DIR}/**", ":(exclude,glob)**/.*.tmp", ":(exclude,glob)**/*.fivefold-tmp")


def transient(path: str) -> bool:
    """True for a path (relative, with forward slashes) that names one of those files."""
    parts = PurePosixPath(path).parts
    if not parts:
        return False
    name = parts[-1]
    return STATE_DIR in parts[:-1] or (name.startswith(".") and name.endswith(".tmp")) or name.endswith(".fivefold-tmp")


def ensure_ignored(folder: Path) -> list[str]:
    """Add to folder/.gitignore the lines it lacks, keeping what is there; the lines added."""
    path = folder / ".gitignore"
    existing = path.read_text("utf-8") if path.is_file() else ""
    present = {line.strip().rstrip("/") for line in existing.splitlines()}
    missing = [line for line in IGNORE if line.rstrip("/") not in present]
    if missing:
        lead = "" if not existing or existing.endswith("\n") else "\n"
        atomic_write(path, existing + lead + "\n".join([IGNORE_NOTE, *missing]) + "\n")
    return missing
