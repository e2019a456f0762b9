"""Billing's events: the schema of each one it publishes (checked by ``uow.emit``), the
builders that make their payloads from billing's rows, and what billing reads of the
events it consumes. docs/events.md describes them; docs/payments.md, what orders does with
them.

Billing is the one source of truth of an order's paid and remaining amounts: every
``payment_succeeded`` and ``refund_completed`` carries ``order_paid_total`` and
``order_remaining`` (null only when the money is no order's: a top-up, or an order billing
has no record of), and orders takes them from there.
"""
from __future__ import annotations

from datetime import datetime

from marshmallow import fields

from kit.contracts import EventSchema, ReadSchema, published
from services.billing.domain import money
from services.billing.models import AutopayAttempt, Invoice, OrderInvoice, Payment, PersonalAccount, Refund, Service


class PaymentStarted(EventSchema):
    """A provider payment awaits the payer (orders: ``new`` → ``new_payment_pending``)."""

    payment_id = fields.String(required=True)
    payment_number = fields.Integer(required=True, strict=True)
    account_id = fields.String(required=True)
    user_id = fields.String(required=True, allow_none=True)
    purpose = fields.String(required=True, metadata={"description": "top_up | order | purchase"})
    order_number = fields.Integer(required=True, strict=True, allow_none=True)
    amount = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    method = fields.String(required=True, metadata={"description": "card | saved_method"})
    confirmation_url = fields.String(required=True, allow_none=True)


class PaymentSucceeded(EventSchema):
    """Money credited: to the personal account (a top-up), or to an order with its totals."""

    payment_id = fields.String(required=True)
    payment_number = fields.Integer(required=True, strict=True)
    account_id = fields.String(required=True)
    #: who paid; for a manager's payment, the order's applicant
    user_id = fields.String(required=True, allow_none=True)
    purpose = fields.String(required=True)
    order_number = fields.Integer(required=True, strict=True, allow_none=True)
    amount = fields.Integer(required=True, strict=True)
    commission = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    method = fields.String(required=True, metadata={"description": "balance | card | saved_method | manager"})
    provider = fields.String(required=True, allow_none=True)
    paid_at = fields.DateTime(required=True)
    #: the order's money after this payment (null for a top-up)
    order_paid_total = fields.Integer(required=True, strict=True, allow_none=True)
    order_remaining = fields.Integer(required=True, strict=True, allow_none=True)
    order_fully_paid = fields.Boolean(required=True, allow_none=True)


class PaymentFailed(EventSchema):
    payment_id = fields.String(required=True)
    account_id = fields.String(required=True)
    user_id = fields.String(required=True, allow_none=True)
    purpose = fields.String(required=True)
    order_number = fields.Integer(required=True, strict=True, allow_none=True)
    amount = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    reason = fields.String(required=True)


class RefundCompleted(EventSchema):
    """One payment of a cancelled order went back to its origin; or (``refund_id`` null,
    ``amount`` 0) billing held nothing for an order orders asked it to refund."""

    refund_id = fields.String(required=True, allow_none=True)
    payment_id = fields.String(required=True, allow_none=True)
    account_id = fields.String(required=True, allow_none=True)
    user_id = fields.String(required=True, allow_none=True)
    order_number = fields.Integer(required=True, strict=True, allow_none=True)
    amount = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    destination = fields.String(required=True, metadata={"description": "balance | card"})
    order_refunded_total = fields.Integer(required=True, strict=True)
    order_fully_refunded = fields.Boolean(required=True)
    #: the order's money as billing holds it (what was paid stays paid; refunds are counted apart)
    order_paid_total = fields.Integer(required=True, strict=True, allow_none=True)
    order_remaining = fields.Integer(required=True, strict=True, allow_none=True)


class BalanceLow(EventSchema):
    """A debit took the personal account below the threshold (once per dip)."""

    account_id = fields.String(required=True)
    balance = fields.Integer(required=True, strict=True)
    threshold = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)


class ServiceEvent(EventSchema):
    """A service bought through the cart (B12): who holds it and what it is."""

    service_id = fields.String(required=True)
    service_number = fields.Integer(required=True, strict=True)
    service_name = fields.String(required=True)
    account_id = fields.String(required=True)
    #: who bought it (renewal e-mails go to them)
    user_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    expires_at = fields.String(required=True)


class ServiceActivated(ServiceEvent):
    """A paid service was opened (active, or needs_setup after a quick order)."""


