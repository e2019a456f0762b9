"""Support's events: the schema of each one it publishes (checked by ``uow.emit``), the
builders that turn tickets into those payloads, and what support reads of identity's person
events (docs/events.md)."""
from __future__ import annotations

from marshmallow import fields

from kit import actions, personal_data
from kit.contracts import EventSchema, ReadSchema, published
from kit.people import PersonRead
from kit.schemas import DateTime
from services.support.models import Act, Department, Ticket, TicketMessage


def _iso(value):
    return value.isoformat() if value is not None else None


# --- what support publishes ----------------------------------------------------------------

class TicketCreated(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    department_id = fields.String(required=True)
    department_name = fields.String(required=True)
    author_id = fields.String(required=True)
    account_id = fields.String(required=True, allow_none=True)
    organisation_id = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, metadata={"description": "the first message, first 500 characters"})
    attachment_count = fields.Integer(required=True)
    deadline = DateTime(required=True, allow_none=True)
    agent_ids = fields.List(fields.String(), required=True,
                            metadata={"description": "the department's agents (who hear of it)"})


class TicketAssigned(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    assignee_id = fields.String(required=True, allow_none=True)
    previous_assignee_id = fields.String(required=True, allow_none=True)
    assigned_by = fields.String(required=True, allow_none=True)


class TicketMessagePosted(EventSchema):
    ticket_number = fields.Integer(required=True)
    message_id = fields.String(required=True)
    subject = fields.String(required=True)
    author_id = fields.String(required=True, allow_none=True, metadata={"description": "null: the system"})
    author_kind = fields.String(required=True, metadata={"description": "client | staff | system"})
    text = fields.String(required=True, metadata={"description": "first 500 characters"})
    attachment_count = fields.Integer(required=True)
    customer_id = fields.String(required=True, metadata={"description": "the ticket's author"})
    assignee_id = fields.String(required=True, allow_none=True)
    agent_ids = fields.List(fields.String(), required=True)


class TicketStatusChanged(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    from_status = fields.String(required=True)
    to_status = fields.String(required=True)
    action = fields.String(required=True, metadata={"description": "the state machine's transition"})
    changed_by = fields.String(required=True, allow_none=True, metadata={"description": "null: the system"})
    customer_id = fields.String(required=True, metadata={"description": "the ticket's author"})
    assignee_id = fields.String(required=True, allow_none=True)
    agent_ids = fields.List(fields.String(), required=True)


class TicketSlaBreached(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "first_reply | resolution"})
    due_at = DateTime(required=True)
    department_name = fields.String(required=True)
    customer_id = fields.String(required=True)
    assignee_id = fields.String(required=True, allow_none=True)
    agent_ids = fields.List(fields.String(), required=True)


class TicketActIssued(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "kopecks"})
    currency = fields.String(required=True)
    customer_id = fields.String(required=True)
    issued_by = fields.String(required=True)


class TicketActAccepted(EventSchema):
    ticket_number = fields.Integer(required=True)
    subject = fields.String(required=True)
    total = fields.Integer(required=True)
    currency = fields.String(required=True)
    accepted_by = fields.String(required=True)
    accepted_at = DateTime(required=True)
    assignee_id = fields.String(required=True, allow_none=True)
    agent_ids = fields.List(fields.String(), required=True)


PUBLISHED = published("support", {
    **personal_data.PUBLISHED_EVENTS,  # answers to identity's personal-data requests (I6)
    actions.EVENT: actions.ActionRecorded,
    "ticket_created": TicketCreated,
    "ticket_assigned": TicketAssigned,
    "ticket_message_posted": TicketMessagePosted,
    "ticket_status_changed": TicketStatusChanged,
    "ticket_sla_breached": TicketSlaBreached,
    "ticket_act_issued": TicketActIssued,
    "ticket_act_accepted": TicketActAccepted,
})


def ticket_created(ticket: Ticket, department: Department, first: TicketMessage, agent_ids: list[str]) -> dict:
    return {"ticket_number": ticket.number, "subject": ticket.subject, "department_id": department.id,
            "department_name": department.name, "author_id": ticket.author_id, "account_id": ticket.account_id,
            "organisation_id": ticket.organisation_id, "text": first.text[:500],
            "attachment_count": len(first.attachments), "deadline": _iso(ticket.deadline), "agent_ids": agent_ids}


# --- what support reads ------------------------------------------------------------------

class CompanyRead(ReadSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class MemberRead(PersonRead):
    """The kit's person fields and the companies (customer organisations) the person is in."""

    companies = fields.List(fields.Nested(CompanyRead), required=True)


def ticket_assigned(ticket: Ticket, previous: str | None, assigned_by: str | None) -> dict:
    return {"ticket_number": ticket.number, "subject": ticket.subject, "assignee_id": ticket.assignee_id,
            "previous_assignee_id": previous, "assigned_by": assigned_by}


def ticket_message_posted(ticket: Ticket, message: TicketMessage, attachment_count: int, agent_ids: list[str]) -> dict:
    return {"ticket_number": ticket.number, "message_id": message.id, "subject": ticket.subject,
            "author_id": message.author_id, "author_kind": message.author_kind, "text": message.text[:500],
            "attachment_count": attachment_count, "customer_id": ticket.author_id, "assignee_id": ticket.assignee_id,
            "agent_ids": agent_ids}


def ticket_status_changed(ticket: Ticket, source: str, action: str, changed_by: str | None,
                          agent_ids: list[str]) -> dict:
    return {"ticket_number": ticket.number, "subject": ticket.subject, "from_status": source,
            "to_status": ticket.status, "action": action, "changed_by": changed_by, "customer_id": ticket.author_id,
            "assignee_id": ticket.assignee_id, "agent_ids": agent_ids}


def ticket_sla_breached(ticket: Ticket, kind: str, department: Department, agent_ids: list[str]) -> dict:
    due = ticket.first_reply_due if kind == "first_reply" else ticket.deadline
    return {"ticket_number": ticket.number, "subject": ticket.subject, "kind": kind, "due_at": due.isoformat(),
            "department_name": department.name, "customer_id": ticket.author_id, "assignee_id": ticket.assignee_id,
            "agent_ids": agent_ids}


def ticket_act_issued(ticket: Ticket, act: Act) -> dict:
    return {"ticket_number": ticket.number, "subject": ticket.subject, "total": act.total, "currency": act.currency,
            "customer_id": ticket.author_id, "issued_by": act.issued_by}


def ticket_act_accepted(ticket: Ticket, act: Act, agent_ids: list[str]) -> dict:
    return {"ticket_number": ticket.number, "subject": ticket.subject, "total": act.total, "currency": act.currency,
            "accepted_by": act.accepted_by, "accepted_at": act.accepted_at.isoformat(),
            "assignee_id": ticket.assignee_id, "agent_ids": agent_ids}
