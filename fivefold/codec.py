"""YAML text <-> model. Bulk reads use PyYAML (libyaml's C loader when present, always safe).

Two write paths keep what people wrote by hand: a progress write appends one line to the end of
`log` without touching the rest of the file; a plan edit goes through ruamel.yaml's round-trip mode,
which keeps comments, key order and unknown keys. A new file is emitted in the layout of DESIGN §3.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from fivefold.errors import Invalid, Problem, SchemaError, shorten
from fivefold.model import Item, Plan, Settings
from fivefold.people import Directory
from fivefold.schema import parse_item, parse_people_file, parse_plan, parse_settings

MAX_DEPTH = 64  # nesting levels a file may have; an item needs five
MAX_INT_BITS = 14_000  # about 4,200 digits: under Python's 4,300-digit limit on printing an int


class BadValue(yaml.YAMLError):
    """A scalar whose tag and text do not fit, or a structure the tool refuses: a message key, its
    parameters and where it is (the key path is found later, only when there is a problem)."""

    def __init__(self, key: str, params: dict[str, Any], mark: Any) -> None:
        super().__init__(key)
        self.key, self.params, self.mark = key, params, mark


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading that refuses a key written twice: PyYAML would keep the last one silently and
    ruamel.yaml (the round-trip path) refuses the file, so the two would disagree."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, f"found duplicate key {key.value}", key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)

    def construct_timestamp(self, node: yaml.ScalarNode) -> Any:
        """2026-02-30 looks like a date but is none (and `!!timestamp x` nothing like one): a located
        problem, not a ValueError."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise BadValue("bad_date_value", {"value": shorten(str(node.value))}, node.start_mark) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value: int = self._scalar(super().construct_yaml_int, node)
        # Python refuses to print an int of over 4,300 digits, and `0x…`, `0b…` and `1:2:3…` build
        # such ints without that check: refuse them here, where the line is known.
        if value.bit_length() > MAX_INT_BITS:
            raise BadValue("number_too_large", {}, node.start_mark)
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        return self._scalar(super().construct_yaml_float, node)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return self._scalar(super().construct_yaml_bool, node)

    @staticmethod
    def _scalar(construct: Callable[[yaml.ScalarNode], Any], node: yaml.ScalarNode) -> Any:
        """PyYAML's scalar constructors raise ValueError, KeyError or IndexError on a tag whose text does
        not fit (`!!float abc`, `!!int ''`, `!!bool x`, a 5,000-digit int): a located problem instead."""
        try:
            return construct(node)
        except yaml.YAMLError:
            raise
        except Exception:
            if isinstance(node.value, str) and len(node.value.lstrip("+-")) > 4000 and node.value.lstrip("+-").isdigit():
                raise BadValue("number_too_large", {}, node.start_mark) from None
            raise BadValue("bad_scalar", {"value": shorten(str(node.value)), "tag": "!!" + node.tag.rsplit(":", 1)[-1]},
                           node.start_mark) from None  # fmt: skip


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)


def _resolve_as_yaml_1_2(loader: Any) -> None:
    """Read plain scalars as YAML 1.2 (and ruamel.yaml, the round-trip path) do: `yes`, `on`, `9:30`
    and `010` stay text; only true/false are booleans and numbers have no leading zeros."""
    resolvers = {ch: [(tag, rx) for tag, rx in rs if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float")]
                 for ch, rs in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}  # fmt: skip
    loader.yaml_implicit_resolvers = resolvers
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )


_resolve_as_yaml_1_2(_Loader)


# --- the common case, built directly from the node tree -------------------------------------------

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_SCALARS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    _TAG + "null": _Loader.construct_yaml_null,
    _TAG + "bool": _Loader.construct_yaml_bool,
    _TAG + "int": _Loader.construct_yaml_int,
    _TAG + "float": _Loader.construct_yaml_float,
    _TAG + "timestamp": _Loader.construct_timestamp,
}


class _Uncommon(Exception):
    """The document needs PyYAML's general constructor (or its error message)."""


