"""The whole system, started once for the integration tests, driven through the gateway."""
from __future__ import annotations

import secrets
import socket
import uuid

import pytest

from kit.launcher import System
from kit.config import SERVICES
from tests.integration.client import Client

ADMIN_EMAIL = "admin@it.platform.local"
ADMIN_PASSWORD = "it-admin-" + secrets.token_hex(6)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def system(test_run, tmp_path_factory):
    port = free_port()
    env = {
        "AMQP_URI": test_run.amqp_uri,
        "REDIS_URL": test_run.redis_url,
        "REDIS_KEY_PREFIX": test_run.redis_prefix,
        "JWT_SECRET": secrets.token_hex(32),
        "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
        "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUBLIC_BASE_URL": "http://127.0.0.1:{}".format(port),
        "TEST_CLOCK": "1",
        "EVENT_RETRY_DELAYS": "0.2,0.5,1",
        "OUTBOX_POLL_INTERVAL": "0.2",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "RATE_LIMIT_LOGIN_IP": "10000/60",
        "RATE_LIMIT_REGISTER_IP": "10000/60",
        "RATE_LIMIT_AUTH_IP": "10000/60",
        "GATEWAY_THREADS": "16",
        "RPC_POOL_SIZE": "16",
    }
    database_urls = {name: test_run.database_url(name) for name in SERVICES}
    running = System(env, tmp_path_factory.mktemp("logs"), port, database_urls=database_urls)
    running.migrate()
    running.start()
    try:
        running.wait_ready(timeout=90)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def admin(system) -> Client:
    return Client(system.base_url).login(ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture
def unique() -> str:
    """A short unique tag for names and e-mails of one test."""
    return uuid.uuid4().hex[:8]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
