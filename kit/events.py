"""Event consumers that never lose a message: retries with backoff, then a dead letter.

Nameko acks and drops the message of a handler that raises. :func:`event_handler`
instead republishes it (with publisher confirms, before acking) to a delay queue
``<queue>.retry.<ms>`` whose TTL dead-letters it back to the handler's queue, once per
entry of ``EVENT_RETRY_DELAYS``; after the last attempt it goes to ``<queue>.dead``,
where ``python -m kit.dlq`` lists and replays it. Handlers must also be idempotent
(redeliveries happen): use :meth:`kit.db.UnitOfWork.first_delivery`.
"""
from __future__ import annotations

import structlog
from kombu import Exchange, Queue
from nameko.amqp.publish import get_producer
from nameko.events import SERVICE_POOL, EventHandler

from kit import contracts
from kit.config import queue_arguments, retry_delays

log = structlog.get_logger(__name__)

ATTEMPT_HEADER = "x-attempt"
ERROR_HEADER = "x-last-error"
DEFAULT_EXCHANGE = Exchange("")


def retry_queue(queue_name: str, delay_ms: int, arguments: dict | None = None) -> Queue:
    """``arguments``: :func:`kit.config.queue_arguments` (the queue type). A quorum retry
    queue dead-letters back at least once (RabbitMQ's default for quorum queues is at most
    once: a node failing as the delay ends could drop the message)."""
    arguments = dict(arguments or {})
    if arguments.get("x-queue-type") == "quorum":
        arguments.update({"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"})
    return Queue(
        "{}.retry.{}".format(queue_name, delay_ms), exchange=DEFAULT_EXCHANGE,
        routing_key="{}.retry.{}".format(queue_name, delay_ms), durable=True,
        queue_arguments={"x-message-ttl": delay_ms, "x-dead-letter-exchange": "",
                         "x-dead-letter-routing-key": queue_name, **arguments},
    )


def dead_letter_queue(queue_name: str, arguments: dict | None = None) -> Queue:
    name = "{}.dead".format(queue_name)
    return Queue(name, exchange=DEFAULT_EXCHANGE, routing_key=name, durable=True,
                 queue_arguments=dict(arguments or {}) or None)


class ReliableEventHandler(EventHandler):
    """``reads``: the consumer's :class:`kit.contracts.ReadSchema` of the event's data — the
    fields it uses, checked on arrival and against the producer's schema by tests/contracts."""

    def __init__(self, source_service, event_type, reads=None, **kwargs):
        kwargs.setdefault("handler_type", SERVICE_POOL)
        self.reads = reads() if isinstance(reads, type) else reads
        super().__init__(source_service, event_type, reliable_delivery=True,
                         requeue_on_error=False, **kwargs)

    def handle_message(self, body, message):
        try:
            contracts.read(self.reads, body)
        except Exception as exc:  # a message that breaks the contract: retry, then dead letter
            self._retry_or_requeue(message, exc)
            return
        super().handle_message(body, message)

    def setup(self):
        super().setup()
        self.delays = retry_delays(self.container.config)
        self.arguments = queue_arguments(self.container.config)
        if self.arguments:  # quorum: replicated, durable, never exclusive or auto-deleted
            self.queue.queue_arguments = {**(self.queue.queue_arguments or {}), **self.arguments}

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        if exc_info is not None:
            self._retry_or_requeue(message, exc_info[1])
            return result, exc_info
        self.queue_consumer.ack_message(message)
        return result, exc_info

    def _retry_or_requeue(self, message, exc) -> None:
        try:
            self._retry_later(message, exc)
        except Exception:
            # The broker refused the copy: keep the original rather than lose it.
            log.exception("event_retry_publish_failed", queue=self.queue.name)
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)

    def _retry_later(self, message, exc) -> None:
        headers = dict(message.headers or {})
        attempt = int(headers.get(ATTEMPT_HEADER, 0)) + 1
        headers[ATTEMPT_HEADER] = attempt
        headers[ERROR_HEADER] = "{}: {}".format(type(exc).__name__, exc)[:500]
        headers.pop("x-death", None)
        if attempt <= len(self.delays):
            target = retry_queue(self.queue.name, int(self.delays[attempt - 1] * 1000), self.arguments)
            log.warning("event_handler_retry", queue=self.queue.name, attempt=attempt,
                        delay=self.delays[attempt - 1], error=headers[ERROR_HEADER])
        else:
            target = dead_letter_queue(self.queue.name, self.arguments)
            log.error("event_dead_lettered", queue=self.queue.name, attempts=attempt,
                      error=headers[ERROR_HEADER],
                      event_id=(message.payload or {}).get("event_id")
                      if isinstance(message.payload, dict) else None)
        with get_producer(self.container.config["AMQP_URI"]) as producer:
            producer.publish(
                message.body, exchange="", routing_key=target.name, headers=headers,
                content_type=message.content_type, content_encoding=message.content_encoding,
                delivery_mode=2, declare=[target], retry=True,
                retry_policy={"max_retries": 3, "interval_start": 0.5, "interval_step": 1},
            )


event_handler = ReliableEventHandler.decorator