class ServiceRenewed(ServiceEvent):
    """A service was renewed (by hand or automatically) and its expiry moved on."""

    amount = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    method = fields.String(required=True, metadata={"description": "balance | saved_method"})
    automatic = fields.Boolean(required=True)


class ServiceRenewalFailed(ServiceEvent):
    """Auto-renewal could not be charged; it is tried again the next day (B7)."""

    amount = fields.Integer(required=True, strict=True, allow_none=True)
    currency = fields.String(required=True)
    method = fields.String(required=True, metadata={"description": "balance | saved_method"})
    reason = fields.String(required=True)
    retry_at = fields.String(required=True)


class ServiceSuspended(ServiceEvent):
    """A service was suspended: not renewed by its expiry (``not_renewed``)."""

    reason = fields.String(required=True)


class AutopayEvent(EventSchema):
    """An autopay attempt was charged, or failed (B6)."""

    account_id = fields.String(required=True)
    user_id = fields.String(required=True, allow_none=True)
    attempt_id = fields.Integer(required=True, strict=True)
    payment_id = fields.String(required=True, allow_none=True)
    amount = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)


class InvoiceEvent(EventSchema):
    """A credit invoice (B9): issued, or a reminder of it (``stage``)."""

    invoice_id = fields.String(required=True)
    invoice_number = fields.Integer(required=True, strict=True)
    account_id = fields.String(required=True)
    amount = fields.Integer(required=True, strict=True)
    paid = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    due_on = fields.String(required=True)
    block_on = fields.String(required=True)
    stage = fields.String(required=True, metadata={"description": "issued | due_soon | overdue | block_soon"})


class AccountBlocked(EventSchema):
    account_id = fields.String(required=True)
    invoice_id = fields.String(required=True)
    invoice_number = fields.Integer(required=True, strict=True)
    overdue = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)


class AccountUnblocked(EventSchema):
    account_id = fields.String(required=True)


class OrderInvoiceEvent(EventSchema):
    """An order's invoice (paying by bank transfer): asked for by the client, or issued."""

    invoice_id = fields.String(required=True)
    invoice_number = fields.String(required=True, allow_none=True,
                                   metadata={"description": "``2026-000123``; null until issued"})
    order_number = fields.Integer(required=True, strict=True)
    account_id = fields.String(required=True)
    #: who asked for it (its notices go to them)
    user_id = fields.String(required=True, allow_none=True)
    payer_id = fields.String(required=True)
    payer_name = fields.String(required=True)
    service_name = fields.String(required=True)
    amount = fields.Integer(required=True, strict=True)
    vat = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    issued_on = fields.String(required=True, allow_none=True)
    due_on = fields.String(required=True, allow_none=True)
    issued_by = fields.String(required=True, allow_none=True)


PUBLISHED = published("billing", {
    "payment_started": PaymentStarted,
    "payment_succeeded": PaymentSucceeded,
    "payment_failed": PaymentFailed,
    "refund_completed": RefundCompleted,
    "balance_low": BalanceLow,
    "service_activated": ServiceActivated,
    "service_renewed": ServiceRenewed,
    "service_renewal_failed": ServiceRenewalFailed,
    "service_suspended": ServiceSuspended,
    "autopay_charged": AutopayEvent,
    "autopay_failed": AutopayEvent,
    "invoice_issued": InvoiceEvent,
    "invoice_reminder": InvoiceEvent,
    "account_blocked": AccountBlocked,
    "account_unblocked": AccountUnblocked,
    "order_invoice_requested": OrderInvoiceEvent,
    "order_invoice_issued": OrderInvoiceEvent,
})


# --- builders -------------------------------------------------------------------------------

def payment_started(payment: Payment) -> dict:
    return {"payment_id": payment.id, "payment_number": payment.number, "account_id": payment.account_id,
            "user_id": payment.user_id, "purpose": payment.purpose, "order_number": payment.order_number,
            "amount": payment.amount, "currency": payment.currency, "method": payment.method,
            "confirmation_url": payment.confirmation_url}


def payment_succeeded(payment: Payment, paid_at: datetime, order: dict | None) -> dict:
    """``order``: the order's totals after this payment (store.order_totals), None for a top-up."""
    return {"payment_id": payment.id, "payment_number": payment.number, "account_id": payment.account_id,
            "user_id": payment.user_id, "purpose": payment.purpose, "order_number": payment.order_number,
            "amount": payment.amount, "commission": payment.commission, "currency": payment.currency,
            "method": payment.method, "provider": payment.provider, "paid_at": paid_at.isoformat(),
            "order_paid_total": order["paid"] if order else None,
            "order_remaining": order["remaining"] if order else None,
            "order_fully_paid": order["fully_paid"] if order else None}


