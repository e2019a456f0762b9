"""The janitor (Kill Bill's): payments, refunds and method set-ups left waiting are asked
about again at the provider — periodically, and before anything else is done with an
order's payments. Time moves by this small system's own test clock."""
from __future__ import annotations

import requests

from kit.testing.wait import wait_for
from services.billing.tests.conftest import ORDERS
from tests.integration.client import assert_problem


def confirm(url, outcome="succeeded", **extra):
    response = requests.post(url, json={"outcome": outcome, **extra}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_payment_whose_webhook_was_lost_is_credited_by_the_janitor(mini, redis_client):
    client = mini.client()
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 40000})
    assert confirm(payment["confirmation_url"], notify=False)["webhook"]["sent"] is False
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "paying"
    mini.advance_clock(redis_client, 61)  # PAYMENT_RECHECK_AFTER = 60 s
    wait_for(lambda: client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited", timeout=15)
    assert client.ok("GET", "/billing/account")["balance"] == 40000


def test_an_unresolved_payment_is_rechecked_before_the_order_is_paid_again(mini):
    client = mini.client()
    number = mini.order(client, 18000)
    first = client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "card"})
    confirm(first["confirmation_url"], notify=False)   # paid at the provider; billing not told
    # paying again asks the provider about the payment in flight first: it was paid
    assert_problem(client.post("/orders/{}/pay".format(number), json={"method": "card"}), 409, "order_already_paid")
    assert client.ok("GET", "/billing/payments/" + first["id"])["status"] == "credited"
    wait_for(lambda: ORDERS[number]["status"] == "confirmed", timeout=10)


def test_a_payment_nobody_completes_expires_and_the_order_payment_fails(mini, redis_client):
    client = mini.client()
    number = mini.order(client, 18000)
    payment = client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "card"})
    wait_for(lambda: ORDERS[number]["status"] == "new_payment_pending", timeout=10)
    # while it waits for the payer, nothing else can pay the order
    assert_problem(client.post("/orders/{}/pay".format(number), json={"method": "balance"}), 409, "payment_in_progress")
    mini.advance_clock(redis_client, 3601)  # PAYMENT_EXPIRY = 1 h: cancelled at the provider
    wait_for(lambda: client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "failed", timeout=15)
    failed = client.ok("GET", "/billing/payments/" + payment["id"])
    assert failed["failure_reason"] == "expired_on_confirmation" and failed["confirmation_url"] is None
    wait_for(lambda: ORDERS[number]["status"] == "cancelled_payment_failed", timeout=10)
    at_provider = requests.get(payment["confirmation_url"].replace("/pay/", "/api/payments/"), timeout=10).json()
    assert at_provider["status"] == "canceled"


def test_a_method_set_up_whose_webhook_was_lost_is_enabled_by_the_janitor(mini, redis_client):
    client = mini.client()
    method = client.ok("POST", "/billing/payment-methods", 201, json={"name": "Карта"})
    confirm(method["confirmation_url"], card_last4="4242", notify=False)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "configuring"
    mini.advance_clock(redis_client, 61)
    wait_for(lambda: client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "enabled", timeout=15)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["title"] == "Bank card *4242"
