"""A coworking ticket's rules (manual 002, C3–C8, O10), in one place, without I/O.

Statuses people see (C3) are *derived*: from the status of the ticket's order, which
orders announces, and from the clock for ``active`` and ``done``. :func:`derived_status`
is a pure function of (order status, period, now), so applying orders' events in any
order — or twice — and ticking the timer any number of times gives the same ticket.

Two statuses are the service's own and never shown in lists:
- ``held``: the seat is taken for an order being created; it becomes the order's ticket
  when ``orders.order_created`` names it, or ``released`` when the hold expires first
  (the order was never stored), so no seat stays blocked by an order that does not exist;
- ``released``: a hold that lapsed. Neither ``released`` nor ``cancelled`` occupies a seat.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kit.errors import RuleBroken

from services.coworking.domain.periods import Period

HELD, RELEASED = "held", "released"
NEW, CONFIRMED, ACTIVE, CANCELLED, DONE = "new", "confirmed", "active", "cancelled", "done"
#: statuses people see, in the manual's order
STATUSES = (NEW, CONFIRMED, ACTIVE, CANCELLED, DONE)
#: a ticket in one of these does not occupy its workplace
FREEING = frozenset({CANCELLED, RELEASED})

#: manual 002 «Статусы билетов»: the order statuses in which the ticket is «Новый» …
ORDER_NEW = frozenset({"new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued"})
#: … «Отменен»
ORDER_CANCELLED = frozenset({"cancelled", "cancelled_payment_failed", "cancelled_refund_pending",
                             "cancelled_refunded"})
ORDER_CONFIRMED = frozenset({"confirmed", "in_progress"})
ORDER_DONE = frozenset({"done"})


def derived_status(order_status: str, period: Period, now: datetime) -> str:
    """C3: the ticket's status for its order's status at ``now``."""
    if order_status in ORDER_CANCELLED:
        return CANCELLED
    if order_status in ORDER_NEW:
        return NEW
    if order_status in ORDER_DONE and period.ended(now):
        return DONE
    if order_status in ORDER_CONFIRMED | ORDER_DONE:
        return ACTIVE if period.started(now) else CONFIRMED
    raise RuleBroken("order_status_unknown", "Unknown order status {!r}".format(order_status))


@dataclass(frozen=True)
class TicketState:
    """What the rules need to know about a ticket."""

    status: str
    period: Period
    validated: bool = False


def check_may_validate(ticket: TicketState) -> None:
    """C5: «Валидация доступна для билетов в статусе Подтвержден или Активен»."""
    if ticket.status not in (CONFIRMED, ACTIVE):
        raise RuleBroken("ticket_not_validatable", "Only a confirmed or active ticket can be validated")
    if ticket.validated:
        raise RuleBroken("ticket_already_validated", "The ticket is validated already")


def check_may_reset_validation(ticket: TicketState) -> None:
    if not ticket.validated:
        raise RuleBroken("ticket_not_validated", "The ticket is not validated")


#: why a visitor may not enter (C6), in the order they are checked
ENTRY_REASONS = ("ticket_cancelled", "ticket_not_validated", "period_not_started", "period_ended")


def entry(ticket: TicketState, now: datetime) -> tuple[bool, str | None]:
    """C6: the visitor may enter when the ticket is validated and its period is running."""
    if ticket.status in (CANCELLED, HELD, RELEASED):
        return False, "ticket_cancelled"
    if not ticket.validated:
        return False, "ticket_not_validated"
    if not ticket.period.started(now):
        return False, "period_not_started"
    if ticket.period.ended(now):
        return False, "period_ended"
    return True, None


def check_may_change_visitor(ticket: TicketState) -> None:
    """C7: «Изменение данных посетителя доступно только для билетов в статусе Новый или Подтвержден»."""
    if ticket.status not in (NEW, CONFIRMED):
        raise RuleBroken("visitor_change_not_allowed", "The visitor can be changed on a new or confirmed ticket only")


def check_may_change_workplace(ticket: TicketState, now: datetime) -> None:
    """C8: a ticket still to be used (not cancelled, not done, its period not over)."""
    if ticket.status not in (NEW, CONFIRMED, ACTIVE) or ticket.period.ended(now):
        raise RuleBroken("workplace_change_not_allowed", "The workplace of this ticket can no longer be changed")


def check_may_transfer(ticket: TicketState) -> None:
    """O10: «Кнопка не отображается, если заказ в статусе Отменен или Выполнен», and a
    validated ticket hides «Отправить билет» (C5)."""
    if ticket.status in (CANCELLED, DONE, HELD, RELEASED):
        raise RuleBroken("ticket_not_transferable", "A cancelled or finished ticket cannot be sent")
    if ticket.validated:
        raise RuleBroken("ticket_validated", "A validated ticket cannot be sent to someone else")


def client_actions(ticket: TicketState) -> list[str]:
    """What the visitor's ticket block offers: the same rules that refuse them."""
    actions = []
    for action, check in (("transfer", check_may_transfer),):
        try:
            check(ticket)
        except RuleBroken:
            continue
        actions.append(action)
    return actions


def staff_actions(ticket: TicketState, now: datetime) -> list[str]:
    """What the manager's ticket view offers (manual 002's buttons)."""
    actions = []
    checks = (("validate", lambda: check_may_validate(ticket)),
              ("reset_validation", lambda: check_may_reset_validation(ticket)),
              ("change_visitor", lambda: check_may_change_visitor(ticket)),
              ("change_workplace", lambda: check_may_change_workplace(ticket, now)))
    for action, check in checks:
        try:
            check()
        except RuleBroken:
            continue
        actions.append(action)
    return actions
