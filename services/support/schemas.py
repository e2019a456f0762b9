"""Support's RPC payloads (strict requests, lenient responses); the gateway documents its
endpoints with them."""
from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from kit.attachments import AttachmentOut, AttachmentUpload  # noqa: F401  (the kit's one mechanism)
from kit.schemas import INT32, CommaList, DateTime, Lenient, PageQuery, Strict, page_of
from services.support.domain.states import STATUSES

#: an entry's place in its list (an INTEGER column)
POSITION = validate.Range(min=0, max=INT32)

#: something besides spaces
Filled = validate.Regexp(r"[\s\S]*\S", error="Must not be blank.")  # no inline flags: the pattern is ECMA-262 in OpenAPI too


def _strip_uuids(data: dict, *names: str) -> dict:
    for name in names:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


# --- reference data (S-area item 2) ----------------------------------------------------

class ReferenceQuery(Strict):
    include_inactive = fields.Boolean(load_default=False, metadata={"description": "admins: also retired entries"})


class DepartmentCreate(Strict):
    name = fields.String(required=True, validate=[Filled, validate.Length(max=200)],
                         metadata={"description": "the department's name, e.g. «Бухгалтерия»"})
    position = fields.Integer(load_default=0, validate=POSITION)
    agent_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=200),
                            metadata={"description": "the support agents answering its tickets"})
    required_fields = fields.List(fields.String(), load_default=list, metadata={
        "description": "HubEx's fields its tickets must have: type_id, criticality_id, description, "
                       "organisation_id, object_id, work_type_id, contract_id (none: manual 004's short form)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "agent_ids")


class DepartmentUpdate(Strict):
    name = fields.String(validate=[Filled, validate.Length(max=200)],
                         metadata={"description": "the department's name"})
    position = fields.Integer(validate=POSITION)
    active = fields.Boolean()
    agent_ids = fields.List(fields.UUID(), validate=validate.Length(max=200),
                            metadata={"description": "the support agents answering its tickets (replaces them)"})
    required_fields = fields.List(fields.String(),
                                  metadata={"description": "the fields its tickets must have (see DepartmentCreate; replaces them)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "agent_ids")


class TicketPerson(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the person's full name"})


class Department(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the department's name"})
    position = fields.Integer()
    active = fields.Boolean()
    required_fields = fields.List(fields.String(),
                                  metadata={"description": "the fields its tickets must have: type_id, criticality_id, description, organisation_id, object_id, work_type_id, contract_id"})
    agents = fields.List(fields.Nested(TicketPerson), metadata={"description": "staff only"})


class DepartmentList(Lenient):
    items = fields.List(fields.Nested(Department), metadata={"description": "the departments, by position"})


#: the reference lists behind ``/support/<kind>`` (path names use dashes)
REFERENCE_KINDS = ("ticket_types", "work_types", "criticalities")


def reference_kind(kind: str) -> str:
    kind = str(kind).replace("-", "_")
    if kind not in REFERENCE_KINDS:
        raise ValidationError("Unknown reference list.", "kind")
    return kind


class NamedCreate(Strict):
    name = fields.String(required=True, validate=[Filled, validate.Length(max=200)],
                         metadata={"description": "the entry's name"})
    position = fields.Integer(load_default=0, validate=POSITION)


class NamedUpdate(Strict):
    name = fields.String(validate=[Filled, validate.Length(max=200)], metadata={"description": "the entry's name"})
    position = fields.Integer(validate=POSITION)
    active = fields.Boolean()


_MINUTES = validate.Range(min=1, max=366 * 24 * 60)


class CriticalityCreate(NamedCreate):
    first_reply_minutes = fields.Integer(required=True, validate=_MINUTES,
                                         metadata={"description": "SLA: minutes from creation to the first staff reply"})
    resolution_minutes = fields.Integer(required=True, validate=_MINUTES,
                                        metadata={"description": "SLA: minutes from creation to the resolution (the deadline)"})
    is_default = fields.Boolean(load_default=False, metadata={
        "description": "the SLA of tickets that name no criticality (manual 004's short form); one at a time"})

    @validates_schema
    def order(self, data, **kwargs):
        if data["resolution_minutes"] < data["first_reply_minutes"]:
            raise ValidationError("The resolution cannot come before the first reply.", "resolution_minutes")


class CriticalityUpdate(NamedUpdate):
    first_reply_minutes = fields.Integer(validate=_MINUTES,
                                         metadata={"description": "how soon the first reply is due, in minutes"})
    resolution_minutes = fields.Integer(validate=_MINUTES,
                                        metadata={"description": "how soon the ticket must be resolved, in minutes (not before the first reply)"})
    is_default = fields.Boolean(metadata={"description": "the criticality a ticket gets when none is chosen (one at a time)"})


REFERENCE_CREATE = {"ticket_types": NamedCreate, "work_types": NamedCreate, "criticalities": CriticalityCreate}
REFERENCE_UPDATE = {"ticket_types": NamedUpdate, "work_types": NamedUpdate, "criticalities": CriticalityUpdate}


class Reference(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the entry's name"})
    position = fields.Integer()
    active = fields.Boolean()
    first_reply_minutes = fields.Integer(metadata={"description": "criticalities"})
    resolution_minutes = fields.Integer(metadata={"description": "criticalities"})
    is_default = fields.Boolean(metadata={"description": "criticalities"})


class ReferenceList(Lenient):
    items = fields.List(fields.Nested(Reference), metadata={"description": "the entries, by position"})


# --- customer organisations ----------------------------------------------------------------

class Organisation(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the organisation's name"})


class OrganisationList(Lenient):
    items = fields.List(fields.Nested(Organisation), metadata={"description": "the customer organisations"})


class ObjectCreate(Strict):
    name = fields.String(required=True, validate=[Filled, validate.Length(max=300)],
                         metadata={"description": "the object's name, e.g. «Офис на Ленина»"})
    address = fields.String(load_default="", validate=validate.Length(max=500),
                            metadata={"description": "its address"})


class ObjectUpdate(Strict):
    name = fields.String(validate=[Filled, validate.Length(max=300)], metadata={"description": "the object's name"})
    address = fields.String(validate=validate.Length(max=500), metadata={"description": "its address"})
    active = fields.Boolean()


class SupportObject(Lenient):
    id = fields.String()
    organisation_id = fields.String(metadata={"description": "the organisation it belongs to"})
    name = fields.String(metadata={"description": "the object's name"})
    address = fields.String(metadata={"description": "its address"})
    active = fields.Boolean()


class ObjectList(Lenient):
    items = fields.List(fields.Nested(SupportObject), metadata={"description": "the organisation's objects"})


class ContractQuery(ReferenceQuery):
    object_id = fields.UUID(metadata={"description": "only the contracts covering this object"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "object_id")


class ContractCreate(Strict):
    number = fields.String(required=True, validate=[Filled, validate.Length(max=100)],
                           metadata={"description": "the contract's number («Д-2026/15»)"})
    name = fields.String(load_default="", validate=validate.Length(max=300),
                         metadata={"description": "the contract's name"})
    starts_on = fields.Date(load_default=None, allow_none=True,
                            metadata={"description": "the first day it is in force"})
    ends_on = fields.Date(load_default=None, allow_none=True,
                          metadata={"description": "the last day it is in force, or null: open-ended"})
    object_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=500),
                             metadata={"description": "the organisation's objects it covers"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "object_ids")


class ContractUpdate(Strict):
    number = fields.String(validate=[Filled, validate.Length(max=100)],
                           metadata={"description": "the contract's number («Д-2026/15»)"})
    name = fields.String(validate=validate.Length(max=300), metadata={"description": "the contract's name"})
    starts_on = fields.Date(allow_none=True, metadata={"description": "the first day it is in force"})
    ends_on = fields.Date(allow_none=True,
                          metadata={"description": "the last day it is in force, or null: open-ended"})
    active = fields.Boolean()
    object_ids = fields.List(fields.UUID(), validate=validate.Length(max=500),
                             metadata={"description": "the organisation's objects it covers (replaces the list)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "object_ids")


class Contract(Lenient):
    id = fields.String()
    organisation_id = fields.String(metadata={"description": "the customer organisation"})
    number = fields.String(metadata={"description": "the contract's number («Д-2026/15»)"})
    name = fields.String(metadata={"description": "the contract's name"})
    starts_on = fields.String(allow_none=True, metadata={"description": "the first day it is in force"})
    ends_on = fields.String(allow_none=True,
                            metadata={"description": "the last day it is in force, or null: open-ended"})
    active = fields.Boolean()
    object_ids = fields.List(fields.String(), metadata={"description": "the objects it covers"})


class ContractList(Lenient):
    items = fields.List(fields.Nested(Contract), metadata={"description": "the organisation's contracts"})


# --- tickets (S1, S2) ------------------------------------------------------------------------

class TicketCreate(Strict):
    """Manual 004's short form (department, subject, message, optionally a service and files)
    or HubEx's full one; the department says which HubEx fields are required."""

    department_id = fields.UUID(required=True, metadata={"description": "the department it goes to"})
    subject = fields.String(required=True, validate=[Filled, validate.Length(max=255)],
                            metadata={"description": "the ticket's subject"})
    message = fields.String(load_default="", validate=validate.Length(max=4000),
                            metadata={"description": "the question or the problem (the first chat message)"})
    description = fields.String(load_default="", validate=validate.Length(max=4000),
                                metadata={"description": "HubEx «Описание заявки» (default: the message)"})
    type_id = fields.UUID(load_default=None, allow_none=True,
                          metadata={"description": "the ticket type (HubEx), or null"})
    criticality_id = fields.UUID(load_default=None, allow_none=True,
                                 metadata={"description": "default: the default criticality (its SLA)"})
    work_type_id = fields.UUID(load_default=None, allow_none=True,
                               metadata={"description": "the work type (HubEx), or null"})
    organisation_id = fields.UUID(load_default=None, allow_none=True,
                                  metadata={"description": "a customer organisation you belong to"})
    object_id = fields.UUID(load_default=None, allow_none=True, metadata={"description": "an object of the organisation"})
    contract_id = fields.UUID(load_default=None, allow_none=True,
                              metadata={"description": "a contract of the organisation covering the object"})
    order_number = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**63 - 1),
                                  metadata={"description": "the order the question is about, if any"})
    service_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100),
                               metadata={"description": "manual 004 «Услуга»: the service the question is about"})
    attachment_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=5),
                                 metadata={"description": "at most 5 files from POST /support/attachments"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "department_id", "type_id", "criticality_id", "work_type_id", "organisation_id",
                            "object_id", "contract_id", "attachment_ids")


class NamedEntry(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "its name"})


class TicketContract(Lenient):
    id = fields.String()
    number = fields.String(metadata={"description": "the contract's number"})
    name = fields.String(metadata={"description": "the contract's name"})


class TicketSummary(Lenient):
    number = fields.Integer(metadata={"description": "the ticket's number"})
    subject = fields.String(metadata={"description": "the ticket's subject"})
    status = fields.String(metadata={"description": "new | in_progress | awaiting_customer | resolved | closed"})
    status_label = fields.String()
    client_status = fields.String(metadata={
        "description": "what the customer sees: new_messages | under_review | awaiting_reply | closed"})
    client_status_label = fields.String(metadata={
        "description": "Есть новые сообщения | Находится на рассмотрении | Ожидает вашего ответа | Просмотрен"})
    unread = fields.Integer(metadata={"description": "your unread messages of the ticket"})
    department = fields.Nested(NamedEntry, metadata={"description": "the department it was sent to"})
    type = fields.Nested(NamedEntry, allow_none=True, metadata={"description": "the ticket type (HubEx), or null"})
    criticality = fields.Nested(NamedEntry, allow_none=True,
                                metadata={"description": "the criticality (its SLA sets the deadlines), or null"})
    work_type = fields.Nested(NamedEntry, allow_none=True, metadata={"description": "the work type (HubEx), or null"})
    organisation = fields.Nested(NamedEntry, allow_none=True,
                                 metadata={"description": "the customer organisation, or null"})
    object = fields.Nested(NamedEntry, allow_none=True,
                           metadata={"description": "the organisation's object it is about, or null"})
    contract = fields.Nested(TicketContract, allow_none=True,
                             metadata={"description": "the contract covering it, or null"})
    author_id = fields.String(metadata={"description": "who sent it"})
    assignee_id = fields.String(allow_none=True, metadata={"description": "the agent it is assigned to, or null"})
    first_reply_due = DateTime(allow_none=True, metadata={"description": "SLA: the first staff reply is due"})
    deadline = DateTime(allow_none=True, metadata={"description": "SLA: the resolution is due («Срок исполнения»)"})
    overdue = fields.Boolean(metadata={"description": "the deadline passed before it was resolved"})
    created_at = DateTime()
    updated_at = DateTime()


class ChatReadState(Lenient):
    unread = fields.Integer()
    last_read_seq = fields.Integer()


class TicketView(TicketSummary):
    actions = fields.List(fields.String(), metadata={
        "description": "what you may do now: the customer archive; staff take, await_customer, resolve, reopen, close"})
    description = fields.String(metadata={"description": "the ticket's text (HubEx form)"})
    order_number = fields.Integer(allow_none=True, metadata={"description": "the order it is about, or null"})
    service_id = fields.String(allow_none=True, metadata={"description": "the catalog service it is about, or null"})
    author = fields.Nested(TicketPerson, metadata={"description": "who sent it: id and name"})
    assignee = fields.Nested(TicketPerson, allow_none=True,
                             metadata={"description": "the agent it is assigned to: id and name, or null"})
    side = fields.String(metadata={"description": "client | staff: how you see the ticket"})
    first_replied_at = DateTime(allow_none=True, metadata={"description": "when staff first replied, or null"})
    resolved_at = DateTime(allow_none=True, metadata={"description": "when it was resolved, or null"})
    closed_at = DateTime(allow_none=True, metadata={"description": "when it was closed, or null"})
    chat = fields.Nested(ChatReadState, metadata={"description": "your unread messages and read mark"})


class TicketQuery(PageQuery):
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "staff")), metadata={
        "description": "mine: the tickets you see as a customer (your organisations'); staff: those you answer"})
    status = CommaList(STATUSES, metadata={"description": "the tickets in these statuses, comma-separated"})
    department_id = fields.UUID(metadata={"description": "only the tickets sent to this department"})
    object_id = fields.UUID(metadata={"description": "only the tickets about this object"})
    organisation_id = fields.UUID(metadata={"description": "only the tickets of this organisation"})
    assignee_id = fields.UUID(metadata={"description": "only the tickets assigned to this agent"})
    number = fields.Integer(validate=validate.Range(min=1, max=2**63 - 1),
                            metadata={"description": "only the ticket with this number"})
    from_ = fields.DateTime(data_key="from", metadata={"description": "created at or after (ISO 8601, with zone)"})
    to = fields.DateTime(metadata={"description": "created before"})
    archive = fields.Boolean(load_default=False, metadata={
        "description": "the archive: closed tickets only (without it and `status`, `mine` shows the open ones)"})

    @validates_schema
    def period(self, data, **kwargs):
        for key in ("from_", "to"):
            if data.get(key) is not None and data[key].tzinfo is None:
                raise ValidationError("Give a time zone.", "from" if key == "from_" else key)
        if data.get("from_") and data.get("to") and data["to"] <= data["from_"]:
            raise ValidationError("The period ends before it starts.", "to")

    @post_load
    def ids(self, data, **kwargs):
        if "from_" in data:
            data["from"] = data.pop("from_")
        return _strip_uuids(data, "department_id", "object_id", "organisation_id", "assignee_id")


class TicketPage(page_of(TicketSummary)):
    total = fields.Integer(metadata={"description": "the tickets that match, counted up to 200 (or up to this page's "
                                                    "last ticket): with `total_exact` false more than this match",
                                           "example": 3})
    total_exact = fields.Boolean(metadata={"description": "false: the count stopped at `total`; more tickets match "
                                                          "(narrow the filters, or page on until a short page)",
                                           "example": True})


class TicketUpdate(Strict):
    status = fields.String(validate=validate.OneOf(("in_progress", "awaiting_customer", "resolved", "closed")),
                           metadata={"description": "through the state machine (409 ticket_transition_not_allowed)"})
    assignee_id = fields.UUID(allow_none=True, metadata={"description": "an agent of the department; null: nobody"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "assignee_id")



# --- chat (S3) --------------------------------------------------------------------------------

class TicketMessagePost(Strict):
    text = fields.String(load_default="", validate=validate.Length(max=4000),
                         metadata={"description": "the message (may be empty when files are attached)"})
    attachment_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=5),
                                 metadata={"description": "at most 5 files from POST /support/attachments"})

    @validates_schema
    def something(self, data, **kwargs):
        if not (data.get("text") or "").strip() and not data.get("attachment_ids"):
            raise ValidationError("Write a text or attach a file.", "text")

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "attachment_ids")


