"""Words for errors and problems, and JSON output: shared by every command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivefold.errors import FivefoldError, Invalid, Problem
from fivefold.i18n import has

if TYPE_CHECKING:  # only a type here: Env imports this module to word a failed autocommit
    from pathlib import Path

    from fivefold.cli.env import Env


def problem_line(env: Env, p: Problem) -> str:
    from fivefold.controlchars import visible

    where = visible(p.path)  # a file name may hold anything
    if p.line is not None:
        where += f":{p.line}:{p.column or 1}"
    return f"{where}: {env.t(p.key, **p.params)}"


def check_labels(env: Env) -> dict[int, str]:
    """The names of the five checks, as renamed in fivefold.yaml where they are."""
    from fivefold.loading import read_settings

    try:
        custom = read_settings(env.workspace).check_labels
    except FivefoldError:
        custom = {}
    return {n: custom.get(n) or env.t(f"check.{n}") for n in range(1, 6)}


def check_label(env: Env, n: int) -> str:
    return check_labels(env)[n]


def error_message(env: Env, exc: FivefoldError) -> str:
    if isinstance(exc, Invalid):
        return "; ".join(problem_line(env, p) for p in exc.problems[:3])
    params = dict(exc.params)
    if "findings" in params:
        params["missing"] = "; ".join(f"{check_label(env, n)}: {env.t(k, **p)}" for n, k, p in params.pop("findings"))
    if "allowed" in params and isinstance(params["allowed"], list):
        params["allowed"] = ", ".join(params["allowed"]) or env.t("empty")
    if "field" in params and has(f"f.{params['field']}"):  # a field, by its label
        params["field"] = env.t(f"f.{params['field']}")
    if "state" in params:
        params["state"] = env.t(f"state.{params['state']}")
    if "event" in params and has(f"event.{params['event']}"):
        params["event"] = env.t(f"event.{params['event']}")
    if problems := params.pop("problems", None):  # the file's problem, in the user's language
        params["detail"] = problem_line(env, problems[0])
    return env.t(exc.key, **params)


def report_problems(env: Env, problems: list[Problem]) -> None:
    """Broken files go to stderr, one line each; the command carries on with the rest."""
    for p in problems:
        env.warn(problem_line(env, p))


def print_json(env: Env, data: Any) -> None:
    from fivefold.jsonout import dumps

    env.print(dumps(data))


def write_document(env: Env, payload: bytes, out: Path | None, *, binary: bool) -> None:
    """A rendered document to --out (atomically, its folder must exist) or to stdout; a binary one
    (docx, xlsx) only to a stdout that is not a terminal, where it would print as noise."""
    from fivefold.errors import UsageError

    if out is None:
        if binary and env.is_tty:
            raise UsageError("binary_to_terminal")
        if binary and getattr(env.out, "buffer", None) is None:
            raise UsageError("binary_to_terminal")  # a text-only stream (the test runner's): bytes cannot pass
        env.write_bytes(payload)  # through Env, so that the output cache records it
        return
    write_file(env, out_file(env, out), payload)


def out_file(env: Env, out: Path) -> Path:
    """The file --out names, taken from the working folder, refused when it is a folder or its folder
    does not exist (checked before any work a command would otherwise log)."""
    out = env.path(out)
    if out.is_dir():
        raise FivefoldError("rep.out_is_dir", path=str(out))
    if not out.parent.is_dir():
        raise FivefoldError("rep.out_no_dir", path=str(out), dir=str(out.parent))
    return out


def write_file(env: Env, path: Path, payload: bytes) -> None:
    """The payload written whole or not at all, and said so on stderr."""
    from fivefold.transaction import atomic_write_bytes

    try:
        atomic_write_bytes(path, payload)
    except OSError as exc:
        raise FivefoldError("unwritable", path=str(path), reason=exc.strerror or type(exc).__name__) from None
    env.warn(env.t("rep.written", path=str(path)))
