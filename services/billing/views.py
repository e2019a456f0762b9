"""Response shapes: billing's models → the plain dicts its RPC methods return (described
for the gateway by the response schemas in schemas.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kit import i18n, listing
from services.billing.domain import money, payers as payer_rules
from services.billing.domain import payments as states
from services.billing.domain.labels import label
from services.billing.domain import order_invoices as invoice_rules
from services.billing.models import (
    BankStatement, Contract, Expense, LedgerEntry, OrderInvoice, Payer, Payment, PaymentMethod, PersonalAccount, Product,
    PromoCode, Purchase, Service, ServiceChange, StatementLine,
)

#: a payer's columns, and the contract data kept with it (director, "acting on the basis of")
PAYER_COLUMNS = ("kind", "country", "name", "contact_person", "phone", "fax", "email", "documents_delivery",
                 "legal_address", "actual_address", "actual_same_as_legal", "inn", "kpp", "ogrn", "bank_name",
                 "bik", "settlement_account", "correspondent_account", "accounting_notes", "passport")
CONTRACT_FIELDS = ("director_name", "director_position", "director_name_genitive", "director_position_genitive",
                   "director_name_dative", "director_position_dative", "acting_on_basis")


def iso(value):
    return value.isoformat() if value is not None else None


def page(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


@dataclass(frozen=True)
class PaymentNames:
    """Names a page of payments shows: people's full names and payers' names by id."""

    people: dict = field(default_factory=dict)
    payers: dict = field(default_factory=dict)


def payment_view(payment: Payment, language: str = "ru", order: dict | None = None,
                 names: PaymentNames | None = None) -> dict:
    """A payment; ``order`` is the order's totals (store.order_totals) for an order payment;
    ``names`` (handlers.payments._names) who it names — null where not looked up."""
    names = names or PaymentNames()
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
        "user_id": payment.user_id, "user_name": names.people.get(payment.user_id),
        "payer_name": names.payers.get(payment.payer_id),
        "recorded_by_name": names.people.get(payment.recorded_by),
    }


def account_view(account: PersonalAccount, current_balance: int, low_balance_threshold: int,
                 credit: dict | None = None) -> dict:
    """``credit``: the credit-limit dashboard (handlers.credit.dashboard), on the account's own view."""
    return {"account_id": account.account_id, "balance": current_balance, "currency": account.currency,
            "credit_limit": account.credit_limit,
            "available": money.available(current_balance, account.credit_limit),
            "low_balance_threshold": low_balance_threshold, "blocked": account.blocked_at is not None,
            "credit": credit}


def entry_view(entry: LedgerEntry, language: str = "ru") -> dict:
    return {"id": entry.id, "kind": entry.kind, "kind_label": label("entry_kind", entry.kind, language),
            "amount": entry.amount, "balance_after": entry.balance_after, "currency": entry.currency,
            "payment_id": entry.payment_id, "refund_id": entry.refund_id, "order_number": entry.order_number,
            "description": entry.description, "created_at": iso(entry.created_at)}


# --- exports (CSV rows: kit.listing; money in rubles, times as the manuals show them) ------

#: the columns of the exports; their headers are the catalog's (kit/locale, export.*)
PAYMENT_COLUMNS = (
    "number", "created_at", "purpose", "order_number", "method", "amount", "commission", "status",
    "paid_at", "refunded", "currency", "description", "account_id", "payer", "user", "recorded_by",
)
ENTRY_COLUMNS = (
    "created_at", "kind", "amount", "balance_after", "order_number", "description", "currency",
)


def payment_header(language: str) -> list[str]:
    return [i18n.label("export.payment", column, language) for column in PAYMENT_COLUMNS]


def payment_row(payment: Payment, language: str, zone, names: PaymentNames | None = None) -> list:
    names = names or PaymentNames()
    return [payment.number, listing.moment(payment.created_at, zone), label("purpose", payment.purpose, language),
            payment.order_number, label("method", payment.method, language), listing.money(payment.amount),
            listing.money(payment.commission), label("payment_status", payment.status, language),
            listing.moment(payment.paid_at, zone), listing.money(payment.refunded), payment.currency,
            payment.description, payment.account_id, names.payers.get(payment.payer_id) or "",
            names.people.get(payment.user_id) or "", names.people.get(payment.recorded_by) or ""]


def entry_header(language: str) -> list[str]:
    return [i18n.label("export.ledger_entry", column, language) for column in ENTRY_COLUMNS]


def entry_row(entry: LedgerEntry, language: str, zone) -> list:
    return [listing.moment(entry.created_at, zone), label("entry_kind", entry.kind, language),
            listing.money(entry.amount), listing.money(entry.balance_after), entry.order_number, entry.description,
            entry.currency]


