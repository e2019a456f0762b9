"""Manual 002's ticket rules, without I/O."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.coworking.domain import tickets as t
from services.coworking.domain.periods import Period, period

DEC6_9 = datetime(2022, 12, 6, 6, 0, tzinfo=timezone.utc)  # 09:00 Moscow
DEC6_12 = DEC6_9 + timedelta(hours=3)
P = Period(DEC6_9, DEC6_12)
BEFORE, DURING, AFTER = DEC6_9 - timedelta(minutes=1), DEC6_9 + timedelta(hours=1), DEC6_12


@pytest.mark.parametrize("order_status, now, expected", [
    ("new", DURING, "new"), ("new_payment_pending", DURING, "new"), ("new_awaiting_invoice", BEFORE, "new"),
    ("invoice_issued", AFTER, "new"),
    ("confirmed", BEFORE, "confirmed"), ("confirmed", DURING, "active"), ("confirmed", AFTER, "active"),
    ("in_progress", DURING, "active"),
    ("done", BEFORE, "confirmed"), ("done", DURING, "active"), ("done", AFTER, "done"),
    ("cancelled", DURING, "cancelled"), ("cancelled_payment_failed", BEFORE, "cancelled"),
    ("cancelled_refund_pending", AFTER, "cancelled"), ("cancelled_refunded", AFTER, "cancelled"),
])
def test_the_ticket_status_follows_the_order_and_the_clock(order_status, now, expected):
    assert t.derived_status(order_status, P, now) == expected


def test_every_order_status_gives_a_status_people_know():
    from kit import i18n
    from services.coworking.domain.labels import STATUS
    order_statuses = t.ORDER_NEW | t.ORDER_CANCELLED | t.ORDER_CONFIRMED | t.ORDER_DONE
    for status, now in itertools.product(order_statuses, (BEFORE, DURING, AFTER)):
        for language in i18n.LANGUAGES:
            assert i18n.lookup(STATUS, t.derived_status(status, P, now), language)
    with pytest.raises(RuleBroken):
        t.derived_status("made_up", P, DURING)


def test_half_open_periods_touching_do_not_overlap():
    assert not P.overlaps(Period(DEC6_12, DEC6_12 + timedelta(hours=1)))
    assert P.overlaps(Period(DEC6_12 - timedelta(minutes=1), DEC6_12 + timedelta(hours=1)))
    assert P.overlaps(Period(DEC6_9 - timedelta(days=1), DEC6_12 + timedelta(days=1)))


@pytest.mark.parametrize("starts, ends, code", [
    (None, DEC6_12, "period_required"), (DEC6_12, DEC6_9, "period_empty"), (DEC6_9, DEC6_9, "period_empty"),
    (DEC6_9, DEC6_9 + timedelta(days=400), "period_too_long"),
    (DEC6_9.replace(tzinfo=None), DEC6_12.replace(tzinfo=None), "period_without_time_zone"),
])
def test_a_bad_period_is_refused_as_input(starts, ends, code):
    with pytest.raises(InputRuleBroken) as refused:
        period(starts, ends)
    assert refused.value.code == code


@pytest.mark.parametrize("status, validated, allowed", [
    ("confirmed", False, True), ("active", False, True), ("new", False, False), ("cancelled", False, False),
    ("done", False, False), ("active", True, False),
])
def test_only_a_confirmed_or_active_ticket_is_validated(status, validated, allowed):
    ticket = t.TicketState(status, P, validated)
    if allowed:
        t.check_may_validate(ticket)
        assert "validate" in t.staff_actions(ticket, DURING)
    else:
        with pytest.raises(RuleBroken):
            t.check_may_validate(ticket)
        assert "validate" not in t.staff_actions(ticket, DURING)


def test_reset_needs_a_validation():
    with pytest.raises(RuleBroken) as refused:
        t.check_may_reset_validation(t.TicketState("active", P, False))
    assert refused.value.code == "ticket_not_validated"
    t.check_may_reset_validation(t.TicketState("active", P, True))


@pytest.mark.parametrize("status, validated, now, expected", [
    ("active", True, DURING, (True, None)),
    ("confirmed", True, BEFORE, (False, "period_not_started")),
    ("active", True, AFTER, (False, "period_ended")),
    ("active", False, DURING, (False, "ticket_not_validated")),
    ("cancelled", True, DURING, (False, "ticket_cancelled")),
])
def test_the_door_opens_for_a_validated_ticket_in_its_period(status, validated, now, expected):
    assert t.entry(t.TicketState(status, P, validated), now) == expected


@pytest.mark.parametrize("status, ok", [("new", True), ("confirmed", True), ("active", False),
                                        ("cancelled", False), ("done", False)])
def test_the_visitor_changes_on_new_or_confirmed_tickets_only(status, ok):
    ticket = t.TicketState(status, P)
    if ok:
        t.check_may_change_visitor(ticket)
    else:
        with pytest.raises(RuleBroken, match="new or confirmed"):
            t.check_may_change_visitor(ticket)


def test_the_workplace_changes_while_the_ticket_is_still_to_be_used():
    t.check_may_change_workplace(t.TicketState("active", P), DURING)
    for status, now in (("cancelled", BEFORE), ("done", AFTER), ("active", AFTER)):
        with pytest.raises(RuleBroken):
            t.check_may_change_workplace(t.TicketState(status, P), now)


@pytest.mark.parametrize("status, validated, code", [
    ("cancelled", False, "ticket_not_transferable"), ("done", False, "ticket_not_transferable"),
    ("confirmed", True, "ticket_validated"),
])
def test_a_ticket_is_not_sent_when_cancelled_done_or_validated(status, validated, code):
    ticket = t.TicketState(status, P, validated)
    with pytest.raises(RuleBroken) as refused:
        t.check_may_transfer(ticket)
    assert refused.value.code == code
    assert t.client_actions(ticket) == []


def test_a_new_ticket_can_be_sent():
    assert t.client_actions(t.TicketState("new", P)) == ["transfer"]
