"""Nameko dependency providers of the kit: database + outbox relay, clock, Redis."""
from __future__ import annotations

from nameko.extensions import DependencyProvider

from kit import clock as clock_module
from kit.config import flag
from kit.context import Caller
from kit.db import Databases
from kit.outbox import OutboxRelay
from kit.redis import connect


class DatabaseAccess:
    """What a worker gets: units of work on behalf of its caller."""

    def __init__(self, databases: Databases, caller: Caller):
        self._databases = databases
        self._caller = caller

    def unit_of_work(self, caller: Caller | None = None):
        return self._databases.unit_of_work(caller or self._caller)

    def ping(self) -> None:
        self._databases.ping()


class Database(DependencyProvider):
    """The service's database, and the relay that publishes its outbox."""

    def setup(self):
        config = self.container.config
        clock = clock_module.from_config(config)
        self.databases = Databases(
            config["DATABASE_URL"], self.container.service_name,
            pool_size=int(config.get("max_workers", 10)) + 5, now=clock.now,
        )
        if flag(config, "OUTBOX_RELAY_ENABLED", default=True):
            self.databases.relay = OutboxRelay(
                self.databases, config["AMQP_URI"],
                poll_interval=float(config.get("OUTBOX_POLL_INTERVAL", 1.0)),
            )

    def start(self):
        if self.databases.relay is not None:
            self.container.spawn_managed_thread(self.databases.relay.run, identifier="outbox_relay")

    def stop(self):
        if self.databases.relay is not None:
            self.databases.relay.stop()
        self.databases.dispose()

    def kill(self):
        if self.databases.relay is not None:
            self.databases.relay.stop()

    def get_dependency(self, worker_ctx):
        return DatabaseAccess(self.databases, Caller.from_context_data(worker_ctx.context_data))


class ClockProvider(DependencyProvider):
    def setup(self):
        self.clock = clock_module.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.clock


class RedisProvider(DependencyProvider):
    def setup(self):
        self.client = connect(self.container.config["REDIS_URL"])

    def get_dependency(self, worker_ctx):
        return self.client


class Settings(DependencyProvider):
    """Injects ``factory(config)``, built once: a service's typed settings."""

    def __init__(self, factory):
        self.factory = factory

    def setup(self):
        self.value = self.factory(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.value
