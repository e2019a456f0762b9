"""Payment, refund and saved-method states, and how a provider's report moves them.

A payment goes ``new`` → ``paying`` → ``credited`` or ``failed`` (B1) and never backwards:
a late or repeated notification, or one that arrives out of order, changes nothing once
the payment has reached a final state (Stripe's advice: re-read the object, apply its state
only if it moves forward).
"""
from __future__ import annotations

from kit.errors import RuleBroken

NEW, PAYING, CREDITED, FAILED = "new", "paying", "credited", "failed"
STATUSES = (NEW, PAYING, CREDITED, FAILED)
FINAL = frozenset({CREDITED, FAILED})
TRANSITIONS = frozenset({(NEW, PAYING), (NEW, CREDITED), (NEW, FAILED), (PAYING, CREDITED),
                         (PAYING, FAILED)})
#: payments whose outcome is not known yet (one at a time per order)
IN_FLIGHT = (NEW, PAYING)

#: what a provider says about its payment
PROVIDER_PENDING, PROVIDER_SUCCEEDED, PROVIDER_CANCELED = "pending", "succeeded", "canceled"

PURPOSES = ("top_up", "order", "purchase")
#: how a payment was made (the ``method`` of the contract's events)
METHODS = ("balance", "card", "saved_method", "manager", "bank_transfer")
#: methods whose money went through the provider (refunded there)
PROVIDER_METHODS = frozenset({"card", "saved_method"})


def check_transition(current: str, target: str) -> None:
    if (current, target) not in TRANSITIONS:
        raise RuleBroken("payment_transition_not_allowed",
                         "A payment cannot go from {} to {}".format(current, target))


def status_for_provider(current: str, provider_status: str) -> str | None:
    """The status the provider's report moves a payment to, or None (no change)."""
    if current in FINAL:
        return None
    if provider_status == PROVIDER_PENDING:
        return PAYING if current == NEW else None
    if provider_status == PROVIDER_SUCCEEDED:
        return CREDITED
    if provider_status == PROVIDER_CANCELED:
        return FAILED
    raise ValueError("unknown provider status {!r}".format(provider_status))


def is_anomaly(current: str, provider_status: str) -> bool:
    """Money arrived for a payment we had closed as failed: an operator must look at it."""
    return current == FAILED and provider_status == PROVIDER_SUCCEEDED


def check_order_takes_payments(cancelled: bool, payment_in_flight: bool) -> None:
    """A cancelled order takes no payment, and one provider payment of an order is in
    flight at a time (it ends, or expires after PAYMENT_EXPIRY)."""
    if cancelled:
        raise RuleBroken("order_cancelled", "The order was cancelled")
    if payment_in_flight:
        raise RuleBroken("payment_in_progress", "A payment of this order is in progress; finish or wait for it first")


def check_payable(payable: bool) -> None:
    """Orders says whether the client may pay the order now (``get_payable``'s ``payable``)."""
    if not payable:
        raise RuleBroken("order_not_payable", "This order cannot be paid now")


def refund_destination(method: str) -> str:
    """A refund goes back where the money came from: the card, or the personal account
    (balance payments, and cash a manager recorded)."""
    return "card" if method in PROVIDER_METHODS else "balance"


# --- refunds ---------------------------------------------------------------------------

REFUND_PENDING, REFUND_COMPLETED, REFUND_FAILED = "pending", "completed", "failed"


def order_fully_refunded(paid_total: int, refunded_total: int, pending_refunds: int) -> bool:
    return pending_refunds == 0 and refunded_total >= paid_total


# --- saved payment methods (B5) --------------------------------------------------------

ENABLED, CONFIGURING, NOT_WORKING = "enabled", "configuring", "not_working"
METHOD_STATUSES = (ENABLED, CONFIGURING, NOT_WORKING)


def method_status_after_payment(succeeded: bool) -> str:
    """manual 004: a failed charge makes the method "Не работает"; a successful one "Включено"."""
    return ENABLED if succeeded else NOT_WORKING


def check_method_usable(status: str) -> None:
    if status == CONFIGURING:
        raise RuleBroken("payment_method_not_ready",
                         "This payment method is still being set up at the payment provider")
