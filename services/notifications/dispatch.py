"""The delivery worker (N6): claim due deliveries, send each through its channel outside
any transaction, record the outcome.

Claiming marks the rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, then a lease in
``claimed_until``) and counts the attempt in the same short transaction, so two replicas
never take the same delivery and a worker that dies mid-send cannot retry forever. A
delivery that already reached some targets (push: device tokens) skips them next time.
Each delivery is sent in its own green thread: a slow or failing provider holds back
nothing but its own deliveries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import eventlet
import structlog
from sqlalchemy import delete, or_, select

from services.notifications import handlers
from services.notifications.adapters import Outgoing, PermanentFailure, TemporaryFailure
from services.notifications.domain import delivery as rules
from services.notifications.models import Delivery, Device

log = structlog.get_logger(__name__)
MAX_ROUNDS_PER_TICK = 20


@dataclass
class Job:
    id: str
    channel: str
    event_type: str
    recipient: str
    language: str
    subject: str | None
    text: str
    html: str | None
    data: dict
    targets: list[str]


@dataclass
class Result:
    done: list[str] = field(default_factory=list)
    provider_ids: list[str] = field(default_factory=list)
    temporary: list[str] = field(default_factory=list)
    permanent: list[str] = field(default_factory=list)
    forget: list[tuple[str, str]] = field(default_factory=list)  # (code, target)

    def outcome(self, reached_before: bool) -> str:
        if self.temporary:
            return rules.TEMPORARY
        if self.done or reached_before:
            return rules.DELIVERED
        return rules.PERMANENT

    def error(self) -> str | None:
        return "; ".join(self.temporary + self.permanent)[:1000] or None


def claim(uow, settings: handlers.Settings, only: list[str] | None = None) -> list[Job]:
    now = uow.now()
    query = (select(Delivery)
             .where(Delivery.status.in_(rules.PENDING), Delivery.next_attempt_at <= now,
                    or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
             .order_by(Delivery.next_attempt_at, Delivery.id)
             .limit(settings.batch_size)
             .with_for_update(skip_locked=True))
    if only is not None:
        query = query.where(Delivery.id.in_(only))
    jobs = []
    for row in uow.session.execute(query).scalars():
        row.claimed_until = now + timedelta(seconds=settings.lease_seconds)
        row.attempts += 1
        if row.channel == "push":
            tokens = uow.session.execute(select(Device.token).where(
                Device.user_id == row.recipient).order_by(Device.created_at)).scalars()
            targets = [t for t in tokens if t not in (row.done or [])]
        else:
            targets = [row.address] if row.address and row.address not in (row.done or []) else []
        jobs.append(Job(row.id, row.channel, row.event_type, row.recipient, row.language, row.subject,
                        row.text, row.html, dict(row.data or {}), targets))
    return jobs


def attempt(job: Job, channels: dict) -> Result:
    """Send ``job`` to each of its targets; never raises."""
    result = Result()
    channel = channels[job.channel]
    if not job.targets:
        result.permanent.append("nowhere to send: no {} address or device".format(job.channel))
    for target in job.targets:
        message = Outgoing(delivery_id=job.id, channel=job.channel, target=target, text=job.text,
                           subject=job.subject, html=job.html, language=job.language,
                           event_type=job.event_type, data=job.data)
        try:
            provider_id = channel.send(message)
        except TemporaryFailure as failure:
            result.temporary.append(str(failure))
        except PermanentFailure as failure:
            result.permanent.append(str(failure))
            if failure.code:
                result.forget.append((failure.code, target))
        except Exception as error:  # an adapter bug must not kill the worker: retry later
            log.exception("channel_send_crashed", channel=job.channel, delivery_id=job.id)
            result.temporary.append("{}: {}".format(type(error).__name__, error))
        else:
            result.done.append(target)
            if provider_id:
                result.provider_ids.append(str(provider_id))
    return result


def record(uow, job: Job, result: Result, settings: handlers.Settings) -> str | None:
    """Store the outcome of an attempt; the new status (None if someone else moved it on)."""
    row = uow.session.get(Delivery, job.id, with_for_update=True)
    if row is None or row.status not in rules.PENDING:
        return None
    now = uow.now()
    reached_before = bool(row.done)
    row.done = list(row.done or []) + result.done
    row.provider_ids = list(row.provider_ids or []) + result.provider_ids
    following = rules.after_attempt(settings.retry, row.attempts, result.outcome(reached_before), now)
    row.status, row.claimed_until, row.updated_at = following.status, None, now
    row.last_error = result.error() if following.status != rules.SENT else None
    if following.retry_at is not None:
        row.next_attempt_at = following.retry_at
    if following.status == rules.SENT:
        row.sent_at = now
    for code, target in result.forget:
        if code == "unregistered":
            uow.session.execute(delete(Device).where(Device.token == target))
        elif code == "unreachable":
            handlers.forget_telegram_chat(uow, target)
    log.info("delivery_attempted", delivery_id=row.id, channel=row.channel, status=row.status,
             attempts=row.attempts, error=row.last_error)
    return row.status


def send_due(database, channels: dict, settings: handlers.Settings, only: list[str] | None = None) -> int:
    """Claim due deliveries (or just ``only``), send them in parallel, record each outcome."""
    total = 0
    for _ in range(MAX_ROUNDS_PER_TICK):
        with database.unit_of_work() as uow:
            jobs = claim(uow, settings, only)
        pool = eventlet.GreenPool(max(1, len(jobs)))
        for job in jobs:
            pool.spawn_n(_send_and_record, database, channels, settings, job)
        pool.waitall()
        total += len(jobs)
        if only is not None or len(jobs) < settings.batch_size:
            break
    return total


def _send_and_record(database, channels: dict, settings: handlers.Settings, job: Job) -> None:
    result = attempt(job, channels)
    try:
        with database.unit_of_work() as uow:
            record(uow, job, result, settings)
    except Exception:  # the lease runs out and the delivery is tried again
        log.exception("delivery_record_failed", delivery_id=job.id)
