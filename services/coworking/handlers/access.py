"""Who may see and handle a ticket: the rental managers (manual 002: the section «Календарь
услуг > Коворкинг» is the «Менеджер по аренде» role's) and admins handle every ticket; a
client sees only a ticket whose visitor they are."""
from __future__ import annotations

from kit.context import Caller
from services.coworking import exceptions as exc
from services.coworking import store
from services.coworking.models import Ticket

STAFF = ("rental_manager", "admin")


def is_staff(caller: Caller) -> bool:
    return caller.has_role(*STAFF)


def require_staff(caller: Caller) -> None:
    caller.require_user()
    if not is_staff(caller):
        raise exc.NotStaff("Only rental managers handle coworking tickets")


def require_admin(caller: Caller) -> None:
    caller.require_user()
    if not caller.is_admin:
        raise exc.NotStaff("Only an administrator manages spaces and workplaces", code="admin_only")


def visible_ticket(session, caller: Caller, number: int, *, for_update: bool = False) -> Ticket:
    """The ticket if the caller handles it or is its visitor; 404 otherwise (never 403:
    nobody learns that someone else's ticket exists)."""
    caller.require_user()
    ticket = store.ticket_by_number(session, number, for_update=for_update)
    if is_staff(caller) or ticket.visitor_id == caller.user_id:
        return ticket
    raise exc.TicketNotFound("No such ticket")


def own_ticket(session, caller: Caller, number: int) -> Ticket:
    """The caller's own ticket (its visitor), locked: what O10 transfers."""
    caller.require_user()
    ticket = store.ticket_by_number(session, number, for_update=True)
    if ticket.visitor_id != caller.user_id:
        raise exc.TicketNotFound("No such ticket")
    return ticket
