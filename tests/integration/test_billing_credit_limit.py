"""Manual 004, «Информация о кредитном лимите» (B9) on the movable clock: services bought on
credit in a month → the invoice on the 1st → reminders on the 12th and the 16th and 5 days
before blocking → blocked on the 30th (paying for a service refused, a top-up allowed; the
service's auto-renewal from the balance refused, so it is suspended) → the invoice paid → the
block lifted and the suspended service renewed — every notice exactly once: each event billing
publishes and each notification the user gets in the inbox. An order of the orders service
paid from the balance is refused while blocked, like the cart. Dates are the operator's
(BILLING_TIMEZONE, Europe/Moscow here)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from kit.testing.wait import wait_for
from tests.integration.billing_support import ZONE, Clock, confirm_at_sandbox, next_month
from tests.integration.client import assert_problem
from tests.integration.orders_support import coffee_order

#: the notifications of the credit cycle the user's inbox gets, each exactly once
NOTICES = ("invoice_issued", "invoice_reminder", "account_blocked", "account_unblocked")


def inbox(client, invoice_number: int) -> list[tuple]:
    """The user's notifications of the credit cycle for one invoice (and the unblocking) as
    sorted (type, stage) pairs."""
    items = client.ok("GET", "/notifications", params={"per_page": 100})["items"]
    return sorted((n["type"], n["data"].get("stage")) for n in items
                  if n["type"] in NOTICES and n["data"].get("invoice_number") in (None, invoice_number))


def test_the_credit_limit_cycle_invoice_reminders_block_and_unblock(admin, make_user, events, redis_client,
                                                                    test_run, catalog):
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
    order = coffee_order(client, catalog)   # an order of the orders service, to be paid later
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
    clock.to(datetime.fromisoformat(client.ok("GET", "/billing/subscriptions/" + service["id"])["next_renewal_at"]))
    history = "/billing/subscriptions/{}/history".format(service["id"])
    wait_for(lambda: client.ok("GET", "/billing/subscriptions/" + service["id"])["expires_at"] > service["expires_at"],
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
    assert_problem(client.post("/billing/subscriptions/{}/renew".format(service["id"]), json={}), 409, "account_blocked")
    balance = client.ok("GET", "/billing/account")["balance"]
    assert_problem(client.post("/orders/{}/pay".format(order["number"]), json={"method": "balance"},
                               headers={"Idempotency-Key": uuid.uuid4().hex}), 409, "account_blocked")
    assert client.ok("GET", "/billing/account")["balance"] == balance
    assert client.ok("GET", "/orders/{}".format(order["number"]))["payment"]["status"] == "unpaid"
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 30000})
    confirm_at_sandbox(payment["confirmation_url"])
    (invoice,) = [i for i in client.ok("GET", "/billing/invoices")["items"] if i["id"] == invoice["id"]]
    assert (invoice["status"], invoice["paid"]) == ("partially_paid", 30000)
    assert client.ok("GET", "/billing/account")["blocked"] is True

    # auto-renewal from the balance is refused while blocked: the service is suspended
    current = client.ok("GET", "/billing/subscriptions/" + service["id"])
    clock.to(datetime.fromisoformat(current["expires_at"]))
    wait_for(lambda: client.ok("GET", "/billing/subscriptions/" + service["id"])["status"] == "suspended", timeout=60)

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
    wait_for(lambda: client.ok("GET", "/billing/subscriptions/" + service["id"])["status"] == "active", timeout=60)
    paid = client.ok("POST", "/orders/{}/pay".format(order["number"]), 201, json={"method": "balance"},
                     headers={"Idempotency-Key": uuid.uuid4().hex})
    assert paid["status"] == "credited" and paid["order"]["fully_paid"] is True

    # every notice exactly once: each event billing published, each notification in the inbox
    first = lambda e: mine(e) and e["data"].get("invoice_id") in (None, invoice["id"])  # noqa: E731
    # (unblocking names no invoice; a later invoice's notices are not this one's)
    published = [e for probe in (issued, reminders, blocked_events, unblocked_events) for e in probe.drain()
                 if first(e)]
    expected = sorted([("account_blocked", None), ("account_unblocked", None), ("invoice_issued", "issued"),
                       ("invoice_reminder", "block_soon"), ("invoice_reminder", "due_soon"),
                       ("invoice_reminder", "overdue")])
    assert sorted((e["type"], e["data"].get("stage")) for e in published) == expected
    assert len({e["event_id"] for e in published}) == len(published)
    seen = wait_for(lambda: (lambda found: found if len(found) >= len(expected) else None)(
        inbox(client, invoice["number"])), timeout=30, message="the credit cycle's notifications in the inbox")
    assert seen == expected, seen


def test_another_accounts_invoice_is_not_found(make_user):
    client = make_user()
    assert client.ok("GET", "/billing/invoices")["total"] == 0
    assert_problem(client.get("/billing/invoices/" + str(uuid.uuid4())), 404, "invoice_not_found")
    assert_problem(client.get("/billing/invoices", params={"status": "late"}), 422)
