"""The RPC entrypoint every service uses: Nameko's, with errors made safe for the wire.

A :class:`kit.errors.ServiceError` crosses as its kind with code, detail and field
errors, and so does a :class:`kit.errors.RuleBroken` a domain rule raised; a marshmallow validation error becomes ``validation_failed``; anything else is a
bug, logged here with its traceback and answered as an opaque ``internal_error``.
"""
from __future__ import annotations

import sys

import structlog
from marshmallow import ValidationError as SchemaError
from nameko.rpc import Rpc

from kit.errors import InternalError, RuleBroken, ServiceError, as_wire_error

log = structlog.get_logger(__name__)


class SafeRpc(Rpc):
    def __init__(self, expected_exceptions=(), sensitive_arguments=(), **kwargs):
        expected = (ServiceError, RuleBroken, SchemaError) + tuple(expected_exceptions)
        super().__init__(expected_exceptions=expected,
                         sensitive_arguments=sensitive_arguments, **kwargs)

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