class ChatReadRequest(Strict):
    message_id = fields.UUID(metadata={"description": "read up to this message (default: the latest)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "message_id")


class MessageAuthor(Lenient):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True, metadata={"description": "the author's full name (null: the system)"})
    kind = fields.String(metadata={"description": "client | staff | system"})


class TicketRef(Lenient):
    number = fields.Integer(metadata={"description": "the ticket's number"})
    subject = fields.String(metadata={"description": "the ticket's subject"})


class TicketMessageOut(Lenient):
    id = fields.String()
    seq = fields.Integer(metadata={"description": "the message's place in the chat, from 1"})
    text = fields.String(metadata={"description": "the message"})
    author = fields.Nested(MessageAuthor, metadata={"description": "who wrote it"})
    created_at = DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut), metadata={"description": "the files attached"})
    ticket = fields.Nested(TicketRef, metadata={"description": "in the all-messages view"})


class TicketMessagePage(page_of(TicketMessageOut)):
    unread = fields.Integer(metadata={"description": "your unread messages (of the ticket, or of all your tickets)"})
    last_read_seq = fields.Integer()


class AllMessagesQuery(PageQuery):
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "staff")),
                          metadata={"description": "mine: the messages of your tickets; staff: of the tickets you answer"})



# --- the completed-works act (S5) ---------------------------------------------------------------

