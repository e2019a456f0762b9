"""Bank statements (issue 11, item 9), one transaction each: importing a statement in the 1C
exchange format records each incoming payment that names an issued order invoice and comes
from its payer's INN as a payment of that order (``bank_transfer``; orders confirms the order
once it is paid in full); every other incoming line waits as ``unmatched`` for a person, who
assigns it to an invoice or dismisses it.

Importing is idempotent: a line is known by its fingerprint (document number, date, amount,
payer's INN) under a unique constraint, so a statement imported twice, or two statements that
overlap, record each payment once; lines are claimed in fingerprint order, so two imports that
share lines wait for each other instead of deadlocking, then matched in the statement's order. Lock order: the line, the order's
record, its invoice, the personal account.

Rental managers and administrators import and resolve (a statement holds every account's
money).
"""
from __future__ import annotations

import base64
import binascii
import hashlib

from kit import i18n, listing
from kit.context import Caller
from kit.errors import InputRuleBroken
from kit.store import insert_ignore
from services.billing import exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import order_invoices as rules, statements as parsing
from services.billing.handlers import payments
from services.billing.models import BankStatement, OrderInvoice, StatementLine, new_id

UNMATCHED, MATCHED, DISMISSED = "unmatched", "matched", "dismissed"


def _facts(uow, invoice: OrderInvoice) -> rules.InvoiceFacts:
    paid = store.order_paid(uow.session, invoice.order_number)
    return rules.InvoiceFacts(invoice.number, invoice.status, invoice.payer_inn, max(0, invoice.amount - paid))


def _record(uow, caller: Caller, line: StatementLine, invoice_id: str, deps: Deps, *, check) -> str | None:
    """Record the line as a payment of the invoice, its order's lock taken first; ``check``
    (the invoice's facts under the lock) gives the reason it may not, or None."""
    invoice = store.order_invoice(uow.session, invoice_id)
    record = store.order_account(uow.session, invoice.order_number)
    invoice = store.order_invoice(uow.session, invoice_id, lock=True)
    reason = check(_facts(uow, invoice)) if record is not None else "invoice_not_found"
    if reason is not None:
        return reason
    payment = payments.record_bank_transfer(
        uow, record=record, account_id=invoice.account_id, user_id=invoice.user_id, payer_id=invoice.payer_id,
        amount=line.amount, currency=invoice.currency, key="statement:" + line.fingerprint,
        description="Платежное поручение №{} от {} по счету №{}".format(
            line.doc_number, i18n.format_date(line.doc_date, "ru"), invoice.number),
        comment=line.purpose, recorded_by=caller.user_id, settings=deps.settings)
    line.status, line.reason, line.invoice_id, line.payment_id = MATCHED, None, invoice.id, payment.id
    return None


def _match(uow, caller: Caller, line: StatementLine, deps: Deps) -> None:
    numbers = parsing.invoice_numbers(line.purpose)
    found = store.order_invoices_numbered(uow.session, numbers)
    chosen = rules.match(numbers, {n: _facts(uow, i) for n, i in found.items()}, line.payer_inn, line.amount)
    if not chosen.matched:
        line.reason = chosen.reason
        return
    reason = _record(uow, caller, line, found[chosen.number].id, deps,
                     check=lambda facts: rules.match([facts.number], {facts.number: facts}, line.payer_inn,
                                                     line.amount).reason)
    if reason is not None:
        line.reason = reason


