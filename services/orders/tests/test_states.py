"""The order state machine of every kind: every allowed transition and every refused one.

The expected tables below are written from the manuals (000, 001), O15 and docs/payments.md,
not derived from the machine, so a change to the machine that the manuals do not ask for
fails here."""
from __future__ import annotations

import itertools

import pytest

from kit.errors import RuleBroken
from services.orders.domain import states
from services.orders.domain.states import CLIENT, KINDS, STAFF, STATUSES, SYSTEM, Facts

WORK = {
    # (action, from) -> to
    ("start_work", "new"): "in_progress",
    ("mark_done", "new"): "done_awaiting_confirmation",
    ("mark_done", "in_progress"): "done_awaiting_confirmation",
    ("reopen", "done_awaiting_confirmation"): "in_progress",
    ("staff_cancel", "new"): "cancelled",
    ("staff_cancel", "in_progress"): "cancelled",
    ("confirm_completion", "done_awaiting_confirmation"): "done",
    ("return_to_work", "done_awaiting_confirmation"): "in_progress",
    ("close_done", "new"): "done",
    ("close_done", "in_progress"): "done",
    ("close_not_relevant", "new"): "cancelled",
    ("close_not_relevant", "in_progress"): "cancelled",
    ("auto_confirm", "done_awaiting_confirmation"): "done",
}

OPEN_FOR_CANCEL = ("new", "new_awaiting_invoice", "invoice_issued", "confirmed")
PAYABLE = {
    ("payment_started", "new"): "new_payment_pending",
    # manual 000: an online prepayment that meets the minimum confirms (was: back to "new")
    **{("prepayment_received", s): "confirmed" for s in ("new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued")},
    ("part_payment_received", "new_payment_pending"): "new",
    **{("payment_completed", s): "confirmed" for s in ("new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued")},
    ("payment_failed", "new_payment_pending"): "cancelled_payment_failed",
    ("payment_failed_after_prepayment", "new_payment_pending"): "new",
    ("late_payment", "cancelled"): "cancelled_refund_pending",
    ("late_payment", "cancelled_payment_failed"): "cancelled_refund_pending",
    ("refund_completed", "cancelled_refund_pending"): "cancelled_refunded",
    # paying by invoice: billing's events move it, not staff
    ("invoice_requested", "new"): "new_awaiting_invoice",
    ("invoice_issued", "new"): "invoice_issued",
    ("invoice_issued", "new_awaiting_invoice"): "invoice_issued",
    **{("confirm", s): "confirmed" for s in ("new", "new_awaiting_invoice", "invoice_issued")},
    ("complete", "confirmed"): "done",
    ("complete", "in_progress"): "done",
    **{("staff_cancel", s): "cancelled" for s in OPEN_FOR_CANCEL + ("in_progress",)},
    **{("cancel", s): "cancelled" for s in OPEN_FOR_CANCEL},
}
IN_USE = {("start_work", "confirmed"): "in_progress"}

EXPECTED = {
    "simple": WORK, "request": WORK,
    "booking": {**PAYABLE, **IN_USE}, "goods": {**PAYABLE, **IN_USE}, "coworking": {**PAYABLE, **IN_USE},
    "hotel": {**PAYABLE, **IN_USE}, "event": PAYABLE,
}
ACTIONS = sorted({action for table in EXPECTED.values() for action, _ in table})


@pytest.mark.parametrize("kind", KINDS)
def test_every_transition_of_every_kind(kind):
    """All kinds × statuses × actions: allowed ones land where the manual says, the rest are refused."""
    for status, action in itertools.product(STATUSES, ACTIONS):
        expected = EXPECTED[kind].get((action, status))
        if expected is None:
            with pytest.raises(RuleBroken) as refused:
                states.apply(kind, status, action)
            assert refused.value.code == "order_transition_not_allowed", (kind, status, action)
        else:
            assert states.apply(kind, status, action) == expected, (kind, status, action)


