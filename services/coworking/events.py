"""Coworking's event contracts: what it publishes (validated on every emit) and what it
reads of orders' events."""
from __future__ import annotations

from marshmallow import fields

from kit import actions, personal_data
from kit.contracts import EventSchema, ReadSchema, published
from kit.schemas import DateTime


class Ref(EventSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class TicketSnapshot(EventSchema):
    """What the order view shows of its ticket (orders keeps the newest ``version``)."""

    number = fields.Integer(required=True)
    status = fields.String(required=True)
    space = fields.Nested(Ref, required=True)
    workplace = fields.Nested(Ref, required=True)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)
    visitor_id = fields.String(required=True)
    validated = fields.Boolean(required=True)
    validated_at = DateTime(required=True, allow_none=True)
    version = fields.Integer(required=True)


class TicketChanged(EventSchema):
    order_number = fields.Integer(required=True)
    ticket = fields.Nested(TicketSnapshot, required=True)


class TicketIssued(EventSchema):
    """A ticket became an order's (its order was stored): the visitor is told."""

    ticket_number = fields.Integer(required=True)
    order_number = fields.Integer(required=True)
    visitor_id = fields.String(required=True)
    account_id = fields.String(required=True, allow_none=True)
    service_name = fields.String(required=True)
    space_name = fields.String(required=True)
    workplace_name = fields.String(required=True)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)


class TicketVisitorChanged(EventSchema):
    """C7 (a manager changed the visitor) or O10 (the visitor sent the ticket, or someone
    accepted an invitation): the order's applicant follows, the new visitor is told."""

    ticket_number = fields.Integer(required=True)
    order_number = fields.Integer(required=True)
    visitor_id = fields.String(required=True)
    previous_visitor_id = fields.String(required=True)
    changed_by = fields.String(required=True)
    #: manager | transfer | invitation
    how = fields.String(required=True)
    service_name = fields.String(required=True)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)


class TicketValidationReset(EventSchema):
    ticket_number = fields.Integer(required=True)
    order_number = fields.Integer(required=True)
    visitor_id = fields.String(required=True)
    reset_by = fields.String(required=True)
    service_name = fields.String(required=True)


PUBLISHED = published("coworking", {
    **personal_data.PUBLISHED_EVENTS,  # answers to identity's personal-data requests (I6)
    actions.EVENT: actions.ActionRecorded,
    "ticket_changed": TicketChanged,
    "ticket_issued": TicketIssued,
    "ticket_visitor_changed": TicketVisitorChanged,
    "ticket_validation_reset": TicketValidationReset,
})


# --- what coworking reads of orders' events -----------------------------------------------

class OrderCreatedRead(ReadSchema):
    order_number = fields.Integer(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)


class OrderStatusChangedRead(ReadSchema):
    order_number = fields.Integer(required=True)
    kind = fields.String(required=True)
    to_status = fields.String(required=True)


# --- builders -------------------------------------------------------------------------------

def _iso(value) -> str:
    return value.isoformat()


def snapshot(ticket) -> dict:
    return {
        "number": ticket.number, "status": ticket.status,
        "space": {"id": ticket.space.id, "name": ticket.space.name},
        "workplace": {"id": ticket.workplace.id, "name": ticket.workplace.name},
        "starts_at": _iso(ticket.starts_at), "ends_at": _iso(ticket.ends_at),
        "visitor_id": ticket.visitor_id, "validated": ticket.validated_at is not None,
        "validated_at": ticket.validated_at and _iso(ticket.validated_at), "version": ticket.version,
    }


def ticket_changed(ticket) -> dict:
    return {"order_number": ticket.order_number, "ticket": snapshot(ticket)}


def ticket_issued(ticket) -> dict:
    return {"ticket_number": ticket.number, "order_number": ticket.order_number, "visitor_id": ticket.visitor_id,
            "account_id": ticket.account_id, "service_name": ticket.service_name, "space_name": ticket.space.name,
            "workplace_name": ticket.workplace.name, "starts_at": _iso(ticket.starts_at),
            "ends_at": _iso(ticket.ends_at)}


def ticket_visitor_changed(ticket, previous_visitor_id: str, changed_by: str, how: str) -> dict:
    return {"ticket_number": ticket.number, "order_number": ticket.order_number, "visitor_id": ticket.visitor_id,
            "previous_visitor_id": previous_visitor_id, "changed_by": changed_by, "how": how,
            "service_name": ticket.service_name, "starts_at": _iso(ticket.starts_at),
            "ends_at": _iso(ticket.ends_at)}


def ticket_validation_reset(ticket, reset_by: str) -> dict:
    return {"ticket_number": ticket.number, "order_number": ticket.order_number, "visitor_id": ticket.visitor_id,
            "reset_by": reset_by, "service_name": ticket.service_name}
