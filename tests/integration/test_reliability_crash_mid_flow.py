"""Services killed with SIGKILL in the middle of a flow (order paid → confirmed → notified)
and restarted finish it, once (issue 12): notifications is killed before the payment, orders
right after it, while billing's `payment_succeeded` is on its way to both; restarted the way
the launcher supervises them, orders confirms the order and notifications tells the client —
one charge, one payment, one inbox entry."""
from __future__ import annotations

import os
import signal
import time

from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.orders_support import coffee_order, wait_status


def _kill(system, name):
    process = system.processes[name]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _restart(system):
    quiet = lambda *args, **kwargs: None  # noqa: E731
    system.supervise(now=time.monotonic(), say=quiet)              # noticed: restart due in a second
    restarted = system.supervise(now=time.monotonic() + 1.5, say=quiet)
    assert set(restarted) >= {"orders", "notifications"}, restarted


def test_a_paid_order_is_confirmed_and_notified_once_after_services_were_killed(system, admin, make_user,
                                                                                catalog):  # noqa: F811
    client = make_user()
    fund(admin, client, 50000)
    order = coffee_order(client, catalog)
    number = order["number"]
    _kill(system, "notifications")
    try:
        payment = client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "balance"})
        _kill(system, "orders")
    finally:
        _restart(system)
    system.wait_ready(timeout=60)

    confirmed = wait_status(client, number, "confirmed", timeout=60)
    assert confirmed["payment"]["status"] == "paid"
    assert [(p["payment_id"], p["amount"]) for p in confirmed["payment"]["payments"]] == [(payment["id"], 18000)]

    def notified():
        items = client.ok("GET", "/notifications", params={"per_page": 100})["items"]
        return [n for n in items if n["type"] == "payment_succeeded"] or None

    wait_for(notified, timeout=60, message="the payment's inbox entry")
    time.sleep(1)  # a redelivered event would have added a second one by now
    assert len(notified()) == 1
    charges = [e for e in client.ok("GET", "/billing/account/entries")["items"] if e["kind"] == "charge"]
    assert [e["amount"] for e in charges] == [-18000]
    assert client.ok("GET", "/billing/account")["balance"] == 32000
