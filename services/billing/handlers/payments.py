"""Payments (B1, B3, B4, O13, O14): top-ups, order payments from the balance or through the
provider, manager payments, what a provider's report does to a payment, the janitor.

A provider is called between two units of work, never inside one: the payment row is
committed as ``new`` first (with its Idempotency-Key under a unique constraint), the
provider is called with the payment's id as its own idempotence key, then the answer is
applied under the payment's row lock. Whatever happens in between, re-asking the provider
(a webhook, the janitor) converges on the provider's truth, and a payment never moves
backwards.
"""
from __future__ import annotations

import structlog
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kit.context import Caller
from services.billing import exceptions as exc
from services.billing.adapters import ProviderError, ProviderPayment, ProviderRejected, Providers
from services.billing.domain import money, payers as payer_rules
from services.billing.domain import payments as states
from services.billing.handlers import common, methods as saved_methods
from services.billing.handlers.common import checked
from services.billing.models import Contract, Expense, Payer, Payment, PaymentMethod, new_id

log = structlog.get_logger(__name__)


# --- lookups ---------------------------------------------------------------------------------


def _provider_request(session, payment: Payment) -> tuple[str | None, dict]:
    """What the provider is asked to charge: the amount with its commission, and where to
    find the payment again (metadata); the saved method's token when paying with one."""
    token = None
    if payment.payment_method_id:
        token = session.get(PaymentMethod, payment.payment_method_id).provider_method_id
    return token, {"amount": payment.amount + payment.commission, "currency": payment.currency,
                   "description": payment.description, "save_method": payment.save_method,
                   "metadata": {"payment_id": payment.id, "payment_number": payment.number,
                                "account_id": payment.account_id, "order_number": payment.order_number}}

def _by_key(session, account_id: str, key: str | None) -> Payment | None:
    if not key:
        return None
    return session.execute(select(Payment).where(Payment.account_id == account_id,
                                                 Payment.idempotency_key == key)).scalar_one_or_none()


def _replay(payment: Payment | None, fingerprint: str, language: str, order: dict | None = None) -> dict | None:
    """The first result again for a repeated Idempotency-Key; refused with other parameters."""
    if payment is None:
        return None
    if payment.fingerprint != fingerprint:
        raise exc.IdempotencyKeyReused("This Idempotency-Key was used with different parameters")
    return common.payment_view(payment, language, order)


