"""Names are searched and compared in one form, folded in Python (``kit.people.search_form``),
so a search behaves the same on SQLite, whose ``lower()`` folds ASCII only, as on PostgreSQL."""
from __future__ import annotations

from kit.people import search_form, search_terms


def test_cyrillic_capitals_fold_like_latin_ones():
    assert search_form("Марина") == search_form("МАРИНА") == search_form("марина") == "марина"
    assert search_form("MARINA Семенова") == "marina семенова"


def test_yo_is_read_as_ye_and_spaces_are_single():
    assert search_form("  Семёнова   ЁЛКИНА ") == "семенова елкина"
    assert search_form("Ёлка") == search_form("елка") == search_form("ЕЛКА")


def test_terms_are_the_folded_words():
    assert search_terms("Мар  СПИР ё") == ["мар", "спир", "е"]
    assert search_terms("   ") == [] and search_terms(None) == []
