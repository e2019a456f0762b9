"""Who the caller is to a ticket — its client side, staff answering it, or nobody — and the
lookups that refuse anyone else (404: a ticket's existence does not leak).

Client side: the author, a member of the ticket's customer organisation (a colleague's
ticket too: manual 003 «все заявки вашей компании»), or — for a ticket with no organisation
(manual 004's short form) — a user of the author's account with the account's ``support``
right (I3). Staff side: an admin, an agent of the ticket's department, its assignee."""
from __future__ import annotations

from dataclasses import dataclass

from kit.context import Caller
from services.support import exceptions as exc
from services.support import store
from services.support.models import Ticket


@dataclass(frozen=True)
class Relation:
    #: client | staff
    side: str

    @property
    def staff(self) -> bool:
        return self.side == "staff"


def answers(session, caller: Caller, ticket: Ticket) -> bool:
    """Staff answering the ticket: an admin, an agent of its department, its assignee."""
    if caller.is_admin:
        return True
    return caller.is_staff and (caller.user_id == ticket.assignee_id
                                or caller.user_id in store.agent_ids(session, ticket.department_id))


def customer_side(session, caller: Caller, ticket: Ticket) -> bool:
    if ticket.author_id == caller.user_id:
        return True
    if ticket.organisation_id:
        return ticket.organisation_id in store.organisation_ids_of(session, caller.user_id)
    return bool(caller.account_id and caller.account_id == ticket.account_id and "support" in caller.rights)


def relation(session, caller: Caller, ticket: Ticket) -> Relation | None:
    caller.require_user()
    if customer_side(session, caller, ticket):
        return Relation("client")
    if answers(session, caller, ticket):
        return Relation("staff")
    return None


def visible_ticket(session, caller: Caller, number: int, *, for_update: bool = False) -> tuple[Ticket, Relation]:
    """The ticket and the caller's relation to it; 404 for anyone else."""
    ticket = store.ticket_by_number(session, number, for_update=for_update)
    rel = relation(session, caller, ticket)
    if rel is None:
        raise exc.TicketNotFound("No such ticket")
    return ticket, rel
