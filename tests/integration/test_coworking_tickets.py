"""Manual 002 «Билеты в коворкинг» and manual 000's ticket, through the gateway: spaces and
free workplaces (C1), a coworking order that holds a seat and issues a ticket (C2), the
ticket following its order and the clock (C3), the rental manager's list, view,
validation, visitor and workplace changes and calendar (C4–C10), the door (C6), sending a
ticket (O10), and the failures between orders and coworking."""
from __future__ import annotations

import os
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.client import assert_problem
from tests.integration.orders_support import service_now


@pytest.fixture(scope="module")
def space(coworking_space):
    return coworking_space


def place(space, name: str) -> str:
    return next(p["id"] for p in space["workplaces"] if p["name"] == name)


def period(redis_client, test_run, days: float, hours: int = 2) -> tuple[str, str]:
    """A rental period ``days`` from the system's now, on a whole hour, far from other tests'."""
    start = (service_now(redis_client, test_run) + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return start.isoformat(), (start + timedelta(hours=hours)).isoformat()


def book(client, catalog, space, starts_at, ends_at, workplace: str | None = None, expect: int = 201,
         headers: dict | None = None, **extra):
    payload = {"service_id": catalog.coworking["id"], "tariff_id": "standard", "starts_at": starts_at,
               "ends_at": ends_at, "space_id": space["id"], **extra}
    if workplace:
        payload["workplace_id"] = place(space, workplace)
    response = client.post("/orders", json=payload, headers=headers or {})
    if expect == 201:
        assert response.status_code == 201, response.text[:800]
        return response.json()
    return response


def ticket_of(client, number: int) -> dict:
    return client.ok("GET", "/orders/{}".format(number))["ticket"]


def wait_ticket(client, number: int, status: str, timeout: float = 15.0) -> dict:
    """The order's ticket once it has ``status`` and coworking has issued it (the hold became
    the order's ticket when coworking heard ``order_created``: the visitor sees it there)."""
    def ready():
        ticket = ticket_of(client, number)
        if ticket["status"] != status:
            return None
        return ticket if client.get("/coworking/tickets/{}".format(ticket["number"])).status_code == 200 else None

    return wait_for(ready, timeout=timeout, message="the ticket of order {} to become {}".format(number, status))


def pay_from_balance(admin, client, number: int, amount: int) -> None:
    fund(admin, client, amount)
    client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "balance"},
              headers={"Idempotency-Key": uuid.uuid4().hex})


# --- C1: spaces and free workplaces -----------------------------------------------------------

def test_a_client_sees_the_spaces_and_which_workplaces_are_free(space, make_user, catalog, admin,
                                                                 redis_client, test_run):
    client = make_user()
    spaces = client.ok("GET", "/coworking/spaces", params={"service_id": catalog.coworking["id"]})["items"]
    assert [(s["name"], [p["name"] for p in s["workplaces"]]) for s in spaces] == [
        ("Коворкинг на 2 этаже", ["РМ №1", "РМ №2", "РМ №3"])]
    starts_at, ends_at = period(redis_client, test_run, days=30)
    book(client, catalog, space, starts_at, ends_at, "РМ №2")
    free = client.ok("GET", "/coworking/spaces/{}/workplaces".format(space["id"]),
                     params={"from": starts_at, "to": ends_at})
    assert {p["name"]: p["free"] for p in free["workplaces"]} == {"РМ №1": True, "РМ №2": False, "РМ №3": True}
    # the hour after is free again (half-open periods)
    later = client.ok("GET", "/coworking/spaces/{}/workplaces".format(space["id"]),
                      params={"from": ends_at, "to": (datetime.fromisoformat(ends_at) + timedelta(hours=1)).isoformat()})
    assert all(p["free"] for p in later["workplaces"])
    # an administrator takes a seat out of service: offered to nobody; a client may not
    assert_problem(client.patch("/coworking/spaces/{}/workplaces/{}".format(space["id"], place(space, "РМ №3")),
                                json={"in_service": False}), 403)
    admin.ok("PATCH", "/coworking/spaces/{}/workplaces/{}".format(space["id"], place(space, "РМ №3")),
             json={"in_service": False})
    try:
        out = client.ok("GET", "/coworking/spaces/{}/workplaces".format(space["id"]),
                        params={"from": starts_at, "to": ends_at})
        assert {p["name"]: p["free"] for p in out["workplaces"]}["РМ №3"] is False
        assert_problem(book(client, catalog, space, starts_at, ends_at, "РМ №3", expect=409), 404,
                       "workplace_out_of_service")
    finally:
        admin.ok("PATCH", "/coworking/spaces/{}/workplaces/{}".format(space["id"], place(space, "РМ №3")),
                 json={"in_service": True})


