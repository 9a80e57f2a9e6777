"""Parents and children (issue 18 §1, the part done): a 重点任务 is submitted or accepted only when its
子任务 are through, listing those that are not; children accepted earlier in the same command count."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from fivefold.i18n import t

TODAY = {"FIVEFOLD_TODAY": "2026-06-01"}


def _family(ff, complete_item) -> tuple[str, str, str]:
    parent = complete_item("推动重点项目竣工投产")
    kids = [complete_item(f"子任务{n}", "--parent", parent) for n in (1, 2)]
    for item in (parent, *kids):
        ff("start", item, "--on", "2026-02-01", env=TODAY)
    return parent, kids[0], kids[1]


def _state(ff, item: str) -> str:
    return json.loads(ff("show", item, "--json", env=TODAY).stdout)["state"]


def test_submit_of_a_parent_with_open_children_is_refused(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    result = ff("--lang", "en", "submit", parent, "--evidence", "验收材料", env=TODAY, expect=None)
    assert result.exit_code != 0
    assert f"{parent} still has open sub-items ({a}、{b}), so it cannot submit" in result.stderr
    zh = ff("--lang", "zh", "submit", parent, "--evidence", "验收材料", env=TODAY, expect=None)
    assert f"事项 {parent} 还有未完成的子任务 {a}、{b}" in zh.stderr
    assert _state(ff, parent) == "active"


@pytest.mark.parametrize("cancel_one", [False, True])
def test_submit_once_children_are_in_review_or_cancelled(ff, complete_item, cancel_one: bool) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("submit", a, "--evidence", "验收材料", env=TODAY)
    if cancel_one:
        ff("cancel", b, "--reason", "并入其他任务", env=TODAY)
    else:
        ff("submit", b, "--evidence", "验收材料", env=TODAY)
    ff("submit", parent, "--evidence", "验收材料", env=TODAY)
    assert _state(ff, parent) == "review"


def test_accept_waits_for_children_accepted_in_the_same_command(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("submit", a, b, parent, "--evidence", "验收材料", env=TODAY)
    result = ff("--lang", "en", "--by", "赵某", "accept", parent, env=TODAY, expect=None)
    assert "still has open sub-items" in result.stderr
    ff("--by", "赵某", "accept", a, b, parent, env=TODAY)
    assert [_state(ff, i) for i in (parent, a, b)] == ["closed"] * 3


def test_cancel_of_a_parent_with_open_children_asks_for_cascade(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    grandchild = complete_item("孙任务", "--parent", a)
    result = ff("--lang", "en", "cancel", parent, "--reason", "任务调整", env=TODAY, expect=None)
    assert result.exit_code != 0
    assert f"{parent} still has open sub-items ({grandchild}、{a}、{b}); add --cascade" in result.stderr
    assert _state(ff, parent) == "active"
    ff("cancel", parent, "--reason", "任务调整", "--cascade", env=TODAY)
    assert [_state(ff, i) for i in (parent, a, b, grandchild)] == ["cancelled"] * 4
    log = json.loads(ff("show", b, "--json", env=TODAY).stdout)["log"]
    assert log[-1]["event"] == "cancel" and log[-1]["reason"] == "任务调整"
    ff("undo", "--yes", env=TODAY)  # one command, one undo
    assert [_state(ff, i) for i in (parent, a, b, grandchild)] == ["active", "active", "active", "draft"]


def test_cancel_of_a_childless_item_or_with_its_children_named(ff, complete_item) -> None:
    parent, a, b = _family(ff, complete_item)
    ff("cancel", a, "--reason", "并入其他任务", env=TODAY)
    ff("cancel", b, parent, "--reason", "任务调整", env=TODAY)
    assert _state(ff, parent) == "cancelled"


# --- the rest of §1: weights, the checks over the family, plans apart, cycles, show, list --tree ------


@pytest.mark.parametrize(
    ("given", "zh", "en"),
    [
        ("0", "权重必须大于 0：0", "weight must be above 0: 0"),
        ("-1", "权重必须大于 0：-1", "weight must be above 0: -1"),
        ("abc", "不是数字：abc", "not a number: abc"),
    ],
)
def test_weight_must_be_a_number_above_zero(ff, complete_item, given: str, zh: str, en: str) -> None:
    parent = complete_item("重点任务")
    for lang, message in (("zh", zh), ("en", en)):
        result = ff("--lang", lang, "new", "子任务", *_COMPLETE_NO_STEPS, "--parent", parent, "--weight", given, expect=2)
        assert result.stderr.strip() == f"fivefold: {message}"
        child = complete_item("子任务", "--parent", parent)
        result = ff("--lang", lang, "update", child, "--weight", given, expect=2)
        assert result.stderr.strip() == f"fivefold: {message}"


@pytest.mark.parametrize(("weight", "written"), [("2", "weight: 2\n"), ("0.5", "weight: 0.5\n")])
def test_weight_on_new_and_update_is_written_beside_the_parent(ff, plans, complete_item, weight: str, written: str) -> None:
    parent = complete_item("重点任务")
    child = complete_item("子任务", "--parent", parent, "--weight", weight)
    text = (plans / "demo" / f"{child}.yaml").read_text("utf-8")
    assert f"parent: {parent}\n{written}" in text
    other = complete_item("另一子任务")
    ff("update", other, "--parent", parent, "--weight", weight)
    text = (plans / "demo" / f"{other}.yaml").read_text("utf-8")
    assert f"parent: {parent}\n{written}" in text  # beside the parent, not after the log
    assert json.loads(ff("show", other, "--json").stdout)["weight"] == float(weight)


@pytest.mark.parametrize("weight", ["0", "-2"])
def test_a_file_with_a_weight_of_zero_or_less_is_broken(ff, plans, complete_item, weight: str) -> None:
    item = complete_item("重点任务")
    path = plans / "demo" / f"{item}.yaml"
    path.write_text(path.read_text("utf-8").replace("title:", f"weight: {weight}\ntitle:", 1), "utf-8")
    result = ff("--lang", "en", "check", expect=None)
    assert result.exit_code != 0
    assert f"weight must be above 0: {weight}" in result.stdout + result.stderr


_COMPLETE_NO_STEPS = [
    "--area", "industry", "--goal", "园区完工投产", "--lead-unit", "区工信局", "--owner", "李某",
    "--start", "2026-01-05", "--due", "2026-12-31", "--target", "入驻企业=10 家",
]  # fmt: skip


@pytest.mark.parametrize(
    ("children", "passes"),
    [
        ([], False),  # no steps, no children: 清单化 fails
        (["active"], True),  # its children are its roadmap
        (["cancelled"], False),  # cancelled children are no roadmap
        (["cancelled", "draft"], True),
    ],
)
def test_children_are_a_parents_roadmap(ff, complete_item, children: list[str], passes: bool) -> None:
    parent = ff("new", "重点任务", *_COMPLETE_NO_STEPS).stdout.strip()
    for state in children:
        kid = complete_item("子任务", "--parent", parent)
        if state == "active":
            ff("start", kid, env=TODAY)
        elif state == "cancelled":
            ff("cancel", kid, "--reason", "并入其他任务", env=TODAY)
    missing_words = (("en", "the roadmap has no step and the item has no sub-items"), ("zh", "路线图没有步骤，也没有子任务"))
    for lang, missing in missing_words:
        result = ff("--lang", lang, "check", parent, env=TODAY, expect=None)
        assert (result.exit_code == 0) is passes, result.stdout
        assert (missing in result.stdout) is not passes
    if passes:  # the loop's own guard agrees: the parent may start
        ff("start", parent, env=TODAY)


@pytest.mark.parametrize(
    ("start", "due", "outside"),
    [
        ("2026-01-05", "2026-12-31", False),  # the parent's own dates
        ("2026-03-01", "2026-06-30", False),
        ("2025-12-01", "2026-06-30", True),  # starts before its parent
        ("2026-03-01", "2027-01-31", True),  # ends after its parent
    ],
)
def test_a_childs_dates_sit_inside_its_parents(ff, complete_item, start: str, due: str, outside: bool) -> None:
    parent = complete_item("重点任务")
    dates = ("--start", start, "--due", due)
    kid_id = ff("new", "子任务", *_COMPLETE_NO_STEPS, "--step", "施工@2026-06-30", "--parent", parent, *dates).stdout.strip()
    words = {
        "en": f"runs {start} to {due}, outside its parent {parent} (2026-01-05 to 2026-12-31)",
        "zh": f"时限 {start} 至 {due} 超出上级任务 {parent} 的时限 2026-01-05 至 2026-12-31",
    }
    for lang, text in words.items():
        result = ff("--lang", lang, "check", kid_id, env=TODAY, expect=None)
        assert (text in result.stdout) is outside, result.stdout
        assert (result.exit_code != 0) is outside


def test_an_extension_of_the_child_past_its_parent_is_reported(ff, complete_item) -> None:
    parent, a, _ = _family(ff, complete_item)
    ff("--by", "赵某", "extend", a, "--due", "2027-03-31", "--reason", "设备到货推迟", env=TODAY)
    result = ff("--lang", "en", "check", env=TODAY, expect=None)
    assert f"{a}: FAIL 5·time-bound: runs 2026-01-05 to 2027-03-31, outside its parent {parent}" in result.stdout


def _two_plans(ff, complete_item) -> tuple[str, str, str]:
    """A district task (demo) split across a unit's plan: one child there, one beside the parent."""
    ff("plan", "new", "unit", "--title", "区工信局工作计划", "--prefix", "GX")
    parent = ff("new", "--plan", "demo", "推动重点项目竣工投产", *_COMPLETE_NO_STEPS).stdout.strip()
    there = ff("new", "--plan", "unit", "园区基础设施配套", *COMPLETE_PLAN, "--parent", parent, "--weight", "3").stdout.strip()
    here = ff("new", "--plan", "demo", "企业入驻服务", *COMPLETE_PLAN, "--parent", parent).stdout.strip()
    for item in (parent, there, here):
        ff("start", item, "--on", "2026-02-01", env=TODAY)
    ff("step", "done", there, "s1", "--on", "2026-04-30", env=TODAY)
    ff("step", "done", there, "s2", "--on", "2026-05-20", env=TODAY)
    return parent, there, here


