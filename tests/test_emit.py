"""emit.dump, a new item's file without PyYAML: for any text it either declines (None: the codec's
PyYAML emitter writes the file) or writes exactly the bytes codec.dump_item writes, which every
reader (the codec's, PyYAML's own, ruamel.yaml's) reads back as exactly the data written."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fivefold import codec, emit
from tests.conftest import EXAMPLE

TRICKY = [
    "", " ", "a ", " a", "yes", "No", "ON", "off", "TRUE", "tRUE", "null", "Null", "NULL", "~", "y", "n", "<<", "=",
    "1e3", "0o17", "0x1F", "1_000", "1:20", "010", "+1", "-1", ".5", "-.5", ".inf", ".NaN", "2026-01-01",
    "2026-12-02T13:46:37+00:00", "2026-12-02T13:46:37Z", "2026-12-02 13:46:37", "-", "- x", "-x", "?", "? x", ":", "a:b",
    "a: b", "a:", "#x", "a #b", "a#b", "[x]", "{x}", "a,b", "a, b", "&a", "*a", "!x", "|", ">", "'a", '"a', "a'b", 'a"b',
    "%a", "@a", "`a", "a\nb", "a\rb", "\t", "a\tb", "\x85", "\u2028", "\ufeff", "\xa0", "中\u3000文", "---", "...", "a\\b",
    "推动园区竣工投产", "2026年重点工作", "3个项目", "SY-001", "s1", "李某", "区工信局", "入驻企业=10 家", "A&B",
    "《方案》（试行）",
    "完成率≥95%", "中：文", "é", "x\x00", "\x1b[31m", "\U0001f600", "\ud800", "\ue000",
]  # fmt: skip

ALPHABET = "aeoxbnTZyYsNlu0123456789 -.:_+~=<>#,'\"!&*|%@`?[]{}\\\t\n中文，。、（）《》：\xa0\u3000\u2028\x85é"


def _item(text: str) -> dict[str, Any]:
    """A new item's data with `text` in every place text stands (keys of `extra` too)."""
    return {
        "id": "SY-001",
        "title": text,
        "area": text,
        "parent": "SY-000",
        "weight": 0.5,
        "task_sheet": {
            "goal": text,
            "targets": [
                {"name": text, "unit": None, "target": 10},
                {"name": "b", "unit": text, "target": 2.5, "direction": "down"},
            ],
            "lead_unit": text,
            "partner_units": [text, "甲"],
            "owner": text,
            "deliverables": [text],
            "ref": text,
            "extra": {text or "k": text, "备注": "无"},
        },
        "roadmap": [{"id": "s1", "title": text}, {"id": "s2", "title": "验收", "days": 5}],
        "timeline": {
            "start": dt.date(2026, 1, 5),
            "due": dt.date(2026, 12, 31),
            "ongoing": True,
            "cadence": "weekly",
            "steps": {"s1": {"due": dt.date(2026, 4, 30)}},
        },
        "log": [{"at": "2026-12-02T13:46:37+00:00", "date": dt.date(2026, 11, 27), "by": text, "event": "created"}],
    }


def _ruamel(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def _same_typed(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True is not 1, a date is not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_typed(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_typed(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _check(text: str) -> str | None:
    data = _item(text)
    fast = emit.dump(data)
    if fast is not None:
        assert fast == codec.dump_item(data)
        assert _same_typed(codec.read_yaml(fast, "x.yaml"), data)
        assert _same_typed(yaml.safe_load(fast), data)
        assert _same_typed(_ruamel(fast), data)
    return fast


def test_tricky_text_is_written_as_pyyaml_writes_it_or_declined() -> None:
    written = [t for t in TRICKY if _check(t) is not None]
    usual = {"", "yes", "NULL", "推动园区竣工投产", "2026年重点工作", "SY-001", "入驻企业=10 家", "《方案》（试行）", "%a"}
    assert usual <= set(written)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=12))
@example("a #b")
def test_text_from_yaml_s_awkward_characters(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=20))
def test_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(), st.dates()))
def test_numbers_dates_and_booleans(value: Any) -> None:
    data = {"id": "SY-001", "title": "x", "weight": value, "log": [{"date": value, "target": value}]}
    fast = emit.dump(data)
    if fast is not None:
        assert fast == codec.dump_item(data)
        assert _same_typed(codec.read_yaml(fast, "x.yaml"), data)


def test_the_usual_item_needs_no_pyyaml() -> None:
    data = _item("推动园区竣工投产")
    data["task_sheet"]["ref"] = "三"
    assert emit.dump(data) == codec.dump_item(data)


def _as_written(value: Any) -> Any:
    """Data as fivefold writes it: a log entry's `at` as text (the example's were typed by hand)."""
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    return value.isoformat() if isinstance(value, dt.datetime) else value


def test_the_example_items_are_written_alike() -> None:
    """Every item of the example workspace, read and written again: the codec's bytes, without PyYAML."""
    paths = sorted(Path(EXAMPLE).glob("*/*-*.yaml"))
    for path in paths:
        data = _as_written(codec.read_yaml(path.read_text("utf-8"), str(path)))
        assert emit.dump(data) == codec.dump_item(data), path
    assert len(paths) > 30


def test_a_new_item_with_text_only_pyyaml_writes_is_still_written_and_checked(ff) -> None:  # type: ignore[no-untyped-def]
    ff("new", "标题: 含冒号", "--goal", "a, b", "--owner", "007")
    text = (ff.plans / "demo" / "SY-001.yaml").read_text("utf-8")
    assert "title: '标题: 含冒号'" in text and "owner: '007'" in text
    assert ff("show", "SY-001", "--json").stdout.count("标题: 含冒号") == 1
