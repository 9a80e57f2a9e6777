"""The zh/en catalogue: every message and label exists in both languages."""

from __future__ import annotations

import os
from typing import Any

# key: (zh, en). Parameters use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # errors: workspace and files
    "no_workspace": (
        "找不到工作区（fivefold.yaml）：请在工作区内运行、使用 --plans 目录，或先运行 fivefold init",
        "no workspace found (fivefold.yaml): run inside one, pass --plans DIR, or run fivefold init",
    ),
    "not_workspace": ("{path} 不是工作区（缺少 fivefold.yaml）", "{path} is not a workspace (no fivefold.yaml)"),
    "already_workspace": ("{path} 已经是工作区", "{path} is already a workspace"),
    "unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "unwritable": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "too_large": ("文件超过 1 MiB，已拒绝读取", "file is over 1 MiB; refused"),
    "not_utf8": ("不是 UTF-8 文本", "not UTF-8 text"),
    "conflict_markers": (
        "含有合并冲突标记（<<<<<<<），请先解决冲突",
        "contains merge-conflict markers (<<<<<<<); resolve the conflict first",
    ),
    "yaml_error": ("YAML 语法错误：{problem}", "YAML syntax error: {problem}"),
    "lock_timeout": (
        "工作区被另一个 fivefold 进程占用超过 {seconds} 秒（{path}）",
        "the workspace has been locked by another fivefold process for over {seconds} s ({path})",
    ),
    "invalid": ("文件有错误", "the file has errors"),
    "invalid_result": ("修改后的文件无效，未写入：{detail}", "the change would make the file invalid; nothing written: {detail}"),
    # errors: schema
    "not_item_mapping": ("事项文件的顶层必须是映射（key: value）", "an item file must be a mapping (key: value) at the top"),
    "missing_field": ("缺少字段 {field}", "missing field {field}"),
    "not_text": ("{field} 应为文本", "{field} must be text"),
    "not_text_list": ("{field} 应为文本列表", "{field} must be a list of text"),
    "not_date": ("{field} 不是日期：{value}（应为 YYYY-MM-DD）", "{field} is not a date: {value} (expected YYYY-MM-DD)"),
    "not_number": ("{field} 应为数字：{value}", "{field} must be a number: {value}"),
    "not_mapping": ("{field} 应为映射（key: value）", "{field} must be a mapping (key: value)"),
    "not_list": ("{field} 应为列表", "{field} must be a list"),
    "bad_id": ("编号 {id} 无效（应为 前缀-数字，如 SY-001）", "invalid id {id} (expected PREFIX-NUMBER, e.g. SY-001)"),
    "id_file_mismatch": ("编号 {id} 与文件名 {file} 不一致", "id {id} does not match the file name {file}"),
    "duplicate_id": ("编号 {id} 重复（另见 {other}）", "duplicate id {id} (also in {other})"),
    "parent_self": ("上级事项不能是自己：{id}", "an item cannot be its own parent: {id}"),
    "parent_missing": ("上级事项 {id} 不存在", "parent {id} does not exist"),
    "parent_cycle": ("上级事项形成循环：{id}", "parents form a cycle: {id}"),
    "bad_step_id": ("步骤编号 {step} 无效", "invalid step id {step}"),
    "duplicate_step": ("步骤编号 {step} 重复", "duplicate step id {step}"),
    "bad_after": (
        "步骤 {step} 的前置步骤 {ref} 不存在或不在其前",
        "step {step}: 'after' names {ref}, which is not an earlier step",
    ),
    "bad_weight": ("权重必须大于 0：{value}", "weight must be above 0: {value}"),
    "unknown_step": ("未知步骤 {step}", "unknown step {step}"),
    "bad_cadence": ("调度频次 {value} 无效（可选：{allowed}）", "invalid cadence {value} (one of: {allowed})"),
    "bad_event": ("未知的日志事件 {value}", "unknown log event {value}"),
    "entry_no_date": ("日志条目缺少 date 或 at", "log entry has neither date nor at"),
    "bad_percent": ("进度应为 0–100：{value}", "progress must be 0–100: {value}"),
    "bad_threshold": ("未知阈值 {key}（可选：{allowed}）", "unknown threshold {key} (one of: {allowed})"),
    "bad_prefix": (
        "编号前缀 {prefix} 无效（字母开头，仅字母数字）",
        "invalid id prefix {prefix} (a letter, then letters or digits)",
    ),
    "bad_language": ("语言 {value} 无效（zh 或 en）", "invalid language {value} (zh or en)"),
    "bad_self_review": ("self_review 应为 allowed 或 forbidden：{value}", "self_review must be allowed or forbidden: {value}"),
    "bad_check_label": ("check_labels 的键应为 1–5：{key}", "check_labels keys must be 1–5: {key}"),
    "unknown_area_plan": ("领域 {area} 不在计划 {plan} 的 areas 中", "area {area} is not in plan {plan}'s areas"),
    "plan_no_file": ("计划目录缺少 plan.yaml", "plan folder has no plan.yaml"),
    "duplicate_prefix": ("编号前缀 {prefix} 已被计划 {other} 使用", "id prefix {prefix} is already used by plan {other}"),
    # errors: commands
    "bad_date": ("无法识别的日期：{text}。可用格式：{forms}", "unrecognised date: {text}. Accepted forms: {forms}"),
    "not_found": ("找不到事项 {id}", "no item {id}"),
    "not_an_id": ("{text} 不是事项编号（如 SY-001）", "{text} is not an item id (e.g. SY-001)"),
    "item_broken": ("事项 {id} 的文件有错误，请先修复：{detail}", "item {id}'s file is broken; fix it first: {detail}"),
    "plan_not_found": ("找不到计划 {plan}（现有：{plans}）", "no plan {plan} (there are: {plans})"),
    "plan_exists": ("计划 {plan} 已存在", "plan {plan} already exists"),
    "bad_plan_name": ("计划名 {plan} 无效（字母数字、- 和 _）", "invalid plan name {plan} (letters, digits, - and _)"),
    "need_plan": (
        "工作区有多个计划，请用 --plan 指定：{plans}",
        "the workspace has several plans; choose one with --plan: {plans}",
    ),
    "no_plans": (
        "工作区还没有计划：先运行 fivefold plan new NAME --prefix P",
        "the workspace has no plan yet: run fivefold plan new NAME --prefix P",
    ),
    "step_not_found": ("事项 {id} 没有步骤 {step}", "item {id} has no step {step}"),
    "bad_step_spec": ('步骤格式应为 "标题@日期"：{text}', 'a step is written "TITLE@DATE": {text}'),
    "bad_target_spec": ('指标格式应为 "名称=数值 单位"：{text}', 'a target is written "NAME=VALUE UNIT": {text}'),
    "bad_area_spec": ('领域格式应为 "key=名称"：{text}', 'an area is written "KEY=LABEL": {text}'),
    "bad_choice": ("{option} 的取值 {value} 无效（可选：{allowed}）", "invalid value {value} for {option} (one of: {allowed})"),
    "bad_number": ("不是数字：{text}", "not a number: {text}"),
    "bad_percent_arg": ("进度应为 0–100 的数字：{text}", "progress must be a number from 0 to 100: {text}"),
    "unknown_target": (
        "事项 {id} 没有指标 {target}（现有：{targets}）",
        "item {id} has no target {target} (there are: {targets})",
    ),
    "future_date": (
        "日期 {date} 晚于今天 {today}，不能预先登记",
        "{date} is after today ({today}); events cannot be recorded ahead",
    ),
    "before_last_change": (
        "日期 {date} 早于该事项最近一次状态变化（{last}）",
        "{date} is before the item's last state change ({last})",
    ),
    "refused_move": (
        "事项 {id} 当前为“{state}”，不能执行 {event}；可执行：{allowed}",
        "{id} is {state}; {event} is not allowed. Allowed now: {allowed}",
    ),
    "refused_checks": (
        "事项 {id} 未通过五化检查，不能 {event}：{missing}",
        "{id} does not pass the five checks, so it cannot {event}: {missing}",
    ),
    "refused_self_review": (
        "{actor} 是事项 {id} 的责任人，不能验收自己的工作（验收须由他人进行）",
        "{actor} owns {id} and cannot accept their own work (someone else must verify it)",
    ),
    "need_option": ("{event} 需要 --{option}", "{event} needs --{option}"),
    "use_extend": (
        "事项已启动，不能直接修改完成时限：请用 fivefold extend {id} --due 日期 --reason 原因",
        "the item has started; change its deadline with: fivefold extend {id} --due DATE --reason WHY",
    ),
    "step_already_done": ("步骤 {step} 已完成", "step {step} is already done"),
    "extend_not_later": (
        "新的完成时限 {due} 应晚于现行时限 {current}",
        "the new due date {due} must be after the current one ({current})",
    ),
    "nothing_to_update": ("没有要修改的内容", "nothing to change"),
    "nothing_to_undo": ("没有可撤销的操作", "nothing to undo"),
    "undo_changed": ("无法撤销：{path} 在那次操作之后又被修改过", "cannot undo: {path} has changed since that command"),
    "undo_committed": ("无法撤销：该修改已提交到 git（{path}）", "cannot undo: the change has been committed to git ({path})"),
    "no_editor": ("没有可用的编辑器：请设置 $EDITOR", "no editor: set $EDITOR"),
    "editor_failed": ("编辑器退出码 {code}，未作修改", "the editor exited with {code}; nothing changed"),
    "edit_invalid_kept": (
        "修改无效，未写入；你的修改保存在 {path}",
        "the edit is invalid and was not written; your copy is kept at {path}",
    ),
    "edit_conflict": (
        "编辑期间事项已被修改，未写入；你的修改保存在 {path}",
        "the item changed while you edited it; nothing written; your copy is kept at {path}",
    ),
    "edit_log_changed": ("已有的日志条目不能修改，只能追加", "existing log entries cannot be changed, only appended to"),
    "edit_id_changed": ("编辑时不能修改编号", "the id cannot be changed by editing"),
    "reopen_prompt": ("重新打开编辑器修改？", "re-open the editor to fix it?"),
    "unknown_user_config": ("用户配置 {path} 无效：{reason}", "user config {path} is invalid: {reason}"),
    # results
    "created_item": ("已创建 {id}", "created {id}"),
    "workspace_created": ("已创建工作区 {path}", "created workspace {path}"),
    "plan_created": ("已创建计划 {plan}（前缀 {prefix}）", "created plan {plan} (prefix {prefix})"),
    "done_event": ("{id}：{event}（{state}）", "{id}: {event} ({state})"),
    "undone": ("已撤销：{command}（{files} 个文件）", "undone: {command} ({files} file(s))"),
    "updated": ("已更新 {id}：{fields}", "updated {id}: {fields}"),
    "unchanged": ("{id} 未改变", "{id} unchanged"),
    "warn_open_steps": ("提醒：{id} 还有未完成的步骤：{steps}", "warning: {id} still has open steps: {steps}"),
    "check_ok": ("{count} 个事项，全部通过", "{count} item(s), all pass"),
    "check_summary": (
        "{count} 个事项：{failed} 个未通过，{warnings} 条提醒，{broken} 个文件有错误",
        "{count} item(s): {failed} failing, {warnings} warning(s), {broken} broken file(s)",
    ),
    "skipped_entry": (
        "日志第 {index} 条（{event}）在“{state}”状态下不允许，已跳过",
        "log entry {index} ({event}) is not allowed from {state}; skipped",
    ),
    "empty": ("（无）", "(none)"),
    "nothing_matches": ("没有符合条件的事项", "no matching items"),
    # five checks
    "need_title": ("缺少标题", "no title"),
    "need_area": ("缺少重点领域（area）", "no focus area"),
    "unknown_area": ("领域 {area} 不在计划的 areas 中", "area {area} is not one of the plan's areas"),
    "need_goal": ("缺少一句话目标（goal）", "no one-sentence goal"),
    "need_step": ("路线图没有步骤", "the roadmap has no step"),
    "need_target": (
        "没有可量化指标（名称、单位、目标值），也没有验收标准",
        "no measurable target (name, unit, value) and no acceptance standard",
    ),
    "need_lead_unit": ("缺少牵头单位", "no lead unit"),
    "need_owner": ("缺少责任人", "no responsible person"),
    "need_start": ("缺少开始日期", "no start date"),
    "need_due": ("缺少完成时限", "no due date"),
    "due_before_start": ("完成时限 {due} 早于开始日期 {start}", "due {due} is before start {start}"),
    "step_need_due": ("步骤 {step} 没有完成时间", "step {step} has no due date"),
    "step_outside": (
        "步骤 {step} 的时间 {due} 不在开始与完成时限之间",
        "step {step} is due {due}, outside the item's start and due",
    ),
    "step_order": ("步骤 {step} 早于其前置步骤 {ref} 到期", "step {step} is due before the step it follows, {ref}"),
    "step_no_deliverable": ("步骤 {step} 没有成果形式", "step {step} has no deliverable"),
    "target_no_value": ("指标 {target} 没有目标值", "target {target} has no target value"),
    "skipped_entries": (
        "日志中有 {count} 条不合流程的记录（合并所致？），已跳过",
        "{count} log entries break the loop (a merge?) and are skipped",
    ),
}

