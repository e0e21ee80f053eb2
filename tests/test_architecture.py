"""The package's layering (docs/architecture.md) holds: data flows one way.

scenarios -> model -> ensemble -> analysis -> report -> app. A module may import its own
layer and the layers below it, never one above, and no import chain loops back
on itself. Imports inside functions and ``TYPE_CHECKING`` blocks count too: a
lazy import that reaches upward is still a layering error.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sim"

#: Lowest first. ``sim.errors`` is the one shared module every layer may use.
LAYERS = ("errors", "scenarios", "model", "ensemble", "analysis", "report", "app")
#: The only modules allowed directly in sim/, outside every subpackage.
TOP_LEVEL_MODULES = {"__init__.py", "errors.py"}

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, name: str) -> set[str]:
    """Every ``sim...`` module ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
    return {m for m in found if m == "sim" or m.startswith("sim.")}


def import_graph() -> Graph:
    """module -> the sim modules it imports (names that are modules, not attributes)."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imported_modules(path, name) if m in paths and m != name}
            for name, path in paths.items()}


def layer_of(module: str) -> int | None:
    """Index in LAYERS, or None for the package's public face (``sim`` itself)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else -1


def layer_violations(graph: Graph) -> list[str]:
    """Imports that reach a higher layer (or the public face ``sim``) from below."""
    bad = []
    for module, targets in sorted(graph.items()):
        source = layer_of(module)
        if source is None:
            continue
        for target in sorted(targets):
            layer = layer_of(target)
            if layer is None or layer > source:
                bad.append(f"{module} imports {target}")
    return bad


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_lives_in_a_layer():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL_MODULES)
    assert loose == [], f"move these into a subpackage of sim/: {loose}"
    rooms = sorted(p.name for p in PACKAGE.iterdir()
                   if p.is_dir() and (p / "__init__.py").is_file())
    assert rooms == sorted(LAYERS[1:])


def test_no_layer_imports_a_higher_one():
    assert layer_violations(import_graph()) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("layer", LAYERS[1:])
def test_each_room_says_what_it_may_import(layer):
    doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
    assert doc and ("May import:" in doc or "May import every lower layer:" in doc)


#: The analysis describes runs and computes numbers from their results; running them
#: (workers, checkpoints, pieces, the schedule) is the report's job (report/studies.py).
RUNNING = ("sim.ensemble.executors", "sim.ensemble.checkpoints", "sim.ensemble.pieces",
           "sim.ensemble.schedule")


@pytest.mark.parametrize("path", sorted((PACKAGE / "analysis").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_analysis_describes_work_without_running_it(path):
    reached = {m for m in imported_modules(path, f"sim.analysis.{path.stem}")
               if m.startswith(RUNNING)}
    assert reached == set(), f"{path.name} imports {sorted(reached)}"


@pytest.mark.parametrize("package", sorted(p.parent.relative_to(PACKAGE).as_posix()
                                           for p in PACKAGE.rglob("__init__.py")
                                           if p.parent != PACKAGE))
def test_each_package_names_every_module_it_holds(package):
    folder = PACKAGE / package
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or ""
    modules = [p.stem for p in folder.glob("*.py") if p.name != "__init__.py"]
    modules += [p.name for p in folder.iterdir() if (p / "__init__.py").is_file()]
    missing = [m for m in sorted(modules) if f"``{m}``" not in doc and f"``{m}/``" not in doc]
    assert missing == [], f"sim/{package}/__init__.py does not name: {missing}"


def test_no_function_is_over_sixty_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == []


def test_the_checks_catch_what_they_guard():
    """The checkers themselves: an upward import and a loop are found."""
    graph = {"sim.model.model": {"sim.ensemble.results"},
             "sim.ensemble.results": {"sim.model.model"},
             "sim.analysis.stats": {"sim.scenarios.params"},
             "sim.scenarios.params": {"sim"}}
    assert layer_violations(graph) == ["sim.model.model imports sim.ensemble.results",
                                       "sim.scenarios.params imports sim"]
    assert cycles(graph) == [["sim.ensemble.results", "sim.model.model"]]


def test_the_graph_sees_lazy_and_relative_imports(tmp_path):
    module = tmp_path / "sim" / "model" / "lazy.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from ..report import figures\n"
                      "from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from sim.ensemble.results import Results\n")
    found = imported_modules(module, "sim.model.lazy")
    assert {"sim.report.figures", "sim.ensemble.results"} <= found
