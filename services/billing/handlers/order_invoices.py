"""Paying an order by invoice (issue 11, item 9), one transaction each: the client asks for an
invoice made out to a company or sole-proprietor payer (orders: «Новый. Ожидает выставления
счета на оплату»); staff handling the order issue it — its number of the year, its due date,
both parties' requisites frozen in it (orders: «Безналичный расчет. Счет выставлен»); reading
it and its printable data; money credited to the order follows into it
(:func:`follow_payment`); a cancelled order cancels it.

The order-scoped calls take ``orders.get_payable``'s snapshot (the gateway asks orders first,
which answers 404 to anyone who may not see the order); billing checks again who the caller
is. Lock order as for every order payment: the order's record, then its invoice.
"""
from __future__ import annotations

import base64
from dataclasses import asdict, fields as dataclass_fields

from kit.context import Caller
from kit.errors import InputRuleBroken
from kit.pdf import Party
from services.billing import events, exceptions as exc, store, views
from services.billing.adapters.documents import order_invoice_pdf
from services.billing.dependencies import Deps
from services.billing.domain import credit, money, order_invoices as rules, payers as payer_rules
from services.billing.domain import payments as states
from services.billing.handlers import access
from services.billing.models import OrderAccount, OrderInvoice, Payer, Payment


def _address(payer: Payer) -> str:
    address = payer.legal_address or payer.actual_address or {}
    return ", ".join(str(address[k]).strip() for k in ("postcode", "city", "address")
                     if address.get(k))


def payer_requisites(payer: Payer) -> dict:
    """The payer as the invoice prints it (frozen in the invoice when it is issued)."""
    contract = payer.contract_data or {}
    return {"kind": payer.kind, "name": payer_rules.display_name(views.payer_data(payer)), "inn": payer.inn or "",
            "kpp": payer.kpp or "", "ogrn": payer.ogrn or "", "address": _address(payer),
            "bank_name": payer.bank_name or "", "bik": payer.bik or "",
            "settlement_account": payer.settlement_account or "",
            "correspondent_account": payer.correspondent_account or "", "phone": payer.phone or "",
            "email": payer.email or "", "director_name": contract.get("director_name") or ""}


def _order_record(uow, order: dict) -> OrderAccount:
    """Billing's record of the order, locked (opened from the snapshot on first use); a
    cancelled order or one with a card payment in flight takes no invoice."""
    now = uow.now()
    store.open_order_account(uow.session, order, now)
    record = store.order_account(uow.session, order["order_number"])
    if record.cancelled_at is None and record.total != order["total"]:
        record.total, record.updated_at = order["total"], now
    states.check_order_takes_payments(record.cancelled_at is not None,
                                      bool(store.order_in_flight(uow.session, record.order_number)))
    return record


def _business_payer(session, account_id: str, payer_id: str | None) -> Payer:
    if not payer_id:
        raise InputRuleBroken("payer_required", "Choose the company or sole proprietor the invoice is made out to",
                              field="payer_id")
    payer = store.payer(session, str(payer_id))
    if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
        raise exc.InvalidReference("No such payer in this account", code="payer_not_found",
                                   errors={"payer_id": ["No such payer."]})
    rules.check_payer(payer.kind, payer.inn)
    return payer


def _lines(order: dict, record: OrderAccount) -> list[dict]:
    lines = [line for line in (order.get("lines") or []) if int(line.get("amount") or 0) > 0]
    if not lines:
        lines = [{"name": record.service_name or "Заказ №{}".format(record.order_number), "quantity": 1,
                  "unit_price": record.total, "amount": record.total}]
    return rules.lines_with_vat(lines)


