"""One hung service does not starve the others (issue 12, problem 5): with orders stopped
and twenty calls to it at once, the gateway lets 12 wait (`RPC_SERVICE_CONCURRENCY`, for
`orders.list_orders`' own 3 s deadline), refuses the rest at once with 503 `service_busy`,
and billing answers as quickly as ever."""
from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor


def test_a_hung_orders_service_leaves_billing_answering(system, make_user):
    client = make_user()
    assert client.get("/billing/account").status_code == 200
    orders = system.processes["orders"]
    os.killpg(orders.pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            waiting = [pool.submit(client.get, "/orders") for _ in range(20)]
            time.sleep(0.5)  # they have all reached the gateway
            started = time.monotonic()
            account = client.get("/billing/account")
            took = time.monotonic() - started
            answers = [future.result() for future in waiting]
    finally:
        os.killpg(orders.pid, signal.SIGCONT)
    assert account.status_code == 200 and took < 2, took
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) == {503}
    codes = [answer.json()["code"] for answer in answers]
    assert codes.count("service_busy") >= 8 and "service_timeout" in codes, codes
