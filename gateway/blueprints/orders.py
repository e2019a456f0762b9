"""Orders endpoints (O1–O9, O11–O15): catalog, orders, chat and attachments, booking
access and the calendar, event tickets."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway import examples
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
    """List the catalog's services

    Signed in: the active services of the seven kinds with their prices, items, extras and
    settings (staff: inactive ones too with `include_inactive`); `?client=mobile`
    cuts each service's additional services to three. Filter by `kind` (comma-separated) and
    page through. Changes nothing. Problems: 422 `validation_failed` (an unknown kind)."""
    return rpc("orders", "list_services", query())


@blp.route("/catalog/services", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.ServiceCreate, example=examples.SERVICE_CREATE)
@blp.response(201, schemas.Service, example=examples.SERVICE)
def create_service(_):
    """Create a catalog service

    Administrators: a service of one of the seven kinds (simple, request, booking, goods,
    coworking, hotel, event) with its tariffs, items, extras, rooms, form fields, settings and
    the staff who handle it; it is listed in the catalog at once if `active`. Problems: 403
    `role_required` (not an administrator), 422 `validation_failed` (a field, or a rule of the
    kind: a booking needs tariffs, goods need items…)."""
    return rpc("orders", "create_service", body())


@blp.route("/catalog/services/<uuid:service_id>", methods=["GET"])
@secured
@blp.arguments(schemas.ClientQuery, location="query")
@blp.response(200, schemas.Service, example=examples.SERVICE)
def get_service(_, service_id):
    """Read a catalog service

    Signed in: one service with its prices and settings, as the catalog lists it
    (`?client=mobile` cuts its additional services to three). Changes nothing. Problems: 404
    `service_not_found`."""
    return rpc("orders", "get_service", str(service_id), query())


@blp.route("/catalog/services/<uuid:service_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ServiceUpdate, example=examples.SERVICE_UPDATE)
@blp.response(200, schemas.Service, example=examples.SERVICE)
def update_service(_, service_id):
    """Change a catalog service

    Administrators: the lists given (tariffs, items, extras, rooms, fields, managers) replace
    the old ones; `settings` are merged key by key; orders already placed keep their prices.
    Problems: 403 `role_required`, 404 `service_not_found`, 422 `validation_failed`."""
    return rpc("orders", "update_service", str(service_id), body())


# --- orders (O2–O4, O14) --------------------------------------------------------------

class OrderCreateWithPayment(schemas.OrderCreate):
    payment = fields.Nested(billing_schemas.OrderPayRequest, metadata={
        "description": "pay at once: from the balance, by card (follow `confirmation_url`) or with a "
                       "saved method; `amount` for a prepayment where the service allows one (at least "
                       "its minimum: the order is confirmed once it is credited, the rest is paid later)"})


class PaymentAttempt(Schema):
    payment = fields.Nested(billing_schemas.Payment, allow_none=True,
                            metadata={"description": "the payment made, as `GET /billing/payments/{payment_id}` shows it, or null when it was refused"})
    error = fields.Dict(allow_none=True, metadata={
        "description": "why the payment was refused (status, code, detail, errors); the order stays "
                       "payable with POST /orders/{number}/pay"})


class CreatedOrder(schemas.OrderView):
    payment_attempt = fields.Nested(PaymentAttempt, allow_none=True,
                                    metadata={"description": "with `payment` in the request: how paying went (the payment, or the problem that refused it); null without"})


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
@blp.arguments(OrderCreateWithPayment, example={
    "service_id": "0d3c6b1e-8f0a-4c55-9b6e-2a1f7c9d4e01",
    "items": [{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1}, {"item_id": "belvita", "quantity": 1}],
    "delivery": {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True},
    "comment": "Сделайте, пожалуйста, чай погорячее!", "payment": {"method": "balance"}})
@blp.response(201, CreatedOrder, example=dict(examples.ORDER, payment_attempt={"payment": None, "error": None}))
def create_order(_):
    """Order a service

    Signed in: order a service of any kind for yourself (staff may pass `on_behalf_of` and
    `payer_id` of the client's account); the kind's fields are described on the payload. The
    order is `new` and its number is returned; with `payment`, it is paid right after it is
    created, as `POST /orders/{number}/pay` would; a refused payment does not undo the order
    (see `payment_attempt.error`). Send `Idempotency-Key`: a repeat returns the same order.
    Problems: 404 `service_not_found`, 409 `slot_taken` (the booking's time is taken),
    `event_sold_out`, `seat_not_held`, 422 `validation_failed` (a field or a rule of the kind),
    `payer_not_found`, `idempotency_key_reused`."""
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
@blp.response(200, schemas.OrderView, example=examples.ORDER)
def get_order(_, number):
    """Read an order

    The applicant, their account's users with the "orders" right, people the booking is
    shared with, and staff handling the service: the full order view (O3) with its lines,
    payments, chat counters and the `actions` this caller may take now. Changes nothing.
    Problems: 404 `order_not_found` (also for an order that is not yours: its existence is not
    revealed)."""
    return rpc("orders", "get_order", number, query())


@blp.route("/orders/<int:number>", methods=["PATCH"])
@secured
@blp.arguments(schemas.OrderUpdate, example=examples.ORDER_UPDATE)
@blp.response(200, schemas.OrderView, example=examples.IN_PROGRESS_ORDER)
def update_order(_, number):
    """Change an order's status, executor or deadline

    Staff handling the service: move the order to a `status` the workflow allows, assign the
    executor (`assignee_id`), set the `deadline`; the applicant is notified and the chat says
    what changed. Problems: 404 `order_not_found`, 403 `staff_only`, 409
    `order_transition_not_allowed`, `order_closed` (a closed order keeps its executor and
    deadline), 422 `validation_failed`."""
    return rpc("orders", "update_order", number, body())


@blp.route("/orders/<int:number>/confirm-completion", methods=["POST"])
@secured
@blp.response(200, schemas.OrderView, example=examples.DONE_ORDER)
def confirm_completion(number):
    """Confirm the work is done

    The applicant (O6), once the order is "done, awaiting confirmation": the order is closed as
    done (without this it is confirmed automatically after the service's delay). Problems: 404
    `order_not_found`, 409 `order_transition_not_allowed`."""
    return rpc("orders", "confirm_completion", number)


@blp.route("/orders/<int:number>/return-to-work", methods=["POST"])
@secured
@blp.arguments(schemas.ReturnToWork, example=examples.RETURN_TO_WORK)
@blp.response(200, schemas.OrderView, example=examples.IN_PROGRESS_ORDER)
def return_to_work(_, number):
    """Return an order to work

    The applicant (O6), while the order awaits their confirmation: it goes back to "in
    progress", the executor is notified and the comment is posted to the chat. Problems: 404
    `order_not_found`, 409 `order_transition_not_allowed`, 422 `validation_failed`."""
    return rpc("orders", "return_to_work", number, body())


@blp.route("/orders/<int:number>/close", methods=["POST"])
@secured
@blp.arguments(schemas.CloseRequest, example=examples.CLOSE_REQUEST)
@blp.response(200, schemas.OrderView, example=examples.DONE_ORDER)
def close_order(_, number):
    """Close a simple service or request

    Staff handling the service (O8): close it as `done` or `not_relevant`; the applicant is
    notified. Problems: 404 `order_not_found`, 403 `staff_only`, 409
    `order_transition_not_allowed`, 422 `validation_failed`."""
    return rpc("orders", "close_order", number, body())


@blp.route("/orders/<int:number>/cancel", methods=["POST"])
@secured
@blp.arguments(schemas.CancelRequest, example=examples.CANCEL_REQUEST)
@blp.response(200, schemas.OrderView, example=examples.CANCELLED_ORDER)
def cancel_order(_, number):
    """Cancel an order

    The applicant (O9), where the service allows cancelling and the order has not started;
    staff handling the service at any time before it is closed. A paid order is cancelled once
    its refund completes; a booking's time is freed. Problems: 404 `order_not_found`, 409
    `order_not_cancellable`, `order_transition_not_allowed`, `event_started`, 422
    `validation_failed`."""
    return rpc("orders", "cancel_order", number, body())


@blp.route("/orders/<int:number>/repeat", methods=["GET"])
@secured
@blp.response(200, schemas.RepeatDraft, example=examples.REPEAT_DRAFT)
def repeat_order(number):
    """Prefill a repeat of an order

    The applicant (O7): a new order's payload with the same service, items, delivery place and
    payer, to edit and send to `POST /orders`. Changes nothing. Problems: 404 `order_not_found`,
    409 `order_not_repeatable` (the service is gone or inactive)."""
    return rpc("orders", "repeat_order", number)


# --- chat (O5) ------------------------------------------------------------------------

@blp.route("/orders/<int:number>/messages", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.MessagePage, example=examples.MESSAGE_PAGE)
def list_messages(_, number):
    """List an order's chat

    The order's participants: its messages, newest first, with attachments and the caller's
    unread count; staff also see internal messages. Changes nothing (reading is marked with
    `POST …/messages/read`). Problems: 404 `order_not_found`, 422 `validation_failed`."""
    return rpc("orders", "list_messages", number, query())


@blp.route("/orders/<int:number>/messages", methods=["POST"])
@secured
@blp.arguments(schemas.MessagePost, example=examples.MESSAGE_POST)
@blp.response(201, schemas.MessageOut, example=examples.MESSAGE)
def post_message(_, number):
    """Write in an order's chat

    The order's participants: a text and/or files uploaded with `POST /attachments`; staff
    choose `visibility` (`internal` messages are not shown to the client). The other side is
    notified. Problems: 404 `order_not_found`, `attachment_not_found`, 403
    `internal_message_staff_only`, 422 `validation_failed`."""
    return rpc("orders", "post_message", number, body())


@blp.route("/orders/<int:number>/messages/read", methods=["POST"])
@secured
@blp.arguments(schemas.ReadRequest, example=examples.READ_REQUEST)
@blp.response(200, schemas.ReadState, example=examples.READ_STATE)
def mark_read(_, number):
    """Mark an order's chat read

    The order's participants: messages up to the one given (or all) are read for this caller;
    their unread count drops. Problems: 404 `order_not_found`, `message_not_found`, 422
    `validation_failed`."""
    return rpc("orders", "mark_read", number, body())


@blp.route("/attachments", methods=["POST"])
@secured
@blp.arguments(UploadForm, location="files")
@blp.response(201, schemas.AttachmentOut, example=examples.ORDER_ATTACHMENT)
def upload_attachment(files):
    """Upload a file for a chat message

    Signed in: upload one file (multipart field `file`, up to the size limit); attach it to a
    message by its id within the next hours. Problems: 413 `payload_too_large`, 422
    `validation_failed`, `attachment_too_large`."""
    return rpc("orders", "upload_attachment", upload_payload(files))


@blp.route("/attachments/<uuid:attachment_id>", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="*/*",
              description="the file, in the type it was uploaded with (only for the order's participants)")
def get_attachment(attachment_id):
    """Download a chat attachment

    The participants of the order it was posted in: the file with its content type and name.
    Changes nothing. Problems: 404 `attachment_not_found` (also when it is not yours to see)."""
    return download(rpc("orders", "get_attachment", str(attachment_id)))


# --- sharing a booking (O11) and the calendar -----------------------------------------

@blp.route("/orders/<int:number>/access-shares", methods=["GET"])
@secured
@blp.response(200, schemas.Shares, example=examples.SHARES)
def get_shares(number):
    """List who a booking is shared with

    The person who booked (O11): the users given access and the share link, if any. Changes
    nothing. Problems: 404 `order_not_found`, 403 `applicant_only`, 409 `order_not_shareable`
    (not a booking)."""
    return rpc("orders", "get_shares", number)


@blp.route("/orders/<int:number>/access-shares", methods=["POST"])
@secured
@blp.arguments(schemas.ShareUsers)
@blp.response(200, schemas.Shares, example=examples.SHARES)
def share_with_users(_, number):
    """Share a booking with users

    The person who booked (O11): give the chosen users (found with `GET /users?q=`) access to
    the premises for the booking's time; it appears on their calendars and they are notified.
    Problems: 404 `order_not_found`, 403 `applicant_only`, 409 `order_not_shareable`, 422
    `user_unknown`, `validation_failed`."""
    return rpc("orders", "share_with_users", number, body())


@blp.route("/orders/<int:number>/access-shares/<uuid:user_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Shares, example=examples.SHARES)
def revoke_access(number, user_id):
    """Take a user's access to a booking away

    The person who booked (O11): the user loses the access card on their calendar at once.
    Problems: 404 `order_not_found`, 403 `applicant_only`, 422 `access_not_found`."""
    return rpc("orders", "revoke_access", number, str(user_id))


@blp.route("/orders/<int:number>/access-shares/link", methods=["POST"])
@secured
@blp.response(200, schemas.ShareLinkOut, example=examples.SHARE_LINK)
def create_share_link(number):
    """Create or copy a booking's share link

    The person who booked (O11): a link anyone registered can accept to get the access; the
    same link again if one exists. Problems: 404 `order_not_found`, 403 `applicant_only`, 409
    `order_not_shareable`."""
    return rpc("orders", "create_share_link", number)


@blp.route("/orders/<int:number>/access-shares/link", methods=["DELETE"])
@secured
@blp.response(200, LinkDeleted, example=examples.LINK_DELETED)
def delete_share_link(number):
    """Delete a booking's share link

    The person who booked (O11): the link stops working at once; accesses already accepted stay.
    Problems: 404 `order_not_found`, 403 `applicant_only`."""
    return rpc("orders", "delete_share_link", number)


@blp.route("/share-links/<string:token>", methods=["GET"])
@blp.response(200, schemas.SharePreview, example=examples.SHARE_PREVIEW)
def preview_share_link(token):
    """Preview a share link

    Anyone with the link, without signing in: what it gives access to (the premises, the time,
    who shares it). Changes nothing. Problems: 404 `share_link_not_found` (deleted or never
    existed)."""
    return rpc("orders", "preview_share_link", token)


@blp.route("/share-links/<string:token>/accept", methods=["POST"])
@secured
@blp.response(200, schemas.CalendarCard, example=examples.ACCESS_CARD)
def accept_share_link(token):
    """Accept a share link

    A signed-in user: the booking's access card appears on their calendar. Problems: 404
    `share_link_not_found`, 409 `own_booking` (the link is to your own booking)."""
    return rpc("orders", "accept_share_link", token)


@blp.route("/calendar", methods=["GET"])
@secured
@blp.arguments(schemas.CalendarQuery, location="query")
@blp.response(200, schemas.Calendar, example=examples.CALENDAR)
def calendar(_):
    """My calendar

    Signed in: your bookings and the "access to premises" cards shared with you between `from`
    and `to` (31 days from today by default; at most 93). Changes nothing. Problems: 422
    `validation_failed` (a period longer than allowed, or ending before it starts)."""
    return rpc("orders", "calendar", query())


QR_DESCRIPTION = "the ticket's QR code: PNG, or SVG with `format=svg`"


# --- event tickets (O12) --------------------------------------------------------------

@blp.route("/orders/<int:number>/ticket/qr", methods=["GET"])
@secured
@blp.arguments(schemas.QrQuery, location="query")
@blp.response(200, BINARY, content_type="image/png", description=QR_DESCRIPTION)
@blp.alt_response(200, schema=BINARY, content_type="image/svg+xml", description=QR_DESCRIPTION)
def ticket_qr(_, number):
    """An event ticket's QR code

    The applicant of a confirmed (paid) event order: the signed ticket as a PNG image, or SVG
    with `format=svg`, to show at the entrance. Changes nothing. Problems: 404
    `order_not_found`, `ticket_not_found` (not an event order), 409 `ticket_not_available` (not
    confirmed yet)."""
    return binary(rpc("orders", "ticket_qr", number, query()))


@blp.route("/event-tickets/check-in", methods=["POST"])
@secured
@blp.arguments(schemas.CheckIn, example=examples.CHECK_IN)
@blp.response(200, schemas.CheckInResult, example=examples.CHECK_IN_RESULT)
def check_in(_):
    """Check an event ticket in

    Event managers (staff handling the event): scan a ticket's QR payload; attendance is
    recorded once and the ticket shows who checked it in. Problems: 403 `role_required`, 409
    `ticket_cancelled`, `ticket_already_checked_in`, `ticket_not_confirmed`, 422
    `ticket_invalid` (a forged or unreadable code)."""
    return rpc("orders", "check_in", body())