@pytest.mark.parametrize("kind", sorted(states.PAYABLE_KINDS))
def test_cancelling_a_paid_order_waits_for_the_refund(kind):
    paid = Facts(paid=350000, total=550000)
    for status in OPEN_FOR_CANCEL:
        assert states.apply(kind, status, "cancel", paid) == "cancelled_refund_pending"
        assert states.apply(kind, status, "staff_cancel", paid) == "cancelled_refund_pending"
        assert states.apply(kind, status, "cancel", Facts(paid=0, total=100)) == "cancelled"


def test_cancel_needs_the_service_to_allow_it():
    with pytest.raises(RuleBroken) as refused:
        states.apply("goods", "new", "cancel", Facts(cancellable=False))
    assert refused.value.code == "order_not_cancellable"
    # staff still cancel (manual 001: "Отменить заказ" in the console)
    assert states.apply("goods", "new", "staff_cancel", Facts(cancellable=False)) == "cancelled"
    assert "cancel" not in states.client_actions("goods", "new", Facts(cancellable=False, total=1), is_applicant=True)


def test_an_attended_ticket_cannot_be_cancelled_by_anyone():
    attended = Facts(attended=True, total=15000, paid=15000)
    for action in ("cancel", "staff_cancel"):
        with pytest.raises(RuleBroken) as refused:
            states.apply("event", "confirmed", action, attended)
        assert refused.value.code == "ticket_attended"
    assert "cancel" not in states.client_actions("event", "confirmed", attended, is_applicant=True)
    assert "cancel" not in states.staff_actions("event", "confirmed", attended)


def test_the_actor_must_be_the_one_the_transition_belongs_to():
    with pytest.raises(RuleBroken):
        states.apply("simple", "done_awaiting_confirmation", "confirm_completion", actor=STAFF)
    with pytest.raises(RuleBroken):
        states.apply("simple", "new", "start_work", actor=CLIENT)
    with pytest.raises(RuleBroken):
        states.apply("goods", "new", "payment_completed", actor=STAFF)
    assert states.apply("simple", "done_awaiting_confirmation", "auto_confirm", actor=SYSTEM) == "done"


@pytest.mark.parametrize("kind, status, facts, expected", [
    # manual 000: "Вернуть в работу" and "Подтвердить выполнение заказа" next to the status
    ("simple", "done_awaiting_confirmation", Facts(), ["confirm_completion", "return_to_work"]),
    ("request", "new", Facts(), ["close"]),
    ("simple", "in_progress", Facts(), ["close"]),
    # "the context menu is not shown when the order is cancelled or done"
    ("simple", "done", Facts(), []),
    ("simple", "cancelled", Facts(), []),
    ("goods", "done", Facts(total=18000, paid=18000), []),
    ("booking", "cancelled_refund_pending", Facts(total=50000, paid=50000), []),
    # goods and bookings: cancel, repeat; pay while something is left to pay (O13)
    # a new order nobody paid yet may be paid by invoice (bank transfer)
    ("goods", "new", Facts(total=18000), ["cancel", "pay", "pay_by_invoice", "repeat"]),
    ("goods", "new", Facts(total=18000, paid=5000), ["cancel", "pay", "repeat"]),
    ("goods", "new_awaiting_invoice", Facts(total=18000), ["cancel", "repeat"]),
    ("goods", "invoice_issued", Facts(total=18000), ["cancel", "repeat"]),
    ("goods", "confirmed", Facts(total=18000, paid=18000), ["cancel", "repeat"]),
    ("goods", "new_payment_pending", Facts(total=18000), ["repeat"]),
    ("booking", "confirmed", Facts(total=50000, paid=50000), ["cancel", "repeat", "share_access"]),
    ("hotel", "confirmed", Facts(total=550000, paid=350000), ["cancel", "pay"]),
    ("event", "new", Facts(total=15000), ["cancel", "pay", "pay_by_invoice"]),
    ("event", "confirmed", Facts(total=15000, paid=15000), ["cancel", "ticket_qr"]),
    ("event", "confirmed", Facts(total=15000, paid=15000, attended=True), ["ticket_qr"]),
])
def test_client_actions(kind, status, facts, expected):
    assert states.client_actions(kind, status, facts, is_applicant=True) == expected


