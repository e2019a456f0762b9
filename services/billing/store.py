"""Billing's named queries and locks: the personal account (created on first use, its row
lock, its balance), billing's record of an order and its totals, payments by key and by
provider id, refunds, payers, and the rows the janitor claims. No decisions here.

Lock order: an order's record, then the personal account — never the reverse.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update

from kit import listing
from kit.store import insert_ignore, next_counter, next_number
from services.billing.domain import money
from services.billing.domain import payments as states
from services.billing.models import (
    Act, AutopayAttempt, AutopaySetting, Cart, CartItem, Contract, Invoice, Expense, LedgerEntry, OrderAccount,
    OrderInvoice, Payer, Payment, PaymentMethod, PersonalAccount, Product, PromoCode, PromoUse, Purchase, PurchaseLine,
    Refund, Service, StatementLine,
)


def fingerprint(operation: str, **parameters) -> str:
    """What an Idempotency-Key stands for, stored with what it created: the same key with
    other parameters is refused."""
    canonical = json.dumps({"op": operation, **parameters}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def next_payment_number(session) -> int:
    return next_number(session, "payment", 1001)


def next_payer_number(session) -> int:
    return next_number(session, "payer", 101)


#: what the payments and ledger lists sort by (schemas.PaymentQuery, EntryQuery)
PAYMENT_COLUMNS = {"created_at": Payment.created_at, "number": Payment.number, "amount": Payment.amount,
                   "status": Payment.status, "paid_at": Payment.paid_at}
ENTRY_COLUMNS = {"created_at": LedgerEntry.created_at, "amount": LedgerEntry.amount}


def filtered_payments(visible: list, data: dict):
    """A payments list's ``select``: ``visible`` with the query's filters (status, purpose,
    order, the period of creation, text: the payment's or its order's number, its
    description, its payer's name, the name of the user who paid or of the staff member who
    recorded it — billing's copy of identity's people), in its order (newest first by
    default, number breaking ties)."""
    conditions = list(visible)
    for name in ("status", "purpose", "order_number"):
        if data.get(name) is not None:
            conditions.append(getattr(Payment, name) == data[name])
    conditions += listing.within(Payment.created_at, data)
    conditions += listing.matching(data.get("q"), [Payment.search_text, Payer.search_text],
                                   numbers=[Payment.number, Payment.order_number],
                                   people=[Payment.user_id, Payment.recorded_by])
    query = select(Payment).outerjoin(Payer, Payer.id == Payment.payer_id) if data.get("q") else select(Payment)
    return listing.sorted_by(query.where(*conditions), data["sort"], PAYMENT_COLUMNS, Payment.number.desc())


def filtered_entries(account_id: str, data: dict):
    """An account's ledger entries with the query's filters (kind, order, period, text:
    the order's number or the description), newest first by default."""
    conditions = [LedgerEntry.account_id == account_id, *listing.within(LedgerEntry.created_at, data),
                  *listing.matching(data.get("q"), [LedgerEntry.search_text], numbers=[LedgerEntry.order_number])]
    for name in ("kind", "order_number"):
        if data.get(name) is not None:
            conditions.append(getattr(LedgerEntry, name) == data[name])
    return listing.sorted_by(select(LedgerEntry).where(*conditions), data["sort"], ENTRY_COLUMNS,
                             LedgerEntry.id.desc())


def page(session, model, conditions, order_by, query: dict) -> tuple[int, list]:
    """(how many rows match, the rows of the query's page)."""
    total = session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one()
    rows = session.execute(select(model).where(*conditions).order_by(*order_by)
                           .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return total, list(rows)


# --- the personal account ---------------------------------------------------------------

def personal_account(session, account_id: str, now: datetime, *, lock: bool = False) -> PersonalAccount:
    """The account's personal account, created on first use; ``lock`` takes its row lock
    (held until the unit of work ends), which every change of the balance needs."""
    insert_ignore(session, PersonalAccount, account_id=account_id, currency=money.CURRENCY, credit_limit=0,
                  low_balance_warned=False, created_at=now, updated_at=now)
    query = select(PersonalAccount).where(PersonalAccount.account_id == account_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one()


def balance(session, account_id: str) -> int:
    """The balance is derived from the entries."""
    return int(session.execute(select(func.coalesce(func.sum(LedgerEntry.amount), 0))
                               .where(LedgerEntry.account_id == account_id)).scalar_one())


def adjustment_by_key(session, account_id: str, key: str) -> LedgerEntry | None:
    return session.execute(select(LedgerEntry).where(LedgerEntry.account_id == account_id,
                                                     LedgerEntry.idempotency_key == key)).scalar_one_or_none()


# --- billing's record of an order ---------------------------------------------------------

def open_order_account(session, payable: dict, now: datetime) -> None:
    """Billing's record of an order, made from orders' payable snapshot on its first payment."""
    insert_ignore(session, OrderAccount, order_number=payable["order_number"], account_id=payable["account_id"],
                  service_name=payable.get("service_name") or "", total=payable["total"],
                  currency=payable["currency"], created_at=now, updated_at=now)


def order_account(session, order_number: int, *, lock: bool = True) -> OrderAccount | None:
    """Billing's record of an order, locked by default: every payment and refund of the
    order takes this lock first, then the personal account's."""
    query = select(OrderAccount).where(OrderAccount.order_number == order_number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def order_paid(session, order_number: int) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.order_number == order_number, Payment.status == states.CREDITED)).scalar_one())


def order_refunded(session, order_number: int) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.order_number == order_number, Refund.status == states.REFUND_COMPLETED)).scalar_one())


