"""People and roles (issue 12): names compared after NFKC and trimming, the directory of people, who
may accept, reject, approve extensions, instruct and urge; every refusal names the rule and who may."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.people import normalise

PEOPLE = """
people:
  李某: {unit: 区工信局, roles: [owner], aliases: [小李], email: li@example.org}
  张某: {unit: 区工信局, roles: [owner]}
  王某: {unit: 区发改局, roles: [owner]}
  赵某: {unit: 区督查室, roles: [verifier]}
  孙某: {unit: 区督查室, roles: [verifier, admin]}
  周某: {unit: 区政府办, roles: [leader]}
"""


def with_settings(plans: Path, text: str) -> None:
    path = plans / "fivefold.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def state_of(ff, item_id: str) -> dict:
    return json.loads(ff("show", item_id, "--json").stdout)


def in_review(ff, complete_item) -> str:
    item_id = complete_item()
    ff("start", item_id)
    ff("submit", item_id, "--evidence", "竣工验收备案表")
    return item_id


# --- names are compared after normalising, with or without a directory -----------------------------


@pytest.mark.parametrize("name", ["李某 ", " 李某", "李某\u3000", "李某\t"])
def test_the_owner_with_blanks_around_the_name_still_cannot_accept(ff, complete_item, name):
    item_id = in_review(ff, complete_item)
    result = ff("--by", name, "accept", item_id, expect=1)
    assert "李某 owns" in result.stderr and "cannot accept" in result.stderr
    assert state_of(ff, item_id)["state"] == "review"


def test_the_owner_with_blanks_around_the_name_cannot_reject_either(ff, complete_item):
    item_id = in_review(ff, complete_item)
    result = ff("--by", "李某 ", "reject", item_id, "--reason", "资料不全", expect=1)
    assert "cannot reject" in result.stderr


def test_a_unit_name_is_never_a_person(ff, complete_item):
    item_id = in_review(ff, complete_item)
    result = ff("--by", "区工信局", "accept", item_id, expect=1)
    assert "区工信局 is a unit, not a person" in result.stderr
    assert state_of(ff, item_id)["state"] == "review"
    result = ff("--lang", "zh", "--by", " 区工信局 ", "accept", item_id, expect=1)
    assert "区工信局 是单位名称，不是人" in result.stderr


def test_the_actor_is_recorded_normalised(ff, complete_item):
    item_id = in_review(ff, complete_item)
    ff("--by", "  王某  ", "accept", item_id)
    assert state_of(ff, item_id)["log"][-1]["by"] == "王某"


def test_a_blank_actor_is_refused(ff, complete_item):
    item_id = complete_item()
    result = ff("--by", "  ", "start", item_id, expect=2)
    assert "actor's name is empty" in result.stderr


def test_new_owner_is_stored_normalised_and_list_owner_matches_any_spelling(ff):
    item_id = ff("new", "事项", "--owner", " 李某\u3000", "--lead-unit", "区工信局 ").stdout.strip()
    data = state_of(ff, item_id)
    assert data["task_sheet"]["owner"] == "李某" and data["task_sheet"]["lead_unit"] == "区工信局"
    rows = json.loads(ff("list", "--owner", "李某 ", "--json").stdout)
    assert [r["id"] for r in rows] == [item_id]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_normalising_is_idempotent_and_trims(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once


# --- the directory --------------------------------------------------------------------------------


def test_an_actor_not_in_the_directory_is_refused_naming_the_file(ff, plans, complete_item):
    item_id = complete_item()
    with_settings(plans, PEOPLE)
    result = ff("--by", "钱某", "start", item_id, expect=1)
    assert "钱某 is not in the directory of people (fivefold.yaml)" in result.stderr
    result = ff("--lang", "zh", "--by", "钱某", "note", item_id, "进展", expect=1)
    assert "钱某 不在人员名录（fivefold.yaml）中" in result.stderr


def test_people_yaml_beside_the_settings_is_the_directory(ff, plans, complete_item):
    item_id = complete_item()
    (plans / "people.yaml").write_text(PEOPLE, "utf-8")
    result = ff("--by", "钱某", "start", item_id, expect=1)
    assert "(people.yaml)" in result.stderr
    ff("--by", "李某", "start", item_id)


def test_people_in_both_files_is_a_problem(ff, plans, complete_item):
    item_id = complete_item()
    with_settings(plans, PEOPLE)
    (plans / "people.yaml").write_text(PEOPLE, "utf-8")
    result = ff("start", item_id, expect=1)
    assert "people.yaml:1:1" in result.stderr and "keep one" in result.stderr


def test_an_alias_is_recorded_as_the_person(ff, plans, complete_item):
    item_id = complete_item()
    with_settings(plans, PEOPLE)
    ff("--by", "小李 ", "start", item_id)
    assert state_of(ff, item_id)["log"][-1]["by"] == "李某"


def test_an_alias_of_the_owner_cannot_accept(ff, plans, complete_item):
    item_id = in_review(ff, complete_item)
    with_settings(plans, PEOPLE)
    result = ff("--by", "小李", "accept", item_id, expect=1)
    assert "李某 owns" in result.stderr


def test_new_and_update_take_owners_and_leaders_from_the_directory(ff, plans):
    with_settings(plans, PEOPLE)
    result = ff("new", "事项", "--owner", "钱某", expect=1)
    assert "--owner 钱某 is not in the directory of people (fivefold.yaml)" in result.stderr
    result = ff("new", "事项", "--leader", "钱某", expect=1)
    assert "--leader 钱某" in result.stderr
    result = ff("new", "事项", "--lead-unit", "区教育局", expect=1)
    assert "lead unit 区教育局 is no unit" in result.stderr and "区工信局" in result.stderr
    item_id = ff("new", "事项", "--owner", "小李", "--leader", "周某", "--lead-unit", "区工信局").stdout.strip()
    assert state_of(ff, item_id)["task_sheet"]["owner"] == "李某"
    ff("update", item_id, "--owner", "钱某", expect=1)
    ff("update", item_id, "--owner", "张某")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("people:\n  李某: {unit: 区工信局, roles: [boss]}\n", ":5:", "role boss is not one of owner, leader, verifier, admin"),
        ("people:\n  李某: {roles: [owner]}\n", ":5:", "unit"),
        ("people:\n  李某: {unit: 区工信局}\n  区工信局: {unit: 区政府}\n", ":6:", "is a unit's name"),
        ("people:\n  李某: {unit: 区工信局}\n  '李某 ': {unit: 区政府}\n", ":6:", "appears twice"),
        ("accept_by: boss\n", ":4:", "accept_by: boss is not one of verifier, not_owner, other_unit"),
        ("extension_approval: maybe\n", ":4:", "extension_approval: maybe"),
    ],
)
def test_settings_errors_of_people_are_located(ff, plans, complete_item, text, where, message):
    item_id = complete_item()
    with_settings(plans, text)
    result = ff("start", item_id, expect=1)
    assert "fivefold.yaml" + where in result.stderr and message in result.stderr


# --- who may accept and reject --------------------------------------------------------------------


def test_accept_by_verifier(ff, plans, complete_item):
    item_id = in_review(ff, complete_item)
    with_settings(plans, PEOPLE + "accept_by: verifier\n")
    result = ff("--by", "王某", "accept", item_id, expect=1)
    assert "only verifiers (赵某、孙某) may accept in this workspace (accept_by: verifier)" in result.stderr
    result = ff("--lang", "zh", "--by", "王某", "reject", item_id, "--reason", "不行", expect=1)
    assert "只有审核人（赵某、孙某）可以执行 退回整改（accept_by: verifier）" in result.stderr
    ff("--by", "赵某", "accept", item_id)
    assert state_of(ff, item_id)["state"] == "closed"


def test_accept_by_other_unit(ff, plans, complete_item):
    item_id = in_review(ff, complete_item)
    with_settings(plans, PEOPLE + "accept_by: other_unit\n")
    result = ff("--by", "张某", "accept", item_id, expect=1)
    assert "张某 belongs to the lead unit 区工信局" in result.stderr and "accept_by: other_unit" in result.stderr
    ff("--by", "王某", "reject", item_id, "--reason", "资料不全")
    assert state_of(ff, item_id)["state"] == "active"


def test_a_verifier_who_owns_the_item_still_cannot_accept_it(ff, plans, complete_item):
    item_id = complete_item("事项", "--owner", "赵某")
    ff("--by", "赵某", "start", item_id)
    ff("--by", "赵某", "submit", item_id, "--evidence", "报告")
    with_settings(plans, PEOPLE + "accept_by: verifier\n")
    result = ff("--by", "赵某", "accept", item_id, expect=1)
    assert "赵某 owns" in result.stderr
    ff("--by", "孙某", "accept", item_id)


def test_a_role_rule_without_a_directory_says_so(ff, plans, complete_item):
    item_id = in_review(ff, complete_item)
    with_settings(plans, "accept_by: verifier\n")
    result = ff("--by", "王某", "accept", item_id, expect=1)
    assert "accept_by: verifier needs a directory of people" in result.stderr


# --- extensions under approval --------------------------------------------------------------------

APPROVAL = PEOPLE + "extension_approval: required\n"


def test_an_extension_by_the_unit_is_a_request_a_verifier_approves(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, APPROVAL)
    result = ff("extend", item_id, "--due", "2027-03-31", "--reason", "用地审批延后")
    assert "extension request" in result.stdout
    data = state_of(ff, item_id)
    assert data["due"] == "2026-12-31"
    assert data["extension_request"] == {
        "date": "2026-11-27", "by": "李某", "due": "2027-03-31", "reason": "用地审批延后", "late": False,
    }  # fmt: skip
    shown = ff("--lang", "zh", "show", item_id).stdout
    assert "延期申请待审批" in shown and "2027-03-31" in shown
    result = ff("extend", item_id, "--due", "2027-06-30", "--reason", "再延", expect=1)
    assert "already has an extension request" in result.stderr
    result = ff("--by", "王某", "approve", item_id, expect=1)
    assert "only verifiers (赵某、孙某) may extend" in result.stderr
    ff("--by", "赵某", "approve", item_id)
    data = state_of(ff, item_id)
    assert data["due"] == "2027-03-31" and data["extension_request"] is None
    entry = data["log"][-1]
    assert entry["event"] == "extend" and entry["by"] == "赵某" and str(entry["requested"]) == "2026-11-27"
    result = ff("--by", "赵某", "approve", item_id, expect=1)
    assert "has no extension request" in result.stderr


def test_a_denied_request_leaves_the_due_date(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, APPROVAL)
    ff("extend", item_id, "--due", "2027-03-31", "--reason", "用地审批延后")
    ff("--by", "王某", "deny", item_id, "--reason", "理由不足", expect=1)
    ff("--by", "孙某", "deny", item_id, "--reason", "理由不足")
    data = state_of(ff, item_id)
    assert data["due"] == "2026-12-31" and data["extension_request"] is None
    assert data["log"][-1]["event"] == "extend_denied"
    history = ff("--lang", "zh", "history", item_id).stdout
    assert "延期申请" in history and "延期驳回" in history


def test_a_verifiers_own_extension_applies_at_once(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, APPROVAL)
    ff("--by", "赵某", "extend", item_id, "--due", "2027-03-31", "--reason", "统筹调整")
    assert state_of(ff, item_id)["due"] == "2027-03-31"


def test_several_items_extended_by_the_unit_are_several_requests_or_none(ff, plans, complete_item):
    """`extend` over several items (issue 14) keeps the approval rule (issue 12): each is a request,
    written together; one refused item writes none."""
    first, second = complete_item(), complete_item()
    ff("start", first, second)
    with_settings(plans, APPROVAL)
    ff("extend", first, second, "--due", "2027-03-31", "--reason", "用地审批延后")
    for item_id in (first, second):
        data = state_of(ff, item_id)
        assert data["due"] == "2026-12-31" and data["extension_request"]["due"] == "2027-03-31"
    third = complete_item()
    ff("start", third)
    ff("extend", third, first, "--due", "2027-06-30", "--reason", "再延", expect=1)  # first has a request already
    assert state_of(ff, third)["extension_request"] is None
    ff("--by", "赵某", "extend", second, third, "--due", "2027-04-30", "--reason", "统筹调整")
    assert [state_of(ff, i)["due"] for i in (second, third)] == ["2027-04-30", "2027-04-30"]
    assert state_of(ff, second)["extension_request"] is None  # the verifier's extension settles the request


def test_evidence_files_go_with_each_of_several_submitted_items(ff, plans, complete_item, tmp_path):
    first, second = complete_item(), complete_item()
    ff("start", first, second)
    proof = tmp_path / "验收报告.txt"
    proof.write_text("已完成\n", "utf-8")
    ff("submit", first, second, "--evidence", "验收报告", "--file", str(proof))
    for item_id in (first, second):
        entry = state_of(ff, item_id)["log"][-1]
        assert entry["event"] == "submit" and len(entry["files"]) == 1
    assert len(list(plans.rglob("验收报告*.txt"))) == 2


def test_a_request_after_the_deadline_is_late_and_judged_late(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, APPROVAL)
    env = {"FIVEFOLD_TODAY": "2027-01-10"}
    ff("extend", item_id, "--due", "2027-03-31", "--reason", "逾期后申请", env=env)
    assert json.loads(ff("show", item_id, "--json", env=env).stdout)["extension_request"]["late"] is True
    assert "(asked after the deadline)" in ff("show", item_id, env=env).stdout
    ff("--by", "赵某", "approve", item_id, env=env)
    data = json.loads(ff("show", item_id, "--json", env=env).stdout)
    assert data["due"] == "2027-03-31" and data["overdue_days"] == 10  # still judged against 2026-12-31


def test_without_approval_anyone_extends_as_before(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, PEOPLE)
    ff("extend", item_id, "--due", "2027-03-31", "--reason", "用地审批延后")
    assert state_of(ff, item_id)["due"] == "2027-03-31"


# --- instructions and urging ----------------------------------------------------------------------


def test_instruct_by_a_leader_or_admin_and_urge_by_a_verifier(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, PEOPLE)
    result = ff("--by", "李某", "instruct", item_id, "加快进度", expect=1)
    assert "only leaders or admins (周某、孙某) may instruct" in result.stderr
    ff("--by", "周某", "instruct", item_id, "加快进度，月底前完成封顶")
    ff("--by", "孙某", "instruct", item_id, "按期销号")
    result = ff("--by", "周某", "urge", item_id, "请尽快报送", expect=1)
    assert "only verifiers (赵某、孙某) may urge" in result.stderr
    ff("--by", "赵某", "urge", item_id, "请尽快报送进展")
    history = ff("--lang", "zh", "history", item_id).stdout
    assert "领导批示" in history and "催办" in history and "加快进度，月底前完成封顶" in history
    log = state_of(ff, item_id)["log"]
    assert [e["event"] for e in log[-3:]] == ["instruct", "instruct", "urge"]


def test_instruct_and_urge_without_a_directory_are_anyones(ff, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    ff("instruct", item_id, "加快进度")
    ff("urge", item_id, "请尽快报送")


# --- the people command and check -----------------------------------------------------------------


def test_people_lists_the_directory_with_open_items(ff, plans, complete_item):
    with_settings(plans, PEOPLE)
    first = complete_item("事项一", "--leader", "周某")
    second = complete_item("事项二")
    ff("start", second)
    ff("--by", "赵某", "cancel", second, "--reason", "任务调整")
    rows = json.loads(ff("people", "--json").stdout)
    assert [r["name"] for r in rows] == ["李某", "张某", "王某", "赵某", "孙某", "周某"]
    li = rows[0]
    assert li["unit"] == "区工信局" and li["roles"] == ["owner"] and li["aliases"] == ["小李"]
    assert li["email"] == "li@example.org"
    assert [(i["id"], i["as"]) for i in li["open_items"]] == [(first, "owner")]  # the cancelled one is not open
    assert [(i["id"], i["as"]) for i in rows[5]["open_items"]] == [(first, "leader")]
    text = ff("--lang", "zh", "people").stdout
    assert "审核人" in text and "区督查室" in text and f"{first}*" in text and "人员名录：fivefold.yaml，共 6 人" in text
    assert "Open items" in ff("people").stdout


def test_people_without_a_directory_says_how_to_add_one(ff):
    assert "keeps no directory of people" in ff("people").stdout
    assert json.loads(ff("people", "--json").stdout) == []


def test_check_reports_owners_and_leaders_not_in_the_directory(ff, plans, complete_item):
    item_id = complete_item("事项", "--leader", "钱某")
    with_settings(plans, PEOPLE.replace("  李某: {unit: 区工信局, roles: [owner], aliases: [小李], email: li@example.org}\n", ""))
    result = ff("check", expect=0)
    assert f"{item_id}: warning: owner 李某 is not in the directory of people (fivefold.yaml)" in result.stdout
    assert "leader 钱某 is not in the directory" in result.stdout
    ff("check", "--strict", expect=1)
    assert "责任领导 钱某 不在人员名录（fivefold.yaml）中" in ff("--lang", "zh", "check").stdout


def test_check_reports_a_broken_people_file(ff, plans, complete_item):
    complete_item()
    (plans / "people.yaml").write_text("people:\n  李某: {unit: 区工信局, roles: [chief]}\n", "utf-8")
    result = ff("check", expect=1)
    assert "people.yaml:2:" in result.stdout and "role chief" in result.stdout


# --- requests, instructions and urging in the dashboard and reports --------------------------------


def test_dashboard_and_reports_list_pending_requests(ff, plans, complete_item, tmp_path):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, APPROVAL)
    ff("extend", item_id, "--due", "2027-03-31", "--reason", "用地审批延后")
    assert "延期申请待审批（1）" in ff("--lang", "zh", "dashboard").stdout
    data = json.loads(ff("dashboard", "--json").stdout)
    assert [(r["id"], r["due"], r["late"]) for r in data["extension_requests"]] == [(item_id, "2027-03-31", False)]
    report = json.loads(ff("report", "--format", "json").stdout)
    assert [r["id"] for r in report["extension_requests"]] == [item_id]
    assert "延期申请待审批（1）" in ff("--lang", "zh", "report", "--format", "md").stdout
    assert "Extension requests awaiting approval (1)" in ff("report", "--format", "html").stdout
    ff("--by", "赵某", "approve", item_id)
    assert json.loads(ff("dashboard", "--json").stdout)["extension_requests"] == []
    assert "延期申请待审批" not in ff("--lang", "zh", "dashboard").stdout


def test_ranking_counts_instructions_and_urges_per_unit(ff, plans, complete_item):
    first = complete_item()
    second = complete_item("另一事项", "--lead-unit", "区发改局", "--owner", "王某")
    for item_id in (first, second):
        ff("--by", "王某" if item_id == first else "李某", "start", item_id, "--on", "2026-11-01")
    with_settings(plans, PEOPLE)
    ff("--by", "周某", "instruct", first, "加快进度", "--on", "2026-11-20")
    ff("--by", "周某", "instruct", first, "月底前封顶")
    ff("--by", "赵某", "urge", first, "请报送进展")
    ff("--by", "赵某", "urge", second, "请报送进展")
    report = json.loads(ff("report", "--format", "json", "--rank").stdout)
    counts = {r["key"]: (r["instructions"], r["urges"]) for r in report["ranking"]}
    assert counts == {"区工信局": (2, 1), "区发改局": (0, 1)}
    week = json.loads(ff("report", "--format", "json", "--rank", "--since", "2026-11-25").stdout)
    assert {r["key"]: (r["instructions"], r["urges"]) for r in week["ranking"]} == {"区工信局": (1, 1), "区发改局": (0, 1)}
    events = [c["event"] for c in week["period"]["changes"]]
    assert events.count("instruct") == 1 and events.count("urge") == 2
    assert "领导批示" in ff("--lang", "zh", "dashboard").stdout


# --- people: edits merge through the same git path as other plan edits ----------------------------


def test_the_merge_driver_unions_people_added_on_two_clones(tmp_path):
    from fivefold.codec import load_people
    from fivefold.logmerge import driver

    base = "# 人员名录\npeople:\n  李某: {unit: 区工信局, roles: [owner]}\n"
    ours = base + "  赵某: {unit: 区督查室, roles: [verifier]}\n"
    theirs = base + "  周某: {unit: 区政府办, roles: [leader]}\n"
    files = {}
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        files[name] = tmp_path / name
        files[name].write_text(text, "utf-8")
    assert driver(str(files["base"]), str(files["ours"]), str(files["theirs"]), "plans/people.yaml") == 0
    merged = files["ours"].read_text("utf-8")
    assert merged.startswith("# 人员名录\n")
    assert list(load_people(merged, "people.yaml").people) == ["李某", "赵某", "周某"]


# --- evidence files (佐证材料) ---------------------------------------------------------------------


def test_submit_copies_evidence_files_with_their_hash(ff, plans, complete_item, tmp_path):
    import hashlib

    item_id = complete_item()
    ff("start", item_id)
    report = tmp_path / "验收报告.pdf"
    report.write_bytes(b"%PDF-1.4 fake report")
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff jpeg")
    ff("submit", item_id, "--evidence", "竣工验收备案表", "--file", str(report), "--file", str(photo))
    folder = plans / "demo" / "evidence" / item_id
    assert (folder / "验收报告.pdf").read_bytes() == report.read_bytes()
    entry = state_of(ff, item_id)["log"][-1]
    assert entry["files"][0] == {
        "path": f"evidence/{item_id}/验收报告.pdf", "sha256": hashlib.sha256(report.read_bytes()).hexdigest(), "bytes": 20,
    }  # fmt: skip
    assert [f["path"] for f in state_of(ff, item_id)["evidence_files"]] == [
        f"evidence/{item_id}/验收报告.pdf", f"evidence/{item_id}/现场照片.jpg",
    ]  # fmt: skip
    assert "佐证材料" in ff("--lang", "zh", "show", item_id).stdout
    html = ff("report", "--format", "html").stdout
    assert f'<a href="demo/evidence/{item_id}/%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf">验收报告.pdf</a>' in html
    ff("check")
    (folder / "验收报告.pdf").write_bytes(b"changed")
    result = ff("check", expect=1)
    assert f"evidence file evidence/{item_id}/验收报告.pdf of {item_id} has been altered" in result.stdout
    (folder / "现场照片.jpg").unlink()
    assert "现场照片.jpg 不见了" in ff("--lang", "zh", "check", expect=1).stdout


def test_a_note_with_a_file_and_undo_removes_the_copy(ff, plans, complete_item, tmp_path):
    item_id = complete_item()
    ff("start", item_id)
    source = tmp_path / "进展.docx"
    source.write_bytes(b"docx")
    ff("note", item_id, "完成主体封顶", "--file", str(source))
    copied = plans / "demo" / "evidence" / item_id / "进展.docx"
    assert copied.read_bytes() == b"docx"
    source.write_bytes(b"docx v2")
    ff("note", item_id, "补充材料", "--file", str(source))
    files = [f["path"] for f in state_of(ff, item_id)["evidence_files"]]
    assert files[0] != files[1] and files[1].startswith(f"evidence/{item_id}/进展-")
    ff("undo")
    ff("undo")
    assert not copied.exists()


def test_evidence_over_the_limit_or_missing_is_refused_and_nothing_is_written(ff, plans, complete_item, tmp_path):
    item_id = complete_item()
    ff("start", item_id)
    with_settings(plans, "evidence_max_mib: 0.001\n")
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2000)
    before = (plans / "demo" / f"{item_id}.yaml").read_bytes()
    result = ff("submit", item_id, "--evidence", "材料", "--file", str(big), expect=1)
    assert "over the limit" in result.stderr and "evidence_max_mib" in result.stderr
    result = ff("note", item_id, "进展", "--file", str(tmp_path / "none.pdf"), expect=1)
    assert "none.pdf not found" in result.stderr
    assert (plans / "demo" / f"{item_id}.yaml").read_bytes() == before
    assert not (plans / "demo" / "evidence" / item_id / "big.bin").exists()
