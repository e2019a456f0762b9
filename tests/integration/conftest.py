"""The whole system, started once for the integration tests, driven through the gateway."""
from __future__ import annotations

import os
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
def fakes():
    """Fake providers (SMTP, SMS, push, Telegram) in their own process; see fakes.py."""
    from tests.integration.fakes import Fakes

    running = Fakes.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def extra_env(fakes) -> dict:
    """Settings a service's tests add to the system's environment: the notifications
    service sends through the fake providers, checks for due deliveries five times a
    second, waits 6 s for a provider's answer and gives up after four attempts (tests move the clock through the backoff);
    support's Telegram bot talks to the fake Bot API too."""
    return {**fakes.env(), "DELIVERY_POLL_INTERVAL": "0.2", "DELIVERY_MAX_ATTEMPTS": "4",
            # a provider that never answers is given up after 6 s (test_reliability_provider_hang)
            "DELIVERY_TIMEOUT": "6",
            # support's own bot talks to the same fake Bot API (its secret differs from the notification bot's)
            "SUPPORT_TELEGRAM_BOT_TOKEN": fakes.keys["telegram"], "SUPPORT_TELEGRAM_BOT_USERNAME": "platform_support_bot",
            "SUPPORT_TELEGRAM_WEBHOOK_SECRET": "support-" + fakes.keys["webhook_secret"]}


@pytest.fixture(scope="session")
def system(test_run, tmp_path_factory, extra_env):
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
        # the test system uses development values (the sandbox provider, the ticket secret)
        "DEVELOPMENT_MODE": "1",
        "EVENT_RETRY_DELAYS": "0.2,0.5,1",
        "OUTBOX_POLL_INTERVAL": "0.2",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "RATE_LIMIT_LOGIN_IP": "10000/60",
        "RATE_LIMIT_REGISTER_IP": "10000/60",
        "RATE_LIMIT_AUTH_IP": "10000/60",
        "GATEWAY_THREADS": "16",
        "CLIENT_IO_TIMEOUT": "3",  # stalled clients are dropped after 3 s (test_reliability_slow_clients)
        "RPC_POOL_SIZE": "16",
        # bulkheads: 12 calls in flight per service, listing orders gives up after 3 s
        # (test_reliability_bulkheads)
        "RPC_SERVICE_CONCURRENCY": "12",
        "RPC_TIMEOUTS": "orders.list_orders=3",
        # orders: a quick auto-confirm timer (tests move the clock, never sleep), own files
        "AUTO_CONFIRM_INTERVAL": "0.5",
        # coworking: quick status sweeps (tests move the clock); a stopped coworking is
        # noticed by orders within two seconds
        "TICKET_SWEEP_INTERVAL": "0.5",
        "COWORKING_RPC_TIMEOUT": "2",
        "ATTACHMENTS_DIR": str(tmp_path_factory.mktemp("attachments")),
        # billing: the sandbox provider (its own process) signs its webhooks with this; the stories pay a hotel's
        # 3 500 ₽ prepayment by card, above the manual's 3 000 ₽ card limit (the default)
        "PAYMENT_WEBHOOK_SECRET": secrets.token_hex(16),
        "CARD_MAX_AMOUNT": "1000000",
        "BILLING_JANITOR_INTERVAL": "1",
        # support: a quick SLA breach sweep (tests move the clock past deadlines)
        "SLA_CHECK_INTERVAL": "0.5",
        # billing: quick renewal, autopay and credit-cycle jobs (tests move the clock)
        "BILLING_RENEWAL_INTERVAL": "0.5",
        "BILLING_AUTOPAY_INTERVAL": "0.5",
        "BILLING_CREDIT_INTERVAL": "0.5",
        # identity: a quick sweep of personal-data exports whose link expired (tests move the clock)
        "PERSONAL_DATA_PURGE_INTERVAL": "0.5",
        **extra_env,
    }
    if os.environ.get("INTEGRATION_STORE") == "sqlite":  # the embedded default: a SQLite file per service
        files = tmp_path_factory.mktemp("sqlite")
        database_urls = {name: "sqlite:///{}/{}.sqlite3".format(files, name) for name in SERVICES}
    else:
        database_urls = {name: test_run.database_url(name) for name in SERVICES}
    running = System(env, tmp_path_factory.mktemp("logs"), port, database_urls=database_urls,
                     sandbox_port=free_port(), web_port=free_port())
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


@pytest.fixture(scope="session")
def make_user(system, admin):
    """``make_user(roles=["client"], **fields)`` → a signed-in Client with ``.user`` set."""
    def make(roles=("client",), password="test-password-1", **fields):
        tag = uuid.uuid4().hex[:8]
        payload = {"email": "u{}@it.platform.local".format(tag), "first_name": fields.pop("first_name", "Тест"),
                   "last_name": fields.pop("last_name", "Пользователь" + tag), "roles": list(roles),
                   "password": password, **fields}
        user = admin.ok("POST", "/users", 201, json=payload)
        client = Client(system.base_url).login(payload["email"], password)
        client.user = user
        client.password = password
        return client
    return make


@pytest.fixture
def events(test_run):
    """``events(source, type)`` → a probe of events published by a service from now on."""
    from kit.testing.probe import EventProbe

    probes = []

    def make(source: str, event_type: str) -> EventProbe:
        probe = EventProbe(test_run.amqp_uri, source, event_type)
        probes.append(probe)
        return probe

    yield make
    for probe in probes:
        probe.close()


@pytest.fixture
def story(system, test_run, redis_client, admin, fakes):
    """Notifications' handle on the system: synthetic events, deliveries, the clock."""
    from tests.integration.notifying import Story

    return Story(system, test_run, redis_client, admin, fakes)


@pytest.fixture
def unique() -> str:
    """A short unique tag for names and e-mails of one test."""
    return uuid.uuid4().hex[:8]


#: modules that run after every other story of the session: the fuzzer changes shared
#: reference data as an administrator (templates, departments, catalog entries)
LAST = ("test_reliability_fuzzing.py",)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
    items.sort(key=lambda item: item.path.name in LAST)  # stable: the others keep their order
