"""Paying an order by invoice (безналичный расчет): who may ask for one, its number within its
year, its due date and lines with VAT, its status as money arrives, and whether a line of a
bank statement pays it.

An order's invoice goes ``awaiting_issue`` (the client chose non-cash payment; orders shows
«Новый. Ожидает выставления счета на оплату») → ``issued`` (billing issued it: «Безналичный
расчет. Счет выставлен») → ``partially_paid`` → ``paid`` (the order is confirmed), or
``cancelled`` with its order. Money that arrives for it keeps manual 001's rule: a part
payment must leave at least 50 ₽ to pay (:data:`money.MIN_REMAINING`); a statement line
that would break it waits for a person instead of being recorded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import money
from services.billing.domain.payers import COMPANY, SOLE_PROPRIETOR

AWAITING_ISSUE, ISSUED, PARTIALLY_PAID, PAID, CANCELLED = (
    "awaiting_issue", "issued", "partially_paid", "paid", "cancelled")
STATUSES = (AWAITING_ISSUE, ISSUED, PARTIALLY_PAID, PAID, CANCELLED)
#: an invoice money can pay
OPEN = frozenset({ISSUED, PARTIALLY_PAID})
#: payers that pay by invoice (manual 004: a company or a sole proprietor, with requisites)
BUSINESS_KINDS = frozenset({COMPANY, SOLE_PROPRIETOR})
#: days from the issue to the due date (ORDER_INVOICE_DUE_DAYS overrides)
DUE_DAYS = 5


def check_payer(kind: str, inn: str | None) -> None:
    """Non-cash payment is for a company or a sole proprietor with an INN (the invoice
    names it, and a bank statement is matched by it)."""
    if kind not in BUSINESS_KINDS:
        raise InputRuleBroken("payer_not_business", "An invoice is made out to a company or a sole proprietor: "
                              "choose such a payer", field="payer_id")
    if not (inn or "").strip():
        raise InputRuleBroken("payer_inn_missing", "The payer has no INN: add it to the payer first",
                              field="payer_id")


def check_requestable(order_status: str, total: int, paid: int) -> None:
    """Orders' status ``new`` with nothing paid and something to pay: one invoice pays the
    whole order."""
    if order_status != "new" or total <= 0:
        raise RuleBroken("order_not_invoiceable", "Only a new order waiting for its payment can be paid by invoice")
    if paid > 0:
        raise RuleBroken("order_partly_paid", "Part of this order is paid already: pay the rest as before")


def check_issuable(status: str, cancelled: bool) -> None:
    if cancelled or status == CANCELLED:
        raise RuleBroken("order_cancelled", "The order was cancelled")
    if status != AWAITING_ISSUE:
        raise RuleBroken("order_invoice_already_issued", "The invoice of this order is issued already")


def counter_name(year: int) -> str:
    """The counter of a year's invoice numbers (numbering starts again each year)."""
    return "order_invoice:{}".format(year)


def number_text(year: int, sequence: int) -> str:
    """2026, 123 → ``2026-000123``."""
    return "{}-{:06d}".format(year, sequence)


def due_on(issued_on: date, days: int = DUE_DAYS) -> date:
    return issued_on + timedelta(days=days)


def lines_with_vat(lines: list[dict]) -> list[dict]:
    """The order's lines as the invoice prints them, each with the VAT its amount includes
    (20 %); the invoice's VAT is the VAT of its total (computed once, stored)."""
    return [{"name": str(line.get("name") or ""), "quantity": int(line.get("quantity") or 1),
             "unit_price": int(line.get("unit_price") or 0), "amount": int(line.get("amount") or 0),
             "vat": money.vat_included(int(line.get("amount") or 0))} for line in lines]


def status_of(amount: int, paid: int, current: str) -> str:
    """What the money paid so far makes of an issued invoice."""
    if current in (AWAITING_ISSUE, CANCELLED):
        return current
    if paid >= amount:
        return PAID
    return PARTIALLY_PAID if paid > 0 else ISSUED


# --- a bank statement's line --------------------------------------------------------------

#: why a line was not recorded by itself; a person assigns it to an invoice or dismisses it
REASONS = {
    "no_invoice_number": "The purpose names no invoice number",
    "invoice_not_found": "No invoice has the number the purpose names",
    "payer_inn_mismatch": "The payer's INN is not the invoice's payer's",
    "invoice_not_issued": "The invoice is not issued",
    "invoice_paid": "The invoice is paid already",
    "invoice_cancelled": "The invoice was cancelled with its order",
    "amount_exceeds_remaining": "More than the invoice has left to pay",
    "remaining_too_small": "Less than 50 ₽ of the invoice would remain to pay",
}


@dataclass(frozen=True)
class InvoiceFacts:
    """What matching needs of an invoice."""

    number: str
    status: str
    payer_inn: str
    remaining: int


@dataclass(frozen=True)
class Match:
    """The invoice a line pays (``number``), or why none (``reason``)."""

    number: str | None
    reason: str | None

    @property
    def matched(self) -> bool:
        return self.reason is None


def money_problem(remaining: int, amount: int) -> str | None:
    """Manual 001's rule for money that pays part of an invoice: at most what remains, and at
    least 50 ₽ left unless it pays the rest in full."""
    if amount > remaining:
        return "amount_exceeds_remaining"
    if amount < remaining and remaining - amount < money.MIN_REMAINING:
        return "remaining_too_small"
    return None


def _problem(invoice: InvoiceFacts | None, payer_inn: str, amount: int, check_inn: bool) -> str | None:
    if invoice is None:
        return "invoice_not_found"
    if invoice.status == CANCELLED:
        return "invoice_cancelled"
    if invoice.status == PAID:
        return "invoice_paid"
    if invoice.status not in OPEN:
        return "invoice_not_issued"
    if check_inn and invoice.payer_inn != payer_inn.strip():
        return "payer_inn_mismatch"
    return money_problem(invoice.remaining, amount)


def match(numbers: list[str], invoices: dict, payer_inn: str, amount: int) -> Match:
    """The first invoice among ``numbers`` (found in the purpose, in order) that the line
    pays: issued, of the payer with this INN, and the amount within manual 001's rule. Else
    the reason of the first number (the one the payer most likely meant)."""
    if not numbers:
        return Match(None, "no_invoice_number")
    reasons = [_problem(invoices.get(number), payer_inn, amount, True) for number in numbers]
    for number, reason in zip(numbers, reasons):
        if reason is None:
            return Match(number, None)
    return Match(None, reasons[0])


def check_assignable(invoice: InvoiceFacts, amount: int) -> None:
    """A person assigns a line to an invoice (the payer's INN is theirs to judge: a director
    may pay for the company): the invoice must take the money, under manual 001's rule."""
    reason = _problem(invoice, "", amount, False)
    if reason in ("amount_exceeds_remaining", "remaining_too_small"):
        raise InputRuleBroken(reason, REASONS[reason], field="invoice_number")
    if reason is not None:
        raise RuleBroken(reason, REASONS[reason])


def check_line_open(status: str) -> None:
    if status != "unmatched":
        raise RuleBroken("statement_line_resolved", "This line was recorded or dismissed already")
