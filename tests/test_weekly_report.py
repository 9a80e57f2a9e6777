"""The weekly 调度 report (issue 10): a 红黑榜 a unit cannot argue with, one "overdue" everywhere and a
reason for every light. Each "Seen:" defect of the issue is a small workspace here. Today is 2026-11-27."""

from __future__ import annotations

import json

import pytest


def item_options(unit: str, *, due: str = "2026-12-31", steps: tuple[str, ...] = ("2026-04-30", "2026-12-15")) -> list[str]:
    options = ["--area", "industry", "--goal", "完成任务", "--lead-unit", unit, "--owner", "李某", "--start", "2026-01-05"]
    options += ["--due", due, "--target", "完成率=100 %"]
    for n, day in enumerate(steps, start=1):
        options += ["--step", f"步骤{n}@{day}"]
    return options


def new(ff, unit: str, title: str = "推进工作", **kw) -> str:
    item_id = ff("new", title, *item_options(unit, **kw)).stdout.strip()
    ff("start", item_id, "--on", "2026-01-05")
    return item_id


def on_track(ff, unit: str) -> str:
    """Step 1 done on time, step 2 not due yet: green, no lag."""
    item_id = new(ff, unit)
    ff("step", "done", item_id, "s1", "--on", "2026-04-20")
    return item_id


def closed(ff, unit: str, *, late: bool) -> str:
    due = "2026-10-31"
    item_id = new(ff, unit, due=due, steps=("2026-04-30", "2026-10-15"))
    ff("step", "done", item_id, "s1", "--on", "2026-04-20")
    ff("step", "done", item_id, "s2", "--on", "2026-10-10")
    ff("submit", item_id, "--evidence", "验收材料", "--on", "2026-11-10" if late else "2026-10-20")
    ff("--by", "王某", "accept", item_id, "--on", "2026-11-12" if late else "2026-10-25")
    return item_id


def report(ff, *options: str) -> dict:
    return json.loads(ff("report", "--format", "json", "--rank", *options).stdout)


def ranking(ff, *options: str) -> dict[str, dict]:
    return {r["unit"]: r for r in report(ff, *options)["ranking"]}


def test_a_unit_whose_only_item_is_red_ranks_last_and_is_on_the_black_board(ff):
    # Seen: a unit whose only item was red ranked 3rd of 8 (ranked by on-time rate, its "—" counted as 0 %).
    new(ff, "甲局")  # step 1 (due 04-30) never done: red
    closed(ff, "乙局", late=False)
    on_track(ff, "丙局")
    closed(ff, "丁局", late=True)
    rows = ranking(ff)
    assert rows["甲局"]["rank"] == 4 and rows["甲局"]["red"] == 1 and rows["甲局"]["board"] == "black"
    assert rows["乙局"]["rank"] == 1 and rows["乙局"]["board"] == "red"  # closed on time
    # Seen: "—" (nothing closed) treated like 0 %: 丙局 closed nothing, 丁局 closed late (0 %) — 丙局 is not behind it.
    assert rows["丙局"]["on_time_rate"] is None and rows["丁局"]["on_time_rate"] == 0.0
    assert rows["丙局"]["rank"] < rows["丁局"]["rank"]
    assert rows["丙局"]["board"] is None  # nothing closed or ahead: on neither board
    assert rows["丁局"]["board"] == "red"  # closed (late), nothing overdue or red now


def test_units_equal_on_every_criterion_share_a_rank(ff):
    # Seen: in a month where nobody had closed anything, units were ranked 1–8 in character order.
    for unit in ("戊局", "丙局", "甲局"):
        on_track(ff, unit)
    new(ff, "乙局")  # red
    rows = report(ff)["ranking"]
    assert [(r["unit"], r["rank"]) for r in rows] == [("丙局", 1), ("戊局", 1), ("甲局", 1), ("乙局", 4)]


