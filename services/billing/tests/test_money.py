"""The money rules (domain/money.py): commission and limits, the balance rule, order and
manager payments with the 50 ₽ remainder of manual 001, VAT included."""
from __future__ import annotations

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import money

CARD = money.card_terms("5", 1000, 1000, 300000)


def broken(check, *args, **kwargs) -> str:
    with pytest.raises(RuleBroken) as raised:
        check(*args, **kwargs)
    return raised.value.code


@pytest.mark.parametrize("amount, commission, to_pay", [
    (2000, 1100, 3100),       # manual 004: 20.00 ₽ → 31.00 ₽ to pay
    (10000, 1500, 11500),     # manual 004: 100.00 ₽ → 115.00 ₽
    (18000, 1900, 19900),
    (1010, 1051, 2061),       # 5 % of 10.10 ₽ is 50.5 kopecks: rounded half up
    (1009, 1050, 2059),       # 50.45 kopecks: rounded down
])
def test_card_commission_is_five_percent_plus_ten_rubles_rounded_half_up(amount, commission, to_pay):
    assert CARD.commission(amount) == commission
    assert CARD.amount_to_pay(amount) == to_pay


def test_balance_and_manager_payments_cost_nothing():
    assert money.BALANCE.commission(18000) == 0 and money.MANAGER.amount_to_pay(18000) == 18000


def test_card_limits_are_ten_to_three_thousand_rubles():
    CARD.check(1000)
    CARD.check(300000)
    assert broken(CARD.check, 999) == "amount_below_minimum"
    assert broken(CARD.check, 300001) == "amount_above_maximum"
    assert CARD.allows(1000) and not CARD.allows(300001)


def test_percentages_are_read_without_floats():
    assert money.percent_to_basis_points("5") == 500
    assert money.percent_to_basis_points("2.75") == 275
    assert money.percent_to_basis_points("0.5") == 50
    for bad in ("-1", "5%", "1.234", "abc", ""):
        with pytest.raises(ValueError):
            money.percent_to_basis_points(bad)
    with pytest.raises(ValueError):
        money.card_terms("5", 1000, 5000, 1000)


def test_the_balance_never_goes_below_zero_unless_a_credit_limit_covers_it():
    money.check_debit(10000, 10000)
    assert broken(money.check_debit, 10000, 10001) == "insufficient_funds"
    assert broken(money.check_debit, 0, 1) == "insufficient_funds"
    money.check_debit(0, 5000, credit_limit=5000)
    assert broken(money.check_debit, 0, 5001, credit_limit=5000) == "insufficient_funds"
    assert money.available(-2000, 5000) == 3000
    assert money.available(100, -50) == 100  # a negative limit is no limit


def test_low_balance_is_warned_once_per_dip():
    assert money.low_balance_warning_due(5000, 10000, already_warned=False)
    assert not money.low_balance_warning_due(5000, 10000, already_warned=True)
    assert not money.low_balance_warning_due(10000, 10000, already_warned=False)
    assert not money.low_balance_warning_due(0, 0, already_warned=False)  # threshold 0: off
    assert money.low_balance_recovered(10000, 10000) and not money.low_balance_recovered(9999, 10000)


def test_amounts_and_currency():
    money.check_amount(1)
    assert broken(money.check_amount, 0) == "amount_not_positive"
    assert broken(money.check_amount, -100) == "amount_not_positive"
    assert broken(money.check_amount, 100.5) == "amount_not_integer"
    assert broken(money.check_amount, True) == "amount_not_integer"
    assert broken(money.check_amount, money.MAX_AMOUNT + 1) == "amount_too_large"
    money.check_currency("RUB")
    assert broken(money.check_currency, "USD") == "currency_not_supported"