def order_in_flight(session, order_number: int) -> list[Payment]:
    return list(session.execute(select(Payment).where(
        Payment.order_number == order_number, Payment.status.in_(states.IN_FLIGHT))).scalars())


def order_credited(session, order_number: int) -> list[Payment]:
    return list(session.execute(select(Payment).where(
        Payment.order_number == order_number, Payment.status == states.CREDITED)
        .order_by(Payment.created_at)).scalars())


def order_totals(session, record: OrderAccount) -> dict:
    """An order's money as billing knows it (billing is the one source of its paid and
    remaining amounts): ``{number, total, paid, remaining, fully_paid}``."""
    paid = order_paid(session, record.order_number)
    remaining = max(0, record.total - paid)
    return {"number": record.order_number, "total": record.total, "paid": paid, "remaining": remaining,
            "fully_paid": remaining == 0}


# --- payments ---------------------------------------------------------------------------

def payment_by_key(session, account_id: str, key: str | None) -> Payment | None:
    if not key:
        return None
    return session.execute(select(Payment).where(Payment.account_id == account_id,
                                                 Payment.idempotency_key == key)).scalar_one_or_none()


def lock_payment(session, payment_id: str) -> Payment | None:
    return session.execute(select(Payment).where(Payment.id == payment_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one_or_none()


def notified_object(session, kind: str, provider: str, provider_id: str) -> str | None:
    """Our id of the payment, refund or saved method a provider's notification names."""
    model, column = {"payment": (Payment, Payment.provider_payment_id),
                     "refund": (Refund, Refund.provider_refund_id),
                     "method": (PaymentMethod, PaymentMethod.provider_method_id)}[kind]
    return session.execute(select(model.id).where(model.provider == provider, column == provider_id)).scalar()


def payers_with_unpaid_act_expenses(session, account_id: str) -> list[str]:
    return list(session.execute(select(Expense.payer_id).where(
        Expense.account_id == account_id, Expense.act_id.is_not(None), Expense.unpaid > 0,
        Expense.payer_id.is_not(None)).distinct()).scalars())


def expense_of_payment(session, payment_id: str) -> Expense | None:
    return session.execute(select(Expense).where(Expense.payment_id == payment_id)).scalar_one_or_none()


def has_contract(session, payer_id: str) -> bool:
    return session.execute(select(Contract.id).where(Contract.payer_id == payer_id).limit(1)).first() is not None


# --- refunds ----------------------------------------------------------------------------

def refund_pending_for(session, payment_id: str) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.payment_id == payment_id, Refund.status == states.REFUND_PENDING)).scalar_one())


def refunds_pending(session, order_number: int) -> int:
    return int(session.execute(select(func.count()).select_from(Refund).where(
        Refund.order_number == order_number, Refund.status == states.REFUND_PENDING)).scalar_one())