def test_the_rule_is_printed_under_the_table_in_every_format(ff):
    on_track(ff, "甲局")
    for fmt in ("md", "html"):
        text = ff("--lang", "zh", "report", "--format", fmt, "--rank").stdout
        assert "排名规则：依次比较逾期事项数（少者在前）、红灯数（少者在前）、黄灯数（少者在前）、按期销号率（高者在前）" in text
        assert "红榜" in text and "榜单" in text
    assert report(ff)["ranking_key"] == ["overdue", "red", "yellow", "on_time_rate", "lag"]


def test_the_order_of_the_criteria_is_configurable(ff, plans):
    closed(ff, "甲局", late=False)
    new(ff, "甲局")  # red
    closed(ff, "乙局", late=True)
    assert [r["unit"] for r in report(ff)["ranking"]] == ["乙局", "甲局"]  # default: red items first
    (plans / "fivefold.yaml").write_text("ranking: [on_time_rate, red]\n", "utf-8")
    data = report(ff)
    assert data["ranking_key"] == ["on_time_rate", "red"]
    assert [r["unit"] for r in data["ranking"]] == ["甲局", "乙局"]
    assert "依次比较按期销号率（高者在前）、红灯数（少者在前）" in ff("--lang", "zh", "report", "--rank").stdout


@pytest.mark.parametrize("value", ["[overdue, overdue]", "[speed]", "[]", "overdue"])
def test_a_bad_ranking_setting_is_a_clear_error(ff, plans, value):
    (plans / "fivefold.yaml").write_text(f"ranking: {value}\n", "utf-8")
    result = ff("report", "--rank", expect=None)
    assert result.exit_code != 0
    assert "ranking" in result.stderr and "Traceback" not in result.stderr


def test_an_item_in_review_past_its_due_date_is_overdue_everywhere(ff):
    # Seen: a unit with 逾期数 1 in the ranking while the overdue list was empty (the item was in review).
    item = new(ff, "甲局", due="2026-11-01", steps=("2026-04-30", "2026-10-15"))
    ff("step", "done", item, "s1", "--on", "2026-04-20")
    ff("step", "done", item, "s2", "--on", "2026-10-10")
    ff("submit", item, "--evidence", "验收材料", "--on", "2026-11-10")  # 9 days late, waiting for acceptance since
    data = report(ff)
    assert [(r["id"], r["state"], r["overdue_days"]) for r in data["overdue"]] == [(item, "review", 9)]
    assert data["ranking"][0]["overdue"] == 1
    assert [r["id"] for r in json.loads(ff("list", "--overdue", "--json").stdout)] == [item]
    dash = json.loads(ff("dashboard", "--json").stdout)
    assert [r["id"] for r in dash["overdue"]] == [item] and dash["units"][0]["overdue"] == 1
    zh = ff("--lang", "zh", "report", "--rank").stdout
    assert f"| {item} | 推进工作 | 甲局 | 李某 | 待验收 | 9 |" in zh  # shown as 待验收


def test_an_overdue_item_is_not_also_due_soon(ff):
    # Seen: one item listed both as overdue and as due within 14 days (an extension granted after the deadline).
    item = new(ff, "甲局", due="2026-11-20", steps=("2026-04-30", "2026-11-15"))
    ff("step", "done", item, "s1", "--on", "2026-04-20")
    ff("step", "done", item, "s2", "--on", "2026-11-10")
    ff("extend", item, "--due", "2026-12-05", "--reason", "资金未到位", "--on", "2026-11-25")  # after the deadline: still late
    data = report(ff)
    assert [r["id"] for r in data["overdue"]] == [item]
    assert data["due_soon"] == []
    assert json.loads(ff("dashboard", "--json").stdout)["due_soon"] == []


