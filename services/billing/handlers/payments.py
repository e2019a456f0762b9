"""Payments (B1, B3, B4, O13, O14), one transaction each: reading them; creating a top-up or
an order payment (once per Idempotency-Key); a manager's payment; what a provider's answer
does to a payment — credit it (moving the money where it says), fail it — only forwards.

Calling the provider is flows.py's: a payment is committed here as ``new`` first, the
provider is called with the payment's id as its own idempotence key, then the answer is
applied here under the payment's row lock.
"""
from __future__ import annotations

import structlog
from sqlalchemy.exc import IntegrityError

from kit import listing, metrics
from kit.context import Caller
from kit.store import insert_ignore
from services.billing import events, exceptions as exc, store, views
from services.billing.adapters import MethodInfo, ProviderPayment
from services.billing.dependencies import Deps, Settings
from services.billing.domain import credit as credit_rules, money, payers as payer_rules
from services.billing.domain import payments as states, receipts
from services.billing.handlers import access, ledger, methods as saved_methods, order_invoices, refunds, subscriptions
from services.billing.models import Contract, Expense, OrderAccount, Payer, Payment, PaymentMethod, new_id

log = structlog.get_logger(__name__)


# --- reading ---------------------------------------------------------------------------------

def get_payment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller, "finance", "orders")
    payment = uow.session.get(Payment, data["payment_id"])
    if payment is None or (payment.account_id != account_id and not caller.is_admin):
        raise exc.PaymentNotFound("No such payment")
    return views.payment_view(payment, caller.language, names=_names(uow, [payment], deps))


def _payments(caller: Caller, data: dict):
    """The payments a list shows the caller: their account's, or (administrators) another
    account's or every account's; with the list's filters, in its order."""
    if data.get("scope") == "all":
        access.require_admin(caller)
        visible = []
    else:
        visible = [Payment.account_id == access.account_to_read(caller, data.get("account_id"))]
    return store.filtered_payments(visible, data)


def _names(uow, rows, deps: Deps) -> views.PaymentNames:
    """Who the payments name, for one page at once: the people (who paid, who recorded it)
    from billing's copy of identity's people (identity asked once for the unknown), the
    payers from billing's own."""
    people = deps.people(uow.session, now=uow.now).get(
        [p.user_id for p in rows] + [p.recorded_by for p in rows])
    payers = store.payers_by_id(uow.session, [p.payer_id for p in rows])
    return views.PaymentNames(people={i: p.get("full_name") or None for i, p in people.items()},
                              payers={i: payer_rules.display_name({"name": p.name,
                                                                   "contact_person": p.contact_person}) or None
                                      for i, p in payers.items()})


