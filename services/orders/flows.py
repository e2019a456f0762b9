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

import structlog

from services.orders.handlers import orders

log = structlog.get_logger(__name__)


def create_order(db, caller, data: dict, deps) -> dict:
    with db.unit_of_work(caller) as uow:
        seat = orders.seat_request(uow, caller, data, deps)
    if seat is None:
        with db.unit_of_work(caller) as uow:
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