@pytest.mark.parametrize("paid, amount, code", [
    (0, 550000, None),                             # in full
    (0, 350000, None),                             # a prepayment (hotel, 3 500 of 5 500 ₽)
    (0, 50000, "prepayment_below_minimum"),
    (0, 546000, "remaining_too_small"),            # would leave 40 ₽
    (0, 545000, None),                             # leaves exactly 50 ₽
    (0, 600000, "amount_exceeds_remaining"),
    (350000, 200000, None),                        # the remainder (O13)
    (350000, 100000, "remainder_must_be_paid_in_full"),
    (550000, 100, "order_already_paid"),
])
def test_client_order_payments(paid, amount, code):
    check = money.check_order_payment
    kwargs = dict(prepayment_allowed=True, min_prepayment=100000)
    if code is None:
        check(550000, paid, amount, **kwargs)
    else:
        assert broken(check, 550000, paid, amount, **kwargs) == code


def test_a_service_without_prepayment_is_paid_in_full():
    assert broken(money.check_order_payment, 18000, 0, 9000, prepayment_allowed=False,
                  min_prepayment=None) == "prepayment_not_allowed"
    money.check_order_payment(18000, 0, 18000, prepayment_allowed=False, min_prepayment=None)


@pytest.mark.parametrize("paid, amount, code", [
    (350000, 196000, "remaining_too_small"),       # manual 001: 40 ₽ would remain
    (350000, 195000, None),                        # 50 ₽ remains
    (350000, 100000, None),
    (450000, 100000, None),                        # the remainder in full → confirmed
    (450000, 99999, "remaining_too_small"),        # would leave 1 kopeck
    (350000, 200001, "amount_exceeds_remaining"),
    (550000, 1, "order_already_paid"),
])
def test_manager_payments_leave_fifty_rubles_unless_they_pay_in_full(paid, amount, code):
    if code is None:
        money.check_manager_payment(550000, paid, amount)
    else:
        assert broken(money.check_manager_payment, 550000, paid, amount) == code


def test_an_input_rule_is_422_with_its_field_and_a_state_of_things_409():
    """What the client must change (an amount, a currency) is InputRuleBroken (422, with the
    field); what the state of things refuses is RuleBroken (409)."""
    order = dict(prepayment_allowed=True, min_prepayment=100000)
    inputs = [(CARD.check, (999,)), (CARD.check, (300001,)), (money.check_amount, (0,)), (money.check_amount, (0.5,)),
              (money.check_amount, (money.MAX_AMOUNT + 1,)), (money.check_currency, ("USD",)),
              (money.check_manager_payment, (550000, 350000, 196000)),
              (money.check_manager_payment, (550000, 350000, 200001)),
              (money.check_order_payment, (550000, 350000, 100000), order),
              (money.check_order_payment, (18000, 0, 9000), dict(prepayment_allowed=False, min_prepayment=None)),
              (money.check_order_payment, (550000, 0, 50000), order)]
    for check, args, *kwargs in inputs:
        with pytest.raises(InputRuleBroken) as raised:
            check(*args, **(kwargs[0] if kwargs else {}))
        assert raised.value.field in ("amount", "currency"), raised.value.code
    for check, args in [(money.check_debit, (0, 1)), (money.check_manager_payment, (550000, 550000, 1))]:
        with pytest.raises(RuleBroken) as raised:
            check(*args)
        assert not isinstance(raised.value, InputRuleBroken) and raised.value.field is None


def test_vat_included_is_a_sixth_of_a_price_with_20_percent():
    assert money.vat_included(18000) == 3000
    assert money.vat_included(12000) == 2000
    assert money.vat_included(550000) == 91667       # 916.666… ₽ rounded half up
    assert money.vat_included(2241) == 374           # manual 004: 22.4137 ₽ → 3.74 ₽ (to the kopeck)
    assert money.vat_included(0) == 0


def test_round_half_up_and_rubles():
    assert money.round_half_up(5, 10) == 1 and money.round_half_up(4, 10) == 0
    assert money.round_half_up(-5, 10) == -1
    assert money.rub(18000) == "180.00" and money.rub(5) == "0.05" and money.rub(-150) == "-1.50"
