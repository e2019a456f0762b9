"""The RabbitMQ queues a service consumes, declared before anything publishes to them.

An event published to an exchange with no bound queue is dropped, so the one-shot
migration step of every service declares its consumers' queues (the same names and
arguments Nameko uses), and the dead-letter tool finds queues from the same list.
"""
from __future__ import annotations

import inspect

from kombu import Connection, Queue
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.standalone.events import get_event_exchange

from kit.config import queue_arguments
from kit.events import ReliableEventHandler, dead_letter_queue


def event_queues(service_cls, arguments: dict | None = None) -> list[Queue]:
    """The durable queue of every event handler of ``service_cls`` (SERVICE_POOL naming);
    ``arguments``: the queue type's (:func:`kit.config.queue_arguments`)."""
    queues = []
    for method_name, method in inspect.getmembers(service_cls, inspect.isfunction):
        for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if not isinstance(entrypoint, ReliableEventHandler):
                continue
            name = "evt-{}-{}--{}.{}".format(entrypoint.source_service, entrypoint.event_type,
                                             service_cls.name, method_name)
            exchange = get_event_exchange(entrypoint.source_service, {})
            queues.append(Queue(name, exchange=exchange, routing_key=entrypoint.event_type,
                                durable=True, auto_delete=False, exclusive=False,
                                queue_arguments=dict(arguments or {}) or None))
    return sorted(queues, key=lambda q: q.name)


def declare(service_cls, amqp_uri: str, arguments: dict | None = None) -> list[str]:
    """Declare the handler queues (and their dead-letter queues) of ``service_cls``;
    ``arguments`` default to the ``AMQP_QUEUE_TYPE`` setting's."""
    arguments = queue_arguments() if arguments is None else arguments
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        names = []
        for queue in event_queues(service_cls, arguments):
            queue.bind(channel).declare()
            dead_letter_queue(queue.name, arguments).bind(channel).declare()
            names.append(queue.name)
        return names


def dead_letter_counts(service_cls, amqp_uri: str) -> dict[str, int]:
    counts = {}
    with Connection(amqp_uri) as connection:
        for queue in event_queues(service_cls):
            dead = dead_letter_queue(queue.name)
            channel = connection.channel()
            try:
                _, count, _ = dead.bind(channel).queue_declare(passive=True)
            except Exception:  # not declared yet: nothing dead
                count = 0
            finally:
                try:
                    channel.close()
                except Exception:
                    pass
            counts[queue.name] = count
    return counts