class ActWorkIn(Strict):
    name = fields.String(required=True, validate=[Filled, validate.Length(max=300)],
                         metadata={"description": "the work done, as the act lists it"})
    quantity = fields.Decimal(required=True, as_string=True, places=None,
                              metadata={"description": "a positive number with at most three decimals, e.g. 1.5"})
    unit = fields.String(required=True, validate=[Filled, validate.Length(max=20)], metadata={"description": "ч, шт, усл."})
    price = fields.Integer(required=True, validate=validate.Range(min=0, max=10**12), metadata={"description": "kopecks"})


class ActIssue(Strict):
    works = fields.List(fields.Nested(ActWorkIn), required=True, validate=validate.Length(min=1, max=100),
                        metadata={"description": "the works done (1–100 lines)"})


class ActWorkOut(Lenient):
    position = fields.Integer()
    name = fields.String(metadata={"description": "the work done"})
    quantity = fields.String(metadata={"description": "how much"})
    unit = fields.String(metadata={"description": "its unit (шт, ч…)"})
    price = fields.Integer(metadata={"description": "the price per unit, in kopecks"})
    amount = fields.Integer(metadata={"description": "price × quantity, kopecks"})


class ActView(Lenient):
    works = fields.List(fields.Nested(ActWorkOut),
                        metadata={"description": "the works done, with quantities and prices"})
    total = fields.Integer(metadata={"description": "the act's total, in kopecks"})
    currency = fields.String()
    issued_by = fields.Nested(TicketPerson, metadata={"description": "who recorded the works"})
    issued_at = DateTime(metadata={"description": "when the works were recorded"})
    accepted_by = fields.Nested(TicketPerson, allow_none=True,
                                metadata={"description": "the customer who accepted the act, or null"})
    accepted_at = DateTime(allow_none=True, metadata={"description": "when it was accepted, or null"})
    frozen = fields.Boolean(metadata={"description": "accepted: the works cannot change"})



