"""A small system of billing's own, isolated from the integration system: the billing
service, a stand-in ``orders`` (docs/payments.md's ``get_payable`` and its reactions to billing's
events — the real one is another workstream's), and the gateway app served over real HTTP
in this process (its billing blueprint, order payment endpoints and sandbox provider).

Its own vhost, database, Redis prefix and test clock: moving the clock here moves nobody
else's, and a stand-in called ``orders`` never meets the real one.
"""
from __future__ import annotations

import secrets
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from nameko.events import event_handler
from nameko.runners import ServiceRunner
from nameko.testing.utils import get_container
from werkzeug.serving import make_server

from kit import clock
from kit.auth import issue_access_token
from kit.context import CallContext
from kit.errors import NotFound
from kit.migrate import upgrade
from kit.rpc import rpc
from kit.testing import infra
from kit.topology import declare
from services.billing.service import SETTINGS, BillingService
from tests.integration.client import Client

#: the stand-in orders' orders, by number
ORDERS: dict[int, dict] = {}


class StandInOrders:
    """What billing relies on from orders (docs/payments.md), and how orders reacts to billing."""

    name = "orders"
    caller = CallContext()

    @rpc
    def get_payable(self, order_number):
        order = ORDERS.get(int(order_number))
        caller = self.caller
        if order is None or not (caller.account_id == order["account_id"] or caller.user_id == order["applicant_id"]
                                 or caller.has_role("rental_manager", "admin")):
            raise NotFound("No such order", code="order_not_found")
        snapshot = dict(order)
        snapshot["remaining"] = snapshot["total"] - snapshot["paid"]
        snapshot["payable"] = snapshot["status"] in ("new", "new_payment_pending") and snapshot["remaining"] > 0
        snapshot["staff_may_record"] = caller.has_role("rental_manager", "admin") and snapshot["remaining"] > 0
        return snapshot

    @event_handler("billing", "payment_started")
    def on_payment_started(self, event):
        order = ORDERS.get(event["data"]["order_number"])
        if order is not None and order["status"] == "new":
            order["status"] = "new_payment_pending"

    @event_handler("billing", "payment_succeeded")
    def on_payment_succeeded(self, event):
        data = event["data"]
        order = ORDERS.get(data["order_number"])
        if order is None:
            return
        order["paid"] = data["order_paid_total"]
        order["payments"].append({k: data[k] for k in ("payment_id", "payment_number", "method", "amount", "paid_at")})
        if data["order_fully_paid"] and order["status"] in ("new", "new_payment_pending"):
            order["status"] = "confirmed"
        elif order["status"] == "new_payment_pending":
            order["status"] = "new"

    @event_handler("billing", "payment_failed")
    def on_payment_failed(self, event):
        order = ORDERS.get(event["data"]["order_number"])
        if order is not None and order["status"] == "new_payment_pending":
            order["status"] = "cancelled_payment_failed"

    @event_handler("billing", "refund_completed")
    def on_refund_completed(self, event):
        order = ORDERS.get(event["data"]["order_number"])
        if order is not None and event["data"]["order_fully_refunded"] and order["status"] == "cancelled_refund_pending":
            order["status"] = "cancelled_refunded"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mini:
    base_url: str
    amqp_uri: str
    database_url: str
    redis_prefix: str
    jwt_secret: str
    webhook_secret: str
    runner: ServiceRunner
    people: dict = field(default_factory=dict)

    def client(self, roles=("client",), account_id=None, rights=("users", "finance", "orders", "support")) -> Client:
        """A signed-in user; by default the first user of a new account (every right)."""
        user_id = str(uuid.uuid4())
        account_id = account_id or str(uuid.uuid4())
        token, _ = issue_access_token(self.jwt_secret, user_id=user_id, account_id=account_id, roles=roles,
                                      now=datetime.now(timezone.utc), ttl_seconds=3600, rights=rights)
        client = Client(self.base_url, token)
        client.user = {"id": user_id, "account_id": account_id, "roles": list(roles)}
        return client

    def order(self, client, total: int, **fields) -> int:
        number = 10 ** 9 + len(ORDERS) + int(uuid.uuid4().int % 10 ** 6) * 1000
        ORDERS[number] = {"order_number": number, "kind": "goods", "service_id": 1, "service_name": "Кофе",
                          "account_id": client.user["account_id"], "applicant_id": client.user["id"],
                          "payer_id": None, "total": total, "paid": 0, "currency": "RUB", "status": "new",
                          "prepayment_allowed": False, "min_prepayment": None, "payments": [], **fields}
        return number

    def advance_clock(self, redis_client, seconds: float) -> None:
        clock.advance(redis_client, self.redis_prefix, seconds)

    @property
    def billing(self):
        return get_container(self.runner, BillingService)


@pytest.fixture(scope="module")
def mini(test_run):
    vhost = "{}_bmini{}".format(test_run.name, uuid.uuid4().hex[:4])
    amqp_uri = infra.create_vhost(vhost)
    database_url = test_run.database_url("billing_mini_" + uuid.uuid4().hex[:6])
    upgrade("billing", database_url)
    declare(BillingService, amqp_uri)  # its queues exist before anything is published
    prefix = "{}mini{}:".format(test_run.redis_prefix, uuid.uuid4().hex[:4])
    port = free_port()
    base_url = "http://127.0.0.1:{}".format(port)
    jwt_secret, webhook_secret = secrets.token_hex(32), secrets.token_hex(16)

    from gateway.app import create_app

    app = create_app({"AMQP_URI": amqp_uri, "REDIS_KEY_PREFIX": prefix, "REDIS_URL": test_run.redis_url,
                      "JWT_SECRET": jwt_secret, "PUBLIC_BASE_URL": base_url, "PAYMENT_WEBHOOK_SECRET": webhook_secret,
                      "SANDBOX_PROVIDER_ENABLED": "1", "SERVICES": "billing,orders", "RPC_POOL_SIZE": "16"})
    server = make_server("127.0.0.1", port, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()

    config = test_run.service_config(
        "billing", SETTINGS, AMQP_URI=amqp_uri, DATABASE_URL=database_url, REDIS_KEY_PREFIX=prefix,
        PUBLIC_BASE_URL=base_url, PAYMENT_WEBHOOK_SECRET=webhook_secret, BILLING_JANITOR_INTERVAL="0.2",
        CARD_MAX_AMOUNT="1000000", JWT_SECRET=jwt_secret)
    runner = ServiceRunner(config)
    runner.add_service(BillingService)
    runner.add_service(StandInOrders)
    runner.start()
    try:
        yield Mini(base_url, amqp_uri, database_url, prefix, jwt_secret, webhook_secret, runner)
    finally:
        runner.stop()
        server.shutdown()
        app.extensions["rpc_pool"].close()
        infra.delete_vhost(vhost)
