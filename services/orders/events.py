"""Orders' events: the schema of each one it publishes (checked by ``uow.emit``), the
builders that turn orders and messages into those payloads, and what orders reads of
billing's events (docs/events.md)."""
from __future__ import annotations

from marshmallow import fields

from kit.contracts import EventSchema, ReadSchema, published
from kit.schemas import DateTime
from services.orders.models import Message, Order


def _iso(value):
    return value.isoformat() if value is not None else None


# --- what orders publishes ------------------------------------------------------------

class OrderCreated(EventSchema):
    order_number = fields.Integer(required=True)
    kind = fields.String(required=True)
    service_id = fields.String(required=True)
    service_name = fields.String(required=True)
    account_id = fields.String(required=True, allow_none=True)
    applicant_id = fields.String(required=True)
    executor_id = fields.String(required=True, allow_none=True)
    payer_id = fields.String(required=True, allow_none=True)
    total = fields.Integer(required=True)
    currency = fields.String(required=True)
    status = fields.String(required=True)
    created_by = fields.String(required=True)
    starts_at = DateTime(required=True, allow_none=True)
    ends_at = DateTime(required=True, allow_none=True)
    manager_ids = fields.List(fields.String(), required=True)


class OrderStatusChanged(EventSchema):
    order_number = fields.Integer(required=True)
    kind = fields.String(required=True)
    service_id = fields.String(required=True)
    service_name = fields.String(required=True)
    account_id = fields.String(required=True, allow_none=True)
    applicant_id = fields.String(required=True)
    executor_id = fields.String(required=True, allow_none=True)
    from_status = fields.String(required=True)
    to_status = fields.String(required=True)
    changed_by = fields.String(required=True, allow_none=True,
                               metadata={"description": "null when the system moved it"})
    reason = fields.String(required=True, allow_none=True)
    action = fields.String(required=True)
    auto_confirm_at = DateTime(required=True, allow_none=True)


class OrderCancelled(EventSchema):
    order_number = fields.Integer(required=True)
    account_id = fields.String(required=True, allow_none=True)
    applicant_id = fields.String(required=True)
    paid = fields.Integer(required=True, metadata={"description": "paid minus refunded"})
    refund_required = fields.Boolean(required=True)
    currency = fields.String(required=True)
    kind = fields.String(required=True)
    service_name = fields.String(required=True)
    cancelled_by = fields.String(required=True, allow_none=True)


class OrderReturnedToWork(EventSchema):
    order_number = fields.Integer(required=True)
    service_name = fields.String(required=True)
    applicant_id = fields.String(required=True)
    executor_id = fields.String(required=True, allow_none=True)
    comment = fields.String(required=True, allow_none=True)
    manager_ids = fields.List(fields.String(), required=True)


class OrderAssigned(EventSchema):
    order_number = fields.Integer(required=True)
    service_name = fields.String(required=True)
    executor_id = fields.String(required=True, allow_none=True)
    previous_executor_id = fields.String(required=True, allow_none=True)
    assigned_by = fields.String(required=True)


class ChatMessagePosted(EventSchema):
    order_number = fields.Integer(required=True)
    message_id = fields.String(required=True)
    service_name = fields.String(required=True)
    author_id = fields.String(required=True, allow_none=True, metadata={"description": "null: system"})
    author_kind = fields.String(required=True)
    visibility = fields.String(required=True)
    text = fields.String(required=True, metadata={"description": "the first 500 characters"})
    applicant_id = fields.String(required=True)
    executor_id = fields.String(required=True, allow_none=True)
    attachment_count = fields.Integer(required=True)
    account_id = fields.String(required=True, allow_none=True)
    manager_ids = fields.List(fields.String(), required=True)
    system_code = fields.String(required=True, allow_none=True)


class AccessShared(EventSchema):
    order_number = fields.Integer(required=True)
    service_name = fields.String(required=True)
    shared_by = fields.String(required=True)
    user_ids = fields.List(fields.String(), required=True, metadata={"description": "only the newly added"})
    starts_at = DateTime(required=True, allow_none=True)
    ends_at = DateTime(required=True, allow_none=True)
    via = fields.String(required=True)


class AccessRevoked(EventSchema):
    order_number = fields.Integer(required=True)
    service_name = fields.String(required=True)
    user_id = fields.String(required=True)
    revoked_by = fields.String(required=True)


class TicketCheckedIn(EventSchema):
    order_number = fields.Integer(required=True)
    service_id = fields.String(required=True)
    service_name = fields.String(required=True)
    applicant_id = fields.String(required=True)
    checked_in_by = fields.String(required=True)
    attended_at = DateTime(required=True)


PUBLISHED = published("orders", {
    "order_created": OrderCreated,
    "order_status_changed": OrderStatusChanged,
    "order_cancelled": OrderCancelled,
    "order_returned_to_work": OrderReturnedToWork,
    "order_assigned": OrderAssigned,
    "chat_message_posted": ChatMessagePosted,
    "access_shared": AccessShared,
    "access_revoked": AccessRevoked,
    "ticket_checked_in": TicketCheckedIn,
})


# --- the builders ---------------------------------------------------------------------

