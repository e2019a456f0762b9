"""The migrations that add the stored search columns (billing 0011, orders 0005,
notifications 0004, identity 0005, coworking 0002, support 0003) fill them for the rows
already there, as the code now writes them (``kit.people.search_text``)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from kit.migrate import alembic_config
from kit.people import search_form, search_text

#: service, revision before, table, key, sources, column
CASES = [
    ("billing", "0010", "payments", "id", ("description",), "search_text"),
    ("billing", "0010", "expenses", "id", ("name",), "search_text"),
    ("orders", "0004", "orders", "id", ("service_name",), "search_text"),
    ("notifications", "0003", "deliveries", "id", ("event_type", "subject", "address"), "search_text"),
    ("identity", "0004", "action_log", "event_id", ("summary", "actor_name", "action", "object_id"), "search_text"),
    ("support", "0002", "people", "user_id", ("full_name",), "search_name"),
]
TEXTS = {"description": "Оплата ЗАКАЗА №5", "name": "Уборка  Офиса", "service_name": "Кофе и ЕДА",
         "event_type": "orders.order_created", "subject": "Заказ №5 СОЗДАН", "address": "Marina@Example.test",
         "summary": "Заказ №5 отменён", "actor_name": "Марина Семёнова", "action": "order.cancelled",
         "object_id": "5", "full_name": "Марина  Семёнова"}


def dummy(column: sa.Column, index: int):
    kind = column.type
    if isinstance(kind, (sa.Integer, sa.BigInteger, sa.Numeric)):
        return index
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2026, 12, 1)
    if isinstance(kind, sa.Date):
        return dt.date(2026, 12, 1)
    if isinstance(kind, sa.JSON):
        return {}
    return "x{}".format(index)


@pytest.mark.parametrize("service, before, table, key, sources, column", CASES)
def test_existing_rows_get_their_search_text(tmp_path, service, before, table, key, sources, column):
    url = "sqlite:///{}".format(tmp_path / "{}.sqlite3".format(service))
    config = alembic_config(service, url)
    command.upgrade(config, before)
    engine = sa.create_engine(url)
    reflected = sa.Table(table, sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        for index in (1, 2):
            row = {c.name: dummy(c, index) for c in reflected.columns
                   if not c.nullable and c.server_default is None and c.name != column}
            row.update({name: TEXTS[name] for name in sources})
            if index == 2:  # a row whose texts are empty stays ''
                row.update({name: "" if not reflected.c[name].nullable else None for name in sources})
            connection.execute(reflected.insert().values(**row))
    command.upgrade(config, "head")
    after = sa.Table(table, sa.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(after.c[key], after.c[column]).order_by(after.c[key])).all()
    engine.dispose()
    expected = (search_form(TEXTS[sources[0]]) if column == "search_name"
                else search_text(*(TEXTS[name] for name in sources)))
    assert [r[1] for r in rows] == [expected, ""]
    if table == "action_log":  # still append-only after its fill
        with engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text("UPDATE action_log SET summary = 'x'"))
        engine.dispose()
