"""Health of a Nameko service: ``/healthz`` (alive), ``/readyz`` (database and broker) and
``/metrics`` (Prometheus, :mod:`kit.metrics`) on its small HTTP server (``WEB_SERVER_ADDRESS``),
and an RPC ``ping`` the gateway's readiness check calls."""
from __future__ import annotations

import json

from kombu import Connection
from nameko.web.handlers import http

from kit.rpc import rpc


def _json(status: int, body: dict):
    return status, {"Content-Type": "application/json"}, json.dumps(body)


class HealthMixin:
    """Mix into a service class with ``db``, ``config`` and ``metrics`` (see
    :class:`kit.service.BaseService`)."""

    @http("GET", "/metrics")
    def metrics_endpoint(self, request):
        return self.metrics.render()

    @http("GET", "/healthz")
    def healthz(self, request):
        return _json(200, {"status": "ok", "service": self.name})

    @http("GET", "/readyz")
    def readyz(self, request):
        checks = {}
        try:
            self.db.ping()
            checks["database"] = "ok"
        except Exception as exc:  # readiness reports, it does not raise
            checks["database"] = "error: {}".format(type(exc).__name__)
        try:
            with Connection(self.config["AMQP_URI"], connect_timeout=3) as connection:
                connection.ensure_connection(max_retries=1)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = "error: {}".format(type(exc).__name__)
        ok = all(value == "ok" for value in checks.values())
        return _json(200 if ok else 503, {"status": "ok" if ok else "unavailable",
                                          "service": self.name, "checks": checks})

    @rpc
    def ping(self):
        self.db.ping()
        return {"service": self.name, "status": "ok"}
