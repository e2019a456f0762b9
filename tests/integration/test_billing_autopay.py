"""Manual 004, «Способы оплаты» — autopay (B6): with a saved method and a monthly maximum (or
unlimited), the recommended maximum (next month's forecast + 10 %) shown; when the balance runs
low the method is charged so that upcoming charges are covered, once per dip, every attempt
visible — and never past the month's maximum, even under 20 concurrent debits."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.client import assert_problem
from tests.integration.test_billing_payment_methods import saved_card


def settled(client) -> dict:
    """The autopay view once no attempt is pending at the provider."""
    return wait_for(lambda: (lambda a: a if all(x["status"] != "pending" for x in a["attempts"]) else None)(
        client.ok("GET", "/billing/autopay")), timeout=20)


def test_a_low_balance_is_topped_up_from_the_saved_method(admin, make_user, events):
    client = make_user()
    method, _ = saved_card(client, "0006")
    fund(admin, client, 19900 + 12000)
    product = admin.ok("POST", "/billing/products", 201, json={
        "code": "ap-" + uuid.uuid4().hex[:8], "name": "Хостинг", "type": "hosting", "prices": {"1": 19900}})
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": product["id"], "period_months": 1})
    view = client.ok("GET", "/billing/autopay")
    assert (view["enabled"], view["forecast"], view["recommended_max"]) == (False, 0, 0)
    charged = events("billing", "autopay_charged")
    client.ok("PUT", "/billing/autopay", json={"enabled": True, "method_id": method["id"], "monthly_max": 50000})

    client.ok("POST", "/billing/cart/checkout", 201, json={})   # 12 000 left: above the 10 000 threshold
    view = client.ok("GET", "/billing/autopay")
    assert (view["forecast"], view["recommended_max"], view["attempts"]) == (19900, 21900, [])
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(client.user["account_id"]), 201,
             json={"amount": -4000, "reason": "тест"})        # 8 000: low
    event = charged.wait(lambda e: e["data"]["account_id"] == client.user["account_id"], timeout=20)["data"]
    # the upcoming renewal (19 900) and the threshold (10 000) covered: 19 900 + 10 000 − 8 000
    assert event["amount"] == 21900 and event["user_id"] == client.user["id"]
    view = settled(client)
    assert [(a["status"], a["amount"], a["balance"]) for a in view["attempts"]] == [("charged", 21900, 8000)]
    assert (view["charged_this_month"], view["left_this_month"]) == (21900, 50000 - 21900)
    assert client.ok("GET", "/billing/account")["balance"] == 8000 + 21900


def test_autopay_never_charges_past_the_monthly_maximum_under_20_concurrent_debits(admin, make_user):
    client = make_user()
    method, _ = saved_card(client, "0007")
    account = client.user["account_id"]
    admin.ok("PUT", "/billing/accounts/{}/credit-limit".format(account), json={"credit_limit": 10 ** 7})
    fund(admin, client, 11000)
    client.ok("PUT", "/billing/autopay", json={"enabled": True, "method_id": method["id"], "monthly_max": 30000})

    def debit(_):
        """One debit; the gateway's bulkhead answers 503 service_busy to calls over its limit
        for billing before sending anything, and a client retries those (with the same key)."""
        key = uuid.uuid4().hex
        for _ in range(100):
            response = admin.post("/billing/accounts/{}/adjustments".format(account),
                                  json={"amount": -6000, "reason": "списание"}, headers={"Idempotency-Key": key})
            if response.status_code != 503 or response.json().get("code") != "service_busy":
                return response.status_code
            time.sleep(0.05)
        return response.status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert set(pool.map(debit, range(20))) == {201}
    view = wait_for(lambda: (lambda a: a if a["attempts"] and all(x["status"] != "pending" for x in a["attempts"])
                             else None)(client.ok("GET", "/billing/autopay")), timeout=30)
    assert 0 < view["charged_this_month"] <= 30000
    # once more after the dust settles: a dip the maximum cannot cover is skipped, and said so
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(account), 201,
             json={"amount": 10 ** 6, "reason": "пополнение"})
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(account), 201,
             json={"amount": -(10 ** 6) - 30000, "reason": "списание"})
    view = wait_for(lambda: (lambda a: a if len([x for x in a["attempts"] if x["status"] != "pending"]) >= 2
                             and a["attempts"][0]["status"] != "pending" else None)(
        client.ok("GET", "/billing/autopay")), timeout=30)
    assert view["charged_this_month"] <= 30000
    credited = [p["amount"] for p in client.ok("GET", "/billing/payments", params={"per_page": 100})["items"]
                if p["status"] == "credited" and p["method"] == "saved_method"]
    assert sum(credited) == view["charged_this_month"] <= 30000


def test_bad_autopay_input_is_refused_and_changes_nothing(make_user):
    client, stranger = make_user(), make_user()
    theirs, _ = saved_card(stranger, "0008")
    for body, code in (({"enabled": True}, "autopay_method_required"),
                       ({"enabled": True, "method_id": theirs["id"]}, "payment_method_not_found"),
                       ({"enabled": True, "method_id": str(uuid.uuid4())}, "payment_method_not_found"),
                       ({"enabled": "yes"}, None), ({"enabled": True, "monthly_max": 0}, None),
                       ({"enabled": True, "monthly_max": 10.5}, None), ({}, None)):
        assert_problem(client.put("/billing/autopay", json=body), 422, code)
    view = client.ok("GET", "/billing/autopay")
    assert (view["enabled"], view["method_id"]) == (False, None)
