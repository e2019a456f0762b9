"""The personal account (B1): balance and its entries, what each way of paying costs before
paying, and an administrator's adjustments."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kit.context import Caller
from services.billing import exceptions as exc
from services.billing.domain import money
from services.billing.domain import payments as states
from services.billing.domain.labels import label
from services.billing.handlers import common
from services.billing.handlers.common import checked
from services.billing.models import LedgerEntry, PaymentMethod


def get_account(uow, caller: Caller, settings: common.Settings, account_id: str | None = None) -> dict:
    """The caller's personal account, or (administrators) any account's."""
    if account_id is not None and account_id != caller.account_id:
        common.require_admin(caller)
    else:
        account_id = common.require_account(caller)
    account = common.personal_account(uow, account_id)
    return common.account_view(account, common.balance(uow.session, account_id), settings)


def list_entries(uow, caller: Caller, query: dict, account_id: str | None = None) -> dict:
    if account_id is not None and account_id != caller.account_id:
        common.require_admin(caller)
    else:
        account_id = common.require_account(caller)
    condition = LedgerEntry.account_id == account_id
    total = uow.session.execute(select(func.count()).select_from(LedgerEntry).where(condition)).scalar_one()
    rows = uow.session.execute(select(LedgerEntry).where(condition).order_by(LedgerEntry.id.desc())
                               .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return common.page([common.entry_view(e, caller.language) for e in rows], total, query)


def adjust(db, caller: Caller, account_id: str, data: dict, settings: common.Settings,
           key: str | None = None) -> dict:
    """An administrator's correction; a debit obeys the balance rule like any other. Its
    Idempotency-Key is kept on the entry (unique per account)."""
    common.require_admin(caller)
    checked(money.check_currency, data["currency"])
    fp = common.fingerprint("adjustment", **data)

    def replay(uow):
        entry = uow.session.execute(select(LedgerEntry).where(LedgerEntry.account_id == account_id,
                                                              LedgerEntry.idempotency_key == key)).scalar_one_or_none()
        if entry is None:
            return None
        if entry.fingerprint != fp:
            raise exc.IdempotencyKeyReused("This Idempotency-Key was used with different parameters")
        account = common.personal_account(uow, account_id)
        return common.account_view(account, common.balance(uow.session, account_id), settings)

    try:
        with db.unit_of_work() as uow:
            if key and (view := replay(uow)) is not None:
                return view
            account = common.personal_account(uow, account_id, lock=True)
            move = common.credit if data["amount"] > 0 else common.debit
            move(uow, account, "adjustment", abs(data["amount"]), settings, created_by=caller.user_id,
                 description="Корректировка: {}".format(data["reason"].strip()), idempotency_key=key,
                 fingerprint=fp if key else None)
            return common.account_view(account, common.balance(uow.session, account_id), settings)
    except IntegrityError:
        if not key:
            raise
        with db.unit_of_work() as uow:
            view = replay(uow)
        if view is None:
            raise
        return view


def _rule_text(terms: money.MethodTerms) -> str:
    if not terms.percent_bp and not terms.fixed:
        return "0"
    percent = "{}.{:02d}%".format(terms.percent_bp // 100, terms.percent_bp % 100)
    return "{} + {} ₽".format(percent, money.rub(terms.fixed)) if terms.fixed else percent


def payment_options(uow, caller: Caller, query: dict, settings: common.Settings, provider_name: str) -> dict:
    """Every way to pay ``amount``, with its commission and limits, shown before paying (B4)."""
    account_id = common.require_account(caller, "finance", "orders")
    amount, language = query["amount"], caller.language
    account = common.personal_account(uow, account_id)
    current = common.balance(uow.session, account_id)
    options = []
    if query["purpose"] == "order":
        enough = money.available(current, account.credit_limit) >= amount
        options.append({"method": "balance", "label": label("method", "balance", language), "provider": None,
                        "status": None, "commission": 0, "commission_rule": "0", "amount_to_pay": amount,
                        "min_amount": money.BALANCE.min_amount, "max_amount": None, "available": enough,
                        "reason": None if enough else "insufficient_funds"})
    card = settings.card

    def card_option(method, name, provider, status=None):
        usable = card.allows(amount) and status != states.CONFIGURING
        reason = None
        if status == states.CONFIGURING:
            reason = "payment_method_not_ready"
        elif amount < card.min_amount:
            reason = "amount_below_minimum"
        elif not card.allows(amount):
            reason = "amount_above_maximum"
        return {"method": method, "label": name, "provider": provider, "status": status,
                "commission": card.commission(amount), "commission_rule": _rule_text(card),
                "amount_to_pay": card.amount_to_pay(amount), "min_amount": card.min_amount,
                "max_amount": card.max_amount, "available": usable, "reason": reason}

    options.append(card_option("card", label("method", "card", language), provider_name))
    saved = uow.session.execute(select(PaymentMethod).where(
        PaymentMethod.account_id == account_id, PaymentMethod.deleted_at.is_(None))
        .order_by(PaymentMethod.created_at)).scalars()
    for method in saved:
        options.append(card_option(method.id, method.name or method.title, method.provider, method.status))
    return {"amount": amount, "currency": money.CURRENCY, "balance": current, "options": options}
