"""What orders does on its own: follow billing's payment events (docs/payments.md) and
coworking's tickets (C2, C7, O10), auto-confirm done orders (O6) and finish coworking
rentals whose period has ended. Names and contacts of people are the kit's projection
(:class:`kit.people.PeopleProjection` on the service class).

Billing owns money: an order's ``paid`` and ``refunded`` are billing's running totals
from its events (``order_paid_total``, ``order_refunded_total``); what remains follows
from them (``domain.payments.remaining``)."""
from __future__ import annotations

from datetime import datetime

import structlog

from kit.context import Caller
from services.orders.dependencies import Deps
from services.orders.domain import payments, states
from services.orders.exceptions import OrderNotFound
from services.orders.handlers.chat import post_system
from services.orders.handlers.orders import move
from services.orders.models import CatalogService, Order, OrderPayment, OrderRefund
from services.orders.store import (
    add_readers, claim_due_confirmations, claim_ended_rentals, order_by_number, order_facts,
)

log = structlog.get_logger(__name__)


def _order(uow, envelope: dict) -> Order | None:
    number = (envelope.get("data") or {}).get("order_number")
    if number is None:
        return None  # a top-up, not an order payment
    try:
        order = order_by_number(uow.session, int(number), for_update=True)
    except OrderNotFound:
        order = None
    if order is None:
        log.warning("billing_event_for_unknown_order", type=envelope.get("type"), order_number=number)
    return order


def _when(value, default):
    if not value:
        return default
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else default


