"""How tickets follow their orders (C3) and the clock, and visitors' names."""
from __future__ import annotations


from kit.context import Caller
from kit.contracts import occurred_at
from kit.people import search_form
from services.coworking import events, store
from services.coworking.domain import tickets as rules
from services.coworking.domain.periods import Period
from services.coworking.handlers.tickets import changed
from services.coworking.models import Ticket


def _derive(uow, ticket: Ticket) -> bool:
    """Set the status C3 derives; True when it changed."""
    status = rules.derived_status(ticket.order_status, Period(ticket.starts_at, ticket.ends_at), uow.now())
    if status == ticket.status:
        return False
    ticket.status = status
    return True


def order_moved(uow, caller: Caller, envelope: dict, deps) -> None:
    """``order_created`` or ``order_status_changed`` of a coworking order: the newest
    announcement of the order's status wins, whatever order they arrive in; the first one
    turns the hold into the order's ticket."""
    data = envelope["data"]
    if data["kind"] != "coworking":
        return
    ticket = store.ticket_of_order(uow.session, data["order_number"], for_update=True)
    if ticket is None:
        return  # a coworking order without a seat (it was never held): nothing to follow
    occurred = occurred_at(envelope)
    if ticket.order_status_at is not None and ticket.order_status_at > occurred:
        return
    order_status = data.get("to_status") or data["status"]
    issued = ticket.status in (rules.HELD, rules.RELEASED)
    if issued and ticket.status == rules.RELEASED:
        # the order was stored after its hold lapsed: take the seat again if nobody has
        ticket.status = rules.HELD
        store.flush_seat(uow.session)
    ticket.order_status, ticket.order_status_at, ticket.hold_expires_at = order_status, occurred, None
    if _derive(uow, ticket) or issued:
        changed(uow, ticket)
    if issued:
        uow.emit("ticket_issued", events.ticket_issued(ticket))


def sweep_due(uow, caller: Caller, data: dict, deps) -> int:
    """Periodic (C3): confirmed tickets whose period started become active; active ones
    whose period ended and whose order is done become done."""
    due = store.claim_due_for_time(uow.session, uow.now(), data["batch"])
    for ticket in due:
        if _derive(uow, ticket):
            changed(uow, ticket)
    return len(due)


def person_changed(uow, caller: Caller, person: dict, deps) -> None:
    """Keep visitors' names searchable (C4's visitor filter)."""
    for ticket in store.tickets_of_visitor(uow.session, person["user_id"]):
        ticket.visitor_search = search_form(person.get("full_name"))
