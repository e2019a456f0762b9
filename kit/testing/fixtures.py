"""pytest fixtures: one isolated environment per run (vhost, databases, Redis prefix)."""
from __future__ import annotations

import pytest

from kit import config as settings
from kit.redis import connect
from kit.testing import infra


class TestRun:
    """The broker vhost, databases and Redis prefix of this test run."""

    __test__ = False  # not a test class

    def __init__(self):
        self.id = infra.new_run_id()
        self.name = "t_" + self.id
        self.redis_url = infra.REDIS_URL
        self.redis_prefix = self.name + ":"
        self.amqp_uri = None
        self._containers_amqp_uri = None
        self._databases: dict[str, str] = {}

    def start(self):
        infra.remove_stale_vhosts()
        infra.remove_stale_databases()
        self.amqp_uri = infra.create_vhost(self.name)
        return self

    def database_url(self, service: str) -> str:
        """This run's PostgreSQL database for ``service`` (created on first use)."""
        if service not in self._databases:
            self._databases[service] = infra.create_database("{}_{}".format(self.name, service))
        return self._databases[service]

    @property
    def containers_amqp_uri(self) -> str:
        """A second vhost of this run for services started inside the test process: a
        container named like a service of the running system must never share its queues
        (RPC calls would be shared out between the two)."""
        if self._containers_amqp_uri is None:
            self._containers_amqp_uri = infra.create_vhost(self.name + "_containers")
        return self._containers_amqp_uri

    def service_config(self, service: str, settings_defaults: dict | None = None, **overrides) -> dict:
        """Config for a service container run by a test (on :attr:`containers_amqp_uri`)."""
        config = settings.service_config(service, settings_defaults)
        config.update({
            "AMQP_URI": self.containers_amqp_uri,
            "DATABASE_URL": self.database_url(service),
            "REDIS_URL": self.redis_url,
            "REDIS_KEY_PREFIX": self.redis_prefix,
            "EVENT_RETRY_DELAYS": "0.2,0.4",
            "OUTBOX_POLL_INTERVAL": "0.2",
            "TEST_CLOCK": "1",
            "WEB_SERVER_ADDRESS": "127.0.0.1:0",
        })
        config.update(overrides)
        return config

    def stop(self):
        for url in self._databases.values():
            infra.drop_database(url.rsplit("/", 1)[1])
        infra.delete_vhost(self.name)
        if self._containers_amqp_uri is not None:
            infra.delete_vhost(self.name + "_containers")
        infra.delete_prefix(connect(self.redis_url), self.redis_prefix)


@pytest.fixture(scope="session")
def test_run():
    run = TestRun().start()
    yield run
    run.stop()


@pytest.fixture(scope="session")
def redis_client(test_run):
    return connect(test_run.redis_url)
