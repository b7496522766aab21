"""Holos's modules import one another without cycles, and its apps stand in layers.

The imports are read from the source with ``ast``, those inside functions included: an
import put inside a function to dodge a cycle is still a cycle, only a later one.

- Between modules there is no cycle at all, with one exception: an app's actions queue
  that app's own tasks, and the tasks call the actions (``from holos.x.tasks import …``
  inside an action of ``holos.x``).
- Between apps, below the pages (views, URL configurations) and the entry points (the
  command line, the demo), the code forms layers: if one app's code uses another's, the
  other never uses the first's. Models are left out: any app may read another's rows
  (work reads plans' activities, plans write the work they date), but no app calls into
  an app that calls back into it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.quality

# Modules that only call others: pages and the ways in (command line, demo, tour).
ENTRY_POINTS = {"views", "progress_views", "urls", "commands", "demo", "build", "tour"}
TOP_ENTRY_POINTS = {"holos.cli", "holos.cluster", "holos.urls", "holos.views_on_demand", "holos.navigation"}


def holos_modules() -> dict[str, Path]:
    modules = {}
    for path in (ROOT / "holos").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def imported_names(module: str, path: Path) -> set[str]:
    """Every module name the source imports, at the top or inside functions (not under TYPE_CHECKING)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    skipped: set[int] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skipped.update(id(inner) for inner in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            names.add(source)
            # ``from holos.x import tasks`` imports the module holos.x.tasks.
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    modules = holos_modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(module, path):
            if name in modules:
                targets.add(name)
            elif name.rpartition(".")[0] in modules and not name.startswith(module + "."):
                # ``from holos.x.y import function``: the module is holos.x.y.
                targets.add(name.rpartition(".")[0])
        # A module's own packages are imported before it anyway; they are not its dependencies.
        graph[module] = {target for target in targets if target != module and not module.startswith(target + ".")}
    return graph


def own_tasks(module: str, target: str) -> bool:
    return target.endswith(".tasks") and module.startswith(target.rpartition(".")[0] + ".")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return found


def app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def is_entry_point(module: str) -> bool:
    return module in TOP_ENTRY_POINTS or module.rpartition(".")[2] in ENTRY_POINTS


def test_the_reader_sees_imports_inside_functions():
    graph = import_graph()
    # holos.cli imports the surveys' command inside its handler; the reader must see it.
    assert "holos.surveys.commands" in graph["holos.cli"]
    assert "holos.demo.notes" in graph["holos.surveys.demo"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    graph = {module: {target for target in targets if not own_tasks(module, target)}
             for module, targets in graph.items()}
    assert cycles(graph) == []


def test_apps_stand_in_layers_below_the_pages():
    apps: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        if is_entry_point(module):
            continue
        uses = apps.setdefault(app_of(module), set())
        uses.update(app_of(target) for target in targets
                    if not target.endswith(".models") and not is_entry_point(target)
                    and app_of(target) != app_of(module))
    assert cycles(apps) == []


def test_nothing_below_the_pages_imports_a_page():
    graph = import_graph()
    offenders = sorted((module, target) for module, targets in graph.items() if not is_entry_point(module)
                       for target in targets if target.rpartition(".")[2] in {"views", "progress_views"})
    assert offenders == []
