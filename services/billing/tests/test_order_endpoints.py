"""``POST /orders/{n}/pay`` and ``POST /orders/{n}/payments`` through the gateway over HTTP,
against billing and a stand-in orders that speaks docs/payments.md (get_payable, and the order
statuses it derives from billing's events): the stories the lead runs after the merge."""
from __future__ import annotations

import threading
import uuid

import requests

from kit.testing.probe import EventProbe
from kit.testing.wait import wait_for
from services.billing.tests.conftest import ORDERS
from tests.integration.client import assert_problem


def fund(mini, client, amount):
    admin = mini.client(roles=("admin",))
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(client.user["account_id"]), 201,
             json={"amount": amount, "reason": "test funds"})


def confirm(url, outcome="succeeded", **extra):
    response = requests.post(url, json={"outcome": outcome, **extra}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def status_becomes(number, status):
    return wait_for(lambda: ORDERS[number]["status"] == status, timeout=10,
                    message="order {} to become {} (is {})".format(number, status, ORDERS[number]["status"]))


def publish_cancelled(mini, number, event_id=None):
    from nameko.amqp.publish import Publisher
    from nameko.standalone.events import get_event_exchange

    order = ORDERS[number]
    order["status"] = "cancelled_refund_pending" if order["paid"] else "cancelled"
    exchange = get_event_exchange("orders", {})
    envelope = {"event_id": event_id or str(uuid.uuid4()), "type": "order_cancelled",
                "occurred_at": "2026-11-23T10:00:00+00:00", "producer": "orders", "correlation_id": None,
                "data": {"order_number": number, "account_id": order["account_id"], "applicant_id": order["applicant_id"],
                         "paid": order["paid"], "refund_required": order["paid"] > 0, "currency": "RUB"}}
    Publisher(mini.amqp_uri, declare=[exchange]).publish(envelope, exchange=exchange, routing_key="order_cancelled")
    return envelope


def test_coffee_paid_from_the_balance_and_by_card(mini):
    client = mini.client()
    fund(mini, client, 18000)
    from_balance = mini.order(client, 18000)
    payment = client.ok("POST", "/orders/{}/pay".format(from_balance), 201, json={"method": "balance"})
    assert payment["status"] == "credited" and payment["order"]["fully_paid"]
    status_becomes(from_balance, "confirmed")
    assert ORDERS[from_balance]["payments"][0]["method"] == "balance"

    by_card = mini.order(client, 18000)
    payment = client.ok("POST", "/orders/{}/pay".format(by_card), 201, json={"method": "card"})
    assert payment["status"] == "paying" and payment["amount_to_pay"] == 19900
    status_becomes(by_card, "new_payment_pending")
    confirm(payment["confirmation_url"])
    status_becomes(by_card, "confirmed")
    assert ORDERS[by_card]["paid"] == 18000 and ORDERS[by_card]["payments"][0]["method"] == "card"
    assert client.ok("GET", "/billing/account")["balance"] == 0


def test_hotel_prepayment_and_manager_payments(mini):
    client, manager = mini.client(), mini.client(roles=("rental_manager",))
    hotel = mini.order(client, 550000, kind="hotel", service_name="Гостиница", prepayment_allowed=True,
                       min_prepayment=100000)
    prepayment = client.ok("POST", "/orders/{}/pay".format(hotel), 201, json={"method": "card", "amount": 350000})
    confirm(prepayment["confirmation_url"])
    wait_for(lambda: ORDERS[hotel]["paid"] == 350000, timeout=10)
    status_becomes(hotel, "new")  # a prepayment arrived: back to new, 2 000 ₽ remaining

    refused = assert_problem(manager.post("/orders/{}/payments".format(hotel), json={"amount": 196000}), 422,
                             "remaining_too_small")
    assert "amount" in refused["errors"]
    assert_problem(client.post("/orders/{}/payments".format(hotel), json={"amount": 100000}), 403)
    for amount in (100000, 100000):
        paid = manager.ok("POST", "/orders/{}/payments".format(hotel), 201, json={"amount": amount})
        assert paid["method"] == "manager" and paid["method_label"] == "Оплата через менеджера"
    assert paid["order"] == {"number": hotel, "total": 550000, "paid": 550000, "remaining": 0, "fully_paid": True}
    status_becomes(hotel, "confirmed")
    assert [p["method"] for p in ORDERS[hotel]["payments"]] == ["card", "manager", "manager"]


def test_cancelling_a_paid_order_ends_refunded_and_a_redelivery_refunds_nothing(mini):
    from nameko.testing.services import entrypoint_waiter

    client = mini.client()
    fund(mini, client, 18000)
    number = mini.order(client, 18000)
    client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "balance"})
    status_becomes(number, "confirmed")
    with entrypoint_waiter(mini.billing, "on_order_cancelled"):
        envelope = publish_cancelled(mini, number)
    status_becomes(number, "cancelled_refunded")
    assert client.ok("GET", "/billing/account")["balance"] == 18000
    with entrypoint_waiter(mini.billing, "on_order_cancelled"):
        publish_cancelled(mini, number, event_id=envelope["event_id"])
    assert client.ok("GET", "/billing/account")["balance"] == 18000
    assert [e["kind"] for e in client.ok("GET", "/billing/account/entries")["items"]] == ["refund", "charge", "adjustment"]