# --- C2, C3, manual 000: the order's ticket ---------------------------------------------------

def test_a_coworking_order_holds_a_seat_and_its_ticket_follows_the_order(space, make_user, catalog, admin,
                                                                         redis_client, test_run, staff):
    client = make_user(first_name="Лера", last_name="Петрова")
    starts_at, ends_at = period(redis_client, test_run, days=31, hours=1)
    order = book(client, catalog, space, starts_at, ends_at, "РМ №1", modifiers=["locker"])
    assert order["total"] == 10000 + 5000
    ticket = wait_ticket(client, order["number"], "new")
    assert ticket["number"] > 0 and ticket["workplace"]["name"] == "РМ №1"
    assert ticket["space"]["name"] == "Коворкинг на 2 этаже" and ticket["validated"] is False
    assert ticket["first_visit"] and ticket["actions"] == ["transfer"]
    assert ticket["modifiers"] == [{"id": "locker", "name": "Шкафчик"}]

    manager = staff.manager
    view = manager.ok("GET", "/coworking/tickets/{}".format(ticket["number"]))
    assert (view["status"], view["status_label"], view["order_number"]) == ("new", "Новый", order["number"])
    assert view["visitor"]["name"] == "Лера Петрова" and view["visitor"]["email"] == client.user["email"]
    assert view["identification"] == {"validated": False, "checked_at": None, "responsible": None}

    pay_from_balance(admin, client, order["number"], order["total"])
    assert wait_ticket(client, order["number"], "confirmed")["number"] == ticket["number"]

    client.ok("POST", "/orders/{}/cancel".format(order["number"]))
    wait_ticket(client, order["number"], "cancelled")
    # cancelling frees the seat at once
    again = make_user()
    book(again, catalog, space, starts_at, ends_at, "РМ №1")


def test_a_coworking_order_sent_twice_with_one_idempotency_key_is_one_order(space, make_user, catalog,
                                                                           redis_client, test_run):
    """A form sent twice (a double click, a retry after a timeout) with its Idempotency-Key:
    the second answer is the first order, and one seat is held."""
    client = make_user()
    starts_at, ends_at = period(redis_client, test_run, days=57, hours=1)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = book(client, catalog, space, starts_at, ends_at, "РМ №2", headers=key)
    again = book(client, catalog, space, starts_at, ends_at, "РМ №2", headers=key)
    assert again["number"] == first["number"]
    assert wait_ticket(client, first["number"], "new")["workplace"]["name"] == "РМ №2"
    assert [o["number"] for o in client.ok("GET", "/orders", params={"per_page": 50})["items"]].count(
        first["number"]) == 1


def test_ten_clients_racing_for_one_seat_get_exactly_one_ticket(space, make_user, catalog, redis_client, test_run):
    clients = [make_user() for _ in range(10)]
    starts_at, ends_at = period(redis_client, test_run, days=32)

    def attempt(client):
        return book(client, catalog, space, starts_at, ends_at, "РМ №2", expect=None)

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(attempt, clients))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9, [r.text[:200] for r in responses]
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, "workplace_taken")
    winners = [c for c, r in zip(clients, responses) if r.status_code == 201]
    losers = [c for c, r in zip(clients, responses) if r.status_code != 201]
    assert len(winners) == 1
    # nothing was left behind for the losers
    for client in losers:
        assert client.ok("GET", "/orders")["total"] == 0


def test_coworking_not_answering_refuses_the_order_and_stores_nothing(system, space, make_user, catalog,
                                                                       redis_client, test_run):
    client = make_user()
    starts_at, ends_at = period(redis_client, test_run, days=33)
    coworking = system.processes["coworking"]
    os.kill(coworking.pid, signal.SIGSTOP)
    try:
        response = book(client, catalog, space, starts_at, ends_at, "РМ №1", expect=None)
        assert_problem(response, 503, "coworking_unavailable")
        assert client.ok("GET", "/orders")["total"] == 0
    finally:
        os.kill(coworking.pid, signal.SIGCONT)
    # the hold it took meanwhile belongs to no order: it lapses and the seat is free again
    other = make_user()
    wait_for(lambda: client.ok("GET", "/coworking/spaces/{}/workplaces".format(space["id"]),
                               params={"from": starts_at, "to": ends_at}), timeout=10)
    advance(redis_client, test_run.redis_prefix, 901)  # TICKET_HOLD_TTL
    wait_for(lambda: book(other, catalog, space, starts_at, ends_at, "РМ №1", expect=None).status_code == 201,
             timeout=15, interval=0.5, message="the lapsed hold frees РМ №1")


