"""SQLAlchemy 2 per service: engine, metadata with the kit's tables, unit of work.

A unit of work is one transaction: it commits when its block ends cleanly and rolls back
when the block raises. Events a handler emits are rows of the service's outbox, written
in that same transaction, so a rolled-back change never announces anything and a
committed one always will (the relay in :mod:`kit.outbox` publishes it).
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event, exc, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from kit import actions, contracts, outbox, store
from kit import people as kit_people
from kit.context import Caller
from kit.types import NAMING_CONVENTION, JsonType, UtcDateTime  # noqa: F401  (re-exported for models)


def new_metadata(*, numbers: bool = False, people: bool = False) -> MetaData:
    """Metadata for one service's models, with the outbox and processed-events tables;
    ``numbers``: the counters of :func:`kit.store.next_number` (SQLite's sequences);
    ``people``: the local copy of identity's people (:mod:`kit.people`)."""
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    outbox.define_tables(metadata)
    if numbers:
        store.define_counters(metadata)
    if people:
        kit_people.define_table(metadata)
    return metadata


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_cooperative() -> None:
    """Make psycopg2 yield to the eventlet hub instead of blocking every green thread."""
    try:
        from eventlet import patcher
    except ImportError:  # pragma: no cover - the gateway has no eventlet hub to feed
        return
    if patcher.is_monkey_patched("socket"):
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()


#: seconds a pooled connection may rest before it is tested (``SELECT 1``) on checkout
PING_AFTER_IDLE = 5.0


def ping_when_idle(engine: Engine, idle: float = PING_AFTER_IDLE) -> None:
    """Test a pooled connection on checkout only when it has rested ``idle`` seconds or more.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip to the database before every unit of
    work, a tenth of an order view's. A connection in steady use needs none: if its server
    went away meanwhile, the statement fails as a disconnect, the request answers 503
    ``database_unavailable`` (:mod:`kit.errors`) and SQLAlchemy discards every connection
    of the pool opened before it, so the next unit of work connects afresh. A rested one,
    which a restart or an idle timeout may have closed unseen, is tested as before: a dead
    one is replaced before anyone uses it (the pool retries the checkout)."""
    @event.listens_for(engine, "checkin")
    def _rested_from(dbapi_connection, record):
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_rested(dbapi_connection, record, proxy):
        checked_in = record.info.get("checked_in")
        if checked_in is None or time.monotonic() - checked_in < idle:
            return  # just connected, or in steady use
        try:
            if not engine.dialect.do_ping(dbapi_connection):
                raise exc.DisconnectionError("the connection did not answer")
        except exc.DisconnectionError:
            raise
        except Exception as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError(str(error)) from error
            raise


def make_engine(url: str, pool_size: int = 10) -> Engine:
    if is_sqlite(url):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    make_cooperative()
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        pool_timeout=30,
        # the most recently returned connection first: in steady use the same few stay hot
        # (never tested, see ping_when_idle) and the rest rest (tested before their next use)
        pool_use_lifo=True,
    )
    ping_when_idle(engine)
    return engine


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UnitOfWork:
    """One transaction: ``with db.unit_of_work() as uow: ...``.

    Commits when the block ends without an exception, rolls back when it raises.
    """

    def __init__(self, session_factory, caller: Caller, producer: str, now=utcnow,
                 lock=None, on_commit=None):
        self._session_factory = session_factory
        self.caller = caller
        self.producer = producer
        self.now = now
        self._lock = lock
        self._on_commit = on_commit
        self._emitted = 0
        self._after_commit = []
        self.session = None

    def __enter__(self) -> "UnitOfWork":
        if self._lock is not None:
            self._lock.acquire()
        self.session = self._session_factory()
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
            if self._lock is not None:
                self._lock.release()
        return False

    def commit(self) -> None:
        self.session.commit()
        if self._emitted and self._on_commit is not None:
            self._emitted = 0
            self._on_commit()
        done, self._after_commit = self._after_commit, []
        for callback in done:
            callback()

    def rollback(self) -> None:
        self.session.rollback()
        self._emitted = 0
        self._after_commit = []

    def after_commit(self, callback) -> None:
        """Call ``callback()`` once this transaction has committed (never if it rolls back):
        for what must not count a change that did not happen, such as a metric."""
        self._after_commit.append(callback)

    def emit(self, event_type: str, data: dict, event_id: str | None = None) -> str:
        """Record an event to be published once this transaction commits; ``data`` must
        match the schema the producer declares for ``event_type`` (:mod:`kit.contracts`)."""
        contracts.check(self.producer, event_type, data)
        envelope = {
            "event_id": event_id or str(uuid.uuid4()),
            "type": event_type,
            "occurred_at": self.now().isoformat(),
            "producer": self.producer,
            "correlation_id": self.caller.correlation_id,
            "data": data,
        }
        json.dumps(envelope)  # fail inside the transaction, not in the relay
        headers = {"nameko." + k: v for k, v in self.caller.to_context_data().items()}
        if self.caller.correlation_id is None:
            headers["nameko.correlation_id"] = envelope["event_id"]
        self.session.execute(insert(outbox.OUTBOX).values(
            event_id=envelope["event_id"], type=event_type, payload=envelope,
            headers=headers, created_at=self.now(),
        ))
        self._emitted += 1
        return envelope["event_id"]

    def record_action(self, action: str, object_type: str, object_id, summary: str = "",
                      account_id: str | None = actions.CALLERS_ACCOUNT, actor: Caller | None = None) -> str | None:
        """Record in the action log that the caller (a person) made this change to an object
        of ``account_id`` (left out: the caller's account; None: no account's, the
        platform's): an ``action_recorded`` event in this transaction's outbox
        (:mod:`kit.actions`). With
        no signed-in caller (a periodic job, an anonymous request) nothing is recorded and
        None is returned. Call it from the handlers of people's requests, not from reactions
        to events (they carry the original caller, whose action its service recorded).

        ``actor``: who acted when the request's caller is not yet that person — a sign-in
        (the user who signed in, or an unknown login's attempt: ``user_id=""``), with the
        request's address and client."""
        who = actor if actor is not None else self.caller
        if who.user_id is None:
            return None
        return self.emit(actions.EVENT, actions.payload(who, action, object_type, object_id,
                                                        summary, account_id))

    def first_delivery(self, envelope: dict, consumer: str) -> bool:
        """True the first time ``consumer`` sees this event; False on a redelivery.

        The mark is part of this transaction: it stays only if the handler's changes do.
        """
        table = outbox.PROCESSED
        seen = self.session.execute(
            select(table.c.event_id).where(
                table.c.consumer == consumer, table.c.event_id == envelope["event_id"]
            )
        ).first()
        if seen:
            return False
        self.session.execute(insert(table).values(
            consumer=consumer, event_id=envelope["event_id"], processed_at=self.now()))
        self.session.flush()
        return True


class Databases:
    """Engine, sessions and (optionally) the outbox relay of one service process."""

    def __init__(self, url: str, service_name: str, pool_size: int = 10, now=utcnow):
        self.url = url
        self.service_name = service_name
        self.engine = make_engine(url, pool_size=pool_size)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer; greenthreads take turns instead of stalling the hub in
        # sqlite's busy handler while the lock holder cannot run.
        self.lock = threading.RLock() if is_sqlite(url) else None
        self.now = now
        self.relay = None

    def unit_of_work(self, caller: Caller) -> UnitOfWork:
        on_commit = self.relay.wake if self.relay is not None else None
        return UnitOfWork(self.session_factory, caller, self.service_name,
                          now=self.now, lock=self.lock, on_commit=on_commit)

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
