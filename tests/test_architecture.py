"""Who may import whom (STYLE.md, "A layout that shows the architecture"), where time comes from,
and a start-up that does not pay for heavy modules (STYLE.md habit 11, DESIGN §10, §11.15)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_process

PACKAGE = Path(__file__).resolve().parent.parent / "fivefold"
PURE = (
    "fivefold.model", "fivefold.schema", "fivefold.records", "fivefold.events", "fivefold.workflow", "fivefold.schedule",
    "fivefold.checks",
)  # fmt: skip
STORE = ("fivefold.workspace", "fivefold.loading", "fivefold.transaction")  # the disk: finding, reading, writing
PURE_MAY_NOT_IMPORT = (
    "typer", "click", "rich", "yaml", "ruamel", "dateutil",
    *STORE, "fivefold.codec", "fivefold.actions", "fivefold.cli", "fivefold.render", "fivefold.clock",
    "os", "io", "pathlib", "shutil", "subprocess", "sys", "tempfile", "socket",
)  # fmt: skip
IO_CALLS = {"open", "print", "input"}
IO_METHODS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink"}
CLOCK_CALL = re.compile(r"\b(?:date|datetime)\s*\.\s*(?:today|now|utcnow)\s*\(")


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    source: str

    def imports(self) -> set[str]:
        """Every module this one imports, at the top or inside a function, as absolute names."""
        found: set[str] = set()
        package = self.name if self.path.name == "__init__.py" else self.name.rsplit(".", 1)[0]
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)  # `from fivefold import cli`
        return found


def _modules() -> list[Module]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        source = path.read_text("utf-8")
        out.append(Module(".".join(parts), path, ast.parse(source, str(path)), source))
    return out


MODULES = _modules()


def _is(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _offending(module: Module, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in module.imports() if any(_is(name, f) for f in forbidden))


def test_launchers_are_the_main_module_and_the_console_scripts():
    launchers = _launchers()
    assert "fivefold.__main__" in launchers
    assert all(_is(name.split(".")[0], "fivefold") for name in launchers)
    assert len(launchers) >= 2  # pyproject declares the `fivefold` console script


def test_the_scan_sees_the_package():
    names = {m.name for m in MODULES}
    assert {"fivefold.model", "fivefold.loading", "fivefold.cli.main", "fivefold.__main__", "fivefold.render"} <= names
    loading = next(m for m in MODULES if m.name == "fivefold.loading")
    assert "fivefold.codec" in loading.imports()
    items = next(m for m in MODULES if m.name == "fivefold.cli.items")
    assert "fivefold.actions" in items.imports()  # imports inside functions are seen too


# --- no cycles, no private names across modules -----------------------------------------------


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run, at the top or deferred inside a function; not those under
    `if TYPE_CHECKING:`, which never run and only name types."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(child for child in ast.iter_child_nodes(node) if not _is_type_checking(child))
    return found


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    base = node.module or ""
    if not node.level:
        return base
    parts = (module.name if module.path.name == "__init__.py" else module.name.rsplit(".", 1)[0]).split(".")
    return ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))


def _import_graph() -> dict[str, set[str]]:
    """module -> the fivefold modules it imports: `from a import b` is a, or a.b where b is a module."""
    names = {m.name for m in MODULES}
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = set()
        for node in _runtime_imports(module.tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names if alias.name in names)
                continue
            base = _absolute(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in names:
                    targets.add(f"{base}.{alias.name}")
                elif base in names:
                    targets.add(base)
        graph[module.name] = targets - {module.name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for v in sorted(graph):
        if v not in order:
            visit(v)
    return found


def test_no_import_cycles_among_fivefold_modules():
    cycles = _cycles(_import_graph())
    assert cycles == [], "modules that import each other, directly or round a loop: " + "; ".join(map(" ".join, cycles))


def test_the_cycle_finder_finds_a_deferred_loop_and_ignores_type_only_imports():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import x\ndef f():\n    import y\n")
    assert sorted(alias.name for node in _runtime_imports(tree) for alias in node.names) == ["TYPE_CHECKING", "y"]
    graph = _import_graph()
    assert "fivefold.actions" in graph["fivefold.cli.items"]  # deferred, inside the command function


def _private_uses(module: Module) -> list[str]:
    """`from fivefold.x import _name`, and `x._name` where x is a fivefold module imported here."""
    names = {m.name for m in MODULES}
    modules_here: set[str] = set()
    found = []
    for node in _runtime_imports(module.tree):
        if isinstance(node, ast.Import):
            modules_here.update((alias.asname or alias.name.split(".")[0]) for alias in node.names if _is(alias.name, "fivefold"))
            continue
        base = _absolute(module, node)
        if not _is(base, "fivefold"):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"line {node.lineno}: from {base} import {alias.name}")
            if f"{base}.{alias.name}" in names:
                modules_here.add(alias.asname or alias.name)
    for node in ast.walk(module.tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules_here
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_no_module_uses_another_modules_private_names(module):
    assert _private_uses(module) == []


def test_the_private_name_check_sees_both_spellings():
    source = "from fivefold import codec\nfrom fivefold.codec import _rt\ndef f():\n    return codec._plain(1)\n"
    fake = Module("fivefold.fake", PACKAGE / "fake.py", ast.parse(source), source)
    assert _private_uses(fake) == ["line 2: from fivefold.codec import _rt", "line 4: codec._plain"]


def _launchers() -> set[str]:
    """`python -m fivefold` and the console scripts of pyproject.toml: the only ways into the CLI."""
    text = (PACKAGE.parent / "pyproject.toml").read_text("utf-8")
    section = re.search(r"^\[project\.scripts\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    scripts = re.findall(r'^\s*[\w-]+\s*=\s*"([\w.]+):', section[1] if section else "", re.M)
    return {"fivefold.__main__", *scripts}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_nothing_outside_the_cli_imports_the_cli(module):
    if _is(module.name, "fivefold.cli") or module.name in _launchers():
        return
    assert _offending(module, ("fivefold.cli",)) == []


@pytest.mark.parametrize(
    "module", [m for m in MODULES if _is(m.name, "fivefold.render") or _is(m.name, "fivefold.export")], ids=lambda m: m.name
)
def test_renderers_and_exporters_never_touch_the_store(module):
    assert _offending(module, (*STORE, "fivefold.actions", "fivefold.codec")) == []


@pytest.mark.parametrize("module", [m for m in MODULES if m.name in PURE], ids=lambda m: m.name)
def test_the_core_is_pure(module):
    assert _offending(module, PURE_MAY_NOT_IMPORT) == []
    calls = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
                calls.append(f"{node.func.id}() at line {node.lineno}")
            elif isinstance(node.func, ast.Attribute) and node.func.attr in IO_METHODS:
                calls.append(f".{node.func.attr}() at line {node.lineno}")
    assert calls == []
    assert "open(" not in module.source


def test_the_core_modules_exist():
    assert {m.name for m in MODULES} >= set(PURE)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_only_the_clock_asks_for_the_date(module):
    if module.name == "fivefold.clock":
        assert CLOCK_CALL.search(module.source)
        return
    lines = [f"{n}: {line.strip()}" for n, line in enumerate(module.source.splitlines(), 1) if CLOCK_CALL.search(line)]
    assert lines == []


def test_the_clock_pattern_catches_the_usual_spellings():
    for text in (
        "dt.date.today()",
        "datetime.now()",
        "dt.datetime.now().astimezone()",
        "date.today ()",
        "datetime.datetime.utcnow()",
    ):
        assert CLOCK_CALL.search(text), text
    assert not CLOCK_CALL.search("clock.today(as_of)")


# --- start-up ------------------------------------------------------------------------------------

HEAVY = "{'yaml','ruamel','dateutil','rich','icalendar'}"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=PACKAGE.parent)


@pytest.mark.slow  # a real process
def test_importing_the_cli_loads_no_heavy_module():
    code = f"import fivefold.cli.main, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))"
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow  # real processes
@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["list", "--help"], ["--version"]])
def test_help_loads_no_heavy_module(args):
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))))\n"
        f"sys.argv = ['fivefold', *{args!r}]\n"
        "from fivefold.cli.main import main\n"
        "main()\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.slow  # real processes
def test_help_in_a_real_process(tmp_path):
    result = run_process("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for command in ("init", "plan", "new", "list", "show", "update", "edit", "step", "check"):
        assert re.search(rf"^\s+{command}\b", result.stdout, re.M), command
    script = Path(sys.executable).parent / "fivefold"
    if script.exists():
        installed = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert installed.returncode == 0, installed.stderr
        assert installed.stdout == result.stdout.replace("python -m fivefold", "fivefold")


def test_every_command_is_mapped_to_its_module_for_the_lean_dispatch():
    """main() builds only the invoked command's module: every command must be listed in MODULES."""
    from fivefold.cli.main import MODULES, app, command_of, make_app

    registered = {c.name or c.callback.__name__ for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered == {c for commands in MODULES.values() for c in commands}
    for command in registered:
        lean = make_app(command)
        names = {c.name or c.callback.__name__ for c in lean.registered_commands} | {g.name for g in lean.registered_groups}
        assert command in names
    assert command_of(["--plans", "p", "--lang", "zh", "list", "--json"]) == "list"
    assert command_of(["--help"]) is None
