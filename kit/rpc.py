"""The RPC entrypoint every service uses: Nameko's, with errors made safe for the wire.

A :class:`kit.errors.ServiceError` crosses as its kind with code, detail and field
errors, and so does a :class:`kit.errors.RuleBroken` a domain rule raised; a marshmallow validation error becomes ``validation_failed``; anything else is a
bug, logged here with its traceback and answered as an opaque ``internal_error``.

A request whose caller gave a ``deadline`` (context data, seconds since the epoch) is not
executed once that has passed: nobody waits for its answer any more (the caller answered
503 and may retry), so executing it late could only duplicate an effect.
"""
from __future__ import annotations

import sys
import time

import structlog
from marshmallow import ValidationError as SchemaError
from nameko.amqp.publish import Publisher
from nameko.constants import (AMQP_SSL_CONFIG_KEY, AMQP_URI_CONFIG_KEY, DEFAULT_SERIALIZER, LOGIN_METHOD_CONFIG_KEY,
                              SERIALIZER_CONFIG_KEY)
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from kit.config import queue_arguments
from kit.errors import InternalError, RuleBroken, ServiceError, Unavailable, as_wire_error

log = structlog.get_logger(__name__)


class ReplyPublisher(Publisher):
    """Publishes RPC replies without waiting for the broker's confirm (a round trip per call).

    A confirm could only tell that the broker took the reply into the caller's reply queue,
    which is exclusive and transient (:class:`kit.remote.ExclusiveReplyListener`, nameko's
    standalone proxy in the gateway): a broker that loses it loses that queue too, and the
    caller's deadline answers either way (503). The request is acknowledged after the reply
    is written, as before; a connection error while writing is retried by kombu as before."""

    use_confirms = False


class ReplyResponder(Responder):
    publisher_cls = ReplyPublisher


class DurableRpcConsumer(RpcConsumer):
    """Nameko's consumer of ``rpc-<service>``, declaring it with the kit's queue type
    (``AMQP_QUEUE_TYPE=quorum``: replicated over the cluster, so a stopped node loses no
    request). Callers' reply queues stay classic (``kit.remote.ExclusiveReplyListener``).
    Replies go without publisher confirms (:class:`ReplyPublisher`)."""

    def setup(self):
        super().setup()
        arguments = queue_arguments(self.container.config)
        if arguments:
            self.queue.queue_arguments = {**(self.queue.queue_arguments or {}), **arguments}

    def handle_result(self, message, result, exc_info):
        """Nameko's, with :class:`ReplyResponder`: reply, then acknowledge the request."""
        config = self.container.config
        responder = ReplyResponder(config[AMQP_URI_CONFIG_KEY], get_rpc_exchange(config),
                                   config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER), message,
                                   ssl=config.get(AMQP_SSL_CONFIG_KEY), login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class SafeRpc(Rpc):
    rpc_consumer = DurableRpcConsumer()

    def __init__(self, expected_exceptions=(), sensitive_arguments=(), **kwargs):
        expected = (ServiceError, RuleBroken, SchemaError) + tuple(expected_exceptions)
        super().__init__(expected_exceptions=expected,
                         sensitive_arguments=sensitive_arguments, **kwargs)

    def handle_message(self, body, message):
        deadline = (message.headers or {}).get("nameko.deadline")
        if deadline is not None:
            try:
                late = time.time() - float(deadline)
            except (TypeError, ValueError):
                late = 0.0
            if late > 0:
                log.warning("rpc_expired", method=self.method_name, late_seconds=round(late, 3))
                raise Unavailable("The request expired before it was handled", code="request_expired")
        return super().handle_message(body, message)

    def handle_result(self, message, worker_ctx, result, exc_info):
        if exc_info is not None:
            wire = as_wire_error(exc_info[1])
            if isinstance(wire, InternalError) and wire is not exc_info[1]:
                log.error("rpc_failed", method=self.method_name, exc_info=exc_info)
            try:
                raise wire
            except ServiceError:
                exc_info = sys.exc_info()
        return super().handle_result(message, worker_ctx, result, exc_info)


rpc = SafeRpc.decorator
