"""Manual 000 "Предоставление доступа к бронированию": a meeting-room booking (Переговорная
Python, 250 ₽ an hour), its free slots, sharing by link and with chosen users, who see an
"access to premises" card on their calendar (O2, O7, O11)."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem
from tests.integration.orders_support import slot


def book(client, catalog, starts_at, ends_at, status=201, **extra):
    response = client.post("/orders", json={"service_id": catalog.room["id"], "starts_at": starts_at, "ends_at": ends_at,
                                            "comment": "Просьба организовать кофе и чай для участников", **extra})
    if status != 201:
        return response
    assert response.status_code == 201, response.text
    return response.json()


def calendar(client, starts_at):
    return client.ok("GET", "/calendar", params={"from": starts_at[:10] + "T00:00:00+00:00",
                                                 "to": starts_at[:10] + "T23:59:59+00:00"})["items"]


def test_a_meeting_room_needs_a_free_slot(system, make_user, catalog, redis_client, test_run):
    client, other = make_user(), make_user()
    starts_at, ends_at = slot(redis_client, test_run, days=50)
    booking = book(client, catalog, starts_at, ends_at)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in booking["items"]] == [(2, 25000, 50000)]
    assert booking["total"] == 50000 and booking["starts_at"] == starts_at
    assert booking["visitors"] == [{"id": client.user["id"], "name": client.user["full_name"], "via": "applicant"}]
    assert booking["actions"] == ["cancel", "pay", "pay_by_invoice", "repeat", "share_access"]
    assert booking["additional_services"]["title"] == "Попробуй другие услуги"

    from datetime import datetime, timedelta

    start = datetime.fromisoformat(starts_at)
    overlap = book(other, catalog, (start + timedelta(hours=1)).isoformat(), (start + timedelta(hours=3)).isoformat(), status=409)
    assert_problem(overlap, 409, "slot_taken")
    after = book(other, catalog, ends_at, (start + timedelta(hours=3)).isoformat())  # touching is free
    assert after["total"] == 25000
    client.ok("POST", "/orders/{}/cancel".format(booking["number"]))
    book(other, catalog, starts_at, ends_at)                                  # cancelled frees the slot
    assert_problem(book(client, catalog, ends_at, starts_at, status=422), 422)
    assert_problem(book(client, catalog, "2020-01-01T10:00:00+00:00", "2020-01-01T11:00:00+00:00", status=422), 422)
    assert_problem(book(client, catalog, starts_at[:19], ends_at, status=422), 422)   # no time zone

    draft = other.ok("GET", "/orders/{}/repeat".format(after["number"]))
    assert (draft["service_id"], draft["kind"], draft["tariff_id"]) == (catalog.room["id"], "booking", "hour")
    assert draft["comment"] == "Просьба организовать кофе и чай для участников"
    assert_problem(client.get("/orders/{}/repeat".format(booking["number"])), 409, "order_not_repeatable")


def test_sharing_a_booking_by_link_and_with_chosen_users(system, admin, make_user, catalog, redis_client, test_run,
                                                         events, unique):
    marina = make_user(first_name="Марина", last_name="Спиридонова")
    shared = events("orders", "access_shared")
    starts_at, ends_at = slot(redis_client, test_run, days=51)
    booking = book(marina, catalog, starts_at, ends_at)
    number = booking["number"]
    shares = "/orders/{}/access-shares".format(number)

    # a link: create, copy (the same link again), preview without signing in, accept
    link = marina.ok("POST", shares + "/link")
    assert link["url"].endswith("/sharelink/reservation/" + link["token"]) and len(link["token"]) >= 40
    assert marina.ok("POST", shares + "/link") == link
    anonymous = Client(system.base_url)
    preview = anonymous.ok("GET", "/share-links/" + link["token"])
    assert preview["message"] == "Вам предоставлен доступ в помещение {}.".format(catalog.room["name"])
    assert preview["shared_by"] == marina.user["full_name"] and preview["starts_at"] == starts_at
    guest = make_user(first_name="Лера")
    card = guest.ok("POST", "/share-links/{}/accept".format(link["token"]))
    assert card == {"type": "access", "order_number": None, "kind": "booking", "service_name": catalog.room["name"],
                    "starts_at": starts_at, "ends_at": ends_at, "status": None, "status_label": None,
                    "clickable": False, "label": "Доступ в помещение"}
    assert shared.wait(lambda e: e["data"]["order_number"] == number)["data"]["user_ids"] == [guest.user["id"]]
    assert calendar(guest, starts_at) == [card]
    assert_problem(guest.get("/orders/{}".format(number)), 404, "order_not_found")  # access, not the order
    assert_problem(marina.post("/share-links/{}/accept".format(link["token"])), 409, "own_booking")
    assert_problem(anonymous.post("/share-links/{}/accept".format(link["token"])), 401)

    marina.ok("DELETE", shares + "/link")
    assert_problem(anonymous.get("/share-links/" + link["token"]), 404, "share_link_not_found")
    assert_problem(make_user().post("/share-links/{}/accept".format(link["token"])), 404, "share_link_not_found")
    assert marina.ok("GET", shares)["link"] is None
    assert_problem(anonymous.get("/share-links/" + "x" * 43), 404)

    # chosen users, found by name within a company (identity's search)
    company = admin.ok("POST", "/companies", 201, json={"name": "Компания №1 " + unique})
    colleagues = [make_user(first_name="Мария", last_name="Семенова" + unique, company_ids=[company["id"]]),
                  make_user(first_name="Алексей", last_name="Трошков" + unique, company_ids=[company["id"]])]
    found = marina.ok("GET", "/users", params={"q": unique, "company_id": company["id"]})["items"]
    assert sorted(u["id"] for u in found) == sorted(c.user["id"] for c in colleagues)
    result = marina.ok("POST", shares, json={"user_ids": [u["id"] for u in found]})
    assert sorted((u["id"], u["via"]) for u in result["users"]) == sorted(
        [(guest.user["id"], "link")] + [(c.user["id"], "direct") for c in colleagues])
    notice = shared.wait(lambda e: e["data"]["order_number"] == number and e["data"]["via"] == "direct")["data"]
    assert sorted(notice["user_ids"]) == sorted(c.user["id"] for c in colleagues)
    assert notice["shared_by"] == marina.user["id"] and notice["starts_at"] == starts_at
    for colleague in colleagues:
        assert [c["label"] for c in calendar(colleague, starts_at)] == ["Доступ в помещение"]
    marina.ok("POST", shares, json={"user_ids": [colleagues[0].user["id"]]})       # again: nothing new

    own = calendar(marina, starts_at)
    assert [(c["type"], c["order_number"], c["clickable"]) for c in own] == [("booking", number, True)]
    visitors = marina.ok("GET", "/orders/{}".format(number))["visitors"]
    assert [v["via"] for v in visitors] == ["applicant", "link", "direct", "direct"]

    revocations = events("orders", "access_revoked")
    revoked = marina.ok("DELETE", shares + "/" + colleagues[1].user["id"])
    assert colleagues[1].user["id"] not in [u["id"] for u in revoked["users"]]
    # the outbox publishes in order: once the revocation is out, every earlier share is too
    assert revocations.wait(lambda e: e["data"]["order_number"] == number)["data"]["user_id"] == colleagues[1].user["id"]
    assert [e["data"]["via"] for e in shared.drain() if e["data"]["order_number"] == number] == ["link", "direct"]
    assert calendar(colleagues[1], starts_at) == []
    assert_problem(marina.post(shares, json={"user_ids": ["00000000-0000-4000-8000-000000000000"]}), 422, "user_unknown")
    assert_problem(marina.post(shares, json={"user_ids": []}), 422)
    assert_problem(guest.post(shares, json={"user_ids": [colleagues[0].user["id"]]}), 404)

    # a cancelled booking is not shared any more and leaves the calendars
    marina.ok("POST", "/orders/{}/cancel".format(number))
    assert_problem(marina.post(shares + "/link"), 409, "order_not_shareable")
    assert calendar(guest, starts_at) == [] and calendar(colleagues[0], starts_at) == []
