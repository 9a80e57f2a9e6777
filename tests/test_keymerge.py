"""Additive edits of plan.yaml and fivefold.yaml merge (issue 16.14): keys both sides added to one
mapping are all kept, in base order, then ours', then theirs', with the text and comments as
written; a key set to two values, or an existing value changed on both sides, still conflicts."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold import codec
from fivefold.keymerge import Clash, additive, merge3
from fivefold.logmerge import combine, driver, merge

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git (merge-file)")

PLAN = (
    "# 双阳区重点工作\ntitle: 示例计划\nprefix: SY\n"
    "areas:\n  industry: 现代化产业体系  # 产业\n# 以上为聚焦领域\nillustrative: true\n"
)


def _areas(text: str) -> list[str]:
    return list(codec.read_yaml(text, "")["areas"])


def test_two_new_areas_are_both_kept_with_every_comment():
    ours = PLAN.replace("  # 产业\n", "  # 产业\n  ecology: 生态环境\n")
    theirs = PLAN.replace("  # 产业\n", "  # 产业\n  party: 全面从严治党  # 乙加的\n")
    merged = merge(PLAN, ours, theirs)
    assert merged == PLAN.replace("  # 产业\n", "  # 产业\n  ecology: 生态环境\n  party: 全面从严治党  # 乙加的\n")
    assert _areas(merged) == ["industry", "ecology", "party"]


def test_an_empty_flow_mapping_filled_on_both_sides():
    base = "title: 示例计划\nprefix: SY\nareas: {}\n"
    ours = "title: 示例计划\nprefix: SY\nareas:\n  a: 甲领域\n"
    theirs = "title: 示例计划\nprefix: SY\nareas:\n  b: 乙领域\n"
    assert merge(base, ours, theirs) == "title: 示例计划\nprefix: SY\nareas:\n  a: 甲领域\n  b: 乙领域\n"


def test_new_thresholds_on_one_flow_line():
    base = "# 设置\nthresholds: {soon_days: 14, red_lag: 30}\nself_review: forbidden\n"
    ours = base.replace("red_lag: 30}", "red_lag: 30, yellow_lag: 5}")
    theirs = base.replace("red_lag: 30}", "red_lag: 30, review_days: 3}")
    merged = merge(base, ours, theirs)
    assert merged is not None and merged.startswith("# 设置\n")
    assert codec.read_yaml(merged, "")["thresholds"] == {"soon_days": 14, "red_lag": 30, "yellow_lag": 5, "review_days": 3}


def test_a_people_map_each_side_adds_to_or_both_create():
    base = "language: zh\n"
    ours = base + "people:\n  王某: {role: admin}\n"
    theirs = base + "people:\n  李某:\n    role: owner\n"
    assert merge(base, ours, theirs) == base + "people:\n  王某: {role: admin}\n  李某:\n    role: owner\n"
    grown = ours + "units:\n  区工信局: {aliases: [工信局]}\n"
    assert merge(ours, grown, ours.replace("admin}\n", "admin}\n  赵某: {role: verifier}\n")) == (
        base + "people:\n  王某: {role: admin}\n  赵某: {role: verifier}\nunits:\n  区工信局: {aliases: [工信局]}\n"
    )


def test_the_same_key_with_two_values_keeps_the_markers_on_those_lines_alone():
    ours = PLAN.replace("  # 产业\n", "  # 产业\n  ecology: 生态环境\n")
    theirs = PLAN.replace("  # 产业\n", "  # 产业\n  ecology: 生态文明\n")
    text, clean = combine(PLAN, ours, theirs, "plans/demo/plan.yaml")
    assert not clean and merge(PLAN, ours, theirs) is None
    assert text.count("<<<<<<<") == 1 and "生态环境" in text and "生态文明" in text
    assert text.startswith("# 双阳区重点工作\ntitle: 示例计划\nprefix: SY\nareas:\n  industry: 现代化产业体系  # 产业\n<<<<<<<")


def test_an_existing_value_changed_beside_a_new_key_is_not_guessed():
    ours = PLAN.replace("现代化产业体系", "产业体系")  # changed
    theirs = PLAN.replace("  # 产业\n", "  # 产业\n  party: 党建\n")  # a key added right after it
    text, clean = combine(PLAN, ours, theirs, "plan.yaml")
    assert not clean and "<<<<<<<" in text
    both = PLAN.replace("现代化产业体系", "甲改的"), PLAN.replace("现代化产业体系", "乙改的")
    assert merge(PLAN, *both) is None


def test_the_driver_unions_plan_keys(tmp_path):
    files = {}
    ours = PLAN.replace("  # 产业\n", "  # 产业\n  ecology: 生态环境\n")
    theirs = PLAN.replace("  # 产业\n", "  # 产业\n  party: 党建\n")
    for name, text in (("base", PLAN), ("ours", ours), ("theirs", theirs)):
        files[name] = tmp_path / name
        files[name].write_text(text, "utf-8")
    assert driver(str(files["base"]), str(files["ours"]), str(files["theirs"]), "plans/demo/plan.yaml") == 0
    assert _areas(files["ours"].read_text("utf-8")) == ["industry", "ecology", "party"]


def test_merge3_and_additive():
    assert merge3({"a": 1}, {"a": 1, "b": 2}, {"a": 1, "c": 3}) == {"a": 1, "b": 2, "c": 3}
    assert merge3({"a": 1}, {"a": 2}, {"a": 1, "c": 3}) == {"a": 2, "c": 3}
    with pytest.raises(Clash):
        merge3({"a": 1}, {"a": 2}, {"a": 3})
    with pytest.raises(Clash):
        merge3({}, {"a": 1}, {"a": 2})
    assert additive({"m": {"x": 1}}, {"m": {"x": 1, "y": 2}, "n": 3})
    assert not additive({"m": {"x": 1}}, {"m": {"x": 2}})
    assert not additive({"m": [1]}, {"m": [1, 2]})  # a list is a value: growing it is a change


# --- property: any two sets of new keys merge into their union, in order --------------------------

_keys = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), min_size=0, max_size=5, unique=True)
_labels = st.sampled_from(["产业", "生态环境", "党建", "民生", "城乡融合", "yes", "010", "a: b", "# x"])


def _plan(areas: dict[str, str]) -> str:
    return codec.dump({"title": "示例计划", "prefix": "SY", "areas": areas, "illustrative": True})


@pytest.mark.slow  # a hypothesis run of real git merge-file
@settings(max_examples=40, deadline=None)
@given(base=_keys, ours=_keys, theirs=_keys, label=_labels, other=_labels)
def test_disjoint_new_areas_always_merge_in_order(base, ours, theirs, label, other):
    ours = [k for k in ours if k not in base]
    theirs = [k for k in theirs if k not in base and k not in ours]
    start = {k: label for k in base}
    texts = [_plan(start), _plan({**start, **{k: label for k in ours}}), _plan({**start, **{k: other for k in theirs}})]
    merged = merge(*texts)
    assert merged is not None
    assert _areas(merged) == base + ours + theirs
    assert codec.read_yaml(merged, "")["illustrative"] is True


@settings(max_examples=25, deadline=None)
@given(base=_keys, key=st.from_regex(r"[a-z]{1,5}", fullmatch=True), label=_labels, other=_labels)
def test_a_key_both_add_with_two_values_never_merges_silently(base, key, label, other):
    if key in base or label == other:
        return
    start = {k: "旧" for k in base}
    texts = [_plan(start), _plan({**start, key: label}), _plan({**start, key: other})]
    text, clean = combine(*texts, "plan.yaml")
    assert not clean and "<<<<<<<" in text
