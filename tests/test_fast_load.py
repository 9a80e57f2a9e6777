"""The YAML reader builds common documents straight from the composed nodes (codec._load): whatever the
text, it gives exactly what PyYAML's general constructor gives with the same loader, or the same error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold import codec

ROOT = Path(__file__).resolve().parent.parent


def general(text: str):
    return yaml.load(text, Loader=codec._Loader)


def outcome(load, text: str):
    try:
        value = load(text)
    except Exception as exc:  # the same error, word for word
        return ("error", type(exc).__name__, str(exc))
    return ("ok", type(value).__name__, value, repr(value))


def assert_same(text: str) -> None:
    assert outcome(codec._load, text) == outcome(general, text), text


TRICKY = [
    "", "# only a comment\n", "---\n", "--- 1\n--- 2\n", "a: 1\na: 2\n", "1: a\n0x1: b\n", "true: a\nTrue: b\n",
    "? [a]\n: 1\n", "? {a: 1}\n: 1\n", "base: &b {x: 1}\nmore: {<<: *b, y: 2}\n", "'<<': 1\n", "<<: {x: 1}\n",
    "=: 1\n", "a: =\n", "a: !!binary aGVsbG8=\n", "a: !!set {x, y}\n", "a: !!omap [{x: 1}]\n", "a: !!pairs [{x: 1}]\n",
    "a: !!python/name:os.system\n", "a: !custom x\n", "a: !!str 12\n", "a: !!int '12'\n", "a: !!int x\n", "a: !!float x\n",
    "a: !!bool yes\n", "a: 2026-02-30\n", "a: 2026-02-28\nb: 2026-02-28T10:00:00+08:00\n", "2026-01-01: x\n", "a: 010\n",
    "a: yes\nb: on\nc: 9:30\n", "a: .inf\nb: -.INF\nc: .nan\n", "a: 1e3\nb: 1.5\nc: -0\n", "a: 0x1F\n", "a: null\nb: ~\nc:\n",
    "- 1\n- [2, [3, {x: [4]}]]\n", "a: [unclosed\n", "a: b: c\n", "\ta: 1\n", "a: " + "9" * 5000 + "\n",
    "a: " + "[" * 70 + "]" * 70 + "\n", "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "v\n",
    "nan: 1\n.nan: 2\n.NaN: 3\n", "a: !!null ''\n", "a: !!timestamp x\n", "? a\n? a\n", "{a: 1, a: 1}\n", "[a, b]\n",
    "just text\n", "a: 'quoted'\nb: \"dq \\u00e9\"\nc: |\n  block\n  text\nd: >\n  folded\n",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_load_as_the_general_constructor_loads_them(text):
    assert_same(text)


def test_every_yaml_file_in_the_repository_loads_the_same():
    paths = [p for p in ROOT.rglob("*.yaml") if ".venv" not in p.parts and ".fivefold" not in p.parts]
    assert len(paths) > 30
    for path in paths:
        assert_same(path.read_text("utf-8"))


def _plain():
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
        st.dates(min_value=dt.date(1, 1, 1)),
        st.sampled_from(["yes", "on", "010", "0x10", "1:20", "=", "<<", "~", "-", "2026-02-30"]),
    )  # fmt: skip
    keys = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.sampled_from(["<<", "=", "1", "01", "True"]))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)))


@settings(max_examples=300, deadline=None)
@given(_plain(), st.sampled_from([None, True, False]))
def test_any_dumped_document_loads_as_the_general_constructor_loads_it(value, flow):
    assert_same(yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab:-[]{},#'\"!&*?|>< \n\t01.~=", max_size=40))
def test_any_text_loads_as_the_general_constructor_loads_it(text):
    assert_same(text)


def test_an_item_file_needs_no_general_constructor(monkeypatch):
    text = (ROOT / "tests" / "data" / "workspace" / "shuangyang-2023" / "SY-001.yaml").read_text("utf-8")
    expected = general(text)

    def refuse(*args, **kwargs):
        raise AssertionError("the general constructor was used")

    monkeypatch.setattr(yaml, "load", refuse)
    assert codec._load(text) == expected