# --- client analytics (S6) --------------------------------------------------------------------

class AnalyticsQuery(Strict):
    from_ = fields.DateTime(data_key="from", metadata={"description": "created at or after (default: 30 days before `to`)"})
    to = fields.DateTime(metadata={"description": "created before (default: now)"})
    group = fields.String(load_default="day", validate=validate.OneOf(("day", "week", "month")),
                          metadata={"description": "how `created` is grouped (UTC; weeks start on Monday)"})
    organisation_id = fields.UUID(metadata={"description": "one of your organisations (staff: any)"})
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "staff")),
                          metadata={"description": "mine: your organisations' tickets; staff: the tickets of your departments (admins: all)"})

    @validates_schema
    def period(self, data, **kwargs):
        for key in ("from_", "to"):
            if data.get(key) is not None and data[key].tzinfo is None:
                raise ValidationError("Give a time zone.", "from" if key == "from_" else key)
        since, until = data.get("from_"), data.get("to")
        if since and until and until <= since:
            raise ValidationError("The period ends before it starts.", "to")
        if since and until and (until - since).days > 3 * 366:
            raise ValidationError("At most three years.", "to")

    @post_load
    def ids(self, data, **kwargs):
        if "from_" in data:
            data["from"] = data.pop("from_")
        return _strip_uuids(data, "organisation_id")


