"""One order per Idempotency-Key whatever hangs or retries (issue 12, problems 2 and 3).

Orders keeps the key in the order's own row, written in the transaction that creates the
order; RPC requests carry the caller's deadline, so a request the gateway stopped waiting
for is not executed when the hung service resumes."""
from __future__ import annotations

import os
import signal
import time
import uuid

from tests.integration.client import assert_problem


def _order(catalog, text):  # noqa: F811
    return {"service_id": catalog.request["id"], "fields": {"text": text}}


def test_the_service_keeps_the_key_even_when_the_gateway_forgot_it(make_user, catalog, redis_client,  # noqa: F811
                                                                  test_run):
    client = make_user()
    key = uuid.uuid4().hex
    first = client.ok("POST", "/orders", 201, json=_order(catalog, "Пропуск"), headers={"Idempotency-Key": key})
    # the gateway's memory of the key is gone (a 5xx, a restart, a lost Redis): the service remembers
    for name in redis_client.scan_iter(test_run.redis_prefix + "idem:*" + key):
        redis_client.delete(name)
    again = client.ok("POST", "/orders", 201, json=_order(catalog, "Пропуск"), headers={"Idempotency-Key": key})
    assert again["number"] == first["number"]
    assert len(client.ok("GET", "/orders", params={"per_page": 100})["items"]) == 1
    for name in redis_client.scan_iter(test_run.redis_prefix + "idem:*" + key):
        redis_client.delete(name)
    reused = client.post("/orders", json=_order(catalog, "Другой пропуск"), headers={"Idempotency-Key": key})
    assert_problem(reused, 422, "idempotency_key_reused")


def test_a_hung_orders_service_executes_no_request_nobody_waits_for(system, make_user, catalog):  # noqa: F811
    client = make_user()
    orders = system.processes["orders"]
    key = uuid.uuid4().hex
    os.killpg(orders.pid, signal.SIGSTOP)
    try:
        for _ in range(2):  # the client retries with its key; the gateway times out each time
            answer = client.post("/orders", json=_order(catalog, "Пропуск"), headers={"Idempotency-Key": key})
            assert answer.status_code == 503, answer.text
        unkeyed = client.post("/orders", json=_order(catalog, "Без ключа"))
        assert unkeyed.status_code == 503, unkeyed.text
    finally:
        os.killpg(orders.pid, signal.SIGCONT)
    retried = client.ok("POST", "/orders", 201, json=_order(catalog, "Пропуск"), headers={"Idempotency-Key": key})
    time.sleep(2)  # the resumed service has had time to take (and drop) what it held
    numbers = [o["number"] for o in client.ok("GET", "/orders", params={"per_page": 100})["items"]]
    assert numbers == [retried["number"]], numbers   # one order for the key, none for the unkeyed request
