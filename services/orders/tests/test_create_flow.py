"""Creating a coworking order (flows.create_order): what happens to the seat when storing
the order fails, and that nothing is stored when coworking refuses or does not answer."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from kit.errors import Conflict, Unavailable
from services.orders import flows
from services.orders.handlers import orders

SEAT = {"order_number": 1010042, "workplace_id": None}


class Db:
    def __init__(self):
        self.units = 0

    @contextmanager
    def unit_of_work(self, caller=None):
        self.units += 1
        yield object()


class Coworking:
    def __init__(self, hold_error=None, release_error=None):
        self.hold_error, self.release_error = hold_error, release_error
        self.calls = []

    def hold_workplace(self, seat):
        self.calls.append(("hold", seat["order_number"]))
        if self.hold_error:
            raise self.hold_error
        return {"ticket_number": 7, "space": {"id": "s", "name": "Коворкинг"}, "workplace": {"id": "w", "name": "РМ №1"}}

    def release_hold(self, number):
        self.calls.append(("release", number))
        if self.release_error:
            raise self.release_error


class Deps:
    def __init__(self, coworking):
        self.coworking = coworking


@pytest.fixture
def stored(monkeypatch):
    """Replace the two transactions' handlers: the seat request, and storing the order."""
    calls = []
    monkeypatch.setattr(orders, "seat_request", lambda uow, caller, data, deps: dict(SEAT))

    def create(uow, caller, data, deps):
        calls.append(data)
        if data.get("fail"):
            raise RuntimeError("the database went away")
        return {"number": data["number"], "ticket": data["seat"]["ticket_number"]}

    monkeypatch.setattr(orders, "create_order", create)
    return calls


def test_the_order_is_stored_with_the_number_and_seat_coworking_held(stored):
    coworking = Coworking()
    assert flows.create_order(Db(), None, {}, Deps(coworking)) == {"number": 1010042, "ticket": 7}
    assert coworking.calls == [("hold", 1010042)]


def test_a_failure_after_the_hold_releases_the_seat_at_once(stored):
    coworking = Coworking()
    with pytest.raises(RuntimeError):
        flows.create_order(Db(), None, {"fail": True}, Deps(coworking))
    assert coworking.calls == [("hold", 1010042), ("release", 1010042)]


def test_a_release_that_fails_too_leaves_the_hold_to_lapse_and_reports_the_first_error(stored):
    coworking = Coworking(release_error=Unavailable("down"))
    with pytest.raises(RuntimeError, match="database went away"):
        flows.create_order(Db(), None, {"fail": True}, Deps(coworking))


@pytest.mark.parametrize("error", [Conflict("taken", code="workplace_taken"), Unavailable("down")])
def test_a_refused_or_unanswered_hold_stores_nothing(stored, error):
    db = Db()
    with pytest.raises(type(error)):
        flows.create_order(db, None, {}, Deps(Coworking(hold_error=error)))
    assert stored == [] and db.units == 1
