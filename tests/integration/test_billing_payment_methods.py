"""Manual 004, "Способы оплаты" (B5): a saved method is the provider's token only; it is set
up at the provider (Настраивается → Включено), renamed, deleted; paying with it moves its
status (a declined charge → Не работает, a successful one → Включено); "Запомнить способ
оплаты" saves the card of a paid payment; a set-up whose notification was lost is finished by
the janitor."""
from __future__ import annotations

import requests

from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.billing_support import confirm_at_sandbox, provider_id
from tests.integration.client import assert_problem


def saved_card(client, last4="1111", name=None):
    """A card saved through the provider's flow; returns (method, the sandbox's token)."""
    method = client.ok("POST", "/billing/payment-methods", 201, json={"name": name} if name else {})
    assert method["status"] == "configuring" and method["status_label"] == "Настраивается"
    confirm_at_sandbox(method["confirmation_url"], card_last4=last4)
    token = provider_id(method["confirmation_url"])
    method = client.ok("GET", "/billing/payment-methods/" + method["id"])
    assert method["status"] == "enabled" and method["confirmation_url"] is None
    return method, token


def sandbox_declines(system, token, declines):
    """The sandbox's test control: charges of this saved card are declined (or not) from now on."""
    requests.post("{}/api/payment_methods/{}/decline".format(system.sandbox_url, token),
                  json={"declines": declines}, timeout=10).raise_for_status()


def test_set_up_at_the_provider_rename_pay_and_delete(system, make_user):
    client = make_user()
    method, _ = saved_card(client, "1111", name="Рабочая карта")
    assert (method["title"], method["name"], method["status_label"]) == ("Bank card *1111", "Рабочая карта", "Включено")
    renamed = client.ok("PATCH", "/billing/payment-methods/" + method["id"], json={"name": "Карта бухгалтерии"})
    assert renamed["name"] == "Карта бухгалтерии"
    assert_problem(client.patch("/billing/payment-methods/" + method["id"], json={"name": " "}), 422)

    options = client.ok("GET", "/billing/payment-options", params={"amount": 10000})["options"]
    assert [o for o in options if o["method"] == method["id"]][0]["amount_to_pay"] == 11500

    # a saved method is charged at once, with no payer in the loop
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000, "method": method["id"]})
    assert (payment["status"], payment["method"], payment["payment_method_id"]) == ("credited", "saved_method", method["id"])
    assert client.ok("GET", "/billing/account")["balance"] == 10000

    assert client.ok("DELETE", "/billing/payment-methods/" + method["id"]) == {"deleted": method["id"]}
    assert_problem(client.get("/billing/payment-methods/" + method["id"]), 404, "payment_method_not_found")
    assert client.ok("GET", "/billing/payment-methods")["total"] == 0
    refused = assert_problem(client.post("/billing/top-ups", json={"amount": 10000, "method": method["id"]}), 422)
    assert "method" in refused["errors"]


def test_a_declined_charge_marks_the_method_not_working_until_a_charge_succeeds(system, make_user):
    client = make_user()
    method, token = saved_card(client, "0002")
    sandbox_declines(system, token, True)
    declined = client.ok("POST", "/billing/top-ups", 201, json={"amount": 5000, "method": method["id"]})
    assert declined["status"] == "failed" and declined["failure_reason"] == "card_declined"
    after = client.ok("GET", "/billing/payment-methods/" + method["id"])
    assert (after["status"], after["status_label"]) == ("not_working", "Не работает")
    sandbox_declines(system, token, False)
    again = client.ok("POST", "/billing/top-ups", 201, json={"amount": 5000, "method": method["id"]})
    assert again["status"] == "credited"
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "enabled"
    assert client.ok("GET", "/billing/account")["balance"] == 5000


def test_remember_the_card_of_a_paid_top_up(make_user):
    client = make_user()
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 20000, "save_method": True})
    confirm_at_sandbox(payment["confirmation_url"], card_last4="4804")
    (method,) = client.ok("GET", "/billing/payment-methods")["items"]
    assert (method["title"], method["status"]) == ("Bank card *4804", "enabled")
    again = client.ok("POST", "/billing/top-ups", 201, json={"amount": 1000, "method": method["id"]})
    assert again["status"] == "credited"


def test_a_method_being_set_up_cannot_pay_and_a_declined_setup_does_not_work(make_user):
    client = make_user()
    pending = client.ok("POST", "/billing/payment-methods", 201, json={})
    assert_problem(client.post("/billing/top-ups", json={"amount": 10000, "method": pending["id"]}), 409,
                   "payment_method_not_ready")
    confirm_at_sandbox(pending["confirmation_url"], "failed")
    assert client.ok("GET", "/billing/payment-methods/" + pending["id"])["status"] == "not_working"


def test_a_method_set_up_whose_webhook_was_lost_is_enabled_by_the_janitor(make_user, redis_client, test_run):
    client = make_user()
    method = client.ok("POST", "/billing/payment-methods", 201, json={"name": "Карта"})
    confirm_at_sandbox(method["confirmation_url"], card_last4="4242", notify=False)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "configuring"
    advance(redis_client, test_run.redis_prefix, 61)  # PAYMENT_RECHECK_AFTER = 60 s
    wait_for(lambda: client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "enabled", timeout=15)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["title"] == "Bank card *4242"
