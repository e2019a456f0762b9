"""Manual 004, «Как работает оплата по подписке» and «Создание подписок» (B7): a service
renews itself its lead time before expiry — from the personal account, or from a saved card
(declined: the card is «Не работает», the user gets an e-mail, and it is tried again the next
day, when the card works again); a domain 60 days ahead; a service not renewed by its expiry is
suspended; deleting the saved method turns auto-renewal off. The renewal job runs on its timer
and the tests move the test clock (by months: this module sorts before the demo data is loaded,
whose coworking tickets would otherwise be over by the time orders' demo story looks at them)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.client import assert_problem
from tests.integration.test_billing_payment_methods import sandbox_declines, saved_card


def buy(admin, client, **product) -> dict:
    body = dict({"code": "ren-" + uuid.uuid4().hex[:8], "name": "Хостинг", "type": "hosting",
                 "prices": {"1": 19900, "3": 55000}}, **product)
    made = admin.ok("POST", "/billing/products", 201, json=body)
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": made["id"],
                                                        "period_months": min(int(p) for p in body["prices"])})
    (service,) = client.ok("POST", "/billing/cart/checkout", 201, json={})["services"]
    return service


class Clock:
    """The test clock seen from a service's timeline: it starts at the service's ``created_at``
    (about now on the clock) and only moves forward."""

    def __init__(self, redis_client, test_run, service: dict):
        self.redis, self.prefix = redis_client, test_run.redis_prefix
        self.now = datetime.fromisoformat(service["created_at"])

    def to(self, moment: str, margin: float = 120) -> None:
        target = datetime.fromisoformat(moment) + timedelta(seconds=margin)
        if target > self.now:
            advance(self.redis, self.prefix, (target - self.now).total_seconds())
            self.now = target

    def days(self, days: float) -> None:
        advance(self.redis, self.prefix, days * 86400)
        self.now += timedelta(days=days)


def test_a_service_renews_itself_from_the_balance_a_day_before_expiry(admin, make_user, events, redis_client,
                                                                      test_run):
    client = make_user()
    fund(admin, client, 19900 + 19900)
    renewed = events("billing", "service_renewed")
    service = buy(admin, client)
    clock = Clock(redis_client, test_run, service)
    assert service["auto_renew"] is True and service["renew_method"] == "balance"
    due = datetime.fromisoformat(service["next_renewal_at"])
    assert datetime.fromisoformat(service["expires_at"]) - due == timedelta(days=1)
    path = "/billing/subscriptions/" + service["id"]

    clock.to(service["next_renewal_at"])
    event = renewed.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)
    assert event["data"]["automatic"] is True and event["data"]["amount"] == 19900
    after = client.ok("GET", path)
    assert after["status"] == "active" and after["expires_at"] > service["expires_at"]
    assert after["next_renewal_at"] > service["next_renewal_at"]
    assert client.ok("GET", "/billing/account")["balance"] == 0
    history = client.ok("GET", path + "/history")["items"]
    assert [h["action"] for h in history].count("auto_renew") == 1
    assert [e["data"]["service_id"] for e in renewed.drain()].count(service["id"]) == 1


def test_not_renewed_by_expiry_the_service_is_suspended_then_renewed_the_next_day(admin, make_user, events,
                                                                                   redis_client, test_run):
    client = make_user()
    fund(admin, client, 19900)
    failed, suspended = events("billing", "service_renewal_failed"), events("billing", "service_suspended")
    service = buy(admin, client)
    clock = Clock(redis_client, test_run, service)
    path = "/billing/subscriptions/" + service["id"]
    clock.to(service["next_renewal_at"])
    failure = failed.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)["data"]
    assert failure["reason"] == "insufficient_funds" and failure["method"] == "balance"
    assert datetime.fromisoformat(failure["retry_at"]) > datetime.fromisoformat(service["next_renewal_at"])

    # the expiry comes before the next day's retry
    clock.to(service["expires_at"], margin=30)
    suspended.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)
    after = client.ok("GET", path)
    assert (after["status"], after["status_label"]) == ("suspended", "Временно остановлен")
    assert_problem(client.post(path + "/start", json={}), 409, "service_state_conflict")

    fund(admin, client, 19900)
    clock.days(1)
    wait_for(lambda: client.ok("GET", path)["status"] == "active", timeout=20)
    actions = [h["action"] for h in reversed(client.ok("GET", path + "/history")["items"])]
    assert actions[3:] == ["renewal_failed", "suspend", "auto_renew"]
    # one attempt a day: the failure was told once, the suspension once
    assert [e["data"]["service_id"] for e in failed.drain()].count(service["id"]) == 1
    assert [e["data"]["service_id"] for e in suspended.drain()].count(service["id"]) == 1


def test_a_saved_card_that_fails_is_not_working_and_the_user_is_emailed_then_it_works_the_next_day(
        admin, make_user, events, redis_client, test_run, system, fakes):
    client = make_user()
    fund(admin, client, 19900)
    method, token = saved_card(client, "0003")
    service = buy(admin, client)
    clock = Clock(redis_client, test_run, service)
    path = "/billing/subscriptions/" + service["id"]
    chosen = client.ok("PATCH", path, json={"renew_method": method["id"], "renewal_period_months": 3})
    assert chosen["renew_method"] == method["id"] and chosen["renewal_period_months"] == 3
    failed, renewed = events("billing", "service_renewal_failed"), events("billing", "service_renewed")
    sandbox_declines(system, token, True)

    clock.to(service["next_renewal_at"])
    failure = failed.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)["data"]
    assert (failure["method"], failure["reason"], failure["amount"]) == ("saved_method", "card_declined", 55000)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "not_working"
    (mail,) = wait_for(lambda: [m for m in fakes.mail(client.user["email"])
                                if m["subject"].startswith("Не удалось продлить услугу")] or None, timeout=20)
    assert "Хостинг" in mail["subject"]
    assert client.ok("GET", path)["expires_at"] == service["expires_at"]

    sandbox_declines(system, token, False)
    clock.days(1)
    event = renewed.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)["data"]
    assert (event["method"], event["amount"], event["automatic"]) == ("saved_method", 55000, True)
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "enabled"
    after = client.ok("GET", path)
    assert after["status"] == "active" and after["expires_at"] > service["expires_at"]
    # the card paid the renewal (55 000 + its commission): the balance is untouched
    assert client.ok("GET", "/billing/account")["balance"] == 0
    payments = client.ok("GET", "/billing/payments", params={"status": "credited"})["items"]
    assert [p["amount"] for p in payments] == [55000]


def test_a_domain_renews_sixty_days_ahead(admin, make_user, events, redis_client, test_run):
    client = make_user()
    fund(admin, client, 2 * 59900)
    renewed = events("billing", "service_renewed")
    service = buy(admin, client, name="Домен .ru", type="domain", prices={"12": 59900})
    clock = Clock(redis_client, test_run, service)
    assert service["renewal_lead_days"] == 60
    due = datetime.fromisoformat(service["next_renewal_at"])
    assert datetime.fromisoformat(service["expires_at"]) - due == timedelta(days=60)
    clock.to(service["next_renewal_at"])
    renewed.wait(lambda e: e["data"]["service_id"] == service["id"], timeout=20)
    after = client.ok("GET", "/billing/subscriptions/" + service["id"])
    assert datetime.fromisoformat(after["expires_at"]).year == datetime.fromisoformat(service["expires_at"]).year + 1


def test_auto_renewal_settings_and_deleting_the_saved_method_turns_it_off(admin, make_user):
    client, stranger = make_user(), make_user()
    fund(admin, client, 19900)
    method, _ = saved_card(client, "0004")
    other_method, _ = saved_card(stranger, "0005")
    service = buy(admin, client)
    path = "/billing/subscriptions/" + service["id"]
    assert client.ok("PATCH", path, json={"renew_method": method["id"]})["renew_method"] == method["id"]
    assert_problem(client.patch(path, json={"renew_method": other_method["id"]}), 422, "payment_method_not_found")
    assert_problem(client.patch(path, json={"renew_method": "card"}), 422)
    assert_problem(client.patch(path, json={}), 422)
    assert_problem(client.patch(path, json={"renewal_period_months": 12}), 422, "period_not_offered")
    assert_problem(stranger.patch(path, json={"auto_renew": False}), 404, "service_not_found")

    client.ok("DELETE", "/billing/payment-methods/" + method["id"])
    after = client.ok("GET", path)
    assert after["auto_renew"] is False and after["renew_method"] == "balance" and after["next_renewal_at"] is None
    again = client.ok("PATCH", path, json={"auto_renew": True})
    assert again["auto_renew"] is True and again["next_renewal_at"] == service["next_renewal_at"]
    client.ok("POST", path + "/stop", json={})
    assert_problem(client.patch(path, json={"renewal_period_months": 3}), 409, "service_not_active")
