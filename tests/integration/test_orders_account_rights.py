"""An account's orders (I3 with O4): a colleague in the same customer account sees and
acts on the account's orders only with the "orders" right; their own orders always."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem
from tests.integration.orders_support import coffee_order


def test_the_orders_right_opens_the_accounts_orders(system, make_user, catalog, events, unique):
    owner = make_user(first_name="Джил")
    invitations = events("identity", "user_registration_requested")
    clerk = owner.ok("POST", "/account/users", 201, json={"email": "clerk-{}@it.platform.local".format(unique),
                                                          "first_name": "Секретарь", "rights": []})
    token = invitations.wait(lambda e: e["data"]["user_id"] == clerk["id"])["data"]["token"]
    Client(system.base_url).ok("POST", "/auth/confirm", json={"token": token, "password": "clerk password"})
    colleague = Client(system.base_url).login(clerk["email"], "clerk password")

    number = coffee_order(owner, catalog)["number"]
    own = coffee_order(colleague, catalog)["number"]
    assert_problem(colleague.get("/orders/{}".format(number)), 404, "order_not_found")
    assert_problem(colleague.get("/orders", params={"scope": "account"}), 403, "right_required")
    assert [o["number"] for o in colleague.ok("GET", "/orders")["items"]] == [own]

    owner.ok("PATCH", "/account/users/" + clerk["id"], json={"rights": ["orders"]})
    colleague = Client(system.base_url).login(clerk["email"], "clerk password")  # rights travel in the token
    seen = colleague.ok("GET", "/orders/{}".format(number))
    assert seen["side"] == "client" and seen["applicant"]["id"] == owner.user["id"]
    assert "pay" in seen["actions"] and "cancel" in seen["actions"]
    listed = colleague.ok("GET", "/orders", params={"scope": "account"})
    assert sorted(o["number"] for o in listed["items"]) == sorted([number, own])
    assert [o["number"] for o in owner.ok("GET", "/orders", params={"scope": "account"})["items"]] == [own, number]
    assert_problem(make_user().get("/orders/{}".format(number)), 404)
