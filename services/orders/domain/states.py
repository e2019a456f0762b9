"""The order state machine of every kind (O15), in one place.

The same table refuses an illegal transition (:func:`apply`) and lists what a caller may
do right now (:func:`client_actions`, :func:`staff_actions`), so the buttons a client sees
and the rules the server enforces cannot disagree.

Who moves an order:
- the client (applicant or a user of the order's account): confirm completion, return to
  work, close (simple services and requests, manual 000), cancel (the other kinds, when
  the service allows it);
- staff handling the service (manager console, manual 001): change the status along the
  staff transitions, cancel;
- the system: billing's payment events (docs/payments.md) and the auto-confirm timer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kit.errors import RuleBroken

KINDS = ("simple", "request", "booking", "goods", "coworking", "hotel", "event")
#: manual 000: confirm completion / close belong to simple services and requests
WORK_KINDS = frozenset({"simple", "request"})
#: kinds with line items, a total and a payment block
PAYABLE_KINDS = frozenset({"booking", "goods", "coworking", "hotel", "event"})

STATUSES = (
    "new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued", "confirmed",
    "in_progress", "done_awaiting_confirmation", "done", "cancelled", "cancelled_payment_failed",
    "cancelled_refund_pending", "cancelled_refunded",
)
CANCELLED = frozenset({"cancelled", "cancelled_payment_failed", "cancelled_refund_pending",
                       "cancelled_refunded"})
#: manual 000: "the context menu is not shown when the order is cancelled or done"
CLOSED = CANCELLED | {"done"}
#: an order in these statuses still waits for its money to be settled
AWAITING_PAYMENT = frozenset({"new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued"})

CLIENT, STAFF, SYSTEM = "client", "staff", "system"

#: target of a cancellation: "cancelled", or "cancelled_refund_pending" when money was paid (O9)
CANCEL = "<cancel>"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    actor: str


def _t(action, sources, target, actor) -> Transition:
    return Transition(action, frozenset(sources), target, actor)


_WORK = (
    # staff (the executor or the manager)
    _t("start_work", {"new"}, "in_progress", STAFF),
    _t("mark_done", {"new", "in_progress"}, "done_awaiting_confirmation", STAFF),
    _t("reopen", {"done_awaiting_confirmation"}, "in_progress", STAFF),
    _t("staff_cancel", {"new", "in_progress"}, CANCEL, STAFF),
    # the client (O6, O8)
    _t("confirm_completion", {"done_awaiting_confirmation"}, "done", CLIENT),
    _t("return_to_work", {"done_awaiting_confirmation"}, "in_progress", CLIENT),
    _t("close_done", {"new", "in_progress"}, "done", CLIENT),
    _t("close_not_relevant", {"new", "in_progress"}, "cancelled", CLIENT),
    # the auto-confirm timer (O6)
    _t("auto_confirm", {"done_awaiting_confirmation"}, "done", SYSTEM),
)

_PAID_BY_BILLING = (
    # docs/payments.md, "What orders does with billing's events" (:func:`after_payment` picks one)
    _t("payment_started", {"new"}, "new_payment_pending", SYSTEM),
    # manual 000: a prepaid hotel is «Подтвержден. Необходимо оплатить остаток 2 000 Р»
    _t("prepayment_received", AWAITING_PAYMENT, "confirmed", SYSTEM),
    # a payment that does not confirm (manual 001: a manager's part payment) ends the one in flight
    _t("part_payment_received", {"new_payment_pending"}, "new", SYSTEM),
    _t("payment_completed", AWAITING_PAYMENT, "confirmed", SYSTEM),
    _t("payment_failed", {"new_payment_pending"}, "cancelled_payment_failed", SYSTEM),
    # a failed card payment after a prepayment: the prepayment stands, the order stays payable
    _t("payment_failed_after_prepayment", {"new_payment_pending"}, "new", SYSTEM),
    # money that arrives after a cancellation goes back (the race "cancel while paying")
    _t("late_payment", {"cancelled", "cancelled_payment_failed"}, "cancelled_refund_pending", SYSTEM),
    _t("refund_completed", {"cancelled_refund_pending"}, "cancelled_refunded", SYSTEM),
    # paying by invoice (docs/payments.md): the client asked billing for an invoice, billing issued it
    _t("invoice_requested", {"new"}, "new_awaiting_invoice", SYSTEM),
    _t("invoice_issued", {"new", "new_awaiting_invoice"}, "invoice_issued", SYSTEM),
    # staff (manual 001: confirmation, completion, cancel)
    _t("confirm", {"new", "new_awaiting_invoice", "invoice_issued"}, "confirmed", STAFF),
    _t("complete", {"confirmed", "in_progress"}, "done", STAFF),
    _t("staff_cancel", {"new", "new_awaiting_invoice", "invoice_issued", "confirmed", "in_progress"}, CANCEL, STAFF),
    # the client (O9); never while a card payment is in flight
    _t("cancel", {"new", "new_awaiting_invoice", "invoice_issued", "confirmed"}, CANCEL, CLIENT),
)

#: bookings, goods, coworking and hotels are also "in progress" (in use, being prepared,
#: checked in); an event ticket goes from confirmed straight to done.
_IN_USE = (_t("start_work", {"confirmed"}, "in_progress", STAFF),)

#: a coworking order is done when its rental period has ended (its ticket then becomes
#: «Выполнен», manual 002); orders' periodic job applies it (handlers.reactions)
_RENTAL_ENDS = (_t("period_ended", {"confirmed", "in_progress"}, "done", SYSTEM),)

MACHINES: dict[str, tuple[Transition, ...]] = {
    "simple": _WORK,
    "request": _WORK,
    "booking": _PAID_BY_BILLING + _IN_USE,
    "goods": _PAID_BY_BILLING + _IN_USE,
    "coworking": _PAID_BY_BILLING + _IN_USE + _RENTAL_ENDS,
    "hotel": _PAID_BY_BILLING + _IN_USE,
    "event": _PAID_BY_BILLING,
}


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about an order beyond its kind and status."""

    paid: int = 0
    total: int = 0
    cancellable: bool = True
    attended: bool = False
    #: the service's prepayment terms (O1): a client's first payment may be part of the total
    prepayment_allowed: bool = False
    min_prepayment: int = 0


