"""N6, the delivery flow: claim due deliveries, send each through its channel outside any
transaction, record the outcome — three transactions around the call to the channel.

Claiming locks the rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), takes them for a
lease (``claimed_until``) and counts the attempt in one short transaction, so two
replicas never take the same delivery and a worker that dies mid-send cannot retry
forever. Each delivery is sent in its own green thread: a slow or failing provider holds
back nothing but its own deliveries.
"""
from __future__ import annotations

import eventlet
import structlog

from kit import metrics
from kit.context import Caller
from kit.periodic import drain
from services.notifications.adapters import Outgoing, PermanentFailure, TemporaryFailure
from services.notifications.dependencies import Deps
from services.notifications.domain.delivery import Attempt, Job
from services.notifications.handlers import deliveries

log = structlog.get_logger(__name__)

#: batches one sweep takes at most (the next sweep goes on where it stopped)
MAX_ROUNDS_PER_TICK = 20


def send_due(db, caller: Caller, data: dict, deps: Deps) -> int:
    """Send the due deliveries batch after batch until one comes back short, or just
    ``data["only"]`` (first attempts right after the transaction that queued them, in one
    batch); returns how many were attempted."""
    only = data.get("only")
    return drain(lambda: _send_batch(db, caller, only, deps), deps.settings.batch_size,
                 max_batches=1 if only is not None else MAX_ROUNDS_PER_TICK)


def _send_batch(db, caller: Caller, only: list[str] | None, deps: Deps) -> int:
    with db.unit_of_work(caller) as uow:
        jobs = deliveries.claim_due(uow, caller, {"only": only}, deps)
    pool = eventlet.GreenPool(max(1, len(jobs)))
    for job in jobs:
        pool.spawn_n(_send_and_record, db, caller, job, deps)
    pool.waitall()
    return len(jobs)


def _send_and_record(db, caller: Caller, job: Job, deps: Deps) -> None:
    result = attempt(job, deps.channels)
    try:
        with db.unit_of_work(caller) as uow:
            status = deliveries.record_attempt(uow, caller, {"job": job, "attempt": result}, deps)
    except Exception:  # the lease runs out and the delivery is tried again
        log.exception("delivery_record_failed", delivery_id=job.id)
        status = "unrecorded"
    metrics.DELIVERIES.labels(job.channel, status or "superseded").inc()


def attempt(job: Job, channels: dict) -> Attempt:
    """Send ``job`` to each of its targets; never raises."""
    result = Attempt()
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