def test_a_card_refund_the_provider_refuses_lands_on_the_personal_account(mini):
    client = mini.client()
    number = mini.order(client, 30000)
    payment = client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "card"})
    confirm(payment["confirmation_url"])
    status_becomes(number, "confirmed")
    # the money already went back at the provider another way: it refuses our refund
    sandbox_id = payment["confirmation_url"].rsplit("/", 1)[1]
    requests.post(mini.base_url + "/sandbox-provider/api/refunds", json={"payment_id": sandbox_id, "amount": 31500},
                  timeout=10).raise_for_status()
    probe = EventProbe(mini.amqp_uri, "billing", "refund_completed")
    try:
        publish_cancelled(mini, number)
        data = probe.wait(lambda e: e["data"]["order_number"] == number)["data"]
    finally:
        probe.close()
    assert (data["destination"], data["amount"], data["order_fully_refunded"]) == ("balance", 30000, True)
    status_becomes(number, "cancelled_refunded")
    assert client.ok("GET", "/billing/account")["balance"] == 30000


def test_someone_elses_order_is_not_found_and_bad_input_is_refused(mini):
    owner, stranger = mini.client(), mini.client()
    number = mini.order(owner, 18000)
    assert_problem(stranger.post("/orders/{}/pay".format(number), json={"method": "card"}), 404, "order_not_found")
    assert_problem(owner.post("/orders/999/pay", json={"method": "card"}), 404)
    for body in ({"method": "card", "amount": 0}, {"method": "card", "amount": -5}, {"method": "card", "amount": 1.5},
                 {"method": "card", "currency": "EUR"}, {"method": "wire"}, {}):
        assert_problem(owner.post("/orders/{}/pay".format(number), json=body), 422)
    assert_problem(owner.post("/orders/{}/pay".format(number), json={"method": "balance"}), 409, "insufficient_funds")
    assert owner.ok("GET", "/billing/payments")["total"] == 0


def test_idempotency_key_on_paying_an_order(mini):
    client = mini.client()
    number = mini.order(client, 18000)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/orders/{}/pay".format(number), json={"method": "card"}, headers=key)
    again = client.post("/orders/{}/pay".format(number), json={"method": "card"}, headers=key)
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    assert_problem(client.post("/orders/{}/pay".format(number), json={"method": "balance"}, headers=key), 422,
                   "idempotency_key_reused")


def test_two_charges_racing_over_http_for_the_last_100_rubles(mini):
    client = mini.client()
    fund(mini, client, 10000)
    numbers = [mini.order(client, 10000) for _ in range(4)]
    barrier = threading.Barrier(len(numbers))
    statuses = []

    def pay(number):
        barrier.wait()
        statuses.append(client.post("/orders/{}/pay".format(number), json={"method": "balance"}).status_code)

    threads = [threading.Thread(target=pay, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [201, 409, 409, 409]
    assert client.ok("GET", "/billing/account")["balance"] == 0


def test_balance_low_is_announced_once_when_the_balance_drops_below_the_threshold(mini):
    client = mini.client()
    probe = EventProbe(mini.amqp_uri, "billing", "balance_low")
    try:
        # money that only passes through (a card payment of an order, its refund) says nothing
        by_card = mini.order(client, 18000)
        payment = client.ok("POST", "/orders/{}/pay".format(by_card), 201, json={"method": "card"})
        confirm(payment["confirmation_url"])
        status_becomes(by_card, "confirmed")
        publish_cancelled(mini, by_card)
        status_becomes(by_card, "cancelled_refunded")
        fund(mini, client, 20000)
        client.ok("POST", "/orders/{}/pay".format(mini.order(client, 15000)), 201, json={"method": "balance"})
        # events leave in the order they were made: a warning about the card payment would come first
        data = probe.wait(lambda e: e["data"]["account_id"] == client.user["account_id"])["data"]
        assert (data["balance"], data["threshold"], data["currency"]) == (5000, 10000, "RUB")
        client.ok("POST", "/orders/{}/pay".format(mini.order(client, 1000)), 201, json={"method": "balance"})
        fund(mini, client, 50000)   # back above the threshold …
        client.ok("POST", "/orders/{}/pay".format(mini.order(client, 50000)), 201, json={"method": "balance"})
        second = probe.wait(lambda e: e["data"]["balance"] == 4000)["data"]   # … and below again
        assert second["account_id"] == client.user["account_id"]
        mine = [e for e in probe.received if e["data"]["account_id"] == client.user["account_id"]]
        assert [e["data"]["balance"] for e in mine] == [5000, 4000]
    finally:
        probe.close()