def list_payments(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    total, rows = listing.page(uow.session, _payments(caller, data), data)
    names = _names(uow, rows, deps)
    return views.page([views.payment_view(p, caller.language, names=names) for p in rows], total, data)


def export_payments(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The same list as CSV rows, a part at a time (the gateway streams them)."""
    def rows_of(rows):
        names = _names(uow, rows, deps)
        return [views.payment_row(p, caller.language, deps.settings.zone, names) for p in rows]

    return listing.export_part(uow.session, _payments(caller, data), data, views.payment_header(caller.language),
                               rows_of, created=Payment.created_at, now=uow.now())


# --- creating a payment, once per Idempotency-Key --------------------------------------------------

def _replay(session, account_id: str, key: str | None, fingerprint: str, language: str) -> dict | None:
    """The first result again for a repeated Idempotency-Key; refused with other parameters."""
    payment = store.payment_by_key(session, account_id, key)
    if payment is None:
        return None
    if payment.fingerprint != fingerprint:
        raise exc.IdempotencyKeyReused("This Idempotency-Key was used with different parameters")
    return views.payment_view(payment, language)


class _KeyTaken(Exception):
    """A request with the same Idempotency-Key created its payment meanwhile."""


def _new_payment(uow, *, account_id, user_id, purpose, method, amount, currency, key, fingerprint,
                 order_number=None, provider=None, commission=0, payer_id=None, payment_method_id=None,
                 save_method=False, description="", recorded_by=None, comment=None) -> Payment:
    """A ``new`` payment. Raises :class:`_KeyTaken` (its savepoint rolled back, the
    transaction still usable) when a request with the same key made one meanwhile."""
    now = uow.now()
    payment = Payment(
        id=new_id(), number=store.next_payment_number(uow.session), account_id=account_id, user_id=user_id,
        recorded_by=recorded_by, payer_id=payer_id, purpose=purpose, order_number=order_number, method=method,
        payment_method_id=payment_method_id, provider=provider, amount=amount, commission=commission,
        currency=currency, status=states.NEW, save_method=save_method, description=description[:300],
        comment=comment, idempotency_key=key, fingerprint=fingerprint, refunded=0, created_at=now, updated_at=now,
    )
    try:
        with uow.session.begin_nested():
            uow.session.add(payment)
            uow.session.flush()  # the unique (account, Idempotency-Key) constraint speaks here
    except IntegrityError:
        if not key:
            raise
        raise _KeyTaken() from None
    return payment


def _created_once(uow, caller: Caller, account_id: str, key: str | None, fingerprint: str, create) -> dict:
    """``create()`` (which makes the payment) once per Idempotency-Key, even when two requests
    with one key race: the loser answers with the winner's payment (committed before the
    unique constraint refused the loser's row, so this transaction now reads it)."""
    replay = _replay(uow.session, account_id, key, fingerprint, caller.language)
    if replay is not None:
        return {"payment": replay}
    try:
        return create()
    except _KeyTaken:
        replay = _replay(uow.session, account_id, key, fingerprint, caller.language)
        if replay is None:
            raise RuntimeError("the Idempotency-Key's payment vanished") from None
        return {"payment": replay}


def _payer(session, account_id: str, payer_id: str | None) -> Payer | None:
    if payer_id is None:
        return None
    payer = store.payer(session, payer_id)
    if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
        raise exc.InvalidReference("No such payer in this account", code="payer_not_found",
                                   errors={"payer_id": ["No such payer."]})
    return payer


def _known_payer(session, account_id: str, order: dict) -> str | None:
    """The order's payer, if it is one of this account's billing payers."""
    payer_id = order.get("payer_id")
    if not payer_id:
        return None
    payer = store.payer(session, str(payer_id))
    return payer.id if payer is not None and payer.account_id == account_id and payer.deleted_at is None else None


def _check_payer_choice(session, account_id: str, payer_id: str | None) -> None:
    payer_rules.check_payer_choice(payer_id, store.payers_with_unpaid_act_expenses(session, account_id))


def _saved_method(session, account_id: str, method_id: str) -> PaymentMethod:
    method = session.get(PaymentMethod, method_id)
    if method is None or method.account_id != account_id or method.deleted_at is not None:
        raise exc.InvalidReference("No such saved payment method", code="payment_method_not_found",
                                   errors={"method": ["No such saved payment method."]})
    states.check_method_usable(method.status)
    return method


def _card_or_saved(session, account_id: str, method_choice: str, amount: int, deps: Deps):
    """(method, provider, saved method or None, commission) of a provider payment."""
    card = deps.settings.card
    card.check(amount)
    commission = card.commission(amount)
    if method_choice == "card":
        return "card", deps.providers.default.name, None, commission
    saved = _saved_method(session, account_id, method_choice)
    if deps.providers.get(saved.provider) is None:
        raise exc.RuleRefused("The provider of this saved method is not available", code="payment_provider_unknown")
    return "saved_method", saved.provider, saved, commission


#: how an action-log entry names a client's payment method (never the card's data)
METHOD_WORDS = {"card": "банковской картой", "saved_method": "сохраненным способом", "balance": "с лицевого счета"}


def _method_words(payment: Payment) -> str:
    return METHOD_WORDS.get(payment.method, payment.method)


def create_top_up(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """An advance payment onto the personal account, by card or a saved method (B1):
    ``{"payment_id"}`` of the ``new`` payment to start at the provider, or ``{"payment"}``
    for a repeated Idempotency-Key."""
    request, key = data["request"], data.get("idempotency_key")
    account_id = access.require_account(caller)
    money.check_currency(request["currency"])
    fp = store.fingerprint("top_up", **request)

    def create():
        store.personal_account(uow.session, account_id, uow.now())
        payer = _payer(uow.session, account_id, request.get("payer_id"))
        _check_payer_choice(uow.session, account_id, payer.id if payer else None)
        method, provider, saved, commission = _card_or_saved(uow.session, account_id, request["method"],
                                                             request["amount"], deps)
        payment = _new_payment(
            uow, account_id=account_id, user_id=caller.user_id, purpose="top_up", method=method,
            amount=request["amount"], currency=request["currency"], key=key, fingerprint=fp, provider=provider,
            commission=commission, payer_id=payer.id if payer else None,
            payment_method_id=saved.id if saved else None, save_method=request.get("save_method", False),
            description="Авансовый платеж")
        uow.record_action("payment.top_up_started", "payment", payment.id, "Пополнение лицевого счета: {} ₽, {}".format(
            listing.money(payment.amount), _method_words(payment)), account_id=account_id)
        return {"payment_id": payment.id}

    return _created_once(uow, caller, account_id, key, fp, create)


def create_purchase_payment(uow, caller: Caller, purchase, method_choice: str, deps: Deps) -> Payment:
    """The provider payment of a cart checkout by card or a saved method (its commission and
    limits as for any payment); credited, it pays the purchase (:func:`credit_payment`)."""
    method, provider, saved, commission = _card_or_saved(uow.session, purchase.account_id, method_choice,
                                                         purchase.total, deps)
    return _new_payment(uow, account_id=purchase.account_id, user_id=caller.user_id, purpose="purchase",
                        method=method, amount=purchase.total, currency=money.CURRENCY, key=None, fingerprint=None,
                        provider=provider, commission=commission, payment_method_id=saved.id if saved else None,
                        description="Оплата заказа №{}".format(purchase.number))


def charge_saved_method(uow, *, account_id: str, user_id: str | None, method: PaymentMethod, amount: int,
                        key: str, description: str, deps: Deps) -> Payment:
    """A top-up charged to a saved method with no payer present (auto-renewal, autopay): the
    ``new`` payment to start at the provider, or the one this key already made (one charge
    per key: a renewal's key names its service and period)."""
    existing = store.payment_by_key(uow.session, account_id, key)
    if existing is not None:
        return existing
    states.check_method_usable(method.status)
    card = deps.settings.card
    card.check(amount)
    if deps.providers.get(method.provider) is None:
        raise exc.RuleRefused("The provider of this saved method is not available", code="payment_provider_unknown")
    try:
        return _new_payment(uow, account_id=account_id, user_id=user_id, purpose="top_up", method="saved_method",
                            amount=amount, currency=money.CURRENCY, key=key, fingerprint=None,
                            provider=method.provider, commission=card.commission(amount),
                            payment_method_id=method.id, description=description)
    except _KeyTaken:
        return store.payment_by_key(uow.session, account_id, key)


# --- order payments (O13, O14) --------------------------------------------------------------------

def check_order_payment(caller: Caller, data: dict) -> None:
    """What is refused before anything else (before the provider is asked about the order's
    payments): someone else's order, another currency."""
    order, request = data["order"], data["request"]
    access.require_order_payer(caller, order)
    money.check_currency(order["currency"])
    money.check_currency(request["currency"])


def check_manager_payment(caller: Caller, data: dict) -> None:
    """The same for a manager's payment (O14)."""
    order, request = data["order"], data["request"]
    caller.require_role("rental_manager")
    if order.get("remaining", 1) <= 0:  # say so plainly (orders let this caller see the order)
        money.check_manager_payment(order["total"], order["paid"], request["amount"])
    access.require_staff_may_record(order)
    money.check_currency(order["currency"])
    money.check_currency(request["currency"])


def _order_record(uow, order: dict) -> OrderAccount:
    """Billing's record of the order, locked, opened from orders' snapshot on its first
    payment; orders owns the price: the record follows it while the order can be paid."""
    now = uow.now()
    store.open_order_account(uow.session, order, now)
    record = store.order_account(uow.session, order["order_number"])
    if record.cancelled_at is None and (record.total != order["total"] or (
            order.get("service_name") and record.service_name != order["service_name"])):
        record.total, record.updated_at = order["total"], now
        record.service_name = order.get("service_name") or record.service_name
    states.check_order_takes_payments(record.cancelled_at is not None,
                                      bool(store.order_in_flight(uow.session, record.order_number)))
    return record


def _order_description(record: OrderAccount) -> str:
    return "{} (заказ №{})".format(record.service_name or "Заказ", record.order_number)


def create_order_payment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/pay`` (``data``: ``{order, request, idempotency_key}``, ``order``
    being orders' payable snapshot): from the balance (credited here), by card or with a saved
    method — every method refused while the account is blocked for an overdue invoice (B9)
    (``{"payment_id"}`` to start at the provider); in full, or a first prepayment when the
    service allows it (B3, O13)."""
    check_order_payment(caller, data)
    order, request, key = data["order"], data["request"], data.get("idempotency_key")
    account_id, number = order["account_id"], order["order_number"]
    fp = store.fingerprint("pay_order", order_number=number, **request)

    def create():
        record = _order_record(uow, order)
        states.check_payable(bool(order.get("payable")))
        paid = store.order_paid(uow.session, number)
        amount = request.get("amount") or max(0, record.total - paid)
        money.check_order_payment(record.total, paid, amount, prepayment_allowed=bool(order.get("prepayment_allowed")),
                                  min_prepayment=order.get("min_prepayment"))
        payer = _payer(uow.session, account_id, request.get("payer_id") or _known_payer(uow.session, account_id, order))
        _check_payer_choice(uow.session, account_id, payer.id if payer else None)
        columns = dict(account_id=account_id, user_id=caller.user_id, purpose="order", order_number=number,
                       amount=amount, currency=request["currency"], key=key, fingerprint=fp,
                       payer_id=payer.id if payer else None, description=_order_description(record))
        # manual 004: while blocked «недоступна возможность оплаты услуг» — by any method, as the
        # cart's checkout; what stays possible is a top-up (and auto-renewal from a saved method)
        account = store.personal_account(uow.session, account_id, uow.now(), lock=True)
        credit_rules.check_allowed(account.blocked_at is not None, "pay_service")
        if request["method"] == "balance":
            money.check_debit(store.balance(uow.session, account_id), amount, account.credit_limit)
            payment = _new_payment(uow, method="balance", **columns)
            credit_payment(uow, payment, deps.settings)
            uow.record_action("payment.order_paid", "payment", payment.id, "Оплата заказа {}: {} ₽, {}".format(
                number, listing.money(amount), _method_words(payment)), account_id=account_id)
            return {"payment": views.payment_view(payment, caller.language, store.order_totals(uow.session, record))}
        method, provider, saved, commission = _card_or_saved(uow.session, account_id, request["method"], amount, deps)
        payment = _new_payment(uow, method=method, provider=provider, commission=commission,
                               payment_method_id=saved.id if saved else None,
                               save_method=request.get("save_method", False), **columns)
        uow.record_action("payment.order_payment_started", "payment", payment.id, "Оплата заказа {}: {} ₽, {}".format(
            number, listing.money(amount), _method_words(payment)), account_id=account_id)
        return {"payment_id": payment.id}

    return _created_once(uow, caller, account_id, key, fp, create)


def record_manager_payment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/payments`` (O14): money a manager received; each payment must
    leave at least 50 ₽ unless it pays the remainder in full (checked under the order's lock
    against billing's own paid total). ``{"payment"}``, credited."""
    check_manager_payment(caller, data)
    order, request, key = data["order"], data["request"], data.get("idempotency_key")
    account_id, number = order["account_id"], order["order_number"]
    fp = store.fingerprint("manager_payment", order_number=number, **request)

    def create():
        record = _order_record(uow, order)
        money.check_manager_payment(record.total, store.order_paid(uow.session, number), request["amount"])
        store.personal_account(uow.session, account_id, uow.now(), lock=True)
        payment = _new_payment(
            uow, account_id=account_id, user_id=order.get("applicant_id"), recorded_by=caller.user_id,
            purpose="order", order_number=number, method="manager", amount=request["amount"],
            currency=request["currency"], key=key, fingerprint=fp,
            payer_id=_known_payer(uow.session, account_id, order), comment=request.get("comment"),
            description=_order_description(record))
        credit_payment(uow, payment, deps.settings)
        uow.record_action("payment.recorded", "payment", payment.id, "Оплата заказа {} менеджером: {} ₽".format(
            number, listing.money(payment.amount)), account_id=account_id)
        return {"payment": views.payment_view(payment, caller.language, store.order_totals(uow.session, record))}

    return _created_once(uow, caller, account_id, key, fp, create)


def record_bank_transfer(uow, *, record: OrderAccount, account_id: str, user_id: str | None, payer_id: str | None,
                         amount: int, currency: str, key: str, description: str, comment: str,
                         recorded_by: str | None, settings: Settings) -> Payment:
    """Money that came by bank transfer for an order's invoice (a bank statement's line),
    credited at once (method ``bank_transfer``). ``key`` names the statement line: one
    payment per line, whatever imports it again. The caller holds the order's lock."""
    existing = store.payment_by_key(uow.session, account_id, key)
    if existing is not None:
        return existing
    payment = _new_payment(uow, account_id=account_id, user_id=user_id, recorded_by=recorded_by, purpose="order",
                           order_number=record.order_number, method="bank_transfer", amount=amount,
                           currency=currency, key=key, fingerprint=None, payer_id=payer_id,
                           description=description, comment=comment[:500] or None)
    credit_payment(uow, payment, settings)
    return payment


# --- at the provider (the steps of the flows around a provider call) ---------------------------------

def at_provider(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """What the provider knows the payment by and is asked to charge (the amount with its
    commission, and where to find the payment again; the saved method's token when paying
    with one); None when there is nothing to ask (no such payment, final, no provider)."""
    payment = uow.session.get(Payment, data["payment_id"])
    if payment is None or payment.status in states.FINAL or payment.provider is None:
        return None
    token = None
    if payment.payment_method_id:
        token = uow.session.get(PaymentMethod, payment.payment_method_id).provider_method_id
    return {"provider": payment.provider, "provider_payment_id": payment.provider_payment_id,
            "method": payment.method, "age": (uow.now() - payment.created_at).total_seconds(),
            "method_token": token,
            "user_id": payment.user_id,
            "charge": {"amount": payment.amount + payment.commission, "currency": payment.currency,
                       "description": payment.description, "save_method": payment.save_method,
                       "receipt": payment.receipt,
                       "metadata": {"payment_id": payment.id, "payment_number": payment.number,
                                    "account_id": payment.account_id, "order_number": payment.order_number}}}


def receipt_facts(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """What the payment's 54-FZ receipt is built from (:mod:`..domain.receipts`): its lines
    (an order's from orders' snapshot, ``data["order_lines"]``, when the flow has it),
    commission and charged amount, and the payer's contact when a payer is chosen."""
    payment = uow.session.get(Payment, data["payment_id"])
    if payment.purpose == "order":
        record = store.order_account(uow.session, payment.order_number, lock=False)
        lines = receipts.order_lines(record.service_name, record.order_number, payment.amount, record.total,
                                     store.order_paid(uow.session, record.order_number), data.get("order_lines"))
    elif payment.purpose == "purchase":
        purchase = store.purchase_of_payment(uow.session, payment.id)
        lines = receipts.purchase_lines([{"name": line.name, "period_months": line.period_months, "paid": line.paid}
                                         for line in store.purchase_lines(uow.session, purchase.id)])
    else:
        lines = receipts.top_up_lines(payment.amount)
    payer = uow.session.get(Payer, payment.payer_id) if payment.payer_id else None
    return {"lines": lines, "commission": payment.commission, "charged": payment.amount + payment.commission,
            "currency": payment.currency, "contact": receipts.customer(payer.email, payer.phone) if payer else None}


def keep_receipt(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The receipt kept on the payment (the first one built wins): it is sent unchanged
    with every request made with the payment's idempotence key."""
    payment = store.lock_payment(uow.session, data["payment_id"])
    if payment.receipt is None:
        payment.receipt = data["receipt"]
    return payment.receipt


def fail_to_start(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """The provider refused or did not answer a payment the payer never saw: it fails."""
    fail_payment(uow, store.lock_payment(uow.session, data["payment_id"]), data["reason"])


def close_unstarted(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """A card payment the provider never heard of, long after it was made: it fails."""
    stuck = store.lock_payment(uow.session, data["payment_id"])
    if stuck.status == states.NEW and stuck.provider_payment_id is None:
        fail_payment(uow, stuck, "not_started")


def provider_answered(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Apply what the provider says of a payment (``data["answer"]``), only forwards:
    ``{"payment": its view, "refund_ids": refunds to send}`` (a payment that completes after
    its order was cancelled is refunded at once)."""
    payment = store.lock_payment(uow.session, data["payment_id"])
    refund_ids = apply_provider_payment(uow, payment, data["answer"], deps.settings)
    record = store.order_account(uow.session, payment.order_number, lock=False) if payment.order_number is not None else None
    order = store.order_totals(uow.session, record) if record is not None else None
    return {"payment": views.payment_view(payment, caller.language, order), "refund_ids": refund_ids}


def in_flight_at_provider(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    """The order's payments whose outcome the provider has yet to tell."""
    return [p.id for p in store.order_in_flight(uow.session, data["order_number"]) if p.provider]


def notified_object(uow, caller: Caller, data: dict, deps: Deps) -> str | None:
    """Our id of what a provider's notification names (``kind``: payment, refund or method)."""
    return store.notified_object(uow.session, data["kind"], data["provider"], data["object_id"])


# --- what happens to a payment ---------------------------------------------------------------------

def apply_provider_payment(uow, payment: Payment, answer: ProviderPayment, settings: Settings) -> list[str]:
    """Apply what the provider says about the payment, only forwards. Returns refunds to send."""
    if payment.provider_payment_id is None:
        payment.provider_payment_id = answer.id
    elif payment.provider_payment_id != answer.id:
        log.error("provider_payment_mismatch", payment_id=payment.id, ours=payment.provider_payment_id,
                  theirs=answer.id)
        return []
    if answer.confirmation_url and not payment.confirmation_url:
        payment.confirmation_url = answer.confirmation_url
    expected = payment.amount + payment.commission
    if answer.status == states.PROVIDER_SUCCEEDED and (answer.amount != expected or answer.currency != payment.currency):
        payment.anomaly = "amount_mismatch"
        log.error("provider_amount_mismatch", payment_id=payment.id, expected=expected, reported=answer.amount)
        return []
    if states.is_anomaly(payment.status, answer.status):
        if payment.anomaly is None:
            payment.anomaly = "succeeded_after_failure"
            log.error("payment_succeeded_after_failure", payment_id=payment.id, provider=payment.provider,
                      provider_payment_id=payment.provider_payment_id)
        return []
    target = states.status_for_provider(payment.status, answer.status)
    if target == states.PAYING:
        payment.status, payment.updated_at = states.PAYING, uow.now()
        uow.emit("payment_started", events.payment_started(payment))
    elif target == states.CREDITED:
        return credit_payment(uow, payment, settings, method_info=answer.method)
    elif target == states.FAILED:
        fail_payment(uow, payment, answer.reason or "canceled")
    return []


def _ensure_contract(uow, payer_id: str | None, account_id: str) -> None:
    """manual 004: a contract with the payer is formed after its first payment."""
    if payer_id is None:
        return
    payer = uow.session.get(Payer, payer_id)
    if store.has_contract(uow.session, payer_id) or payer is None:
        return
    insert_ignore(uow.session, Contract, id=new_id(), account_id=account_id, payer_id=payer_id,
                  number="Д-{}".format(payer.number), created_at=uow.now())


def credit_payment(uow, payment: Payment, settings: Settings, method_info: MethodInfo | None = None) -> list[str]:
    """The money is ours: move it where the payment says, record it, announce it.

    Returns ids of refunds still to send to the provider (a payment that completes after its
    order was cancelled is refunded at once).
    """
    states.check_transition(payment.status, states.CREDITED)
    now = uow.now()
    payment.status, payment.paid_at, payment.updated_at = states.CREDITED, now, now
    order = None
    refund_ids: list[str] = []
    if payment.purpose == "top_up":
        account = store.personal_account(uow.session, payment.account_id, now, lock=True)
        ledger.credit(uow, account, "top_up", payment.amount, settings, payment=payment,
                      description="Авансовый платеж №{}".format(payment.number), created_by=payment.user_id)
    elif payment.purpose == "purchase":
        # the money passes through the personal account to the purchase (B11)
        account = store.personal_account(uow.session, payment.account_id, now, lock=True)
        purchase = store.purchase_of_payment(uow.session, payment.id)
        ledger.credit(uow, account, "payment", payment.amount, settings, watch=False, payment=payment,
                      description="Платеж №{}".format(payment.number), created_by=payment.user_id)
        ledger.debit(uow, account, "charge", payment.amount, settings, watch=False, payment=payment,
                     description="Оплата заказа №{}".format(purchase.number), created_by=payment.user_id)
        subscriptions.settle_purchase(uow, purchase, payment=payment)
    else:
        record = store.order_account(uow.session, payment.order_number)
        account = store.personal_account(uow.session, payment.account_id, now, lock=True)
        name = _order_description(record).strip()
        if payment.method == "balance":
            ledger.debit(uow, account, "charge", payment.amount, settings, payment=payment,
                         order_number=payment.order_number, description=name, created_by=payment.user_id)
        else:
            kind = "manager_payment" if payment.method == "manager" else "payment"
            # the money passes through the personal account to the order
            ledger.credit(uow, account, kind, payment.amount, settings, watch=False, payment=payment,
                          order_number=payment.order_number, description="Платеж №{}".format(payment.number),
                          created_by=payment.recorded_by or payment.user_id)
            ledger.debit(uow, account, "charge", payment.amount, settings, watch=False, payment=payment,
                         order_number=payment.order_number, description=name, created_by=payment.user_id)
        uow.session.add(Expense(
            account_id=payment.account_id, payer_id=payment.payer_id, name=name[:300],
            order_number=payment.order_number, charged_at=now, amount=payment.amount, unpaid=0,
            vat=money.vat_included(payment.amount), vat_rate=money.VAT_PERCENT, payment_id=payment.id,
            payment_number=payment.number, refunded=0, created_at=now))
        uow.session.flush()
        order_invoices.follow_payment(uow, payment)
        order = store.order_totals(uow.session, record)
        if record.cancelled_at is not None:
            refund_ids = refunds.open_refunds(uow, record, [payment], settings, reason="paid_after_cancellation")
    _ensure_contract(uow, payment.payer_id, payment.account_id)
    if payment.payment_method_id:
        saved_methods.payment_outcome(uow, payment.payment_method_id, succeeded=True)
    elif method_info is not None and payment.save_method and method_info.saved:
        saved_methods.save_from_payment(uow, payment, method_info)
    uow.emit("payment_succeeded", events.payment_succeeded(payment, now, order))
    uow.after_commit(metrics.PAYMENTS.labels(payment.method or "unknown", "succeeded").inc)
    log.info("payment_credited", payment_id=payment.id, number=payment.number, amount=payment.amount,
             method=payment.method, order_number=payment.order_number)
    return refund_ids


def fail_payment(uow, payment: Payment, reason: str) -> None:
    states.check_transition(payment.status, states.FAILED)
    payment.status, payment.failure_reason, payment.updated_at = states.FAILED, (reason or "failed")[:100], uow.now()
    if payment.payment_method_id:
        saved_methods.payment_outcome(uow, payment.payment_method_id, succeeded=False)
    uow.emit("payment_failed", events.payment_failed(payment))
    uow.after_commit(metrics.PAYMENTS.labels(payment.method or "unknown", "failed").inc)
    log.info("payment_failed", payment_id=payment.id, reason=payment.failure_reason)
