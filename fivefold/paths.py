"""How a path is shown to the user: relative to the current folder when inside it."""

from __future__ import annotations

from pathlib import Path


def display(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # outside it, or the current folder is gone
        return str(path)
