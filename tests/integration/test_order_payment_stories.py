"""Billing's stories told through the gateway with the real orders and billing services:
paying at checkout by card and from the balance (B3, B4, O13), a refused payment that leaves
the order payable, manual 001's prepaid hotel finished by the manager's payments (O14), and
a card-paid order cancelled and refunded to the card (O9)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from kit.testing.wait import wait_for
from tests.integration.billing_support import confirm_at_sandbox, fund
from tests.integration.client import assert_problem
from tests.integration.orders_support import coffee_order, service_now, wait_status

GATEWAY_MESSAGE = "Платеж получен через платежный шлюз"


def key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def chat_texts(client, number: int) -> list[str]:
    return [m["text"] for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]]


def test_coffee_paid_by_card_at_checkout_then_cancelled_and_refunded_to_the_card(system, make_user, catalog, staff):
    client = make_user()
    order = coffee_order(client, catalog, payment={"method": "card"})
    assert order["total"] == 18000 and order["status"] == "new"
    payment = order["payment_attempt"]["payment"]
    assert order["payment_attempt"]["error"] is None
    # manual 004: 5 % + 10 ₽ commission on a card payment, shown before paying
    assert (payment["status"], payment["amount"], payment["commission"]) == ("paying", 18000, 1900)
    assert wait_status(client, order["number"], "new_payment_pending")["payment"]["status"] == "pending"

    confirm_at_sandbox(payment["confirmation_url"], "succeeded")
    paid = wait_status(client, order["number"], "confirmed")
    assert paid["payment"]["status"] == "paid" and paid["payment"]["remaining"] == 0
    assert [(p["method"], p["amount"]) for p in paid["payment"]["payments"]] == [("card", 18000)]
    assert wait_for(lambda: GATEWAY_MESSAGE in chat_texts(client, order["number"]), message="the system message")
    assert GATEWAY_MESSAGE in chat_texts(staff.manager, order["number"])  # the console shows it too
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited"

    client.ok("POST", "/orders/{}/cancel".format(order["number"]))
    refunded = wait_status(client, order["number"], "cancelled_refunded", timeout=20)
    assert refunded["payment"]["status"] == "refunded" and refunded["payment"]["refunded"] == 18000
    assert client.ok("GET", "/billing/payments/" + payment["id"])["refunded"] == 18000
    assert client.ok("GET", "/billing/account")["balance"] == 0  # to the card, not the personal account


def test_coffee_paid_from_the_balance_at_checkout(system, admin, make_user, catalog):
    client = make_user()
    fund(admin, client, 50000)
    order = coffee_order(client, catalog, payment={"method": "balance"})
    assert order["payment_attempt"]["payment"]["status"] == "credited"
    confirmed = wait_status(client, order["number"], "confirmed")
    assert [(p["method"], p["amount"]) for p in confirmed["payment"]["payments"]] == [("balance", 18000)]
    assert client.ok("GET", "/billing/account")["balance"] == 32000
    expenses = client.ok("GET", "/billing/expenses")["items"]
    assert [(e["amount"], e["unpaid"]) for e in expenses if e.get("order_number") == order["number"]] == [(18000, 0)]


def test_a_refused_payment_at_checkout_leaves_the_order_payable(system, admin, make_user, catalog):
    client = make_user()
    order = coffee_order(client, catalog, payment={"method": "balance"})
    attempt = order["payment_attempt"]
    assert attempt["payment"] is None and attempt["error"]["code"] == "insufficient_funds" and attempt["error"]["status"] == 409
    view = client.ok("GET", "/orders/{}".format(order["number"]))
    assert view["status"] == "new" and view["payment"]["status"] == "unpaid" and "pay" in view["actions"]

    fund(admin, client, 18000)
    client.ok("POST", "/orders/{}/pay".format(order["number"]), 201, json={"method": "balance"}, headers=key())
    assert wait_status(client, order["number"], "confirmed")["payment"]["paid"] == 18000


def test_bad_payment_input_at_checkout_creates_no_order(system, make_user, catalog):
    client = make_user()
    before = client.ok("GET", "/orders")["total"]
    for payment, field in [({"method": "cash"}, "method"), ({"method": "balance", "amount": -100}, "amount"),
                           ({"method": "balance", "amount": 0}, "amount"), ({"method": "card", "currency": "USD"}, "currency"),
                           ({}, "method")]:
        problem = assert_problem(client.post("/orders", json={
            "service_id": catalog.coffee["id"], "items": [{"item_id": "latte", "quantity": 1}], "payment": payment}), 422)
        assert field in problem["errors"]["payment"], (payment, problem)
    assert client.ok("GET", "/orders")["total"] == before


def test_prepaid_hotel_is_finished_by_the_managers_payments(system, admin, make_user, staff, catalog, redis_client, test_run):
    """Manual 001: 3 500 ₽ of 5 500 ₽ prepaid; 1 960 ₽ would leave 40 ₽ and is refused;
    1 000 ₽ and 1 000 ₽ are accepted and the order becomes confirmed."""
    client = make_user()
    fund(admin, client, 350000)
    check_in = service_now(redis_client, test_run).date() + timedelta(days=40)
    order = client.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": check_in.isoformat(),
        "check_out": (check_in + timedelta(days=2)).isoformat(), "adults": 2, "children": 1,
        "extras": [{"extra_id": "lunch", "quantity": 2}, {"extra_id": "dinner", "quantity": 2},
                   {"extra_id": "taxi", "quantity": 1}, {"extra_id": "early", "quantity": 1, "time": "07:00"},
                   {"extra_id": "late", "quantity": 1, "time": "18:00"}],
        "payment": {"method": "balance", "amount": 350000}}, headers=key())
    number = order["number"]
    assert order["total"] == 550000 and order["payment_attempt"]["payment"]["amount"] == 350000

    prepaid = wait_for(lambda: (lambda o: o if o["payment"]["paid"] == 350000 else None)(
        client.ok("GET", "/orders/{}".format(number))), message="the prepayment on the order")
    assert prepaid["status"] == "new" and prepaid["payment"]["status"] == "partially_paid"
    assert prepaid["payment"]["remaining"] == 200000 and "pay" in prepaid["actions"]

    manager = staff.manager
    refused = assert_problem(manager.post("/orders/{}/payments".format(number), json={"amount": 196000}, headers=key()),
                             422, "remaining_too_small")
    assert "amount" in refused["errors"]
    assert client.ok("GET", "/orders/{}".format(number))["payment"]["remaining"] == 200000  # nothing changed
    # only staff record payments: the client is told so, a stranger learns nothing of the order
    assert_problem(client.post("/orders/{}/payments".format(number), json={"amount": 100000}, headers=key()),
                   403, "role_required")
    assert_problem(make_user().post("/orders/{}/payments".format(number), json={"amount": 100000}, headers=key()), 404)

    manager.ok("POST", "/orders/{}/payments".format(number), 201, json={"amount": 100000}, headers=key())
    half = wait_for(lambda: (lambda o: o if o["payment"]["paid"] == 450000 else None)(
        client.ok("GET", "/orders/{}".format(number))), message="the first manager payment")
    assert half["status"] == "new" and half["payment"]["remaining"] == 100000

    manager.ok("POST", "/orders/{}/payments".format(number), 201, json={"amount": 100000}, headers=key())
    confirmed = wait_status(client, number, "confirmed")
    assert confirmed["payment"]["remaining"] == 0 and confirmed["payment"]["status"] == "paid"
    assert [(p["method"], p["amount"]) for p in confirmed["payment"]["payments"]] == [
        ("balance", 350000), ("manager", 100000), ("manager", 100000)]
    console = manager.ok("GET", "/orders/{}".format(number))  # the admin view shows the same payments
    assert [p["amount"] for p in console["payment"]["payments"]] == [350000, 100000, 100000]
    assert_problem(manager.post("/orders/{}/payments".format(number), json={"amount": 100}, headers=key()), 409,
                   "order_already_paid")

