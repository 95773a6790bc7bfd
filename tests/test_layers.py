"""The shape of helpers/: packages by audience, dependencies pointing down, no import circles,
no module over ~400 lines, and a core that imports quickly in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent
MAX_LINES = 400
#: What each layer may import (besides itself). The core is helpers/*.py.
ALLOWED = {
    "core": {"core"},
    "formats": {"core", "formats"},
    "widgets": {"core", "formats", "widgets"},
    "classroom": {"core", "formats", "classroom"},
    "tools": {"core", "formats", "widgets", "classroom", "tools"},
}
#: Modules at the top, like tools: the notebook facade and the entry point.
TOP = {"helpers.lesson", "helpers.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str) -> str:
    if name in TOP:
        return "tools"
    bits = name.split(".")
    if len(bits) > 2 or (len(bits) == 2 and (PACKAGE / bits[1]).is_dir()):
        return bits[1]
    return "core"


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _nodes(tree: ast.AST):
    """Every node, except those under ``if TYPE_CHECKING:`` (type hints, never run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue
        yield node
        yield from _nodes(node)


def imports(path: Path) -> set[str]:
    """Every helpers module imported anywhere in the file (top level or inside functions)."""
    found = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("helpers")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers"):
            found.add(node.module)
            known = modules()
            found |= {f"{node.module}.{a.name}" for a in node.names} & set(known)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {i for i in imports(path) if i in known and i != name and i != "helpers"}
        for name, path in known.items()
    }


def test_dependencies_point_down():
    wrong = [
        f"{name} ({layer(name)}) imports {target} ({layer(target)})"
        for name, targets in graph().items()
        for target in targets
        if layer(target) not in ALLOWED[layer(name)]
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_circles():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(cycles)


def test_no_module_over_400_lines():
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_core_imports_alone_and_quickly():
    code = (
        "import sys, time; t = time.perf_counter(); import helpers.scheme, helpers.store, "
        "helpers.annotations; s = helpers.scheme.load_scheme(); "
        "bad = [m for m in ('jsonschema', 'ipywidgets', 'pandas', 'matplotlib') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
