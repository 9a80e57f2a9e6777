"""A deterministic generator of an N-item fivefold workspace (and the same items as Taskwarrior tasks).

    python bench/generate.py --items 10000 --out /tmp/ws10k
    python bench/generate.py --items 10000 --out /tmp/ws10k --taskwarrior /tmp/tasks10k.json

OUT gets fivefold.yaml, .gitignore and one plan folder `bench/` (plan.yaml, prefix BN, six focus
areas like the shipped example) with N item files BN-001.yaml … (3 digits, more when needed). Items
look like real ones: Chinese titles assembled from word lists, a goal, 1–2 targets, lead and partner
units, leader and owner, 3–7 roadmap steps with deliverables and `after` chains, a timeline whose
step dues sit inside [start, due] (2024–2027), ~20 % with a parent (an earlier item), and a log of
3–15 entries that follows the closed loop as of 2026-11-27 (the benchmark's FIVEFOLD_TODAY).

Every item is drawn from its own seeded random stream (seed, number), so item k is the same whatever
N is: the 100-item workspace is the first 100 items of the 10,000-item one. Stdlib only; the YAML is
written by string templating in the layout fivefold itself writes (log entries in flow style, `log`
last) with the roadmap and targets in the block style people use when they write a plan by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 27)
FIRST_START = dt.date(2024, 1, 2)
LAST_START = dt.date(2027, 6, 30)
PERIOD_END = dt.date(2027, 12, 31)
PREFIX = "BN"
PLAN = "bench"
UUID_NS = uuid.UUID("6f1c3f0e-2b7a-5d41-9a55-0f1e5f5b2c11")

AREAS = {
    "study": "学习宣传贯彻",
    "industry": "现代化产业体系",
    "urban_rural": "城乡融合发展",
    "ecology": "生态环境质量",
    "livelihood": "全民共同富裕",
    "party": "全面从严治党",
}

PLACES = ["全区", "城区", "开发区", "东部片区", "西部片区", "南部乡镇", "北部乡镇", "中心城区", "临空经济区", "现代农业园区"]

# area -> (verbs, objects, suffixes, lead units, targets (name, unit, low, high))
WORDS: dict[str, tuple[list[str], list[str], list[str], list[str], list[tuple[str, str, int, int]]]] = {
    "study": (
        ["深化", "推动", "开展", "组织", "抓好", "推进"],
        [
            "党的二十大精神宣讲",
            "理论学习中心组学习",
            "“五进”宣传活动",
            "新时代文明实践",
            "干部专题培训",
            "网络宣传阵地建设",
            "基层宣讲队伍建设",
            "主题党日活动",
            "青年理论学习小组",
            "红色教育基地建设",
        ],
        ["全覆盖行动", "提质增效", "专项行动", "常态化机制", "示范创建", "年度计划"],
        ["区委宣传部", "区委组织部", "区委党校", "区文明办", "团区委", "区融媒体中心"],
        [
            ("宣讲场次", "场", 50, 600),
            ("培训人次", "人次", 500, 20000),
            ("覆盖村（社区）", "个", 20, 220),
            ("发布稿件", "篇", 100, 2000),
        ],
    ),
    "industry": (
        ["推动", "加快", "实施", "打造", "培育", "壮大", "建设"],
        [
            "新能源汽车零部件产业园",
            "梅花鹿全产业链",
            "数字经济产业园",
            "农产品精深加工园区",
            "现代物流枢纽",
            "招商引资重点项目",
            "专精特新企业梯队",
            "生物医药产业集群",
            "文旅融合示范区",
            "智能制造示范工厂",
            "冷链物流中心",
            "电商直播基地",
        ],
        ["建设", "提质增效", "扩能升级", "竣工投产", "三年行动", "攻坚行动", "招商推介"],
        ["区工信局", "区发改局", "区商务局", "区营商局", "区农业农村局", "区文旅局", "区科技局"],
        [
            ("入驻企业", "家", 5, 60),
            ("新增产值", "亿元", 2, 80),
            ("签约项目", "个", 3, 40),
            ("新增就业", "人", 100, 3000),
            ("固定资产投资", "亿元", 1, 50),
        ],
    ),
    "urban_rural": (
        ["推进", "实施", "加快", "完善", "开展", "建设"],
        [
            "城区供热管网改造",
            "老旧小区改造",
            "农村公路提档升级",
            "美丽乡村示范村",
            "县域商业体系",
            "城乡供水一体化",
            "农村人居环境整治",
            "城市更新片区",
            "智慧停车设施",
            "农村电网改造",
            "城乡公交一体化",
            "数字乡村试点",
        ],
        ["工程", "三年行动", "提档升级", "示范创建", "全域推进", "攻坚行动"],
        ["区住建局", "区交通局", "区农业农村局", "区城管局", "区自然资源局", "区水利局"],
        [
            ("改造管网", "公里", 5, 120),
            ("改造小区", "个", 5, 80),
            ("受益户数", "户", 500, 30000),
            ("建成示范村", "个", 3, 30),
            ("新改建道路", "公里", 10, 200),
        ],
    ),
    "ecology": (
        ["实施", "推进", "开展", "打好", "深化", "强化"],
        [
            "双阳河水系综合治理",
            "黑土地保护利用",
            "大气污染联防联控",
            "农业面源污染治理",
            "矿山生态修复",
            "国土绿化",
            "饮用水水源地保护",
            "秸秆综合利用",
            "河湖长制落实",
            "垃圾分类处理",
            "湿地保护修复",
            "污水处理厂提标改造",
        ],
        ["工程", "攻坚战", "专项整治", "长效机制", "示范项目", "三年行动"],
        ["区生态环境分局", "区水利局", "区林业局", "区自然资源局", "区农业农村局", "区城管局"],
        [
            ("断面水质达标率", "%", 90, 100),
            ("治理面积", "亩", 1000, 50000),
            ("植树造林", "亩", 500, 20000),
            ("秸秆综合利用率", "%", 80, 98),
            ("优良天数", "天", 280, 340),
        ],
    ),
    "livelihood": (
        ["实施", "推进", "开展", "提升", "完善", "办好"],
        [
            "文化惠民工程",
            "城乡居民医保扩面",
            "就业创业服务",
            "养老服务体系",
            "义务教育优质均衡",
            "困难群众救助",
            "社区卫生服务能力",
            "全民健身设施",
            "托育服务体系",
            "职业技能培训",
            "农村低收入人口帮扶",
            "食品安全示范创建",
        ],
        ["工程", "提质行动", "民生实事", "全覆盖行动", "示范创建", "年度计划"],
        ["区民政局", "区人社局", "区卫健局", "区教育局", "区文旅局", "区医保局", "区市场监管局"],
        [
            ("新增就业岗位", "个", 200, 5000),
            ("培训人次", "人次", 300, 10000),
            ("惠及群众", "人", 1000, 80000),
            ("建成服务站点", "个", 5, 60),
            ("群众满意度", "%", 85, 98),
        ],
    ),
    "party": (
        ["推进", "深化", "开展", "加强", "严格", "落实"],
        [
            "基层党组织标准化建设",
            "作风建设专项整治",
            "党风廉政建设",
            "干部队伍建设",
            "巡察整改",
            "清廉机关建设",
            "“五化”闭环工作法推行",
            "党建引领基层治理",
            "村（社区）两委换届",
            "年轻干部培养",
            "政务服务效能提升",
            "督查检查考核",
        ],
        ["专项行动", "提质增效", "示范创建", "长效机制", "全覆盖行动", "年度计划"],
        ["区委组织部", "区纪委监委", "区委督查室", "区委办", "区委政法委", "区政务服务局"],
        [
            ("达标党组织", "个", 20, 300),
            ("整改问题", "项", 10, 200),
            ("培训干部", "人次", 100, 5000),
            ("督查事项", "项", 20, 400),
        ],
    ),
}

# Roadmap stages in their natural order: (title, deliverable). Steps are drawn in this order.
STAGES = [
    ("开展摸底调研", "调研报告"),
    ("制定实施方案", "实施方案"),
    ("完成立项审批", "立项批复"),
    ("落实资金和要素保障", "资金拨付文件"),
    ("组织招标采购", "招标文件"),
    ("召开动员部署会", "动员会纪要"),
    ("推进主体实施", "工作台账"),
    ("开展中期评估", "中期评估报告"),
    ("组织专项督导", "督导通报"),
    ("完成主要建设任务", "完工验收记录"),
    ("组织竣工验收", "验收报告"),
    ("开展成效评估", "成效评估报告"),
    ("形成工作总结", "工作总结"),
    ("建立长效机制", "制度文件"),
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
PARTNERS = [
    "区发改局",
    "区财政局",
    "区自然资源局",
    "区住建局",
    "区审计局",
    "区统计局",
    "区司法局",
    "区应急局",
    "各乡镇（街道）",
    "区融媒体中心",
    "区税务局",
    "区公安分局",
]
EFFECTS = [
    "形成可复制可推广的经验做法",
    "群众获得感明显增强",
    "年度目标任务全面完成",
    "推动工作提质增效",
    "实现预期建设目标",
    "建立常态长效工作机制",
]
NOTES = [
    "月调度：按计划推进",
    "召开推进会，协调解决用地问题",
    "已完成阶段性任务，进入下一环节",
    "督导组现场检查，提出整改意见",
    "进度滞后，已约谈责任单位",
    "资金已拨付到位",
    "与配合单位召开对接会",
    "上报季度进展情况",
    "完成专家评审",
    "市级督查反馈问题已整改",
]
BLOCK_REASONS = ["资金未到位", "用地手续待审批", "施工许可待办理", "受汛期影响暂停施工", "征拆协调未完成", "上级批复未下达"]
UNBLOCK_NOTES = ["问题已协调解决", "手续已办结", "资金已到位，恢复推进"]
CANCEL_REASONS = ["上级政策调整，事项取消", "与其他事项合并实施", "选址调整，另行立项", "经研究不再实施"]
REJECT_REASONS = ["佐证材料不全，退回补充", "指标未达验收标准，退回整改", "验收资料不规范，退回完善"]
EXTEND_REASONS = ["审批周期延长，申请延期", "资金拨付滞后，申请延期", "受季节影响，工期顺延"]
CADENCES = ["weekly", "biweekly", "monthly", "monthly", "quarterly"]
EDITABLE = ["goal", "acceptance", "partner_units", "deliverables"]


@dataclass
class Step:
    id: str
    title: str
    deliverable: str
    due: dt.date
    after: list[str] = field(default_factory=list)
    weight: int = 1
    owner: str | None = None


@dataclass
class GenItem:
    n: int
    id: str
    title: str
    area: str
    parent: str | None
    goal: str
    targets: list[tuple[str, str, int]]
    lead_unit: str
    partners: list[str]
    leader: str
    owner: str
    acceptance: str
    steps: list[Step]
    start: dt.date
    due: dt.date
    cadence: str
    log: list[dict] = field(default_factory=list)  # dicts with date, by, event and the event's fields
    state: str = "draft"
    done: set[str] = field(default_factory=set)


def item_id(n: int) -> str:
    return f"{PREFIX}-{n:03d}"


def _person(rng: random.Random, avoid: str | None = None) -> str:
    while True:
        name = rng.choice(SURNAMES) + "某"
        if name != avoid:
            return name


def _days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


class _Log:
    """Appends entries in date order (never after TODAY), with `at` times rising within a day."""

    def __init__(self, item: GenItem, rng: random.Random) -> None:
        self.item, self.rng = item, rng
        self.last = dt.date.min

    def add(self, when: dt.date, event: str, by: str | None = None, **fields: object) -> dt.date:
        when = min(max(when, self.last), TODAY)
        self.last = when
        self.item.log.append({"date": when, "by": by or self.item.owner, "event": event, **fields})
        return when


def build_item(n: int, seed: int = 1) -> GenItem:
    rng = random.Random(f"fivefold-bench:{seed}:{n}")
    area = rng.choice(list(AREAS))
    verbs, objects, suffixes, units, targets = WORDS[area]
    obj = rng.choice(objects)
    place = rng.choice(PLACES)
    title = f"{rng.choice(verbs)}{'' if place == '全区' and rng.random() < 0.5 else place}{obj}{rng.choice(suffixes)}"
    lead = rng.choice(units)
    partners = rng.sample([u for u in PARTNERS + units if u != lead], rng.randint(1, 4))
    leader = _person(rng)
    owner = _person(rng, avoid=leader)
    chosen_targets = rng.sample(targets, rng.randint(1, 2))
    tvals = []
    for name, unit, low, high in chosen_targets:
        tvals.append((name, unit, rng.randint(low, high)))
    parent = item_id(rng.randint(max(1, n - 300), n - 1)) if n > 1 and rng.random() < 0.2 else None

    span_days = (LAST_START - FIRST_START).days
    start = _days(FIRST_START, rng.randint(0, span_days))
    due = _days(start, rng.randint(90, max(90, min(900, (PERIOD_END - start).days))))
    span = (due - start).days

    k = rng.randint(3, 7)
    stage_idx = sorted(rng.sample(range(len(STAGES)), k))
    offsets = [rng.randint(max(7, span * i // k), max(7, span * (i + 1) // k)) for i in range(k)]  # rising
    offsets[-1] = max(offsets[-1], span - rng.randint(0, min(20, span // 10)))
    steps: list[Step] = []
    for i, (si, off) in enumerate(zip(stage_idx, offsets, strict=True)):
        stitle, deliverable = STAGES[si]
        step = Step(id=f"s{i + 1}", title=stitle, deliverable=deliverable, due=_days(start, off))
        if i >= 1:
            r = rng.random()
            if i >= 2 and r < 0.15:
                step.after = [f"s{i - 1}", f"s{i}"]
            elif i >= 2 and r < 0.25:
                step.after = [f"s{i - 1}"]
            else:
                step.after = [f"s{i}"]
        if rng.random() < 0.2:
            step.weight = 2
        if rng.random() < 0.15:
            step.owner = _person(rng, avoid=owner)
        steps.append(step)

    item = GenItem(
        n=n,
        id=item_id(n),
        title=title,
        area=area,
        parent=parent,
        goal=f"完成{place}{obj}各项任务，{rng.choice(EFFECTS)}",
        targets=tvals,
        lead_unit=lead,
        partners=partners,
        leader=leader,
        owner=owner,
        acceptance=f"{steps[-1].deliverable}通过验收，{tvals[0][0]}达到{tvals[0][2]}{tvals[0][1]}",
        steps=steps,
        start=start,
        due=due,
        cadence=rng.choice(CADENCES),
    )
    _simulate(item, rng)
    _trim(item)
    return item


OPTIONAL = ("note", "measure", "step_progress", "edited")
MAX_LOG = 15


def _trim(item: GenItem) -> None:
    """Keep the log within MAX_LOG entries by dropping entries that change no state."""
    while len(item.log) > MAX_LOG:
        drop = next((i for i, e in enumerate(item.log) if e["event"] in OPTIONAL), None)
        if drop is None:
            break
        del item.log[drop]


def _simulate(item: GenItem, rng: random.Random) -> None:
    """A log that follows the closed loop, as it stands on TODAY."""
    log = _Log(item, rng)
    start, due = item.start, item.due
    created = min(_days(start, -rng.randint(3, 45)), _days(TODAY, -rng.randint(0, 30)))
    log.add(created, "created")
    if rng.random() < 0.15:
        log.add(_days(created, rng.randint(0, 5)), "edited", fields=[rng.choice(EDITABLE)])
    if start > TODAY or rng.random() < 0.03:  # not started (yet): draft or ready
        if rng.random() < 0.65:
            log.add(_days(created, rng.randint(1, 10)), "ready")
            item.state = "ready"
        for _ in range(rng.randint(max(0, 3 - len(item.log)), 3)):
            log.add(_days(log.last, rng.randint(1, 20)), "note", note=rng.choice(NOTES))
        if rng.random() < 0.04:
            log.add(_days(log.last, rng.randint(1, 20)), "cancel", reason=rng.choice(CANCEL_REASONS))
            item.state = "cancelled"
        return

    log.add(_days(start, -rng.randint(1, 5)), "ready")
    log.add(_days(start, rng.randint(0, 3)), "start")
    item.state = "active"
    budget = rng.randint(6, MAX_LOG)  # the log's length: progress entries fill up to it
    fate = rng.random()
    cancel_at = _days(start, rng.randint(30, max(31, (due - start).days))) if fate < 0.05 else None
    block_at = _days(start, rng.randint(20, max(21, (due - start).days))) if rng.random() < 0.12 else None
    extended = False
    slack = rng.choice([-20, -10, -5, 0, 0, 5, 10, 25, 45])  # how the item keeps to its plan

    def room() -> int:
        return budget - len(item.log)

    for step in item.steps:
        done_on = _days(step.due, slack + rng.randint(-10, 10))
        if cancel_at is not None and cancel_at <= done_on:
            break
        if block_at is not None and block_at <= done_on:
            back = _days(block_at, rng.randint(10, 60))
            log.add(block_at, "block", reason=rng.choice(BLOCK_REASONS))
            item.state = "blocked"
            block_at = None
            if back > TODAY:
                return
            log.add(back, "unblock", note=rng.choice(UNBLOCK_NOTES))
            item.state = "active"
            done_on = max(done_on, _days(back, rng.randint(5, 30)))
        if not extended and rng.random() < 0.04 and len(item.steps) <= 5 and _days(due, -30) > log.last and log.last < TODAY:
            when = _days(log.last, rng.randint(1, 20))
            if when < due:
                new_due = min(_days(due, rng.randint(30, 120)), PERIOD_END)
                if new_due > due:
                    log.add(when, "extend", due=new_due, reason=rng.choice(EXTEND_REASONS))
                    extended = True
        if done_on > TODAY:
            mid = max(log.last, _days(TODAY, -rng.randint(0, 40)))
            if room() > 1 and mid <= TODAY:
                log.add(mid, "step_progress", step=step.id, progress=rng.choice([10, 20, 30, 40, 50, 60, 70, 80]))
            if room() > 0 and item.targets:
                name, _, target = rng.choice(item.targets)
                log.add(mid, "measure", target=name, value=round(target * rng.uniform(0.1, 0.8), 1))
            break
        if room() > 4 and rng.random() < 0.5:
            log.add(_days(done_on, -rng.randint(10, 40)), "step_progress", step=step.id, progress=rng.choice([30, 50, 60]))
        extra = {"note": f"{step.deliverable}已形成"} if rng.random() < 0.3 else {}
        log.add(done_on, "step_done", step=step.id, **extra)
        item.done.add(step.id)
        if room() > 3 and rng.random() < 0.5 and item.targets:
            name, _, target = rng.choice(item.targets)
            share = len(item.done) / len(item.steps)
            value = round(target * share * rng.uniform(0.8, 1.1), 1)
            log.add(_days(done_on, rng.randint(0, 3)), "measure", target=name, value=value)
        if room() > 3 and rng.random() < 0.6:
            log.add(_days(done_on, rng.randint(1, 25)), "note", note=rng.choice(NOTES))

    if cancel_at is not None and cancel_at <= TODAY:
        log.add(cancel_at, "cancel", reason=rng.choice(CANCEL_REASONS))
        item.state = "cancelled"
        return
    if len(item.done) < len(item.steps) or rng.random() < 0.08:
        while room() > 0 and log.last < TODAY and rng.random() < 0.7:
            log.add(_days(log.last, rng.randint(5, 40)), "note", note=rng.choice(NOTES))
        return  # still under way (possibly late)
    # all steps done: report it finished (报结), and have it verified (验收销号) by someone else
    evidence = "、".join(s.deliverable for s in item.steps[-3:])
    submitted = log.add(_days(log.last, rng.randint(1, 10)), "submit", evidence=evidence)
    if submitted >= TODAY:
        item.state = "review"
        return
    item.state = "review"
    verdict = _days(submitted, rng.randint(3, 20))
    if verdict > TODAY:
        return
    if rng.random() < 0.12 and len(item.log) <= MAX_LOG - 3:
        log.add(verdict, "reject", by=item.leader, reason=rng.choice(REJECT_REASONS))
        item.state = "active"
        again = _days(verdict, rng.randint(5, 30))
        if again > TODAY:
            return
        log.add(again, "submit", evidence=evidence + "（补充材料）")
        item.state = "review"
        verdict = _days(again, rng.randint(3, 15))
        if verdict > TODAY:
            return
    log.add(verdict, "accept", by=item.leader)
    item.state = "closed"


def build(n_items: int, seed: int = 1) -> list[GenItem]:
    return [build_item(n, seed) for n in range(1, n_items + 1)]


# --- YAML ----------------------------------------------------------------------------------------


def _flow_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def item_yaml(item: GenItem) -> str:
    out = [f"id: {item.id}", f"title: {item.title}", f"area: {item.area}"]
    if item.parent:
        out.append(f"parent: {item.parent}")
    out += ["task_sheet:", f"  goal: {item.goal}", "  targets:"]
    for name, unit, target in item.targets:
        shown = f'"{unit}"' if unit == "%" else unit
        out += [f"    - name: {name}", f"      unit: {shown}", f"      target: {target}"]
    out += [
        f"  lead_unit: {item.lead_unit}",
        "  partner_units:",
        *(f"    - {u}" for u in item.partners),
        f"  leader: {item.leader}",
        f"  owner: {item.owner}",
        "  deliverables:",
    ]
    out += [f"    - {s.deliverable}" for s in item.steps]
    out += [f"  acceptance: {item.acceptance}", "roadmap:"]
    for s in item.steps:
        out += [f"  - id: {s.id}", f"    title: {s.title}", f"    deliverable: {s.deliverable}"]
        if s.after:
            out.append(f"    after: [{', '.join(s.after)}]")
        if s.weight != 1:
            out.append(f"    weight: {s.weight}")
        if s.owner:
            out.append(f"    owner: {s.owner}")
    out += ["timeline:", f"  start: {item.start}", f"  due: {item.due}", f"  cadence: {item.cadence}", "  steps:"]
    out += [f"    {s.id}: {{due: {s.due}}}" for s in item.steps]
    out.append("log:")
    minute_of: dict[dt.date, int] = {}
    for e in item.log:
        when = e["date"]
        minute = minute_of.get(when, 9 * 60 + (item.n * 7) % 50)
        minute_of[when] = minute + 17
        at = f"'{when}T{minute // 60:02d}:{minute % 60:02d}:00+08:00'"
        fields = "".join(f", {k}: {_flow_value(v)}" for k, v in e.items() if k not in ("date", "by", "event"))
        out.append(f"  - {{at: {at}, date: {when}, by: {e['by']}, event: {e['event']}{fields}}}")
    return "\n".join(out) + "\n"


def plan_yaml(n_items: int) -> str:
    areas = "\n".join(f"  {k}: {v}" for k, v in AREAS.items())
    return (
        "title: 基准测试工作计划（生成数据）\n"
        "organisation: fivefold bench\n"
        f"prefix: {PREFIX}\n"
        f"period: {{start: 2024-01-01, end: {PERIOD_END}}}\n"
        f"# generated by bench/generate.py: {n_items} items, as of {TODAY}\n"
        "illustrative: true\n"
        f"areas:\n{areas}\n"
    )


SETTINGS_YAML = (
    "# fivefold workspace settings (benchmark)\n"
    "language: zh\n"
    "thresholds: {soon_days: 14, step_grace_days: 7, yellow_lag: 10, red_lag: 30, review_days: 7, upcoming_days: 30}\n"
    "self_review: forbidden\n"
)


def write_workspace(items: list[GenItem], out: Path) -> None:
    plan_dir = out / PLAN
    plan_dir.mkdir(parents=True, exist_ok=True)
    (out / "fivefold.yaml").write_text(SETTINGS_YAML, encoding="utf-8")
    (out / ".gitignore").write_text(".fivefold/\n", encoding="utf-8")
    (plan_dir / "plan.yaml").write_text(plan_yaml(len(items)), encoding="utf-8")
    for item in items:
        (plan_dir / f"{item.id}.yaml").write_text(item_yaml(item), encoding="utf-8")


# --- Taskwarrior ---------------------------------------------------------------------------------

OPEN = {"draft", "ready", "active", "blocked", "review"}


def _tw_date(d: dt.date, hour: int = 0) -> str:
    return f"{d:%Y%m%d}T{hour:02d}0000Z"


def task_uuid(item_id_: str, seed: int = 1) -> str:
    return str(uuid.uuid5(UUID_NS, f"{seed}/{item_id_}"))


def taskwarrior_records(items: list[GenItem], seed: int = 1, all_pending: bool = False) -> list[dict]:
    """The same items as Taskwarrior import records (pending for open items; closed → completed,
    cancelled → deleted, unless all_pending)."""
    records = []
    for item in items:
        rng = random.Random(f"tw:{seed}:{item.n}")
        entry = item.log[0]["date"]
        last = item.log[-1]["date"]
        rec: dict[str, object] = {
            "uuid": task_uuid(item.id, seed),
            "description": item.title,
            "project": item.area,
            "entry": _tw_date(entry, 1),
            "modified": _tw_date(last, 9),
            "due": _tw_date(item.due),
            "tags": [item.state, item.cadence],
            "priority": rng.choice(["H", "M", "M", "L", "L", "L"]),
        }
        if item.state in ("active", "blocked", "review"):
            rec["start"] = _tw_date(item.start, 1)
        if item.state in OPEN or all_pending:
            rec["status"] = "pending"
        else:
            rec["status"] = "completed" if item.state == "closed" else "deleted"
            rec["end"] = _tw_date(last, 9)
        records.append(rec)
    return records


def write_taskwarrior(items: list[GenItem], path: Path, seed: int = 1, all_pending: bool = False) -> None:
    records = taskwarrior_records(items, seed, all_pending)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, required=True, help="number of work items (N)")
    ap.add_argument("--out", type=Path, help="the workspace folder to write (created; must not hold a workspace)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--taskwarrior", type=Path, metavar="FILE.json", help="also write the N items as Taskwarrior import JSON")
    ap.add_argument("--all-pending", action="store_true", help="Taskwarrior: every task pending (closed/cancelled too)")
    args = ap.parse_args(argv)
    if args.items < 1:
        ap.error("--items must be at least 1")
    if args.out is None and args.taskwarrior is None:
        ap.error("give --out DIR and/or --taskwarrior FILE.json")
    items = build(args.items, args.seed)
    if args.out is not None:
        if (args.out / "fivefold.yaml").exists():
            ap.error(f"{args.out} already holds a workspace")
        write_workspace(items, args.out)
    if args.taskwarrior is not None:
        write_taskwarrior(items, args.taskwarrior, args.seed, args.all_pending)
    states: dict[str, int] = {}
    for item in items:
        states[item.state] = states.get(item.state, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
    print(f"{args.items} items ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
