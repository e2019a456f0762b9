"""I6: coworking's part of a person's export and erasure (``kit.personal_data``).

Export: the copy of the person and the tickets they hold. Erasure: the copy is blanked and
their tickets lose the visitor's name kept for the visitor filter; the tickets stay (each
belongs to an order, a money record) under an id nobody can resolve any more.
"""
from __future__ import annotations

from sqlalchemy import select, update

from kit import people
from kit.context import Caller
from kit.personal_data import rows
from services.coworking.models import Ticket

TICKET_COLUMNS = ("number", "order_number", "status", "service_name", "starts_at", "ends_at", "validated_at",
                  "created_at")


def export(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    tickets = uow.session.execute(select(Ticket).where(Ticket.visitor_id == user_id)
                                  .order_by(Ticket.created_at)).scalars()
    return {"person": rows(people.export(uow.session, user_id), people.FIELDS),
            "tickets": rows(tickets, TICKET_COLUMNS)}


def erase(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    erased = {"people": people.erase(uow.session, user_id, data["requested_at"])}
    erased["ticket_visitor_names"] = uow.session.execute(update(Ticket).where(
        Ticket.visitor_id == user_id, Ticket.visitor_search != "").values(visitor_search="")).rowcount
    return erased
