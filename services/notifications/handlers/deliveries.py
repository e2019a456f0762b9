"""N6: deliveries — claiming the due ones and recording each attempt (the delivery flow
sends between the two), and what operators see and replay."""
from __future__ import annotations

from datetime import timedelta

import structlog

from kit import listing, people
from kit.context import Caller
from services.notifications import exceptions as exc
from services.notifications import store, views
from services.notifications.dependencies import Deps
from services.notifications.domain import delivery as rules
from services.notifications.models import Delivery

log = structlog.get_logger(__name__)


def claim_due(uow, caller: Caller, data: dict, deps: Deps) -> list[rules.Job]:
    """Take the due deliveries (``data["only"]``: just these) for one lease and count the
    attempt now, so two replicas never send the same one and a worker that dies mid-send
    cannot retry forever. A delivery that already reached some targets skips them."""
    now = uow.now()
    jobs = []
    for row in store.claim_due_deliveries(uow.session, now, deps.settings.batch_size, data.get("only")):
        row.claimed_until = now + timedelta(seconds=deps.settings.lease_seconds)
        row.attempts += 1
        if row.channel == "push":
            targets = [t for t in store.device_tokens(uow.session, row.recipient) if t not in (row.done or [])]
        else:
            targets = [row.address] if row.address and row.address not in (row.done or []) else []
        jobs.append(rules.Job(row.id, row.channel, row.event_type, row.recipient, row.language, row.subject,
                              row.text, row.html, dict(row.data or {}), targets))
    return jobs


def record_attempt(uow, caller: Caller, data: dict, deps: Deps) -> str | None:
    """Store the outcome of an attempt (``data``: ``{"job", "attempt"}``); the delivery's
    new status (None if someone else moved it on)."""
    job, attempt = data["job"], data["attempt"]
    row = uow.session.get(Delivery, job.id, with_for_update=True)
    if row is None or row.status not in rules.PENDING:
        return None
    now = uow.now()
    reached_before = bool(row.done)
    row.done = list(row.done or []) + attempt.done
    row.provider_ids = list(row.provider_ids or []) + attempt.provider_ids
    following = rules.after_attempt(deps.settings.retry, row.attempts, attempt.outcome(reached_before), now)
    row.status, row.claimed_until, row.updated_at = following.status, None, now
    row.last_error = attempt.error() if following.status != rules.SENT else None
    if following.retry_at is not None:
        row.next_attempt_at = following.retry_at
    if following.status == rules.SENT:
        row.sent_at = now
    for code, target in attempt.forget:
        if code == "unregistered":  # a dead push token
            store.forget_device_token(uow.session, target)
        elif code == "unreachable":  # the chat blocked the bot: the link needs a new /start
            store.unlink_chat(uow.session, target, now)
    log.info("delivery_attempted", delivery_id=row.id, channel=row.channel, status=row.status,
             attempts=row.attempts, error=row.last_error)
    return row.status


def list_deliveries(uow, caller: Caller, query: dict, deps: Deps) -> dict:
    caller.require_role("admin")
    total, rows = listing.page(uow.session, store.filtered_deliveries(query), query)
    now, names = uow.now(), people.Directory(uow.session)
    known = names.get([r.recipient for r in rows])
    return views.page([views.delivery_view(r, now, (known.get(r.recipient) or {}).get("full_name"))
                       for r in rows], total, query)


def retry_delivery(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """An operator sends a failed or dead delivery again (after fixing the cause).
    ``data``: ``{"delivery_id"}``."""
    caller.require_role("admin")
    row = uow.session.get(Delivery, data["delivery_id"], with_for_update=True)
    if row is None:
        raise exc.DeliveryNotFound("No such delivery")
    row.status = rules.replay(row.status)
    row.attempts, row.next_attempt_at, row.claimed_until = 0, uow.now(), None
    row.updated_at = uow.now()
    return views.delivery_view(row, uow.now())
