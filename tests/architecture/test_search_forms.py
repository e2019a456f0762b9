"""Every search and comparison of text behaves the same on SQLite (the embedded default) and
on PostgreSQL (issue 13): names are folded in Python (``kit.people.search_form``) and kept
beside the name (``users.search_name``, ``tickets.visitor_search``, ``catalog_services.search_name``…),
never folded by the database — SQLite's ``lower()``/``upper()`` fold ASCII only and its
``LIKE`` ignores ASCII case, so a query folded there finds Latin names but not Russian ones.
This test finds SQL-side folding in the services and the gateway."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: ``func.lower(column)``, ``func.upper(column)``: the database folds
FOLDING_FUNCTIONS = {"lower", "upper", "casefold"}
#: ``column.ilike(…)``, ``column.icontains(…)``…: PostgreSQL folds, SQLite only ASCII
FOLDING_OPERATORS = {"ilike", "not_ilike", "notilike", "icontains", "istartswith", "iendswith"}


def folding_in(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "func" and node.attr in FOLDING_FUNCTIONS:
                found.append("line {}: func.{}".format(node.lineno, node.attr))
            elif node.attr in FOLDING_OPERATORS:
                found.append("line {}: .{}".format(node.lineno, node.attr))
    return found


def code_files():
    for top in ("services", "gateway"):
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
