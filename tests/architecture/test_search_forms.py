"""Every search and comparison of text behaves the same on SQLite (the embedded default) and
on PostgreSQL (issue 13): names are folded in Python (``kit.people.search_form``) and kept
beside the name (``users.search_name``, ``tickets.visitor_search``, ``catalog_services.search_name``…),
never folded by the database — SQLite's ``lower()``/``upper()`` fold ASCII only and its
``LIKE`` ignores ASCII case, so a query folded there finds Latin names but not Russian ones.
This test finds SQL-side folding in the kit, the services (their migrations too), the gateway
and the scripts: ``func.lower``/``sa.func.lower``, ``ilike`` and the like, and ``lower(`` in SQL
text — with no exceptions (the kit's ``folded()``, PostgreSQL's ``lower()`` with a SQLite
stand-in, is gone: lists search stored ``search_text``/``search_name`` columns)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: ``func.lower(column)``, ``func.upper(column)``: the database folds
FOLDING_FUNCTIONS = {"lower", "upper", "casefold"}
#: ``column.ilike(…)``, ``column.icontains(…)``…: PostgreSQL folds, SQLite only ASCII
FOLDING_OPERATORS = {"ilike", "not_ilike", "notilike", "icontains", "istartswith", "iendswith"}


#: ``lower(`` / ``upper(`` in SQL written as text (``text("… lower(name) …")``, ``op.execute``)
SQL_FOLDING = re.compile(r"\b(lower|upper)\s*\(", re.IGNORECASE)


def _docstrings(tree) -> set[int]:
    """ids of the docstring constants (they may explain why ``lower()`` is not used)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def _is_func(node) -> bool:
    """``func`` or ``<anything>.func`` (``sa.func``, ``sqlalchemy.func``)."""
    return (isinstance(node, ast.Name) and node.id == "func") or (isinstance(node, ast.Attribute) and node.attr == "func")


def folding_in(source: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if _is_func(node.value) and node.attr in FOLDING_FUNCTIONS:
                found.append("line {}: func.{}".format(node.lineno, node.attr))
            elif node.attr in FOLDING_OPERATORS:
                found.append("line {}: .{}".format(node.lineno, node.attr))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if SQL_FOLDING.search(node.value):
                found.append("line {}: {!r}".format(node.lineno, SQL_FOLDING.search(node.value).group(0)))
    return found


def code_files():
    for top in ("kit", "services", "gateway", "scripts"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT).parts:
                yield path


def test_no_service_folds_text_in_the_database():
    found = {str(path.relative_to(ROOT)): hits for path in code_files()
             if (hits := folding_in(path.read_text(encoding="utf-8")))}
    assert found == {}, "fold in Python and keep a search column (kit.people.search_form): {}".format(found)


def test_the_checker_finds_folding_by_the_database():
    assert folding_in("q = select(T).where(func.lower(T.name) == term)") == ["line 1: func.lower"]
    assert folding_in("q = T.name.ilike('%x%')") == ["line 1: .ilike"]
    assert folding_in("q = T.search_name.contains(term, autoescape=True)\nn = name.lower()") == []
    assert folding_in("q = select(T).where(sa.func.lower(T.name) == t)") == ["line 1: func.lower"]
    assert folding_in("c = compiler.process(func.replace(func.lower(column), 'ё', 'е'))") == ["line 1: func.lower"]
    assert folding_in("op.execute('CREATE INDEX ix ON t (LOWER(name))')") == ["line 1: 'LOWER('"]
    assert folding_in('"""Not lower() here: SQLite\'s folds ASCII only."""\nx = 1') == []
