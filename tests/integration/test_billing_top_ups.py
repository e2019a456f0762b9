"""Manual 004, "Пополнение баланса": an advance payment through the payment provider (the
built-in sandbox), its statuses Новый/Оплачивается → Зачислен, the balance and the payments
list; commission and limits shown before paying; Idempotency-Key; bad input refused."""
from __future__ import annotations

import uuid

import pytest

from kit import errors
from tests.integration.billing_support import confirm_at_sandbox, rpc
from tests.integration.client import assert_problem


def test_top_up_by_card_through_the_sandbox_is_credited(system, make_user, events):
    client = make_user()
    started, succeeded = events("billing", "payment_started"), events("billing", "payment_succeeded")
    account = client.ok("GET", "/billing/account")
    assert account["balance"] == 0 and account["currency"] == "RUB" and account["credit_limit"] == 0

    options = client.ok("GET", "/billing/payment-options", params={"amount": 10000, "purpose": "top_up"})
    (card,) = [o for o in options["options"] if o["method"] == "card"]
    # manual 004: 100.00 ₽ at "5.00% + 10.00 ₽" → 115.00 ₽ to pay
    assert (card["commission"], card["amount_to_pay"], card["min_amount"]) == (1500, 11500, 1000)
    assert card["commission_rule"] == "5.00% + 10.00 ₽"
    assert not [o for o in options["options"] if o["method"] == "balance"]

    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 50000})
    assert payment["status"] == "paying" and payment["status_label"] == "Оплачивается"
    assert (payment["amount"], payment["commission"], payment["amount_to_pay"]) == (50000, 3500, 53500)
    assert payment["purpose"] == "top_up" and payment["method"] == "card" and payment["provider"] == "sandbox"
    assert payment["confirmation_url"].startswith(system.sandbox_url + "/pay/")
    event = started.wait(lambda e: e["data"]["payment_id"] == payment["id"])
    assert event["data"]["confirmation_url"] == payment["confirmation_url"]
    assert event["data"]["account_id"] == client.user["account_id"] and event["data"]["order_number"] is None

    outcome = confirm_at_sandbox(payment["confirmation_url"])
    assert outcome["status"] == "succeeded" and outcome["webhook"]["status"] == 200

    credited = client.ok("GET", "/billing/payments/" + payment["id"])
    assert credited["status"] == "credited" and credited["status_label"] == "Зачислен"
    assert credited["paid_at"] and credited["confirmation_url"] is None
    assert client.ok("GET", "/billing/account")["balance"] == 50000
    entries = client.ok("GET", "/billing/account/entries")["items"]
    assert [(e["kind"], e["amount"], e["balance_after"]) for e in entries] == [("top_up", 50000, 50000)]
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert data["purpose"] == "top_up" and data["method"] == "card" and data["provider"] == "sandbox"
    assert (data["amount"], data["commission"], data["currency"]) == (50000, 3500, "RUB")
    assert data["user_id"] == client.user["id"] and data["payment_number"] == payment["number"]
    assert data["order_paid_total"] is None and data["order_fully_paid"] is None

    listed = client.ok("GET", "/billing/payments")
    assert listed["total"] == 1 and listed["items"][0]["id"] == payment["id"]
    assert client.ok("GET", "/billing/payments", params={"status": "failed"})["total"] == 0


def test_declined_top_up_fails_and_changes_no_balance(make_user, events):
    client = make_user()
    failed = events("billing", "payment_failed")
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 20000})
    confirm_at_sandbox(payment["confirmation_url"], "failed")
    after = client.ok("GET", "/billing/payments/" + payment["id"])
    assert after["status"] == "failed" and after["failure_reason"] == "card_declined"
    assert client.ok("GET", "/billing/account")["balance"] == 0
    assert client.ok("GET", "/billing/account/entries")["total"] == 0
    data = failed.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert (data["reason"], data["amount"], data["purpose"]) == ("card_declined", 20000, "top_up")


