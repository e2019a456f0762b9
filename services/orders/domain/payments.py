"""The order's payment status, kept apart from the order status (like Medusa's payment
status): unpaid, pending, partially_paid, paid, refund_pending, refunded.

Billing owns the money; orders keeps what billing announced (docs/payments.md) and shows it."""
from __future__ import annotations

PAYMENT_STATUSES = ("unpaid", "pending", "partially_paid", "paid", "refund_pending", "refunded")

#: what a payment method's success says in the chat (docs/payments.md)
RECEIVED_MESSAGE = {"card": "payment_received_gateway", "saved_method": "payment_received_gateway",
                    "balance": "payment_received_balance", "manager": "payment_received_manager"}


def payment_status(order_status: str, total: int, paid: int, refunded: int = 0) -> str:
    if order_status == "cancelled_refund_pending" or (paid > refunded > 0 and order_status.startswith("cancelled")):
        return "refund_pending"
    if order_status == "cancelled_refunded" or (paid > 0 and refunded >= paid):
        return "refunded"
    if order_status == "new_payment_pending":
        return "pending"
    if paid >= total:
        return "paid"
    if paid > 0:
        return "partially_paid"
    return "unpaid"


def remaining(total: int, paid: int) -> int:
    return max(0, total - paid)


def paid_total(recorded: list[int], announced: int | None) -> int:
    """What has been paid: billing's running total, never less than the payments we saw
    (events of two payments may arrive in either order)."""
    return max(sum(recorded), announced or 0)
