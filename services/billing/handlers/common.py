"""What every billing use case shares: settings, errors from rules, numbers, the personal
account (its lock, balance and entries), billing's view of orders, views."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select, text, update

from kit.context import Caller
from kit.errors import Forbidden, ValidationFailed
from services.billing import exceptions as exc
from services.billing.domain import RuleBroken, money
from services.billing.domain import payments as states
from services.billing.domain.labels import label
from services.billing.models import (
    Counter, LedgerEntry, OrderAccount, Payment, PersonalAccount, Refund,
)

#: which kind of error a broken rule is (default: 409 Conflict; rules about an input field: 422)
RULE_KINDS = {
    "amount_not_integer": exc.InvalidAmount, "amount_not_positive": exc.InvalidAmount,
    "amount_too_large": exc.InvalidAmount, "currency_not_supported": exc.InvalidAmount,
    "amount_below_minimum": exc.InvalidAmount, "amount_above_maximum": exc.InvalidAmount,
    "amount_exceeds_remaining": exc.InvalidAmount, "remaining_too_small": exc.InvalidAmount,
    "remainder_must_be_paid_in_full": exc.InvalidAmount, "prepayment_not_allowed": exc.InvalidAmount,
    "prepayment_below_minimum": exc.InvalidAmount, "payers_identical": ValidationFailed,
}


def rule(broken: RuleBroken):
    kind = RULE_KINDS.get(broken.code, exc.RuleRefused)
    errors = {broken.field: [broken.message]} if broken.field else None
    return kind(broken.message, code=broken.code, errors=errors)


def checked(check, *args, **kwargs):
    """Run a domain check; a broken rule leaves as its error kind."""
    try:
        return check(*args, **kwargs)
    except RuleBroken as broken:
        raise rule(broken) from None


@dataclass(frozen=True)
class Settings:
    card: money.MethodTerms
    low_balance_threshold: int
    #: seconds a provider payment may wait for the payer before it is cancelled
    payment_expiry: int
    #: seconds after creation (and between checks) before the janitor asks the provider
    recheck_after: int
    return_url: str
    default_provider: str

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        base = config["PUBLIC_BASE_URL"].rstrip("/")
        max_amount = int(config["CARD_MAX_AMOUNT"]) if str(config.get("CARD_MAX_AMOUNT") or "").strip() else None
        return cls(
            card=money.card_terms(config["CARD_COMMISSION_PERCENT"], int(config["CARD_COMMISSION_FIXED"]),
                                  int(config["CARD_MIN_AMOUNT"]), max_amount),
            low_balance_threshold=int(config["BALANCE_LOW_THRESHOLD"]),
            payment_expiry=int(config["PAYMENT_EXPIRY"]),
            recheck_after=int(config["PAYMENT_RECHECK_AFTER"]),
            return_url=(config.get("PAYMENT_RETURN_URL") or "{}/payments/return".format(base)).replace(
                "{PUBLIC_BASE_URL}", base),
            default_provider=config["PAYMENT_PROVIDER"],
        )


def require_account(caller: Caller, *rights: str) -> str:
    """The caller's customer account, if their rights there allow this (I3: default finance)."""
    caller.require_user()
    if not caller.account_id:
        raise exc.NoAccount("This user has no customer account")
    caller.require_right(*(rights or ("finance",)))
    return caller.account_id


def require_admin(caller: Caller) -> None:
    caller.require_user()
    if not caller.is_admin:
        raise Forbidden("Administrators only", code="role_required")


