"""The repository's module import graph, read from the source with ``ast`` (nothing is imported).

A module depends on every project module it imports (``import a.b``, ``from a import b``,
relative imports resolved), wherever the import statement is: at the top, under ``if``,
or inside a function. ``from pkg import name`` depends on ``pkg.name`` when that is a
module, else on ``pkg``. Imports of anything outside the project are ignored.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

#: the top-level packages whose modules make the graph
PACKAGES = ("kit", "services", "gateway", "scripts", "sandbox", "bench", "tests", "web")


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    path: Path
    line: int
    #: the function the statement is in (None: module or class level)
    function: str | None


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def find_modules(root: Path, packages=PACKAGES) -> dict[str, Path]:
    """Every ``.py`` file of ``packages`` under ``root``, by module name."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[module_name(root, path)] = path
    return found


def _known(name: str, modules) -> str | None:
    """``name`` or the closest enclosing module that exists (``a.b.C`` → ``a.b``)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, modules):
        self.module, self.path, self.modules = module, path, modules
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.functions: list[str] = []
        self.found: list[Import] = []

    def _function(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def _add(self, names, node) -> None:
        function = self.functions[-1] if self.functions else None
        for target in dict.fromkeys(t for t in (_known(n, self.modules) for n in names) if t and t != self.module):
            self.found.append(Import(self.module, target, self.path, node.lineno, function))

    def visit_Import(self, node):
        self._add([alias.name for alias in node.names], node)

    def visit_ImportFrom(self, node):
        base = node.module or ""
        if node.level:
            anchor = self.package.split(".") if self.package else []
            anchor = anchor[:len(anchor) - node.level + 1]
            base = ".".join(anchor + ([base] if base else []))
        names = []
        for alias in node.names:
            submodule = "{}.{}".format(base, alias.name) if base else alias.name
            names.append(submodule if submodule in self.modules else base)
        self._add(names, node)


def imports_of(module: str, path: Path, modules) -> list[Import]:
    collector = _Collector(module, path, modules)
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return collector.found


def all_imports(modules: dict[str, Path]) -> list[Import]:
    return [found for module, path in modules.items() for found in imports_of(module, path, modules)]


def graph_of(imports: list[Import], modules) -> dict[str, set[str]]:
    graph = {module: set() for module in modules}
    for found in imports:
        graph[found.importer].add(found.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative),
    each as one concrete circle ``[a, b, ..., a]``."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
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
                    components.append(_circle(sorted(component), graph))
    return sorted(components)


def _circle(component: list[str], graph) -> list[str]:
    """A shortest circle through the component's first module (breadth first)."""
    members, first = set(component), component[0]
    came_from = {first: None}
    frontier = [first]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == first:
                    path = [node]
                    while came_from[path[-1]] is not None:
                        path.append(came_from[path[-1]])
                    return list(reversed(path)) + [first]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    return component


def is_test_code(root: Path, path: Path) -> bool:
    parts = path.relative_to(root).parts
    return parts[0] == "tests" or "tests" in parts[:-1] or path.name == "conftest.py"
