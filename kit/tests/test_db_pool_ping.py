"""Pooled PostgreSQL connections are tested only after a rest (kit.db.ping_when_idle), against
the real PostgreSQL: a connection in steady use costs no ``SELECT 1`` per unit of work; a
rested one whose server session was ended is replaced before anyone uses it; a hot one
whose session was ended fails one statement as a disconnect, and the next unit of work
connects afresh (what answers 503 ``database_unavailable`` and heals, issue 12)."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import exc, text

from kit import db as kit_db
from kit.testing import infra


@pytest.fixture
def engine(test_run, monkeypatch):
    engine = kit_db.make_engine(test_run.database_url("pool_ping"), pool_size=2)
    pings = []
    real = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda connection: pings.append(1) or real(connection))
    engine.pings = pings
    yield engine
    engine.dispose()


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar()


def end_session(pid: int) -> None:
    admin = infra._admin()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    finally:
        admin.close()


def test_a_connection_in_steady_use_is_not_pinged(engine):
    first = backend_pid(engine)
    for _ in range(5):
        assert backend_pid(engine) == first  # the same hot connection (LIFO)
    assert engine.pings == []


def test_a_rested_connection_is_pinged_and_replaced_when_its_session_ended(engine):
    engine.dispose()
    kit_db.ping_when_idle(engine, idle=0.2)
    first = backend_pid(engine)
    end_session(first)
    time.sleep(0.3)
    second = backend_pid(engine)  # no error: the dead connection was replaced on checkout
    assert second != first
    assert engine.pings, "a rested connection is tested before use"


def test_a_hot_connection_whose_session_ended_fails_once_then_the_pool_heals(engine):
    first = backend_pid(engine)
    end_session(first)
    with pytest.raises(exc.OperationalError) as failure:
        backend_pid(engine)
    assert failure.value.connection_invalidated
    assert backend_pid(engine) != first