def fingerprint(operation: str, **parameters) -> str:
    """What an Idempotency-Key stands for: the same key with other parameters is refused."""
    canonical = json.dumps({"op": operation, **parameters}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _dialect(session) -> str:
    return session.get_bind().dialect.name


def insert_ignoring_duplicates(session, model, **values) -> None:
    """INSERT … ON CONFLICT DO NOTHING (two first uses at once both succeed)."""
    if _dialect(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing())


def next_number(session, name: str, start: int) -> int:
    """The next number people see: a PostgreSQL sequence, or a counter row on SQLite."""
    if _dialect(session) == "postgresql":
        return int(session.execute(text("SELECT nextval('{}_numbers')".format(name))).scalar_one())
    value = session.execute(update(Counter).where(Counter.name == name)
                            .values(value=Counter.value + 1).returning(Counter.value)).scalar()
    if value is None:
        session.add(Counter(name=name, value=start))
        session.flush()
        return start
    return int(value)


# --- the personal account -----------------------------------------------------------------

def personal_account(uow, account_id: str, *, lock: bool = False) -> PersonalAccount:
    """The account's personal account, created on first use; ``lock`` takes its row lock
    (held until the unit of work ends), which every change of the balance needs."""
    now = uow.now()
    insert_ignoring_duplicates(uow.session, PersonalAccount, account_id=account_id, currency=money.CURRENCY,
                               credit_limit=0, low_balance_warned=False, created_at=now, updated_at=now)
    query = select(PersonalAccount).where(PersonalAccount.account_id == account_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return uow.session.execute(query).scalar_one()


def balance(session, account_id: str) -> int:
    """The balance is derived from the entries."""
    return int(session.execute(select(func.coalesce(func.sum(LedgerEntry.amount), 0))
                               .where(LedgerEntry.account_id == account_id)).scalar_one())


def add_entry(uow, account: PersonalAccount, kind: str, amount: int, *, payment: Payment | None = None,
              refund: Refund | None = None, order_number: int | None = None, description: str = "",
              created_by: str | None = None, idempotency_key: str | None = None,
              fingerprint: str | None = None) -> LedgerEntry:
    """Append one movement; the caller holds the account's row lock."""
    after = balance(uow.session, account.account_id) + amount
    entry = LedgerEntry(account_id=account.account_id, kind=kind, amount=amount, balance_after=after,
                        currency=account.currency, payment_id=payment.id if payment else None,
                        refund_id=refund.id if refund else None, order_number=order_number,
                        description=description[:300], created_by=created_by, idempotency_key=idempotency_key,
                        fingerprint=fingerprint, created_at=uow.now())
    uow.session.add(entry)
    uow.session.flush()
    return entry


def debit(uow, account: PersonalAccount, kind: str, amount: int, settings: Settings, *, watch: bool = True,
          **kwargs) -> LedgerEntry:
    """Take money off a locked account under the balance rule, and warn when it runs low.

    ``watch=False`` for money that only passes through (a card payment credited and charged
    to its order, a refund paid out to the card): it says nothing about the balance.
    """
    checked(money.check_debit, balance(uow.session, account.account_id), amount, account.credit_limit)
    entry = add_entry(uow, account, kind, -amount, **kwargs)
    if watch:
        watch_balance(uow, account, entry.balance_after, settings)
    return entry


def credit(uow, account: PersonalAccount, kind: str, amount: int, settings: Settings, *, watch: bool = True,
           **kwargs) -> LedgerEntry:
    entry = add_entry(uow, account, kind, amount, **kwargs)
    if watch:
        watch_balance(uow, account, entry.balance_after, settings)
    return entry


def watch_balance(uow, account: PersonalAccount, balance_after: int, settings: Settings) -> None:
    threshold = settings.low_balance_threshold
    if money.low_balance_warning_due(balance_after, threshold, account.low_balance_warned):
        account.low_balance_warned = True
        uow.emit("balance_low", {"account_id": account.account_id, "balance": balance_after,
                                 "threshold": threshold, "currency": account.currency})
    elif account.low_balance_warned and money.low_balance_recovered(balance_after, threshold):
        account.low_balance_warned = False
    account.updated_at = uow.now()


# --- billing's view of orders ----------------------------------------------------------------

def order_account(uow, order_number: int, payable: dict | None = None, *, lock: bool = True) -> OrderAccount | None:
    """Billing's record of an order (created from orders' payable snapshot), locked: every
    payment and refund of the order takes this lock first, then the personal account's."""
    now = uow.now()
    if payable is not None:
        insert_ignoring_duplicates(uow.session, OrderAccount, order_number=order_number,
                                   account_id=payable["account_id"], service_name=payable.get("service_name") or "",
                                   total=payable["total"], currency=payable["currency"], created_at=now,
                                   updated_at=now)
    query = select(OrderAccount).where(OrderAccount.order_number == order_number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    record = uow.session.execute(query).scalar_one_or_none()
    if record is not None and payable is not None and record.cancelled_at is None:
        # orders owns the price: follow it while the order can still be paid
        if record.total != payable["total"] or (payable.get("service_name") and record.service_name != payable["service_name"]):
            record.total, record.updated_at = payable["total"], now
            record.service_name = payable.get("service_name") or record.service_name
    return record


def order_paid(session, order_number: int) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.order_number == order_number, Payment.status == states.CREDITED)).scalar_one())


def order_refunded(session, order_number: int) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.order_number == order_number, Refund.status == states.REFUND_COMPLETED)).scalar_one())


def order_in_flight(session, order_number: int) -> list[Payment]:
    return list(session.execute(select(Payment).where(
        Payment.order_number == order_number, Payment.status.in_(states.IN_FLIGHT))).scalars())


def order_totals(session, record: OrderAccount) -> dict:
    paid = order_paid(session, record.order_number)
    remaining = max(0, record.total - paid)
    return {"number": record.order_number, "total": record.total, "paid": paid, "remaining": remaining,
            "fully_paid": remaining == 0}


# --- views ----------------------------------------------------------------------------------

def iso(value):
    return value.isoformat() if value is not None else None


def payment_view(payment: Payment, language: str = "ru", order: dict | None = None) -> dict:
    return {
        "id": payment.id, "number": payment.number, "purpose": payment.purpose,
        "purpose_label": label("purpose", payment.purpose, language),
        "order_number": payment.order_number, "method": payment.method,
        "method_label": label("method", payment.method, language),
        "payment_method_id": payment.payment_method_id, "provider": payment.provider,
        "payer_id": payment.payer_id, "amount": payment.amount, "commission": payment.commission,
        "amount_to_pay": payment.amount + payment.commission, "currency": payment.currency,
        "status": payment.status, "status_label": label("payment_status", payment.status, language),
        "failure_reason": payment.failure_reason,
        "confirmation_url": payment.confirmation_url if payment.status in states.IN_FLIGHT else None,
        "refunded": payment.refunded, "comment": payment.comment, "recorded_by": payment.recorded_by,
        "created_at": iso(payment.created_at), "paid_at": iso(payment.paid_at), "order": order,
    }


def account_view(account: PersonalAccount, current_balance: int, settings: Settings) -> dict:
    return {"account_id": account.account_id, "balance": current_balance, "currency": account.currency,
            "credit_limit": account.credit_limit,
            "available": money.available(current_balance, account.credit_limit),
            "low_balance_threshold": settings.low_balance_threshold}


def entry_view(entry: LedgerEntry, language: str = "ru") -> dict:
    return {"id": entry.id, "kind": entry.kind, "kind_label": label("entry_kind", entry.kind, language),
            "amount": entry.amount, "balance_after": entry.balance_after, "currency": entry.currency,
            "payment_id": entry.payment_id, "refund_id": entry.refund_id, "order_number": entry.order_number,
            "description": entry.description, "created_at": iso(entry.created_at)}


def page(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


def conflict_if(condition: bool, code: str, message: str) -> None:
    if condition:
        raise exc.RuleRefused(message, code=code)

