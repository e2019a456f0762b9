"""The catalog's money rules with no I/O (B11): period and option prices with VAT included,
promo codes' discounts and refusals, a discount shared among lines to the kopeck, what the
credit paid of a checkout."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import catalog

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
VPS_PRICES = catalog.period_prices({"1": 49500, "12": 500000})
VPS_OPTIONS = catalog.option_prices([{"code": "ipv4", "name": "IPv4", "price": 15000, "max": 3},
                                     {"code": "traffic", "name": "Трафик", "price": 11000, "max": None}])


def test_renewal_lead_time_is_a_day_and_sixty_for_domains_and_certificates():
    assert catalog.renewal_lead_days("vps") == catalog.renewal_lead_days("coworking_resident") == 1
    assert catalog.renewal_lead_days("domain") == catalog.renewal_lead_days("ssl") == 60


def test_period_prices_store_their_vat_once():
    assert VPS_PRICES == {"1": {"price": 49500, "vat": 8250}, "12": {"price": 500000, "vat": 83333}}
    assert VPS_OPTIONS[0]["vat"] == 2500


@pytest.mark.parametrize("prices", [{}, {"2": 100}, {"1": 0}, {"1": -5}])
def test_bad_period_prices_are_refused(prices):
    with pytest.raises(InputRuleBroken):
        catalog.period_prices(prices)


def test_option_codes_are_unique():
    with pytest.raises(InputRuleBroken) as refused:
        catalog.option_prices([{"code": "a", "name": "A", "price": 1}, {"code": "a", "name": "B", "price": 2}])
    assert refused.value.code == "option_codes_repeat"


def test_a_line_is_the_period_price_plus_options_times_quantity_times_months():
    line = catalog.line_price(VPS_PRICES, VPS_OPTIONS, 12, {"ipv4": 2, "traffic": 0})
    assert line["amount"] == 500000 + 15000 * 2 * 12
    assert line["vat"] == catalog.money.vat_included(line["amount"])
    assert [p["code"] for p in line["parts"]] == [None, "ipv4"]


@pytest.mark.parametrize("months, chosen, code", [
    (3, {}, "period_not_offered"),
    (1, {"gpu": 1}, "option_unknown"),
    (1, {"ipv4": 4}, "option_quantity_out_of_range"),
    (1, {"ipv4": -1}, "option_quantity_out_of_range"),
])
def test_a_line_that_cannot_be_priced_is_refused(months, chosen, code):
    with pytest.raises(InputRuleBroken) as refused:
        catalog.line_price(VPS_PRICES, VPS_OPTIONS, months, chosen)
    assert refused.value.code == code


def promo(**overrides):
    return dict({"active": True, "valid_from": NOW - timedelta(days=1), "valid_to": NOW + timedelta(days=1),
                 "max_uses": 10, "max_uses_per_account": 1}, **overrides)


def test_a_valid_promo_code_passes():
    catalog.check_promo(promo(), NOW, 9, 0)
    catalog.check_promo(promo(valid_from=None, valid_to=None, max_uses=None, max_uses_per_account=None), NOW, 99, 99)


@pytest.mark.parametrize("code, given, used, by_account", [
    ("promo_code_not_found", None, 0, 0),
    ("promo_code_not_found", promo(active=False), 0, 0),
    ("promo_code_not_started", promo(valid_from=NOW + timedelta(seconds=1)), 0, 0),
    ("promo_code_expired", promo(valid_to=NOW), 0, 0),
    ("promo_code_used_up", promo(), 10, 0),
    ("promo_code_used_by_account", promo(), 1, 1),
])
def test_a_promo_code_is_refused_with_its_reason(code, given, used, by_account):
    with pytest.raises(InputRuleBroken) as refused:
        catalog.check_promo(given, NOW, used, by_account)
    assert refused.value.code == code and refused.value.field == "code"


def test_discounts_percent_rounded_half_up_and_fixed_never_above_the_total():
    assert catalog.discount(99999, "percent", 10) == 10000
    assert catalog.discount(100000, "percent", 100) == 100000
    assert catalog.discount(5000, "fixed", 20000) == 5000
    assert catalog.discount(50000, "fixed", 20000) == 20000


@pytest.mark.parametrize("discount, amounts", [(2, [1, 1, 1]), (20000, [49500, 12345, 100000]), (5, [3, 3]), (6, [3, 3])])
def test_a_discount_is_shared_among_lines_to_the_kopeck(discount, amounts):
    shares = catalog.spread(discount, amounts)
    assert sum(shares) == discount and all(0 <= s <= a for s, a in zip(shares, amounts))


def test_checkout_lines_carry_the_vat_of_what_is_paid():
    lines = catalog.checkout_lines([{"amount": 60000}, {"amount": 60000}], 12000)
    assert [(line["discount"], line["paid"], line["vat"]) for line in lines] == [(6000, 54000, 9000)] * 2


def test_what_the_credit_paid_falls_on_the_last_lines():
    assert catalog.unpaid_parts(50000, [30000, 40000, 10000]) == [0, 20000, 10000]
    assert catalog.unpaid_parts(-1000, [500]) == [500]
    assert catalog.unpaid_parts(100000, [500]) == [0]


def test_an_empty_cart_has_nothing_to_check_out():
    with pytest.raises(RuleBroken) as refused:
        catalog.check_cart_not_empty(0)
    assert refused.value.code == "cart_empty"


def test_a_period_must_be_longer_than_the_renewal_lead_time():
    catalog.check_periods_cover_lead_time("domain", {"3": 1, "12": 1})
    catalog.check_periods_cover_lead_time("vps", {"1": 1})
    with pytest.raises(InputRuleBroken) as refused:
        catalog.check_periods_cover_lead_time("ssl", {"1": 1, "12": 1})
    assert refused.value.code == "period_shorter_than_lead_time"