def test_every_red_and_yellow_light_has_its_reasons(ff):
    # Seen: "红灯 2" next to "逾期事项（0）" with no explanation.
    late_step = new(ff, "甲局", title="建设园区")  # step 1 due 04-30, not done: red, the item itself not overdue
    blocked = on_track(ff, "乙局")
    ff("block", blocked, "--reason", "资金未到位", "--on", "2026-11-20")
    waiting = new(ff, "丙局", due="2026-12-31", steps=("2026-04-30", "2026-11-01"))
    ff("step", "done", waiting, "s1", "--on", "2026-04-20")
    ff("step", "done", waiting, "s2", "--on", "2026-10-30")
    ff("submit", waiting, "--evidence", "材料", "--on", "2026-11-10")  # 17 days in review
    unstarted = ff("new", "应启动事项", *item_options("丁局")).stdout.strip()  # start 01-05, still a draft
    data = json.loads(ff("--lang", "zh", "report", "--format", "json").stdout)
    assert data["totals"]["lights"]["red"] == 1 and data["overdue"] == []  # red, not overdue: the reason says why
    words = {w["id"]: [r["text"] for r in w["reasons"]] for w in data["warnings"]}
    assert words == {
        late_step: ["步骤 s1「步骤1」逾期 211 天"],
        unstarted: ["应于 2026-01-05 启动而未启动"],
        blocked: ["受阻：资金未到位"],
        waiting: ["待验收已 17 天"],
    }
    assert {w["id"]: w["light"] for w in data["warnings"]}[unstarted] == "yellow"
    assert data["warnings"][0]["light"] == "red"  # red first
    codes = {r["id"]: [w["code"] for w in r["reasons"]] for r in json.loads(ff("list", "--json").stdout)}
    assert codes[late_step] == ["step_overdue"] and codes[blocked] == ["blocked"]
    shown = json.loads(ff("show", blocked, "--json").stdout)
    assert shown["reasons"] == [{"code": "blocked", "params": {"reason": "资金未到位"}, "text": "blocked: 资金未到位"}]
    assert "预警原因: 步骤 s1「步骤1」逾期 211 天" in ff("--lang", "zh", "show", late_step).stdout
    md = ff("--lang", "zh", "report").stdout
    assert "## 预警事项（4）" in md and "| 受阻：资金未到位 |" in md
    assert "预警原因" in ff("--lang", "zh", "report", "--format", "csv").stdout.splitlines()[0]


def test_a_parent_made_red_by_a_child_says_which(ff):
    parent = on_track(ff, "甲局")
    child = ff("new", "子任务", *item_options("甲局"), "--parent", parent).stdout.strip()
    ff("start", child, "--on", "2026-01-05")
    rows = {r["id"]: r for r in json.loads(ff("--lang", "zh", "list", "--json").stdout)}
    assert rows[parent]["light"] == "red"
    assert [w["text"] for w in rows[parent]["reasons"]] == [f"子事项 {child} 为红灯"]


def week(ff, *options: str) -> dict:
    return json.loads(ff("--lang", "zh", "report", "--format", "json", "--period", "week", *options).stdout)


def test_step_completions_and_their_notes_are_the_weeks_news(ff):
    # Seen: `step done --note …` and step completions appeared neither in 调度期内变化 nor as 最新进展;
    # an older note was shown instead.
    item = new(ff, "甲局")
    ff("note", item, "旧的进展", "--on", "2026-03-01")
    ff("step", "done", item, "s1", "--on", "2026-11-24", "--note", "主体封顶")
    ff("step", "progress", item, "s2", "60", "--on", "2026-11-25")
    data = week(ff)
    changes = [(c["event"], c["subject"]) for c in data["period"]["changes"]]
    assert changes == [("step_done", "s1"), ("step_progress", "s2")]
    row = data["areas"][0]["items"][0]
    assert row["latest_note"] == {"date": "2026-11-24", "text": "主体封顶"}
    md = ff("--lang", "zh", "report", "--period", "week").stdout
    assert "| 2026-11-24 | SY-001 | 步骤完成 | 李某 | 推进工作 s1：主体封顶 |" in md
    assert "2026-11-24 完成步骤 s1「步骤1」：主体封顶；2026-11-25 步骤 s2「步骤2」完成 60%" in md


