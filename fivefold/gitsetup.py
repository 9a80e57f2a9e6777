"""`fivefold git-setup`: make a workspace's repository merge-friendly and guarded. Writes
.gitattributes (item files merge with the log-union driver) and the .gitignore lines that keep tool
state and temporary files out, registers that driver in the repository's git config, and installs
a pre-commit hook that runs `fivefold check --staged`."""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from fivefold.errors import FivefoldError
from fivefold.gitrepo import Repo
from fivefold.gitsync import driver_command

ATTRIBUTE = "*.yaml merge=fivefold-log"
HOOK_MARK = "# fivefold pre-commit hook"


@dataclass
class SetUp:
    attributes: Path
    attributes_written: bool
    hook: Path | None  # None: not installed (--no-hook)
    hook_written: bool
    ignore: Path
    ignore_added: list[str]  # the .gitignore lines added (none: they were all there)


def hook_script() -> str:
    python = shlex.quote(sys.executable)
    return f"""#!/bin/sh
{HOOK_MARK} (installed by `fivefold git-setup`; safe to re-run it).
# Refuses a commit whose staged fivefold files fail `fivefold check`. Skip once: git commit --no-verify
PY={python}
if [ -x "$PY" ]; then exec "$PY" -m fivefold check --staged; fi
if command -v fivefold >/dev/null 2>&1; then exec fivefold check --staged; fi
echo "fivefold pre-commit: fivefold is not installed here ($PY); install it, or commit with --no-verify" >&2
exit 1
"""


def hook_line() -> str:
    return f"{shlex.quote(sys.executable)} -m fivefold check --staged || exit 1"


def git_setup(root: Path, *, hook: bool = True) -> SetUp:
    """Set up the repository holding the workspace at `root`; changes nothing when the hook is taken."""
    repo = Repo.find(root)
    hook_path = repo.git_path("hooks/pre-commit")
    if hook and hook_path.exists() and HOOK_MARK not in hook_path.read_text("utf-8", "replace"):
        raise FivefoldError("setup.hook_exists", path=str(hook_path), line=hook_line())
    attributes = root / ".gitattributes"
    existing = attributes.read_text("utf-8") if attributes.is_file() else ""
    written = ATTRIBUTE not in existing.splitlines()
    if written:
        from fivefold.transaction import atomic_write

        lead = "" if not existing or existing.endswith("\n") else "\n"
        note = "# fivefold: an item's log merges as the union of both sides' entries (fivefold git-setup)\n"
        atomic_write(attributes, existing + lead + note + ATTRIBUTE + "\n")
    from fivefold.transient import ensure_ignored

    ignore_added = ensure_ignored(root)
    repo.run("config", "merge.fivefold-log.name", "fivefold log union (keeps both sides' log entries)")
    repo.run("config", "merge.fivefold-log.driver", driver_command())
    hook_written = False
    if hook:
        script = hook_script()
        current = hook_path.read_text("utf-8") if hook_path.exists() else None
        if current != script:
            hook_path.parent.mkdir(parents=True, exist_ok=True)
            hook_path.write_text(script, "utf-8")
            hook_written = True
        hook_path.chmod(0o755)
    return SetUp(attributes, written, hook_path if hook else None, hook_written, root / ".gitignore", ignore_added)
