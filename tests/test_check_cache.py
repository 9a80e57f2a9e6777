"""`check` over the whole workspace comes from per-file records cached under .fivefold/cache/checks
(fivefold.checkindex): the same report as the five checks over whole items, problem for problem, and
never stale — an item edited in place within the same second, a plan's areas, fivefold.yaml's units
and people, and whatever one item's findings owe to another (its parent's dates, its children) are
all seen on the next run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fivefold import evidence
from fivefold.checkindex import check_all, extra_warnings
from fivefold.checks import CheckReport, families
from fivefold.errors import Invalid
from fivefold.loading import load, read_directory
from fivefold.workspace import Workspace
from tests.helpers import item_file, racy_edit

TODAY = {"FIVEFOLD_TODAY": "2026-11-27"}
NO_STEPS = [
    "--area", "industry", "--goal", "园区完工投产", "--lead-unit", "区工信局", "--owner", "李某",
    "--start", "2026-01-05", "--due", "2026-12-31", "--target", "入驻企业=10 家",
]  # fmt: skip


def from_items(ws: Workspace, strict: bool) -> CheckReport:
    """The whole-workspace check as it was made from whole items before the records: the reference."""
    snap = load(ws)
    report = CheckReport(list(snap.problems), [], [], {})
    try:
        directory = read_directory(ws)
    except Invalid as exc:
        report.problems.extend(exc.problems)
        directory = None
    for item in snap.items:
        report.problems.extend(evidence.verify(ws.root / item.plan, item, ws.root / item.plan / f"{item.id}.yaml"))
    kin = families(snap.items)
    for item in snap.items:
        known = not item.parent or item.parent in snap.by_id or item.parent in snap.broken_ids
        extra = extra_warnings(item, directory, snap.settings.units)
        report.add(item, snap.plan_of(item), strict=strict, parent_known=known, extra=extra, family=kin[item.id])
    return report


def same(a: CheckReport, b: CheckReport) -> None:
    assert a.problems == b.problems
    assert [(r.item_id, r.failures, r.warnings) for r in a.results] == [(r.item_id, r.failures, r.warnings) for r in b.results]
    assert [r.item_id for r in a.failing] == [r.item_id for r in b.failing]
    assert a.warnings == b.warnings
    assert list(a.warnings) == list(b.warnings)


def agree(plans: Path) -> None:
    """Cold (records made now) and warm (records read back), plain and --strict, as from whole items."""
    for strict in (False, True):
        expected = from_items(Workspace(plans), strict)
        for _ in range(2):
            same(check_all(Workspace(plans), strict), expected)


@pytest.fixture
def varied(ff, plans, complete_item, tmp_path) -> Path:
    """Drafts, a family (a parent whose only roadmap is a child, a cancelled child, a child outside its
    parent's dates), a missing parent, a duplicate id, a broken file, a cycle and evidence files."""
    parent = ff("new", "重点任务", *NO_STEPS).stdout.strip()
    kid = complete_item("子任务", "--parent", parent)
    gone = complete_item("撤销的子任务", "--parent", parent)
    ff("cancel", gone, "--reason", "并入其他任务", env=TODAY)
    complete_item("超期子任务", "--parent", parent, "--due", "2027-03-31")
    ff("new", "草稿")
    orphan = complete_item("孤儿")
    path = item_file(plans, orphan)
    path.write_text(path.read_text("utf-8").replace("title:", "parent: SY-999\ntitle:", 1), "utf-8")
    a, b = complete_item("甲"), complete_item("乙")
    for item, other in ((a, b), (b, a)):
        path = item_file(plans, item)
        path.write_text(path.read_text("utf-8").replace("title:", f"parent: {other}\ntitle:", 1), "utf-8")
    short = "SY-" + str(int(kid.split("-")[1]))  # SY-2 is SY-002 again: a duplicate
    item_file(plans, short).write_text(item_file(plans, kid).read_text("utf-8").replace(f"id: {kid}", f"id: {short}"), "utf-8")
    item_file(plans, "SY-051").write_text("id: SY-051\ntitle: [unclosed\n", "utf-8")
    proof = tmp_path / "验收单.pdf"
    proof.write_bytes(b"%PDF proof")
    ff("start", kid, env=TODAY)
    ff("note", kid, "现场照片", "--file", str(proof), env=TODAY)
    altered = next((plans / "demo" / "evidence" / kid).iterdir())
    altered.write_bytes(b"%PDF changed")
    return plans


def test_the_records_give_the_report_whole_items_give(varied):
    agree(varied)


def test_the_example_workspace_gives_the_same_report(example_plans, tmp_path):
    import shutil

    plans = Path(shutil.copytree(example_plans, tmp_path / "example"))
    agree(plans)


def test_the_output_of_a_warm_check_is_the_cold_one(varied, ff):
    for args in (("check",), ("check", "--json"), ("check", "--strict"), ("--lang", "en", "check")):
        cache_dir = varied / ".fivefold" / "cache"
        for p in cache_dir.glob("checks"):
            p.unlink()
        cold = ff(*args, expect=None)
        warm = ff(*args, expect=None)
        assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)


