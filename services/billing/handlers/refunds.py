"""Refunds when an order is cancelled (O9): every credited payment of the order goes back
where it came from — the personal account for balance payments and cash a manager recorded,
the card for provider payments (a refund the provider refuses lands on the personal account
instead) — and each completed refund is announced; the last one says the order is fully
refunded, which moves orders from ``cancelled_refund_pending`` to ``cancelled_refunded``.
"""
from __future__ import annotations

import structlog
from sqlalchemy import func, select

from services.billing.adapters import ProviderError, ProviderRejected, Providers
from services.billing.domain import payments as states
from services.billing.handlers import common
from services.billing.models import Expense, OrderAccount, Payment, Refund

log = structlog.get_logger(__name__)
CONSUMER = "billing.on_order_cancelled"


def _pending_for(session, payment_id: str) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.payment_id == payment_id, Refund.status == states.REFUND_PENDING)).scalar_one())


def _pending_count(session, order_number: int) -> int:
    return int(session.execute(select(func.count()).select_from(Refund).where(
        Refund.order_number == order_number, Refund.status == states.REFUND_PENDING)).scalar_one())


def open_refunds(uow, record: OrderAccount, payments: list[Payment], settings: common.Settings,
                 reason: str = "order_cancelled") -> list[str]:
    """Refund what is left of each payment: balance refunds complete here; the ids of card
    refunds, to send to the provider after this unit of work commits, are returned.
    The caller holds the order's lock."""
    now = uow.now()
    to_card, to_balance = [], []
    for payment in payments:
        amount = payment.amount - payment.refunded - _pending_for(uow.session, payment.id)
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


def complete_refund(uow, record: OrderAccount | None, refund: Refund, payment: Payment,
                    settings: common.Settings) -> None:
    now = uow.now()
    refund.status, refund.completed_at = states.REFUND_COMPLETED, now
    payment.refunded += refund.amount
    payment.updated_at = now
    account = common.personal_account(uow, refund.account_id, lock=True)
    to_card = refund.destination == "card"  # then the money only passes through the account
    common.credit(uow, account, "refund", refund.amount, settings, watch=not to_card, payment=payment, refund=refund,
                  order_number=refund.order_number,
                  description="Возврат по платежу №{}".format(payment.number))
    if to_card:
        common.debit(uow, account, "payout", refund.amount, settings, watch=False, payment=payment, refund=refund,
                     order_number=refund.order_number,
                     description="Возврат на карту по платежу №{}".format(payment.number))
    expense = uow.session.execute(select(Expense).where(Expense.payment_id == payment.id)).scalar_one_or_none()
    if expense is not None:
        expense.refunded = min(expense.amount, expense.refunded + refund.amount)
    uow.session.flush()
    number = refund.order_number
    paid = common.order_paid(uow.session, number) if number is not None else payment.amount
    refunded = common.order_refunded(uow.session, number) if number is not None else refund.amount
    pending = _pending_count(uow.session, number) if number is not None else 0
    uow.emit("refund_completed", {
        "refund_id": refund.id, "payment_id": payment.id, "account_id": refund.account_id,
        "user_id": payment.user_id, "order_number": number, "amount": refund.amount,
        "currency": refund.currency, "destination": refund.destination,
        "order_refunded_total": refunded,
        "order_fully_refunded": states.order_fully_refunded(paid, refunded, pending),
    })
    log.info("refund_completed", refund_id=refund.id, payment_id=payment.id, amount=refund.amount,
             destination=refund.destination, order_number=number)


def refund_order(db, providers: Providers, event: dict, data: dict, settings: common.Settings) -> None:
    """``orders.order_cancelled`` (``data`` loaded with schemas.OrderCancelled): refund every
    credited payment of the order to its origin."""
    number = data["order_number"]
    # The janitor first: settle payments still in flight (cancelled at the provider if they
    # can be; one that succeeds later is refunded when it is credited).
    from services.billing.handlers import payments

    payments.recheck_order(db, providers, number, settings)
    with db.unit_of_work() as uow:
        if not uow.first_delivery(event, CONSUMER):
            return
        record = common.order_account(uow, number)
        card_refunds: list[str] = []
        if record is not None:
            record.cancelled_at = record.cancelled_at or uow.now()
            credited = list(uow.session.execute(select(Payment).where(
                Payment.order_number == number, Payment.status == states.CREDITED)
                .order_by(Payment.created_at)).scalars())
            card_refunds = open_refunds(uow, record, credited, settings)
        nothing_held = record is None or (common.order_refunded(uow.session, number) == 0
                                          and _pending_count(uow.session, number) == 0
                                          and common.order_paid(uow.session, number) == 0)
        if data["refund_required"] and nothing_held:
            # orders believes something was paid that billing never received: say so at once
            # rather than leave the order waiting for a refund forever
            log.warning("refund_required_but_nothing_paid", order_number=number, paid=data["paid"])
            uow.emit("refund_completed", {
                "refund_id": None, "payment_id": None, "account_id": data.get("account_id") or (record.account_id if record else None),
                "user_id": data.get("applicant_id"), "order_number": number, "amount": 0,
                "currency": data["currency"], "destination": "balance", "order_refunded_total": 0,
                "order_fully_refunded": True,
            })
    for refund_id in card_refunds:
        process_refund(db, providers, refund_id, settings)


def process_refund(db, providers: Providers, refund_id: str, settings: common.Settings) -> None:
    """Send a card refund to the provider (the refund's id is its idempotence key) or ask
    where it stands, and complete it when the provider has done it."""
    with db.unit_of_work() as uow:
        refund = uow.session.get(Refund, refund_id)
        if refund is None or refund.status != states.REFUND_PENDING or refund.destination != "card":
            return
        payment = uow.session.get(Payment, refund.payment_id)
        provider_name, provider_refund_id = refund.provider, refund.provider_refund_id
        request = {"payment_id": payment.provider_payment_id, "amount": refund.amount, "currency": refund.currency,
                   "description": "Возврат по платежу №{}".format(payment.number)}
    adapter = providers.get(provider_name)
    result, rejected = None, None
    try:
        if adapter is None:
            raise ProviderRejected("provider {!r} is not configured".format(provider_name))
        if provider_refund_id:
            result = adapter.get_refund(provider_refund_id)
        else:
            result = adapter.create_refund(idempotence_key=refund_id, **request)
    except ProviderRejected as error:
        rejected = str(error)
    except ProviderError as error:
        log.warning("provider_refund_failed", refund_id=refund_id, error=str(error))
        return  # the janitor asks again with the same key
    with db.unit_of_work() as uow:
        record = common.order_account(uow, refund.order_number) if refund.order_number is not None else None
        refund = uow.session.execute(select(Refund).where(Refund.id == refund_id).with_for_update()
                                     .execution_options(populate_existing=True)).scalar_one()
        if refund.status != states.REFUND_PENDING:
            return
        payment = uow.session.get(Payment, refund.payment_id)
        if result is not None:
            refund.provider_refund_id = result.id
        if rejected or (result is not None and result.status == states.PROVIDER_CANCELED):
            # the card cannot take it back: the money stays the customer's, on the personal account
            refund.failure_reason = (rejected or "canceled by the provider")[:200]
            refund.destination = "balance"
            log.warning("refund_to_card_failed_credited_to_balance", refund_id=refund_id, reason=refund.failure_reason)
            complete_refund(uow, record, refund, payment, settings)
        elif result.status == states.PROVIDER_SUCCEEDED:
            complete_refund(uow, record, refund, payment, settings)
        else:
            refund.checked_at = uow.now()
