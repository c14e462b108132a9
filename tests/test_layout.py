"""The layout that ARCHITECTURE.md describes holds: no import cycles, libraries stay libraries.

Read from the source with ``ast`` (imports inside functions count too), so a cycle hidden behind
a function-level import is found as well.
"""

import ast
from collections import defaultdict
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[1] / "portal"
# Layers below the web application: no Flask app, no database session, no feature's pages.
LIBRARIES = {"domain": set(), "geo": {"domain"}, "maps": {"domain", "geo"}}
LIBRARIES |= {"search": {"domain"}, "models": {"domain"}}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PORTAL.rglob("*.py"):
        parts = ["portal", *path.relative_to(PORTAL).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    target = target if target in modules else node.module
                    if target in modules and target != name:
                        graph[name].add(target)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in list(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_through_others():
    assert _cycles(_imports(_modules())) == []


def test_libraries_import_only_the_layers_below_them():
    graph = _imports(_modules())
    for module, targets in graph.items():
        package = module.split(".")[1] if module.count(".") else None
        if package not in LIBRARIES:
            continue
        for target in targets:
            other = target.split(".")[1]
            assert other == package or other in LIBRARIES[package], f"{module} imports {target}"


def test_every_package_says_what_it_is_for_and_may_import():
    for init in PORTAL.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert doc, f"{init.parent.name} has no docstring"
        assert "May import" in doc or "Imports nothing" in doc, init.parent.name


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
