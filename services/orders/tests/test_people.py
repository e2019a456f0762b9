"""Names on orders: the kit's people projection in orders' database (kept from identity's
events), and identity's get_users for anyone not known yet (on the real PostgreSQL)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from kit.context import SYSTEM
from kit.db import Databases
from kit.errors import Unavailable
from kit.migrate import upgrade
from kit.people import remember_event
from services.orders.dependencies import Deps
from services.orders.exceptions import UserUnknown

T0 = datetime(2024, 9, 23, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(test_run):
    url = test_run.database_url("orders_people")
    upgrade("orders", url)
    databases = Databases(url, "orders")
    yield databases
    databases.dispose()


def directory(session, fetch):
    """The directory orders' handlers use (``Deps.people``)."""
    return Deps(settings=None, fetch_users=fetch).people(session)


def envelope(event_type, user_id, occurred_at, **data):
    return {"event_id": str(uuid.uuid4()), "type": event_type, "occurred_at": occurred_at.isoformat(),
            "producer": "identity", "data": {"user_id": user_id, "account_id": "acc-1", "email": "m@x.io",
                                             "phone": "+73422545454", "roles": ["client"], "language": "ru", **data}}


def test_identity_events_keep_the_newest_name(db):
    user_id = str(uuid.uuid4())
    with db.unit_of_work(SYSTEM) as uow:
        remember_event(uow.session, envelope("user_updated", user_id, T0 + timedelta(minutes=5), full_name="Мария Семенова"))
        # the registration arrives late: it must not undo the later change
        remember_event(uow.session, envelope("user_registered", user_id, T0, full_name="Мария Семёнова-старая"))
    with db.unit_of_work(SYSTEM) as uow:
        people = directory(uow.session, lambda ids: pytest.fail("asked identity for a known person"))
        assert people.ref(user_id, contacts=True) == {"id": user_id, "name": "Мария Семенова",
                                                      "phone": "+73422545454", "email": "m@x.io"}
        remember_event(uow.session, envelope("user_deleted", user_id, T0 + timedelta(minutes=9), full_name="Мария Семенова"))
    with db.unit_of_work(SYSTEM) as uow:
        people = directory(uow.session, lambda ids: [])
        assert people.ref(user_id)["name"] == "Мария Семенова"   # the name stays on past orders
        with pytest.raises(UserUnknown):
            people.require([user_id], "user_ids", error=UserUnknown)  # but nobody shares with them any more


def test_unknown_people_are_asked_of_identity_once(db):
    known, asked = str(uuid.uuid4()), []

    def fetch(ids):
        asked.append(list(ids))
        return [{"id": i, "full_name": "Алексей Трошков", "roles": ["executor"], "status": "active",
                 "account_id": None, "email": None, "phone": None} for i in ids if i == known]

    with db.unit_of_work(SYSTEM) as uow:
        people = directory(uow.session, fetch)
        assert people.require([known], "assignee_id", staff=True,
                              error=UserUnknown)[known]["full_name"] == "Алексей Трошков"
        assert people.ref(known)["name"] == "Алексей Трошков"
        stranger = str(uuid.uuid4())
        with pytest.raises(UserUnknown) as unknown:
            people.require([stranger], "user_ids", error=UserUnknown)
        assert unknown.value.errors == {"user_ids": ["Unknown user {}.".format(stranger)]}
    assert asked == [[known], [stranger]]

    def down(ids):
        raise Unavailable("identity is down", code="identity_unavailable")

    with db.unit_of_work(SYSTEM) as uow:
        with pytest.raises(Unavailable):
            directory(uow.session, down).require([str(uuid.uuid4())], "user_ids", error=UserUnknown)
