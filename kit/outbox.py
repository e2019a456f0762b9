"""Transactional outbox and its relay; the processed-events table of idempotent consumers.

The relay takes unpublished rows in order (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
replicas share the work), publishes each persistently with publisher confirms to the
service's topic exchange ``<service>.events`` with the event type as routing key, and
marks the rows published in the same transaction. If the process dies after publishing
but before the mark commits, the rows are published again on restart: consumers dedupe
on ``event_id`` (:meth:`kit.db.UnitOfWork.first_delivery`).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

import structlog
from nameko.amqp.publish import Publisher
from nameko.constants import PERSISTENT
from nameko.standalone.events import get_event_exchange
from sqlalchemy import (
    BigInteger, Column, Index, Integer, MetaData, String, Table, Text, delete, select, update,
)

from kit.types import NAMING_CONVENTION, JsonType, UtcDateTime

log = structlog.get_logger(__name__)

_metadata = MetaData(naming_convention=NAMING_CONVENTION)


OUTBOX = Table(
    "outbox", _metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("type", String(100), nullable=False),
    Column("payload", JsonType, nullable=False),
    Column("headers", JsonType, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("published_at", UtcDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Index("ix_outbox_unpublished", "published_at", "id"),
)

PROCESSED = Table(
    "processed_events", _metadata,
    Column("consumer", String(200), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("processed_at", UtcDateTime(), nullable=False),
    Index("ix_processed_events_processed_at", "processed_at"),
)


def define_tables(metadata: MetaData) -> None:
    """Add the kit's tables to a service's metadata (so its migrations create them)."""
    OUTBOX.to_metadata(metadata)
    PROCESSED.to_metadata(metadata)


class OutboxRelay:
    """Publishes committed outbox rows; woken right after a commit, polls as a fallback."""

    def __init__(self, databases, amqp_uri: str, poll_interval: float = 1.0,
                 batch_size: int = 100, retention_days: int = 7):
        self.databases = databases
        self.exchange = get_event_exchange(databases.service_name, {})
        self.publisher = Publisher(
            amqp_uri, use_confirms=True, delivery_mode=PERSISTENT, declare=[self.exchange],
            retry=True, retry_policy={"max_retries": 3, "interval_start": 0.5,
                                      "interval_step": 1, "interval_max": 2},
        )
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.retention = timedelta(days=retention_days)
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._last_purge = None

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    def run(self) -> None:
        """The relay loop; never raises (a dead relay thread would kill the container)."""
        failures = 0
        while not self._stopped.is_set():
            self._wake.clear()
            try:
                published = self.publish_pending()
                self._purge_old()
                failures = 0
            except Exception:
                failures += 1
                log.exception("outbox_publish_failed", attempt=failures)
                published = 0
            if published >= self.batch_size:
                continue
            timeout = self.poll_interval if not failures else min(30.0, self.poll_interval * 2 ** failures)
            self._wake.wait(timeout)

    @contextmanager
    def _transaction(self):
        db = self.databases
        if db.lock is not None:
            db.lock.acquire()
        try:
            with db.session_factory() as session, session.begin():
                yield session
        finally:
            if db.lock is not None:
                db.lock.release()

    def publish_pending(self) -> int:
        """Publish one batch of unpublished rows in order; returns how many."""
        with self._transaction() as session:
            rows = session.execute(
                select(OUTBOX.c.id, OUTBOX.c.event_id, OUTBOX.c.type, OUTBOX.c.payload,
                       OUTBOX.c.headers)
                .where(OUTBOX.c.published_at.is_(None))
                .order_by(OUTBOX.c.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                self.publisher.publish(
                    row.payload, exchange=self.exchange, routing_key=row.type,
                    headers=dict(row.headers), message_id=row.event_id,
                )
                session.execute(update(OUTBOX).where(OUTBOX.c.id == row.id).values(
                    published_at=self.databases.now(), attempts=OUTBOX.c.attempts + 1))
                log.debug("event_published", event_id=row.event_id, type=row.type)
        return len(rows)

    def _purge_old(self) -> None:
        """Forget published events after the retention period.

        Dedupe marks are kept ten times longer: a dead-lettered event can be replayed
        long after it first arrived and must still be recognised.
        """
        now = self.databases.now()
        if self._last_purge and now - self._last_purge < timedelta(hours=1):
            return
        self._last_purge = now
        with self._transaction() as session:
            session.execute(delete(OUTBOX).where(OUTBOX.c.published_at < now - self.retention))
            session.execute(delete(PROCESSED).where(
                PROCESSED.c.processed_at < now - self.retention * 10))
