"""Statuses (S4): :func:`move`, the one way a ticket's status changes, through the state
machine (``domain/states.py``), with ``ticket_status_changed`` in the outbox."""
from __future__ import annotations

from services.support import events
from services.support import store
from services.support.domain import states
from services.support.models import Ticket


def move(uow, ticket: Ticket, action: str, actor: str, *, changed_by: str | None) -> str:
    target = states.apply(ticket.status, action, actor)
    source, now = ticket.status, uow.now()
    ticket.status, ticket.updated_at = target, now
    if target == "resolved":
        ticket.resolved_at = now
    elif target == "in_progress" and source == "resolved":
        ticket.resolved_at = None  # reopened: not resolved any more
    if target == "closed":
        ticket.closed_at = now
        if ticket.resolved_at is None:
            ticket.resolved_at = now
    uow.emit("ticket_status_changed", events.ticket_status_changed(
        ticket, source, action, changed_by, store.agent_ids(uow.session, ticket.department_id)))
    if changed_by is not None:  # a person's move (the system's are not the action log's)
        uow.record_action("support_ticket." + action, "support_ticket", ticket.number, "{}: {} → {}".format(
            ticket.subject, source, target), account_id=ticket.account_id)
    return target
