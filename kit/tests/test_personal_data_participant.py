"""A participant in I6's requests answers each one once: the broker redelivering identity's
request (or a restart before the ack) neither runs the service's part twice nor sends a
second answer — the answer is emitted in the transaction that did the work."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import Column, Integer, String, Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from kit import people
from kit import personal_data as shared
from kit.contracts import occurred_at, published
from kit.db import Databases, new_metadata
from kit.outbox import OUTBOX
from kit.people import PeopleProjection
from kit.personal_data import PersonalDataParticipant
from kit.service import BaseService
from kit.testing.publish import publish_event

metadata = new_metadata(people=True)
calls = Table("calls", metadata, Column("name", String(50), primary_key=True), Column("value", Integer))
published("sample_participant", shared.PUBLISHED_EVENTS)


def _count(session, name: str) -> None:
    session.execute(pg_insert(calls).values(name=name, value=0).on_conflict_do_nothing())
    session.execute(update(calls).where(calls.c.name == name).values(value=calls.c.value + 1))


def _export(uow, caller, data, deps):
    _count(uow.session, "export")
    return {"person": shared.rows(people.export(uow.session, data["user_id"]), people.FIELDS)}


def _erase(uow, caller, data, deps):
    _count(uow.session, "erase")
    return {"people": people.erase(uow.session, data["user_id"], data["requested_at"])}


class Participant(PersonalDataParticipant, PeopleProjection, BaseService):
    name = "sample_participant"
    personal_data = SimpleNamespace(export=_export, erase=_erase)


@pytest.fixture(scope="module")
def url(test_run):
    url = test_run.database_url("sample_participant")
    databases = Databases(url, "sample_participant")
    metadata.create_all(databases.engine)
    databases.dispose()
    return url


def state(url: str, user_id: str) -> dict:
    databases = Databases(url, "sample_participant")
    try:
        with databases.session_factory() as session:
            answers = dict(session.execute(select(OUTBOX.c.type, func.count()).group_by(OUTBOX.c.type)).all())
            done = dict(session.execute(select(calls.c.name, calls.c.value)).all())
            return {"answers": answers, "calls": done, "person": people.get(session, [user_id]).get(user_id)}
    finally:
        databases.dispose()


def test_each_request_is_answered_once_however_often_it_arrives(test_run, url, container_factory):
    config = test_run.service_config("sample_participant", DATABASE_URL=url, OUTBOX_RELAY_ENABLED="0")
    container = container_factory(Participant, config)
    container.start()
    uri = config["AMQP_URI"]
    user = {"user_id": "u-erased", "account_id": "a1", "full_name": "Джил Фейри", "email": "j@example.com",
            "phone": "+79990001122", "language": "ru", "roles": ["client"], "companies": []}
    with entrypoint_waiter(container, "on_user_registered", timeout=10):
        publish_event(uri, "identity", "user_registered", user)
    request = {"request_id": "r1", "user_id": "u-erased", "account_id": "a1", "sole_member": True}

    exported = None
    for _ in range(3):  # the broker delivers the same request three times
        with entrypoint_waiter(container, "on_personal_data_export_requested", timeout=10):
            exported = publish_event(uri, "identity", shared.EXPORT_REQUESTED, request,
                                     event_id=exported["event_id"] if exported else None)
    with entrypoint_waiter(container, "on_person_erasure_requested", timeout=10):
        erasure = publish_event(uri, "identity", shared.ERASURE_REQUESTED, dict(request, request_id="r2"))
    with entrypoint_waiter(container, "on_person_erasure_requested", timeout=10):
        publish_event(uri, "identity", shared.ERASURE_REQUESTED, dict(request, request_id="r2"),
                      event_id=erasure["event_id"])

    seen = state(url, "u-erased")
    assert seen["calls"] == {"export": 1, "erase": 1}
    assert seen["answers"] == {shared.EXPORTED: 1, shared.ERASED: 1}
    assert seen["person"]["email"] is None and seen["person"]["status"] == "deleted"

    # identity's news about the person from before the erasure, arriving late, restores nothing
    before = occurred_at(erasure) - timedelta(milliseconds=1)
    with entrypoint_waiter(container, "on_user_updated", timeout=10):
        publish_event(uri, "identity", "user_updated", user, occurred_at=before)
    assert state(url, "u-erased")["person"]["email"] is None