def _load(text: str) -> Any:
    """yaml.load(text, Loader=_Loader), a third faster for what item files hold: plain maps, lists and
    scalars of the core tags are built straight from the composed nodes. Anything else — another tag,
    a merge key, a key written twice or two keys that construct equal, a key that is not a scalar,
    deep nesting, any error — is loaded again by PyYAML's constructor, which gives what it always gave."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node, 1)
    except Exception:  # a syntax error, or _Uncommon: the general path decides (and words any error)
        pass
    finally:
        loader.dispose()
    return yaml.load(text, Loader=_Loader)


def _build(loader: Any, node: Any, depth: int) -> Any:
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise _Uncommon
        return construct(loader, node)
    if depth > MAX_DEPTH:
        raise _Uncommon
    if kind is yaml.MappingNode and node.tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.value == "<<":
                raise _Uncommon
            key = _build(loader, key_node, depth)
            if key in out:
                raise _Uncommon
            out[key] = _build(loader, value_node, depth + 1)
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(loader, child, depth + 1) for child in node.value]
    raise _Uncommon


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.M)


# --- reading -------------------------------------------------------------------------------------


def read_yaml(text: str, path: str) -> Any:
    """Parse one document; a syntax error, a conflict marker, a value that does not fit its tag, an
    anchor or alias, or nesting deeper than MAX_DEPTH becomes a located Problem."""
    if m := _CONFLICT.search(text):
        line = text.count("\n", 0, m.start()) + 1
        raise Invalid([Problem(path, "conflict_markers", {}, line, 1)])
    if "&" in text or "*" in text:  # rare: titles with & (A&B) pay for one scan, others nothing
        _refuse_aliases(text, path)
    try:
        data = _load(text)
    except BadValue as exc:
        raise Invalid([_located(text, path, exc)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise Invalid(
            [
                Problem(
                    path, "yaml_error", {"problem": problem}, mark.line + 1 if mark else None, mark.column + 1 if mark else None
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise Invalid([Problem(path, "yaml_error", {"problem": str(exc).splitlines()[0]})]) from None
    except RecursionError:  # the pure-Python parser (no libyaml) recurses once per level
        raise Invalid([Problem(path, "too_deep", {"limit": MAX_DEPTH}, 1, 1)]) from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:  # a constructor not covered above
        raise Invalid([Problem(path, "yaml_error", {"problem": shorten(f"{type(exc).__name__}: {exc}", 200)}, 1, 1)]) from None
    if _may_nest_deeper(text, MAX_DEPTH) and _deeper_than(data, MAX_DEPTH):
        raise Invalid([_located(text, path, BadValue("too_deep", {"limit": MAX_DEPTH}, _deep_mark(text)))])
    return data


def _refuse_aliases(text: str, path: str) -> None:
    """Item files never need anchors or aliases and the tool never writes them; refused before any
    expansion, as a few nested aliases in 2 KB expand to gigabytes (a "billion laughs" file)."""
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                mark = token.start_mark
                raise Invalid([Problem(path, "yaml_alias", {}, mark.line + 1, mark.column + 1)])
    except yaml.YAMLError:
        return  # a syntax error: the load that follows reports it with its place


_CONTAINERS = (dict, list, tuple)  # tuples: the pairs of !!omap and !!pairs
_RUN = 12  # leading spaces and block indicators (- ? :) a line may have before the text is walked
_LONG_RUN = re.compile(rf"\n[ \t?:-]{{{_RUN}}}")  # after a \n rather than ^ in re.M: five times faster


def _may_nest_deeper(text: str, limit: int, run: int = _RUN) -> bool:
    """False when the text cannot nest more than `limit` levels, so the walk of what it gave can be
    skipped (it costs 3 % of a cold parse). A flow level needs a [ or { of its own; a block level
    starts further right than the one holding it, or (a sequence under a key) at its column, and a
    block collection starts after a line's leading spaces and - ? : indicators. So with every such
    run shorter than _RUN, block levels are at most 2 * _RUN, and all levels at most that plus the
    brackets. Line breaks only YAML knows (a lone CR, NEL, U+2028/9) defeat that count: walk then."""
    brackets = text.count("[") + text.count("{")
    long_run = _LONG_RUN if run == _RUN else re.compile(rf"\n[ \t?:-]{{{run}}}")  # (other runs: the tests)
    if 2 * run + brackets > limit or long_run.search("\n" + text[: run + 1]) or long_run.search(text):
        return True
    return ("\r" in text and text.count("\r") != text.count("\r\n")) or "\x85" in text or "\u2028" in text or "\u2029" in text


def _deeper_than(data: Any, limit: int) -> bool:
    """True when containers nest more than `limit` levels (a walk over containers only, no recursion)."""
    if type(data) not in _CONTAINERS:
        return False
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if type(value) is dict else value
        stack.extend((child, depth + 1) for child in children if type(child) in _CONTAINERS)
    return False


def _nodes(text: str) -> Any:
    """The composed node tree (no values built, so nothing can fail but the syntax, checked already)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _deep_mark(text: str) -> Any:
    """Where the first node nested deeper than MAX_DEPTH starts."""
    root = _nodes(text)
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.CollectionNode):
            if depth > MAX_DEPTH:
                return node.start_mark
            children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
            stack.extend((child, depth + 1) for child in reversed(children))
    return None


def _located(text: str, path: str, exc: BadValue) -> Problem:
    """The problem at the mark, with the key path to it (e.g. roadmap[1].weight) as `key`."""
    mark = exc.mark
    keypath = _keypath_at(text, mark.index) if mark is not None else ()
    shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keypath).lstrip(".") or "-"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, exc.key, {"where": shorten(shown, 60), **exc.params}, line, column, keypath)