class StatusCount(Lenient):
    status = fields.String(metadata={"description": "the ticket status"})
    label = fields.String(metadata={"description": "the status in the caller's language"})
    count = fields.Integer(metadata={"description": "how many tickets"})


class ObjectCount(Lenient):
    object = fields.Nested(NamedEntry, allow_none=True, metadata={"description": "null: tickets without an object"})
    count = fields.Integer(metadata={"description": "how many tickets"})


class PeriodCount(Lenient):
    period_start = fields.String(metadata={"description": "YYYY-MM-DD (UTC)"})
    count = fields.Integer(metadata={"description": "how many tickets were created in the period"})


class ResolutionTimes(Lenient):
    resolved = fields.Integer(metadata={"description": "how many tickets were resolved"})
    average_seconds = fields.Integer(allow_none=True,
                                     metadata={"description": "their average time to resolution, in seconds (null: none resolved)"})
    p90_seconds = fields.Integer(allow_none=True, metadata={"description": "90th percentile (nearest rank)"})


class OverdueShare(Lenient):
    with_deadline = fields.Integer(metadata={"description": "the tickets that had a deadline"})
    overdue = fields.Integer(metadata={"description": "resolved after the deadline, or open past it"})
    share = fields.Float(metadata={"description": "overdue / with_deadline, from 0 to 1"})


