"""Orders endpoints (O1–O9, O11–O15): catalog, orders, chat and attachments, booking
access and the calendar, event tickets."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway.auth import secured_by
from gateway.openapi import BINARY, TEXT
from gateway.calls import body, idempotency_key, query, rpc
from gateway.exports import CSV_DESCRIPTION, csv_export
from gateway.limits import idempotent
from gateway.uploads import UploadForm, binary, download, upload_payload
from kit.errors import NotFound, ServiceError, ValidationFailed
from kit.schemas import PageQuery
from services.billing import schemas as billing_schemas
from services.orders import schemas

blp = Blueprint("orders", __name__, url_prefix="/api/v1",
                description="Catalog, orders, order chat, booking access, event tickets (O1–O15)")


secured = secured_by(blp)


class LinkDeleted(Schema):
    deleted = fields.Boolean()


# --- catalog (O1) ---------------------------------------------------------------------

@blp.route("/catalog/services", methods=["GET"])
@secured
@blp.arguments(schemas.ServiceQuery, location="query")
@blp.response(200, schemas.ServicePage)
def list_services(_):
    """The catalog; `?client=mobile` cuts the additional services to three."""
    return rpc("orders", "list_services", query())


@blp.route("/catalog/services", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.ServiceCreate)
@blp.response(201, schemas.Service)
def create_service(_):
    """Administrator: a service of one of the seven kinds with its prices and settings."""
    return rpc("orders", "create_service", body())


@blp.route("/catalog/services/<uuid:service_id>", methods=["GET"])
@secured
@blp.arguments(schemas.ClientQuery, location="query")
@blp.response(200, schemas.Service)
def get_service(_, service_id):
    return rpc("orders", "get_service", str(service_id), query())


@blp.route("/catalog/services/<uuid:service_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ServiceUpdate)
@blp.response(200, schemas.Service)
def update_service(_, service_id):
    """Administrator: lists given replace the old ones; settings are merged."""
    return rpc("orders", "update_service", str(service_id), body())


# --- orders (O2–O4, O14) --------------------------------------------------------------

class OrderCreateWithPayment(schemas.OrderCreate):
    payment = fields.Nested(billing_schemas.OrderPayRequest, metadata={
        "description": "pay at once: from the balance, by card (follow `confirmation_url`) or with a "
                       "saved method; `amount` for a prepayment where the service allows one (at least "
                       "its minimum: the order is confirmed once it is credited, the rest is paid later)"})


class PaymentAttempt(Schema):
    payment = fields.Nested(billing_schemas.Payment, allow_none=True)
    error = fields.Dict(allow_none=True, metadata={
        "description": "why the payment was refused (status, code, detail, errors); the order stays "
                       "payable with POST /orders/{number}/pay"})


class CreatedOrder(schemas.OrderView):
    payment_attempt = fields.Nested(PaymentAttempt, allow_none=True)


def _check_own_payer(payer_id: str) -> None:
    """The payer named on an order is one of the caller's account's (billing knows them)."""
    try:
        rpc("billing", "get_payer", payer_id)
    except NotFound:
        raise ValidationFailed("No such payer in your account", code="payer_not_found",
                               errors={"payer_id": ["No such payer."]})


@blp.route("/orders", methods=["POST"])
@secured
@idempotent
@blp.arguments(OrderCreateWithPayment)
@blp.response(201, CreatedOrder)
def create_order(_):
    """Order a service of any kind (staff may pass `on_behalf_of`); see the kinds' fields in
    the payload's description. With `payment`, the order is paid right after it is created,
    as `POST /orders/{number}/pay` would; a refused payment does not undo the order (see
    `payment_attempt.error`)."""
    payload = dict(body())
    payment = payload.pop("payment", None)
    if payload.get("payer_id") and not payload.get("on_behalf_of"):
        _check_own_payer(payload["payer_id"])
    key = idempotency_key()
    order = rpc("orders", "create_order", payload, key)
    if payment is None:
        return order
    try:
        payable = rpc("orders", "get_payable", order["number"])
        attempt = {"payment": rpc("billing", "pay_order", payable, payment, key and key + ":payment"), "error": None}
    except ServiceError as refused:
        attempt = {"payment": None, "error": {"status": refused.status, "code": refused.error_code,
                                              "detail": refused.detail, "errors": refused.errors}}
    return dict(order, payment_attempt=attempt)


@blp.route("/orders", methods=["GET"])
@secured
@blp.arguments(schemas.OrdersQuery, location="query")
@blp.response(200, schemas.OrderPage)
def list_orders(_):
    """List orders with names, filters and sorting

    Signed in: your orders (`scope=mine`), your account's with the "orders" right
    (`scope=account`); staff: `scope=managed`, the orders of the services they handle and
    those they execute (administrators: every order). Newest first unless `sort` says
    otherwise; filters by status, kind, number, service, applicant and executor (by id or
    partial name, «мар спир»), the period (`period_by`: placed or service time) and text
    (`q`: number, service, applicant's or executor's name). Each order carries its
    applicant's and executor's names. Changes nothing. Problems: 422 `validation_failed`
    (an unknown `sort` field names the allowed ones), 403 `staff_only`, `right_required`."""
    return rpc("orders", "list_orders", query())


@blp.route("/orders/export.csv", methods=["GET"])
@secured
@blp.arguments(schemas.OrdersQuery, location="query")
@blp.response(200, TEXT, content_type="text/csv", description=CSV_DESCRIPTION)
def export_orders(_):
    """Export orders as CSV

    The same orders `GET /orders` lists with the same query (scope, filters, sort), every
    one of them, streamed: a customer their own or their account's, staff what they handle,
    administrators everything. Columns: number, created, service, kind, status, applicant,
    executor, deadline, service start and end, total, paid, currency. Changes nothing.
    Problems: as `GET /orders` (422 `validation_failed`, 403 `staff_only`, `right_required`)."""
    return csv_export("orders", "export_orders", "orders.csv", query())


@blp.route("/orders/<int:number>", methods=["GET"])
@secured
@blp.arguments(schemas.ClientQuery, location="query")
@blp.response(200, schemas.OrderView)
def get_order(_, number):
    """The full order view (O3) with the `actions` this caller may take now."""
    return rpc("orders", "get_order", number, query())


@blp.route("/orders/<int:number>", methods=["PATCH"])
@secured
@blp.arguments(schemas.OrderUpdate)
@blp.response(200, schemas.OrderView)
def update_order(_, number):
    """Staff handling the service: `status`, `assignee_id` (executor), `deadline`."""
    return rpc("orders", "update_order", number, body())


@blp.route("/orders/<int:number>/confirm-completion", methods=["POST"])
@secured
@blp.response(200, schemas.OrderView)
def confirm_completion(number):
    """O6: the client confirms the work is done."""
    return rpc("orders", "confirm_completion", number)


@blp.route("/orders/<int:number>/return-to-work", methods=["POST"])
@secured
@blp.arguments(schemas.ReturnToWork)
@blp.response(200, schemas.OrderView)
def return_to_work(_, number):
    """O6: back to "in progress"; the executor is notified; the comment goes to the chat."""
    return rpc("orders", "return_to_work", number, body())


@blp.route("/orders/<int:number>/close", methods=["POST"])
@secured
@blp.arguments(schemas.CloseRequest)
@blp.response(200, schemas.OrderView)
def close_order(_, number):
    """O8: close a simple service or request as `done` or `not_relevant`."""
    return rpc("orders", "close_order", number, body())


@blp.route("/orders/<int:number>/cancel", methods=["POST"])
@secured
@blp.arguments(schemas.CancelRequest)
@blp.response(200, schemas.OrderView)
def cancel_order(_, number):
    """O9: cancel where the service allows it (paid orders wait for their refund)."""
    return rpc("orders", "cancel_order", number, body())


@blp.route("/orders/<int:number>/repeat", methods=["GET"])
@secured
@blp.response(200, schemas.RepeatDraft)
def repeat_order(number):
    """O7: a new order's payload prefilled with the items, delivery place and payer."""
    return rpc("orders", "repeat_order", number)