# --- C5, C6: validation and the door -----------------------------------------------------------

def test_the_manager_validates_the_ticket_and_the_door_opens_in_its_period(space, make_user, catalog, admin, staff,
                                                                          redis_client, test_run):
    client = make_user(first_name="Мария", last_name="Семенова")
    manager = staff.manager
    starts_at, ends_at = period(redis_client, test_run, days=0.5, hours=3)
    order = book(client, catalog, space, starts_at, ends_at, "РМ №3")
    number = wait_ticket(client, order["number"], "new")["number"]
    assert_problem(manager.post("/coworking/tickets/{}/validation".format(number)), 409, "ticket_not_validatable")
    pay_from_balance(admin, client, order["number"], order["total"])
    wait_ticket(client, order["number"], "confirmed")

    checked = manager.ok("POST", "/coworking/tickets/{}/validation".format(number))
    assert checked["identification"]["validated"] is True
    assert checked["identification"]["responsible"]["name"] == manager.user["first_name"] + " " + manager.user["last_name"]
    assert "reset_validation" in checked["actions"] and "validate" not in checked["actions"]
    ticket = wait_for(lambda: (lambda t: t if t["validated"] else None)(ticket_of(client, order["number"])))
    assert ticket["first_visit"] is None and ticket["actions"] == []  # «Отправить билет» is gone
    assert_problem(client.post("/coworking/tickets/{}/transfer".format(number), json={"user_id": staff.executor.user["id"]}),
                   409, "ticket_validated")

    door = client.ok("GET", "/coworking/tickets/{}/entry".format(number))
    assert (door["allowed"], door["reason"]) == (False, "period_not_started")
    advance(redis_client, test_run.redis_prefix, 13 * 3600)
    wait_ticket(client, order["number"], "active")
    door = client.ok("GET", "/coworking/tickets/{}/entry".format(number))
    assert (door["allowed"], door["reason"]) == (True, None)

    reset = manager.ok("DELETE", "/coworking/tickets/{}/validation".format(number))
    assert reset["identification"] == {"validated": False, "checked_at": None, "responsible": None}
    door = client.ok("GET", "/coworking/tickets/{}/entry".format(number))
    assert (door["allowed"], door["reason"], door["reason_label"]) == (
        False, "ticket_not_validated", "Билет не валидирован: проверьте личность посетителя")
    assert_problem(manager.delete("/coworking/tickets/{}/validation".format(number)), 409, "ticket_not_validated")

    # the period ends: orders finishes the rental and the ticket is done
    advance(redis_client, test_run.redis_prefix, 3 * 3600)
    wait_ticket(client, order["number"], "done", timeout=20)
    assert client.ok("GET", "/orders/{}".format(order["number"]))["status"] == "done"


# --- C4, C10: the list ---------------------------------------------------------------------------

def test_the_list_filters_by_number_period_visitor_and_status(space, make_user, catalog, staff,
                                                              redis_client, test_run, unique):
    manager = staff.manager
    ivan = make_user(first_name="Иван", last_name="Столповский" + unique)
    anastasia = make_user(first_name="Анастасия", last_name="Иванова" + unique)
    first = period(redis_client, test_run, days=40, hours=2)
    second = period(redis_client, test_run, days=41, hours=3)
    one = book(ivan, catalog, space, *first, "РМ №2")
    two = book(anastasia, catalog, space, *second, "РМ №2")
    three = book(ivan, catalog, space, *second, "РМ №3")
    numbers = [wait_ticket(c, o["number"], "new")["number"] for c, o in ((ivan, one), (anastasia, two), (ivan, three))]
    anastasia.ok("POST", "/orders/{}/cancel".format(two["number"]))
    wait_ticket(anastasia, two["number"], "cancelled")

    def listed(**params):
        page = manager.ok("GET", "/coworking/tickets", params={"per_page": 100, **params})
        return [t["number"] for t in page["items"]], page["total"]

    mine = listed(visitor="столповский" + unique.upper())
    assert mine == ([numbers[2], numbers[0]], 2)  # number descending, case-insensitive Cyrillic
    assert listed(visitor="ИВАН")[0][:0] == []  # a common word is allowed
    assert listed(number=numbers[1]) == ([numbers[1]], 1)
    assert listed(visitor="иванова" + unique, status="new,confirmed") == ([], 0)
    assert listed(visitor=unique, status="cancelled") == ([numbers[1]], 1)
    assert listed(visitor=unique, **{"from": first[0], "to": first[1]}) == ([numbers[0]], 1)
    assert listed(visitor=unique, status="new", **{"from": second[0], "to": second[1]}) == ([numbers[2]], 1)
    page = manager.ok("GET", "/coworking/tickets", params={"visitor": unique, "per_page": 2, "page": 2})
    assert page["total"] == 3 and [t["number"] for t in page["items"]] == [numbers[0]]
    for bad in ({"status": "lost"}, {"from": first[0]}, {"number": "x"}, {"per_page": 1000}):
        assert_problem(manager.get("/coworking/tickets", params=bad), 422)
    # the list is the rental managers': a client gets 403, and nobody else's ticket (404)
    assert_problem(ivan.get("/coworking/tickets"), 403)
    assert_problem(ivan.get("/coworking/tickets/{}".format(numbers[1])), 404, "ticket_not_found")
    assert ivan.ok("GET", "/coworking/tickets/{}".format(numbers[0]))["number"] == numbers[0]


