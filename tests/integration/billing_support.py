"""Helpers of billing's stories: calling billing's RPC as a signed-in user (the order parts,
until orders is merged), the sandbox provider's confirmation page, signed webhooks,
synthetic ``orders.order_cancelled`` envelopes."""
from __future__ import annotations

import json
import random
import time
import uuid
from datetime import datetime, timezone

import requests
from nameko.amqp.publish import Publisher
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy

from kit import webhooks


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


def order_number() -> int:
    return random.randint(10 ** 9, 9 * 10 ** 9)


def payable(client, total: int, number: int | None = None, **fields) -> dict:
    """What ``orders.get_payable`` answers for an order of ``client``'s account (contract shape)."""
    data = {"order_number": number or order_number(), "kind": "goods", "service_id": 1, "service_name": "Кофе",
            "account_id": client.user["account_id"], "applicant_id": client.user["id"], "payer_id": None,
            "total": total, "paid": 0, "remaining": total, "currency": "RUB", "status": "new",
            "prepayment_allowed": False, "min_prepayment": None, "payable": True, "staff_may_record": True}
    data.update(fields)
    return data


def confirm_at_sandbox(confirmation_url: str, outcome: str = "succeeded", **extra) -> dict:
    """The payer's side: POST the outcome where the provider sent them."""
    response = requests.post(confirmation_url, json={"outcome": outcome, **extra}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def provider_id(confirmation_url: str) -> str:
    return confirmation_url.rstrip("/").rsplit("/", 1)[1]


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
