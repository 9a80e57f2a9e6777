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
    "yaml_alias": (
        "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出来",
        "YAML anchors and aliases (& and *) are not allowed; write the values out",
    ),
    "too_deep": ("{where}：嵌套超过 {limit} 层", "{where}: nested more than {limit} levels deep"),
    "bad_scalar": ("{where}：{value} 不是有效的 {tag} 值", "{where}: {value} is not a valid {tag} value"),
    "bad_date_value": ("{where}：{value} 不是有效的日期", "{where}: {value} is not a valid date"),
    "number_too_large": ("{where}：数字位数过多，无法读取", "{where}: the number has too many digits to read"),
    "lock_timeout": (
        "工作区被另一个 fivefold 进程占用超过 {seconds} 秒（{path}）",
        "the workspace has been locked by another fivefold process for over {seconds} s ({path})",
    ),
    "lock_timeout_held": (
        "工作区被进程 {pid}（{command}）占用超过 {seconds} 秒，未做任何修改（{path}）",
        "the workspace has been locked by process {pid} ({command}) for over {seconds} s; nothing was written ({path})",
    ),
    "lock_waiting": (
        "工作区正被进程 {pid}（{command}）占用（自 {since} 起），正在等待……",
        "waiting for the workspace lock, held by process {pid} ({command}) since {since} …",
    ),
    "lock_waiting_unknown": ("工作区正被另一个进程占用，正在等待……", "waiting for the workspace lock, held by another process …"),
    "lock_unusable": ("无法使用工作区锁文件 {path}：{reason}", "cannot use the workspace lock file {path}: {reason}"),
    "bad_lock_timeout": (
        "环境变量 FIVEFOLD_LOCK_TIMEOUT 应为秒数（如 30），现在是“{value}”",
        "FIVEFOLD_LOCK_TIMEOUT must be a number of seconds (e.g. 30), not '{value}'",
    ),
    "read_only_file": ("{path} 是只读文件，未做任何修改", "{path} is read-only; nothing was written"),
    "target_is_folder": ("{path} 是一个文件夹，不是文件，未做任何修改", "{path} is a folder, not a file; nothing was written"),
    "item_not_a_file": ("名称像事项文件，但不是普通文件（是文件夹？），已跳过", "named like an item file but not a file (a folder?); skipped"),
    "journal_damaged": (
        "撤销记录 {path} 已损坏，按不存在处理（已另存为 {aside}）",
        "the undo journal entry {path} is damaged and is ignored (set aside as {aside})",
    ),
    "recovery_failed": (
        "上次中断的操作（{command}）无法完成或撤回：{reason}；解决后重试，在此之前不做任何修改",
        "the command cut short earlier ({command}) can be neither finished nor put back: {reason}; nothing is written until it can",
    ),
    "recovery_conflict": (
        "上次中断的操作（{command}）未能完全撤回：{path} 在中断后被改动过，已保持原样",
        "the command cut short earlier ({command}) could not be fully put back: {path} has changed since; left as it is",
    ),
    "invalid": ("文件有错误", "the file has errors"),
    # errors: schema
    "not_item_mapping": ("事项文件的顶层必须是映射（key: value）", "an item file must be a mapping (key: value) at the top"),
    "missing_field": ("缺少字段 {field}", "missing field {field}"),
    "not_text": ("{field} 应为文本", "{field} must be text"),
    "not_text_list": ("{field} 应为文本列表", "{field} must be a list of text"),
    "not_date": ("{field} 不是日期：{value}（应为 YYYY-MM-DD）", "{field} is not a date: {value} (expected YYYY-MM-DD)"),
    "not_number": ("{field} 应为数字：{value}", "{field} must be a number: {value}"),
    "number_out_of_range": ("{field} 的数值超出范围：{value}", "{field} is out of range: {value}"),
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
    "bad_threshold": ("未知阈值 {name}（可选：{allowed}）", "unknown threshold {name} (one of: {allowed})"),
    "bad_prefix": (
        "编号前缀 {prefix} 无效（字母开头，仅字母数字，最多 32 个字符）",
        "invalid id prefix {prefix} (a letter, then letters or digits; 32 at most)",
    ),
    "bad_language": ("语言 {value} 无效（zh 或 en）", "invalid language {value} (zh or en)"),
    "bad_self_review": ("self_review 应为 allowed 或 forbidden：{value}", "self_review must be allowed or forbidden: {value}"),
    "bad_ranking": (
        "ranking 应列出排名依据（不重复）：{value}；可用：{allowed}",
        "ranking must list ranking criteria, each once: {value}; allowed: {allowed}",
    ),
    "bad_check_label": ("check_labels 的键应为 1–5：{name}", "check_labels keys must be 1–5: {name}"),
    "duplicate_prefix": ("编号前缀 {prefix} 已被计划 {other} 使用", "id prefix {prefix} is already used by plan {other}"),
    # errors: commands
    "bad_date": ("无法识别的日期：{text}。可用格式：{forms}", "unrecognised date: {text}. Accepted forms: {forms}"),
    "not_found": ("找不到事项 {id}", "no item {id}"),
    "not_an_id": ("{text} 不是事项编号（如 SY-001）", "{text} is not an item id (e.g. SY-001)"),
    "item_broken": ("事项 {id} 的文件有错误，请先修复：{detail}", "item {id}'s file is broken; fix it first: {detail}"),
    "plan_not_found": ("找不到计划 {plan}（现有：{plans}）", "no plan {plan} (there are: {plans})"),
    "plan_exists": ("计划 {plan} 已存在", "plan {plan} already exists"),
    "bad_plan_name": (
        "计划名 {plan} 无效（字母数字、- 和 _，最多 100 个字符）",
        "invalid plan name {plan} (letters, digits, - and _; 100 at most)",
    ),
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
    "control_char": (
        "“{field}”中有控制字符 {char}：这一项只能写一行文字，不能含换行、制表符、ESC 或文字方向控制符，请删去后重试",
        "{field} holds the control character {char}: it is one line of text, without line breaks, tabs, ESC or "
        "text-direction controls; remove it and try again",
    ),
    "control_char_text": (
        "“{field}”中有控制字符 {char}：可以分行，但不能含 ESC、制表符或文字方向控制符，请删去后重试",
        "{field} holds the control character {char}: it may run over several lines, but may not hold ESC, tabs or "
        "text-direction controls; remove it and try again",
    ),
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
    "breaks_history": (
        "按 {date} 登记会使之后的记录不合流程，未写入：请按实际顺序登记",
        "an entry dated {date} would put later entries out of the loop; nothing written (record events in the order they happened)",
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
        "修改无效，未写入（{reason}）；你的修改保存在 {path}",
        "the edit is invalid and was not written ({reason}); your copy is kept at {path}",
    ),
    "edit_conflict": (
        "编辑期间事项已被修改，未写入；你的修改保存在 {path}",
        "the item changed while you edited it; nothing written; your copy is kept at {path}",
    ),
    "edit_log_changed": ("已有的日志条目不能修改，只能追加", "existing log entries cannot be changed, only appended to"),
    "edit_id_changed": ("编辑时不能修改编号", "the id cannot be changed by editing"),
    "reopen_prompt": ("重新打开编辑器修改？", "re-open the editor to fix it?"),
    # errors: import (任务分解表)
    "import_encoding": (
        "{path} 既不是 UTF-8 也不是 GB18030 编码的文本：请在 Excel 中另存为“CSV UTF-8”",
        '{path} is neither UTF-8 nor GB18030 text: save it from Excel as "CSV UTF-8"',
    ),
    "import_workbook": (
        "{path} 是 Excel 工作簿，不是 CSV：请在 Excel 中另存为“CSV UTF-8”",
        '{path} is an Excel workbook, not CSV: save it from Excel as "CSV UTF-8"',
    ),
    "import_bad_csv": ("{path} 不是有效的 CSV：{reason}", "{path} is not valid CSV: {reason}"),
    "import_empty": ("{path} 是空表", "{path} is empty"),
    "import_no_rows": ("{path} 只有表头，没有任务行", "{path} has a header but no rows"),
    "import_no_title": (
        "找不到任务名称列（现有列：{columns}）；可用 --map 列名=title 指定",
        "no title column (the columns are: {columns}); name it with --map COLUMN=title",
    ),
    "import_bad_map": ('--map 应写作 "列名=字段"：{text}', '--map is written "COLUMN=FIELD": {text}'),
    "import_unknown_field": (
        "--map {text}：未知字段 {field}（可选：{fields}）",
        "--map {text}: unknown field {field} (one of: {fields})",
    ),
    "import_unknown_column": (
        "--map 指定的列 {column} 不在表中（现有列：{columns}）",
        "--map names a column {column} the table does not have (columns: {columns})",
    ),
    "import_row": ("第 {row} 行：{problems}", "row {row}: {problems}"),
    "import_bad_rows": ("{count} 行有错误，未导入任何事项", "{count} bad row(s); nothing imported"),
    "import_no_title_value": ("缺少任务名称", "no title"),
    "import_control_char": (
        "含有控制字符 {char}，请在表格中删去",
        "holds the control character {char}; remove it from the table",
    ),
    "import_bad_date": ("“{text}”不是可识别的日期", '"{text}" is not a date'),
    "import_date_forms": (
        "可用的日期格式：{forms}，以及 2026年3月底、2026年底、2026年上半年、3月底前",
        "accepted dates: {forms}, and 2026年3月底, 2026年底, 2026年上半年, 3月底前",
    ),
    "import_step_no_title": ("步骤“{text}”只有日期，没有名称", 'step "{text}" has a date but no title'),
    "import_parent_later": ("上级任务 {ref} 须是前面某一行的序号", "parent {ref} must be the 序号 of an earlier row"),
    "import_parent_unknown": (
        "上级任务 {ref} 既不是前面某一行的序号，也不是已有事项的编号",
        "parent {ref} is neither the 序号 of an earlier row nor an existing item",
    ),
    "import_ignored_columns": (
        "提醒：未识别的列已忽略：{columns}（可用 --map 列名=字段 指定）",
        "warning: unrecognised columns ignored: {columns} (map them with --map COLUMN=FIELD)",
    ),
    "import_duplicate_column": (
        "提醒：列 {column} 与前面的列同为 {field}，已忽略",
        "warning: column {column} is a second {field} column; ignored",
    ),
    # results
    "workspace_created": ("已创建工作区 {path}", "created workspace {path}"),
    "plan_created": ("已创建计划 {plan}（前缀 {prefix}）", "created plan {plan} (prefix {prefix})"),
    "done_event": ("{id}：{event}（{state}）", "{id}: {event} ({state})"),
    "undone": ("已撤销：{command}（{files} 个文件）", "undone: {command} ({files} file(s))"),
    "updated": ("已更新 {id}：{fields}", "updated {id}: {fields}"),
    "imported": (
        "已从 {file} 导入 {count} 个事项到计划 {plan}；fivefold undo 可一次全部撤销",
        "imported {count} item(s) from {file} into plan {plan}; one fivefold undo reverts them all",
    ),
    "import_preview": (
        "预览：将从 {file} 导入 {count} 个事项到计划 {plan}（未写入）",
        "dry run: would import {count} item(s) from {file} into plan {plan}; nothing written",
    ),
    "unchanged": ("{id} 未改变", "{id} unchanged"),
    "warn_open_steps": ("提醒：{id} 还有未完成的步骤：{steps}", "warning: {id} still has open steps: {steps}"),
    "check_ok": ("{count} 个事项，全部通过", "{count} item(s), all pass"),
    "check_summary": (
        "{count} 个事项：{failed} 个未通过，{warnings} 条提醒，{broken} 个文件有错误",
        "{count} item(s): {failed} failing, {warnings} warning(s), {broken} broken file(s)",
    ),
    "reading_files": ("读取事项文件", "reading item files"),
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
    # team use through git (sync, git-setup, autocommit)
    "git.not_repo": (
        "{path} 不在 git 仓库中：先在那里运行 git init，或克隆本单位的仓库",
        "{path} is not inside a git repository: run git init there, or clone your unit's repository",
    ),
    "git.missing": ("无法运行 git：{reason}", "cannot run git: {reason}"),
    "git.failed": ("git {command} 失败：{detail}", "git {command} failed: {detail}"),
    "git.commit_failed": ("提交被拒绝，未同步：{detail}", "the commit was refused; nothing synced: {detail}"),
    "git.busy": (
        "仓库正处于未完成的 {what}：解决冲突后运行 fivefold sync --continue，或运行 fivefold sync --abort",
        "the repository is in the middle of a {what}: resolve it and run fivefold sync --continue, or run fivefold sync --abort",
    ),
    "git.detached": (
        "当前不在任何分支上（HEAD 游离）：先用 git switch 切换到一个分支",
        "HEAD is detached (not on a branch): git switch to a branch first",
    ),
    "git.fetch_failed": (
        "无法从 {remote} 获取：{detail}（更改已提交在本地，未丢失任何内容）",
        "could not fetch from {remote}: {detail} (your changes are committed locally; nothing lost)",
    ),
    "git.push_failed": (
        "无法推送到 {remote}：{detail}（更改已提交在本地，下次 sync 时推送）",
        "could not push to {remote}: {detail} (your changes are committed locally; the next sync pushes them)",
    ),
    "git.conflict": (
        "同步已暂停：{files} 在本地和远端的同一处都有修改，无法自动合并。未丢失任何内容：文件中 <<<<<<< 与 >>>>>>> 之间保留了双方的版本。请编辑这些文件，再运行 fivefold sync --continue（或运行 fivefold sync --abort 放弃本次同步，回到本地提交）",
        "sync stopped: {files} changed both here and upstream in the same place and cannot be combined automatically. Nothing is lost: the file holds both versions between <<<<<<< and >>>>>>>. Edit it, then run fivefold sync --continue (or fivefold sync --abort to go back to your local commits)",
    ),
    "git.still_conflicted": (
        "{files} 仍含冲突标记（<<<<<<<）：请先编辑解决",
        "{files} still hold conflict markers (<<<<<<<): edit them first",
    ),
    "git.still_invalid": (
        "{files} 还不是有效的事项文件：运行 fivefold check 查看原因，改好后再继续",
        "{files} do not load as items yet: fivefold check says why; fix them, then continue",
    ),
    "git.outgoing_fails": (
        "同步停在推送之前：合并后的结果未通过检查（{files}，原因见上）。合并已完成并提交在本地，未推送任何内容。请修改好（如 fivefold update、extend），再运行 fivefold sync",
        "sync stopped before pushing: the merged result fails fivefold check ({files}; why is listed above). The merge is done and committed locally; nothing pushed. Fix it (fivefold update, extend …), then run fivefold sync again",
    ),
    "git.not_syncing": ("没有暂停中的同步可以继续或放弃", "there is no stopped sync to continue or abort"),
    "git.write_while_stopped": (
        "同步因冲突暂停中，现在不能修改（放弃同步时会丢掉这次修改）：解决冲突后运行 fivefold sync --continue，或运行 fivefold sync --abort 放弃同步，然后再操作。本次未写入任何内容",
        "a sync is stopped on a conflict, so nothing can be written now (giving the sync up would lose it): fix the conflict and run fivefold sync --continue, or run fivefold sync --abort, then try again; nothing written",
    ),
    "git.write_while_busy": (
        "仓库正处于未完成的 git {what}，现在不能修改：先完成它（git {what} --continue）或放弃它（git {what} --abort），然后再操作。本次未写入任何内容",
        "the repository is in the middle of a git {what}, so nothing can be written now: finish it (git {what} --continue) or give it up (git {what} --abort), then try again; nothing written",
    ),
    "git.autocommit_busy": (
        "仓库正处于未完成的 {what}，本次未自动提交",
        "the repository is in the middle of a {what}; not committed",
    ),
    "git.autocommit_failed": (
        "已写入，但自动提交到 git 失败：{detail}",
        "written, but the automatic git commit failed: {detail}",
    ),
    "setup.hook_exists": (
        "{path} 已有别的提交前钩子，未作任何改动：请在其中加入一行 {line}，再运行 fivefold git-setup --no-hook",
        "{path} already holds another pre-commit hook; nothing changed: add the line {line} to it, then run fivefold git-setup --no-hook",
    ),
    # several workspaces
    "ws.several": (
        "此命令只作用于一个工作区，现在给出了 {count} 个（{names}）：请只用一个 --plans，或给出事项编号",
        "this command works on one workspace, but {count} are given ({names}): pass a single --plans, or name an item",
    ),
    "ws.ambiguous": (
        "{id} 在多个工作区中都有（{names}）：请用 --plans 指定一个",
        "{id} is in several workspaces ({names}): choose one with --plans",
    ),
    "ws.bad_list": ("{path}：workspaces 应为文件夹路径的列表", "{path}: workspaces must be a list of folder paths"),
    "ws.listed_missing": (
        "{path} 不是工作区（缺少 fivefold.yaml），它列在 {settings} 的 workspaces 中",
        "{path} is not a workspace (no fivefold.yaml); it is listed under workspaces in {settings}",
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
    "f.fields": ("字段", "fields"),
    "cadence.weekly": ("每周", "weekly"),
    "cadence.biweekly": ("每两周", "biweekly"),
    "cadence.monthly": ("每月", "monthly"),
    "cadence.quarterly": ("每季度", "quarterly"),
    "f.rectifications": ("整改轮次", "Rectifications"),
    "f.step": ("步骤", "Step"),
    "f.note": ("备注", "Note"),
    "f.actor": ("操作人（--by）", "The actor (--by)"),
    "f.reason": ("原因", "Reason"),
    "f.evidence": ("佐证材料", "Evidence"),
    "f.plan_title": ("计划标题", "Plan title"),
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
    "f.row": ("行", "Row"),
    "f.step_count": ("步骤数", "Steps"),
    "doc.task_sheet": ("任务书", "Task sheet"),
    "doc.roadmap": ("路线图", "Roadmap"),
    "doc.timeline": ("时间表", "Timeline"),
    "doc.log": ("工作日志（全程留痕）", "Log"),
    "doc.extensions": ("延期记录", "Extensions"),
    "dash.more": ("……另有 {{count}} 项（{hint}）", "… and {{count}} more ({hint})"),
    "dash.title": ("五化闭环工作台账", "Five-check closed-loop dashboard"),
    "dash.as_of": ("截至 {date}", "as of {date}"),
    "dash.items": ("{count} 个事项", "{count} items"),
    "dash.no_light": ("未亮灯", "no light"),
    "dash.by_workspace": ("按工作区", "By workspace"),
    "f.workspace": ("工作区", "Workspace"),
    "sync.committed": ("已提交：{subject}", "committed: {subject}"),
    "sync.nothing": ("没有需要提交的更改", "nothing to commit"),
    "sync.renumbered": (
        "编号已调整：{old} → {new}（远端已有 {old}），上级事项引用已同步更新",
        "renumbered {old} → {new} ({old} was taken upstream); parent references updated",
    ),
    "sync.merged_log": ("已合并 {path} 的日志（双方的记录都保留）", "combined the log of {path} (both sides' entries kept)"),
    "sync.merged_keys": ("已合并 {path}：双方新增的内容都保留", "combined {path}: both sides' additions kept"),
    "sync.pulled": ("已从 {upstream} 取回 {count} 个提交", "pulled {count} commit(s) from {upstream}"),
    "sync.up_to_date": ("与 {upstream} 一致，无需取回", "nothing new on {upstream}"),
    "sync.pushed": ("已推送 {count} 个提交到 {upstream}", "pushed {count} commit(s) to {upstream}"),
    "sync.no_push": ("没有需要推送的提交", "nothing to push"),
    "sync.no_remote": (
        "未配置远端仓库：更改只提交在本地（添加远端：git remote add origin 地址）",
        "no remote configured: changes are committed locally only (add one with: git remote add origin URL)",
    ),
    "sync.aborted": ("已放弃本次同步：回到本地提交，未推送任何内容", "sync aborted: back to your local commits; nothing pushed"),
    "sync.renumber_undone": ("编号调整已撤销：{new} 恢复为 {old}", "the renumbering was undone: {new} is {old} again"),
    "sync.abort_not_restored": (
        "同步已放弃，但未能退回到同步开始前的提交（{detail}）：分支停在 git rebase --abort 留下的位置，未丢失任何提交",
        "sync aborted, but the branch could not be put back as it was before the sync ({detail}): it stays where git rebase --abort left it; no commit is lost",
    ),
    "sync.abort_kept_renumbering": (
        "同步已放弃，但未能退回到同步开始前的提交（{detail}）：编号调整 {kept} 仍保留，下次 sync 会一并处理",
        "sync aborted, but the commits from before the sync could not be put back ({detail}): the renumbering {kept} stays; the next sync carries on from there",
    ),
    "sync.repo": ("仓库 {path}：", "repository {path}:"),
    "setup.attributes": ("已写入 {path}：事项文件的日志按并集合并", "wrote {path}: item logs merge as a union"),
    "setup.attributes_ok": ("{path} 已设置好", "{path} is already set up"),
    "setup.ignore": (
        "已在 {path} 中加入 {lines}：工具状态和临时文件不会提交到 git",
        "added {lines} to {path}: tool state and temporary files stay out of git",
    ),
    "setup.ignore_ok": ("{path} 已排除工具状态和临时文件", "{path} already keeps tool state and temporary files out"),
    "setup.driver": (
        "已在本仓库的 git 配置中注册合并驱动 fivefold-log",
        "registered the fivefold-log merge driver in this repository's git config",
    ),
    "setup.hook": ("已安装提交前检查：{path}", "installed the pre-commit check: {path}"),
    "setup.hook_ok": ("提交前检查已安装：{path}", "the pre-commit check is already installed: {path}"),
    "setup.no_hook": ("未安装提交前检查（--no-hook）", "no pre-commit check installed (--no-hook)"),
    "setup.commit": (
        "请提交 .gitattributes 和 .gitignore，让其他克隆也使用它们（fivefold sync 会一并提交）；每个克隆都要运行一次 fivefold git-setup",
        "commit .gitattributes and .gitignore so that other clones use them too (fivefold sync does); run fivefold git-setup once in every clone",
    ),
    "dash.by_area": ("按重点领域", "By focus area"),
    "dash.by_unit": ("按牵头单位（红黑榜排名）", "By lead unit (ranked)"),
    "dash.col_items": ("事项", "Items"),
    "dash.col_closed": ("销号", "Closed"),
    "dash.col_green": ("绿", "Green"),
    "dash.col_yellow": ("黄", "Yellow"),
    "dash.col_red": ("红", "Red"),
    "dash.col_progress": ("平均进度", "Mean progress"),
    "dash.col_on_time": ("按期销号率", "On time"),
    "dash.overdue": ("逾期事项（{count}）", "Overdue ({count})"),
    "dash.due_soon": ("{days} 天内到期（{count}）", "Due within {days} days ({count})"),
    "dash.changes": ("近期变化（自 {since}，{count} 条）", "Changes since {since} ({count})"),
    "gantt.title": ("挂图作战 · {start} 至 {end} · 截至 {as_of}", "Gantt · {start} to {end} · as of {as_of}"),
    "gantt.legend": (
        "图例：{done} 已完成部分  {plan} 计划时段  {ms} 节点（{msd} 已完成）  {today} 今天",
        "legend: {done} done  {plan} planned  {ms} milestone ({msd} done)  {today} today",
    ),
    "gantt.empty": ("所选时段内没有事项", "no items in this period"),
    "gantt.bad_range": ("--from 应早于 --to", "--from must be before --to"),
    "why.overdue": ("逾期 {days} 天", "{days} days overdue"),
    "why.step_overdue": ("步骤 {step}「{title}」逾期 {days} 天", "step {step} “{title}” {days} days overdue"),
    "why.lag": ("滞后序时进度 {points} 个百分点", "{points} points behind schedule"),
    "why.blocked": ("受阻：{reason}", "blocked: {reason}"),
    "why.review": ("待验收已 {days} 天", "awaiting acceptance for {days} days"),
    "why.not_started": ("应于 {date} 启动而未启动", "should have started on {date}"),
    "why.due_soon": ("距到期还有 {days} 天", "due in {days} days"),
    "why.children": ("子事项 {ids} 为{light}", "sub-items {ids}: {light}"),
    "rep.news": ("分项调度情况", "Item by item"),
    "rep.progress": ("本期进展", "Progress this period"),
    "rep.problems": ("存在问题", "Problems"),
    "rep.next": ("下一步", "Next"),
    "news.step_done": ("完成步骤 {step}「{title}」", "step {step} “{title}” done"),
    "news.step_progress": ("步骤 {step}「{title}」完成 {value}%", "step {step} “{title}” at {value}%"),
    "news.measure": ("{subject} 实测 {value}", "{subject} measured {value}"),
    "news.blocked": ("受阻：{text}", "blocked: {text}"),
    "news.step": ("推进步骤 {step}「{title}」，{due} 前完成", "step {step} “{title}”, due {due}"),
    "rep.title": ("工作推进情况报告", "Progress report"),
    "rep.as_of": ("截至 {date}，共 {count} 个事项", "As of {date}: {count} items"),
    "rep.period": ("调度期内变化（{since} 至 {until}）", "Changes in the period ({since} to {until})"),
    "rep.period_summary": (
        "共 {changes} 项变化：销号 {closed} 项，新增红灯 {red} 项，延期 {ext} 项，退回整改 {rect} 项",
        "{changes} changes: {closed} closed, {red} newly red, {ext} extended, {rect} sent back for rectification",
    ),
    "rep.newly_red": ("新增红灯", "Newly red"),
    "rep.ranking": ("红黑榜", "Ranking of lead units"),
    "rep.warnings": ("预警事项（{count}）", "Warnings ({count})"),
    "rep.reasons": ("预警原因", "Reasons"),
    "rep.board": ("榜单", "Board"),
    "board.red": ("红榜", "honour roll"),
    "board.black": ("黑榜", "black list"),
    "rep.lag": ("平均滞后", "Mean lag"),
    "rep.rule": (
        "排名规则：依次比较{criteria}，各项均相同的并列；没有办结事项（或没有在办事项）的单位，该项按各单位平均值计，不加分也不减分。"
        "红榜：无逾期、无红灯，且至少有一项已销号或超序时进度；黑榜：有逾期或红灯事项。",
        "Ranking rule: compared in turn by {criteria}; units equal on all of them share a rank. A unit with "
        "nothing closed (or nothing open) counts as the mean of the others on that criterion, neither helped nor hurt. "
        "Honour roll: no overdue or red item, and at least one item closed or ahead of schedule; black list: an overdue or red item.",
    ),
    "crit.overdue": ("逾期事项数（少者在前）", "overdue items (fewer first)"),
    "crit.red": ("红灯数（少者在前）", "red lights (fewer first)"),
    "crit.yellow": ("黄灯数（少者在前）", "yellow lights (fewer first)"),
    "crit.on_time_rate": ("按期销号率（高者在前）", "on-time close rate (higher first)"),
    "crit.lag": ("平均滞后序时进度（小者在前）", "mean lag behind schedule (smaller first)"),
    "rep.rank": ("名次", "Rank"),
    "rep.overdue_count": ("逾期数", "Overdue"),
    "rep.area_summary": (
        "{items} 个事项，销号 {closed}，绿灯 {green}、黄灯 {yellow}、红灯 {red}，平均进度 {progress}",
        "{items} items, {closed} closed; green {green}, yellow {yellow}, red {red}; mean progress {progress}",
    ),
    "rep.latest": ("最新进展", "Latest note"),
    "rep.seq": ("序号", "No."),
    "rep.today": ("今天", "today"),
    "rep.written": ("已写入 {path}", "written to {path}"),
    "rep.out_is_dir": ("{path} 是文件夹，请给出文件名", "{path} is a folder: give a file name"),
    "rep.out_no_dir": ("无法写入 {path}：文件夹 {dir} 不存在", "cannot write {path}: the folder {dir} does not exist"),
    "word.fail": ("未通过", "FAIL"),
    "word.warn": ("提醒", "warning"),
    "word.broken": ("错误", "error"),
    "word.skipped": ("（不合流程，已跳过）", "(breaks the loop; skipped)"),
    "word.illustrative": ("（示例数据）", "(illustrative data)"),
}

_CATALOGUE = {**MESSAGES, **LABELS}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for a key in a language, with parameters filled in. An unknown key shows as itself;
    under test (FIVEFOLD_STRICT_CATALOGUE=1, set by tests/conftest.py) it raises, so none goes unnoticed."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        if os.environ.get("FIVEFOLD_STRICT_CATALOGUE") == "1":
            raise KeyError(f"no message {key!r} in the catalogue (fivefold/i18n.py)")
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    """Whether the catalogue has this key (a field name that may or may not have a label, say)."""
    return key in _CATALOGUE


def locale_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