def _find(kind: str, status: str, action: str) -> Transition | None:
    return next((t for t in MACHINES[kind] if t.action == action and status in t.sources), None)


def _resolve(target: str, facts: Facts) -> str:
    if target == CANCEL:
        return "cancelled_refund_pending" if facts.paid > 0 else "cancelled"
    return target


def _guard(kind: str, action: str, facts: Facts) -> RuleBroken | None:
    if action == "cancel" and not facts.cancellable:
        return RuleBroken("order_not_cancellable",
                                 "This service cannot be cancelled by the client; write to the order chat")
    if action in ("cancel", "staff_cancel") and kind == "event" and facts.attended:
        return RuleBroken("ticket_attended", "The ticket was used at the event and cannot be cancelled")
    return None


def apply(kind: str, status: str, action: str, facts: Facts = Facts(), actor: str | None = None) -> str:
    """The status after ``action``, or :class:`RuleBroken` (409 with a stable code; nothing changes)."""
    if kind not in MACHINES:
        raise RuleBroken("order_kind_unknown", "Unknown order kind {!r}".format(kind))
    transition = _find(kind, status, action)
    if transition is None or (actor is not None and transition.actor != actor):
        raise RuleBroken("order_transition_not_allowed",
                                "A {} order in status {!r} does not allow {!r}".format(kind, status, action))
    refused = _guard(kind, action, facts)
    if refused:
        raise refused
    return _resolve(transition.target, facts)


def allowed(kind: str, status: str, actor: str, facts: Facts = Facts()) -> list[str]:
    """Every action ``actor`` may take now, in table order."""
    return [t.action for t in MACHINES[kind]
            if t.actor == actor and status in t.sources and _guard(kind, t.action, facts) is None]


def staff_action_to(kind: str, status: str, target: str, facts: Facts = Facts()) -> str:
    """The staff action that moves the order to ``target`` (PATCH status), or refused."""
    for transition in MACHINES[kind]:
        if transition.actor != STAFF or status not in transition.sources:
            continue
        resolved = _resolve(transition.target, facts)
        if resolved == target or (transition.target == CANCEL and target in ("cancelled", "cancelled_refund_pending")):
            refused = _guard(kind, transition.action, facts)
            if refused:
                raise refused
            return transition.action
    raise RuleBroken("order_transition_not_allowed",
                            "Staff cannot move a {} order from {!r} to {!r}".format(kind, status, target))


def next_statuses(kind: str, status: str, facts: Facts = Facts()) -> list[str]:
    """The statuses staff may set now (the manager console's status menu)."""
    targets = []
    for action in allowed(kind, status, STAFF, facts):
        target = _resolve(_find(kind, status, action).target, facts)
        if target not in targets:
            targets.append(target)
    return targets


def is_cancellation(target: str) -> bool:
    return target in ("cancelled", "cancelled_refund_pending")


# --- auto-confirm (O6) ----------------------------------------------------------------

