"""Provider webhooks (B4): verified (a forged signature is refused and changes nothing),
idempotent (the same notification twice credits once), safe out of order (a payment never
moves backwards: the provider's payment is re-read, as Stripe advises); and when a
notification never comes, the janitor (Kill Bill's) asks the provider itself."""
from __future__ import annotations

from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.billing_support import confirm_at_sandbox, provider_id, send_webhook
from tests.integration.client import assert_problem


def paid_without_webhook(client, amount=30000):
    """A top-up the payer completed at the provider whose webhook was lost on the way."""
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": amount})
    outcome = confirm_at_sandbox(payment["confirmation_url"], notify=False)
    assert outcome["status"] == "succeeded" and outcome["webhook"]["sent"] is False
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "paying"
    return payment


def test_the_same_notification_twice_credits_once(system, make_user):
    client = make_user()
    payment = paid_without_webhook(client)
    for _ in range(2):
        response = send_webhook(system, "payment.succeeded", provider_id(payment["confirmation_url"]))
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "processed"}
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited"
    assert client.ok("GET", "/billing/account")["balance"] == 30000
    entries = client.ok("GET", "/billing/account/entries")
    assert entries["total"] == 1 and entries["items"][0]["amount"] == 30000


def test_a_forged_signature_is_refused_and_changes_nothing(system, make_user):
    client = make_user()
    payment = paid_without_webhook(client)
    object_id = provider_id(payment["confirmation_url"])
    forged = send_webhook(system, "payment.succeeded", object_id, secret="not-the-secret")
    assert_problem(forged, 400, "webhook_signature_invalid")
    missing = send_webhook(system, "payment.succeeded", object_id, signature="")
    assert_problem(missing, 400, "webhook_signature_invalid")
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "paying"
    assert client.ok("GET", "/billing/account")["balance"] == 0
    # the genuine notification still works afterwards
    assert send_webhook(system, "payment.succeeded", object_id).json() == {"status": "processed"}
    assert client.ok("GET", "/billing/account")["balance"] == 30000


def test_a_late_contrary_notification_does_not_move_a_payment_backwards(system, make_user):
    client = make_user()
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 25000})
    confirm_at_sandbox(payment["confirmation_url"])
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited"
    # an out-of-order "canceled" (or a replayed "pending") arrives after the success
    for event in ("payment.canceled", "payment.pending"):
        assert send_webhook(system, event, provider_id(payment["confirmation_url"])).status_code == 200
    after = client.ok("GET", "/billing/payments/" + payment["id"])
    assert after["status"] == "credited" and after["failure_reason"] is None
    assert client.ok("GET", "/billing/account")["balance"] == 25000


def test_a_notification_about_an_unknown_payment_is_ignored(system):
    response = send_webhook(system, "payment.succeeded", "sbx_pay_unknown")
    assert response.status_code == 200 and response.json() == {"status": "ignored"}
    assert_problem(send_webhook(system, "payment.succeeded", "x", secret="wrong"), 400)


def test_a_payment_whose_webhook_was_lost_is_credited_by_the_janitor(system, make_user, redis_client, test_run):
    client = make_user()
    payment = paid_without_webhook(client, 40000)
    advance(redis_client, test_run.redis_prefix, 61)  # PAYMENT_RECHECK_AFTER = 60 s
    wait_for(lambda: client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited", timeout=15)
    assert client.ok("GET", "/billing/account")["balance"] == 40000
