"""What every Nameko service class starts from."""
from __future__ import annotations

from nameko.dependency_providers import Config

from kit.context import CallContext
from kit.health import HealthMixin
from kit.metrics import Metrics
from kit.providers import ClockProvider, Database


class BaseService(HealthMixin):
    """``caller`` (who calls), ``db`` (units of work + outbox), ``clock``, ``config``,
    ``metrics`` (every entrypoint timed; ``GET /metrics``)."""

    name = "base"

    caller = CallContext()
    db = Database()
    clock = ClockProvider()
    config = Config()
    metrics = Metrics()
