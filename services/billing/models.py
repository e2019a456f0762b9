"""Billing's tables: personal accounts and their append-only ledger, payments, refunds,
billing's view of orders (the lock of their payments), saved methods, payers, contracts,
expenses."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import JsonType, UtcDateTime, new_metadata
from kit.people import keeps_search_text

#: BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY autoincrements)
BigId = BigInteger().with_variant(Integer(), "sqlite")


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    # numbers people see (payments, payers): kit.store.next_number, its counters table on SQLite
    metadata = new_metadata(numbers=True, people=True)


class PersonalAccount(Base):
    """The personal account (лицевой счет) of a customer account, created on first use.

    Its row is the lock every debit takes (``SELECT … FOR UPDATE``); the balance itself is
    the sum of the account's ledger entries.
    """

    __tablename__ = "personal_accounts"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), default="RUB")
    #: 0 until the credit-limit issue; read only through domain.money.check_debit
    credit_limit: Mapped[int] = mapped_column(BigInteger, default=0)
    #: balance_low was announced for the current dip below the threshold
    low_balance_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    #: blocked for an overdue invoice (B9): buying and renewing from the balance refused
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LedgerEntry(Base):
    """One movement of money on a personal account; rows are only ever added."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_account_id", "account_id", "id"),
        # an administrator's adjustment is a payment-less movement: its Idempotency-Key lives here
        UniqueConstraint("account_id", "idempotency_key", name="uq_ledger_entries_account_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("personal_accounts.account_id"))
    #: top_up | payment | manager_payment | charge | refund | payout | adjustment
    kind: Mapped[str] = mapped_column(String(20))
    #: signed: credits are positive, debits negative
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    payment_id: Mapped[str | None] = mapped_column(String(36), index=True)
    refund_id: Mapped[str | None] = mapped_column(String(36))
    order_number: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(String(300), default="")
    #: the description, folded in Python (``kit.people.search_text``): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[str | None] = mapped_column(String(36))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        # Idempotency-Key is enforced here, not only by the gateway's replay cache.
        UniqueConstraint("account_id", "idempotency_key", name="uq_payments_account_key"),
        UniqueConstraint("provider", "provider_payment_id", name="uq_payments_provider_payment"),
        Index("ix_payments_account_created", "account_id", "created_at"),
        Index("ix_payments_order_status", "order_number", "status"),
        Index("ix_payments_status_checked", "status", "checked_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: the number people see, from its own sequence
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    #: who paid (whom to notify); for a manager payment, the order's applicant
    user_id: Mapped[str | None] = mapped_column(String(36))
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    payer_id: Mapped[str | None] = mapped_column(String(36))
    #: top_up | order
    purpose: Mapped[str] = mapped_column(String(10))
    order_number: Mapped[int | None] = mapped_column(BigInteger)
    #: balance | card | saved_method | manager
    method: Mapped[str] = mapped_column(String(20))
    payment_method_id: Mapped[str | None] = mapped_column(String(36))
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_payment_id: Mapped[str | None] = mapped_column(String(100))
    amount: Mapped[int] = mapped_column(BigInteger)
    commission: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    #: new | paying | credited | failed
    status: Mapped[str] = mapped_column(String(10))
    failure_reason: Mapped[str | None] = mapped_column(String(100))
    confirmation_url: Mapped[str | None] = mapped_column(Text)
    save_method: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(300), default="")
    comment: Mapped[str | None] = mapped_column(String(500))
    #: the description, folded in Python (``kit.people.search_text``): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    #: set when the provider reported money for a payment already closed as failed
    anomaly: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: when the janitor last asked the provider about it
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: the 54-FZ receipt sent with it to the provider (YooKassa's ``receipt``), built once
    receipt: Mapped[dict | None] = mapped_column(JsonType)


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (Index("ix_refunds_status_checked", "status", "checked_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(36))
    order_number: Mapped[int | None] = mapped_column(BigInteger, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    #: balance | card
    destination: Mapped[str] = mapped_column(String(10))
    #: pending | completed | failed
    status: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_refund_id: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(100), default="order_cancelled")
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OrderAccount(Base):
    """Billing's view of one order: its total (from orders' payable snapshot), whether it
    was cancelled, and the row every payment of the order locks. What was paid is the sum
    of the order's credited payments."""

    __tablename__ = "order_accounts"

    order_number: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    service_name: Mapped[str] = mapped_column(String(300), default="")
    total: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PaymentMethod(Base):
    """A saved payment method: the provider's token only, never card data (B5)."""

    __tablename__ = "payment_methods"
    __table_args__ = (
        UniqueConstraint("provider", "provider_method_id", name="uq_payment_methods_provider_method"),
        Index("ix_payment_methods_account", "account_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(36))
    payer_id: Mapped[str | None] = mapped_column(String(36))
    provider: Mapped[str] = mapped_column(String(20))
    provider_method_id: Mapped[str | None] = mapped_column(String(100))
    #: what the provider calls it ("Bank card *4242"); ``name`` is the user's own
    title: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str | None] = mapped_column(String(100))
    #: enabled | configuring | not_working
    status: Mapped[str] = mapped_column(String(20))
    confirmation_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Payer(Base):
    __tablename__ = "payers"
    __table_args__ = (Index("ix_payers_account", "account_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: a short number people see in lists ("Id 181")
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    #: individual | company | sole_proprietor
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), default="RU")
    name: Mapped[str] = mapped_column(String(300), default="")
    contact_person: Mapped[str] = mapped_column(String(200))
    #: the name and contact person, folded in Python (``kit.people.search_text``): a payments
    #: list's ``q`` finds a payment by its payer
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    fax: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    documents_delivery: Mapped[list] = mapped_column(JsonType, default=list)
    legal_address: Mapped[dict | None] = mapped_column(JsonType)
    actual_address: Mapped[dict | None] = mapped_column(JsonType)
    actual_same_as_legal: Mapped[bool] = mapped_column(Boolean, default=False)
    inn: Mapped[str | None] = mapped_column(String(12), index=True)
    kpp: Mapped[str | None] = mapped_column(String(9))
    ogrn: Mapped[str | None] = mapped_column(String(15))
    bank_name: Mapped[str | None] = mapped_column(String(300))
    bik: Mapped[str | None] = mapped_column(String(9))
    settlement_account: Mapped[str | None] = mapped_column(String(20))
    correspondent_account: Mapped[str | None] = mapped_column(String(20))
    accounting_notes: Mapped[str | None] = mapped_column(String(500))
    #: director, positions and their cases, "acting on the basis of" (contract data)
    contract_data: Mapped[dict] = mapped_column(JsonType, default=dict)
    passport: Mapped[dict | None] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Contract(Base):
    """A contract with a payer, formed after its first payment (manual 004, "Договор")."""

    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(36))
    payer_id: Mapped[str] = mapped_column(ForeignKey("payers.id"), index=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Expense(Base):
    """A charge for a service (B8): amount, what is unpaid, which payment paid it, VAT
    included (computed once, stored)."""

    __tablename__ = "expenses"
    __table_args__ = (Index("ix_expenses_account_charged", "account_id", "charged_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(String(36))
    payer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(300))
    #: the name, folded in Python (``kit.people.search_text``): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    order_number: Mapped[int | None] = mapped_column(BigInteger, index=True)
    charged_at: Mapped[datetime] = mapped_column(UtcDateTime())
    amount: Mapped[int] = mapped_column(BigInteger)
    unpaid: Mapped[int] = mapped_column(BigInteger, default=0)
    vat: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[int] = mapped_column(Integer, default=20)
    payment_id: Mapped[str | None] = mapped_column(String(36))
    payment_number: Mapped[int | None] = mapped_column(BigInteger)
    #: the completion act of its month that includes it (B10)
    act_id: Mapped[str | None] = mapped_column(String(36), index=True)
    #: the credit invoice (B9) that billed what was unpaid of it
    invoice_id: Mapped[str | None] = mapped_column(String(36), index=True)
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- products and the cart (B11) ----------------------------------------------------------

class Product(Base):
    """A recurring product of the catalog: its period prices and configuration options, VAT
    included and stored with each price, the renewal lead time of its type."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: domain.catalog.TYPES
    type: Mapped[str] = mapped_column(String(30))
    #: {"months": {"price": kopecks, "vat": kopecks}}
    prices: Mapped[dict] = mapped_column(JsonType, default=dict)
    #: [{"code", "name", "price" (a month, per unit), "vat", "max"}]
    options: Mapped[list] = mapped_column(JsonType, default=list)
    renewal_lead_days: Mapped[int] = mapped_column(Integer)
    #: bought by a quick order: its services wait in needs_setup for the client's parameters
    requires_setup: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PromoCode(Base):
    __tablename__ = "promo_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    #: percent | fixed
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[datetime | None] = mapped_column(UtcDateTime())
    valid_to: Mapped[datetime | None] = mapped_column(UtcDateTime())
    max_uses: Mapped[int | None] = mapped_column(Integer)
    max_uses_per_account: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PromoUse(Base):
    """One checkout that used a promo code (counted against its limits)."""

    __tablename__ = "promo_uses"
    __table_args__ = (Index("ix_promo_uses_code_account", "promo_code_id", "account_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    promo_code_id: Mapped[str] = mapped_column(ForeignKey("promo_codes.id"))
    account_id: Mapped[str] = mapped_column(String(36))
    purchase_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Cart(Base):
    """An account's cart: the promo code entered, and the row a checkout locks first."""

    __tablename__ = "carts"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    promo_code_id: Mapped[str | None] = mapped_column(ForeignKey("promo_codes.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CartItem(Base):
    __tablename__ = "cart_items"
    __table_args__ = (Index("ix_cart_items_account", "account_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("carts.account_id"))
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    period_months: Mapped[int] = mapped_column(Integer)
    #: {option code: quantity}
    options: Mapped[dict] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Purchase(Base):
    """A checkout of the cart (manual 004 «Заказы»: awaiting payment or paid), with its lines."""

    __tablename__ = "purchases"
    __table_args__ = (
        UniqueConstraint("account_id", "idempotency_key", name="uq_purchases_account_key"),
        Index("ix_purchases_account_created", "account_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str | None] = mapped_column(String(36))
    #: awaiting_payment | paid
    status: Mapped[str] = mapped_column(String(20))
    #: balance (the personal account, on credit up to its limit) | card | saved_method
    method: Mapped[str] = mapped_column(String(20))
    #: the provider payment that pays it (card, saved method); None from the balance
    payment_id: Mapped[str | None] = mapped_column(String(36), index=True)
    subtotal: Mapped[int] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    promo_code: Mapped[str | None] = mapped_column(String(50))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PurchaseLine(Base):
    __tablename__ = "purchase_lines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    purchase_id: Mapped[str] = mapped_column(ForeignKey("purchases.id"), index=True)
    product_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))
    period_months: Mapped[int] = mapped_column(Integer)
    options: Mapped[dict] = mapped_column(JsonType, default=dict)
    amount: Mapped[int] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger, default=0)
    #: what is paid for the line (amount − discount) and the VAT inside it
    paid: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)


# --- services bought through the cart (B12) and their renewal (B7) ---------------------------

class Service(Base):
    """One bought item: its period and expiry, its state (domain.lifecycle), how it renews."""

    __tablename__ = "services"
    __table_args__ = (
        Index("ix_services_account", "account_id", "created_at"),
        Index("ix_services_expiry", "status", "expires_at"),
        Index("ix_services_renew_due", "renew_due_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: the number people see ("Хостинг #11320")
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    #: who bought it (whom renewal e-mails go to)
    user_id: Mapped[str | None] = mapped_column(String(36))
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    purchase_id: Mapped[str | None] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(30))
    options: Mapped[dict] = mapped_column(JsonType, default=dict)
    #: the period it was ordered for, and the one it renews for (changeable while active)
    period_months: Mapped[int] = mapped_column(Integer)
    renewal_period_months: Mapped[int] = mapped_column(Integer)
    #: domain.lifecycle.STATES
    status: Mapped[str] = mapped_column(String(20))
    #: what the client filled in after a quick order (needs_setup → active)
    settings: Mapped[dict] = mapped_column(JsonType, default=dict)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: auto-renewal (B7): on or off, from the balance (no method) or a saved method
    auto_renew: Mapped[bool] = mapped_column(Boolean, default=True)
    renew_method_id: Mapped[str | None] = mapped_column(String(36), index=True)
    #: days before expiry when the renewal is charged (the product type's lead time)
    renewal_lead_days: Mapped[int] = mapped_column(Integer, default=1)
    #: when the renewal job next tries (expiry − lead time; the next day after a failure);
    #: null when auto-renewal is off
    renew_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ServiceChange(Base):
    """A service's history (manual 004 «История»): every change of state, every renewal."""

    __tablename__ = "service_changes"
    __table_args__ = (Index("ix_service_changes_service", "service_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    #: who: a user, or None for the system (a renewal job, a block)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- autopay (B6) ---------------------------------------------------------------------------

class AutopaySetting(Base):
    """An account's autopay: the saved method, the month's maximum (null: unlimited); its row
    is the lock every attempt takes, so the maximum holds however many debits race."""

    __tablename__ = "autopay_settings"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    method_id: Mapped[str | None] = mapped_column(String(36))
    monthly_max: Mapped[int | None] = mapped_column(BigInteger)
    #: who turned it on (whom to tell)
    user_id: Mapped[str | None] = mapped_column(String(36))
    #: set when the balance ran low (once per dip); the autopay job takes it
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AutopayAttempt(Base):
    """One attempt of autopay (every one is shown): charged, failed, pending at the provider,
    or skipped with its reason."""

    __tablename__ = "autopay_attempts"
    __table_args__ = (Index("ix_autopay_attempts_account", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(String(36))
    payment_id: Mapped[str | None] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    balance: Mapped[int] = mapped_column(BigInteger)
    #: pending | charged | failed | skipped
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- the credit-limit cycle (B9) --------------------------------------------------------------

class Invoice(Base):
    """An invoice for a month's unpaid expenses bought on credit (issued on the 1st)."""

    __tablename__ = "invoices"
    __table_args__ = (
        # one invoice per account and month, however many replicas or catch-ups try
        UniqueConstraint("account_id", "period_start", name="uq_invoices_account_period"),
        Index("ix_invoices_next_action", "status", "next_action_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    #: the month invoiced (its first day, the operator's calendar), and the calendar it sets
    period_start: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    block_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    #: to_pay | partially_paid | paid
    status: Mapped[str] = mapped_column(String(20))
    #: the notices sent (domain.credit.STAGES), each once
    notices: Mapped[list] = mapped_column(JsonType, default=list)
    #: when the credit job next looks at it (the next notice's local midnight); null when paid
    next_action_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


# --- accounting documents (B10) ---------------------------------------------------------------

class Act(Base):
    """A completion act (акт выполненных работ) for an account's expenses of one month of the
    operator's calendar, issued once the month is over; its expenses point at it."""

    __tablename__ = "acts"
    __table_args__ = (
        # one act per account and month, however many replicas or catch-ups try
        UniqueConstraint("account_id", "period_start", name="uq_acts_account_period"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    #: the payer of its expenses, when they name one (else the account's first payer prints)
    payer_id: Mapped[str | None] = mapped_column(String(36))
    #: the month (its first day) and the date the act bears (the month's last day)
    period_start: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- paying an order by invoice (issue 11, item 9) ---------------------------------------------

class OrderInvoice(Base):
    """An invoice for one order paid by bank transfer (domain.order_invoices): asked for by the
    client with a business payer, issued by staff with a number of its year, paid by money a
    manager records or a bank statement's line."""

    __tablename__ = "order_invoices"
    __table_args__ = (Index("ix_order_invoices_account", "account_id", "requested_at"),
                      Index("ix_order_invoices_status", "status", "requested_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: one invoice per order (it is cancelled with the order)
    order_number: Mapped[int] = mapped_column(BigInteger, unique=True)
    #: ``2026-000123``, from its year's counter when issued; null while it awaits the issue
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    payer_id: Mapped[str] = mapped_column(String(36), index=True)
    #: the payer's INN when it was asked for (statement lines are matched by it)
    payer_inn: Mapped[str] = mapped_column(String(12))
    #: who asked for it (whom its notices go to)
    user_id: Mapped[str | None] = mapped_column(String(36))
    service_name: Mapped[str] = mapped_column(String(300), default="")
    #: domain.order_invoices.STATUSES
    status: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    #: the order's lines with their VAT, as orders gave them when the invoice was asked for
    lines: Mapped[list] = mapped_column(JsonType, default=list)
    #: both parties' requisites as they were when it was issued (the document never changes)
    payer: Mapped[dict] = mapped_column(JsonType, default=dict)
    seller: Mapped[dict] = mapped_column(JsonType, default=dict)
    issued_by: Mapped[str | None] = mapped_column(String(36))
    issued_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BankStatement(Base):
    """One import of a bank statement file (1C exchange format)."""

    __tablename__ = "bank_statements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: the statement's own period and account (its header)
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    account: Mapped[str | None] = mapped_column(String(20))
    documents: Mapped[int] = mapped_column(Integer)
    #: lines new to billing (the rest were imported before), matched or not
    new_lines: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str | None] = mapped_column(String(36))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StatementLine(Base):
    """One incoming payment of a bank statement, once however many statements list it (its
    ``fingerprint``: number, date, amount, payer's INN): recorded as a payment of an order's
    invoice (``matched``), or waiting for a person (``unmatched``) to assign or dismiss it."""

    __tablename__ = "statement_lines"
    __table_args__ = (Index("ix_statement_lines_status", "status", "doc_date"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    #: the import that first brought it
    statement_id: Mapped[str] = mapped_column(ForeignKey("bank_statements.id"), index=True)
    doc_number: Mapped[str] = mapped_column(String(30))
    doc_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    payer_inn: Mapped[str] = mapped_column(String(12), default="")
    payer_name: Mapped[str] = mapped_column(String(300), default="")
    payer_account: Mapped[str] = mapped_column(String(20), default="")
    purpose: Mapped[str] = mapped_column(String(1000), default="")
    #: matched | unmatched | dismissed
    status: Mapped[str] = mapped_column(String(10))
    #: why it is unmatched (domain.order_invoices.REASONS), or a person's note
    reason: Mapped[str | None] = mapped_column(String(300))
    invoice_id: Mapped[str | None] = mapped_column(String(36), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(36))
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# what each list's ``q`` searches, kept by the ORM (kit.people.keeps_search_text)
keeps_search_text(Payment, "description")
keeps_search_text(Payer, "name", "contact_person")
keeps_search_text(LedgerEntry, "description")
keeps_search_text(Expense, "name")