def test_only_the_person_who_booked_shares_it():
    facts = Facts(total=50000, paid=50000)
    assert "share_access" not in states.client_actions("booking", "confirmed", facts, is_applicant=False)


@pytest.mark.parametrize("kind, status, facts, actions, statuses", [
    ("simple", "new", Facts(), ["change_status", "cancel", "assign", "set_deadline"],
     ["in_progress", "done_awaiting_confirmation", "cancelled"]),
    ("simple", "done_awaiting_confirmation", Facts(), ["change_status", "assign", "set_deadline"], ["in_progress"]),
    ("simple", "done", Facts(), [], []),
    # manual 001: a partly paid coworking order: the manager records a payment
    ("coworking", "confirmed", Facts(total=40000, paid=20000),
     ["change_status", "cancel", "assign", "set_deadline", "record_payment"],
     ["done", "cancelled_refund_pending", "in_progress"]),
    ("goods", "new_payment_pending", Facts(total=18000), ["assign", "set_deadline"], []),
    # paying by invoice: staff issue it through billing; the status follows billing's events
    ("goods", "new_awaiting_invoice", Facts(total=18000),
     ["change_status", "cancel", "assign", "set_deadline", "record_payment", "issue_invoice"],
     ["confirmed", "cancelled"]),
])
def test_staff_actions_and_statuses(kind, status, facts, actions, statuses):
    assert states.staff_actions(kind, status, facts) == actions
    assert states.next_statuses(kind, status, facts) == statuses


def test_staff_status_change_picks_the_transition_and_refuses_the_rest():
    assert states.staff_action_to("simple", "in_progress", "done_awaiting_confirmation") == "mark_done"
    assert states.staff_action_to("goods", "new", "cancelled", Facts(paid=100)) == "staff_cancel"
    with pytest.raises(RuleBroken):
        states.staff_action_to("simple", "new", "done")           # the client confirms, not staff
    with pytest.raises(RuleBroken):
        states.staff_action_to("goods", "new", "new_payment_pending")  # billing's, not staff's
    with pytest.raises(RuleBroken):
        states.staff_action_to("goods", "new", "invoice_issued")  # only an issued invoice says so
    with pytest.raises(RuleBroken):
        states.staff_action_to("event", "confirmed", "in_progress")


def test_statuses_have_labels_in_both_languages():
    from services.orders.domain import labels

    for status in STATUSES:
        assert labels.status(status, "ru") != status and labels.status(status, "en") != status
    assert labels.status("done_awaiting_confirmation") == "Выполнен. Ожидает подтверждения"
    assert labels.status("cancelled_refund_pending", "en") == "Cancelled. Refund in progress"


def test_the_gateway_payment_message_reads_as_manual_001_shows_it():
    from services.orders.domain import labels, payments

    for method in ("card", "saved_method"):
        code = payments.RECEIVED_MESSAGE[method]
        assert labels.system_message(code, None, "ru") == "Поступила оплата через платёжный шлюз."
        assert labels.system_message(code, None, "en") == "Payment received through the payment gateway."


# --- what a credited payment does (docs/payments.md; manuals 000 and 001) ----------------

HOTEL = dict(total=550000, prepayment_allowed=True, min_prepayment=100000)