def import_statement(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /billing/bank-statements`` (``data``: the upload ``{filename, content_type,
    data}``): the statement's incoming payments (to ``BILLING_SELLER_INN``) not seen before are
    stored and matched; 422 ``statement_invalid`` for a file that is not a 1C statement
    (nothing is stored)."""
    caller.require_role("rental_manager")
    try:
        raw = base64.b64decode(data["data"], validate=True)
    except (binascii.Error, ValueError):
        raise InputRuleBroken("statement_invalid", "The file is not valid base64", field="file") from None
    statement = parsing.parse(raw)
    seller_inn = deps.settings.seller.inn
    incoming = [d for d in statement.documents if not seller_inn or d.recipient_inn == seller_inn]
    now = uow.now()
    header = statement.header
    imported = BankStatement(
        id=new_id(), filename=(data.get("filename") or "statement.txt")[:255], sha256=hashlib.sha256(raw).hexdigest(),
        date_from=_header_day(header.get("ДатаНачала")), date_to=_header_day(header.get("ДатаКонца")),
        account=(header.get("РасчСчет") or "")[:20] or None, documents=len(statement.documents), new_lines=0,
        matched=0, imported_by=caller.user_id, imported_at=now)
    uow.session.add(imported)
    uow.session.flush()
    # first every line is claimed (fingerprint order: overlapping imports queue on the first
    # line they share, before either locks an order); then the new ones are matched in the
    # statement's order, as the money arrived
    fresh = set()
    for document in sorted(incoming, key=lambda d: d.fingerprint):
        if insert_ignore(uow.session, StatementLine, id=new_id(), fingerprint=document.fingerprint,
                         statement_id=imported.id, doc_number=document.number[:30], doc_date=document.day,
                         amount=document.amount, payer_inn=document.payer_inn[:12],
                         payer_name=document.payer_name[:300], payer_account=document.payer_account[:20],
                         purpose=document.purpose[:1000], status=UNMATCHED, reason=None, created_at=now):
            fresh.add(document.fingerprint)
    new_lines = []
    for document in sorted(incoming, key=lambda d: d.day):
        if document.fingerprint in fresh:
            fresh.discard(document.fingerprint)
            line = store.statement_line_by_fingerprint(uow.session, document.fingerprint)
            _match(uow, caller, line, deps)
            new_lines.append(line)
    duplicates = len(incoming) - len(new_lines)
    imported.new_lines = len(new_lines)
    imported.matched = sum(1 for line in new_lines if line.status == MATCHED)
    numbers = store.invoice_numbers_of(uow.session, [line.invoice_id for line in new_lines])
    uow.record_action("bank_statement.imported", "bank_statement", imported.id,
                      "{}: {} новых строк, {} сопоставлено".format(imported.filename, imported.new_lines,
                                                                  imported.matched), account_id=None)
    return views.statement_view(imported, duplicates, [
        views.statement_line_view(line, numbers.get(line.invoice_id), caller.language) for line in new_lines])


def _header_day(value: str | None):
    if not value:
        return None
    try:
        return parsing.day_of(value, "ДатаНачала")
    except InputRuleBroken:
        return None


def list_lines(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Statement lines, newest first (``status=unmatched``: what waits for a person)."""
    caller.require_role("rental_manager")
    conditions = []
    if data.get("status"):
        conditions.append(StatementLine.status == data["status"])
    total, rows = store.page(uow.session, StatementLine, conditions,
                             [StatementLine.created_at.desc(), StatementLine.doc_date.desc(), StatementLine.id], data)
    numbers = store.invoice_numbers_of(uow.session, [line.invoice_id for line in rows])
    return views.page([views.statement_line_view(line, numbers.get(line.invoice_id), caller.language)
                       for line in rows], total, data)


def _open_line(uow, caller: Caller, line_id: str) -> StatementLine:
    caller.require_role("rental_manager")
    line = store.statement_line(uow.session, line_id, lock=True)
    if line is None:
        raise exc.StatementLineNotFound("No such statement line")
    rules.check_line_open(line.status)
    return line


def assign_line(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A person records an unmatched line as a payment of the invoice they name (the payer's
    INN is theirs to judge); the invoice must take the money under manual 001's rule."""
    line = _open_line(uow, caller, data["line_id"])
    invoice = store.order_invoices_numbered(uow.session, [data["invoice_number"]]).get(data["invoice_number"])
    if invoice is None:
        raise InputRuleBroken("order_invoice_not_found", "No invoice has this number", field="invoice_number")

    def check(facts):
        rules.check_assignable(facts, line.amount)

    _record(uow, caller, line, invoice.id, deps, check=check)
    line.resolved_by, line.resolved_at = caller.user_id, uow.now()
    uow.record_action("statement_line.assigned", "statement_line", line.id, "П/п №{} от {}: {} ₽ → счет {}".format(
        line.doc_number, line.doc_date.isoformat(), listing.money(line.amount), invoice.number),
        account_id=invoice.account_id)
    return views.statement_line_view(line, invoice.number, caller.language)


def dismiss_line(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A person sets an unmatched line aside (not ours to record: a refund, another
    contract…), with the reason."""
    line = _open_line(uow, caller, data["line_id"])
    line.status, line.reason = DISMISSED, data["reason"]
    line.resolved_by, line.resolved_at = caller.user_id, uow.now()
    uow.record_action("statement_line.dismissed", "statement_line", line.id, "П/п №{}: {} ₽ отложен: {}".format(
        line.doc_number, listing.money(line.amount), data["reason"]), account_id=None)
    return views.statement_line_view(line, None, caller.language)