# --- chat (O5) ------------------------------------------------------------------------

@blp.route("/orders/<int:number>/messages", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.MessagePage)
def list_messages(_, number):
    """The order chat, newest first, with this caller's unread count."""
    return rpc("orders", "list_messages", number, query())


@blp.route("/orders/<int:number>/messages", methods=["POST"])
@secured
@blp.arguments(schemas.MessagePost)
@blp.response(201, schemas.MessageOut)
def post_message(_, number):
    """Write in the chat; staff choose `visibility`; `attachment_ids` from POST /attachments."""
    return rpc("orders", "post_message", number, body())


@blp.route("/orders/<int:number>/messages/read", methods=["POST"])
@secured
@blp.arguments(schemas.ReadRequest)
@blp.response(200, schemas.ReadState)
def mark_read(_, number):
    return rpc("orders", "mark_read", number, body())


@blp.route("/attachments", methods=["POST"])
@secured
@blp.arguments(UploadForm, location="files")
@blp.response(201, schemas.AttachmentOut)
def upload_attachment(files):
    """Upload a file (multipart field `file`); attach it to a message by its id."""
    return rpc("orders", "upload_attachment", upload_payload(files))


@blp.route("/attachments/<uuid:attachment_id>", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/octet-stream",
              description="the file (only for the order's participants)")