def order_created(order: Order, created_by: str, managers: list[str]) -> dict:
    return {"order_number": order.number, "kind": order.kind, "service_id": order.service_id,
            "service_name": order.service_name, "account_id": order.account_id, "applicant_id": order.applicant_id,
            "executor_id": order.executor_id, "payer_id": order.payer_id, "total": order.total,
            "currency": order.currency, "status": order.status, "created_by": created_by,
            "starts_at": _iso(order.starts_at), "ends_at": _iso(order.ends_at), "manager_ids": managers}


def order_status_changed(order: Order, source: str, action: str, changed_by: str | None, reason: str | None) -> dict:
    return {"order_number": order.number, "kind": order.kind, "service_id": order.service_id,
            "service_name": order.service_name, "account_id": order.account_id,
            "applicant_id": order.applicant_id, "executor_id": order.executor_id, "from_status": source,
            "to_status": order.status, "changed_by": changed_by, "reason": reason, "action": action,
            "auto_confirm_at": _iso(order.auto_confirm_at)}


def order_cancelled(order: Order, refund_required: bool, cancelled_by: str | None) -> dict:
    return {"order_number": order.number, "account_id": order.account_id, "applicant_id": order.applicant_id,
            "paid": order.paid - order.refunded, "refund_required": refund_required, "currency": order.currency,
            "kind": order.kind, "service_name": order.service_name, "cancelled_by": cancelled_by}


def order_returned_to_work(order: Order, comment: str | None, managers: list[str]) -> dict:
    return {"order_number": order.number, "service_name": order.service_name, "applicant_id": order.applicant_id,
            "executor_id": order.executor_id, "comment": comment, "manager_ids": managers}


def order_assigned(order: Order, previous_executor_id: str | None, assigned_by: str) -> dict:
    return {"order_number": order.number, "service_name": order.service_name, "executor_id": order.executor_id,
            "previous_executor_id": previous_executor_id, "assigned_by": assigned_by}


def chat_message_posted(order: Order, message: Message, attachment_count: int, managers: list[str]) -> dict:
    return {"order_number": order.number, "message_id": message.id, "service_name": order.service_name,
            "author_id": message.author_id, "author_kind": message.author_kind, "visibility": message.visibility,
            "text": (message.text or "")[:500], "applicant_id": order.applicant_id,
            "executor_id": order.executor_id, "attachment_count": attachment_count,
            "account_id": order.account_id, "manager_ids": managers, "system_code": message.system_code}


def access_shared(order: Order, shared_by: str, user_ids: list[str], via: str) -> dict:
    return {"order_number": order.number, "service_name": order.service_name, "shared_by": shared_by,
            "user_ids": user_ids, "starts_at": _iso(order.starts_at), "ends_at": _iso(order.ends_at), "via": via}


def access_revoked(order: Order, user_id: str, revoked_by: str) -> dict:
    return {"order_number": order.number, "service_name": order.service_name, "user_id": user_id,
            "revoked_by": revoked_by}


def ticket_checked_in(order: Order) -> dict:
    return {"order_number": order.number, "service_id": order.service_id, "service_name": order.service_name,
            "applicant_id": order.applicant_id, "checked_in_by": order.checked_in_by,
            "attended_at": _iso(order.attended_at)}


# --- what orders reads of billing's events (docs/payments.md) --------------------------
# ``order_number`` is null for a top-up of the personal account: not an order's, ignored.

class PaymentStartedRead(ReadSchema):
    order_number = fields.Integer(allow_none=True)


class PaymentSucceededRead(ReadSchema):
    payment_id = fields.String(required=True)
    payment_number = fields.Integer(allow_none=True)
    order_number = fields.Integer(allow_none=True)
    method = fields.String(allow_none=True)
    amount = fields.Integer(required=True)
    paid_at = DateTime(allow_none=True)
    #: billing's running total of the order: what orders shows as paid (null for a top-up)
    order_paid_total = fields.Integer(required=True, allow_none=True)
    order_fully_paid = fields.Boolean(allow_none=True)


class TicketRead(ReadSchema):
    number = fields.Integer(required=True)
    status = fields.String(required=True)
    space = fields.Dict(required=True)
    workplace = fields.Dict(required=True)
    validated = fields.Boolean(required=True)
    validated_at = DateTime(required=True, allow_none=True)
    version = fields.Integer(required=True)


class TicketChangedRead(ReadSchema):
    order_number = fields.Integer(required=True)
    ticket = fields.Nested(TicketRead, required=True)


class TicketVisitorChangedRead(ReadSchema):
    order_number = fields.Integer(required=True)
    visitor_id = fields.String(required=True)


class PaymentFailedRead(ReadSchema):
    order_number = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)


class RefundCompletedRead(ReadSchema):
    #: null (with amount 0): billing held nothing for the order
    refund_id = fields.String(allow_none=True)
    payment_id = fields.String(allow_none=True)
    order_number = fields.Integer(allow_none=True)
    amount = fields.Integer(required=True)
    destination = fields.String(allow_none=True)
    #: billing's running total of what went back: what orders shows as refunded
    order_refunded_total = fields.Integer(required=True)
    order_fully_refunded = fields.Boolean(allow_none=True)


class OrderInvoiceRead(ReadSchema):
    """``billing.order_invoice_requested`` / ``order_invoice_issued``: paying by invoice."""

    invoice_id = fields.String(required=True)
    invoice_number = fields.String(allow_none=True)
    order_number = fields.Integer(required=True)
    payer_name = fields.String(allow_none=True)
    amount = fields.Integer(required=True)
    issued_on = fields.String(allow_none=True)
    due_on = fields.String(allow_none=True)
