"""Publish an event as if a service had: the kit's envelope on ``<producer>.events``.

For testing a consumer with a producer's event it cannot easily be made to send. The
payload is checked against the producer's declared schema (its ``events.py``) first, so a
synthetic event can never drift from what the real producer publishes::

    envelope = publish_event(test_run.amqp_uri, "orders", "chat_message_posted", {...})
    publish_event(test_run.amqp_uri, "orders", "chat_message_posted", {...},
                  event_id=envelope["event_id"])   # the broker redelivering it
"""
from __future__ import annotations

import importlib
import uuid
from datetime import datetime, timezone

from nameko.amqp.publish import Publisher
from nameko.constants import PERSISTENT
from nameko.standalone.events import get_event_exchange

from kit import contracts


def envelope(producer: str, event_type: str, data: dict, event_id: str | None = None,
             correlation_id: str | None = None, occurred_at: datetime | None = None) -> dict:
    event_id = event_id or str(uuid.uuid4())
    return {"event_id": event_id, "type": event_type,
            "occurred_at": (occurred_at or datetime.now(timezone.utc)).isoformat(),
            "producer": producer, "correlation_id": correlation_id or event_id, "data": data}


def publish_event(amqp_uri: str, producer: str, event_type: str, data: dict, *, check: bool = True,
                  **envelope_fields) -> dict:
    """Publish persistently with confirms, routing key = type; returns the envelope.
    ``check=False`` only for a test of what a consumer does with a broken event."""
    if check:
        importlib.import_module("services.{}.events".format(producer))
        contracts.check(producer, event_type, data)
    message = envelope(producer, event_type, data, **envelope_fields)
    exchange = get_event_exchange(producer, {})
    publisher = Publisher(amqp_uri, use_confirms=True, delivery_mode=PERSISTENT, declare=[exchange])
    publisher.publish(message, exchange=exchange, routing_key=event_type,
                      headers={"nameko.correlation_id": message["correlation_id"]},
                      message_id=message["event_id"])
    return message
