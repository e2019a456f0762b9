"""Coworking's RPC payloads (the gateway validates requests and documents responses with them)."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema
from webargs.fields import DelimitedList

from kit.schemas import DateTime, Lenient, NonBlank, PageQuery, Strict, page_of

from services.coworking.domain.tickets import STATUSES


# --- requests ---------------------------------------------------------------------------------

class SpaceIn(Strict):
    service_id = fields.String(required=True, validate=validate.Length(min=1, max=36),
                               metadata={"description": "the catalog service (kind coworking) this space is ordered through"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the space's name, e.g. «Первый этаж»"})
    workplaces = fields.List(fields.String(validate=validate.Length(min=1, max=100)), load_default=list,
                             metadata={"description": "names of the first workplaces, e.g. «РМ №1»"})


class SpaceUpdate(Strict):
    name = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "the space's new name"})


class WorkplaceIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "the workplace's name or number, e.g. «Место 12»"})


class WorkplaceUpdate(Strict):
    name = fields.String(validate=validate.Length(min=1, max=100),
                         metadata={"description": "the workplace's new name"})
    in_service = fields.Boolean(metadata={"description": "false takes it out of service: offered to nobody"})


class PeriodQuery(Strict):
    starts_at = DateTime(data_key="from", metadata={"description": "period start (ISO 8601 with zone)"})
    ends_at = DateTime(data_key="to", metadata={"description": "period end, exclusive"})

    @validates_schema
    def _both_or_neither(self, data, **kwargs):
        if ("starts_at" in data) != ("ends_at" in data):
            raise ValidationError("Give both from and to, or neither.", "to")


class CoworkingCalendarQuery(Strict):
    space_id = fields.String(required=True, validate=NonBlank, metadata={"description": "the coworking space shown"})
    starts_at = DateTime(required=True, data_key="from",
                         metadata={"description": "the period's start (ISO 8601 with its offset)"})
    ends_at = DateTime(required=True, data_key="to",
                       metadata={"description": "the period's end, excluded (ISO 8601 with its offset)"})


class CoworkingTicketQuery(PageQuery):
    number = fields.Integer(validate=validate.Range(min=1), metadata={"description": "one ticket number"})
    starts_at = DateTime(data_key="from", metadata={"description": "tickets whose period overlaps [from, to)"})
    ends_at = DateTime(data_key="to",
                       metadata={"description": "tickets whose period overlaps [from, to): the end, excluded"})
    visitor = fields.String(validate=validate.Length(min=1, max=100),
                            metadata={"description": "part of the visitor's first or last name, any case"})
    status = DelimitedList(fields.String(validate=validate.OneOf(STATUSES)),
                           metadata={"description": "one or several statuses, comma-separated: new,confirmed"})


class HoldRequest(Strict):
    """orders → coworking while an order is created: take a seat for this order number."""

    order_number = fields.Integer(required=True, validate=validate.Range(min=1))
    service_id = fields.String(required=True, validate=NonBlank)
    service_name = fields.String(required=True, validate=NonBlank)
    space_id = fields.String(allow_none=True, load_default=None)
    workplace_id = fields.String(allow_none=True, load_default=None)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)
    visitor_id = fields.String(required=True, validate=NonBlank)
    account_id = fields.String(allow_none=True, load_default=None)
    tariff = fields.Dict(allow_none=True, load_default=None)
    variant = fields.Dict(allow_none=True, load_default=None)
    modifiers = fields.List(fields.Dict(), load_default=list)


class VisitorChange(Strict):
    user_id = fields.String(required=True, validate=NonBlank, metadata={"description": "the new visitor"})


class WorkplaceChange(Strict):
    workplace_id = fields.String(required=True, validate=NonBlank,
                                 metadata={"description": "the workplace to move the ticket to (in the same space, free for the ticket's period)"})


# --- responses --------------------------------------------------------------------------------

class Ref(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "its name"})


class WorkplaceView(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the workplace's name or number"})
    in_service = fields.Boolean(metadata={"description": "it can be booked (false: out of service)"})
    free = fields.Boolean(allow_none=True, metadata={"description": "free for the asked period (null without one)"})


class SpaceView(Lenient):
    id = fields.String()
    service_id = fields.String(metadata={"description": "the coworking catalog service the space belongs to"})
    name = fields.String(metadata={"description": "the space's name"})
    workplaces = fields.List(fields.Nested(WorkplaceView), metadata={"description": "its workplaces"})


class Person(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the person's full name"})
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class Identification(Lenient):
    validated = fields.Boolean(metadata={"description": "a manager checked the visitor's identity (the ticket is validated)"})
    checked_at = DateTime(allow_none=True, metadata={"description": "«Дата проверки»"})
    responsible = fields.Nested(Person, allow_none=True, metadata={"description": "«Ответственный»"})


class CoworkingTicketView(Lenient):
    number = fields.Integer(metadata={"description": "the ticket's number"})
    created_at = DateTime()
    status = fields.String(metadata={"description": "the ticket's status code"})
    status_label = fields.String()
    order_number = fields.Integer(metadata={"description": "the coworking order it belongs to"})
    service = fields.Nested(Ref, metadata={"description": "the catalog service: id and name"})
    space = fields.Nested(Ref, metadata={"description": "the coworking space: id and name"})
    workplace = fields.Nested(Ref, metadata={"description": "the workplace: id and name"})
    starts_at = DateTime()
    ends_at = DateTime()
    visitor = fields.Nested(Person, metadata={"description": "who may enter: id, name, contacts"})
    tariff = fields.Dict(allow_none=True, metadata={"description": "the tariff ordered, or null"})
    variant = fields.Dict(allow_none=True, metadata={"description": "the service variant («Резидент +»), or null"})
    modifiers = fields.List(fields.Dict(), metadata={"description": "the tariff's modifiers ordered"})
    identification = fields.Nested(Identification,
                                   metadata={"description": "the identity check (C5): whether it was done, when and by which manager"})
    actions = fields.List(fields.String(), metadata={"description": "what the caller may do now"})


CoworkingTicketPage = page_of(CoworkingTicketView)


class HoldView(Lenient):
    ticket_number = fields.Integer()
    space = fields.Nested(Ref)
    workplace = fields.Nested(Ref)


class EntryView(Lenient):
    ticket_number = fields.Integer(metadata={"description": "the coworking ticket"})
    allowed = fields.Boolean(metadata={"description": "the visitor may enter now"})
    reason = fields.String(allow_none=True, metadata={"description": "why not: a code, or null"})
    reason_label = fields.String(allow_none=True,
                                 metadata={"description": "why not, in the caller's language, or null"})


class CalendarTicket(Lenient):
    number = fields.Integer(metadata={"description": "the coworking ticket's number"})
    status = fields.String(metadata={"description": "the ticket's status: new, confirmed, active, cancelled or done"})
    starts_at = DateTime()
    ends_at = DateTime()
    visitor = fields.Nested(Person, metadata={"description": "who may enter"})
    order_number = fields.Integer(metadata={"description": "the order the ticket belongs to"})


class CalendarRow(Lenient):
    workplace = fields.Nested(WorkplaceView, metadata={"description": "the workplace of this row"})
    tickets = fields.List(fields.Nested(CalendarTicket), metadata={"description": "its tickets in the period"})


class CalendarView(Lenient):
    space = fields.Nested(Ref, metadata={"description": "the space shown"})
    starts_at = DateTime()
    ends_at = DateTime()
    rows = fields.List(fields.Nested(CalendarRow), metadata={"description": "one row per workplace"})


class InvitationView(Lenient):
    id = fields.String()
    ticket_number = fields.Integer(metadata={"description": "the coworking ticket it passes on"})
    token = fields.String(allow_none=True, metadata={"description": "shown once, when the link is made"})
    url = fields.String(allow_none=True, metadata={"description": "the one-time link to send"})
    created_at = DateTime()
    accepted_at = DateTime(allow_none=True, metadata={"description": "when it was accepted, or null"})
    revoked_at = DateTime(allow_none=True, metadata={"description": "when it was revoked, or null"})


class SpaceQuery(Strict):
    service_id = fields.String(metadata={"description": "only the spaces of this catalog service"})
