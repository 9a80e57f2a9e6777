"""Help and usage errors in the user's language (issue 14 §2): every command, option and argument has
catalogue help in both languages, metavars say what is wanted, click's own usage errors are one line
from the catalogue with exit 2, and global options are read after the command too (§3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from fivefold import i18n
from fivefold.cli.argv import hoist
from fivefold.cli.localize import cells, command_key, param_key, takes_value, walk, wrap
from fivefold.cli.main import app, make_app

ROOT = get_command(make_app())
TREE = list(walk(ROOT))


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


@pytest.mark.parametrize("path", [path for path, _ in TREE], ids=lambda p: p or "fivefold")
def test_every_command_and_parameter_has_catalogue_help_in_both_languages(path):
    command = dict(TREE)[path]
    missing = []
    key = command_key(path)
    if not i18n.has(key) or len(set(i18n.HELP[key])) != 2:
        missing.append(key)
    for param in command.params:
        if param.name == "help":
            continue
        help_key = param_key("opt", path, param.name)
        if help_key is None or len(set(i18n.HELP[help_key])) != 2:
            missing.append(f"opt.{path}.{param.name}: help missing or the same in zh and en")
        if takes_value(param) and param_key("meta", path, param.name) is None:
            missing.append(f"meta.{path}.{param.name}: no metavar")
    assert missing == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_help_screen_shows_a_type_for_a_metavar_or_an_english_heading_in_chinese(lang):
    for path, _ in TREE:
        result = _run("--lang", lang, *path.split("."), "--help") if path else _run("--lang", lang, "--help")
        assert result.exit_code == 0, (path, result.output)
        assert not re.search(r"<str>|<int>|<float>|\bTEXT\b|\bINTEGER\b|\bFLOAT\b|<path>", result.output), (path, result.output)
        if lang == "zh":
            for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[required]", "[default:"):
                assert english not in result.output, (path, english)


def test_the_chinese_help_reads_as_an_office_worker_expects():
    result = _run("--lang", "zh", "new", "--help", env={"COLUMNS": "100"})
    assert result.output.startswith("用法：fivefold new [选项] {标题}")
    for words in ("牵头单位", "责任人", "完成时限", "验收标准", "--lead-unit 单位", "--due 日期", "选项："):
        assert words in result.output
    top = _run("--help", env={"FIVEFOLD_LANG": "zh"}).output
    assert "验收销号" in top and "命令：" in top
    assert "--install-completion" not in top  # typer's own options are replaced by the completion command


def test_help_lines_fit_the_width_in_terminal_cells():
    # click's test runner fixes the help width at 80 columns; a Chinese character takes two of them
    for path, _ in TREE:
        for lang in ("zh", "en"):
            result = _run("--lang", lang, *path.split("."), "--help") if path else _run("--lang", lang, "--help")
            assert max(cells(line) for line in result.output.splitlines()) <= 80, (path, lang)


def test_wrapping_breaks_chinese_between_characters_but_not_before_punctuation():
    assert wrap("一二三四，五六", 8) == ["一二三", "四，五六"]
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("averyveryverylongword x", 5) == ["averyveryverylongword", "x"]


# (arguments, zh message, en message): click's own usage errors, as the issue found them in English
USAGE_ERRORS = [
    (["show"], "fivefold: 缺少编号（用 fivefold show -h 查看用法）", "fivefold: missing argument ID (see fivefold show -h)"),
    (
        ["note"],
        "fivefold: 缺少进展情况（用 fivefold note -h 查看用法）",
        "fivefold: missing argument PROGRESS (see fivefold note -h)",
    ),
    (
        ["list", "--bogus"],
        "fivefold: 没有 --bogus 这个选项（用 fivefold list -h 查看用法）",
        "fivefold: no such option: --bogus (see fivefold list -h)",
    ),
    (
        ["show", "A", "B"],
        "fivefold: 多了参数：B（用 fivefold show -h 查看用法）",
        "fivefold: unexpected extra argument(s): B (see fivefold show -h)",
    ),
    (
        ["block", "X"],
        "fivefold: 缺少选项 --reason（用 fivefold block -h 查看用法）",
        "fivefold: missing option --reason (see fivefold block -h)",
    ),
    (
        ["lst"],
        "fivefold: 没有 lst 这个命令，是不是 list？（用 fivefold -h 查看用法）",
        "fivefold: no such command: lst; did you mean list? (see fivefold -h)",
    ),
    (["list", "--light"], "fivefold: 选项 --light 后面要写一个值", "fivefold: option --light needs a value"),
    (
        ["list", "--lang", "fr"],
        "fivefold: --lang 的值不对：fr (zh | en)（用 fivefold -h 查看用法）",
        "fivefold: invalid value for --lang: fr (zh | en) (see fivefold -h)",
    ),
    (
        ["step", "add", "X", "t", "--weight", "x"],
        "fivefold: --weight 的值不对：x 不是数字（",
        "fivefold: invalid value for --weight: x is not a number (",
    ),
    (
        ["step", "add", "X", "t", "--days", "0"],
        "fivefold: --days 的值不对：0 超出范围（应为 1<=x<=9999）（",
        "fivefold: invalid value for --days: 0 is out of range (1<=x<=9999) (",
    ),
    (
        ["report", "--remind-days", "3天"],
        "fivefold: --remind-days 的值不对：3天 不是整数（",
        "fivefold: invalid value for --remind-days: 3天 is not a whole number (",
    ),
]


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else None)
def test_usage_errors_are_one_line_from_the_catalogue_with_exit_2(ff, args, zh, en):
    for lang, expected in (("zh", zh), ("en", en)):
        result = ff(*args, env={"FIVEFOLD_LANG": lang}, expect=2)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(expected), result.stderr


def test_the_language_of_usage_errors_comes_from_lang_anywhere_and_from_the_workspace(ff, plans):
    assert "缺少编号" in ff("show", "--lang", "zh", expect=2).stderr
    assert "缺少编号" in ff("--lang", "zh", "show", expect=2).stderr
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8") + "language: zh\n", "utf-8")
    result = ff("show", env={"FIVEFOLD_LANG": ""}, expect=2)
    assert "缺少编号" in result.stderr


def test_no_arguments_shows_the_help_in_the_language():
    result = _run(env={"FIVEFOLD_LANG": "zh"})
    assert "用法：fivefold" in result.output and result.exit_code == 2


# §3: global options after the command
def test_global_options_are_accepted_after_the_command(ff, plans):
    ff("new", "园区建设", "--area", "industry")
    ff("note", "SY-001", "进展顺利", "--by", "张某", "--as-of", "2026-11-20")
    shown = ff("history", "SY-001", "--json").stdout
    assert "张某" in shown and "2026-11-20" in shown
    assert "谋划中" in ff("list", "--lang", "zh").stdout
    assert "draft" in ff("list", "--lang=en").stdout


def test_hoisting_leaves_the_commands_own_options_and_their_values_alone():
    assert hoist(ROOT, ["note", "X", "--by", "张某"]) == ["--by", "张某", "note", "X"]
    assert hoist(ROOT, ["--plans", "p", "note", "X", "--on", "--by", "t"]) == ["--plans", "p", "note", "X", "--on", "--by", "t"]
    assert hoist(ROOT, ["step", "done", "X", "s1", "--lang=zh", "--debug"]) == ["--lang=zh", "--debug", "step", "done", "X", "s1"]
    assert hoist(ROOT, ["note", "X", "--", "--by"]) == ["note", "X", "--", "--by"]
    assert hoist(ROOT, ["nosuch", "--by", "x"]) == ["nosuch", "--by", "x"]


# The help screens shown in README.md are the app's own output (refreshed with --update-goldens).
README = Path(__file__).resolve().parent.parent / "README.md"
SCREEN = re.compile(r"<!-- help (zh|en): (.*?) -->\n```text\n\$ [^\n]*\n(.*?)```\n<!-- /help -->", re.S)


def _screen(lang: str, args: str) -> str:
    result = _run("--lang", lang, *args.split())
    assert result.exit_code == 0
    return result.stdout


def test_the_readme_help_screens_are_the_apps_own(request):
    text = README.read_text("utf-8")
    screens = SCREEN.findall(text)
    assert {(lang, args) for lang, args, _ in screens} >= {("zh", "--help"), ("en", "list --help"), ("zh", "list --help")}

    def fresh(m: re.Match[str]) -> str:
        lang, args = m[1], m[2]
        return f"<!-- help {lang}: {args} -->\n```text\n$ fivefold --lang {lang} {args}\n{_screen(lang, args)}```\n<!-- /help -->"

    updated = SCREEN.sub(fresh, text)
    if request.config.getoption("--update-goldens"):
        README.write_text(updated, "utf-8")
    assert updated == text, "README.md's help screens differ from the app's (pytest tests/test_help.py --update-goldens)"
