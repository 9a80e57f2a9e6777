"""Help and click's own usage errors in the user's language. Every command takes its help from the
catalogue key `help.COMMAND` (`help.plan.new`; the app's own: `help.fivefold`), every option and
argument its help from `opt.COMMAND.NAME` or else `opt.NAME`, and its metavar from `meta.COMMAND.NAME`
or else `meta.NAME` (NAME: the parameter's Python name). A usage error becomes one line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from typer import _click as click  # the click that typer 0.28 vendors (see pyproject.toml)

from fivefold import i18n
from fivefold.cli.argv import values_of


def walk(command: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Each command of the tree with its path ("" for the app, "plan.new" for `plan new`)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, f"{path}.{name}" if path else name)


def command_key(path: str) -> str:
    return f"help.{path or 'fivefold'}"


def param_key(kind: str, path: str, name: str) -> str | None:
    """The catalogue key of a parameter's help (kind "opt") or metavar ("meta"): the command's own
    entry first, then the one shared by every command with a parameter of that name."""
    for key in (f"{kind}.{path}.{name}" if path else None, f"{kind}.{name}"):
        if key is not None and i18n.has(key):
            return key
    return None


def first_sentence(text: str) -> str:
    """Up to the first full stop (。 or ". "), the mark included."""
    m = re.search(r"。|\.(?=\s)", text)
    return text[: m.end()] if m else text


def takes_value(param: Any) -> bool:
    """Does the parameter show a metavar: an argument, or an option that is not a flag."""
    return param.param_type_name == "argument" or not (param.is_flag or param.count)


def localize(root: Any, lang: str) -> None:
    """Put the help and metavars of the whole tree in this language (help is shown and errors are
    formatted from these attributes). A missing key leaves the text as it is: tests/test_help.py fails on it."""
    for path, command in walk(root):
        if i18n.has(command_key(path)):
            command.help = i18n.t(command_key(path), lang)
            command.short_help = first_sentence(command.help)  # the command list shows it whole
        for param in command.params:
            key = param_key("opt", path, param.name)
            if key is not None:
                param.help = i18n.t(key, lang)
            meta = param_key("meta", path, param.name) if takes_value(param) else None
            if meta is not None:
                param.metavar = i18n.t(meta, lang)


class Formatter(click.HelpFormatter):
    """click's help layout with its own words (Usage, Options, [required] …) from the catalogue, wrapped
    and aligned by terminal cells: a Chinese character takes two, and Chinese breaks between characters."""

    lang = "en"

    def _t(self, key: str, **params: Any) -> str:
        return i18n.t(key, self.lang, **params)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", self._t("click.options_usage"))
        args = args.replace("COMMAND [ARGS]...", self._t("click.command_usage"))
        super().write_usage(prog, args, prefix=self._t("click.usage") + ("" if self.lang == "zh" else " "))

    def write_heading(self, heading: str) -> None:
        key = f"click.{heading.lower()}"
        colon = "：" if self.lang == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{self._t(key) if i18n.has(key) else heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        for n, paragraph in enumerate(paragraphs):
            if n:
                self.write("\n")
            for line in wrap(paragraph, max(self.width - self.current_indent, 11)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, self._help(text)) for term, text in rows]
        first_col = min(max((cells(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(text, max(self.width - first_col - 2, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")

    def _help(self, text: str) -> str:
        if text == "Show this message and exit.":
            return self._t("click.help")
        text = text.replace("[required]", self._t("click.required"))
        return re.sub(r"\[default: (.*)\]", lambda m: self._t("click.default", value=m.group(1)), text)


_WIDE = "WF"
_TOKENS = re.compile(r"\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")
_NO_LINE_START = set("，。；：、）》！？”’")


def _last_break(line: str) -> int:
    """Where the line may break last: before its last Chinese character or at its last space (0: nowhere)."""
    for i in range(len(line) - 1, 0, -1):
        if line[i] == " " or cells(line[i]) == 2:
            return i
    return 0


def cells(text: str) -> int:
    """How many terminal cells the text takes."""
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces or between Chinese characters (never before
    a closing punctuation mark); a single word longer than the width stays whole."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if token.isspace():
            token = " "
        if line.strip() and cells(line + token) > width and not token.isspace():
            cut = _last_break(line) if token in _NO_LINE_START else 0
            if cut > 0:  # the word or character before the mark goes down with it
                lines.append(line[:cut].rstrip())
                line = line[cut:].lstrip() + token
            else:
                lines.append(line.rstrip())
                line = token
        elif not (token == " " and not line):
            line += token
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


def language(ctx: Any) -> str:
    root = ctx.find_root()
    return language_of(getattr(root.command, "argv", []), root.obj)


def language_of(argv: list[str], given: Any = None) -> str:
    """The language of help and usage errors, found as a command's own (Env.lang), but from the command
    line as given: help and usage errors may come before the global options are read."""
    from fivefold.cli.env import Env

    env = given if isinstance(given, Env) else Env()
    lang = [v for v in values_of(argv, "--lang") if v in ("zh", "en")]
    plans = values_of(argv, "--plans")
    return replace(env, lang_option=lang[-1] if lang else env.lang_option, plans=tuple(plans) or env.plans).lang


class Context(click.Context):
    """A context whose help is in the user's language: set on every command of the app by `prepare`."""

    formatter_class = Formatter

    def get_help(self) -> str:
        localize(self.find_root().command, language(self))
        return super().get_help()

    def make_formatter(self) -> click.HelpFormatter:
        formatter = super().make_formatter()
        formatter.lang = language(self)  # type: ignore[attr-defined]
        return formatter