def lock_payment(session, payment_id: str) -> Payment | None:
    return session.execute(select(Payment).where(Payment.id == payment_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one_or_none()


def get_payment(uow, caller: Caller, payment_id: str) -> dict:
    account_id = common.require_account(caller, "finance", "orders")
    payment = uow.session.get(Payment, payment_id)
    if payment is None or (payment.account_id != account_id and not caller.is_admin):
        raise exc.PaymentNotFound("No such payment")
    return common.payment_view(payment, caller.language)


def list_payments(uow, caller: Caller, query: dict) -> dict:
    account_id = common.require_account(caller)
    conditions = [Payment.account_id == account_id]
    for name in ("status", "purpose", "order_number"):
        if query.get(name) is not None:
            conditions.append(getattr(Payment, name) == query[name])
    total = uow.session.execute(select(func.count()).select_from(Payment).where(*conditions)).scalar_one()
    rows = uow.session.execute(select(Payment).where(*conditions)
                               .order_by(Payment.created_at.desc(), Payment.number.desc())
                               .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return common.page([common.payment_view(p, caller.language) for p in rows], total, query)


def _payer(session, account_id: str, payer_id: str | None) -> Payer | None:
    if payer_id is None:
        return None
    payer = session.get(Payer, payer_id)
    if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
        raise exc.InvalidReference("No such payer in this account", code="payer_not_found",
                                errors={"payer_id": ["No such payer."]})
    return payer


def _check_payer_choice(session, account_id: str, payer_id: str | None) -> None:
    blocking = session.execute(select(Expense.payer_id).where(
        Expense.account_id == account_id, Expense.act_id.is_not(None), Expense.unpaid > 0,
        Expense.payer_id.is_not(None)).distinct()).scalars().all()
    checked(payer_rules.check_payer_choice, payer_id, blocking)


def _saved_method(session, account_id: str, method_id: str) -> PaymentMethod:
    method = session.get(PaymentMethod, method_id)
    if method is None or method.account_id != account_id or method.deleted_at is not None:
        raise exc.InvalidReference("No such saved payment method", code="payment_method_not_found",
                                errors={"method": ["No such saved payment method."]})
    checked(states.check_method_usable, method.status)
    return method


def _new_payment(uow, *, account_id, user_id, purpose, method, amount, currency, key, fingerprint,
                 order_number=None, provider=None, commission=0, payer_id=None, payment_method_id=None,
                 save_method=False, description="", recorded_by=None, comment=None) -> Payment:
    now = uow.now()
    payment = Payment(
        id=new_id(), number=common.next_number(uow.session, "payment", 1001), account_id=account_id,
        user_id=user_id, recorded_by=recorded_by, payer_id=payer_id, purpose=purpose, order_number=order_number,
        method=method, payment_method_id=payment_method_id, provider=provider, amount=amount,
        commission=commission, currency=currency, status=states.NEW, save_method=save_method,
        description=description[:300], comment=comment, idempotency_key=key, fingerprint=fingerprint,
        refunded=0, created_at=now, updated_at=now,
    )
    uow.session.add(payment)
    uow.session.flush()  # the unique (account, Idempotency-Key) constraint speaks here
    return payment


# --- crediting and failing -----------------------------------------------------------------

def _ensure_contract(uow, payer_id: str | None, account_id: str) -> None:
    """manual 004: a contract with the payer is formed after its first payment."""
    if payer_id is None:
        return
    exists = uow.session.execute(select(Contract.id).where(Contract.payer_id == payer_id).limit(1)).first()
    payer = uow.session.get(Payer, payer_id)
    if exists or payer is None:
        return
    common.insert_ignoring_duplicates(uow.session, Contract, id=new_id(), account_id=account_id, payer_id=payer_id,
                                      number="Д-{}".format(payer.number), created_at=uow.now())


def credit_payment(uow, payment: Payment, settings: common.Settings, method_info=None) -> list[str]:
    """The money is ours: move it where the payment says, record it, announce it.

    Returns ids of refunds still to send to the provider (a payment that completes after its
    order was cancelled is refunded at once).
    """
    checked(states.check_transition, payment.status, states.CREDITED)
    now = uow.now()
    payment.status, payment.paid_at, payment.updated_at = states.CREDITED, now, now
    order = None
    refunds: list[str] = []
    if payment.purpose == "top_up":
        account = common.personal_account(uow, payment.account_id, lock=True)
        common.credit(uow, account, "top_up", payment.amount, settings, payment=payment,
                      description="Авансовый платеж №{}".format(payment.number), created_by=payment.user_id)
    else:
        record = common.order_account(uow, payment.order_number)
        account = common.personal_account(uow, payment.account_id, lock=True)
        name = "{} (заказ №{})".format(record.service_name or "Заказ", payment.order_number).strip()
        if payment.method == "balance":
            common.debit(uow, account, "charge", payment.amount, settings, payment=payment,
                         order_number=payment.order_number, description=name, created_by=payment.user_id)
        else:
            kind = "manager_payment" if payment.method == "manager" else "payment"
            # the money passes through the personal account to the order
            common.credit(uow, account, kind, payment.amount, settings, watch=False, payment=payment,
                          order_number=payment.order_number, description="Платеж №{}".format(payment.number),
                          created_by=payment.recorded_by or payment.user_id)
            common.debit(uow, account, "charge", payment.amount, settings, watch=False, payment=payment,
                         order_number=payment.order_number, description=name, created_by=payment.user_id)
        uow.session.add(Expense(
            account_id=payment.account_id, payer_id=payment.payer_id, name=name[:300],
            order_number=payment.order_number, charged_at=now, amount=payment.amount, unpaid=0,
            vat=money.vat_included(payment.amount), vat_rate=money.VAT_PERCENT, payment_id=payment.id,
            payment_number=payment.number, refunded=0, created_at=now))
        uow.session.flush()
        order = common.order_totals(uow.session, record)
        if record.cancelled_at is not None:
            from services.billing.handlers import refunds

            refunds = refunds.open_refunds(uow, record, [payment], settings, reason="paid_after_cancellation")
    _ensure_contract(uow, payment.payer_id, payment.account_id)
    if payment.payment_method_id:
        saved_methods.payment_outcome(uow, payment.payment_method_id, succeeded=True)
    elif method_info is not None and payment.save_method and method_info.saved:
        saved_methods.save_from_payment(uow, payment, method_info)
    uow.emit("payment_succeeded", {
        "payment_id": payment.id, "payment_number": payment.number, "account_id": payment.account_id,
        "user_id": payment.user_id, "purpose": payment.purpose, "order_number": payment.order_number,
        "amount": payment.amount, "commission": payment.commission, "currency": payment.currency,
        "method": payment.method, "provider": payment.provider, "paid_at": now.isoformat(),
        "order_paid_total": order["paid"] if order else None,
        "order_remaining": order["remaining"] if order else None,
        "order_fully_paid": order["fully_paid"] if order else None,
    })
    log.info("payment_credited", payment_id=payment.id, number=payment.number, amount=payment.amount,
             method=payment.method, order_number=payment.order_number)
    return refunds


def fail_payment(uow, payment: Payment, reason: str) -> None:
    checked(states.check_transition, payment.status, states.FAILED)
    payment.status, payment.failure_reason, payment.updated_at = states.FAILED, (reason or "failed")[:100], uow.now()
    if payment.payment_method_id:
        saved_methods.payment_outcome(uow, payment.payment_method_id, succeeded=False)
    uow.emit("payment_failed", {
        "payment_id": payment.id, "account_id": payment.account_id, "user_id": payment.user_id,
        "purpose": payment.purpose, "order_number": payment.order_number, "amount": payment.amount,
        "currency": payment.currency, "reason": payment.failure_reason,
    })
    log.info("payment_failed", payment_id=payment.id, reason=payment.failure_reason)


def apply_provider_payment(uow, payment: Payment, result: ProviderPayment, settings: common.Settings) -> list[str]:
    """Apply what the provider says about the payment, only forwards. Returns refunds to send."""
    if payment.provider_payment_id is None:
        payment.provider_payment_id = result.id
    elif payment.provider_payment_id != result.id:
        log.error("provider_payment_mismatch", payment_id=payment.id, ours=payment.provider_payment_id,
                  theirs=result.id)
        return []
    if result.confirmation_url and not payment.confirmation_url:
        payment.confirmation_url = result.confirmation_url
    expected = payment.amount + payment.commission
    if result.status == states.PROVIDER_SUCCEEDED and (result.amount != expected or result.currency != payment.currency):
        payment.anomaly = "amount_mismatch"
        log.error("provider_amount_mismatch", payment_id=payment.id, expected=expected, reported=result.amount)
        return []
    if states.is_anomaly(payment.status, result.status):
        if payment.anomaly is None:
            payment.anomaly = "succeeded_after_failure"
            log.error("payment_succeeded_after_failure", payment_id=payment.id, provider=payment.provider,
                      provider_payment_id=payment.provider_payment_id)
        return []
    target = states.status_for_provider(payment.status, result.status)
    if target == states.PAYING:
        payment.status, payment.updated_at = states.PAYING, uow.now()
        uow.emit("payment_started", {
            "payment_id": payment.id, "payment_number": payment.number, "account_id": payment.account_id,
            "user_id": payment.user_id, "purpose": payment.purpose, "order_number": payment.order_number,
            "amount": payment.amount, "currency": payment.currency, "method": payment.method,
            "confirmation_url": payment.confirmation_url,
        })
    elif target == states.CREDITED:
        return credit_payment(uow, payment, settings, method_info=result.method)
    elif target == states.FAILED:
        fail_payment(uow, payment, result.reason or "canceled")
    return []


# --- starting a provider payment -------------------------------------------------------------

def _start_at_provider(db, providers: Providers, payment_id: str, settings: common.Settings, language: str,
                       return_url: str | None = None) -> dict:
    with db.unit_of_work() as uow:
        payment = uow.session.get(Payment, payment_id)
        token, request = _provider_request(uow.session, payment)
        provider, method = payment.provider, payment.method
    adapter = providers.get(provider)
    try:
        result = adapter.create_payment(idempotence_key=payment_id, return_url=return_url or settings.return_url,
                                        method_token=token, **request)
    except ProviderRejected as error:
        log.warning("provider_refused_payment", payment_id=payment_id, error=str(error))
        with db.unit_of_work() as uow:
            fail_payment(uow, lock_payment(uow.session, payment_id), "provider_rejected")
        raise exc.RuleRefused("The payment provider refused the payment", code="payment_provider_rejected")
    except ProviderError as error:
        # A redirect payment the payer never saw cannot have moved money: close it. A charge of a
        # saved method may have happened: leave it for the janitor to ask again (same key).
        log.warning("provider_create_failed", payment_id=payment_id, error=str(error))
        if method == "card":
            with db.unit_of_work() as uow:
                fail_payment(uow, lock_payment(uow.session, payment_id), "provider_unavailable")
            raise exc.ProviderUnavailable("The payment provider did not answer; nothing was charged")
        raise exc.ProviderUnavailable("The payment provider did not answer; the payment will be checked again")
    with db.unit_of_work() as uow:
        payment = lock_payment(uow.session, payment_id)
        refunds = apply_provider_payment(uow, payment, result, settings)
        order = _order_view(uow, payment)
        view = common.payment_view(payment, language, order)
    _send_refunds(db, providers, refunds, settings)
    return view


def _order_view(uow, payment: Payment) -> dict | None:
    if payment.order_number is None:
        return None
    record = common.order_account(uow, payment.order_number, lock=False)
    return common.order_totals(uow.session, record) if record else None


def _send_refunds(db, providers, refund_ids, settings) -> None:
    if refund_ids:
        from services.billing.handlers import refunds

        for refund_id in refund_ids:
            refunds.process_refund(db, providers, refund_id, settings)


def _card_or_saved(uow, account_id: str, method_choice: str, amount: int, settings: common.Settings,
                   providers: Providers):
    """(method, provider, saved method or None, commission) of a provider payment."""
    checked(settings.card.check, amount)
    commission = settings.card.commission(amount)
    if method_choice == "card":
        return "card", providers.default.name, None, commission
    saved = _saved_method(uow.session, account_id, method_choice)
    if providers.get(saved.provider) is None:
        raise exc.RuleRefused("The provider of this saved method is not available", code="payment_provider_unknown")
    return "saved_method", saved.provider, saved, commission


def _create(db, account_id: str, key: str | None, fp: str, language: str, build):
    """Run ``build(uow)`` (which creates the payment) once per Idempotency-Key, even when two
    requests with the same key race: the loser reads the winner's payment."""
    try:
        with db.unit_of_work() as uow:
            replay = _replay(_by_key(uow.session, account_id, key), fp, language)
            if replay is not None:
                return replay, None
            return build(uow)
    except IntegrityError:
        if not key:
            raise
        with db.unit_of_work() as uow:
            replay = _replay(_by_key(uow.session, account_id, key), fp, language)
        if replay is None:
            raise
        return replay, None


def top_up(db, caller: Caller, data: dict, key: str | None, settings: common.Settings,
           providers: Providers) -> dict:
    """An advance payment onto the personal account, by card or a saved method (B1)."""
    account_id = common.require_account(caller)
    checked(money.check_currency, data["currency"])
    fp = common.fingerprint("top_up", **data)

    def build(uow):
        common.personal_account(uow, account_id)
        payer = _payer(uow.session, account_id, data.get("payer_id"))
        _check_payer_choice(uow.session, account_id, payer.id if payer else None)
        method, provider, saved, commission = _card_or_saved(uow, account_id, data["method"], data["amount"],
                                                             settings, providers)
        payment = _new_payment(
            uow, account_id=account_id, user_id=caller.user_id, purpose="top_up", method=method,
            amount=data["amount"], currency=data["currency"], key=key, fingerprint=fp, provider=provider,
            commission=commission, payer_id=payer.id if payer else None,
            payment_method_id=saved.id if saved else None, save_method=data.get("save_method", False),
            description="Авансовый платеж")
        return None, payment.id

    view, payment_id = _create(db, account_id, key, fp, caller.language, build)
    if view is not None:
        return view
    return _start_at_provider(db, providers, payment_id, settings, caller.language, data.get("return_url"))


# --- order payments (O13, O14) ---------------------------------------------------------------

def _authorize_order(caller: Caller, payable: dict) -> None:
    caller.require_user()
    if caller.account_id != payable["account_id"] and caller.user_id != payable.get("applicant_id"):
        raise exc.OrderNotFound("No such order")


def _lock_order_for_payment(uow, payable: dict):
    record = common.order_account(uow, payable["order_number"], payable)
    common.conflict_if(record.cancelled_at is not None, "order_cancelled", "The order was cancelled")
    common.conflict_if(bool(common.order_in_flight(uow.session, record.order_number)), "payment_in_progress",
                       "A payment of this order is in progress; finish or wait for it first")
    return record


def pay_order(db, caller: Caller, payable: dict, data: dict, key: str | None, settings: common.Settings,
              providers: Providers) -> dict:
    """``POST /orders/{n}/pay``: from the balance, by card or with a saved method; in full, or
    a first prepayment when the service allows it (B3, O13)."""
    _authorize_order(caller, payable)
    account_id, number = payable["account_id"], payable["order_number"]
    checked(money.check_currency, payable["currency"])
    checked(money.check_currency, data["currency"])
    recheck_order(db, providers, number, settings)  # the janitor first: no unresolved payment
    fp = common.fingerprint("pay_order", order_number=number, **data)

    def build(uow):
        record = _lock_order_for_payment(uow, payable)
        common.conflict_if(not payable.get("payable"), "order_not_payable", "This order cannot be paid now")
        paid = common.order_paid(uow.session, number)
        amount = data.get("amount") or max(0, record.total - paid)
        checked(money.check_order_payment, record.total, paid, amount,
                prepayment_allowed=bool(payable.get("prepayment_allowed")),
                min_prepayment=payable.get("min_prepayment"))
        payer = _payer(uow.session, account_id, data.get("payer_id") or _known_payer(uow.session, account_id, payable))
        _check_payer_choice(uow.session, account_id, payer.id if payer else None)
        common_fields = dict(account_id=account_id, user_id=caller.user_id, purpose="order", order_number=number,
                             amount=amount, currency=data["currency"], key=key, fingerprint=fp,
                             payer_id=payer.id if payer else None,
                             description="{} (заказ №{})".format(record.service_name or "Заказ", number))
        if data["method"] == "balance":
            account = common.personal_account(uow, account_id, lock=True)
            checked(money.check_debit, common.balance(uow.session, account_id), amount, account.credit_limit)
            payment = _new_payment(uow, method="balance", **common_fields)
            credit_payment(uow, payment, settings)
            return common.payment_view(payment, caller.language, common.order_totals(uow.session, record)), None
        method, provider, saved, commission = _card_or_saved(uow, account_id, data["method"], amount, settings,
                                                             providers)
        payment = _new_payment(uow, method=method, provider=provider, commission=commission,
                               payment_method_id=saved.id if saved else None,
                               save_method=data.get("save_method", False), **common_fields)
        return None, payment.id

    view, payment_id = _create(db, account_id, key, fp, caller.language, build)
    if view is not None:
        return view
    return _start_at_provider(db, providers, payment_id, settings, caller.language, data.get("return_url"))


def _known_payer(session, account_id: str, payable: dict) -> str | None:
    """The order's payer, if it is one of this account's billing payers."""
    payer_id = payable.get("payer_id")
    if not payer_id:
        return None
    payer = session.get(Payer, str(payer_id))
    return payer.id if payer is not None and payer.account_id == account_id and payer.deleted_at is None else None


def record_manager_payment(db, caller: Caller, payable: dict, data: dict, key: str | None,
                           settings: common.Settings, providers: Providers) -> dict:
    """``POST /orders/{n}/payments`` (O14): money a manager received; each payment must
    leave at least 50 ₽ unless it pays the remainder in full (checked under the order's lock
    against billing's own paid total)."""
    caller.require_role("rental_manager")
    if payable.get("remaining", 1) <= 0:  # say so plainly (orders let this caller see the order)
        checked(money.check_manager_payment, payable["total"], payable["paid"], data["amount"])
    if not payable.get("staff_may_record"):
        raise exc.ManagerPaymentNotAllowed("This order takes no payments now: its status does not allow "
                                           "them, or you do not handle its service")
    account_id, number = payable["account_id"], payable["order_number"]
    checked(money.check_currency, payable["currency"])
    checked(money.check_currency, data["currency"])
    recheck_order(db, providers, number, settings)
    fp = common.fingerprint("manager_payment", order_number=number, **data)

    def build(uow):
        record = _lock_order_for_payment(uow, payable)
        paid = common.order_paid(uow.session, number)
        checked(money.check_manager_payment, record.total, paid, data["amount"])
        common.personal_account(uow, account_id, lock=True)
        payment = _new_payment(
            uow, account_id=account_id, user_id=payable.get("applicant_id"), recorded_by=caller.user_id,
            purpose="order", order_number=number, method="manager", amount=data["amount"],
            currency=data["currency"], key=key, fingerprint=fp,
            payer_id=_known_payer(uow.session, account_id, payable), comment=data.get("comment"),
            description="{} (заказ №{})".format(record.service_name or "Заказ", number))
        credit_payment(uow, payment, settings)
        return common.payment_view(payment, caller.language, common.order_totals(uow.session, record)), None

    view, _ = _create(db, account_id, key, fp, caller.language, build)
    return view


# --- re-asking the provider: webhooks and the janitor -----------------------------------------

def recheck_payment(db, providers: Providers, payment_id: str, settings: common.Settings) -> None:
    """Ask the provider where the payment stands and apply it (Kill Bill's janitor). A payment
    that waited longer than PAYMENT_EXPIRY is cancelled at the provider."""
    with db.unit_of_work() as uow:
        payment = uow.session.get(Payment, payment_id)
        if payment is None or payment.status in states.FINAL or payment.provider is None:
            return
        provider_name, provider_id = payment.provider, payment.provider_payment_id
        method, created_at = payment.method, payment.created_at
        now = uow.now()
        token, request = _provider_request(uow.session, payment)
    adapter = providers.get(provider_name)
    if adapter is None:
        log.error("payment_provider_not_configured", payment_id=payment_id, provider=provider_name)
        return
    age = (now - created_at).total_seconds()
    try:
        if provider_id is None:
            if age < settings.recheck_after:
                return  # its creating request may still be running
            if method == "card":
                with db.unit_of_work() as uow:
                    stuck = lock_payment(uow.session, payment_id)
                    if stuck.status == states.NEW and stuck.provider_payment_id is None:
                        fail_payment(uow, stuck, "not_started")
                return
            # the same idempotence key returns the charge the provider may already have made
            result = adapter.create_payment(idempotence_key=payment_id, return_url=settings.return_url,
                                            method_token=token, **request)
        else:
            result = adapter.get_payment(provider_id)
            if result.status == states.PROVIDER_PENDING and age > settings.payment_expiry:
                result = adapter.cancel_payment(provider_id, idempotence_key=payment_id + ":cancel")
    except ProviderError as error:
        log.warning("provider_recheck_failed", payment_id=payment_id, error=str(error))
        return
    with db.unit_of_work() as uow:
        payment = lock_payment(uow.session, payment_id)
        refunds = apply_provider_payment(uow, payment, result, settings)
    _send_refunds(db, providers, refunds, settings)


def recheck_order(db, providers: Providers, order_number: int, settings: common.Settings) -> None:
    """Before anything is done with an order's payments, resolve the ones still in flight."""
    with db.unit_of_work() as uow:
        ids = [p.id for p in common.order_in_flight(uow.session, order_number) if p.provider]
    for payment_id in ids:
        recheck_payment(db, providers, payment_id, settings)


def handle_webhook(db, providers: Providers, provider_name: str, headers: dict, body: str,
                   settings: common.Settings, now: float) -> dict:
    """A provider's notification: verified, then the object it names is re-read from the
    provider and applied forwards only (so repeats and out-of-order ones change nothing)."""
    from services.billing.adapters import InvalidNotification
    from services.billing.handlers import refunds
    from services.billing.models import Refund

    adapter = providers.get(provider_name)
    if adapter is None:
        raise exc.UnknownProvider("No such payment provider")
    try:
        notification = adapter.parse_notification(headers, body, now)
    except InvalidNotification as error:
        log.warning("webhook_rejected", provider=provider_name, reason=str(error))
        raise exc.WebhookRejected("The notification's signature is not valid")
    with db.unit_of_work() as uow:
        if notification.kind == "payment":
            target = uow.session.execute(select(Payment.id).where(
                Payment.provider == provider_name, Payment.provider_payment_id == notification.object_id)).scalar()
        elif notification.kind == "refund":
            target = uow.session.execute(select(Refund.id).where(
                Refund.provider == provider_name, Refund.provider_refund_id == notification.object_id)).scalar()
        else:
            target = uow.session.execute(select(PaymentMethod.id).where(
                PaymentMethod.provider == provider_name,
                PaymentMethod.provider_method_id == notification.object_id)).scalar()
    if target is None:
        log.info("webhook_ignored", provider=provider_name, notification=notification.event, object_id=notification.object_id)
        return {"status": "ignored"}
    if notification.kind == "payment":
        recheck_payment(db, providers, target, settings)
    elif notification.kind == "refund":
        refunds.process_refund(db, providers, target, settings)
    else:
        saved_methods.recheck_method(db, providers, target)
    return {"status": "processed"}
