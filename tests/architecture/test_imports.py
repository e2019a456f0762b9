"""Layers point one way: no two modules import each other in a circle, anywhere in the
repository, and no code outside the tests imports a project module inside a function (the
usual way to hide such a circle). Read from the source with ``ast``; nothing runs.

A lazy import of a heavy third-party module (eventlet, qrcode, prometheus_client) may stay
inside the function that needs it; a project module (kit, services, gateway, scripts,
sandbox, bench) is imported at the top of the module, or the layering is wrong.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.imports import (
    PACKAGES, all_imports, cycles, find_modules, graph_of, imports_of, is_test_code,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def modules() -> dict[str, Path]:
    return find_modules(ROOT)


@pytest.fixture(scope="module")
def imports(modules):
    return all_imports(modules)


def test_the_graph_covers_every_package(modules, imports):
    assert {name.split(".")[0] for name in modules} == set(PACKAGES)
    edges = {(i.importer, i.target) for i in imports}
    # spot checks that absolute, relative and "from package import module" imports resolve
    assert ("gateway.app", "gateway.blueprints.billing") in edges
    assert ("kit.launcher", "kit.config") in edges
    assert ("sandbox.app", "sandbox.provider") in edges
    assert ("scripts.demo.steps", "scripts.demo.people") in edges


def test_no_import_cycles(modules, imports):
    circles = cycles(graph_of(imports, modules))
    lines = {(i.importer, i.target): "{}:{}".format(i.path.relative_to(ROOT), i.line) for i in imports}
    report = ["{}\n    {}".format(" -> ".join(circle), "\n    ".join(
        "{} imports {} ({})".format(a, b, lines[a, b]) for a, b in zip(circle, circle[1:])))
        for circle in circles]
    if circles:
        pytest.fail("modules that import each other in a circle:\n" + "\n".join(report), pytrace=False)


def test_no_project_import_inside_a_function_outside_the_tests(imports):
    hidden = ["{}:{} in {}(): imports {}".format(i.path.relative_to(ROOT), i.line, i.function, i.target)
              for i in imports if i.function and not is_test_code(ROOT, i.path)]
    if hidden:
        pytest.fail("import these at the top of the module (an import inside a function hides a circle "
                    "or a layer pointing the wrong way):\n" + "\n".join(hidden), pytrace=False)


# --- the checker itself: it finds what it must ----------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return find_modules(tmp_path, packages=("kit", "tests"))


def test_the_checker_finds_a_circle_through_relative_and_from_imports(tmp_path):
    modules = _tree(tmp_path, {
        "kit/__init__.py": "",
        "kit/a.py": "from kit import b\n",
        "kit/b.py": "from .c import thing\n",
        "kit/c.py": "import json\n\ndef f():\n    from kit.a import x\n",
        "kit/d.py": "from kit.a import x\n",
    })
    assert cycles(graph_of(all_imports(modules), modules)) == [["kit.a", "kit.b", "kit.c", "kit.a"]]


def test_the_checker_finds_an_import_inside_a_function_but_not_in_tests(tmp_path):
    modules = _tree(tmp_path, {
        "kit/__init__.py": "",
        "kit/a.py": "import os\n\nclass A:\n    def m(self):\n        import eventlet\n        from kit import b\n",
        "kit/b.py": "",
        "tests/test_x.py": "def test():\n    from kit import a\n",
    })
    found = [(i.importer, i.target, i.function, is_test_code(tmp_path, i.path))
             for i in all_imports(modules)]
    assert found == [("kit.a", "kit.b", "m", False), ("tests.test_x", "kit.a", "test", True)]
    assert imports_of("kit.b", modules["kit.b"], modules) == []
