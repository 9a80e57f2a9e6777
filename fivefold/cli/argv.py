"""The command line before click reads it: the values of an option wherever it stands, and the global
options given after the command moved in front of it (`note X --by 张某` reads as `--by 张某 note X`)."""

from __future__ import annotations

from typing import Any

GLOBAL_WITH_VALUE = ("--plans", "--as-of", "--lang", "--by")
GLOBAL_FLAGS = ("--debug",)


def values_of(argv: list[str], flag: str) -> list[str]:
    """Every value given to `flag` (`--flag X` or `--flag=X`), before a `--`."""
    values: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word == flag:
            value = next(words, None)
            if value is not None:
                values.append(value)
        elif word.startswith(flag + "="):
            values.append(word[len(flag) + 1 :])
    return values


def command_start(argv: list[str]) -> int:
    """Where the command word is: after the global options (and their values) that come first."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--" or not word.startswith("-"):
            return i
        i += 2 if word in GLOBAL_WITH_VALUE else 1
    return len(argv)


def hoist(root: Any, argv: list[str]) -> list[str]:
    """Move the global options found after the command in front of it, unless the command has an
    option of that name itself; the values of the command's own options are never taken for one."""
    start = command_start(argv)
    command, end = root, start
    while end < len(argv) and argv[end] in getattr(command, "commands", {}):
        command = command.commands[argv[end]]
        end += 1
    if command is root:
        return argv  # no command, or an unknown one: click says so
    own = {name for p in command.params for name in (*p.opts, *p.secondary_opts)}
    with_value = {name for p in command.params if p.param_type_name == "option" and not (p.is_flag or p.count) for name in p.opts}
    moved: list[str] = []
    kept: list[str] = []
    i = end
    while i < len(argv):
        word = argv[i]
        name = word.split("=", 1)[0]
        if word == "--":
            kept += argv[i:]
            break
        if name in own:
            kept.append(word)
            if word in with_value and i + 1 < len(argv):  # its value, even one that looks like an option
                kept.append(argv[i + 1])
                i += 1
        elif word in GLOBAL_WITH_VALUE and i + 1 < len(argv):
            moved += argv[i : i + 2]
            i += 1
        elif (name in GLOBAL_WITH_VALUE and "=" in word) or word in GLOBAL_FLAGS:
            moved.append(word)
        else:
            kept.append(word)
        i += 1
    return argv[:start] + moved + argv[start:end] + kept