def _keypath_at(text: str, index: int) -> tuple[Any, ...]:
    """The keys and list positions leading to the first node (in document order) starting at `index`."""
    root = _nodes(text)
    stack: list[tuple[Any, tuple[Any, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, keys = stack.pop()
        if node.start_mark.index == index:
            return keys
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                label = k.value if isinstance(k, yaml.ScalarNode) else "?"
                stack.extend([(v, keys + (label,)), (k, keys)])
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, keys + (i,)) for i, v in reversed(list(enumerate(node.value))))
    return ()


def locate(text: str, keypath: tuple[Any, ...]) -> tuple[int, int] | tuple[None, None]:
    """Line and column (1-based) of the deepest node along a key path, for error messages."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None, None
    if node is None:
        return 1, 1
    mark = node.start_mark
    for key in keypath:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    mark, node = k.start_mark, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def _parsed(text: str, path: str, parse: Callable[[Any], Any]) -> Any:
    data = read_yaml(text, path)
    try:
        return parse(data)
    except SchemaError as exc:
        problems = []
        for keys, key, params in exc.issues:
            line, column = locate(text, keys)
            problems.append(Problem(path, key, params, line, column, keypath=_plain_keys(keys)))
        raise Invalid(problems) from None


def _plain_keys(keypath: tuple[Any, ...]) -> tuple[str | int, ...]:
    """A key path of text and list positions: a hand-written key may be a date, a number or null
    (`2026-01-01: {due: …}` under timeline.steps), and problems are cached as plain data."""
    return tuple(k if isinstance(k, str) or (isinstance(k, int) and not isinstance(k, bool)) else str(k) for k in keypath)


def load_item(text: str, path: str, *, plan: str, file_id: str) -> Item:
    return _parsed(text, path, lambda d: parse_item(d, plan=plan, file_id=file_id))


def load_plan(text: str, path: str, name: str) -> Plan:
    return _parsed(text, path, lambda d: parse_plan(d, name))


def load_settings(text: str, path: str) -> Settings:
    return _parsed(text, path, parse_settings)


def load_people(text: str, path: str) -> Directory:
    return _parsed(text, path, parse_people_file)


# --- emitting ------------------------------------------------------------------------------------


class FlowMap(dict):
    """A mapping written on one line: {a: 1, b: 2}."""


class FlowList(list):
    """A list written on one line: [a, b]."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents block sequences under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written twice: the tool never writes anchors or aliases


_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
# Numbers in YAML 1.2 (what ruamel.yaml reads) that YAML 1.1 (PyYAML's resolver) takes for text: 1e3, 0o17.
_YAML12_NUMBER = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[0-1_]+|[-+]?\.(?:inf|Inf|INF))$"
)


