"""Prometheus metrics of the gateway: requests by route and status, their latency, and each
RPC call to a service by method with its outcome and latency.

gunicorn's workers are processes: each writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (``gateway/gunicorn_conf.py`` sets one per run and empties it at
start) and ``/metrics``, whichever worker answers, sums them all (prometheus-client's
multiprocess mode). See docs/operations.md."""
from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

REQUESTS = Counter("gateway_http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram("gateway_http_request_duration_seconds", "HTTP request latency", ["method", "endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
RPC_CALLS = Counter("gateway_rpc_calls_total", "RPC calls to services; outcome ok, the HTTP status of a "
                    "service error, or error", ["service", "method", "outcome"])
RPC_LATENCY = Histogram("gateway_rpc_duration_seconds", "RPC call latency per service method", ["service", "method"],
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))


def init_app(app: Flask) -> None:
    @app.before_request
    def start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record(response):
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
        LATENCY.labels(request.method, endpoint).observe(time.perf_counter() - g.get("metrics_started", time.perf_counter()))
        return response


def render() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)