def payment_failed(payment: Payment) -> dict:
    return {"payment_id": payment.id, "account_id": payment.account_id, "user_id": payment.user_id,
            "purpose": payment.purpose, "order_number": payment.order_number, "amount": payment.amount,
            "currency": payment.currency, "reason": payment.failure_reason}


def refund_completed(refund: Refund, payment: Payment, *, refunded_total: int, fully_refunded: bool,
                     order: dict | None) -> dict:
    """``order``: the order's totals (store.order_totals), None when the refund is no order's."""
    return {"refund_id": refund.id, "payment_id": payment.id, "account_id": refund.account_id,
            "user_id": payment.user_id, "order_number": refund.order_number, "amount": refund.amount,
            "currency": refund.currency, "destination": refund.destination,
            "order_refunded_total": refunded_total, "order_fully_refunded": fully_refunded,
            "order_paid_total": order["paid"] if order else None,
            "order_remaining": order["remaining"] if order else None}


def nothing_to_refund(order_number: int, account_id: str | None, user_id: str | None, currency: str,
                      order: dict | None) -> dict:
    """orders asked for a refund of an order billing never received money for: said at once."""
    return {"refund_id": None, "payment_id": None, "account_id": account_id, "user_id": user_id,
            "order_number": order_number, "amount": 0, "currency": currency, "destination": "balance",
            "order_refunded_total": 0, "order_fully_refunded": True,
            "order_paid_total": order["paid"] if order else None,
            "order_remaining": order["remaining"] if order else None}


def balance_low(account: PersonalAccount, balance: int, threshold: int) -> dict:
    return {"account_id": account.account_id, "balance": balance, "threshold": threshold,
            "currency": account.currency}


def service_event(service: Service, **extra) -> dict:
    return {"service_id": service.id, "service_number": service.number, "service_name": service.name,
            "account_id": service.account_id, "user_id": service.user_id, "status": service.status,
            "expires_at": service.expires_at.isoformat(), **extra}


def autopay_event(attempt: AutopayAttempt, user_id: str | None) -> dict:
    return {"account_id": attempt.account_id, "user_id": user_id, "attempt_id": attempt.id,
            "payment_id": attempt.payment_id, "amount": attempt.amount, "currency": money.CURRENCY,
            "reason": attempt.reason}


def invoice_event(invoice: Invoice, stage: str) -> dict:
    return {"invoice_id": invoice.id, "invoice_number": invoice.number, "account_id": invoice.account_id,
            "amount": invoice.amount, "paid": invoice.paid, "currency": money.CURRENCY,
            "due_on": invoice.due_on.isoformat(), "block_on": invoice.block_on.isoformat(), "stage": stage}


def account_blocked(account: PersonalAccount, invoice: Invoice) -> dict:
    return {"account_id": account.account_id, "invoice_id": invoice.id, "invoice_number": invoice.number,
            "overdue": invoice.amount - invoice.paid, "currency": money.CURRENCY}


def account_unblocked(account: PersonalAccount) -> dict:
    return {"account_id": account.account_id}


def order_invoice_event(invoice: OrderInvoice) -> dict:
    return {"invoice_id": invoice.id, "invoice_number": invoice.number, "order_number": invoice.order_number,
            "account_id": invoice.account_id, "user_id": invoice.user_id, "payer_id": invoice.payer_id,
            "payer_name": (invoice.payer or {}).get("name") or "", "service_name": invoice.service_name,
            "amount": invoice.amount, "vat": invoice.vat, "currency": invoice.currency,
            "issued_on": invoice.issued_on.isoformat() if invoice.issued_on else None,
            "due_on": invoice.due_on.isoformat() if invoice.due_on else None, "issued_by": invoice.issued_by}


# --- what billing reads of others' events -----------------------------------------------------

class OrderCancelledRead(ReadSchema):
    """``orders.order_cancelled``: the order to refund; the rest only for an order billing
    holds nothing for (then billing answers at once with a ``refund_completed`` of 0)."""

    order_number = fields.Integer(required=True)
    account_id = fields.String(allow_none=True)
    applicant_id = fields.String(allow_none=True)
    #: only logged
    paid = fields.Integer(allow_none=True, load_default=0)
    refund_required = fields.Boolean(load_default=False)
    currency = fields.String(load_default=money.CURRENCY)
