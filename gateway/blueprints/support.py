"""Support endpoints (S1–S8): departments and the reference data clients pick from,
tickets, their chat and attachments, statuses and the archive, the completed-works act,
client analytics and the Telegram support bot's webhook."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway import examples
from gateway.auth import secured_by
from gateway.openapi import BINARY
from gateway.calls import body, idempotency_key, query, rpc
from gateway.limits import idempotent, rate_limited
from gateway.uploads import UploadForm, binary, download, upload_payload
from kit.schemas import PageQuery
from services.support import schemas

blp = Blueprint("support", __name__, url_prefix="/api/v1",
                description="Support tickets: departments, SLA, chat, act, analytics, Telegram (S1–S8)")

secured = secured_by(blp)
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class SupportWebhookAnswer(Schema):
    ok = fields.Boolean(metadata={"description": "always true: Telegram needs no more"})


# --- reference data --------------------------------------------------------------------

@blp.route("/support/departments", methods=["GET"])
@secured
@blp.arguments(schemas.ReferenceQuery, location="query")
@blp.response(200, schemas.DepartmentList)
def list_departments(_):
    """List support departments

    Signed in: where a ticket can go (manual 004 «Выберите отдел»), active ones unless asked
    otherwise; staff also see each one's agents and required fields. Changes nothing. Problems:
    422 `validation_failed`."""
    return rpc("support", "list_departments", query())


@blp.route("/support/departments", methods=["POST"])
@secured
@blp.arguments(schemas.DepartmentCreate, example=examples.DEPARTMENT_CREATE)
@blp.response(201, schemas.Department, example=examples.DEPARTMENT)
def create_department(_):
    """Create a support department

    Administrators: a department, its agents and the HubEx fields its tickets must have.
    Problems: 403 `admin_only`, 409 `name_taken`, 422 `validation_failed`, `unknown_field`."""
    return rpc("support", "create_department", body())


@blp.route("/support/departments/<uuid:department_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.DepartmentUpdate, example=examples.DEPARTMENT_UPDATE)
@blp.response(200, schemas.Department, example=examples.DEPARTMENT)
def update_department(_, department_id):
    """Change a support department

    Administrators: rename, reorder, retire (`active: false`), change agents or required
    fields; tickets already sent keep their department. Problems: 403 `admin_only`, 404
    `department_not_found`, 409 `name_taken`, 422 `validation_failed`, `unknown_field`."""
    return rpc("support", "update_department", str(department_id), body())


def _reference_routes(path: str, kind: str, title: str) -> None:
    """GET/POST ``/support/<path>`` and PATCH ``/support/<path>/{id}`` for one reference list."""

    @blp.route("/support/" + path, methods=["GET"], endpoint="list_" + kind)
    @secured
    @blp.doc(summary="List " + title.split(" (")[0].lower(), description=(
        "Signed in: {} a ticket form offers, active ones unless asked otherwise, in their order. "
        "Changes nothing. Problems: 422 `validation_failed`.").format(title))
    @blp.arguments(schemas.ReferenceQuery, location="query")
    @blp.response(200, schemas.ReferenceList)
    def list_entries(_):
        return rpc("support", "list_references", kind, query())

    @blp.route("/support/" + path, methods=["POST"], endpoint="create_" + kind)
    @secured
    @blp.doc(summary="Create an entry of " + title.split(" (")[0].lower(), description=(
        "Administrators: a new entry of {}; ticket forms offer it at once. Problems: 403 "
        "`admin_only`, 409 `name_taken`, 422 `validation_failed`.").format(title[0].lower() + title[1:]))
    @blp.arguments(schemas.REFERENCE_CREATE[kind], example=examples.REFERENCE_CREATES[kind])
    @blp.response(201, schemas.Reference, example=examples.REFERENCES[kind])
    def create_entry(_):
        return rpc("support", "create_reference", kind, body())

    @blp.route("/support/{}/<uuid:ref_id>".format(path), methods=["PATCH"], endpoint="update_" + kind)
    @secured
    @blp.doc(summary="Change an entry of " + title.split(" (")[0].lower(), description=(
        "Administrators: rename, reorder or retire (`active: false`) an entry of {}; tickets "
        "that name it keep it. Problems: 403 `admin_only`, 404 `reference_not_found`, 409 "
        "`name_taken`, 422 `validation_failed`.").format(title[0].lower() + title[1:]))
    @blp.arguments(schemas.REFERENCE_UPDATE[kind], example=examples.REFERENCE_UPDATES[kind])
    @blp.response(200, schemas.Reference, example=examples.REFERENCES[kind])
    def update_entry(_, ref_id):
        return rpc("support", "update_reference", kind, str(ref_id), body())


_reference_routes("ticket-types", "ticket_types", "Ticket types (Заявка на ремонт, Гарантийный ремонт, Задача…)")
_reference_routes("work-types", "work_types", "Work types (Ремонт, Монтаж, Диагностика…)")
_reference_routes("criticalities", "criticalities",
                  "Criticalities (Срочная, Несрочная…) with their SLA: minutes to the first reply and to the resolution")


# --- customer organisations, objects, contracts ---------------------------------------------

@blp.route("/support/organisations", methods=["GET"])
@secured
@blp.response(200, schemas.OrganisationList)
def list_organisations():
    """List customer organisations

    Signed in: the customer organisations you belong to (identity's companies); staff: all
    known. Changes nothing."""
    return rpc("support", "list_organisations")


@blp.route("/support/organisations/<uuid:organisation_id>/objects", methods=["GET"])
@secured
@blp.arguments(schemas.ReferenceQuery, location="query")
@blp.response(200, schemas.ObjectList)
def list_objects(_, organisation_id):
    """List an organisation's objects

    The organisation's members and staff: its objects and equipment, to name on a ticket.
    Changes nothing. Problems: 404 `organisation_not_found` (also when you are not a member),
    422 `validation_failed`."""
    return rpc("support", "list_objects", str(organisation_id), query())


@blp.route("/support/organisations/<uuid:organisation_id>/objects", methods=["POST"])
@secured
@blp.arguments(schemas.ObjectCreate, example=examples.OBJECT_CREATE)
@blp.response(201, schemas.SupportObject, example=examples.SUPPORT_OBJECT)
def create_object(_, organisation_id):
    """Create an organisation's object

    Administrators: an object of the organisation (`organisation_id`: one of identity's
    companies), with its address and equipment. Problems: 403 `admin_only`, 404
    `organisation_not_found`, 409 `name_taken`, 422 `validation_failed`."""
    return rpc("support", "create_object", str(organisation_id), body())


@blp.route("/support/objects/<uuid:object_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ObjectUpdate, example=examples.OBJECT_UPDATE)
@blp.response(200, schemas.SupportObject, example=examples.SUPPORT_OBJECT)
def update_object(_, object_id):
    """Change an object

    Administrators: rename it, change its address or equipment, retire it (`active: false`).
    Problems: 403 `admin_only`, 404 `object_not_found`, 409 `name_taken`, 422
    `validation_failed`."""
    return rpc("support", "update_object", str(object_id), body())


@blp.route("/support/organisations/<uuid:organisation_id>/contracts", methods=["GET"])
@secured
@blp.arguments(schemas.ContractQuery, location="query")
@blp.response(200, schemas.ContractList)
def list_contracts(_, organisation_id):
    """List an organisation's contracts

    The organisation's members and staff: its service contracts; `object_id`: those covering
    that object. Changes nothing. Problems: 404 `organisation_not_found`, 422
    `validation_failed`."""
    return rpc("support", "list_contracts", str(organisation_id), query())


@blp.route("/support/organisations/<uuid:organisation_id>/contracts", methods=["POST"])
@secured
@blp.arguments(schemas.ContractCreate, example=examples.CONTRACT_CREATE)
@blp.response(201, schemas.Contract, example=examples.CONTRACT)
def create_contract(_, organisation_id):
    """Create a service contract

    Administrators: a contract of the organisation covering some of its objects. Problems: 403
    `admin_only`, 404 `organisation_not_found`, 409 `name_taken`, 422
    `object_not_of_organisation`, `validation_failed`."""
    return rpc("support", "create_contract", str(organisation_id), body())


@blp.route("/support/contracts/<uuid:contract_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ContractUpdate, example=examples.CONTRACT_UPDATE)
@blp.response(200, schemas.Contract, example=examples.CONTRACT)
def update_contract(_, contract_id):
    """Change a service contract

    Administrators: its number, dates, the objects it covers, or retire it (`active: false`).
    Problems: 403 `admin_only`, 404 `contract_not_found`, 409 `name_taken`, 422
    `object_not_of_organisation`, `validation_failed`."""
    return rpc("support", "update_contract", str(contract_id), body())


# --- tickets (S1, S2) ---------------------------------------------------------------------

@blp.route("/support/tickets", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TicketCreate, example=examples.TICKET_CREATE)
@blp.response(201, schemas.TicketView, example=examples.TICKET)
def create_ticket(_):
    """Send a support ticket

    Signed in (S1): manual 004's short form (`department_id`, `subject`, `message`, optional
    `service_id` and files) or HubEx's full one; the department's `required_fields` say which
    HubEx fields must be there. The ticket is `new`, its deadline comes from the criticality's
    SLA (or the default one), and the department's agents are notified. Send an
    `Idempotency-Key`: a retried request gets the same ticket. Problems: 404
    `department_not_found`, `reference_not_found`, `attachment_not_found`, 422
    `fields_required`, `organisation_not_yours`, `object_not_of_organisation`,
    `contract_not_of_organisation`, `contract_does_not_cover_object`, `too_many_files`,
    `validation_failed`."""
    return rpc("support", "create_ticket", body(), idempotency_key())


@blp.route("/support/tickets", methods=["GET"])
@secured
@blp.arguments(schemas.TicketQuery, location="query")
@blp.response(200, schemas.TicketPage)
def list_tickets(_):
    """List support tickets

    Signed in (S2): newest first with deadlines and statuses. `scope=mine` (default): every
    ticket of your organisations (a colleague's too); `scope=staff`: the tickets of your
    departments and those assigned to you (admins: all). Filters: `status`, `department_id`,
    `object_id`, `organisation_id`, `assignee_id`, `number`, `from`/`to` (created), `archive`. `total` is counted up
    to 200 tickets (or to this page's last one); `total_exact: false` says more match.
    Changes nothing. Problems: 403 `staff_only`, 422 `validation_failed`."""
    return rpc("support", "list_tickets", query())


@blp.route("/support/tickets/<int:number>", methods=["PATCH"])
@secured
@blp.arguments(schemas.TicketUpdate, example=examples.TICKET_UPDATE)
@blp.response(200, schemas.TicketView, example=examples.TICKET)
def update_ticket(_, number):
    """Change a ticket's status or assignee

    Staff answering the ticket: change its `status` through the state machine and assign it
    to an agent of its department; the customer is notified. Problems: 403 `staff_only`, 404
    `ticket_not_found`, 409 `ticket_transition_not_allowed`, `ticket_closed`, 422
    `validation_failed`."""
    return rpc("support", "update_ticket", number, body())


@blp.route("/support/tickets/<int:number>/archive", methods=["POST"])
@secured
@blp.response(200, schemas.TicketView, example=examples.ARCHIVED_TICKET)
def archive_ticket(number):
    """Archive a resolved ticket

    The customer (S4, manual 004): a resolved ticket («Ожидает вашего ответа») goes to the
    archive (`GET /support/tickets?archive=true`). Problems: 403 `customer_only`, 404
    `ticket_not_found`, 409 `ticket_transition_not_allowed`."""
    return rpc("support", "archive_ticket", number)


@blp.route("/support/tickets/<int:number>", methods=["GET"])
@secured
@blp.response(200, schemas.TicketView, example=examples.TICKET)
def get_ticket(number):
    """Read a support ticket

    Its client side (the organisation's members) and staff: the ticket with its fields,
    deadline, status and history. Changes nothing. Problems: 404 `ticket_not_found` (anyone
    else)."""
    return rpc("support", "get_ticket", number)


# --- chat (S3) -----------------------------------------------------------------------------

@blp.route("/support/tickets/<int:number>/messages", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.TicketMessagePage, example=examples.TICKET_MESSAGE_PAGE)
def list_messages(_, number):
    """List a ticket's chat

    The ticket's client side and staff: its messages, newest first, with attachments and your
    unread count. Changes nothing. Problems: 404 `ticket_not_found`, 422 `validation_failed`."""
    return rpc("support", "list_messages", number, query())


@blp.route("/support/tickets/<int:number>/messages", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TicketMessagePost, example=examples.TICKET_MESSAGE_POST)
@blp.response(201, schemas.TicketMessageOut, example=examples.TICKET_MESSAGE)
def post_message(_, number):
    """Write in a ticket's chat

    The ticket's client side and staff: a text and at most 5 files from
    `POST /support/attachments`; the other side is notified. Send an `Idempotency-Key`: a
    retried request posts nothing twice. Problems: 404 `ticket_not_found`,
    `attachment_not_found`, 409 `ticket_closed`, 422 `too_many_files`, `validation_failed`."""
    return rpc("support", "post_message", number, body(), idempotency_key())


@blp.route("/support/tickets/<int:number>/messages/read", methods=["POST"])
@secured
@blp.arguments(schemas.ChatReadRequest, example=examples.CHAT_READ_REQUEST)
@blp.response(200, schemas.ChatReadState, example=examples.CHAT_READ_STATE)
def mark_read(_, number):
    """Mark a ticket's chat read

    The ticket's client side and staff: read up to a message (default: the latest); your unread
    count drops. Problems: 404 `ticket_not_found`, `message_not_found`, 422
    `validation_failed`."""
    return rpc("support", "mark_read", number, body())


@blp.route("/support/messages", methods=["GET"])
@secured
@blp.arguments(schemas.AllMessagesQuery, location="query")
@blp.response(200, schemas.TicketMessagePage, example=examples.TICKET_MESSAGE_PAGE)
def all_messages(_):
    """List all my tickets' messages

    Signed in (manual 003 «Сообщения»): every message of your tickets, newest first, each with
    its ticket, and your unread total (`scope=staff`: of the tickets you answer). Changes
    nothing. Problems: 403 `staff_only`, 422 `validation_failed`."""
    return rpc("support", "all_messages", query())


# --- the completed-works act (S5) -------------------------------------------------------------

@blp.route("/support/tickets/<int:number>/act", methods=["GET"])
@secured
@blp.response(200, schemas.ActView, example=examples.ACT)
def get_act(number):
    """Read a ticket's completed-works act

    The ticket's client side and staff (manual 003 «Акт выполненных работ»): the works,
    quantities, prices and totals, and whether the customer accepted it. Changes nothing.
    Problems: 404 `ticket_not_found`, `act_not_found` (no works recorded yet)."""
    return rpc("support", "get_act", number)


@blp.route("/support/tickets/<int:number>/act", methods=["POST"])
@secured
@blp.arguments(schemas.ActIssue)
@blp.response(200, schemas.ActView, example=examples.ACT)
def issue_act(_, number):
    """Record a ticket's completed works

    Staff answering the ticket: the list of works replaces the previous one; the customer is
    notified. Problems: 403 `staff_only`, 404 `ticket_not_found`, 409 `act_accepted` (the
    customer accepted the act: it is frozen), 422 `works_required`, `too_many_works`,
    `quantity_invalid`, `validation_failed`."""
    return rpc("support", "issue_act", number, body())


@blp.route("/support/tickets/<int:number>/act/pdf", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/pdf", description="the act, A4, in Russian, its font embedded")
def act_pdf(number):
    """Download a ticket's completed-works act (PDF)

    The ticket's client side and staff: the act, A4, in Russian, its font embedded. Changes
    nothing. Problems: 404 `ticket_not_found`, `act_not_found`."""
    return binary(rpc("support", "act_pdf", number), "Акт-{}.pdf".format(number))


@blp.route("/support/tickets/<int:number>/act/accept", methods=["POST"])
@secured
@blp.response(200, schemas.ActView, example=examples.ACCEPTED_ACT)
def accept_act(number):
    """Accept a completed-works act

    The customer (the ticket's client side): who accepted it and when are kept; after that the
    act is frozen. Problems: 403 `customer_only`, 404 `ticket_not_found`, `act_not_found`, 409
    `act_accepted`."""
    return rpc("support", "accept_act", number)


# --- client analytics (S6) ---------------------------------------------------------------------

@blp.route("/support/analytics", methods=["GET"])
@secured
@blp.arguments(schemas.AnalyticsQuery, location="query")
@blp.response(200, schemas.AnalyticsReport, example=examples.ANALYTICS_REPORT)
def client_report(_):
    """The client report

    Signed in (manual 003 «Аналитика – Отчет для клиента»): for the tickets of your
    organisations created in `from`–`to`: counts by status and by object, created per `group`
    (day, week, month), average and 90th-percentile resolution time, the overdue share.
    Changes nothing. Problems: 422 `validation_failed` (a period over three years, or ending
    before it starts)."""
    return rpc("support", "client_report", query())


# --- the Telegram support bot (S7) ------------------------------------------------------------

@blp.route("/support/telegram", methods=["GET"])
@secured
@blp.response(200, schemas.SupportTelegramLink, example=examples.SUPPORT_TELEGRAM_LINK)
def get_telegram_link():
    """Read my support bot link

    Signed in (manual 004 «Настройка работы с Telegram»): your Telegram username for the
    support bot, whether support through Telegram is on, and the link's status. Changes
    nothing."""
    return rpc("support", "get_telegram_link")


@blp.route("/support/telegram", methods=["PUT"])
@secured
@blp.arguments(schemas.SupportTelegramUpdate, example=examples.SUPPORT_TELEGRAM_UPDATE)
@blp.response(200, schemas.SupportTelegramLink, example=examples.SUPPORT_TELEGRAM_LINK)
def set_telegram_link(_):
    """Link my Telegram to the support bot

    Signed in: give your Telegram username (without @) and turn support on, then send /start to
    the support bot (`bot_username`): the status goes needs_setup → configuring → confirmed.
    Every field of the body is optional. Problems: 409 `telegram_username_taken`, 422 `validation_failed`."""
    return rpc("support", "set_telegram_link", body())


@blp.route("/support/telegram/webhook", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.response(200, SupportWebhookAnswer, example=examples.SUPPORT_WEBHOOK_ANSWER)
def telegram_webhook():
    """The support bot's webhook

    Telegram only (no bearer token: Telegram sends the secret token given to setWebhook in
    `X-Telegram-Bot-Api-Secret-Token`): messages to the bot become tickets and chat messages.
    Problems: 401 `telegram_secret_invalid`, 429 `rate_limited`."""
    rpc("support", "telegram_update", request.get_json(silent=True) or {}, request.headers.get(TELEGRAM_SECRET_HEADER))
    return {"ok": True}


# --- attachments ------------------------------------------------------------------------------

@blp.route("/support/attachments", methods=["POST"])
@secured
@blp.arguments(UploadForm, location="files")
@blp.response(201, schemas.AttachmentOut, example=examples.ATTACHMENT)
def upload_attachment(files):
    """Upload a file for a ticket or message

    Signed in: one file (multipart field `file`, the same checks as every attachment); send it
    with a ticket or a message by its id. Problems: 413 `payload_too_large`, 422
    `attachment_too_large`, `validation_failed`."""
    return rpc("support", "upload_attachment", upload_payload(files))


@blp.route("/support/attachments/<uuid:attachment_id>", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="*/*",
              description="the file, in the type it was uploaded with (the uploader, then the ticket's client side and staff)")
def get_attachment(attachment_id):
    """Download a support attachment

    The uploader, then the ticket's client side and staff: the file with its content type and
    name. Changes nothing. Problems: 404 `attachment_not_found`."""
    return download(rpc("support", "get_attachment", str(attachment_id)))
