"""Autopay's rules with no I/O (B6): the recommended maximum, the operator's month, how much
to charge for a dip and never past the month's maximum."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from kit.errors import InputRuleBroken
from services.billing.domain import autopay, money

CARD = money.card_terms("5", 1000, 1000, 300000)
MOSCOW = ZoneInfo("Europe/Moscow")


def test_the_recommended_maximum_is_the_forecast_plus_ten_percent_rounded_up_to_a_ruble():
    assert autopay.recommended_max(19900) == 21900
    assert autopay.recommended_max(100000) == 110000
    assert autopay.recommended_max(0) == 0


def test_the_month_is_the_operators_calendar_month():
    # 31 March 22:30 UTC is already 1 April in Moscow
    start, end = autopay.month_bounds(datetime(2027, 3, 31, 22, 30, tzinfo=timezone.utc), MOSCOW)
    assert (start, end) == (datetime(2027, 3, 31, 21, tzinfo=timezone.utc), datetime(2027, 4, 30, 21, tzinfo=timezone.utc))
    start, end = autopay.month_bounds(datetime(2026, 12, 15, tzinfo=timezone.utc), ZoneInfo("UTC"))
    assert (start.month, end.year, end.month) == (12, 2027, 1)


def test_a_dip_is_charged_to_cover_upcoming_charges_and_the_threshold():
    assert autopay.amount_to_charge(2000, 19900, 10000, 0, None, CARD) == (27900, None)
    assert autopay.amount_to_charge(9500, 0, 10000, 0, None, CARD) == (1000, None)  # the card's minimum
    assert autopay.amount_to_charge(50000, 19900, 10000, 0, None, CARD) == (0, "nothing_needed")
    assert autopay.amount_to_charge(-10 ** 7, 0, 10000, 0, None, CARD) == (300000, None)  # the card's maximum


@pytest.mark.parametrize("charged, maximum, expected", [
    (0, 30000, (27900, None)), (20000, 30000, (10000, None)), (29500, 30000, (0, "monthly_maximum_reached")),
    (30000, 30000, (0, "monthly_maximum_reached")),
])
def test_never_past_the_months_maximum(charged, maximum, expected):
    assert autopay.amount_to_charge(2000, 19900, 10000, charged, maximum, CARD) == expected


def test_autopay_needs_a_method():
    with pytest.raises(InputRuleBroken) as refused:
        autopay.check_settings(True, None, None)
    assert refused.value.field == "method_id"
    autopay.check_settings(False, None, None)
