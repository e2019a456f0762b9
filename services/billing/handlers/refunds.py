"""Refunds when an order is cancelled (O9), one transaction each: every credited payment of
the order goes back where it came from — the personal account for balance payments and cash
a manager recorded, the card for provider payments (a refund the provider refuses lands on
the personal account instead; flows.py talks to the provider) — and each completed refund
is announced; the last one says the order is fully refunded, which moves orders from
``cancelled_refund_pending`` to ``cancelled_refunded``.
"""
from __future__ import annotations

import structlog

from kit.context import Caller
from services.billing import events, store
from services.billing.dependencies import Deps, Settings
from services.billing.domain import payments as states
from services.billing.handlers import ledger, order_invoices
from services.billing.models import OrderAccount, Payment, Refund

log = structlog.get_logger(__name__)
CONSUMER = "billing.on_order_cancelled"


def cancel_order(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    """``orders.order_cancelled`` (``data``: its envelope, the payload loaded with
    events.OrderCancelledRead): the order takes no more payments, and every credited payment
    of it is refunded to its origin. Returns the ids of card refunds to send to the provider
    once this commits (none on a redelivery)."""
    cancelled = data["data"]
    if not uow.first_delivery(data, CONSUMER):
        return []
    number = cancelled["order_number"]
    record = store.order_account(uow.session, number)
    card_refunds: list[str] = []
    if record is not None:
        record.cancelled_at = record.cancelled_at or uow.now()
        order_invoices.cancel_with_order(uow, number)
        card_refunds = open_refunds(uow, record, store.order_credited(uow.session, number), deps.settings)
    nothing_held = record is None or (store.order_refunded(uow.session, number) == 0
                                      and store.refunds_pending(uow.session, number) == 0
                                      and store.order_paid(uow.session, number) == 0)
    if cancelled["refund_required"] and nothing_held:
        # orders believes something was paid that billing never received: say so at once
        # rather than leave the order waiting for a refund forever
        log.warning("refund_required_but_nothing_paid", order_number=number, paid=cancelled["paid"])
        uow.emit("refund_completed", events.nothing_to_refund(
            number, cancelled.get("account_id") or (record.account_id if record else None),
            cancelled.get("applicant_id"), cancelled["currency"],
            store.order_totals(uow.session, record) if record is not None else None))
    return card_refunds


def open_refunds(uow, record: OrderAccount, payments: list[Payment], settings: Settings,
                 reason: str = "order_cancelled") -> list[str]:
    """Refund what is left of each payment: balance refunds complete here; the ids of card
    refunds, to send to the provider after this unit of work commits, are returned.
    The caller holds the order's lock."""
    now = uow.now()
    to_card, to_balance = [], []
    for payment in payments:
        amount = payment.amount - payment.refunded - store.refund_pending_for(uow.session, payment.id)
        if amount <= 0:
            continue
        destination = states.refund_destination(payment.method)
        refund = Refund(payment_id=payment.id, account_id=payment.account_id, order_number=payment.order_number,
                        amount=amount, currency=payment.currency, destination=destination,
                        status=states.REFUND_PENDING, provider=payment.provider if destination == "card" else None,
                        reason=reason, created_at=now)
        uow.session.add(refund)
        (to_card if destination == "card" else to_balance).append((refund, payment))
    uow.session.flush()
    for refund, payment in to_balance:
        complete_refund(uow, record, refund, payment, settings)
    return [refund.id for refund, _ in to_card]


def complete_refund(uow, record: OrderAccount | None, refund: Refund, payment: Payment, settings: Settings) -> None:
    """The money is back on the personal account (and, for a card refund, paid out again:
    it only passes through); announced with the order's totals."""
    now = uow.now()
    refund.status, refund.completed_at = states.REFUND_COMPLETED, now
    payment.refunded += refund.amount
    payment.updated_at = now
    account = store.personal_account(uow.session, refund.account_id, now, lock=True)
    to_card = refund.destination == "card"
    ledger.credit(uow, account, "refund", refund.amount, settings, watch=not to_card, payment=payment, refund=refund,
                  order_number=refund.order_number, description="Возврат по платежу №{}".format(payment.number))
    if to_card:
        ledger.debit(uow, account, "payout", refund.amount, settings, watch=False, payment=payment, refund=refund,
                     order_number=refund.order_number,
                     description="Возврат на карту по платежу №{}".format(payment.number))
    expense = store.expense_of_payment(uow.session, payment.id)
    if expense is not None:
        expense.refunded = min(expense.amount, expense.refunded + refund.amount)
    uow.session.flush()
    number = refund.order_number
    paid = store.order_paid(uow.session, number) if number is not None else payment.amount
    refunded = store.order_refunded(uow.session, number) if number is not None else refund.amount
    pending = store.refunds_pending(uow.session, number) if number is not None else 0
    uow.emit("refund_completed", events.refund_completed(
        refund, payment, refunded_total=refunded, fully_refunded=states.order_fully_refunded(paid, refunded, pending),
        order=store.order_totals(uow.session, record) if record is not None else None))
    log.info("refund_completed", refund_id=refund.id, payment_id=payment.id, amount=refund.amount,
             destination=refund.destination, order_number=number)


# --- card refunds at the provider (the steps of flows.send_refund) ------------------------------

def refund_request(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """What to ask the provider about a pending card refund, or None if there is nothing to
    ask: ``{provider, provider_refund_id, request}``."""
    refund = uow.session.get(Refund, data["refund_id"])
    if refund is None or refund.status != states.REFUND_PENDING or refund.destination != "card":
        return None
    payment = uow.session.get(Payment, refund.payment_id)
    return {"provider": refund.provider, "provider_refund_id": refund.provider_refund_id,
            "request": {"payment_id": payment.provider_payment_id, "amount": refund.amount,
                        "currency": refund.currency,
                        "description": "Возврат по платежу №{}".format(payment.number)}}


def provider_answered(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """Apply the provider's answer about a card refund: ``answer`` (a ProviderRefund) or
    ``rejected`` (why the provider refused it)."""
    refund_id, answer, rejected = data["refund_id"], data.get("answer"), data.get("rejected")
    number = uow.session.get(Refund, refund_id).order_number
    record = store.order_account(uow.session, number) if number is not None else None  # the order's lock first
    refund = store.lock_refund(uow.session, refund_id)
    if refund.status != states.REFUND_PENDING:
        return
    payment = uow.session.get(Payment, refund.payment_id)
    if answer is not None:
        refund.provider_refund_id = answer.id
    if rejected or (answer is not None and answer.status == states.PROVIDER_CANCELED):
        # the card cannot take it back: the money stays the customer's, on the personal account
        refund.failure_reason = (rejected or "canceled by the provider")[:200]
        refund.destination = "balance"
        log.warning("refund_to_card_failed_credited_to_balance", refund_id=refund_id, reason=refund.failure_reason)
        complete_refund(uow, record, refund, payment, deps.settings)
    elif answer.status == states.PROVIDER_SUCCEEDED:
        complete_refund(uow, record, refund, payment, deps.settings)
    else:
        refund.checked_at = uow.now()
