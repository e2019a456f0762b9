"""Per request: the correlation id (``X-Request-ID``), the caller, the language, a log line.

The correlation id enters here (taken from the client if it sent a sane one, generated
otherwise), is echoed in the response, bound into every gateway log line and sent with
every RPC call as Nameko context data, so it appears in every service's log lines too.
"""
from __future__ import annotations

import re
import time
import uuid

import structlog
from flask import Flask, g, request

from kit.context import Caller

log = structlog.get_logger("gateway.access")
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def language() -> str:
    accepted = request.headers.get("Accept-Language", "")
    return "en" if accepted.strip().lower().startswith("en") else "ru"


def current_caller() -> Caller:
    return getattr(g, "caller", None) or Caller(correlation_id=g.request_id, language=language())


def init_app(app: Flask) -> None:
    @app.before_request
    def begin():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID_RE.match(incoming) else str(uuid.uuid4())
        g.started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(correlation_id=g.request_id)

    @app.after_request
    def finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        caller = g.get("caller")
        # one line per request; a refused one says its problem code (no traceback: a client's
        # mistake is not a bug; gateway.errors logs those)
        log.info("request", method=request.method, path=request.path, status=response.status_code,
                 duration_ms=round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
                 user_id=caller.user_id if caller else None, code=g.get("problem_code"))
        return response