@pytest.mark.parametrize("body, field", [
    ({"amount": -100}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": 100.5}, "amount"),
    ({"amount": "10000"}, "amount"),
    ({"amount": 10000, "currency": "USD"}, "currency"),
    ({"amount": 10000, "method": "balance"}, "method"),
    ({"amount": 10000, "method": "cash"}, "method"),
    ({"amount": 999}, "amount"),          # below the 10 ₽ card minimum
    ({"amount": 1000001}, "amount"),      # above the card maximum of this system
    ({"amount": 10000, "payer_id": str(uuid.uuid4())}, "payer_id"),
    ({"amount": 10000, "method": str(uuid.uuid4())}, "method"),
    ({"amount": 10000, "surprise": 1}, "surprise"),
])
def test_bad_top_up_is_refused_and_nothing_stored(make_user, body, field):
    client = make_user()
    problem = assert_problem(client.post("/billing/top-ups", json=body), 422)
    assert field in problem["errors"], problem
    assert client.ok("GET", "/billing/payments")["total"] == 0


def test_idempotency_key_returns_the_first_payment_and_refuses_other_parameters(system, make_user):
    client = make_user()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = client.ok("POST", "/billing/top-ups", 201, json={"amount": 15000}, headers=key)
    again = client.post("/billing/top-ups", json={"amount": 15000}, headers=key)
    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert_problem(client.post("/billing/top-ups", json={"amount": 16000}, headers=key), 422,
                   "idempotency_key_reused")
    # billing enforces the key itself too (unique per account), past the gateway's cache
    same = rpc(system, client, "top_up", {"amount": 15000}, key["Idempotency-Key"])
    assert same["id"] == first["id"]
    with pytest.raises(errors.ValidationFailed) as refused:
        rpc(system, client, "top_up", {"amount": 17000}, key["Idempotency-Key"])
    assert refused.value.error_code == "idempotency_key_reused"
    assert client.ok("GET", "/billing/payments")["total"] == 1


def test_another_accounts_payment_is_not_found(make_user):
    owner, stranger = make_user(), make_user()
    payment = owner.ok("POST", "/billing/top-ups", 201, json={"amount": 15000})
    assert_problem(stranger.get("/billing/payments/" + payment["id"]), 404, "payment_not_found")
    assert_problem(stranger.get("/billing/accounts/" + owner.user["account_id"]), 403)


def test_an_administrator_adjusts_a_personal_account_under_the_balance_rule(system, admin, make_user):
    client = make_user()
    path = "/billing/accounts/{}/adjustments".format(client.user["account_id"])
    account = admin.ok("POST", path, 201, json={"amount": 5000, "reason": "компенсация"})
    assert account["balance"] == 5000 and admin.ok("GET", "/billing/accounts/" + client.user["account_id"])["balance"] == 5000
    assert_problem(admin.post(path, json={"amount": -5001, "reason": "списание"}), 409, "insufficient_funds")
    assert admin.ok("POST", path, 201, json={"amount": -5000, "reason": "списание"})["balance"] == 0
    for body in ({"amount": 0, "reason": "ноль"}, {"amount": 100, "reason": ""}, {"amount": 1.5, "reason": "дробь"},
                 {"amount": 100, "reason": "валюта", "currency": "EUR"}):
        assert_problem(admin.post(path, json=body), 422)
    assert_problem(client.post(path, json={"amount": 100000, "reason": "сам себе"}), 403)
    # its Idempotency-Key is billing's too
    key = str(uuid.uuid4())
    assert rpc(system, admin_user(admin), "adjust_account", client.user["account_id"],
               {"amount": 700, "reason": "бонус"}, key)["balance"] == 700
    assert rpc(system, admin_user(admin), "adjust_account", client.user["account_id"],
               {"amount": 700, "reason": "бонус"}, key)["balance"] == 700
    with pytest.raises(errors.ValidationFailed) as reused:
        rpc(system, admin_user(admin), "adjust_account", client.user["account_id"], {"amount": 800, "reason": "бонус"}, key)
    assert reused.value.error_code == "idempotency_key_reused"
    entries = admin.ok("GET", "/billing/accounts/{}/entries".format(client.user["account_id"]))["items"]
    assert [(e["kind"], e["amount"]) for e in entries] == [("adjustment", 700), ("adjustment", -5000), ("adjustment", 5000)]


def admin_user(admin):
    """The administrator's client with its user (for billing's RPC)."""
    if not hasattr(admin, "user"):
        admin.user = admin.ok("GET", "/me")
    return admin
