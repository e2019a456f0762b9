"""Prometheus metrics of every service process, and the catalog of what the platform
exports (``docs/operations.md`` says what each one is for and which alert watches it).

Every service gets them from :class:`kit.service.BaseService`: :class:`Metrics` (a Nameko
dependency provider) times every entrypoint through ``worker_setup``/``worker_result``,
and the service's small HTTP server (``WEB_SERVER_ADDRESS``, :8000 in Kubernetes) answers
``GET /metrics`` (:mod:`kit.health`). A scrape also measures what only a query can tell:
the outbox backlog and the age of its oldest unpublished event (the service's database),
and the messages in each dead-letter queue of the service's handlers (the broker).

A service runs as one process (eventlet), so the default registry is right for it; the
gateway's gunicorn workers share theirs through ``PROMETHEUS_MULTIPROC_DIR``
(:mod:`gateway.metrics`).
"""
from __future__ import annotations

import time
from datetime import timezone

import structlog
from kombu import Connection
from marshmallow import ValidationError as SchemaError
from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.timer import Timer
from nameko.web.handlers import HttpRequestHandler
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from kit.errors import RuleBroken, ServiceError
from kit.events import dead_letter_queue
from kit.outbox import OUTBOX
from kit.providers import Database
from kit.topology import event_queues

log = structlog.get_logger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

# --- every service ------------------------------------------------------------------------

CALLS = Counter(
    "platform_entrypoint_calls_total",
    "Entrypoint executions: kind rpc|event|timer|http; outcome ok, client_error (an expected "
    "4xx-kind error: a broken rule, bad input) or error (a bug or an outage)",
    ["service", "kind", "entrypoint", "outcome"])
DURATION = Histogram(
    "platform_entrypoint_duration_seconds", "Entrypoint execution time",
    ["service", "kind", "entrypoint"], buckets=LATENCY_BUCKETS)
OUTBOX_BACKLOG = Gauge(
    "platform_outbox_unpublished_events", "Committed events the outbox relay has not published yet",
    ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "platform_outbox_oldest_unpublished_age_seconds",
    "Age of the oldest unpublished outbox event (0 when none is waiting)", ["service"])
DEAD_LETTERS = Gauge(
    "platform_dead_letter_messages", "Messages in a handler's dead-letter queue (python -m kit.dlq)",
    ["service", "queue"])
SCRAPE_ERRORS = Counter(
    "platform_metrics_probe_errors_total", "A scrape could not measure something (database, broker)",
    ["service", "probe"])

# --- outcomes of the services' own work ---------------------------------------------------

#: notifications: each attempt at a delivery, by channel; outcome is the delivery's status
#: after it: sent, retrying, failed, dead (superseded: someone else moved it on; unrecorded:
#: the database refused the outcome, the attempt repeats after the lease)
DELIVERIES = Counter(
    "notifications_delivery_attempts_total", "Delivery attempts by channel and resulting status",
    ["channel", "outcome"])
#: billing: payments that reached a final state, by method; outcome succeeded or failed
PAYMENTS = Counter(
    "billing_payments_total", "Payments that reached an outcome, by method", ["method", "outcome"])

#: entrypoints of the service's own web server that are not counted (probes and scrapes)
UNCOUNTED = frozenset({"healthz", "readyz", "metrics_endpoint"})


def entrypoint_kind(entrypoint) -> str:
    if isinstance(entrypoint, Rpc):
        return "rpc"
    if isinstance(entrypoint, EventHandler):
        return "event"
    if isinstance(entrypoint, Timer):
        return "timer"
    if isinstance(entrypoint, HttpRequestHandler):
        return "http"
    return "other"


def outcome_of(exc_info) -> str:
    if exc_info is None:
        return "ok"
    error = exc_info[1]
    if isinstance(error, (RuleBroken, SchemaError)) or (isinstance(error, ServiceError) and error.status < 500):
        return "client_error"
    return "error"


class MetricsReport:
    """What ``GET /metrics`` of a service renders."""

    def __init__(self, provider: "Metrics"):
        self.provider = provider

    def render(self):
        self.provider.measure()
        return Response(generate_latest(REGISTRY), status=200, content_type=CONTENT_TYPE_LATEST)


class Metrics(DependencyProvider):
    """Times every entrypoint of the service and measures its outbox and dead letters."""

    def setup(self):
        self._started = {}
        self.service = self.container.service_name

    def worker_setup(self, worker_ctx):
        self._started[worker_ctx.call_id] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self._started.pop(worker_ctx.call_id, None)
        name = worker_ctx.entrypoint.method_name
        if name in UNCOUNTED:
            return
        kind = entrypoint_kind(worker_ctx.entrypoint)
        CALLS.labels(self.service, kind, name, outcome_of(exc_info)).inc()
        if started is not None:
            DURATION.labels(self.service, kind, name).observe(time.perf_counter() - started)

    def worker_teardown(self, worker_ctx):
        self._started.pop(worker_ctx.call_id, None)

    def get_dependency(self, worker_ctx):
        return MetricsReport(self)

    # --- measured at scrape time ----------------------------------------------------------

    def measure(self) -> None:
        self._measure_outbox()
        self._measure_dead_letters()

    def _databases(self):
        return next((d.databases for d in self.container.dependencies if isinstance(d, Database)), None)

    def _measure_outbox(self) -> None:
        databases = self._databases()
        if databases is None:
            return
        try:
            with databases.session_factory() as session:
                count, oldest = session.execute(
                    select(func.count(), func.min(OUTBOX.c.created_at)).where(OUTBOX.c.published_at.is_(None))
                ).one()
        except Exception:  # a scrape reports what it can; the error is a metric too
            SCRAPE_ERRORS.labels(self.service, "outbox").inc()
            log.warning("metrics_outbox_unmeasured", exc_info=True)
            return
        OUTBOX_BACKLOG.labels(self.service).set(count or 0)
        age = 0.0
        if oldest is not None:
            if oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=timezone.utc)
            age = max(0.0, (databases.now() - oldest).total_seconds())
        OUTBOX_OLDEST_AGE.labels(self.service).set(age)

    def _measure_dead_letters(self) -> None:
        queues = event_queues(self.container.service_cls)
        if not queues:
            return
        try:
            with Connection(self.container.config["AMQP_URI"], connect_timeout=3) as connection:
                channel = connection.channel()
                for queue in queues:
                    try:
                        _, count, _ = dead_letter_queue(queue.name).bind(channel).queue_declare(passive=True)
                    except Exception:  # not declared yet: nothing dead (the channel is closed by it)
                        count = 0
                        channel = connection.channel()
                    DEAD_LETTERS.labels(self.service, queue.name).set(count)
        except Exception:
            SCRAPE_ERRORS.labels(self.service, "dead_letters").inc()
            log.warning("metrics_dead_letters_unmeasured", exc_info=True)
