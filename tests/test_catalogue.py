"""The zh/en catalogue (fivefold/i18n.py) against the code that uses it: every message key the code
names exists in both languages with the same {parameters}; keys built from a value (`f"state.{s}"`)
exist for every value; no key is left unused; and `t()` raises on an unknown key under test."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from fivefold import i18n
from fivefold.digest import SECTIONS
from fivefold.events import EVENTS
from fivefold.model import CADENCES, STATES
from fivefold.notify.targets import KINDS
from fivefold.people import ROLES
from fivefold.ranking import CRITERIA
from fivefold.schedule import BUCKETS, LIGHTS, REASON_CODES

PACKAGE = Path(__file__).resolve().parent.parent / "fivefold"
CATALOGUE = {**i18n.MESSAGES, **i18n.LABELS, **i18n.HELP}

# Keys the code builds from a value, by prefix, with every value the code may build them from.
FAMILIES: dict[str, tuple[str, ...]] = {
    "state.": STATES,
    "event.": EVENTS,
    "light.": LIGHTS,
    "bucket.": BUCKETS,
    "cadence.": CADENCES,
    "check.": ("1", "2", "3", "4", "5"),
    "click.": ("options", "arguments", "commands"),  # the section headings of click's help
    "role.": ROLES,
    "why.": REASON_CODES,
    "crit.": CRITERIA,
    "board.": ("red", "black"),
    "news.": ("step_done", "step_progress"),  # export/common.news_text
    "remind.sec.": SECTIONS,  # export/remind: the digest's sections
    "remind.kind.": (*KINDS, "email"),  # cli/remind: where a digest went
}
# Prefixes the code only probes with `i18n.has` before using: an error's `field` shown by its label when
# it has one (cli/output.py). Such a key counts as used when its suffix is a string in the code.
PROBED = {"f."}
# The help of the command line (cli/localize.py): keys built from the app's commands and parameters,
# checked against the app itself (tests/test_help.py); such a key is used when the app asks for it.
HELP_FAMILIES = {"help.", "opt.", "meta."}


def _help_keys() -> set[str]:
    from typer.main import get_command

    from fivefold.cli.localize import command_key, param_key, walk
    from fivefold.cli.main import make_app

    keys: set[str] = set()
    for path, command in walk(get_command(make_app())):
        keys.add(command_key(path))
        for param in command.params:
            keys |= {key for kind in ("opt", "meta") if (key := param_key(kind, path, param.name)) is not None}
    return keys


# Keys in the shape of a finding that are not messages themselves.
NOT_MESSAGES = {"check_draft"}  # a draft's failed check as a warning: render/check.py shows the finding it carries


def _trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(PACKAGE.parent)): ast.parse(path.read_text("utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "i18n.py"
    }


TREES = _trees()


def _strings(node: ast.AST | None) -> list[str]:
    """The string constants an expression may evaluate to (`"a" if x else "b"` gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _strings(value)]
    return []


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _error_classes() -> set[str]:
    """FivefoldError and every class in the package that derives from it."""
    found = {"FivefoldError"}
    classes = [node for tree in TREES.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while True:
        more = {c.name for c in classes if any(_name(b) in found for b in c.bases)} - found
        if not more:
            return found
        found |= more


def _used() -> dict[str, list[str]]:
    """Every key the code names where a message key goes, with where: t()/env.t()/L() calls, errors,
    problems, notices, and (key, params) findings."""
    errors = _error_classes()
    used: dict[str, list[str]] = {}

    def add(node: ast.AST | None, where: str) -> None:
        for key in _strings(node):
            used.setdefault(key, []).append(where)

    for file, tree in TREES.items():
        for node in ast.walk(tree):
            where = f"{file}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args:
                name = _name(node.func)
                if name in ("t", "L", "notify") or name in errors:
                    add(node.args[0], where)
                elif name == "Problem" and len(node.args) > 1:
                    add(node.args[1], where)
            if isinstance(node, ast.Call) and _name(node.func) == "Problem":
                add(next((k.value for k in node.keywords if k.arg == "key"), None), where)
            if isinstance(node, ast.Tuple):  # a finding: (key, {params}) or (column, key, {params})
                for first, second in zip(node.elts, node.elts[1:], strict=False):
                    if isinstance(second, ast.Dict) or (isinstance(second, ast.Call) and _name(second.func) == "dict"):
                        add(first, where)
    return used


def _literals() -> set[str]:
    nodes = (node for tree in TREES.values() for node in ast.walk(tree))
    return {node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _built_prefixes() -> dict[str, list[str]]:
    """Prefixes of keys built from a value: f"state.{x}" and "event." + x."""
    found: dict[str, list[str]] = {}
    for file, tree in TREES.items():
        for node in ast.walk(tree):
            prefix = None
            if isinstance(node, ast.JoinedStr) and len(node.values) == 2 and isinstance(node.values[1], ast.FormattedValue):
                prefix = _strings(node.values[0])
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and not _strings(node.right):
                prefix = _strings(node.left)
            for p in prefix or []:
                if p.endswith(".") and p[:-1].isidentifier():
                    found.setdefault(p, []).append(f"{file}:{node.lineno}")
    return found


def _parameters(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_sees_the_usual_spellings():
    used = _used()
    # an error, a usage error, a Problem, a notice (both branches), a finding, env.t()
    for key in ("no_workspace", "bad_choice", "duplicate_id", "lock_waiting", "lock_waiting_unknown", "parent_missing"):
        assert key in used, key
    assert "updated" in used
    assert {"state.", "event.", "check.", "light."} <= set(_built_prefixes())


def test_every_key_used_exists():
    missing = {key: where for key, where in _used().items() if key not in CATALOGUE and key not in NOT_MESSAGES}
    assert missing == {}


def test_both_languages_say_something_with_the_same_parameters():
    empty = [key for key, (zh, en) in CATALOGUE.items() if not zh.strip() or not en.strip()]
    assert empty == []
    params = {key: (_parameters(zh), _parameters(en)) for key, (zh, en) in CATALOGUE.items()}
    assert {key: both for key, both in params.items() if both[0] != both[1]} == {}


def test_keys_built_from_a_value_exist_for_every_value():
    built = _built_prefixes()
    unknown = {p: where for p, where in built.items() if p not in FAMILIES and p not in PROBED and p not in HELP_FAMILIES}
    assert unknown == {}, "a new family of keys: list its values in FAMILIES (or probe it with i18n.has)"
    missing = [prefix + value for prefix, values in FAMILIES.items() for value in values if prefix + value not in CATALOGUE]
    assert missing == []


def test_no_key_is_unused():
    literals = _literals()
    help_keys = _help_keys()

    def used(key: str) -> bool:
        if any(key.startswith(p) for p in HELP_FAMILIES):
            return key in help_keys
        return (
            key in literals
            or any(key.startswith(p) and key[len(p) :] in values for p, values in FAMILIES.items())
            or any(key.startswith(p) and key[len(p) :] in literals for p in PROBED)
        )

    assert [key for key in CATALOGUE if not used(key)] == []


def test_an_unknown_key_raises_under_test_and_shows_as_itself_otherwise(monkeypatch):
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.t("no.such.key", "en")
    monkeypatch.delenv("FIVEFOLD_STRICT_CATALOGUE")
    assert i18n.t("no.such.key", "zh") == "no.such.key"
    assert i18n.has("state.draft") and not i18n.has("no.such.key")
