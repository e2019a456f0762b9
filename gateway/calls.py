"""How endpoints talk to services: one call, the current caller, metrics, raw payloads."""
from __future__ import annotations

import time

from flask import current_app, request

from gateway.context import current_caller
from gateway.metrics import RPC_CALLS, RPC_LATENCY
from kit.errors import ServiceError


def rpc(service: str, method: str, *args, **kwargs):
    """Call ``service.method`` for the current caller; errors propagate as their kind."""
    pool = current_app.extensions["rpc_pool"]
    started = time.perf_counter()
    try:
        result = pool.call(current_caller().to_context_data(), service, method, *args, **kwargs)
    except ServiceError as exc:
        RPC_CALLS.labels(service, method, str(exc.status)).inc()
        raise
    except Exception:
        RPC_CALLS.labels(service, method, "error").inc()
        raise
    finally:
        RPC_LATENCY.labels(service, method).observe(time.perf_counter() - started)
    RPC_CALLS.labels(service, method, "ok").inc()
    return result


def body() -> dict:
    """The JSON body as sent (already validated by the endpoint's schema); the service
    validates it again with the same contract schema."""
    return request.get_json(silent=True) or {}


def query() -> dict:
    return request.args.to_dict()


def idempotency_key() -> str | None:
    """The request's ``Idempotency-Key``; services that move money enforce it themselves too."""
    return request.headers.get("Idempotency-Key") or None