def _repr_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # A line break inside a flow mapping would spread one record over several lines (and PyYAML
    # folds NEL and U+2028 in quoted text): escape them. Quote what a YAML 1.2 reader takes for a number.
    style = '"' if _BREAKS.search(data) else "'" if _YAML12_NUMBER.match(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(str, _repr_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


def flow_line(entry: dict[str, Any]) -> str:
    """One log entry as a single flow mapping, quoted where YAML 1.1 would misread a string."""
    return dump(FlowMap(entry)).strip()


def item_document(item: dict[str, Any]) -> dict[str, Any]:
    """Arrange plain item data in the file layout of DESIGN §3 (flow style for the small records)."""
    doc = dict(item)
    sheet = dict(doc.get("task_sheet") or {})
    if "targets" in sheet:
        sheet["targets"] = [FlowMap(t) for t in sheet["targets"]]
    for key in ("partner_units", "deliverables"):
        if key in sheet:
            sheet[key] = FlowList(sheet[key])
    if "task_sheet" in doc:
        doc["task_sheet"] = sheet
    if "roadmap" in doc:
        doc["roadmap"] = [FlowMap({k: FlowList(v) if k == "after" else v for k, v in s.items()}) for s in doc["roadmap"]]
    if "timeline" in doc:
        timeline = dict(doc["timeline"])
        if "steps" in timeline:
            timeline["steps"] = {k: FlowMap(v) for k, v in timeline["steps"].items()}
        doc["timeline"] = timeline
    if "log" in doc:
        doc["log"] = [FlowMap(e) for e in doc["log"]]
    return doc


def dump_item(item: dict[str, Any]) -> str:
    return dump(item_document(item))


# --- appending to the log ------------------------------------------------------------------------

_LOG_KEY = re.compile(r"^log:[ \t]*(#.*)?$", re.M)


def append_log(text: str, entries: list[dict[str, Any]], path: str = "") -> str:
    """Add entries to the end of `log`. When `log` is the last key in block style (what fivefold
    writes), the new lines are appended and nothing else is touched; otherwise round-trip. The new
    lines end as the file's lines do (CRLF or LF)."""
    before = read_yaml(text, path)
    expected = dict(before)
    expected["log"] = list(before.get("log") or []) + entries
    lf = text.replace("\r\n", "\n")
    new = _append_text(lf, entries)
    if new is not None and _same(read_yaml(new, path), expected):
        return text + _line_ends(new[len(lf) :], newline(text))  # every byte before the new lines kept as it was
    return edit_document(text, lambda doc: _extend_log(doc, entries), path)


def newline(text: str) -> str:
    """The file's line ending: that of its first line (a file saved on Windows keeps CRLF)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _line_ends(text: str, nl: str) -> str:
    """LF text with the line ending `nl`."""
    return text if nl == "\n" else text.replace("\n", nl)


def _append_text(text: str, entries: list[dict[str, Any]]) -> str | None:
    matches = list(_LOG_KEY.finditer(text))
    if len(matches) != 1:
        return None
    tail = text[matches[0].end() :]
    indent = None
    for line in tail.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] not in " -":
            return None  # another top-level key follows `log`
        if indent is None and stripped.startswith("- "):
            indent = len(line) - len(stripped)
    pad = " " * (2 if indent is None else indent)
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{pad}- {flow_line(e)}\n" for e in entries)


def _same(a: Any, b: Any) -> bool:
    return comparable(a) == comparable(b)


def comparable(value: Any) -> Any:
    """Data as compared across a read and a write: keys as text, date-times as ISO text."""
    if isinstance(value, dict):
        return {str(k): comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


# --- round-trip edits ----------------------------------------------------------------------------


def round_trip_yaml() -> Any:
    """ruamel.yaml set up to edit a file in place: comments, quotes and layout kept, no aliases written."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    # Two entries of one command share their date object, which ruamel.yaml would write once with an
    # anchor and then as an alias: the tool never writes aliases (and its reader refuses them).
    y.representer.ignore_aliases = lambda data: True
    y.preserve_quotes = True
    y.width = 10**6
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def rt_value(value: Any, *, flow: bool = True) -> Any:
    """Plain data -> ruamel nodes: small mappings and lists on one line, risky strings quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        m = CommentedMap((k, rt_value(v)) for k, v in value.items())
        if flow:
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq(rt_value(v) for v in value)
        if flow:
            s.fa.set_flow_style()
        return s
    if isinstance(value, str) and flow_line({"v": value}) != f"{{v: {value}}}":
        return DoubleQuotedScalarString(value)  # the bulk writer would quote it too: misread or flow syntax
    return value


def _extend_log(doc: Any, entries: list[dict[str, Any]]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    log = doc.get("log")
    if not isinstance(log, list):
        log = CommentedSeq()
        doc["log"] = log
    for entry in entries:
        log.append(rt_value(entry))


def edit_document(text: str, mutate: Callable[[Any], None], path: str = "") -> str:
    """Load with comments, let `mutate` change the document in place, write it back with the
    file's line endings (ruamel.yaml writes LF whatever it read, and keeps the CR of a comment).
    Text that libyaml reads and ruamel.yaml does not (`id\t: x`) is a located problem of `path`."""
    import io

    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    y = round_trip_yaml()
    try:
        doc = y.load(text.replace("\r\n", "\n"))
    except YAMLError as exc:
        mark = exc.problem_mark if isinstance(exc, MarkedYAMLError) else None
        problem = " ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p) or str(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise Invalid([Problem(path, "yaml_error", {"problem": shorten(problem, 200)}, line, column)]) from None
    mutate(doc)
    out = io.StringIO()
    y.dump(doc, out)
    return _line_ends(out.getvalue(), newline(text))
