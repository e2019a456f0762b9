"""Auto-confirm (O6) with two replicas on the real PostgreSQL: while one holds the due
orders, the other skips them instead of confirming (and announcing) them a second time."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kit.context import SYSTEM
from kit.db import Databases
from kit.migrate import upgrade
from kit.outbox import OUTBOX
from services.orders.handlers.reactions import auto_confirm_due
from services.orders.models import CatalogService, Order

DUE = 12


@pytest.fixture
def database(test_run):
    url = test_run.database_url("orders_replicas")
    upgrade("orders", url)
    replicas = (Databases(url, "orders"), Databases(url, "orders"))
    with replicas[0].unit_of_work(SYSTEM) as uow:
        now = uow.now()
        service = CatalogService(id="svc-cleaning", kind="simple", name="Клининговые услуги", description="",
                                 active=True, tariffs=[], items=[], extras=[], rooms=[], fields=[],
                                 settings={"auto_confirm_after": 60}, created_at=now, updated_at=now)
        uow.session.add(service)
        for number in range(1, DUE + 2):
            uow.session.add(Order(
                number=number, kind="simple", service_id=service.id, service_name=service.name, applicant_id="u",
                created_by="u", status="done_awaiting_confirmation", details={}, message_seq=0, total=0, paid=0,
                refunded=0, currency="RUB", created_at=now, updated_at=now,
                # the last one is not due yet
                auto_confirm_at=now - timedelta(seconds=1) if number <= DUE else now + timedelta(hours=1)))
    yield replicas
    for replica in replicas:
        replica.dispose()


def test_two_replicas_confirm_each_due_order_once(database):
    first, second = database
    holding, release = threading.Event(), threading.Event()
    taken = {}

    def replica_one():
        with first.unit_of_work(SYSTEM) as uow:
            taken["first"] = auto_confirm_due(uow, SYSTEM, {"batch": 100}, None)
            holding.set()
            release.wait(3)

    worker = threading.Thread(target=replica_one)
    worker.start()
    assert holding.wait(10)
    with second.unit_of_work(SYSTEM) as uow:   # ticks while the first still holds the rows
        taken["second"] = auto_confirm_due(uow, SYSTEM, {"batch": 100}, None)
    assert worker.is_alive(), "the second replica waited for the first instead of skipping its rows"
    release.set()
    worker.join(10)

    assert taken == {"first": DUE, "second": 0}
    with second.unit_of_work(SYSTEM) as uow:
        assert auto_confirm_due(uow, SYSTEM, {"batch": 100}, None) == 0   # a later tick finds nothing left to do
        statuses = dict(uow.session.execute(select(Order.status, func.count()).group_by(Order.status)).all())
        announced = uow.session.execute(select(func.count()).select_from(OUTBOX).where(
            OUTBOX.c.type == "order_status_changed")).scalar()
    assert statuses == {"done": DUE, "done_awaiting_confirmation": 1}
    assert announced == DUE
