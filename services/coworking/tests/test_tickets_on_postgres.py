"""Coworking's handlers on the real PostgreSQL: the database refuses a double booking
whatever the code does, holds lapse, tickets follow their orders and the clock (C2, C3)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from kit.context import SYSTEM, Caller
from kit.db import Databases
from kit.errors import RuleBroken
from kit.migrate import upgrade
from services.coworking import exceptions as exc
from services.coworking import store
from services.coworking.dependencies import Deps, Settings
from services.coworking.handlers import holds, reactions, spaces, tickets
from services.coworking.models import Ticket

ADMIN = Caller(user_id="admin-1", roles=frozenset({"admin"}))
MANAGER = Caller(user_id="manager-1", roles=frozenset({"rental_manager"}))
CLIENT = Caller(user_id="client-1", roles=frozenset({"client"}))
DEPS = Deps(settings=Settings(hold_ttl=600, sweep_batch=10, invitation_url_template="http://x/{token}"))
T0 = datetime(2026, 12, 6, 6, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.value = T0 - timedelta(days=1)

    def now(self):
        return self.value


@pytest.fixture
def world(test_run, request):
    url = test_run.database_url("coworking_" + request.node.name[:30].lower())
    upgrade("coworking", url)
    clock = Clock()
    databases = Databases(url, "coworking", now=clock.now)
    with databases.unit_of_work(ADMIN) as uow:
        room = spaces.create_space(uow, ADMIN, {"service_id": "svc-cw", "name": "Коворкинг на 2 этаже",
                                                "workplaces": ["РМ №1", "РМ №2"]}, DEPS)
    yield databases, clock, room
    databases.dispose()


def _hold(databases, number, place, starts=T0, hours=3, visitor="client-1"):
    with databases.unit_of_work(CLIENT) as uow:
        return holds.hold_workplace(uow, CLIENT, {
            "order_number": number, "service_id": "svc-cw", "service_name": "Коворкинг на 2 этаже",
            "space_id": None, "workplace_id": place, "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
            "visitor_id": visitor, "account_id": None, "tariff": None, "variant": None, "modifiers": []}, DEPS)


def _event(kind, number, status, at, **extra):
    data = {"order_number": number, "kind": "coworking", **extra}
    data["to_status" if kind == "order_status_changed" else "status"] = status
    return {"event_id": "{}-{}-{}".format(kind, number, at.isoformat()), "type": kind,
            "occurred_at": at.isoformat(), "data": data}


def _ticket(databases, number):
    with databases.unit_of_work(SYSTEM) as uow:
        return uow.session.execute(select(Ticket).where(Ticket.order_number == number)).unique().scalar_one()


def test_the_database_refuses_an_overlapping_seat_even_past_the_code(world):
    databases, _, room = world
    first, second = room["workplaces"][0]["id"], room["workplaces"][1]["id"]
    _hold(databases, 1001, first)
    with pytest.raises(exc.WorkplaceTaken):
        _hold(databases, 1002, first, starts=T0 + timedelta(hours=2))
    _hold(databases, 1003, first, starts=T0 + timedelta(hours=3))  # touching periods do not overlap
    ticket = _hold(databases, 1004, second)
    # move a ticket onto a taken seat behind the code's back: the constraint says no
    with pytest.raises(exc.WorkplaceTaken):
        with databases.unit_of_work(SYSTEM) as uow:
            moved = uow.session.execute(select(Ticket).where(Ticket.number == ticket["ticket_number"])).unique()
            moved.scalar_one().workplace_id = first
            store.flush_seat(uow.session)


def test_the_same_order_gets_the_same_hold_and_a_free_seat_is_picked_when_none_is_named(world):
    databases, _, room = world
    first = _hold(databases, 2001, None)
    assert _hold(databases, 2001, None) == first
    assert _hold(databases, 2002, None)["workplace"]["name"] == "РМ №2"
    with pytest.raises(exc.NoWorkplaceFree):
        _hold(databases, 2003, None)


def test_a_hold_no_order_confirms_frees_its_seat_after_the_ttl(world):
    databases, clock, room = world
    place = room["workplaces"][0]["id"]
    _hold(databases, 3001, place)
    clock.value += timedelta(seconds=599)
    with databases.unit_of_work(SYSTEM) as uow:
        assert holds.release_lapsed_holds(uow, SYSTEM, {"batch": 10}, DEPS) == 0
    clock.value += timedelta(seconds=2)
    with databases.unit_of_work(SYSTEM) as uow:
        assert holds.release_lapsed_holds(uow, SYSTEM, {"batch": 10}, DEPS) == 1
    _hold(databases, 3002, place)  # the seat is free again


def test_the_ticket_follows_its_order_in_any_delivery_order_and_the_clock(world):
    databases, clock, room = world
    _hold(databases, 4001, room["workplaces"][0]["id"])
    at = clock.value
    confirmed = _event("order_status_changed", 4001, "confirmed", at + timedelta(seconds=2))
    created = _event("order_created", 4001, "new", at + timedelta(seconds=1))
    for envelope in (confirmed, created, confirmed):  # newer first, older after, a repeat
        with databases.unit_of_work(SYSTEM) as uow:
            reactions.order_moved(uow, SYSTEM, envelope, DEPS)
    ticket = _ticket(databases, 4001)
    assert (ticket.status, ticket.order_status, ticket.hold_expires_at) == ("confirmed", "confirmed", None)

    clock.value = T0 + timedelta(minutes=1)
    with databases.unit_of_work(SYSTEM) as uow:
        assert reactions.sweep_due(uow, SYSTEM, {"batch": 10}, DEPS) == 1
    assert _ticket(databases, 4001).status == "active"
    with databases.unit_of_work(SYSTEM) as uow:
        reactions.order_moved(uow, SYSTEM, _event("order_status_changed", 4001, "done", clock.value), DEPS)
    assert _ticket(databases, 4001).status == "active"  # done, but the period is not over
    clock.value = T0 + timedelta(hours=3)
    with databases.unit_of_work(SYSTEM) as uow:
        reactions.sweep_due(uow, SYSTEM, {"batch": 10}, DEPS)
    assert _ticket(databases, 4001).status == "done"


def test_validation_and_the_door(world):
    databases, clock, room = world
    number = _hold(databases, 5001, room["workplaces"][0]["id"])["ticket_number"]
    with databases.unit_of_work(SYSTEM) as uow:
        reactions.order_moved(uow, SYSTEM, _event("order_created", 5001, "new", clock.value), DEPS)
    with pytest.raises(RuleBroken) as refused:
        with databases.unit_of_work(MANAGER) as uow:
            tickets.validate_ticket(uow, MANAGER, {"number": number}, DEPS)
    assert refused.value.code == "ticket_not_validatable"
    with databases.unit_of_work(SYSTEM) as uow:
        reactions.order_moved(uow, SYSTEM, _event("order_status_changed", 5001, "confirmed",
                                                  clock.value + timedelta(seconds=1)), DEPS)
    with databases.unit_of_work(MANAGER) as uow:
        view = tickets.validate_ticket(uow, MANAGER, {"number": number}, DEPS)
    assert view["identification"]["validated"] and view["identification"]["checked_at"] == clock.value.isoformat()
    with databases.unit_of_work(MANAGER) as uow:
        assert tickets.entry(uow, MANAGER, {"number": number}, DEPS)["reason"] == "period_not_started"
    clock.value = T0 + timedelta(hours=1)
    with databases.unit_of_work(CLIENT) as uow:
        assert tickets.entry(uow, CLIENT, {"number": number}, DEPS)["allowed"] is True
    other = Caller(user_id="client-2", roles=frozenset({"client"}))
    with pytest.raises(exc.TicketNotFound):
        with databases.unit_of_work(other) as uow:
            tickets.get_ticket(uow, other, {"number": number}, DEPS)


def test_two_holds_racing_for_one_seat_cannot_both_stand(world):
    """The code's own check reads committed rows only: while the first hold is not
    committed, the second sees the seat free. The exclusion constraint makes the second
    wait for the first and then refuses it; without the constraint both would stand."""
    import threading

    databases, _, room = world
    first_place = room["workplaces"][0]["id"]
    inserted, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        with databases.unit_of_work(CLIENT) as uow:
            outcome["first"] = holds.hold_workplace(uow, CLIENT, _payload(6001, first_place), DEPS)
            inserted.set()
            release.wait(10)

    def second():
        inserted.wait(10)
        try:
            with databases.unit_of_work(CLIENT) as uow:
                outcome["second"] = holds.hold_workplace(uow, CLIENT, _payload(6002, first_place), DEPS)
        except exc.WorkplaceTaken as refused:
            outcome["second"] = refused

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inserted.wait(10)
    threading.Timer(1.0, release.set).start()  # the second is blocked on the first's row meanwhile
    for thread in threads:
        thread.join(20)
    assert isinstance(outcome["second"], exc.WorkplaceTaken), outcome
    with databases.unit_of_work(SYSTEM) as uow:
        assert len(uow.session.execute(select(Ticket).where(Ticket.workplace_id == first_place)).unique().all()) == 1


def _payload(number, place):
    return {"order_number": number, "service_id": "svc-cw", "service_name": "Коворкинг на 2 этаже", "space_id": None,
            "workplace_id": place, "starts_at": T0, "ends_at": T0 + timedelta(hours=3), "visitor_id": "client-1",
            "account_id": None, "tariff": None, "variant": None, "modifiers": []}