def auto_confirm_at(now: datetime, service_after: int | None, system_default: int) -> datetime | None:
    """When a done order confirms itself unless the client answers first: after its
    service's own ``auto_confirm_after``, else the system's default (``AUTO_CONFIRM_DEFAULT``;
    0 switches the default off)."""
    after = service_after or system_default
    return now + timedelta(seconds=int(after)) if after else None


# --- billing's payments ---------------------------------------------------------------

#: ways a client pays by themselves, online (a card, a saved card, the personal account);
#: "manager" is money a manager received and recorded (manual 001)
ONLINE_METHODS = frozenset({"card", "saved_method", "balance"})


def prepayment_confirms(method: str, facts: Facts) -> bool:
    """manual 000: a client's online prepayment that meets the service's minimum confirms
    the order (the rest is paid later, "Оплатить"); manual 001: a manager's payments confirm
    only once the order is paid in full. ``facts.paid`` includes the payment."""
    return (method in ONLINE_METHODS and facts.prepayment_allowed and 0 < facts.paid < facts.total
            and facts.paid >= facts.min_prepayment)


def after_payment(status: str, method: str, facts: Facts, *, fully_paid: bool) -> str | None:
    """The system action a payment billing credited takes on the order (``facts.paid``
    already includes it), or None: the status stays (a confirmed order paying its rest, or
    a manager's part payment of a new order)."""
    if status in ("cancelled", "cancelled_payment_failed"):
        return "late_payment"  # the money goes back (the race "cancel while paying")
    if status not in AWAITING_PAYMENT:
        return None
    if fully_paid:
        return "payment_completed"
    if prepayment_confirms(method, facts):
        return "prepayment_received"
    return "part_payment_received" if status == "new_payment_pending" else None


# --- what the buttons show ------------------------------------------------------------

#: client transition → the action code the client app knows
_CLIENT_CODES = {"confirm_completion": "confirm_completion", "return_to_work": "return_to_work",
                 "close_done": "close", "close_not_relevant": "close", "cancel": "cancel"}


def may_pay(kind: str, status: str, facts: Facts) -> bool:
    """O13: online payment of what is left (not while a card payment is in flight, not on
    an invoice, not once the order is closed)."""
    return (kind in PAYABLE_KINDS and status in ("new", "confirmed", "in_progress")
            and facts.total > facts.paid)


def owes_remainder(kind: str, status: str, facts: Facts) -> bool:
    """O13, manual 000: part of the order is paid and the client may pay the rest: the
    status line says what remains («Подтвержден. Необходимо оплатить остаток 2 000 Р»)."""
    return facts.paid > 0 and may_pay(kind, status, facts)


def may_record_payment(kind: str, status: str, facts: Facts) -> bool:
    """O14: a manager records a payment for an order that is not fully paid."""
    return (kind in PAYABLE_KINDS and status not in CLOSED and status != "new_payment_pending"
            and facts.total > facts.paid)


def may_request_invoice(kind: str, status: str, facts: Facts) -> bool:
    """Paying by bank transfer: a new order nobody has paid anything of yet (one invoice
    pays the whole order; billing checks the payer is a company or a sole proprietor)."""
    return kind in PAYABLE_KINDS and status == "new" and facts.paid == 0 and facts.total > 0


def client_actions(kind: str, status: str, facts: Facts, *, is_applicant: bool) -> list[str]:
    """The client's ``actions`` of the order view (manual 000)."""
    actions = []
    for action in allowed(kind, status, CLIENT, facts):
        code = _CLIENT_CODES[action]
        if code not in actions:
            actions.append(code)
    if may_pay(kind, status, facts):
        actions.append("pay")
    if may_request_invoice(kind, status, facts):
        actions.append("pay_by_invoice")
    if status not in CLOSED:
        if kind in ("goods", "booking"):
            actions.append("repeat")                       # O7
        if kind == "booking" and is_applicant:
            actions.append("share_access")                 # O11
    if kind == "event" and status in ("confirmed", "done"):
        actions.append("ticket_qr")                        # O12: once the ticket is confirmed
    return actions


def staff_actions(kind: str, status: str, facts: Facts) -> list[str]:
    """The manager console's actions (manual 001)."""
    actions = []
    if next_statuses(kind, status, facts):
        actions.append("change_status")
    if "staff_cancel" in allowed(kind, status, STAFF, facts):
        actions.append("cancel")
    if status not in CLOSED:
        actions += ["assign", "set_deadline"]
    if may_record_payment(kind, status, facts):
        actions.append("record_payment")
    if kind in PAYABLE_KINDS and status == "new_awaiting_invoice":
        actions.append("issue_invoice")  # billing issues it (POST /orders/{n}/invoice/issue)
    return actions