def lock_refund(session, refund_id: str) -> Refund:
    return session.execute(select(Refund).where(Refund.id == refund_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()


# --- payers and saved methods -----------------------------------------------------------

def payers_by_id(session, payer_ids) -> dict[str, Payer]:
    """The payers of these ids (one query for a page of payments)."""
    wanted = sorted({i for i in payer_ids if i})
    if not wanted:
        return {}
    return {p.id: p for p in session.execute(select(Payer).where(Payer.id.in_(wanted))).scalars()}


def payer(session, payer_id: str, *, lock: bool = False) -> Payer | None:
    query = select(Payer).where(Payer.id == payer_id)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def payer_unpaid(session, payer_id: str) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Expense.unpaid), 0))
                               .where(Expense.payer_id == payer_id)).scalar_one())


def payer_contracts(session, payer_id: str) -> list[Contract]:
    return list(session.execute(select(Contract).where(Contract.payer_id == payer_id)
                                .order_by(Contract.created_at)).scalars())


def saved_methods(session, account_id: str) -> list[PaymentMethod]:
    return list(session.execute(select(PaymentMethod).where(
        PaymentMethod.account_id == account_id, PaymentMethod.deleted_at.is_(None))
        .order_by(PaymentMethod.created_at)).scalars())


def method_by_token(session, provider: str, token: str) -> PaymentMethod | None:
    return session.execute(select(PaymentMethod).where(
        PaymentMethod.provider == provider, PaymentMethod.provider_method_id == token)).scalar_one_or_none()