def payment_started(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """A card payment is in flight: ``new`` → ``new_payment_pending``."""
    order = _order(uow, envelope)
    if order is not None and order.status == "new" and order.kind in states.PAYABLE_KINDS:
        move(uow, order, "payment_started", states.SYSTEM, changed_by=None)


def payment_succeeded(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    data = envelope["data"]
    order = _order(uow, envelope)
    if order is None or order.kind not in states.PAYABLE_KINDS:
        return
    if uow.session.get(OrderPayment, str(data["payment_id"])) is not None:
        return  # this payment was announced before (another event about the same payment)
    uow.session.add(OrderPayment(
        payment_id=str(data["payment_id"]), order_id=order.id, payment_number=data.get("payment_number"),
        method=data.get("method") or "card", amount=int(data["amount"]),
        paid_at=_when(data.get("paid_at"), uow.now())))
    order.paid = payments.running_total(order.paid, data["order_paid_total"])
    order.updated_at = uow.now()
    service = uow.session.get(CatalogService, order.service_id)
    action = states.after_payment(order.status, data.get("method") or "card", order_facts(uow.session, order, service),
                                  fully_paid=bool(data.get("order_fully_paid")) or order.paid >= order.total)
    if action is not None:
        move(uow, order, action, states.SYSTEM, changed_by=None, service=service)
    code = payments.RECEIVED_MESSAGE.get(data.get("method"), "payment_received_gateway")
    with_amount = code in ("payment_received_manager", "payment_received_bank_transfer")
    post_system(uow, order, code, {"amount": int(data["amount"])} if with_amount else None)


def _remember_invoice(order: Order, data: dict, now) -> None:
    """The order's copy of its invoice (the order view's ``payment.invoice``)."""
    details = dict(order.details or {})
    details["invoice"] = {"id": data["invoice_id"], "number": data.get("invoice_number"),
                          "payer_name": data.get("payer_name"), "amount": data.get("amount"),
                          "issued_on": data.get("issued_on"), "due_on": data.get("due_on")}
    order.details, order.updated_at = details, now


def invoice_requested(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """The client chose to pay by invoice: ``new`` → ``new_awaiting_invoice`` (an order that
    moved on meanwhile, e.g. cancelled, stays as it is)."""
    data = envelope["data"]
    order = _order(uow, envelope)
    if order is None or order.kind not in states.PAYABLE_KINDS:
        return
    if not (order.details or {}).get("invoice"):
        _remember_invoice(order, data, uow.now())
    if order.status == "new":
        move(uow, order, "invoice_requested", states.SYSTEM, changed_by=None)
        post_system(uow, order, "invoice_requested", {"payer": data.get("payer_name") or ""})


def invoice_issued(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """Billing issued the order's invoice: → ``invoice_issued`` («Безналичный расчет. Счет
    выставлен»), the invoice (number, due date) shown on the order to download."""
    data = envelope["data"]
    order = _order(uow, envelope)
    if order is None or order.kind not in states.PAYABLE_KINDS:
        return
    _remember_invoice(order, data, uow.now())
    if order.status in ("new", "new_awaiting_invoice"):
        move(uow, order, "invoice_issued", states.SYSTEM, changed_by=None)
        due = data.get("due_on") or ""
        post_system(uow, order, "invoice_issued", {
            "number": data.get("invoice_number") or "", "amount": int(data["amount"]),
            "due_on": ".".join(reversed(due.split("-"))) if due else ""})


def payment_failed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    order = _order(uow, envelope)
    if order is None or order.status != "new_payment_pending":
        return
    # with a prepayment already in, the order stays payable instead of being cancelled
    action = "payment_failed_after_prepayment" if order.paid > 0 else "payment_failed"
    move(uow, order, action, states.SYSTEM, changed_by=None, reason=envelope["data"].get("reason"))
    post_system(uow, order, "payment_failed")


def refund_completed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    data = envelope["data"]
    order = _order(uow, envelope)
    if order is None:
        return
    # refund_id null, amount 0: billing holds nothing for the order (it says so at once
    # instead of leaving the order waiting for a refund that will never come)
    if data.get("refund_id") is not None:
        if uow.session.get(OrderRefund, str(data["refund_id"])) is not None:
            return
        uow.session.add(OrderRefund(refund_id=str(data["refund_id"]), order_id=order.id,
                                    payment_id=data.get("payment_id"), amount=int(data["amount"]),
                                    destination=data.get("destination"), completed_at=uow.now()))
    order.refunded = payments.running_total(order.refunded, data["order_refunded_total"])
    order.updated_at = uow.now()
    if int(data.get("amount") or 0) > 0:
        post_system(uow, order, "refund_completed", {"amount": int(data["amount"])})
    if data.get("order_fully_refunded") and order.status == "cancelled_refund_pending":
        move(uow, order, "refund_completed", states.SYSTEM, changed_by=None)


# --- auto-confirm (O6) ----------------------------------------------------------------

def auto_confirm_due(uow, caller: Caller, data: dict, deps: Deps | None) -> int:
    """Orders whose confirmation time has passed become done; each at most once. Takes at
    most ``data["batch"]`` orders and returns how many it took (:func:`kit.periodic.drain`);
    two replicas ticking together split the work (``store.claim_due_confirmations``)."""
    due = claim_due_confirmations(uow.session, uow.now(), data["batch"])
    for order in due:
        move(uow, order, "auto_confirm", states.SYSTEM, changed_by=None)
        post_system(uow, order, "auto_confirmed")
    return len(due)


def rentals_ended(uow, caller: Caller, data: dict, deps: Deps | None) -> int:
    """Coworking orders whose rental period has ended become done (their tickets follow)."""
    due = claim_ended_rentals(uow.session, uow.now(), data["batch"])
    for order in due:
        move(uow, order, "period_ended", states.SYSTEM, changed_by=None)
    return len(due)


# --- coworking's tickets (C2, C7, O10) ---------------------------------------------------

def _coworking_order(uow, envelope: dict) -> Order | None:
    try:
        order = order_by_number(uow.session, int(envelope["data"]["order_number"]), for_update=True)
    except OrderNotFound:
        order = None
    if order is None or order.kind != "coworking":
        # coworking announces tickets of stored orders only: this is a bug, retried, then a dead letter
        raise OrderNotFound("coworking announced a ticket of an unknown order {}".format(
            envelope["data"]["order_number"]))
    return order


def ticket_changed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """Keep the newest copy of the order's ticket (``version`` only grows)."""
    order = _coworking_order(uow, envelope)
    ticket = envelope["data"]["ticket"]
    details = dict(order.details or {})
    if int((details.get("ticket") or {}).get("version") or 0) >= ticket["version"]:
        return
    details["ticket"] = {key: ticket.get(key) for key in
                         ("number", "status", "space", "workplace", "validated", "validated_at", "version")}
    order.details, order.updated_at = details, uow.now()


def ticket_visitor_changed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """C7 / O10: the ticket's visitor is the order's applicant now; the previous one keeps
    no access (they are no longer the applicant; a colleague of the account still sees it)."""
    order = _coworking_order(uow, envelope)
    data = envelope["data"]
    if order.applicant_id == data["visitor_id"]:
        return
    person = deps.people(uow.session).get([data["visitor_id"]]).get(data["visitor_id"]) or {}
    order.applicant_id, order.updated_at = data["visitor_id"], uow.now()
    if person.get("account_id"):
        order.account_id = person["account_id"]
    add_readers(uow.session, order, [(data["visitor_id"], "client")])
    post_system(uow, order, "ticket_visitor_changed", {"name": person.get("full_name") or ""})
