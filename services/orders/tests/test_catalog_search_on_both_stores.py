"""The catalog's search (O1, ``q``) finds the same services on SQLite (the embedded default)
as on PostgreSQL — Cyrillic in any case, ё as е, every word a part of the name, ``%`` and
``_`` taken literally (issue 13: on SQLite ``lower()`` folded ASCII only, so the search found
no Russian name typed in another case)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from services.orders.dependencies import Deps
from services.orders.handlers.catalog import create_service, list_services, update_service

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
ADMIN = Caller(user_id="00000000-0000-4000-8000-0000000000a1", roles=frozenset({"admin"}))
NAMES = ("Консультация бухгалтера", "Отправка и получение корреспонденции", "Ёлочные игрушки к празднику",
         "Кофе и еда от Monkey Grinder", "Скидка 100%_на всё")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def catalog(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("orders") / "orders.sqlite3") if request.param == "sqlite"
           else test_run.database_url("orders_catalog_search"))
    upgrade("orders", url)
    databases = Databases(url, "orders", now=lambda: NOW)
    for name in NAMES:
        call(databases, create_service, {"kind": "request", "name": name, "fields": [
            {"code": "text", "label": "Опишите, что нужно", "type": "text", "required": True}]})
    yield databases
    databases.dispose()


def call(databases, handler, data):
    with databases.unit_of_work(ADMIN) as uow:
        return handler(uow, ADMIN, data, Deps(settings=None))


def found(databases, q) -> list[str]:
    return [s["name"] for s in call(databases, list_services, {"q": q, "page": 1, "per_page": 100})["items"]]


@pytest.mark.parametrize("q, names", [
    ("КОНСУЛЬТАЦИЯ", ["Консультация бухгалтера"]),
    ("консульт БУХ", ["Консультация бухгалтера"]),
    ("Бухгалтер консультация", ["Консультация бухгалтера"]),
    ("елочные", ["Ёлочные игрушки к празднику"]),
    ("ЁЛОЧНЫЕ", ["Ёлочные игрушки к празднику"]),
    ("monkey ЕДА", ["Кофе и еда от Monkey Grinder"]),
    ("все", ["Скидка 100%_на всё"]),
    ("100%_", ["Скидка 100%_на всё"]),
    ("_", ["Скидка 100%_на всё"]),
    ("%", ["Скидка 100%_на всё"]),
    ("бухгалтера почта", []),
])
def test_the_search_finds_russian_names_in_any_case(catalog, q, names):
    assert found(catalog, q) == names


def test_a_renamed_service_is_found_by_its_new_name(catalog):
    service = next(s for s in call(catalog, list_services, {"q": "отправка", "page": 1, "per_page": 10})["items"])
    call(catalog, update_service, {"service_id": service["id"], "name": "Почта: отправка и получение писем"})
    try:
        assert found(catalog, "ПОЧТА") == ["Почта: отправка и получение писем"]
        assert found(catalog, "корреспонденции") == []
    finally:
        call(catalog, update_service, {"service_id": service["id"], "name": NAMES[1]})