def lock_method(session, method_id: str) -> PaymentMethod:
    return session.execute(select(PaymentMethod).where(PaymentMethod.id == method_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()


# --- what the janitor claims --------------------------------------------------------------

def _claim_due(session, model, conditions, now: datetime, recheck_after: int, batch: int) -> list[str]:
    """Rows with no news for ``recheck_after`` seconds, claimed with ``FOR UPDATE SKIP LOCKED``
    and stamped, so another replica skips them until they are due again."""
    due = now - timedelta(seconds=recheck_after)
    rows = session.execute(
        select(model).where(*conditions, model.created_at <= due,
                            or_(model.checked_at.is_(None), model.checked_at <= due))
        .order_by(model.created_at).limit(batch).with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.checked_at = now
    return [row.id for row in rows]


def claim_due_payments(session, now: datetime, recheck_after: int, batch: int) -> list[str]:
    # a payment flagged as an anomaly waits for an operator, not for the provider
    return _claim_due(session, Payment, (Payment.status.in_(states.IN_FLIGHT), Payment.provider.is_not(None),
                                         Payment.anomaly.is_(None)), now, recheck_after, batch)


def claim_due_refunds(session, now: datetime, recheck_after: int, batch: int) -> list[str]:
    return _claim_due(session, Refund, (Refund.status == states.REFUND_PENDING, Refund.destination == "card"),
                      now, recheck_after, batch)


def claim_due_methods(session, now: datetime, recheck_after: int, batch: int) -> list[str]:
    return _claim_due(session, PaymentMethod, (PaymentMethod.status == states.CONFIGURING,
                                               PaymentMethod.provider_method_id.is_not(None),
                                               PaymentMethod.deleted_at.is_(None)), now, recheck_after, batch)


# --- products, promo codes, the cart (B11) -------------------------------------------------

def next_purchase_number(session) -> int:
    return next_number(session, "purchase", 5001)


def product(session, product_id: str) -> Product | None:
    return session.get(Product, product_id)


def product_by_code(session, code: str) -> Product | None:
    return session.execute(select(Product).where(Product.code == code)).scalar_one_or_none()


def promo_by_code(session, code: str, *, lock: bool = False) -> PromoCode | None:
    # codes are kept in capitals (handlers.catalog), Latin letters only (schemas.CODE)
    query = select(PromoCode).where(PromoCode.code == code.strip().upper())
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def promo(session, promo_id: str, *, lock: bool = False) -> PromoCode | None:
    query = select(PromoCode).where(PromoCode.id == promo_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def promo_uses(session, promo_id: str, account_id: str | None = None) -> int:
    conditions = [PromoUse.promo_code_id == promo_id]
    if account_id is not None:
        conditions.append(PromoUse.account_id == account_id)
    return int(session.execute(select(func.count()).select_from(PromoUse).where(*conditions)).scalar_one())


def cart(session, account_id: str, now: datetime, *, lock: bool = False) -> Cart:
    """The account's cart, made on first use; ``lock`` takes its row lock (a checkout, and
    every change of the cart, take it before the personal account's)."""
    insert_ignore(session, Cart, account_id=account_id, promo_code_id=None, updated_at=now)
    query = select(Cart).where(Cart.account_id == account_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one()


def cart_items(session, account_id: str) -> list[CartItem]:
    return list(session.execute(select(CartItem).where(CartItem.account_id == account_id)
                                .order_by(CartItem.created_at, CartItem.id)).scalars())


def cart_item(session, account_id: str, item_id: str) -> CartItem | None:
    return session.execute(select(CartItem).where(CartItem.id == item_id, CartItem.account_id == account_id)
                           ).scalar_one_or_none()


def purchase_by_key(session, account_id: str, key: str | None) -> Purchase | None:
    if not key:
        return None
    return session.execute(select(Purchase).where(Purchase.account_id == account_id,
                                                  Purchase.idempotency_key == key)).scalar_one_or_none()


def purchase(session, purchase_id: str, *, lock: bool = False) -> Purchase | None:
    query = select(Purchase).where(Purchase.id == purchase_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def purchase_of_payment(session, payment_id: str) -> Purchase | None:
    return session.execute(select(Purchase).where(Purchase.payment_id == payment_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one_or_none()


def purchase_lines(session, purchase_id: str) -> list[PurchaseLine]:
    return list(session.execute(select(PurchaseLine).where(PurchaseLine.purchase_id == purchase_id)
                                .order_by(PurchaseLine.id)).scalars())


# --- services (B12) ---------------------------------------------------------------------

def next_service_number(session) -> int:
    return next_number(session, "service", 10001)


def service(session, service_id: str, *, lock: bool = False) -> Service | None:
    query = select(Service).where(Service.id == service_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def purchase_services(session, purchase_id: str) -> list[Service]:
    return list(session.execute(select(Service).where(Service.purchase_id == purchase_id)
                                .order_by(Service.number)).scalars())


def saved_method(session, account_id: str, method_id: str) -> PaymentMethod | None:
    method = session.get(PaymentMethod, method_id)
    if method is None or method.account_id != account_id or method.deleted_at is not None:
        return None
    return method


def services_renewed_by(session, method_id: str) -> list[Service]:
    return list(session.execute(select(Service).where(Service.renew_method_id == method_id)
                                .with_for_update()).scalars())


def claim_due_renewals(session, now: datetime, states: tuple, lease: timedelta, batch: int) -> list[str]:
    """Services whose auto-renewal is due, claimed with ``FOR UPDATE SKIP LOCKED`` and their
    next try pushed ``lease`` on, so another replica skips them (and takes over after the lease
    if this one dies mid-way)."""
    rows = session.execute(
        select(Service).where(Service.renew_due_at <= now, Service.auto_renew.is_(True), Service.status.in_(states))
        .order_by(Service.renew_due_at).limit(batch).with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.renew_due_at = now + lease
    return [row.id for row in rows]


def claim_expired_services(session, now: datetime, state: str, batch: int) -> list[Service]:
    return list(session.execute(
        select(Service).where(Service.status == state, Service.expires_at <= now)
        .order_by(Service.expires_at).limit(batch).with_for_update(skip_locked=True)).scalars())


# --- autopay (B6) -----------------------------------------------------------------------

def autopay_setting(session, account_id: str, now: datetime, *, lock: bool = False) -> AutopaySetting:
    insert_ignore(session, AutopaySetting, account_id=account_id, enabled=False, method_id=None, monthly_max=None,
                  user_id=None, due_at=None, updated_at=now)
    query = select(AutopaySetting).where(AutopaySetting.account_id == account_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one()


def autopay_due(session, account_id: str, now: datetime) -> None:
    """The balance ran low: autopay (if on) takes it from here."""
    session.execute(update(AutopaySetting).where(AutopaySetting.account_id == account_id,
                                                 AutopaySetting.enabled.is_(True)).values(due_at=now))


def claim_due_autopay(session, now: datetime, lease: timedelta, batch: int) -> list[str]:
    rows = session.execute(
        select(AutopaySetting).where(AutopaySetting.due_at <= now, AutopaySetting.enabled.is_(True))
        .order_by(AutopaySetting.due_at).limit(batch).with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.due_at = now + lease
    return [row.account_id for row in rows]


def autopay_charged_since(session, account_id: str, start: datetime) -> int:
    """What autopay charged (or is charging) this month: its attempts' payments not failed."""
    return int(session.execute(
        select(func.coalesce(func.sum(Payment.amount), 0)).join(AutopayAttempt, AutopayAttempt.payment_id == Payment.id)
        .where(AutopayAttempt.account_id == account_id, AutopayAttempt.created_at >= start,
               Payment.status != states.FAILED)).scalar_one())


def autopay_attempts(session, account_id: str, limit: int = 20) -> list[AutopayAttempt]:
    return list(session.execute(select(AutopayAttempt).where(AutopayAttempt.account_id == account_id)
                                .order_by(AutopayAttempt.id.desc()).limit(limit)).scalars())


def balance_renewals_due(session, account_id: str, states_: tuple, until: datetime) -> list[Service]:
    """Services renewed from the balance whose renewal falls before ``until`` (the forecast)."""
    return list(session.execute(select(Service).where(
        Service.account_id == account_id, Service.auto_renew.is_(True), Service.renew_method_id.is_(None),
        Service.status.in_(states_), Service.renew_due_at < until)).scalars())


# --- the credit-limit cycle (B9) ----------------------------------------------------------

def next_invoice_number(session) -> int:
    return next_number(session, "invoice", 1)


def claim_accounts_to_invoice(session, bound: datetime, batch: int) -> list[PersonalAccount]:
    """Accounts with unpaid expenses charged before ``bound`` and not invoiced, their rows
    locked (SKIP LOCKED: another replica takes the others)."""
    owing = select(Expense.account_id).where(Expense.unpaid > 0, Expense.invoice_id.is_(None),
                                             Expense.charged_at < bound).distinct()
    return list(session.execute(select(PersonalAccount).where(PersonalAccount.account_id.in_(owing))
                                .order_by(PersonalAccount.account_id).limit(batch)
                                .with_for_update(skip_locked=True)).scalars())


def uninvoiced_unpaid(session, account_id: str, bound: datetime | None) -> list[Expense]:
    conditions = [Expense.account_id == account_id, Expense.unpaid > 0, Expense.invoice_id.is_(None)]
    if bound is not None:
        conditions.append(Expense.charged_at < bound)
    return list(session.execute(select(Expense).where(*conditions).order_by(Expense.charged_at, Expense.id)
                                .with_for_update()).scalars())


def uninvoiced_unpaid_total(session, account_id: str) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Expense.unpaid), 0)).where(
        Expense.account_id == account_id, Expense.unpaid > 0, Expense.invoice_id.is_(None))).scalar_one())


def invoice_for(session, account_id: str, period: date) -> Invoice | None:
    return session.execute(select(Invoice).where(Invoice.account_id == account_id,
                                                 Invoice.period_start == period)).scalar_one_or_none()


def unpaid_invoices(session, account_id: str, *, lock: bool = False) -> list[Invoice]:
    """The account's invoices not fully paid, oldest first."""
    query = select(Invoice).where(Invoice.account_id == account_id, Invoice.status != "paid").order_by(
        Invoice.period_start, Invoice.number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return list(session.execute(query).scalars())


def claim_invoice_actions(session, now: datetime, lease: timedelta, batch: int) -> list[str]:
    rows = session.execute(
        select(Invoice).where(Invoice.status != "paid", Invoice.next_action_at <= now)
        .order_by(Invoice.next_action_at).limit(batch).with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.next_action_at = now + lease
    return [row.id for row in rows]


def resume_balance_renewals(session, account_id: str, suspended: str, now: datetime) -> None:
    """The block lifted: suspended services renewed from the balance are due for renewal now."""
    session.execute(update(Service).where(
        Service.account_id == account_id, Service.status == suspended, Service.auto_renew.is_(True),
        Service.renew_method_id.is_(None)).values(renew_due_at=now))


# --- accounting documents (B10) -------------------------------------------------------------

def next_act_number(session) -> int:
    return next_number(session, "act", 1)


def claim_accounts_to_act(session, bound: datetime, batch: int) -> list[PersonalAccount]:
    """Accounts with expenses charged before ``bound`` that no act includes yet, their rows
    locked (SKIP LOCKED: another replica takes the others)."""
    pending = select(Expense.account_id).where(Expense.act_id.is_(None), Expense.charged_at < bound).distinct()
    return list(session.execute(select(PersonalAccount).where(PersonalAccount.account_id.in_(pending))
                                .order_by(PersonalAccount.account_id).limit(batch)
                                .with_for_update(skip_locked=True)).scalars())


def expenses_without_act(session, account_id: str, bound: datetime) -> list[Expense]:
    return list(session.execute(select(Expense).where(
        Expense.account_id == account_id, Expense.act_id.is_(None), Expense.charged_at < bound)
        .order_by(Expense.charged_at, Expense.id).with_for_update()).scalars())


def act_for(session, account_id: str, period: date) -> Act | None:
    return session.execute(select(Act).where(Act.account_id == account_id,
                                             Act.period_start == period)).scalar_one_or_none()


def act_expenses(session, act_id: str) -> list[Expense]:
    return list(session.execute(select(Expense).where(Expense.act_id == act_id)
                                .order_by(Expense.charged_at, Expense.id)).scalars())


def invoice_expenses(session, invoice_id: str) -> list[Expense]:
    return list(session.execute(select(Expense).where(Expense.invoice_id == invoice_id)
                                .order_by(Expense.charged_at, Expense.id)).scalars())


def first_payer(session, account_id: str) -> Payer | None:
    """The account's oldest payer still there (whose requisites its documents print when
    nothing names another)."""
    return session.execute(select(Payer).where(Payer.account_id == account_id, Payer.deleted_at.is_(None))
                           .order_by(Payer.number).limit(1)).scalar_one_or_none()


def account_contracts(session, account_id: str) -> list[Contract]:
    return list(session.execute(select(Contract).where(Contract.account_id == account_id)
                                .order_by(Contract.created_at, Contract.number)).scalars())


def balance_before(session, account_id: str, moment: datetime) -> int:
    """The balance as it was just before ``moment``."""
    return int(session.execute(select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.account_id == account_id, LedgerEntry.created_at < moment)).scalar_one())


def entries_between(session, account_id: str, start: datetime, end: datetime) -> list[LedgerEntry]:
    return list(session.execute(select(LedgerEntry).where(
        LedgerEntry.account_id == account_id, LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)).scalars())


def charges_vat_between(session, account_id: str, start: datetime, end: datetime) -> int:
    """The VAT inside the expenses charged in the period (what was net of refunds is not
    re-derived: each expense's stored VAT)."""
    return int(session.execute(select(func.coalesce(func.sum(Expense.vat), 0)).where(
        Expense.account_id == account_id, Expense.charged_at >= start, Expense.charged_at < end)).scalar_one())


# --- paying an order by invoice ---------------------------------------------------------------

def next_order_invoice_sequence(session, counter: str) -> int:
    """The next number of a year's order invoices: the counter's row stays locked until the
    issue commits, so two issuers take turns and the numbers have no gaps."""
    return next_counter(session, counter, 1)


def order_invoice_of(session, order_number: int, *, lock: bool = False) -> OrderInvoice | None:
    query = select(OrderInvoice).where(OrderInvoice.order_number == order_number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def order_invoice(session, invoice_id: str, *, lock: bool = False) -> OrderInvoice | None:
    query = select(OrderInvoice).where(OrderInvoice.id == invoice_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def order_invoices_numbered(session, numbers: list[str]) -> dict[str, OrderInvoice]:
    if not numbers:
        return {}
    return {i.number: i for i in session.execute(select(OrderInvoice).where(OrderInvoice.number.in_(numbers)))
            .scalars()}


def invoice_numbers_of(session, invoice_ids: list[str]) -> dict[str, str]:
    ids = [i for i in invoice_ids if i]
    if not ids:
        return {}
    return dict(session.execute(select(OrderInvoice.id, OrderInvoice.number).where(OrderInvoice.id.in_(ids))).all())


def statement_line(session, line_id: str, *, lock: bool = False) -> StatementLine | None:
    query = select(StatementLine).where(StatementLine.id == line_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def statement_line_by_fingerprint(session, fingerprint: str) -> StatementLine | None:
    return session.execute(select(StatementLine).where(StatementLine.fingerprint == fingerprint)).scalar_one_or_none()
