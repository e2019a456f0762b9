"""Reading an order by its number (every order view) is one statement: the order with its
lines and its payments joined, not three round trips (issue 14 item 4) — and it still
brings every line and every payment, each in its order, on SQLite (the embedded default)
and on PostgreSQL. A locking read keeps loading them apart: FOR UPDATE locks the order alone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from services.orders.models import CatalogService, Order, OrderLine, OrderPayment
from services.orders.store import order_by_number

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
CALLER = Caller(user_id="00000000-0000-4000-8000-0000000000c1", roles=frozenset({"client"}))
NUMBER = 1010004


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("orders") / "orders.sqlite3") if request.param == "sqlite"
           else test_run.database_url("orders_read_statements"))
    upgrade("orders", url)
    databases = Databases(url, "orders", now=lambda: NOW)
    with databases.unit_of_work(CALLER) as uow:
        service = CatalogService(kind="goods", name="Кофе", created_at=NOW, updated_at=NOW)
        uow.session.add(service)
        uow.session.flush()
        order = Order(number=NUMBER, kind="goods", service_id=service.id, service_name="Кофе",
                      applicant_id=CALLER.user_id, created_by=CALLER.user_id, status="confirmed", total=18000,
                      paid=18000, created_at=NOW, updated_at=NOW)
        # stored out of their order, so that the read has to put them in it
        order.lines = [OrderLine(position=p, kind="item", name="line {}".format(p), quantity=1, unit_price=p,
                                 amount=p) for p in (3, 1, 2)]
        order.payments = [OrderPayment(payment_id="pay-{}".format(i), method="card", amount=6000,
                                       paid_at=NOW + timedelta(minutes=m)) for i, m in ((1, 20), (2, 5), (3, 10))]
        uow.session.add(order)
    yield databases
    databases.dispose()


def read(databases, **kwargs):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(databases.engine, "before_cursor_execute", count)
    try:
        with databases.unit_of_work(CALLER) as uow:
            order = order_by_number(uow.session, NUMBER, **kwargs)
            lines = [line.name for line in order.lines]
            payments = [p.payment_id for p in order.payments]
            executed = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    finally:
        event.remove(databases.engine, "before_cursor_execute", count)
    return executed, lines, payments


def test_an_order_is_read_with_its_lines_and_payments_in_one_statement(databases):
    statements, lines, payments = read(databases)
    assert len(statements) == 1, statements
    assert lines == ["line 1", "line 2", "line 3"]          # every line once, by position
    assert payments == ["pay-2", "pay-3", "pay-1"]          # every payment once, by time


def test_a_locking_read_brings_the_same_order(databases):
    statements, lines, payments = read(databases, for_update=True)
    assert lines == ["line 1", "line 2", "line 3"] and payments == ["pay-2", "pay-3", "pay-1"]
    assert "order_lines" not in statements[0] and "order_payments" not in statements[0]  # the order alone
