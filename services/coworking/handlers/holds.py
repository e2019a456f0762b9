"""Taking a seat while an order is created (C2), and letting go of one nobody confirmed.

orders draws the order's number, asks :func:`hold_workplace`, then stores the order and
announces ``order_created``; the hold becomes the order's ticket when that (or any later
status) event arrives. If orders fails after the hold, nothing confirms it and the sweep
releases it after ``TICKET_HOLD_TTL``; if coworking does not answer, orders stores nothing.
"""
from __future__ import annotations

from datetime import timedelta

from kit.context import Caller
from kit.people import Directory, search_form
from kit.store import next_number
from services.coworking import exceptions as exc
from services.coworking import store, views
from services.coworking.domain.periods import period
from services.coworking.domain.tickets import HELD, RELEASED
from services.coworking.models import FIRST_TICKET_NUMBER, Ticket


def _same_request(ticket: Ticket, data: dict) -> bool:
    return (ticket.starts_at == data["starts_at"] and ticket.ends_at == data["ends_at"]
            and ticket.service_id == data["service_id"]
            and (not data.get("workplace_id") or ticket.workplace_id == data["workplace_id"]))


def _space_for(session, data: dict):
    if data.get("workplace_id"):
        place = store.workplace(session, data["workplace_id"])
        if data.get("space_id") and place.space_id != data["space_id"]:
            raise exc.WorkplaceNotFound("No such workplace in this space")
        return place.space, place
    if data.get("space_id"):
        return store.space(session, data["space_id"]), None
    rooms = store.spaces(session, data["service_id"])
    if not rooms:
        raise exc.SpaceNotFound("This coworking service has no space yet")
    return rooms[0], None


def hold_workplace(uow, caller: Caller, data: dict, deps) -> dict:
    """Hold a seat for order ``order_number`` (idempotent: the same order gets the same hold)."""
    caller.require_user()
    session = uow.session
    existing = store.ticket_of_order(session, data["order_number"], for_update=True)
    if existing is not None and existing.status != RELEASED:
        if not _same_request(existing, data):
            raise exc.WorkplaceTaken("This order already holds another seat", code="order_already_holds_a_seat")
        return views.hold(existing)
    wanted = period(data["starts_at"], data["ends_at"])
    room, place = _space_for(session, data)
    taken = store.taken_workplace_ids(session, room.id, wanted.starts_at, wanted.ends_at)
    if place is not None:
        if not place.in_service:
            raise exc.WorkplaceNotFound("This workplace is out of service", code="workplace_out_of_service")
        if place.id in taken:
            raise exc.WorkplaceTaken("This workplace is taken for that period")
    else:
        free = [p for p in room.workplaces if p.in_service and p.id not in taken]
        if not free:
            raise exc.NoWorkplaceFree("No workplace of {} is free for that period".format(room.name))
        place = free[0]
    now = uow.now()
    visitor = Directory(session, deps.fetch_users).get([data["visitor_id"]]).get(data["visitor_id"]) or {}
    if existing is not None:  # a lapsed hold of this very order: take it again
        session.delete(existing)
        session.flush()
    ticket = Ticket(
        number=next_number(session, "ticket", FIRST_TICKET_NUMBER), order_number=data["order_number"],
        status=HELD, hold_expires_at=now + timedelta(seconds=deps.settings.hold_ttl),
        space_id=room.id, workplace_id=place.id, starts_at=wanted.starts_at, ends_at=wanted.ends_at,
        visitor_id=data["visitor_id"], visitor_search=search_form(visitor.get("full_name")),
        account_id=data.get("account_id"), service_id=data["service_id"], service_name=data["service_name"],
        tariff=data.get("tariff"), variant=data.get("variant"), modifiers=list(data.get("modifiers") or []),
        created_at=now, updated_at=now)
    session.add(ticket)
    store.flush_seat(session)
    return views.hold(ticket)


def release_hold(uow, caller: Caller, data: dict, deps) -> dict:
    """orders could not store the order: free the seat now instead of after the TTL."""
    caller.require_user()
    ticket = store.ticket_of_order(uow.session, data["order_number"], for_update=True)
    if ticket is None or ticket.status != HELD:
        return {"released": False}
    ticket.status, ticket.hold_expires_at, ticket.updated_at = RELEASED, None, uow.now()
    return {"released": True}


def release_lapsed_holds(uow, caller: Caller, data: dict, deps) -> int:
    """Periodic: holds no order confirmed in time free their seats."""
    lapsed = store.claim_lapsed_holds(uow.session, uow.now(), data["batch"])
    for ticket in lapsed:
        ticket.status, ticket.updated_at = RELEASED, uow.now()
    return len(lapsed)