def prepare(root: Any) -> None:
    for _path, command in walk(root):
        command.context_class = Context


def usage_message(error: Any, lang: str) -> str:
    """One line for a usage error from click, in the language, with where to look for help."""
    ctx = error.ctx
    if ctx is not None:
        localize(ctx.find_root().command, lang)  # names of arguments as the help shows them
    message = _message(error, lang)
    if ctx is None:
        return message
    return i18n.t("usage.see_help", lang, message=message, command=ctx.command_path)


# click's own words for a number it could not take, in the catalogue's (its range, e.g. 1<=x<=9999, as it is)
_CLICK_DETAILS = (
    (re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$"), "usage.out_of_range"),
    (re.compile(r"^'(?P<value>.*)' is not a valid (?:integer|int)(?: range)?\.$"), "usage.not_integer"),
    (re.compile(r"^'(?P<value>.*)' is not a valid float(?: range)?\.$"), "usage.not_number"),
)


def _detail(message: str, lang: str) -> str:
    for pattern, key in _CLICK_DETAILS:
        found = pattern.match(message)
        if found:
            return i18n.t(key, lang, **found.groupdict())
    return message


def _message(error: Any, lang: str) -> str:
    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    if isinstance(error, click.exceptions.NoSuchOption):
        return t("usage.no_such_option", option=error.option_name) + _suggest(list(error.possibilities or ()), lang)
    if isinstance(error, click.exceptions.BadOptionUsage):
        key = "usage.takes_no_value" if "does not take" in error.message else "usage.needs_value"
        return t(key, option=error.option_name)
    if isinstance(error, click.exceptions.MissingParameter):
        param = error.param
        if param is not None and param.param_type_name == "option":
            return t("usage.missing_option", option=param.opts[0])
        return t("usage.missing_argument", name=param.human_readable_name if param is not None else "")
    if isinstance(error, click.exceptions.BadParameter):
        param = error.param
        hint = error.param_hint or (param.opts[0] if param is not None and param.param_type_name == "option" else None)
        if hint is None and param is not None:
            hint = param.human_readable_name
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        return t("usage.bad_value", param=hint or "", detail=_detail(error.message, lang))
    text = error.message
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", text)
    if extra:
        return t("usage.extra_arguments", args=extra.group(1))
    unknown = re.match(r"No such command '(.*)'\.", text)
    if unknown and error.ctx is not None:
        names = list(getattr(error.ctx.command, "commands", {}))
        import difflib

        close = difflib.get_close_matches(unknown.group(1), names)
        return t("usage.no_such_command", name=unknown.group(1)) + _suggest(close, lang)
    if text.startswith("Missing command"):
        return t("usage.missing_command")
    return text


def _suggest(candidates: list[str], lang: str) -> str:
    return i18n.t("usage.did_you_mean", lang, names=", ".join(candidates[:3])) if candidates else ""
