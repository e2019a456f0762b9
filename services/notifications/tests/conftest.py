"""Real servers for the adapters (the fake providers of tests/integration/fakes.py) and a
real PostgreSQL database for the delivery worker."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kit.context import SYSTEM
from kit.db import Databases
from kit.providers import DatabaseAccess
from services.notifications.models import Base
from tests.integration.fakes import Fakes


@pytest.fixture(scope="session")
def providers():
    running = Fakes.start()
    yield running
    running.stop()


class MovableClock:
    def __init__(self):
        self.at = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture(scope="session")
def notifications_url(test_run):
    url = test_run.database_url("notifications_unit")
    databases = Databases(url, "notifications")
    Base.metadata.create_all(databases.engine)
    databases.dispose()
    return url


@pytest.fixture
def database(notifications_url, clock):
    databases = Databases(notifications_url, "notifications", now=clock.now)
    with databases.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    yield DatabaseAccess(databases, SYSTEM)
    databases.dispose()