# --- C7, C8, C9 ------------------------------------------------------------------------------------

def test_the_manager_changes_the_visitor_and_the_workplace_and_sees_the_calendar(space, make_user, catalog, staff,
                                                                                 redis_client, test_run):
    manager = staff.manager
    marina, maria = make_user(first_name="Марина"), make_user(first_name="Мария")
    starts_at, ends_at = period(redis_client, test_run, days=45, hours=4)
    order = book(marina, catalog, space, starts_at, ends_at, "РМ №1")
    blocker = book(make_user(), catalog, space, starts_at, ends_at, "РМ №2")
    number = wait_ticket(marina, order["number"], "new")["number"]

    assert_problem(manager.put("/coworking/tickets/{}/workplace".format(number),
                               json={"workplace_id": place(space, "РМ №2")}), 409, "workplace_taken")
    moved = manager.ok("PUT", "/coworking/tickets/{}/workplace".format(number), json={"workplace_id": place(space, "РМ №3")})
    assert moved["workplace"]["name"] == "РМ №3"
    wait_for(lambda: ticket_of(marina, order["number"])["workplace"]["name"] == "РМ №3")

    changed = manager.ok("PUT", "/coworking/tickets/{}/visitor".format(number), json={"user_id": maria.user["id"]})
    assert changed["visitor"]["id"] == maria.user["id"]
    wait_for(lambda: maria.get("/orders/{}".format(order["number"])).status_code == 200, timeout=10)
    assert_problem(marina.get("/orders/{}".format(order["number"])), 404)  # the old visitor keeps nothing
    assert_problem(manager.put("/coworking/tickets/{}/visitor".format(number), json={"user_id": "nobody"}), 422,
                   "user_unknown")
    # «+ Добавить»: someone not registered yet is added through identity, then given the ticket
    guest = manager.ok("POST", "/users", 201, json={"email": "guest-{}@it.platform.local".format(uuid.uuid4().hex[:8]),
                                                    "first_name": "Гость", "last_name": "Коворкинга"})
    given = manager.ok("PUT", "/coworking/tickets/{}/visitor".format(number), json={"user_id": guest["id"]})
    assert given["visitor"]["name"] == "Гость Коворкинга"

    calendar = manager.ok("GET", "/coworking/calendar", params={"space_id": space["id"], "from": starts_at,
                                                                "to": ends_at})
    rows = {row["workplace"]["name"]: [t["number"] for t in row["tickets"]] for row in calendar["rows"]}
    assert number in rows["РМ №3"] and rows["РМ №1"] == [] and len(rows["РМ №2"]) == 1
    assert blocker["number"] in [t["order_number"] for row in calendar["rows"] for t in row["tickets"]]
    assert_problem(maria.get("/coworking/calendar", params={"space_id": space["id"], "from": starts_at,
                                                            "to": ends_at}), 403)


# --- O10: sending a ticket ----------------------------------------------------------------------

