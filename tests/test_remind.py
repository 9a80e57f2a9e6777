"""`fivefold remind` (issue 13 §2): per lead unit and per owner, what is overdue, what falls due within N
working days, missed reports, pending extension requests and items waiting for acceptance; text and
Markdown split for chats, `--json` for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.export.remind import split_message

# Today is 2026-11-27, a Friday. Five working days on: 2026-12-04.
PEOPLE = """
people:
  李某: {unit: 区工信局, roles: [owner]}
  张某: {unit: 区工信局, roles: [owner]}
  王某: {unit: 区发改局, roles: [owner]}
  赵某: {unit: 区督查室, roles: [verifier]}
units:
  区工信局: [工信局]
extension_approval: required
cadence: monthly
"""


def item(ff, title: str, unit: str, owner: str, start: str, due: str, *steps: str) -> str:
    args = ["--area", "industry", "--goal", "目标", "--lead-unit", unit, "--owner", owner, "--start", start, "--due", due]
    for step in steps:
        args += ["--step", step]
    return ff("--by", owner, "new", title, *args, "--acceptance", "验收").stdout.strip()


@pytest.fixture
def ws(ff, plans: Path) -> dict[str, str]:
    ids = {
        "late": item(
            ff, "推动园区竣工投产", "区工信局", "李某", "2026-01-05", "2026-11-20", "主体封顶@2026-04-30", "竣工验收@2026-11-15"
        ),
        "soon": item(ff, "建设配套道路", "工信局", "张某", "2026-10-01", "2026-12-10", "路基完工@2026-12-02"),
        "review": item(ff, "编制产业规划", "区发改局", "王某", "2026-09-01", "2026-12-31", "初稿@2026-11-10"),
        "asks": item(ff, "推进项目审批", "区发改局", "王某", "2026-08-03", "2027-03-31", "完成审批@2027-03-15"),
        "far": item(ff, "远期事项", "区发改局", "王某", "2026-11-02", "2027-12-31", "立项@2027-06-30"),
    }
    path = plans / "fivefold.yaml"  # the directory after the items: 工信局 is an alias, not a unit of its own
    path.write_text(path.read_text("utf-8") + PEOPLE, "utf-8")
    late, soon, review, asks, far = ids.values()
    ff("--by", "李某", "start", late, "--on", "2026-01-05")
    ff("--by", "李某", "step", "done", late, "s1", "--on", "2026-04-28")
    ff("--by", "李某", "note", late, "设备进场", "--on", "2026-11-02")
    ff("--by", "张某", "start", soon, "--on", "2026-10-01")
    ff("--by", "张某", "note", soon, "路基施工中", "--on", "2026-11-03")
    ff("--by", "王某", "start", review, "--on", "2026-09-01")
    ff("--by", "王某", "step", "done", review, "s1", "--on", "2026-11-09")
    ff("--by", "王某", "submit", review, "--evidence", "规划文本", "--on", "2026-11-20")
    ff("--by", "王某", "start", asks, "--on", "2026-08-03")
    ff("--by", "王某", "extend", asks, "--due", "2027-06-30", "--reason", "用地指标\n待批")
    ff("--by", "王某", "start", far, "--on", "2026-11-02")
    ff("--by", "王某", "note", far, "已立项", "--on", "2026-11-20")
    return ids


def remind_json(ff, *args: str) -> dict:
    return json.loads(ff("remind", "--json", *args).stdout)


def test_digest_per_unit_holds_each_section(ff, ws):
    data = remind_json(ff)
    assert data["schema"] == "fivefold.remind/1" and data["date"] == "2026-11-27"
    assert data["days"] == 5 and data["until"] == "2026-12-04"
    units = {d["name"]: d for d in data["units"]}
    assert list(units) == sorted(units) and set(units) == {"区工信局", "区发改局"}  # 工信局 is 区工信局 (units:)
    gx = units["区工信局"]
    overdue = [(e["id"], e["step"], e["days"]) for e in gx["overdue"]]
    assert overdue == [(ws["late"], None, 7), (ws["late"], "s2", 12)]
    soon = [(e["id"], e["step"], e["due"], e["workdays"]) for e in gx["due_soon"]]
    assert soon == [(ws["soon"], "s1", "2026-12-02", 3)]
    assert gx["missed_reports"] == [] and gx["extension_requests"] == [] and gx["awaiting_acceptance"] == []
    fg = units["区发改局"]
    assert [(e["id"], e["submitted"], e["days"]) for e in fg["awaiting_acceptance"]] == [(ws["review"], "2026-11-20", 7)]
    request = fg["extension_requests"][0]
    assert (request["id"], request["due"], request["by"], request["late"]) == (ws["asks"], "2027-06-30", "王某", False)
    assert request["reason"] == "用地指标 待批"  # on one line: a chat line is one entry
    missed = {e["id"]: e for e in fg["missed_reports"]}
    assert missed[ws["asks"]]["missed"] >= 2 and missed[ws["asks"]]["last"] is None
    assert ws["far"] not in missed and fg["overdue"] == [] and fg["due_soon"] == []


def test_per_owner_and_filters(ff, ws):
    data = remind_json(ff, "--owner", "张某")
    assert [d["name"] for d in data["owners"]] == ["张某"] and [d["name"] for d in data["units"]] == ["区工信局"]
    assert data["owners"][0]["due_soon"][0]["id"] == ws["soon"]
    data = remind_json(ff, "--unit", "工信局")  # an alias names the unit
    assert data["unit"] == "区工信局" and [d["name"] for d in data["units"]] == ["区工信局"]
    assert {d["name"] for d in data["owners"]} == {"李某", "张某"}


def test_more_days_reach_further(ff, ws):
    data = remind_json(ff, "--days", "10")
    assert data["until"] == "2026-12-11"
    soon = {(e["id"], e["step"]) for d in data["units"] for e in d["due_soon"]}
    assert soon == {(ws["soon"], "s1"), (ws["soon"], None)}
    assert remind_json(ff, "--days", "0")["until"] == "2026-11-27"


def test_text_zh_and_markdown_en(ff, ws):
    text = ff("--lang", "zh", "remind").stdout
    for part in (
        "【督办提醒】区工信局（截至 2026-11-27）", "一、已逾期（2）",
        f"· {ws['late']}「推动园区竣工投产」：已逾期 7 天（时限 2026-11-20）｜李某",
        f"{ws['late']} 步骤 s2「竣工验收」：已逾期 12 天", "二、5 个工作日内到期（1）", "2026-12-02 到期，还剩 3 个工作日｜张某",
        "【督办提醒】区发改局", "延期申请待审批（1）", "王某 于 2026-11-27 申请延期至 2027-06-30，理由：用地指标 待批",
        "待验收（1）", "2026-11-20 报结，已等待 7 天", "未按期报送",
    ):  # fmt: skip
        assert part in text, part
    md = ff("--lang", "en", "remind", "--format", "md", "--owner", "李某").stdout
    assert md.startswith("### Reminders for 李某 (as of 2026-11-27)") and "**Overdue (2)**" in md
    assert f"- {ws['late']} “推动园区竣工投产”: 7 days overdue (due 2026-11-20) | 区工信局" in md


def test_empty_digest_says_so(ff):
    result = ff("remind")
    assert result.stdout.strip() == "nothing to remind anyone of as of 2026-11-27" and result.exit_code == 0
    assert remind_json(ff)["units"] == []


def test_bad_input(ff, ws):
    assert "no item is led by 区农业局" in ff("remind", "--unit", "区农业局", expect=1).stderr
    assert "no item or step is owned by 钱某" in ff("remind", "--owner", "钱某", expect=1).stderr
    assert "--days must be from 0 to 250, not -1" in ff("remind", "--days", "-1", expect=2).stderr
    assert "--days must be from 0 to 250, not 100000" in ff("remind", "--days", "100000", expect=2).stderr
    assert "--format" in ff("remind", "--format", "docx", expect=2).stderr


def test_a_long_digest_is_split_on_lines(ff):
    for n in range(40):
        item_id = item(ff, f"长标题事项第{n}项" + "很" * 60, "区财政局", "钱某", "2026-01-05", "2026-11-01", "步骤@2026-10-01")
        ff("--by", "钱某", "start", item_id, "--on", "2026-01-05")
    text = ff("--lang", "zh", "remind", "--unit", "区财政局").stdout
    assert "（第 1/" in text and "（第 2/" in text
    for part in text.split("（第 ")[1:]:
        body = part.split("\n", 1)[1].strip()
        assert len(body) <= 2000
        assert all(line.startswith(("· ", "【", "一、")) for line in body.splitlines())


# --- the split -----------------------------------------------------------------------------------


def test_split_never_cuts_a_line_that_fits():
    lines = [f"第{n}行" + "字" * (n * 7 % 300) for n in range(200)]
    parts = split_message("\n".join(lines), limit=500)
    assert all(len(p) <= 500 for p in parts)
    assert [line for p in parts for line in p.split("\n")] == lines


def test_split_cuts_a_long_line_by_characters_and_bytes():
    line = "督" * 4500
    assert [len(p) for p in split_message(line)] == [2000, 2000, 500]
    parts = split_message("标题\n" + line, max_bytes=4096)
    assert all(len(p.encode("utf-8")) <= 4096 for p in parts) and "".join(parts).replace("\n", "") == "标题" + line


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab督办😀 "), max_size=80), max_size=40), st.integers(5, 120))
def test_split_property(lines, limit):
    text = "\n".join(lines)
    parts = split_message(text, limit=limit, max_bytes=limit * 2)
    assert all(len(p) <= limit and len(p.encode("utf-8")) <= limit * 2 for p in parts)
    compact = "".join(text.split())
    assert "".join("".join(parts).split()) == compact  # nothing lost, nothing added, in order
    shown = {line for p in parts for line in p.split("\n")}
    fitting = [line for line in lines if line.strip() and len(line) <= limit and len(line.encode("utf-8")) <= limit * 2]
    assert all(line in shown for line in fitting)  # a line that fits is never cut
