"""Orders' use cases that span several transactions around a call to another service.

Creating a coworking order (C2): orders draws the order's number and checks the order
(one transaction), coworking holds a seat for that number (a bounded call: 503 when it
does not answer, 409 ``workplace_taken`` when the seat is gone — nothing is stored either
way), then orders stores the order with its ticket (a second transaction). If that fails,
the hold is released at once; if even that call fails, the hold lapses by itself after
``TICKET_HOLD_TTL`` — no seat stays blocked by an order that does not exist, and no order
exists without its ticket. Coworking turns the hold into the ticket when it hears
``order_created``.
"""
from __future__ import annotations

import hashlib
import json

import structlog
from sqlalchemy.exc import IntegrityError

from services.orders.handlers import orders

log = structlog.get_logger(__name__)


def create_order(db, caller, data: dict, deps, idempotency_key: str | None = None) -> dict:
    """With ``idempotency_key``, orders keeps the key in the order's own row (the same
    transaction that creates it): a repeat with the key returns that order, however many
    times the gateway or the client retried and whatever the gateway remembers."""
    if not idempotency_key:
        return _create_order(db, caller, data, deps)
    fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    with db.unit_of_work(caller) as uow:
        existing = orders.order_by_key(uow, caller, idempotency_key, fingerprint, deps)
    if existing is not None:
        return existing
    try:
        return _create_order(db, caller, dict(data, idempotency_key=idempotency_key,
                                              request_fingerprint=fingerprint), deps)
    except IntegrityError:  # a parallel request with the same key won the race
        with db.unit_of_work(caller) as uow:
            existing = orders.order_by_key(uow, caller, idempotency_key, fingerprint, deps)
        if existing is None:
            raise
        return existing


def _create_order(db, caller, data: dict, deps) -> dict:
    with db.unit_of_work(caller) as uow:
        seat = orders.seat_request(uow, caller, data, deps)
        if seat is None:  # not coworking: one transaction, as any other order
            return orders.create_order(uow, caller, data, deps)
    held = deps.coworking.hold_workplace(seat)
    try:
        with db.unit_of_work(caller) as uow:
            return orders.create_order(uow, caller, dict(data, number=seat["order_number"], seat=held), deps)
    except Exception:
        try:
            deps.coworking.release_hold(seat["order_number"])
        except Exception as error:  # the hold lapses after TICKET_HOLD_TTL
            log.warning("seat_release_failed", order_number=seat["order_number"], error=repr(error))
        raise