def test_the_visitor_sends_the_ticket_to_a_colleague_or_by_a_link_that_works_once(system, space, make_user, catalog,
                                                                                 redis_client, test_run, staff, story):
    lera, alexey = make_user(first_name="Лера"), make_user(first_name="Алексей")
    starts_at, ends_at = period(redis_client, test_run, days=50)
    order = book(lera, catalog, space, starts_at, ends_at, "РМ №1")
    number = wait_ticket(lera, order["number"], "new")["number"]

    assert_problem(alexey.post("/coworking/tickets/{}/transfer".format(number), json={"user_id": alexey.user["id"]}),
                   404)  # only the visitor sends it
    lera.ok("POST", "/coworking/tickets/{}/transfer".format(number), json={"user_id": alexey.user["id"]})
    wait_for(lambda: alexey.get("/orders/{}".format(order["number"])).status_code == 200, timeout=10)
    assert_problem(lera.get("/orders/{}".format(order["number"])), 404)
    notice = story.inbox_entry(alexey, "ticket_visitor_changed")
    assert str(number) in notice["title"] and notice["data"]["order_number"] == order["number"]
    assert story.inbox_entry(lera, "ticket_issued")["data"]["order_number"] == order["number"]
    assert_problem(lera.get("/coworking/tickets/{}".format(number)), 404)

    link = alexey.ok("POST", "/coworking/tickets/{}/invitations".format(number), 201)
    assert link["url"].endswith(link["token"])
    newcomer = make_user(first_name="Новый")
    preview = newcomer.ok("GET", "/coworking/invitations/{}".format(link["token"]))
    assert preview["ticket_number"] == number and preview["workplace"] == "РМ №1"
    taken = newcomer.ok("POST", "/coworking/invitations/{}/accept".format(link["token"]))
    assert taken["visitor"]["id"] == newcomer.user["id"]
    assert_problem(make_user().post("/coworking/invitations/{}/accept".format(link["token"])), 409, "invitation_used")
    wait_for(lambda: newcomer.get("/orders/{}".format(order["number"])).status_code == 200, timeout=10)

    revoked = newcomer.ok("POST", "/coworking/tickets/{}/invitations".format(number), 201)
    newcomer.ok("DELETE", "/coworking/tickets/{}/invitations/{}".format(number, revoked["id"]))
    assert_problem(make_user().post("/coworking/invitations/{}/accept".format(revoked["token"])), 404,
                   "invitation_not_found")
    assert_problem(newcomer.post("/coworking/invitations/not-a-token/accept"), 404)


def test_a_manager_books_a_seat_for_a_client_from_the_calendar(space, make_user, catalog, staff, redis_client, test_run):
    """C9 «Добавить заказ»: the order is the client's, and so is the ticket."""
    client = make_user(first_name="Анастасия")
    starts_at, ends_at = period(redis_client, test_run, days=55)
    order = book(staff.manager, catalog, space, starts_at, ends_at, "РМ №2", on_behalf_of=client.user["id"])
    ticket = wait_ticket(client, order["number"], "new")
    view = staff.manager.ok("GET", "/coworking/tickets/{}".format(ticket["number"]))
    assert view["visitor"]["id"] == client.user["id"]


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/coworking/spaces", {"name": "no service"}),
    ("POST", "/coworking/spaces", {"service_id": "s", "name": ""}),
    ("PATCH", "/coworking/spaces/{space}", {"name": ""}),
    ("POST", "/coworking/spaces/{space}/workplaces", {"name": "x" * 101}),
    ("PATCH", "/coworking/spaces/{space}/workplaces/{place}", {"in_service": "perhaps"}),
    ("PUT", "/coworking/tickets/1/visitor", {}),
    ("PUT", "/coworking/tickets/1/workplace", {"workplace_id": ""}),
    ("POST", "/coworking/tickets/1/transfer", {"user_id": 5}),
])
def test_bad_input_is_refused_with_a_problem_and_changes_nothing(admin, space, method, path, body):
    before = admin.ok("GET", "/coworking/spaces")
    path = path.format(space=space["id"], place=space["workplaces"][0]["id"])
    assert_problem(admin.request(method, path, json=body, headers={"Idempotency-Key": uuid.uuid4().hex}), 422)
    assert admin.ok("GET", "/coworking/spaces") == before


def test_a_period_that_ends_before_it_starts_or_an_unknown_seat_orders_nothing(space, make_user, catalog,
                                                                               redis_client, test_run):
    client = make_user()
    starts_at, ends_at = period(redis_client, test_run, days=56)
    assert_problem(book(client, catalog, space, ends_at, starts_at, "РМ №1", expect=None), 422)
    response = client.post("/orders", json={"service_id": catalog.coworking["id"], "tariff_id": "standard",
                                            "starts_at": starts_at, "ends_at": ends_at,
                                            "workplace_id": str(uuid.uuid4())})
    assert_problem(response, 404, "workplace_not_found")
    assert_problem(client.get("/coworking/spaces/{}/workplaces".format(space["id"]),
                              params={"from": ends_at, "to": starts_at}), 422)
    assert client.ok("GET", "/orders")["total"] == 0
