"""Who is acting and in which language: --by/--lang, the environment, the user's own config, the
workspace settings (language only), git, the login name, the locale (DESIGN §11.13)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from fivefold.errors import FivefoldError
from fivefold.i18n import locale_language


def user_config() -> dict[str, Any]:
    """config.yaml in the user's config folder (portable.config_dir), its wrong values left out."""
    return read()[0]


def read() -> tuple[dict[str, Any], FivefoldError | None]:
    """(the usable settings, what is wrong with the file): a broken config counts as empty, and the
    CLI warns about it (cli/env.py) instead of ignoring it silently."""
    from fivefold.portable import config_dir

    path = config_dir() / "config.yaml"
    if not path.is_file():
        return {}, None
    from fivefold.codec import read_yaml  # the workspace's safe reader: no aliases, no tag that raises
    from fivefold.errors import Invalid

    try:
        data = read_yaml(path.read_text("utf-8"), str(path))
    except OSError as exc:
        return {}, FivefoldError("unreadable", path=str(path), reason=exc.strerror or str(exc))
    except UnicodeDecodeError:
        return {}, FivefoldError("unreadable", path=str(path), reason="not UTF-8")
    except Invalid as exc:
        return {}, exc
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, FivefoldError("userconf.not_mapping", path=str(path))
    good = {k: v for k, v in data.items() if k in USER_KEYS and USER_KEYS[k](v)}
    wrong = [str(k) for k in data if k not in good]
    if wrong:
        return good, FivefoldError("userconf.bad_keys", path=str(path), keys=", ".join(wrong), allowed=", ".join(USER_KEYS))
    return good, None


# The settings of config.yaml and what each must be.
USER_KEYS: dict[str, Callable[[Any], bool]] = {
    "name": lambda v: isinstance(v, str) and bool(v.strip()),
    "language": lambda v: v in ("zh", "en"),
}


def actor(explicit: str | None) -> str:
    for value in (explicit, os.environ.get("FIVEFOLD_USER"), user_config().get("name")):
        if value:
            return str(value)
    import getpass
    import subprocess

    try:
        git = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        if git.returncode == 0 and git.stdout.strip():
            return git.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def language(explicit: str | None, workspace_language: str | None = None) -> str:
    for value in (explicit, os.environ.get("FIVEFOLD_LANG"), user_config().get("language"), workspace_language):
        if value in ("zh", "en"):
            return str(value)
    return locale_language()