class AnalyticsReport(Lenient):
    from_ = fields.String(data_key="from", metadata={"description": "the period's start"})
    to = fields.String(metadata={"description": "the period's end"})
    group = fields.String(metadata={"description": "how `created` is grouped: day, week or month"})
    total = fields.Integer(metadata={"description": "tickets created in the period"})
    by_status = fields.List(fields.Nested(StatusCount), metadata={"description": "tickets per status"})
    by_object = fields.List(fields.Nested(ObjectCount), metadata={"description": "tickets per object"})
    created = fields.List(fields.Nested(PeriodCount),
                          metadata={"description": "tickets created per day, week or month"})
    resolution = fields.Nested(ResolutionTimes,
                               metadata={"description": "average and 90th-percentile resolution time"})
    overdue = fields.Nested(OverdueShare, metadata={"description": "the share resolved after their deadline"})



# --- the Telegram support bot (S7) ------------------------------------------------------------

class SupportTelegramUpdate(Strict):
    username = fields.String(allow_none=True, validate=validate.Regexp(r"^@?[A-Za-z0-9_]{5,32}$"),
                             metadata={"description": "your Telegram username (without @); null: unlink"})
    enabled = fields.Boolean(load_default=True, metadata={"description": "«Включить работу с поддержкой»"})


class SupportTelegramLink(Lenient):
    username = fields.String(allow_none=True, metadata={"description": "your Telegram username, or null"})
    enabled = fields.Boolean(metadata={"description": "support through Telegram is on"})
    status = fields.String(metadata={"description": "needs_setup | configuring | confirmed (after /start)"})
    status_label = fields.String(metadata={
        "description": "the status in the caller's language (manual 004: «Требуется настройка», «Настраивается», «Подтверждено»)"})
    bot_username = fields.String(allow_none=True, metadata={"description": "the support bot to send /start to"})
    confirmed_at = DateTime(allow_none=True, metadata={"description": "when the bot confirmed the link, or null"})


class BotUpdateIn(Lenient):
    """A Telegram Update as posted to the webhook (only what the bot reads is checked)."""

    update_id = fields.Integer(required=True)
    message = fields.Dict()
    callback_query = fields.Dict()


class BotAnswer(Lenient):
    handled = fields.Boolean()
    replies = fields.Integer()
