"""Manual 004, «Информация о кредитном лимите» (B9) on the movable clock: services bought on
credit in a month → the invoice on the 1st → reminders on the 12th and the 16th and 5 days
before blocking → blocked on the 30th (paying for a service refused, a top-up allowed; the
service's auto-renewal from the balance refused, so it is suspended) → the invoice paid → the
block lifted and the suspended service renewed — every notice exactly once. Dates are the
operator's (BILLING_TIMEZONE, Europe/Moscow here)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from kit.testing.wait import wait_for
from tests.integration.billing_support import ZONE, Clock, confirm_at_sandbox, next_month
from tests.integration.client import assert_problem


def test_the_credit_limit_cycle_invoice_reminders_block_and_unblock(admin, make_user, events, redis_client,
                                                                    test_run):
    client = make_user()
    account = client.user["account_id"]
    mine = lambda e: e["data"]["account_id"] == account  # noqa: E731
    issued, reminders = events("billing", "invoice_issued"), events("billing", "invoice_reminder")
    blocked_events, unblocked_events = events("billing", "account_blocked"), events("billing", "account_unblocked")
    admin.ok("PUT", "/billing/accounts/{}/credit-limit".format(account), json={"credit_limit": 500000})
    product = admin.ok("POST", "/billing/products", 201, json={
        "code": "vps-" + uuid.uuid4().hex[:8], "name": "VPS", "type": "vps", "prices": {"1": 100000}})
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": product["id"], "period_months": 1})
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={})   # on credit
    (service,) = purchase["services"]
    clock = Clock(redis_client, test_run, purchase["created_at"])
    bought_on = clock.now.astimezone(ZONE).date()
    board = client.ok("GET", "/billing/account")
    assert board["balance"] == -100000 and board["credit"]["spent"] == 100000
    assert board["credit"]["available_credit"] == 400000 and board["credit"]["due_date"] is None

    # the 1st: the invoice for last month's credit
    first = next_month(bought_on)
    clock.to_day(first)
    event = issued.wait(mine, timeout=20)["data"]
    assert event["amount"] == 100000 and event["due_on"] == first.replace(day=15).isoformat()
    (invoice,) = client.ok("GET", "/billing/invoices")["items"]
    block_on = date.fromisoformat(invoice["block_on"])
    assert (invoice["status"], invoice["status_label"], invoice["remaining"]) == ("to_pay", "К оплате", 100000)
    assert invoice["period_start"] == bought_on.replace(day=1).isoformat()
    assert block_on.day == min(30, (next_month(first) - timedelta(days=1)).day)
    credit = client.ok("GET", "/billing/account")["credit"]
    assert (credit["awaiting_payment"], credit["overdue"]) == (100000, 0)
    assert (credit["due_date"], credit["block_date"]) == (invoice["due_on"], invoice["block_on"])

    # the service renews itself on credit (not blocked yet): next month's expense, "spent"
    clock.to(datetime.fromisoformat(client.ok("GET", "/billing/services/" + service["id"])["next_renewal_at"]))
    history = "/billing/services/{}/history".format(service["id"])
    wait_for(lambda: client.ok("GET", "/billing/services/" + service["id"])["expires_at"] > service["expires_at"],
             timeout=60, message="the renewal on credit ({})".format(client.ok("GET", history)["items"][:3]))
    assert client.ok("GET", "/billing/account")["credit"]["spent"] == 100000

    clock.to_day(first.replace(day=12))
    assert reminders.wait(lambda e: mine(e) and e["data"]["stage"] == "due_soon", timeout=20)
    clock.to_day(first.replace(day=16))
    assert reminders.wait(lambda e: mine(e) and e["data"]["stage"] == "overdue", timeout=20)
    assert client.ok("GET", "/billing/account")["credit"]["overdue"] == 100000
    clock.to_day(block_on - timedelta(days=5))
    assert reminders.wait(lambda e: mine(e) and e["data"]["stage"] == "block_soon", timeout=20)
    clock.to_day(block_on)
    blocked_events.wait(mine, timeout=20)
    board = client.ok("GET", "/billing/account")
    assert board["blocked"] is True and board["credit"]["available_credit"] == 0
    assert board["credit"]["unavailable"] > 0

    # blocked: paying for a service and renewing by hand refused; a top-up allowed
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": product["id"], "period_months": 1})
    assert_problem(client.post("/billing/cart/checkout", json={}), 409, "account_blocked")
    assert_problem(client.post("/billing/services/{}/renew".format(service["id"]), json={}), 409, "account_blocked")
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 30000})
    confirm_at_sandbox(payment["confirmation_url"])
    (invoice,) = [i for i in client.ok("GET", "/billing/invoices")["items"] if i["id"] == invoice["id"]]
    assert (invoice["status"], invoice["paid"]) == ("partially_paid", 30000)
    assert client.ok("GET", "/billing/account")["blocked"] is True

    # auto-renewal from the balance is refused while blocked: the service is suspended
    current = client.ok("GET", "/billing/services/" + service["id"])
    clock.to(datetime.fromisoformat(current["expires_at"]))
    wait_for(lambda: client.ok("GET", "/billing/services/" + service["id"])["status"] == "suspended", timeout=60)

    # the rest paid (with next month's invoice, when the clock went past its dates too — it
    # depends on the day the story began): unblocked, the suspended service renewed
    owed = sum(i["remaining"] for i in client.ok("GET", "/billing/invoices")["items"])
    assert owed >= 70000
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(account), 201,
             json={"amount": owed, "reason": "Оплата по счетам"})
    unblocked_events.wait(mine, timeout=20)
    (invoice,) = [i for i in client.ok("GET", "/billing/invoices")["items"] if i["id"] == invoice["id"]]
    assert invoice["status"] == "paid" and invoice["status_label"] == "Полностью погашен"
    assert client.ok("GET", "/billing/account")["blocked"] is False
    wait_for(lambda: client.ok("GET", "/billing/services/" + service["id"])["status"] == "active", timeout=60)

    # every notice exactly once
    stages = [e["data"]["stage"] for e in reminders.drain() if mine(e) and e["data"]["invoice_id"] == invoice["id"]]
    assert sorted(stages) == ["block_soon", "due_soon", "overdue"]
    assert len([e for e in issued.drain() if mine(e) and e["data"]["invoice_id"] == invoice["id"]]) == 1
    assert len([e for e in blocked_events.drain() if mine(e)]) == 1
    assert len([e for e in unblocked_events.drain() if mine(e)]) == 1


def test_another_accounts_invoice_is_not_found(make_user):
    client = make_user()
    assert client.ok("GET", "/billing/invoices")["total"] == 0
    assert_problem(client.get("/billing/invoices/" + str(uuid.uuid4())), 404, "invoice_not_found")
    assert_problem(client.get("/billing/invoices", params={"status": "late"}), 422)
