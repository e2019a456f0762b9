"""A service's state machine and its periods, with no I/O (B12)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.errors import RuleBroken
from services.billing.domain import lifecycle as lc


def test_a_bought_service_opens_and_a_quick_order_waits_for_setup():
    assert lc.next_state(lc.ORDERED, "pay") == lc.PROCESSING
    assert lc.next_state(lc.PROCESSING, "open") == lc.ACTIVE
    assert lc.next_state(lc.PROCESSING, "open_unconfigured") == lc.NEEDS_SETUP
    assert lc.next_state(lc.NEEDS_SETUP, "configure") == lc.ACTIVE


def test_stop_start_by_the_client_and_by_an_administrator():
    assert lc.next_state(lc.ACTIVE, "stop") == lc.STOPPED
    assert lc.next_state(lc.STOPPED, "start") == lc.ACTIVE
    for state in (lc.ACTIVE, lc.STOPPED, lc.SUSPENDED, lc.NEEDS_SETUP):
        assert lc.next_state(state, "admin_stop") == lc.STOPPED_BY_ADMIN
    assert lc.next_state(lc.STOPPED_BY_ADMIN, "admin_start") == lc.ACTIVE


def test_a_suspended_service_is_active_again_once_renewed():
    assert lc.next_state(lc.ACTIVE, "suspend") == lc.SUSPENDED
    assert lc.next_state(lc.SUSPENDED, "renew") == lc.ACTIVE
    assert lc.next_state(lc.STOPPED, "renew") == lc.STOPPED


@pytest.mark.parametrize("state, action", [
    (lc.STOPPED_BY_ADMIN, "start"), (lc.STOPPED_BY_ADMIN, "renew"), (lc.SUSPENDED, "start"),
    (lc.ACTIVE, "start"), (lc.STOPPED, "stop"), (lc.ORDERED, "open"), (lc.ACTIVE, "configure"),
    (lc.STOPPED_BY_ADMIN, "admin_stop"), (lc.ACTIVE, "admin_start"), (lc.ACTIVE, "fly"),
])
def test_illegal_changes_are_refused(state, action):
    with pytest.raises(RuleBroken) as refused:
        lc.next_state(state, action)
    assert refused.value.code == "service_state_conflict"


def test_every_state_is_reachable_and_every_transition_ends_in_a_state():
    reached = {lc.ORDERED} | set(lc.TRANSITIONS.values())
    assert reached == set(lc.STATES)
    assert {state for state, _ in lc.TRANSITIONS} <= set(lc.STATES)


@pytest.mark.parametrize("start, months, end", [
    (datetime(2026, 1, 31, 10, tzinfo=timezone.utc), 1, datetime(2026, 2, 28, 10, tzinfo=timezone.utc)),
    (datetime(2028, 1, 31, 10, tzinfo=timezone.utc), 1, datetime(2028, 2, 29, 10, tzinfo=timezone.utc)),
    (datetime(2026, 11, 30, tzinfo=timezone.utc), 3, datetime(2027, 2, 28, tzinfo=timezone.utc)),
    (datetime(2026, 12, 15, tzinfo=timezone.utc), 12, datetime(2027, 12, 15, tzinfo=timezone.utc)),
])
def test_periods_are_calendar_months(start, months, end):
    assert lc.add_months(start, months) == end


def test_a_renewal_extends_the_expiry_or_starts_from_now_when_expired():
    expiry = datetime(2026, 12, 10, tzinfo=timezone.utc)
    assert lc.renewed_until(expiry, datetime(2026, 12, 9, tzinfo=timezone.utc), 1) == datetime(2027, 1, 10, tzinfo=timezone.utc)
    assert lc.renewed_until(expiry, datetime(2026, 12, 20, tzinfo=timezone.utc), 1) == datetime(2027, 1, 20, tzinfo=timezone.utc)


# --- auto-renewal (B7) -------------------------------------------------------------------

def test_renewal_is_due_the_lead_time_before_expiry_and_not_at_all_when_off():
    expiry = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)
    assert lc.next_renewal_due(True, expiry, 1) == datetime(2027, 2, 28, 12, tzinfo=timezone.utc)
    assert lc.next_renewal_due(True, expiry, 60) == datetime(2026, 12, 31, 12, tzinfo=timezone.utc)
    assert lc.next_renewal_due(False, expiry, 1) is None


def test_only_an_active_service_past_its_expiry_is_suspended():
    now = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)
    assert lc.expired(lc.ACTIVE, now, now)
    assert not lc.expired(lc.ACTIVE, now.replace(hour=13), now)
    assert not lc.expired(lc.STOPPED_BY_ADMIN, now.replace(hour=11), now)
    assert lc.AUTO_RENEWABLE == (lc.ACTIVE, lc.SUSPENDED)


def test_the_renewal_period_changes_only_while_active():
    lc.check_renewal_period_change(lc.ACTIVE)
    with pytest.raises(RuleBroken) as refused:
        lc.check_renewal_period_change(lc.STOPPED)
    assert refused.value.code == "service_not_active"