COMPLETE_PLAN = [*_COMPLETE_NO_STEPS, "--step", "主体封顶@2026-04-30", "--step", "竣工验收@2026-12-15"]


def test_a_parent_and_children_in_different_plans(ff, complete_item, tmp_path) -> None:
    parent, there, here = _two_plans(ff, complete_item)
    assert there.startswith("GX-") and here.startswith("SY-")
    shown = json.loads(ff("show", parent, "--json", env=TODAY).stdout)
    assert [(c["id"], c["plan"], c["weight"], c["progress"]) for c in shown["children"]] == [
        (there, "unit", 3.0, 100.0),
        (here, "demo", 1.0, 0.0),
    ]
    assert shown["progress"] == 75.0  # (3 × 100 + 1 × 0) ÷ 4
    rows = {r["id"]: r for r in json.loads(ff("list", "--json", env=TODAY).stdout)}
    assert rows[parent]["progress"] == 75.0 and rows[there]["parent"] == parent
    assert ff("check", env=TODAY).exit_code == 0  # the parent has no steps: its children are its roadmap
    out = tmp_path / "report.json"
    ff("report", "--plan", "demo", "--format", "json", "-o", str(out), "--as-of", "2026-06-01")
    assert '"progress": 75.0' in out.read_text("utf-8") and parent in out.read_text("utf-8")
    ff("--by", "赵某", "accept", parent, env=TODAY, expect=None)  # still refused: its children are open
    assert _state(ff, parent) == "active"