def commission_rule(terms: money.MethodTerms) -> str:
    """How a way of paying's commission is shown: "5.00% + 10.00 ₽", "0"."""
    if not terms.percent_bp and not terms.fixed:
        return "0"
    percent = "{}.{:02d}%".format(terms.percent_bp // 100, terms.percent_bp % 100)
    return "{} + {} ₽".format(percent, money.rub(terms.fixed)) if terms.fixed else percent


def expense_view(expense: Expense) -> dict:
    return {"id": expense.id, "name": expense.name, "charged_at": iso(expense.charged_at),
            "amount": expense.amount, "unpaid": expense.unpaid, "vat": expense.vat, "vat_rate": expense.vat_rate,
            "payment_id": expense.payment_id, "payment_number": expense.payment_number,
            "payer_id": expense.payer_id, "order_number": expense.order_number, "refunded": expense.refunded,
            "currency": money.CURRENCY}


def method_view(method: PaymentMethod, language: str = "ru") -> dict:
    return {"id": method.id, "name": method.name or method.title or "", "title": method.title,
            "provider": method.provider, "payer_id": method.payer_id, "status": method.status,
            "status_label": label("method_status", method.status, language),
            "confirmation_url": method.confirmation_url if method.status == states.CONFIGURING else None,
            "created_at": iso(method.created_at), "updated_at": iso(method.updated_at)}


def payer_data(payer: Payer) -> dict:
    """A payer's fields as they were given (its columns and its contract data)."""
    data = {name: getattr(payer, name) for name in PAYER_COLUMNS}
    data.update({name: (payer.contract_data or {}).get(name) for name in CONTRACT_FIELDS})
    return data


def payer_view(payer: Payer, contracts: list[Contract], unpaid: int, language: str = "ru") -> dict:
    return {"id": payer.id, "number": payer.number, "kind_label": label("payer_kind", payer.kind, language),
            "display_name": payer_rules.display_name(payer_data(payer)), **payer_data(payer),
            "documents_delivery": payer.documents_delivery or [],
            "contracts": [{"id": c.id, "number": c.number, "created_at": iso(c.created_at)} for c in contracts],
            "unpaid": unpaid, "created_at": iso(payer.created_at), "updated_at": iso(payer.updated_at)}


# --- products, promo codes, the cart (B11) -------------------------------------------------

def product_view(product: Product) -> dict:
    return {"id": product.id, "code": product.code, "name": product.name, "type": product.type,
            "prices": [{"period_months": int(months), **price} for months, price in
                       sorted(product.prices.items(), key=lambda kv: int(kv[0]))],
            "options": product.options, "renewal_lead_days": product.renewal_lead_days,
            "requires_setup": product.requires_setup, "active": product.active, "currency": money.CURRENCY}


def promo_view(promo: PromoCode, used: int) -> dict:
    return {"id": promo.id, "code": promo.code, "kind": promo.kind, "value": promo.value,
            "valid_from": iso(promo.valid_from), "valid_to": iso(promo.valid_to), "max_uses": promo.max_uses,
            "max_uses_per_account": promo.max_uses_per_account, "active": promo.active, "used": used}


def service_view(service: Service, language: str = "ru") -> dict:
    return {"id": service.id, "number": service.number, "name": service.name, "type": service.type,
            "product_id": service.product_id, "purchase_id": service.purchase_id, "options": service.options,
            "status": service.status, "status_label": label("service_status", service.status, language),
            "period_months": service.period_months, "renewal_period_months": service.renewal_period_months,
            "settings": service.settings, "expires_at": iso(service.expires_at),
            "auto_renew": service.auto_renew, "renew_method": service.renew_method_id or "balance",
            "renewal_lead_days": service.renewal_lead_days, "next_renewal_at": iso(service.renew_due_at),
            "created_at": iso(service.created_at)}


def service_change_view(change: ServiceChange, language: str = "ru") -> dict:
    return {"id": change.id, "action": change.action, "from_status": change.from_status,
            "to_status": change.to_status, "status_label": label("service_status", change.to_status, language),
            "expires_at": iso(change.expires_at), "amount": change.amount, "actor_id": change.actor_id,
            "note": change.note, "created_at": iso(change.created_at)}


def invoice_view(invoice, language: str = "ru") -> dict:
    return {"id": invoice.id, "number": invoice.number, "period_start": invoice.period_start.isoformat(),
            "issued_on": invoice.issued_on.isoformat(), "due_on": invoice.due_on.isoformat(),
            "block_on": invoice.block_on.isoformat(), "amount": invoice.amount, "vat": invoice.vat,
            "paid": invoice.paid, "remaining": invoice.amount - invoice.paid, "status": invoice.status,
            "status_label": label("invoice_status", invoice.status, language), "notices": list(invoice.notices or ()),
            "currency": money.CURRENCY, "paid_at": iso(invoice.paid_at)}


AUTOPAY_STATUS = {"credited": "charged", "failed": "failed"}


def autopay_view(setting, forecast: int, recommended: int, charged: int, attempts: list) -> dict:
    """``attempts``: (attempt, its payment or None), newest first; a pending one shows what its
    payment became."""
    def attempt_view(attempt, payment):
        status = attempt.status
        if status == "pending" and payment is not None:
            status = AUTOPAY_STATUS.get(payment.status, "pending")
        return {"id": attempt.id, "status": status, "amount": attempt.amount, "balance": attempt.balance,
                "reason": attempt.reason if status != "failed" or attempt.reason else
                (payment.failure_reason if payment else None),
                "payment_id": attempt.payment_id, "created_at": iso(attempt.created_at)}

    return {"enabled": setting.enabled, "method_id": setting.method_id, "monthly_max": setting.monthly_max,
            "unlimited": setting.monthly_max is None, "forecast": forecast, "recommended_max": recommended,
            "charged_this_month": charged,
            "left_this_month": None if setting.monthly_max is None else max(0, setting.monthly_max - charged),
            "currency": money.CURRENCY, "attempts": [attempt_view(a, p) for a, p in attempts]}


def purchase_view(purchase: Purchase, lines: list, language: str = "ru", services: list | None = None,
                  payment: Payment | None = None) -> dict:
    return {"payment_id": purchase.payment_id, "commission": payment.commission if payment else 0,
            "confirmation_url": payment.confirmation_url if payment and payment.status in states.IN_FLIGHT else None,
            "id": purchase.id, "number": purchase.number, "status": purchase.status,
            "status_label": label("purchase_status", purchase.status, language), "method": purchase.method,
            "subtotal": purchase.subtotal, "discount": purchase.discount, "total": purchase.total,
            "vat": purchase.vat, "promo_code": purchase.promo_code, "currency": money.CURRENCY,
            "created_at": iso(purchase.created_at), "paid_at": iso(purchase.paid_at),
            "lines": [{"product_id": line.product_id, "name": line.name, "period_months": line.period_months,
                       "options": line.options, "amount": line.amount, "discount": line.discount,
                       "paid": line.paid, "vat": line.vat} for line in lines],
            "services": [service_view(s, language) for s in services or ()]}


# --- accounting documents (B10) ---------------------------------------------------------------

def act_view(act) -> dict:
    return {"id": act.id, "number": act.number, "period_start": act.period_start.isoformat(),
            "issued_on": act.issued_on.isoformat(), "amount": act.amount, "vat": act.vat,
            "currency": money.CURRENCY, "payer_id": act.payer_id}


def contract_view(contract) -> dict:
    return {"id": contract.id, "number": contract.number, "payer_id": contract.payer_id,
            "created_at": iso(contract.created_at)}


# --- paying an order by invoice ---------------------------------------------------------------

def order_invoice_view(invoice: OrderInvoice, language: str = "ru") -> dict:
    payer = invoice.payer or {}
    return {"id": invoice.id, "number": invoice.number, "order_number": invoice.order_number,
            "status": invoice.status, "status_label": label("order_invoice_status", invoice.status, language),
            "payer_id": invoice.payer_id, "payer_name": payer.get("name") or "", "payer_inn": invoice.payer_inn,
            "service_name": invoice.service_name, "lines": list(invoice.lines or ()), "amount": invoice.amount,
            "vat": invoice.vat, "paid": invoice.paid, "remaining": max(0, invoice.amount - invoice.paid),
            "currency": invoice.currency, "issued_on": invoice.issued_on.isoformat() if invoice.issued_on else None,
            "due_on": invoice.due_on.isoformat() if invoice.due_on else None,
            "requested_at": iso(invoice.requested_at), "issued_at": iso(invoice.issued_at),
            "paid_at": iso(invoice.paid_at), "cancelled_at": iso(invoice.cancelled_at),
            "pdf_available": invoice.number is not None}


def statement_line_view(line: StatementLine, invoice_number: str | None, language: str = "ru") -> dict:
    return {"id": line.id, "statement_id": line.statement_id, "doc_number": line.doc_number,
            "doc_date": line.doc_date.isoformat(), "amount": line.amount, "currency": money.CURRENCY,
            "payer_inn": line.payer_inn, "payer_name": line.payer_name, "payer_account": line.payer_account,
            "purpose": line.purpose, "status": line.status,
            "status_label": label("statement_line_status", line.status, language), "reason": line.reason,
            "reason_text": invoice_rules.REASONS.get(line.reason or "") if line.status == "unmatched" else None,
            "invoice_id": line.invoice_id, "invoice_number": invoice_number, "payment_id": line.payment_id,
            "resolved_by": line.resolved_by, "resolved_at": iso(line.resolved_at), "created_at": iso(line.created_at)}


def statement_view(statement: BankStatement, duplicates: int, lines: list[dict]) -> dict:
    """An import: what the file held, what was new, what was recorded, and what waits for a
    person (``lines``: the import's new lines)."""
    return {"id": statement.id, "filename": statement.filename,
            "date_from": statement.date_from.isoformat() if statement.date_from else None,
            "date_to": statement.date_to.isoformat() if statement.date_to else None,
            "account": statement.account, "documents": statement.documents, "new_lines": statement.new_lines,
            "matched": statement.matched, "unmatched": statement.new_lines - statement.matched,
            "duplicates": duplicates, "imported_at": iso(statement.imported_at), "lines": lines}
