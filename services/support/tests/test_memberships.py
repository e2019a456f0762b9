"""Who belongs to which customer organisation: kept from identity's person events
(``companies``), newest event wins, a deleted person belongs nowhere (on the real PostgreSQL)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from kit.context import SYSTEM
from kit.db import Databases
from kit.migrate import upgrade
from kit.people import remember_event
from services.support import store
from services.support.dependencies import Deps
from services.support.handlers.organisations import member_changed
from services.support.models import Organisation

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(test_run):
    url = test_run.database_url("support_members")
    upgrade("support", url)
    databases = Databases(url, "support")
    yield databases
    databases.dispose()


def envelope(event_type, user_id, occurred_at, companies):
    return {"event_id": str(uuid.uuid4()), "type": event_type, "occurred_at": occurred_at.isoformat(),
            "producer": "identity", "data": {"user_id": user_id, "account_id": None, "email": None, "phone": None,
                                             "full_name": "Мария", "roles": ["client"], "language": "ru",
                                             "companies": companies}}


def apply(db, event):
    with db.unit_of_work(SYSTEM) as uow:
        remember_event(uow.session, event)
        member_changed(uow, SYSTEM, event, Deps(settings=None))


def test_memberships_follow_the_newest_event(db):
    user_id, first, second = (str(uuid.uuid4()) for _ in range(3))
    apply(db, envelope("user_registered", user_id, T0, [{"id": first, "name": "Компания №1"}]))
    apply(db, envelope("user_updated", user_id, T0 + timedelta(minutes=5),
                       [{"id": first, "name": "Компания №1 (ООО)"}, {"id": second, "name": "Компания №2"}]))
    # a late, older event changes nothing
    apply(db, envelope("user_updated", user_id, T0 + timedelta(minutes=1), []))
    with db.unit_of_work(SYSTEM) as uow:
        assert store.organisation_ids_of(uow.session, user_id) == sorted([first, second])
        assert uow.session.get(Organisation, first).name == "Компания №1 (ООО)"
    apply(db, envelope("user_deleted", user_id, T0 + timedelta(minutes=9), [{"id": first, "name": "Компания №1 (ООО)"}]))
    with db.unit_of_work(SYSTEM) as uow:
        assert store.organisation_ids_of(uow.session, user_id) == []