def test_a_cycle_of_parents_is_two_broken_files(ff, plans, complete_item) -> None:
    a, b, c = (complete_item(title) for title in ("甲", "乙", "丙"))
    for item, parent in ((a, b), (b, a)):
        path = plans / "demo" / f"{item}.yaml"
        path.write_text(path.read_text("utf-8").replace("title:", f"parent: {parent}\ntitle:", 1), "utf-8")
    for lang, word in (("en", "parent"), ("zh", "上级")):
        result = ff("--lang", lang, "check", expect=None)
        assert result.exit_code != 0
        broken = [line for line in (result.stdout + result.stderr).splitlines() if "demo/" in line and word in line]
        assert len(broken) == 2 and any(f"{a}.yaml" in line for line in broken) and any(f"{b}.yaml" in line for line in broken)
    listed = [r["id"] for r in json.loads(ff("list", "--json").stdout)]
    assert listed == [c]  # the others still list; the two in the loop are reported, never spun on
    assert ff("list", "--tree").exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_of_a_parent_lists_its_children(ff, complete_item, lang: str) -> None:
    parent, there, here = _two_plans(ff, complete_item)
    text = ff("--lang", lang, "show", parent, env=TODAY).stdout
    heading = {"zh": "子任务", "en": "Sub-items"}[lang]
    section = text.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0].splitlines()
    words = {"zh": ("推进中", "绿灯", "黄灯"), "en": ("active", "green", "yellow")}[lang]
    assert section[1].split() == [there, "园区基础设施配套", "unit", words[0], "100%", "3", words[1]]
    assert section[2].split()[:6] == [here, "企业入驻服务", "demo", words[0], "0%", "1"]
    assert f"\n{heading}\n" not in ff("--lang", lang, "show", here, env=TODAY).stdout  # no children, no section
    assert json.loads(ff("show", here, "--json", env=TODAY).stdout)["children"] == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["P", "  A", "    G", "  B", "X"]),  # by id: GX-001 (A) before SY-002 (B) under SY-001
        (("--sort", "due"), ["X", "P", "  B", "  A", "    G"]),  # siblings keep the sort; children stay under
        (("--plan", "unit"), ["A", "  G"]),  # A's parent filtered out: A at the top
        (("--state", "draft"), ["G", "P", "  B", "X"]),
    ],
)
def test_list_tree_indents_children_under_their_parent(ff, args: tuple[str, ...], expected: list[str]) -> None:
    from fivefold.render.text import width

    ff("plan", "new", "unit", "--title", "区工信局工作计划", "--prefix", "GX", env=TODAY)
    made = [  # key, plan, title, parent key, extra
        ("P", "demo", "重点任务", None, ()),
        ("A", "unit", "甲子任务", "P", ("--due", "2026-12-30")),
        ("B", "demo", "乙子任务", "P", ("--due", "2026-12-20")),
        ("G", "unit", "孙任务", "A", ()),
        ("X", "demo", "另一项", None, ("--due", "2026-10-31")),
    ]
    ids: dict[str, str] = {}
    for key, plan, title, parent, extra in made:
        under = ("--parent", ids[parent]) if parent else ()
        ids[key] = ff("new", "--plan", plan, title, *COMPLETE_PLAN, *under, *extra, env=TODAY).stdout.strip()
    ff("start", ids["A"], env=TODAY)
    names = {v: k for k, v in ids.items()}
    titles = {"P": "重点任务", "A": "甲子任务", "B": "乙子任务", "G": "孙任务", "X": "另一项"}
    for lang, state_words in (("zh", ("谋划中", "推进中")), ("en", ("draft", "active"))):
        lines = ff("--lang", lang, "list", "--tree", *args, env=TODAY).stdout.splitlines()
        title_at = width(lines[0][: lines[0].index(t("f.title", lang))])
        got, state_at = [], set()
        for line in lines[1:]:
            key = names[line.split(" ", 1)[0]]
            title = titles[key]
            indent = width(line[: line.index(title)]) - title_at
            got.append(" " * indent + key)
            state_at |= {width(line[: line.index(f" {w} ")]) for w in state_words if f" {w} " in line}
        assert got == expected, lines
        assert len(state_at) == 1, lines  # the columns after the title stay aligned, CJK cells counted
    rows = [r["id"] for r in json.loads(ff("list", "--tree", "--json", *args, env=TODAY).stdout)]
    assert [names[i] for i in rows] == [e.strip() for e in expected]  # --json: the same order, no indent


