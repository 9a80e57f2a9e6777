"""Error types. Library code raises them; the CLI edge prints one line and exits with the code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where it is and what it is (a message key with parameters)."""

    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None
    keypath: tuple[Any, ...] = ()


class FivefoldError(Exception):
    """A handled error: a message key, its parameters and an exit code."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UsageError(FivefoldError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


class WorkspaceError(FivefoldError):
    """No workspace, or one that cannot be read."""


class NotFound(FivefoldError):
    """An id, plan or step that does not exist."""


class DateError(FivefoldError):
    """A date the parser does not accept."""


class Refused(FivefoldError):
    """A move the closed loop or a guard does not allow; nothing was written."""


class LockTimeout(FivefoldError):
    """Another fivefold process held the workspace lock for too long."""


class DeliveryFailed(FivefoldError):
    """A reminder that did not reach its target (webhook or mail server); the other targets are still tried."""


class Invalid(FivefoldError):
    """A file (or the result of a change) is broken; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("invalid")
        self.problems = problems


class SchemaError(Exception):
    """Raised by the model when data does not fit; the codec turns it into located Problems."""

    def __init__(self, issues: list[tuple[tuple[Any, ...], str, dict[str, Any]]]) -> None:
        super().__init__(issues[0][1] if issues else "schema")
        self.issues = issues


class GitError(FivefoldError):
    """A git command failed, or the repository is in a state that sync cannot work from."""


def shorten(text: str, limit: int = 40) -> str:
    """A value as it goes into a one-line message: a 5,000-digit number or a 10,000-character path
    is not shown whole."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 12]}…{text[-6:]} ({len(text)} characters)"
