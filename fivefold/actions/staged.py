"""The pre-commit use case: the rules of `check` over the fivefold files staged for a git commit.
Not re-exported by `fivefold.actions`: fivefold.precommit imports that package, so a re-export would
close an import cycle."""

from __future__ import annotations

from pathlib import Path

from fivefold import precommit
from fivefold.actions.checking import CheckReport


def check_staged(cwd: Path, strict: bool = False) -> CheckReport:
    """The staged files of the repository holding `cwd`, as git's index holds them (`check --staged`)."""
    return precommit.check_staged(cwd, strict)
