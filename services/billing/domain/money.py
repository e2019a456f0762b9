"""Every money rule of billing, in one place (integers: kopecks; never floats).

- commission and limits per way of paying, shown before paying (manual 004: "5.00% + 10.00 Р",
  "от 10.00 до 3000.00 Р");
- the balance rule: a personal account never goes below zero unless a credit limit covers
  it (the credit limit is 0 until the credit issue sets one; only :func:`check_debit` reads it);
- order payments: full payment, prepayment when the service allows it (at least its minimum),
  the remainder in full online (O13), any number of manager payments (O14);
- the remainder rule of manual 001: a partial payment must leave at least 50 RUB to pay;
- VAT 20 % included, computed once.
"""
from __future__ import annotations

from dataclasses import dataclass

from kit.errors import InputRuleBroken, RuleBroken

CURRENCY = "RUB"
CURRENCIES = (CURRENCY,)
#: manual 001: "остаток к оплате не должен быть менее 50 руб." unless the remainder is paid in full
MIN_REMAINING = 5000
VAT_PERCENT = 20
#: a sanity bound on any single amount (10 000 000 000 ₽): larger is a typo or an attack
MAX_AMOUNT = 10 ** 12


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def percent_to_basis_points(text: str) -> int:
    """"5" → 500, "2.75" → 275: a percentage typed in settings, read without floats."""
    whole, _, fraction = str(text).strip().partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 2:
        raise ValueError("not a percentage with at most two decimals: {!r}".format(text))
    return int(whole) * 100 + int((fraction + "00")[:2])


