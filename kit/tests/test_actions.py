"""The action log's one line per change (``uow.record_action``): the event enters the outbox
of the change's own transaction, carries who and from where, and nothing is recorded for a
change with no person behind it."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from kit import actions
from kit.context import SYSTEM, Caller
from kit.contracts import ContractBroken, published
from kit.db import Databases, new_metadata
from kit.outbox import OUTBOX

published("actions_sample", {actions.EVENT: actions.ActionRecorded})
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
PERSON = Caller(user_id="u1", account_id="a1", roles=frozenset({"client"}), correlation_id="c1",
                ip="203.0.113.7", user_agent="curl/8.5")


@pytest.fixture
def db(tmp_path):
    databases = Databases("sqlite:///{}".format(tmp_path / "actions.sqlite3"), "actions_sample", now=lambda: T0)
    new_metadata().create_all(databases.engine)
    yield databases
    databases.dispose()


def outbox(db) -> list[dict]:
    with db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(OUTBOX))]


def test_a_persons_change_is_recorded_with_who_what_and_from_where(db):
    with db.unit_of_work(PERSON) as uow:
        event_id = uow.record_action("order.cancelled", "order", 1010001, "Заказ отменён")
    [row] = outbox(db)
    assert row["event_id"] == event_id and row["type"] == "action_recorded"
    assert row["payload"]["occurred_at"] == T0.isoformat()
    assert row["payload"]["data"] == {
        "action": "order.cancelled", "object_type": "order", "object_id": "1010001",
        "summary": "Заказ отменён", "account_id": "a1", "actor_id": "u1", "actor_account_id": "a1",
        "actor_roles": ["client"], "ip": "203.0.113.7", "user_agent": "curl/8.5"}
    # the address travels on as context data, to whatever the event's consumers call
    assert row["headers"]["nameko.ip"] == "203.0.113.7"


def test_staff_acting_on_a_customers_object_record_it_for_that_account(db):
    staff = Caller(user_id="m1", roles=frozenset({"rental_manager"}), ip="198.51.100.2")
    with db.unit_of_work(staff) as uow:
        uow.record_action("payment.recorded", "payment", "p1", "Оплата 500 ₽", account_id="a1")
    [row] = outbox(db)
    assert row["payload"]["data"]["account_id"] == "a1"
    assert row["payload"]["data"]["actor_account_id"] is None


def test_a_change_rolled_back_records_nothing(db):
    with pytest.raises(RuntimeError):
        with db.unit_of_work(PERSON) as uow:
            uow.record_action("order.cancelled", "order", 1, "")
            raise RuntimeError("the change failed")
    assert outbox(db) == []


def test_nothing_is_recorded_without_a_signed_in_person(db):
    with db.unit_of_work(SYSTEM) as uow:
        assert uow.record_action("order.confirmed", "order", 1, "auto") is None
    assert outbox(db) == []


def test_an_entry_that_breaks_the_contract_fails_the_change(db):
    with pytest.raises(ContractBroken):
        with db.unit_of_work(PERSON) as uow:
            uow.record_action("", "order", 1)
    assert outbox(db) == []


def test_a_long_summary_is_cut_to_the_contracts_length():
    data = actions.payload(PERSON, "ticket.updated", "ticket", 5, "я" * 2000)
    assert len(data["summary"]) == actions.MAX_SUMMARY


def test_the_caller_carries_its_address_through_context_data():
    data = PERSON.to_context_data()
    assert data["ip"] == "203.0.113.7" and data["user_agent"] == "curl/8.5"
    assert Caller.from_context_data(data) == PERSON
    assert "ip" not in Caller(user_id="u1").to_context_data()


def test_a_platform_object_belongs_to_no_account():
    admin = Caller(user_id="a", account_id="admins-own", roles=frozenset({"admin"}))
    assert actions.payload(admin, "service.created", "service", "s1", "Кофе", account_id=None)["account_id"] is None
    assert actions.payload(admin, "payer.created", "payer", "p1", "ООО")["account_id"] == "admins-own"


def test_a_sign_in_names_its_person_before_the_caller_does(db):
    anonymous = Caller(ip="203.0.113.9", user_agent="browser/2.0", correlation_id="c2")
    who = Caller(user_id="u7", account_id="a7", roles=frozenset({"client"}), ip=anonymous.ip,
                 user_agent=anonymous.user_agent)
    with db.unit_of_work(anonymous) as uow:
        assert uow.record_action("order.cancelled", "order", 1) is None  # nobody signed in
        uow.record_action("order.cancelled", "order", 2, "", account_id="a7", actor=who)
        uow.record_action("order.cancelled", "order", 3, "", account_id=None, actor=Caller(user_id="", ip="1.2.3.4"))
    first, second = [row["payload"]["data"] for row in outbox(db)]
    assert (first["actor_id"], first["actor_account_id"], first["ip"], first["object_id"]) == ("u7", "a7",
                                                                                              "203.0.113.9", "2")
    assert (second["actor_id"], second["account_id"], second["ip"]) == ("", None, "1.2.3.4")