def test_each_item_has_progress_problems_and_next_step_in_the_period(ff):
    item = on_track(ff, "甲局")
    ff("note", item, "已完成招标", "--on", "2026-11-23")
    ff("note", item, "施工许可尚未批复", "--kind", "problem", "--on", "2026-11-24")
    other = on_track(ff, "乙局")
    ff("block", other, "--reason", "资金未到位", "--on", "2026-11-22")
    ff("note", other, "12 月上旬完成资金拨付", "--kind", "next", "--on", "2026-11-25")
    news = {i["id"]: i for i in week(ff)["period"]["items"]}
    assert [e["text"] for e in news[item]["progress"]] == ["已完成招标"]
    assert [e["text"] for e in news[item]["problems"]] == ["施工许可尚未批复"]
    assert news[item]["next"] == {"date": None, "what": "step", "subject": "s2", "title": "步骤2", "due": "2026-12-15"}
    assert [(e["what"], e["text"]) for e in news[other]["problems"]] == [("blocked", "资金未到位")]
    assert news[other]["next"]["text"] == "12 月上旬完成资金拨付"
    md = ff("--lang", "zh", "report", "--period", "week").stdout
    assert "| 本期进展 | 存在问题 | 下一步 |" in md
    assert "| 2026-11-24 施工许可尚未批复 | 推进步骤 s2「步骤2」，2026-12-15 前完成 |" in md
    assert "受阻：资金未到位" in md
    assert "--kind" in ff("note", item, "x", "--kind", "later", expect=2).stderr


def test_step_dates_after_a_timely_extension_are_the_same_in_every_view(ff, plans):
    # Seen: after a timely `extend`, computations used the moved step dates but show, JSON, CSV, ICS and the
    # Gantt still printed the old ones.
    item = new(ff, "甲局", due="2026-12-10", steps=("2026-04-30", "2026-12-10"))
    ff("step", "done", item, "s1", "--on", "2026-04-20")
    ff("extend", item, "--due", "2027-03-31", "--reason", "设备延迟到货", "--on", "2026-11-20")
    shown = json.loads(ff("show", item, "--json").stdout)
    assert [(s["id"], s["due"], s["due_planned"]) for s in shown["steps_detail"]] == [
        ("s1", "2026-04-30", "2026-04-30"),
        ("s2", "2027-03-31", "2026-12-10"),
    ]
    assert shown["extensions"][0]["from"] == "2026-12-10"
    text = ff("--lang", "zh", "show", item).stdout
    assert "2027-03-31（原定时限 2026-12-10）" in text
    assert "延期记录: 2026-12-10 → 2027-03-31（2026-11-20） 设备延迟到货" in text
    report_row = week(ff)["areas"][0]["items"][0]
    assert report_row["steps_detail"] == shown["steps_detail"]
    assert "s2 步骤2 2027-03-31（原定时限 2026-12-10）" in ff("--lang", "zh", "report", "--format", "csv").stdout
    ics = ff("report", "--format", "ics").stdout
    assert "DUE;VALUE=DATE:20270331" in ics and "20261210" not in ics
    from fivefold.actions import list_items  # the Gantt's rows, as the gantt command builds them
    from fivefold.queries import Filters
    from fivefold.views import gantt_rows

    listing = list_items(_context(plans), Filters())
    rows = gantt_rows(listing.items, listing.assessed, listing.snapshot.plans, "area")
    assert [day.isoformat() for day, _ in rows[0]["milestones"]] == ["2026-04-30", "2027-03-31"]


def _context(plans):
    import datetime as dt

    from fivefold.context import Context
    from fivefold.workspace import Workspace

    return Context(ws=Workspace(plans), today=dt.date(2026, 11, 27))


def test_the_report_is_a_document_with_a_header_and_a_sign_off(ff, plans):
    on_track(ff, "甲局")
    (plans / "fivefold.yaml").write_text("organisation: 双阳区委督查室\n", "utf-8")
    md = ff("--lang", "zh", "report").stdout
    assert md.rstrip().endswith("双阳区委督查室\n\n2026年11月27日")  # defaults: the workspace's organisation, as-of
    options = ["--title", "重点工作周调度通报", "--ref", "双督字〔2026〕12号", "--issuer", "区委督查室", "--date", "2026-11-28"]
    md = ff("--lang", "zh", "report", *options).stdout
    assert md.startswith("# 重点工作周调度通报\n\n双督字〔2026〕12号\n")
    assert md.rstrip().endswith("区委督查室\n\n2026年11月28日")
    html = ff("--lang", "zh", "report", "--format", "html", *options).stdout
    assert '<header class="doc"><h1>重点工作周调度通报</h1><div class="ref">双督字〔2026〕12号</div></header>' in html
    assert '<footer class="sign"><div>区委督查室</div><div>2026年11月28日</div></footer>' in html
    assert "@page { size: A4 landscape;" in html
    assert "@page { size: A4 portrait;" in ff("report", "--format", "html", "--portrait").stdout
    assert json.loads(ff("report", "--format", "json", *options).stdout)["document"] == {
        "title": "重点工作周调度通报", "ref": "双督字〔2026〕12号", "issuer": "区委督查室",
        "date": "2026-11-28", "page": "landscape",
    }  # fmt: skip