def test_a_warm_check_reads_no_yaml(varied, ff, monkeypatch):
    before = ff("check", expect=None).stdout
    import fivefold.codec

    def refuse(*args, **kwargs):
        raise AssertionError("a warm check parsed YAML")

    monkeypatch.setattr(fivefold.codec, "load_item", refuse)
    assert ff("check", expect=None).stdout == before


def failures(ff) -> dict[str, list[str]]:
    """Each item's failure and warning codes (but the steps without a deliverable every test item has)."""
    items = json.loads(ff("--lang", "en", "check", "--json", expect=None).stdout)["items"]
    codes = {i["id"]: [f["code"] for f in i["failures"]] + [w["code"] for w in i["warnings"]] for i in items}
    return {item: [c for c in found if c != "step_no_deliverable"] for item, found in codes.items()}


def test_a_same_size_edit_within_the_same_timestamp_is_seen(ff, plans, complete_item):
    item = complete_item("推动园区竣工投产")
    path = item_file(plans, item)
    before = path.stat()
    assert failures(ff)[item] == []  # cached while the file is recent: its entry carries a hash
    racy_edit(path, "owner: 李某", "owner: ~     ", before)
    assert "need_owner" in failures(ff)[item]


def test_an_edit_of_one_item_changes_what_its_family_is_told(ff, plans, complete_item):
    parent = ff("new", "重点任务", *NO_STEPS).stdout.strip()
    kid = complete_item("子任务", "--parent", parent)
    assert failures(ff) == {parent: [], kid: []}
    ff("cancel", kid, "--reason", "并入其他任务", env=TODAY)  # no roadmap left: the parent's own file is unchanged
    assert failures(ff)[parent] == ["need_step", "check_draft"]  # a draft's failures warn
    path = item_file(plans, parent)
    path.write_text(path.read_text("utf-8").replace("2026-12-31", "2026-06-30"), "utf-8")
    kid2 = complete_item("另一子任务", "--parent", parent)
    assert failures(ff)[kid2] == ["outside_parent", "check_draft"]  # runs past its parent's new due date
    path.write_text(path.read_text("utf-8").replace("2026-06-30", "2026-12-31"), "utf-8")
    assert failures(ff)[kid2] == []


def test_plan_settings_and_people_edits_are_seen(ff, plans, complete_item):
    item = complete_item("推动园区竣工投产")
    ff("start", item, env=TODAY)  # past draft: its failures fail
    assert failures(ff)[item] == []
    plan = plans / "demo" / "plan.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("industry:", "industrial:", 1), "utf-8")
    assert failures(ff)[item] == ["unknown_area"]
    plan.write_text(text, "utf-8")
    assert failures(ff)[item] == []
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "units:\n  区发改局: []\n", "utf-8")
    assert failures(ff)[item] == ["unit_not_listed_suggest"]
    (plans / "people.yaml").write_text("people:\n  王某: {unit: 区发改局, roles: [owner]}\n", "utf-8")
    assert failures(ff)[item] == ["owner_not_in_directory", "unit_not_listed_suggest"]
    (plans / "people.yaml").write_text("people:\n  李某: {unit: 区发改局, roles: [owner]}\n", "utf-8")
    assert failures(ff)[item] == ["unit_not_listed_suggest"]