def request_invoice(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/invoice``: the client pays by bank transfer. The invoice awaits its
    issue; orders hears ``order_invoice_requested``. Asking again with the same payer returns
    the same invoice; with another, 409 ``order_invoice_exists``."""
    order, request = data["order"], data["request"]
    access.require_order_payer(caller, order)
    money.check_currency(order["currency"])
    account_id, number = order["account_id"], order["order_number"]
    payer = _business_payer(uow.session, account_id, request.get("payer_id") or order.get("payer_id"))
    record = _order_record(uow, order)
    existing = store.order_invoice_of(uow.session, number, lock=True)
    if existing is not None:
        if existing.payer_id == payer.id and existing.status != rules.CANCELLED:
            return views.order_invoice_view(existing, caller.language)
        raise exc.OrderInvoiceExists("This order has an invoice already")
    rules.check_requestable(order.get("status") or "", record.total, store.order_paid(uow.session, number))
    now = uow.now()
    invoice = OrderInvoice(
        order_number=number, number=None, account_id=account_id, payer_id=payer.id, payer_inn=payer.inn,
        user_id=caller.user_id, service_name=(record.service_name or "")[:300], status=rules.AWAITING_ISSUE,
        amount=record.total, vat=money.vat_included(record.total), paid=0, currency=record.currency,
        lines=_lines(order, record), payer=payer_requisites(payer), seller={}, requested_at=now, updated_at=now)
    uow.session.add(invoice)
    uow.session.flush()
    uow.emit("order_invoice_requested", events.order_invoice_event(invoice))
    return views.order_invoice_view(invoice, caller.language)


def issue_invoice(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/invoice/issue`` (staff handling the order): the invoice gets the next
    number of the operator's year (``2026-000123``, gapless: the year's counter row is held
    until this commits), its issue and due dates, and both parties' requisites as they are
    now; orders hears ``order_invoice_issued`` and shows «Счет выставлен»."""
    order, request = data["order"], data["request"]
    caller.require_role("rental_manager")
    access.require_staff_may_record(order)
    record = store.order_account(uow.session, order["order_number"])
    invoice = store.order_invoice_of(uow.session, order["order_number"], lock=True)
    if record is None or invoice is None:
        raise exc.OrderInvoiceNotFound("This order has no invoice to issue: the client has not asked for one")
    rules.check_issuable(invoice.status, record.cancelled_at is not None)
    now = uow.now()
    issued_on = credit.today(now, deps.settings.zone)
    sequence = store.next_order_invoice_sequence(uow.session, rules.counter_name(issued_on.year))
    payer = store.payer(uow.session, invoice.payer_id)
    if payer is not None and payer.deleted_at is None:
        invoice.payer = payer_requisites(payer)
    invoice.number = rules.number_text(issued_on.year, sequence)
    invoice.status, invoice.issued_by, invoice.issued_at = rules.ISSUED, caller.user_id, now
    invoice.issued_on = issued_on
    invoice.due_on = rules.due_on(issued_on, request.get("due_days") or deps.settings.order_invoice_due_days)
    invoice.seller = asdict(deps.settings.seller)
    invoice.updated_at = now
    uow.emit("order_invoice_issued", events.order_invoice_event(invoice))
    return views.order_invoice_view(invoice, caller.language)


# --- reading ------------------------------------------------------------------------------

def _may_read(caller: Caller, invoice: OrderInvoice, order: dict | None = None) -> bool:
    """Users of the invoice's account with the finance or orders right; the order's applicant
    and the staff handling it (orders' snapshot says so); administrators; and every rental
    manager, on purpose: they import the bank's statements for all accounts and resolve the
    lines that match no invoice by naming one (docs/payments.md), which means comparing a
    line's payer, INN and amount with invoices of any account — the same invoices
    ``list_invoices(scope=all)`` shows them. Anyone else: 404."""
    if caller.account_id is not None and caller.account_id == invoice.account_id and (
            caller.rights & {"finance", "orders"}):
        return True
    if order is not None and (order.get("staff_handles") or caller.user_id == order.get("applicant_id")):
        return True
    return caller.is_admin or caller.has_role("rental_manager")


def _readable(uow, caller: Caller, data: dict) -> OrderInvoice:
    """By id (``/billing/order-invoices/{id}``) or by the order's snapshot
    (``/orders/{n}/invoice``); another account's invoice is 404."""
    caller.require_user()
    order = data.get("order")
    if order is not None:
        invoice = store.order_invoice_of(uow.session, order["order_number"])
    else:
        invoice = store.order_invoice(uow.session, data["invoice_id"])
    if invoice is None or not _may_read(caller, invoice, order):
        raise exc.OrderInvoiceNotFound("No such invoice")
    return invoice


def get_invoice(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.order_invoice_view(_readable(uow, caller, data), caller.language)


_PARTY_FIELDS = tuple(f.name for f in dataclass_fields(Party))


def _party(requisites: dict) -> Party:
    return Party(**{name: str(requisites.get(name) or "") for name in _PARTY_FIELDS})


def invoice_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The issued invoice as a PDF (``{content_type, filename, data}``, base64): what was
    frozen in it when it was issued — both parties' requisites, the order's lines, VAT, the
    due date; 409 ``order_invoice_not_issued`` until then."""
    invoice = _readable(uow, caller, data)
    if invoice.number is None:
        raise exc.OrderInvoiceNotIssued("The invoice is not issued yet")
    content = order_invoice_pdf({
        "number": invoice.number, "issued_on": invoice.issued_on, "due_on": invoice.due_on,
        "seller": _party(invoice.seller or {}), "buyer": _party(invoice.payer or {}),
        "order_number": invoice.order_number, "vat_rate": money.VAT_PERCENT, "font_path": deps.settings.font_path,
        "lines": [{"name": line["name"], "quantity": line["quantity"], "price": line["unit_price"],
                   "amount": line["amount"]} for line in invoice.lines or ()]})
    return {"content_type": "application/pdf", "filename": "Счет-{}.pdf".format(invoice.number),
            "data": base64.b64encode(content).decode()}


def list_invoices(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The account's order invoices, newest first; ``scope=all``: staff (rental managers,
    administrators) see every account's, e.g. those awaiting their issue."""
    conditions = []
    if data.get("scope") == "all":
        caller.require_role("rental_manager")
    else:
        conditions.append(OrderInvoice.account_id == access.require_account(caller, "finance", "orders"))
    if data.get("status"):
        conditions.append(OrderInvoice.status == data["status"])
    if data.get("order_number"):
        conditions.append(OrderInvoice.order_number == data["order_number"])
    total, rows = store.page(uow.session, OrderInvoice, conditions,
                             [OrderInvoice.requested_at.desc(), OrderInvoice.order_number.desc()], data)
    return views.page([views.order_invoice_view(i, caller.language) for i in rows], total, data)


# --- money arriving, an order cancelled ------------------------------------------------------

def follow_payment(uow, payment: Payment) -> None:
    """A payment of an order was credited (its record's lock held): the order's invoice, if
    it has one, is paid as far as the order is (one invoice pays the whole order)."""
    invoice = store.order_invoice_of(uow.session, payment.order_number, lock=True)
    if invoice is None or invoice.status in (rules.AWAITING_ISSUE, rules.CANCELLED):
        return
    invoice.paid = min(invoice.amount, store.order_paid(uow.session, payment.order_number))
    invoice.status = rules.status_of(invoice.amount, invoice.paid, invoice.status)
    invoice.updated_at = uow.now()
    if invoice.status == rules.PAID and invoice.paid_at is None:
        invoice.paid_at = uow.now()


def cancel_with_order(uow, order_number: int) -> None:
    """The order was cancelled: its invoice takes no more money (a statement line naming it
    waits for a person)."""
    invoice = store.order_invoice_of(uow.session, order_number, lock=True)
    if invoice is not None and invoice.status != rules.PAID and invoice.cancelled_at is None:
        invoice.status, invoice.cancelled_at = rules.CANCELLED, uow.now()
        invoice.updated_at = uow.now()
