"""Helpers of billing's stories: calling a service's RPC as a signed-in user (billing's with
orders' real ``get_payable`` answer), the sandbox provider's confirmation page and API,
signed webhooks, an ``orders.order_cancelled`` for an order billing never saw, waiting for a
consumer that changes nothing visible, money on a personal account, the movable clock in the
operator's calendar."""
from __future__ import annotations

import json
import random
import time
import uuid
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import requests
from nameko.amqp.publish import Publisher
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy

from kit import webhooks
from kit.clock import advance
from kit.testing.publish import publish_event
from kit.testing.wait import wait_for


def caller_context(client, roles=None) -> dict:
    user = client.user
    return {"user_id": user["id"], "account_id": user["account_id"],
            "roles": list(roles if roles is not None else user["roles"]),
            "rights": list(user.get("rights") or ()),
            "correlation_id": "test-" + uuid.uuid4().hex[:8], "language": "ru"}


def rpc(system, client, method: str, *args, service: str = "billing", **kwargs):
    """Call ``service.method`` on the running system as ``client``'s user."""
    with ClusterRpcProxy({"AMQP_URI": system.env["AMQP_URI"]}, context_data=caller_context(client),
                         timeout=15) as cluster:
        return getattr(getattr(cluster, service), method)(*args, **kwargs)


def payable_of(system, client, number: int) -> dict:
    """``orders.get_payable(number)`` as ``client`` — the snapshot the gateway hands billing."""
    return rpc(system, client, "get_payable", number, service="orders")


def order_number() -> int:
    """A number no order of the running system has."""
    return random.randint(10 ** 9, 9 * 10 ** 9)


def confirm_at_sandbox(confirmation_url: str, outcome: str = "succeeded", **extra) -> dict:
    """The payer's side: POST the outcome where the provider sent them."""
    response = requests.post(confirmation_url, json={"outcome": outcome, **extra}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def provider_id(confirmation_url: str) -> str:
    return confirmation_url.rstrip("/").rsplit("/", 1)[1]


def sandbox_url(confirmation_url: str, path: str) -> str:
    """The sandbox provider's API address ``path`` (``/api/payments/<id>``), found from where
    it sends the payer (``<sandbox>/pay/<id>``), wherever the sandbox runs."""
    return confirmation_url.rsplit("/pay/", 1)[0] + path


def send_webhook(system, event: str, object_id: str, *, secret: str | None = None,
                 signature: str | None = None) -> requests.Response:
    body = json.dumps({"event": event, "object": {"id": object_id}})
    if signature is None:
        signature = webhooks.sign(secret or system.env["PAYMENT_WEBHOOK_SECRET"], body, int(time.time()))
    return requests.post(system.base_url + "/api/v1/billing/providers/sandbox/webhook", data=body,
                         headers={"Content-Type": "application/json", webhooks.SIGNATURE_HEADER: signature},
                         timeout=30)


def publish_order_cancelled(amqp_uri: str, number: int, account_id: str, applicant_id: str, paid: int,
                            refund_required: bool | None = None) -> str:
    """The envelope orders emits when an order is cancelled (docs/payments.md)."""
    exchange = get_event_exchange("orders", {})
    event_id = str(uuid.uuid4())
    envelope = {"event_id": event_id, "type": "order_cancelled", "occurred_at": datetime.now(timezone.utc).isoformat(),
                "producer": "orders", "correlation_id": "test-" + event_id[:8],
                "data": {"order_number": number, "account_id": account_id, "applicant_id": applicant_id,
                         "paid": paid, "refund_required": paid > 0 if refund_required is None else refund_required,
                         "currency": "RUB"}}
    Publisher(amqp_uri, declare=[exchange]).publish(envelope, exchange=exchange, routing_key="order_cancelled")
    return event_id


def fund(admin, client, amount: int) -> None:
    """Put money on ``client``'s personal account (an administrator's adjustment)."""
    admin.ok("POST", "/billing/accounts/{}/adjustments".format(client.user["account_id"]), 201,
             json={"amount": amount, "reason": "test funds"})


def expense_of(client, payment_id: str) -> dict:
    return [e for e in client.ok("GET", "/billing/expenses", params={"per_page": 100})["items"]
            if e["payment_id"] == payment_id][0]


def redeliver(system, envelope: dict, service: str, timeout: float = 30.0) -> None:
    """Publish ``envelope`` again (the broker redelivering it) and wait until ``service`` has
    handled it: its log's ``handled`` line carries the copy's own correlation id, so a consumer
    that rightly does nothing is still seen to have run."""
    correlation_id = "redelivery-" + uuid.uuid4().hex[:8]
    publish_event(system.env["AMQP_URI"], envelope["producer"], envelope["type"], envelope["data"],
                  event_id=envelope["event_id"], correlation_id=correlation_id)

    def handled() -> bool:
        for line in system.log_path(service).read_text(errors="replace").splitlines():
            if correlation_id in line:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("event") == "handled" and record.get("correlation_id") == correlation_id:
                    return True
        return False

    wait_for(handled, timeout=timeout, message="{} to handle the redelivered {}".format(service, envelope["type"]))


# --- the movable clock of the credit cycle's and the documents' stories ------------------------

ZONE = ZoneInfo("Europe/Moscow")


class Clock:
    """The test clock, known from a moment the system stamped; only moves forward."""

    def __init__(self, redis_client, test_run, stamped: str):
        self.redis, self.prefix = redis_client, test_run.redis_prefix
        self.now = datetime.fromisoformat(stamped)

    def to(self, moment: datetime, margin: float = 60) -> None:
        target = moment + timedelta(seconds=margin)
        if target > self.now:
            advance(self.redis, self.prefix, (target - self.now).total_seconds())
            self.now = target

    def to_day(self, day: date) -> None:
        self.to(datetime.combine(day, time.min, ZONE))


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