def test_a_plans_organisation_is_the_default_issuer(ff, plans):
    on_track(ff, "甲局")
    plan = plans / "demo" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8") + "organisation: 中共双阳区委\n", "utf-8")
    assert json.loads(ff("report", "--format", "json").stdout)["document"]["issuer"] == "中共双阳区委"


def test_ics_deadlines_are_all_day_events_with_an_alarm(ff):
    item = on_track(ff, "甲局")
    both = ff("report", "--format", "ics", "--remind-days", "5").stdout.replace("\r\n ", "").replace("\r\n", "\n")
    events = both.split("BEGIN:VEVENT")[1:]
    assert len(events) == 2  # the item's deadline and its open step s2 (s1 is done)
    first = events[0]
    assert f"UID:{item}-due@fivefold" in first
    assert "DTSTART;VALUE=DATE:20261231" in first and "DTEND;VALUE=DATE:20270101" in first
    assert "BEGIN:VALARM" in first and "TRIGGER:-P4DT15H" in first  # 09:00, five days before
    assert both.count("BEGIN:VTODO") == 3
    todo = ff("report", "--format", "ics", "--ics", "todo").stdout
    assert "BEGIN:VEVENT" not in todo and "BEGIN:VTODO" in todo
    event = ff("report", "--format", "ics", "--ics", "event").stdout
    assert "BEGIN:VTODO" not in event and "BEGIN:VEVENT" in event
    assert "--ics" in ff("report", "--format", "ics", "--ics", "alarm", expect=2).stderr


def test_an_instruction_or_urging_is_a_change_but_never_the_units_progress(ff, plans):
    """A 批示 or 催办 (issue 12) carries its text as the entry's note: the period lists it as a change,
    but 最新进展 and 本期进展 stay the unit's own notes."""
    item_id = on_track(ff, "区工信局")
    ff("note", item_id, "厂房主体完工", "--on", "2026-11-24")
    ff("--by", "周某", "instruct", item_id, "务必年底前完成", "--on", "2026-11-25")
    ff("--by", "赵某", "urge", item_id, "请加快进度", "--on", "2026-11-26")
    data = json.loads(ff("report", "--format", "json", "--period", "week").stdout)
    row = next(r for area in data["areas"] for r in area["items"] if r["id"] == item_id)
    assert row["latest_note"] == {"date": "2026-11-24", "text": "厂房主体完工"}
    assert {c["event"] for c in data["period"]["changes"]} >= {"note", "instruct", "urge"}
    news = next(i for i in data["period"]["items"] if i["id"] == item_id)
    assert [p["text"] for p in news["progress"]] == ["厂房主体完工"]


def test_due_before_in_working_days_counts_the_workspaces_holidays(ff, plans):
    (plans / "fivefold.yaml").write_text(
        (plans / "fivefold.yaml").read_text("utf-8") + "holidays: [2026-11-30, 2026-12-01]\n", "utf-8"
    )
    item_id = new(ff, "区工信局", due="2026-12-03", steps=("2026-04-30", "2026-12-01"))
    # today Fri 2026-11-27; Mon 30 and Tue 1 are holidays: +2 working days is Thu 2026-12-03
    assert item_id in ff("list", "--due-before", "+2工作日").stdout
    assert item_id not in ff("list", "--due-before", "+1工作日").stdout
