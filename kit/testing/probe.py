"""See which events a service really published: a temporary queue on its exchange."""
from __future__ import annotations

import uuid

from kombu import Connection, Queue
from nameko.standalone.events import get_event_exchange

from kit.testing.wait import wait_for


class EventProbe:
    def __init__(self, amqp_uri: str, source: str, event_type: str):
        self.connection = Connection(amqp_uri)
        queue = Queue("probe-{}-{}".format(event_type, uuid.uuid4().hex[:8]),
                      exchange=get_event_exchange(source, {}), routing_key=event_type,
                      durable=False, auto_delete=True)
        self.queue = queue.bind(self.connection.channel())
        self.queue.declare()
        self.received: list[dict] = []

    def drain(self) -> list[dict]:
        while True:
            message = self.queue.get(no_ack=True)
            if message is None:
                return self.received
            self.received.append(message.payload)

    def wait(self, predicate=lambda envelope: True, timeout: float = 10.0) -> dict:
        """The first received envelope matching ``predicate`` (waits up to ``timeout``)."""
        def found():
            return next((e for e in self.drain() if predicate(e)), None)

        return wait_for(found, timeout=timeout, message="an event matching the predicate")

    def close(self) -> None:
        self.connection.release()
