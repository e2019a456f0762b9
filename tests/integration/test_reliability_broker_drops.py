"""Broker connections closed under the system (issue 12): every AMQP connection of this
test run's vhost is closed by RabbitMQ; the services, the gateway and the outbox relays
reconnect by themselves, and an order paid right after is confirmed, charged once and
notified once."""
from __future__ import annotations

import subprocess
import time
import uuid
from urllib.parse import unquote, urlsplit


from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.orders_support import wait_status


def _rabbitmqctl(*args: str) -> str:
    return subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def close_connections(vhost: str) -> int:
    closed = 0
    for line in _rabbitmqctl("list_connections", "pid", "vhost").splitlines():
        pid, _, name = line.partition("\t")
        if name.strip() == vhost and pid.startswith("<"):
            subprocess.run(["rabbitmqctl", "-q", "close_connection", pid, "reliability test"],
                           capture_output=True, timeout=60)
            closed += 1
    return closed


def test_closed_broker_connections_heal_and_a_payment_flow_completes_once(system, admin, make_user, catalog,  # noqa: F811
                                                                          test_run):
    _rabbitmqctl("status")  # the test command runs RabbitMQ on this machine (scripts/ensure-infra.sh)
    vhost = unquote(urlsplit(test_run.amqp_uri).path.lstrip("/"))
    client = make_user()
    fund(admin, client, 50000)
    assert close_connections(vhost) >= 5        # services, their relays, the gateway's proxies
    time.sleep(1)                               # the closes reach every process

    key = uuid.uuid4().hex   # the client retries with its key until the system answers

    def paid():
        response = client.post("/orders", json={**_coffee(catalog), "payment": {"method": "balance"}},
                               headers={"Idempotency-Key": key})
        return response.json() if response.status_code == 201 else None

    order = wait_for(paid, timeout=60, interval=1, message="an order created and paid once the broker is back")
    number = order["number"]
    confirmed = wait_status(client, number, "confirmed", timeout=60)
    assert confirmed["payment"]["status"] == "paid"

    def notified():
        items = client.ok("GET", "/notifications", params={"per_page": 100})["items"]
        return [n for n in items if n["type"] == "payment_succeeded"] or None

    wait_for(notified, timeout=60, message="the payment's inbox entry")
    assert len(notified()) == 1
    assert [o["number"] for o in client.ok("GET", "/orders", params={"per_page": 100})["items"]] == [number]
    charges = [e["amount"] for e in client.ok("GET", "/billing/account/entries")["items"] if e["kind"] == "charge"]
    assert charges == [-18000]
    assert client.ok("GET", "/billing/account")["balance"] == 32000


def _coffee(catalog):  # noqa: F811
    return {"service_id": catalog.coffee["id"], "items": [{"item_id": "tea", "quantity": 2},
                                                          {"item_id": "latte", "quantity": 1},
                                                          {"item_id": "belvita", "quantity": 1}],
            "delivery": {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True}}