@pytest.mark.parametrize("status, method, paid, fully_paid, expected", [
    # manual 000: 3 500 ₽ of 5 500 ₽ prepaid online (minimum 1 000 ₽) → «Подтвержден»
    ("new_payment_pending", "card", 350000, False, "prepayment_received"),
    ("new_payment_pending", "saved_method", 350000, False, "prepayment_received"),
    ("new", "balance", 350000, False, "prepayment_received"),
    ("new", "balance", 100000, False, "prepayment_received"),          # exactly the minimum
    # manual 001: a manager's part payment leaves the order as it was ...
    ("new", "manager", 350000, False, None),
    ("new_payment_pending", "manager", 350000, False, "part_payment_received"),
    # ... and his payment of the whole rest confirms it, as any full payment does
    ("new", "manager", 550000, True, "payment_completed"),
    ("new_payment_pending", "card", 550000, True, "payment_completed"),
    ("invoice_issued", "manager", 550000, True, "payment_completed"),
    # below the minimum (billing refuses it; should one arrive anyway, it does not confirm)
    ("new_payment_pending", "card", 99999, False, "part_payment_received"),
    ("new", "balance", 99999, False, None),
    # the rest of a confirmed order: it stays confirmed, now paid
    ("confirmed", "card", 550000, True, None),
    ("in_progress", "balance", 550000, True, None),
    # money after a cancellation goes back
    ("cancelled", "card", 350000, False, "late_payment"),
    ("cancelled_payment_failed", "card", 550000, True, "late_payment"),
    ("cancelled_refund_pending", "card", 550000, True, None),
])
def test_what_a_credited_payment_does_to_the_order(status, method, paid, fully_paid, expected):
    facts = Facts(paid=paid, **HOTEL)
    assert states.after_payment(status, method, facts, fully_paid=fully_paid) == expected
    if expected is not None:  # every action it picks is one the machine allows from there
        states.apply("hotel", status, expected, facts, SYSTEM)


def test_a_prepayment_confirms_only_where_the_service_takes_prepayments():
    assert not states.prepayment_confirms("card", Facts(paid=350000, total=550000))
    assert states.prepayment_confirms("card", Facts(paid=1, total=550000, prepayment_allowed=True))  # no minimum


@pytest.mark.parametrize("status, paid, language, expected", [
    ("confirmed", 350000, "ru", "Подтвержден. Необходимо оплатить остаток 2\u00a0000 ₽"),
    ("confirmed", 350000, "en", "Confirmed. Please pay the remaining 2\u00a0000 RUB"),
    ("new", 450000, "ru", "Новый. Необходимо оплатить остаток 1\u00a0000 ₽"),   # after a manager's payment
    ("confirmed", 550000, "ru", "Подтвержден"),                               # paid in full
    ("confirmed", 0, "ru", "Подтвержден"),                                    # nothing paid: no "remainder"
    ("new_payment_pending", 350000, "ru", "Новый. В процессе оплаты"),        # no "pay" while a payment is in flight
    ("cancelled_refund_pending", 350000, "ru", "Отменен. Выполняется возврат"),
])
def test_the_status_line_says_what_remains_while_the_rest_can_be_paid(status, paid, language, expected):
    from services.orders.models import Order
    from services.orders.views import status_label

    facts = Facts(paid=paid, **HOTEL)
    # the line names the remainder exactly when the client has "pay" on a partly paid order
    assert states.owes_remainder("hotel", status, facts) == (
        "pay" in states.client_actions("hotel", status, facts, is_applicant=True) and paid > 0)
    assert status_label(Order(kind="hotel", status=status, paid=paid, total=HOTEL["total"]), language) == expected


# --- auto-confirm (O6) -----------------------------------------------------------------

def test_a_done_order_confirms_itself_after_its_services_time_or_the_systems_default():
    from datetime import datetime, timedelta, timezone

    now = datetime(2024, 3, 25, 14, 41, tzinfo=timezone.utc)
    three_days = 3 * 86400
    assert states.auto_confirm_at(now, 120, three_days) == now + timedelta(seconds=120)   # the service's own
    assert states.auto_confirm_at(now, None, three_days) == now + timedelta(days=3)       # none: the default
    assert states.auto_confirm_at(now, None, 0) is None                                   # default switched off
    assert states.auto_confirm_at(now, 120, 0) == now + timedelta(seconds=120)
