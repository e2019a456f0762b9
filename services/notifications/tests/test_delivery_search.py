"""The deliveries list's text filter (``q``) searches the stored ``search_text`` written with
each delivery (event type, subject, address folded in Python), on SQLite as on PostgreSQL;
an erased person's deliveries stay findable by their event type only (I6)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from kit.db import Databases
from kit.migrate import upgrade
from kit.context import SYSTEM
from services.notifications import store
from services.notifications.handlers import personal_data
from services.notifications.models import Delivery

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def databases(tmp_path):
    url = "sqlite:///{}".format(tmp_path / "notifications.sqlite3")
    upgrade("notifications", url)
    found = Databases(url, "notifications", now=lambda: NOW)
    yield found
    found.dispose()


def queue(session, event_id, event_type, subject, address, recipient="u1"):
    return store.queue_delivery_once(
        session, NOW, event_id=event_id, event_type=event_type, recipient=recipient, channel="email",
        category="orders", critical=False, address=address, language="ru", subject=subject, text="…", html=None,
        data={}, not_before=NOW)


def ids(session, q):
    query = store.filtered_deliveries({"q": q, "sort": [("created_at", True)]})
    return sorted(session.execute(query.with_only_columns(Delivery.event_id)).scalars())


def test_deliveries_are_found_by_type_subject_and_address_in_any_case(databases):
    with databases.unit_of_work(SYSTEM) as uow:
        queue(uow.session, "e1", "orders.order_created", "Заказ №5 СОЗДАН", "Marina@Example.test")
        queue(uow.session, "e2", "billing.payment_succeeded", "Оплата ЁЛКИ прошла", "+79991112233", recipient="u2")
    with databases.unit_of_work(SYSTEM) as uow:
        assert ids(uow.session, "заказ создан") == ["e1"]
        assert ids(uow.session, "MARINA@example") == ["e1"]
        assert ids(uow.session, "елки") == ["e2"] and ids(uow.session, "payment_succeeded") == ["e2"]
        assert ids(uow.session, "создан 79991112233") == []
        personal_data.erase(uow, SYSTEM, {"user_id": "u1", "requested_at": NOW}, None)
    with databases.unit_of_work(SYSTEM) as uow:
        assert ids(uow.session, "заказ") == [] and ids(uow.session, "order_created") == ["e1"]
        assert uow.session.execute(select(Delivery.search_text).where(Delivery.event_id == "e1")).scalar() == \
            "orders.order_created"
