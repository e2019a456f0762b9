"""The kit's shared rooms: broken rules as errors, contracts, numbers, insert-ignore,
people, and draining due work — on SQLite here (PostgreSQL in the service suites)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from marshmallow import fields
from sqlalchemy import Column, Integer, String, Table, func, select

from kit import contracts, people, store
from kit.db import Databases, new_metadata
from kit.context import SYSTEM
from kit.errors import (
    Conflict, Forbidden, InputRuleBroken, InternalError, NotPermitted, RuleBroken, ValidationFailed,
    as_wire_error,
)
from kit.periodic import drain

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


class Thing(contracts.EventSchema):
    number = fields.Integer(required=True)
    note = fields.String(allow_none=True)


contracts.published("kit_test", {"thing_happened": Thing})


@pytest.fixture()
def db(tmp_path):
    metadata = new_metadata(numbers=True, people=True)
    Table("things", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
    databases = Databases("sqlite:///{}".format(tmp_path / "kit.sqlite3"), "kit_test")
    metadata.create_all(databases.engine)
    databases.things = metadata.tables["things"]
    yield databases
    databases.dispose()


def test_a_broken_rule_crosses_rpc_as_its_kind_with_code_and_field():
    wire = as_wire_error(InputRuleBroken("amount_below_minimum", "At least 1 ₽", field="amount"))
    assert isinstance(wire, ValidationFailed)
    assert (wire.error_code, wire.detail, wire.errors) == ("amount_below_minimum", "At least 1 ₽",
                                                           {"amount": ["At least 1 ₽"]})
    assert isinstance(as_wire_error(RuleBroken("order_already_paid", "Paid")), Conflict)
    assert isinstance(as_wire_error(NotPermitted("role_grant_not_allowed", "No")), Forbidden)
    assert isinstance(as_wire_error(ValueError("bug")), InternalError)


def test_emit_refuses_a_payload_that_breaks_the_contract_and_writes_nothing(db):
    with db.unit_of_work(SYSTEM) as uow:
        uow.emit("thing_happened", {"number": 1, "note": None})
    for bad in ({"number": "one"}, {"note": "no number"}, {"number": 2, "extra": True}):
        with pytest.raises(contracts.ContractBroken):
            with db.unit_of_work(SYSTEM) as uow:
                uow.emit("thing_happened", bad)
    with pytest.raises(contracts.ContractBroken, match="does not declare"):
        with db.unit_of_work(SYSTEM) as uow:
            uow.emit("thing_undeclared", {"number": 3})
    with db.unit_of_work(SYSTEM) as uow:
        from kit.outbox import OUTBOX
        assert uow.session.execute(select(func.count()).select_from(OUTBOX)).scalar() == 1


def test_numbers_are_unique_and_increasing_from_their_start(db):
    with db.unit_of_work(SYSTEM) as uow:
        assert store.current_number(uow.session, "order") is None
        first = [store.next_number(uow.session, "order", 1010001) for _ in range(3)]
        assert store.next_number(uow.session, "payment", 1001) == 1001
    with db.unit_of_work(SYSTEM) as uow:
        assert first == [1010001, 1010002, 1010003]
        assert store.next_number(uow.session, "order", 1010001) == 1010004


def test_a_counter_is_gapless_per_name_and_gives_back_a_rolled_back_number(db):
    with db.unit_of_work(SYSTEM) as uow:
        assert [store.next_counter(uow.session, "order_invoice:2026") for _ in range(2)] == [1, 2]
        assert store.next_counter(uow.session, "order_invoice:2027") == 1
    with pytest.raises(RuntimeError):
        with db.unit_of_work(SYSTEM) as uow:
            assert store.next_counter(uow.session, "order_invoice:2026") == 3
            raise RuntimeError("the issue failed")
    with db.unit_of_work(SYSTEM) as uow:
        assert store.next_counter(uow.session, "order_invoice:2026") == 3


def test_insert_ignore_keeps_the_first_row(db):
    things = db.things
    with db.unit_of_work(SYSTEM) as uow:
        assert store.insert_ignore(uow.session, things, id=1, name="first") is True
        assert store.insert_ignore(uow.session, things, id=1, name="second") is False
        assert uow.session.execute(select(things.c.name)).scalars().all() == ["first"]


def _event(kind, at, **data):
    view = {"user_id": "u1", "full_name": "Марина Спиридонова", "email": "m@x", "account_id": "a1",
            "roles": ["client"], "language": "ru"}
    view.update(data)
    return {"event_id": kind + at.isoformat(), "type": kind, "occurred_at": at.isoformat(), "data": view}


def test_the_newest_news_of_a_person_wins_whatever_order_it_arrives_in(db):
    with db.unit_of_work(SYSTEM) as uow:
        people.remember_event(uow.session, _event("user_registered", T0))
        people.remember_event(uow.session, _event("user_disabled", T0 + timedelta(minutes=2)))
        late = people.remember_event(uow.session, _event("user_updated", T0 + timedelta(minutes=1),
                                                         full_name="Старое Имя"))
        assert (late["status"], late["full_name"]) == ("disabled", "Марина Спиридонова")
        people.remember_event(uow.session, _event("user_updated", T0 + timedelta(minutes=3), full_name="М. С."))
        assert people.get(uow.session, ["u1"])["u1"]["status"] == "disabled"  # an update keeps the status
        assert people.get(uow.session, ["u1"])["u1"]["full_name"] == "М. С."


def test_the_directory_asks_identity_only_for_people_it_does_not_know(db):
    asked = []

    def fetch(ids):
        asked.append(ids)
        return [{"id": "u2", "full_name": "Алексей Трошков", "roles": ["client"], "status": "active"},
                {"id": "u3", "full_name": "Not confirmed", "status": "pending"}]

    with db.unit_of_work(SYSTEM) as uow:
        people.remember_event(uow.session, _event("user_registered", T0))
        directory = people.Directory(uow.session, fetch=fetch, now=lambda: T0)
        assert directory.ref("u1") == {"id": "u1", "name": "Марина Спиридонова"}
        assert set(directory.get(["u1", "u2", "u3"])) == {"u1", "u2"}
        assert asked == [["u2", "u3"]]
        with pytest.raises(ValidationFailed) as refused:
            directory.require(["u2", "u3"], "executor_id", staff=True)
        assert refused.value.errors == {"executor_id": ["Алексей Трошков is not staff.", "Unknown user u3."]}
    with db.unit_of_work(SYSTEM) as uow:  # kept as of the lookup: a newer event still wins
        assert people.get(uow.session, ["u2"])["u2"]["full_name"] == "Алексей Трошков"


def test_drain_runs_batches_until_one_comes_back_short():
    due = [5, 5, 2, 5]
    assert drain(lambda: due.pop(0), batch=5) == 12
    assert due == [5]
    assert drain(lambda: 5, batch=5, max_batches=3) == 15