def rub(amount: int) -> str:
    """12345 → "123.45" (for messages and provider APIs)."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    return "{}{}.{:02d}".format(sign, amount // 100, amount % 100)


@dataclass(frozen=True)
class MethodTerms:
    """What one way of paying costs and allows (shown before paying)."""

    method: str
    #: percentage of the amount in basis points (500 = 5 %), rounded half up to the kopeck
    percent_bp: int = 0
    #: fixed part of the commission
    fixed: int = 0
    min_amount: int = 1
    max_amount: int | None = None

    def commission(self, amount: int) -> int:
        """manual 004: 100.00 Р at "5.00% + 10.00 Р" → 15.00 Р commission, 115.00 Р to pay."""
        if not self.percent_bp and not self.fixed:
            return 0
        return round_half_up(amount * self.percent_bp, 10000) + self.fixed

    def amount_to_pay(self, amount: int) -> int:
        return amount + self.commission(amount)

    def allows(self, amount: int) -> bool:
        return amount >= self.min_amount and (self.max_amount is None or amount <= self.max_amount)

    def check(self, amount: int) -> None:
        if amount < self.min_amount:
            raise InputRuleBroken("amount_below_minimum", "The least you can pay this way is {} ₽".format(
                rub(self.min_amount)), field="amount", params={"minimum": self.min_amount})
        if self.max_amount is not None and amount > self.max_amount:
            raise InputRuleBroken("amount_above_maximum", "The most you can pay this way is {} ₽".format(
                rub(self.max_amount)), field="amount", params={"maximum": self.max_amount})


#: paying from the personal account costs nothing and has no limits but the balance rule
BALANCE = MethodTerms("balance")
#: a manager records money received in person: no commission, no limits
MANAGER = MethodTerms("manager")


def card_terms(percent: str, fixed: int, min_amount: int, max_amount: int | None) -> MethodTerms:
    """Terms of paying through the provider (a new card or a saved method)."""
    if min_amount < 1 or (max_amount is not None and max_amount < min_amount):
        raise ValueError("card limits must satisfy 1 <= min <= max")
    return MethodTerms("card", percent_to_basis_points(percent), int(fixed), int(min_amount),
                       max_amount)


# --- amounts and currency --------------------------------------------------------------

def check_amount(amount: int, field: str = "amount") -> None:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise InputRuleBroken("amount_not_integer", "Amounts are whole kopecks", field=field)
    if amount <= 0:
        raise InputRuleBroken("amount_not_positive", "The amount must be positive", field=field)
    if amount > MAX_AMOUNT:
        raise InputRuleBroken("amount_too_large", "The amount is too large", field=field)


def check_currency(currency: str, field: str = "currency") -> None:
    if currency not in CURRENCIES:
        raise InputRuleBroken("currency_not_supported", "Only {} is accepted".format(", ".join(CURRENCIES)),
                         field=field)


# --- the balance rule ------------------------------------------------------------------

def available(balance: int, credit_limit: int = 0) -> int:
    """What may still be spent: the balance plus the credit limit."""
    return balance + max(0, credit_limit)


def check_debit(balance: int, amount: int, credit_limit: int = 0) -> None:
    """A personal account never goes below zero unless a credit limit covers it."""
    if amount > available(balance, credit_limit):
        raise RuleBroken("insufficient_funds", "Not enough money on the personal account: {} ₽ "
                         "available, {} ₽ needed".format(rub(available(balance, credit_limit)), rub(amount)),
                         params={"available": available(balance, credit_limit), "needed": amount})


def low_balance_warning_due(balance_after: int, threshold: int, already_warned: bool) -> bool:
    """Warn once when the balance drops below the threshold (again after it recovered)."""
    return threshold > 0 and balance_after < threshold and not already_warned


def low_balance_recovered(balance_after: int, threshold: int) -> bool:
    return balance_after >= threshold


# --- order payments --------------------------------------------------------------------

def _check_remaining_left(remaining: int, amount: int) -> None:
    """manual 001: a partial payment must leave at least 50 RUB unless it pays the remainder."""
    if amount < remaining and remaining - amount < MIN_REMAINING:
        raise InputRuleBroken("remaining_too_small", "At least {} ₽ must remain to pay, or pay the whole "
                         "remainder of {} ₽".format(rub(MIN_REMAINING), rub(remaining)), field="amount",
                              params={"minimum": MIN_REMAINING, "remaining": remaining})


def _check_within_remaining(remaining: int, amount: int) -> None:
    if remaining <= 0:
        raise RuleBroken("order_already_paid", "The order is paid in full")
    if amount > remaining:
        raise InputRuleBroken("amount_exceeds_remaining", "Only {} ₽ remains to pay".format(rub(remaining)),
                              field="amount", params={"remaining": remaining})


def check_order_payment(total: int, paid: int, amount: int, *, prepayment_allowed: bool,
                        min_prepayment: int | None) -> None:
    """A client's payment of an order: in full; or, when the service allows it, a first
    prepayment of at least its minimum; after a prepayment, the remainder in full (O13)."""
    remaining = total - paid
    _check_within_remaining(remaining, amount)
    if amount == remaining:
        return
    if paid > 0:
        raise InputRuleBroken("remainder_must_be_paid_in_full", "Pay the remaining {} ₽ in full".format(
            rub(remaining)), field="amount", params={"remaining": remaining})
    if not prepayment_allowed:
        raise InputRuleBroken("prepayment_not_allowed", "This service is paid in full ({} ₽)".format(
            rub(remaining)), field="amount", params={"total": remaining})
    if min_prepayment and amount < min_prepayment:
        raise InputRuleBroken("prepayment_below_minimum", "The prepayment must be at least {} ₽".format(
            rub(min_prepayment)), field="amount", params={"minimum": min_prepayment})
    _check_remaining_left(remaining, amount)


def check_manager_payment(total: int, paid: int, amount: int) -> None:
    """O14: any number of manager payments, each leaving >= 50 RUB unless it pays in full."""
    remaining = total - paid
    _check_within_remaining(remaining, amount)
    _check_remaining_left(remaining, amount)


def vat_included(amount: int, percent: int = VAT_PERCENT) -> int:
    """The VAT inside a price that includes it: 180.00 ₽ at 20 % → 30.00 ₽."""
    return round_half_up(amount * percent, 100 + percent)