def get_attachment(attachment_id):
    return download(rpc("orders", "get_attachment", str(attachment_id)))


# --- sharing a booking (O11) and the calendar -----------------------------------------

@blp.route("/orders/<int:number>/access-shares", methods=["GET"])
@secured
@blp.response(200, schemas.Shares)
def get_shares(number):
    """Who the booking is shared with, and its link (for the person who booked)."""
    return rpc("orders", "get_shares", number)


@blp.route("/orders/<int:number>/access-shares", methods=["POST"])
@secured
@blp.arguments(schemas.ShareUsers)
@blp.response(200, schemas.Shares)
def share_with_users(_, number):
    """Give the chosen users access (find them with GET /users?q=&company_id=&community_id=)."""
    return rpc("orders", "share_with_users", number, body())


@blp.route("/orders/<int:number>/access-shares/<uuid:user_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Shares)
def revoke_access(number, user_id):
    return rpc("orders", "revoke_access", number, str(user_id))


@blp.route("/orders/<int:number>/access-shares/link", methods=["POST"])
@secured
@blp.response(200, schemas.ShareLinkOut)
def create_share_link(number):
    """Create the share link, or get the existing one again (copy)."""
    return rpc("orders", "create_share_link", number)


@blp.route("/orders/<int:number>/access-shares/link", methods=["DELETE"])
@secured
@blp.response(200, LinkDeleted)
def delete_share_link(number):
    """Delete the link: it stops working at once."""
    return rpc("orders", "delete_share_link", number)


@blp.route("/share-links/<string:token>", methods=["GET"])
@blp.response(200, schemas.SharePreview)
def preview_share_link(token):
    """What a share link opens to (no sign-in needed)."""
    return rpc("orders", "preview_share_link", token)


@blp.route("/share-links/<string:token>/accept", methods=["POST"])
@secured
@blp.response(200, schemas.CalendarCard)
def accept_share_link(token):
    """A registered user accepts the access: the booking appears on their calendar."""
    return rpc("orders", "accept_share_link", token)


@blp.route("/calendar", methods=["GET"])
@secured
@blp.arguments(schemas.CalendarQuery, location="query")
@blp.response(200, schemas.Calendar)
def calendar(_):
    """My bookings and "access to premises" cards between `from` and `to` (31 days by default)."""
    return rpc("orders", "calendar", query())


# --- event tickets (O12) --------------------------------------------------------------

@blp.route("/orders/<int:number>/ticket/qr", methods=["GET"])
@secured
@blp.arguments(schemas.QrQuery, location="query")
@blp.response(200, BINARY, content_type="image/png", description="the ticket's QR code: PNG, or SVG with `format=svg`")
@blp.alt_response(200, schema=BINARY, content_type="image/svg+xml", description="the ticket's QR code: PNG, or SVG with `format=svg`")
def ticket_qr(_, number):
    return binary(rpc("orders", "ticket_qr", number, query()))


@blp.route("/event-tickets/check-in", methods=["POST"])
@secured
@blp.arguments(schemas.CheckIn)
@blp.response(200, schemas.CheckInResult)
def check_in(_):
    """The event manager scans a ticket: attendance is recorded once."""
    return rpc("orders", "check_in", body())
