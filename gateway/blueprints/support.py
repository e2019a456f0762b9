"""Support endpoints (S1–S8): departments and the reference data clients pick from,
tickets, their chat and attachments, statuses and the archive, the completed-works act,
client analytics and the Telegram support bot's webhook."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

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
    ok = fields.Boolean()


# --- reference data --------------------------------------------------------------------

@blp.route("/support/departments", methods=["GET"])
@secured
@blp.arguments(schemas.ReferenceQuery, location="query")
@blp.response(200, schemas.DepartmentList)
def list_departments(_):
    """Where a ticket can go (manual 004 «Выберите отдел»); staff also see each one's agents."""
    return rpc("support", "list_departments", query())


@blp.route("/support/departments", methods=["POST"])
@secured
@blp.arguments(schemas.DepartmentCreate)
@blp.response(201, schemas.Department)
def create_department(_):
    """Admin: a department, its agents and the HubEx fields its tickets must have."""
    return rpc("support", "create_department", body())


@blp.route("/support/departments/<uuid:department_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.DepartmentUpdate)
@blp.response(200, schemas.Department)
def update_department(_, department_id):
    """Admin: rename, reorder, retire (`active: false`), change agents or required fields."""
    return rpc("support", "update_department", str(department_id), body())


def _reference_routes(path: str, kind: str, title: str) -> None:
    """GET/POST ``/support/<path>`` and PATCH ``/support/<path>/{id}`` for one reference list."""

    @blp.route("/support/" + path, methods=["GET"], endpoint="list_" + kind)
    @secured
    @blp.arguments(schemas.ReferenceQuery, location="query")
    @blp.response(200, schemas.ReferenceList)
    def list_entries(_):
        return rpc("support", "list_references", kind, query())

    list_entries.__doc__ = "{} a ticket form offers.".format(title)

    @blp.route("/support/" + path, methods=["POST"], endpoint="create_" + kind)
    @secured
    @blp.arguments(schemas.REFERENCE_CREATE[kind])
    @blp.response(201, schemas.Reference)
    def create_entry(_):
        return rpc("support", "create_reference", kind, body())

    create_entry.__doc__ = "Admin: a new entry of {}.".format(title.lower())

    @blp.route("/support/{}/<uuid:ref_id>".format(path), methods=["PATCH"], endpoint="update_" + kind)
    @secured
    @blp.arguments(schemas.REFERENCE_UPDATE[kind])
    @blp.response(200, schemas.Reference)
    def update_entry(_, ref_id):
        return rpc("support", "update_reference", kind, str(ref_id), body())

    update_entry.__doc__ = "Admin: rename, reorder or retire (`active: false`) an entry of {}.".format(title.lower())


_reference_routes("ticket-types", "ticket_types", "Ticket types (Заявка на ремонт, Гарантийный ремонт, Задача…)")
_reference_routes("work-types", "work_types", "Work types (Ремонт, Монтаж, Диагностика…)")
_reference_routes("criticalities", "criticalities",
                  "Criticalities (Срочная, Несрочная…) with their SLA: minutes to the first reply and to the resolution")


# --- customer organisations, objects, contracts ---------------------------------------------

@blp.route("/support/organisations", methods=["GET"])
@secured
@blp.response(200, schemas.OrganisationList)
def list_organisations():
    """The customer organisations you belong to (identity's companies); staff: all known."""
    return rpc("support", "list_organisations")


@blp.route("/support/organisations/<uuid:organisation_id>/objects", methods=["GET"])
@secured
@blp.arguments(schemas.ReferenceQuery, location="query")
@blp.response(200, schemas.ObjectList)
def list_objects(_, organisation_id):
    """The organisation's objects and equipment (members and staff; others get 404)."""
    return rpc("support", "list_objects", str(organisation_id), query())


@blp.route("/support/organisations/<uuid:organisation_id>/objects", methods=["POST"])
@secured
@blp.arguments(schemas.ObjectCreate)
@blp.response(201, schemas.SupportObject)
def create_object(_, organisation_id):
    """Admin: an object of the organisation (`organisation_id`: one of identity's companies)."""
    return rpc("support", "create_object", str(organisation_id), body())


@blp.route("/support/objects/<uuid:object_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ObjectUpdate)
@blp.response(200, schemas.SupportObject)
def update_object(_, object_id):
    return rpc("support", "update_object", str(object_id), body())


@blp.route("/support/organisations/<uuid:organisation_id>/contracts", methods=["GET"])
@secured
@blp.arguments(schemas.ContractQuery, location="query")
@blp.response(200, schemas.ContractList)
def list_contracts(_, organisation_id):
    """The organisation's contracts; `object_id`: those covering that object."""
    return rpc("support", "list_contracts", str(organisation_id), query())


@blp.route("/support/organisations/<uuid:organisation_id>/contracts", methods=["POST"])
@secured
@blp.arguments(schemas.ContractCreate)
@blp.response(201, schemas.Contract)
def create_contract(_, organisation_id):
    """Admin: a contract of the organisation covering some of its objects."""
    return rpc("support", "create_contract", str(organisation_id), body())


@blp.route("/support/contracts/<uuid:contract_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ContractUpdate)
@blp.response(200, schemas.Contract)
def update_contract(_, contract_id):
    return rpc("support", "update_contract", str(contract_id), body())


# --- tickets (S1, S2) ---------------------------------------------------------------------

@blp.route("/support/tickets", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TicketCreate)
@blp.response(201, schemas.TicketView)
def create_ticket(_):
    """S1: manual 004's short form (`department_id`, `subject`, `message`, optional `service_id`
    and files) or HubEx's full one; the department's `required_fields` say which HubEx fields
    must be there. The deadline comes from the criticality's SLA (or the default one). Send an
    `Idempotency-Key`: a retried request gets the same ticket."""
    return rpc("support", "create_ticket", body(), idempotency_key())


@blp.route("/support/tickets", methods=["GET"])
@secured
@blp.arguments(schemas.TicketQuery, location="query")
@blp.response(200, schemas.TicketPage)
def list_tickets(_):
    """S2: newest first with deadlines and statuses. `scope=mine` (default): every ticket of
    your organisations (a colleague's too); `scope=staff`: the tickets of your departments and
    those assigned to you (admins: all). Filters: `status`, `department_id`, `object_id`,
    `organisation_id`, `assignee_id`, `number`, `from`/`to` (created)."""
    return rpc("support", "list_tickets", query())


@blp.route("/support/tickets/<int:number>", methods=["PATCH"])
@secured
@blp.arguments(schemas.TicketUpdate)
@blp.response(200, schemas.TicketView)
def update_ticket(_, number):
    """Staff answering the ticket: change its `status` through the state machine (409
    `ticket_transition_not_allowed`) and assign it to an agent of its department."""
    return rpc("support", "update_ticket", number, body())


@blp.route("/support/tickets/<int:number>/archive", methods=["POST"])
@secured
@blp.response(200, schemas.TicketView)
def archive_ticket(number):
    """S4, manual 004: the customer puts a resolved ticket («Ожидает вашего ответа») in the
    archive (`GET /support/tickets?archive=true`); otherwise 409 `ticket_transition_not_allowed`."""
    return rpc("support", "archive_ticket", number)


@blp.route("/support/tickets/<int:number>", methods=["GET"])
@secured
@blp.response(200, schemas.TicketView)
def get_ticket(number):
    """The ticket (its client side and staff; anyone else 404)."""
    return rpc("support", "get_ticket", number)


# --- chat (S3) -----------------------------------------------------------------------------

@blp.route("/support/tickets/<int:number>/messages", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.TicketMessagePage)
def list_messages(_, number):
    """The ticket's chat, newest first, with your unread count."""
    return rpc("support", "list_messages", number, query())


@blp.route("/support/tickets/<int:number>/messages", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TicketMessagePost)
@blp.response(201, schemas.TicketMessageOut)
def post_message(_, number):
    """Write in the ticket's chat (`attachment_ids`: at most 5 from POST /support/attachments).
    Send an `Idempotency-Key`: a retried request posts nothing twice."""
    return rpc("support", "post_message", number, body(), idempotency_key())


@blp.route("/support/tickets/<int:number>/messages/read", methods=["POST"])
@secured
@blp.arguments(schemas.ChatReadRequest)
@blp.response(200, schemas.ChatReadState)
def mark_read(_, number):
    """Mark the chat read up to a message (default: the latest)."""
    return rpc("support", "mark_read", number, body())


@blp.route("/support/messages", methods=["GET"])
@secured
@blp.arguments(schemas.AllMessagesQuery, location="query")
@blp.response(200, schemas.TicketMessagePage)
def all_messages(_):
    """Manual 003 «Сообщения»: every message of your tickets, newest first, each with its
    ticket, and your unread total (`scope=staff`: of the tickets you answer)."""
    return rpc("support", "all_messages", query())


# --- the completed-works act (S5) -------------------------------------------------------------

@blp.route("/support/tickets/<int:number>/act", methods=["GET"])
@secured
@blp.response(200, schemas.ActView)
def get_act(number):
    """Manual 003 «Акт выполненных работ»: the works and totals (404 `act_not_found` before any)."""
    return rpc("support", "get_act", number)


@blp.route("/support/tickets/<int:number>/act", methods=["POST"])
@secured
@blp.arguments(schemas.ActIssue)
@blp.response(200, schemas.ActView)
def issue_act(_, number):
    """Staff answering the ticket record the works (the list replaces the previous one); 409
    `act_accepted` once the customer accepted the act."""
    return rpc("support", "issue_act", number, body())


@blp.route("/support/tickets/<int:number>/act/pdf", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/pdf", description="the act, A4, in Russian, its font embedded")
def act_pdf(number):
    return binary(rpc("support", "act_pdf", number), "Акт-{}.pdf".format(number))


@blp.route("/support/tickets/<int:number>/act/accept", methods=["POST"])
@secured
@blp.response(200, schemas.ActView)
def accept_act(number):
    """The customer accepts the act (who and when are kept); after that it is frozen."""
    return rpc("support", "accept_act", number)


# --- client analytics (S6) ---------------------------------------------------------------------

@blp.route("/support/analytics", methods=["GET"])
@secured
@blp.arguments(schemas.AnalyticsQuery, location="query")
@blp.response(200, schemas.AnalyticsReport)
def client_report(_):
    """Manual 003 «Аналитика – Отчет для клиента»: for the tickets of your organisations created
    in `from`–`to`: counts by status and by object, created per `group` (day, week, month),
    average and 90th-percentile resolution time, the overdue share. Computed by the database."""
    return rpc("support", "client_report", query())


# --- the Telegram support bot (S7) ------------------------------------------------------------

@blp.route("/support/telegram", methods=["GET"])
@secured
@blp.response(200, schemas.SupportTelegramLink)
def get_telegram_link():
    """Manual 004 «Настройка работы с Telegram», the support bot: your username and whether
    support through Telegram is on."""
    return rpc("support", "get_telegram_link")


@blp.route("/support/telegram", methods=["PUT"])
@secured
@blp.arguments(schemas.SupportTelegramUpdate)
@blp.response(200, schemas.SupportTelegramLink)
def set_telegram_link(_):
    """Give your Telegram username (without @) and turn support on, then send /start to the
    support bot (`bot_username`): the status goes needs_setup → configuring → confirmed."""
    return rpc("support", "set_telegram_link", body())


@blp.route("/support/telegram/webhook", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.response(200, SupportWebhookAnswer)
def telegram_webhook():
    """Telegram's webhook for the support bot (no bearer token: Telegram sends the secret
    token given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`)."""
    rpc("support", "telegram_update", request.get_json(silent=True) or {}, request.headers.get(TELEGRAM_SECRET_HEADER))
    return {"ok": True}


# --- attachments ------------------------------------------------------------------------------

@blp.route("/support/attachments", methods=["POST"])
@secured
@blp.arguments(UploadForm, location="files")
@blp.response(201, schemas.AttachmentOut)
def upload_attachment(files):
    """Upload a file (multipart field `file`, the same checks as every attachment); send it
    with a ticket or a message by its id."""
    return rpc("support", "upload_attachment", upload_payload(files))


@blp.route("/support/attachments/<uuid:attachment_id>", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/octet-stream",
              description="the file (the uploader, then the ticket's client side and staff)")
def get_attachment(attachment_id):
    return download(rpc("support", "get_attachment", str(attachment_id)))