LABELS: dict[str, tuple[str, str]] = {
    # the five checks
    "check.1": ("工作项目化", "projectised"),
    "check.2": ("项目清单化", "listed"),
    "check.3": ("清单具体化", "specific"),
    "check.4": ("具体责任化", "owned"),
    "check.5": ("责任时限化", "time-bound"),
    # states
    "state.draft": ("谋划中", "draft"),
    "state.ready": ("待启动", "ready"),
    "state.active": ("推进中", "active"),
    "state.blocked": ("受阻", "blocked"),
    "state.review": ("待验收", "review"),
    "state.closed": ("已销号", "closed"),
    "state.cancelled": ("已撤销", "cancelled"),
    # events
    "event.created": ("创建", "created"),
    "event.edited": ("修改", "edited"),
    "event.ready": ("就绪", "ready"),
    "event.start": ("启动", "start"),
    "event.block": ("受阻", "block"),
    "event.unblock": ("解除受阻", "unblock"),
    "event.submit": ("报结", "submit"),
    "event.accept": ("验收销号", "accept"),
    "event.reject": ("退回整改", "reject"),
    "event.cancel": ("撤销", "cancel"),
    "event.reopen": ("重新打开", "reopen"),
    "event.step_done": ("步骤完成", "step done"),
    "event.step_progress": ("步骤进度", "step progress"),
    "event.measure": ("指标实测", "measure"),
    "event.note": ("进展", "note"),
    "event.extend": ("延期", "extend"),
    "event.reassign": ("调整责任", "reassign"),
    # lights and buckets
    "light.green": ("绿灯", "green"),
    "light.yellow": ("黄灯", "yellow"),
    "light.red": ("红灯", "red"),
    "light.done": ("已完成", "done"),
    "light.none": ("—", "—"),
    "bucket.ongoing": ("正在推进", "ongoing"),
    "bucket.upcoming": ("即将启动", "upcoming"),
    "bucket.future": ("未来实施", "future"),
    "bucket.closed": ("已销号", "closed"),
    "bucket.cancelled": ("已撤销", "cancelled"),
    # fields and headings
    "f.id": ("编号", "ID"),
    "f.title": ("事项", "Title"),
    "f.plan": ("计划", "Plan"),
    "f.area": ("领域", "Area"),
    "f.parent": ("上级事项", "Parent"),
    "f.state": ("状态", "State"),
    "f.goal": ("目标", "Goal"),
    "f.targets": ("指标", "Targets"),
    "f.lead_unit": ("牵头单位", "Lead unit"),
    "f.partner_units": ("配合单位", "Partner units"),
    "f.leader": ("责任领导", "Leader"),
    "f.owner": ("责任人", "Owner"),
    "f.deliverables": ("成果形式", "Deliverables"),
    "f.acceptance": ("验收标准", "Acceptance"),
    "f.start": ("开始", "Start"),
    "f.due": ("完成时限", "Due"),
    "f.due_planned": ("原定时限", "Planned due"),
    "f.cadence": ("调度频次", "Cadence"),
    "f.progress": ("进度", "Progress"),
    "f.expected": ("应完成", "Expected"),
    "f.light": ("预警", "Light"),
    "f.bucket": ("分类", "Bucket"),
    "f.overdue_days": ("逾期天数", "Days late"),
    "f.rectifications": ("整改轮次", "Rectifications"),
    "f.step": ("步骤", "Step"),
    "f.after": ("前置", "After"),
    "f.weight": ("权重", "Weight"),
    "f.deliverable": ("成果", "Deliverable"),
    "f.done": ("完成", "Done"),
    "f.date": ("日期", "Date"),
    "f.by": ("操作人", "By"),
    "f.event": ("事件", "Event"),
    "f.detail": ("内容", "Detail"),
    "f.target": ("目标值", "Target"),
    "f.actual": ("实际", "Actual"),
    "f.unit": ("单位", "Unit"),
    "f.prefix": ("前缀", "Prefix"),
    "f.period": ("周期", "Period"),
    "f.areas": ("重点领域", "Focus areas"),
    "f.organisation": ("单位", "Organisation"),
    "f.items": ("事项数", "Items"),
    "doc.task_sheet": ("任务书", "Task sheet"),
    "doc.roadmap": ("路线图", "Roadmap"),
    "doc.timeline": ("时间表", "Timeline"),
    "doc.log": ("工作日志（全程留痕）", "Log"),
    "doc.extensions": ("延期记录", "Extensions"),
    "word.fail": ("未通过", "FAIL"),
    "word.warn": ("提醒", "warning"),
    "word.ok": ("通过", "ok"),
    "word.broken": ("错误", "error"),
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "word.skipped": ("（不合流程，已跳过）", "(breaks the loop; skipped)"),
    "word.illustrative": ("（示例数据）", "(illustrative data)"),
    "word.on_time": ("按期", "on time"),
    "word.late": ("逾期", "late"),
}

_CATALOGUE = {**MESSAGES, **LABELS}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for a key in a language, with parameters filled in. Unknown keys show as themselves."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text


def locale_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
