"""Small helpers the test modules share: where an item's file is, its state, the files a user owns,
the undo journal, the one-line error of a failed command, git run in a test's folder, and the racy
edit every cache must see."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any


def racy_edit(path: Path, old: str, new: str, before: os.stat_result) -> None:
    """Replace `old` by `new` in the file in place (the inode stays) with the same size, and put its
    mtime back to `before`'s: an edit no stat can tell from the file a cache was made from (git's
    "racy" case), which every cache must still see."""
    text = path.read_text("utf-8")
    changed = text.replace(old, new)
    assert changed != text and len(changed.encode()) == len(text.encode())
    with open(path, "r+", encoding="utf-8") as fh:
        fh.write(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def item_file(plans: Path, item_id: str = "SY-001", plan: str = "demo") -> Path:
    return plans / plan / f"{item_id}.yaml"


def state(ff: Any, item_id: str) -> str:
    """The item's state, as `show --json` gives it."""
    return json.loads(ff("show", item_id, "--json").stdout)["state"]


def user_files(plans: Path) -> dict[str, bytes]:
    """Every file the user owns (the tool's own state under .fivefold/ aside), by relative path."""
    own = [p for p in sorted(plans.rglob("*")) if p.is_file() and ".fivefold" not in p.relative_to(plans).parts]
    return {str(p.relative_to(plans)): p.read_bytes() for p in own}


def journal(plans: Path) -> list[str]:
    """The names of the undo journal's entries, oldest first."""
    folder = plans / ".fivefold" / "undo"
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []


def one_line(result: Any) -> str:
    """The one line a handled error prints on stderr (no traceback, no internal error)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stderr
    return lines[0]


def report_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The item rows of a JSON report, area after area."""
    return [row for area in data["areas"] for row in area["items"]]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git in `cwd`, with the environment of the test (the `git_home` fixture keeps the developer's
    own configuration out)."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


def git_repo(folder: Path, who: str = "测试") -> None:
    """A new repository in `folder` committing as `who`."""
    git(folder, "init", "-q")
    git(folder, "config", "user.name", who)
    git(folder, "config", "user.email", "test@example.org")