@pytest.mark.slow  # real git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("commit_first", [False, True], ids=["index", "committed-children"])
def test_the_pre_commit_check_sees_the_family(ff, plans, complete_item, git_home, monkeypatch, commit_first: bool) -> None:
    """`check --staged` reads one file at a time from git: a parent's children (in another plan, committed
    earlier or staged with it) are still its roadmap, and a child past its parent's due date still fails."""
    parent, there, here = _two_plans(ff, complete_item)
    root = plans.parent
    monkeypatch.chdir(root)
    git = lambda *args: subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "start")
    if commit_first:
        git("add", "plans/unit", "plans/fivefold.yaml")
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "children")
    git("add", "-A")
    assert ff("check", "--staged").exit_code == 0
    path = plans / "demo" / f"{here}.yaml"
    path.write_text(path.read_text("utf-8").replace("due: 2026-12-31", "due: 2027-03-31"), "utf-8")
    git("add", "-A")
    result = ff("--lang", "en", "check", "--staged", expect=1)
    assert f"outside its parent {parent}" in result.stdout


def test_the_example_shows_each_point_of_issue_18(example) -> None:
    """The shipped example (frozen copy): a 重点任务 with weighted 子任务, one unit written three ways, a falling target."""
    parent = json.loads(example("--as-of", "2026-11-27", "show", "SY-006", "--json").stdout)
    assert [(c["id"], c["weight"]) for c in parent["children"]] == [("SY-007", 2.0), ("SY-008", 1.0)]
    rows = json.loads(example("--as-of", "2026-11-27", "list", "--unit", "区工信局", "--json").stdout)
    assert {"SY-010", "SY-025"} <= {r["id"] for r in rows}  # 双阳区工业和信息化局 and 工信局 are 区工信局
    air = json.loads(example("--as-of", "2026-11-27", "show", "SY-024", "--json").stdout)
    pm = next(t for t in air["task_sheet"]["targets"] if t["name"] == "PM2.5平均浓度")
    assert (pm["direction"], pm["baseline"], pm["target"], air["measures"]["PM2.5平均浓度"]) == ("down", 42, 35, 38.5)
    checked = example("--lang", "en", "--as-of", "2026-11-27", "check")
    assert "not listed" not in checked.stdout and "outside its parent" not in checked.stdout  # every unit listed
