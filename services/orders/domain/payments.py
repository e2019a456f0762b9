"""The order's payment status, kept apart from the order status (like Medusa's payment
status): unpaid, pending, partially_paid, paid, refund_pending, refunded.

Billing owns the money: the paid and refunded amounts are billing's running totals
(``order_paid_total``, ``order_refunded_total`` of its events, docs/payments.md); orders
keeps the latest it heard and shows it; what remains is the total minus what was paid."""
from __future__ import annotations

PAYMENT_STATUSES = ("unpaid", "pending", "partially_paid", "paid", "refund_pending", "refunded")

#: what a payment method's success says in the chat (docs/payments.md)
RECEIVED_MESSAGE = {"card": "payment_received_gateway", "saved_method": "payment_received_gateway",
                    "balance": "payment_received_balance", "manager": "payment_received_manager",
                    "bank_transfer": "payment_received_bank_transfer"}


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


def running_total(known: int, announced: int | None) -> int:
    """Billing's running total of an order (paid, refunded) as last announced: it only
    grows, so of two events that arrive out of order the larger total is the newer one."""
    return known if announced is None else max(known, announced)
