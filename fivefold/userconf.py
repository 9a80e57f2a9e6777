"""Who is acting and in which language: --by/--lang, the environment, the user's own config, the
workspace settings (language only), git, the login name, the locale (DESIGN §11.13)."""

from __future__ import annotations

import os
from typing import Any

from fivefold.i18n import locale_language


def user_config() -> dict[str, Any]:
    """config.yaml in the user's config folder (portable.config_dir); an unreadable one counts as empty."""
    from fivefold.portable import config_dir

    path = config_dir() / "config.yaml"
    if not path.is_file():
        return {}
    from fivefold.codec import read_yaml  # the workspace's safe reader: no aliases, no tag that raises
    from fivefold.errors import Invalid

    try:
        data = read_yaml(path.read_text("utf-8"), str(path))
    except (OSError, UnicodeDecodeError, Invalid):
        return {}
    return data if isinstance(data, dict) else {}


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
