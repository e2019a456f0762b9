"""The completed-works act (S5): its lines and totals in kopecks, and when it may change.

A quantity is a decimal with up to three places («1,5 ч»), kept in thousandths; a line's
total is price × quantity rounded half up to the kopeck; the act's total is the sum of its
lines. An accepted act is frozen (manual 003: the customer signs it)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kit.errors import InputRuleBroken, RuleBroken

MAX_LINES = 100


@dataclass(frozen=True)
class Line:
    name: str
    quantity_milli: int
    unit: str
    price: int
    amount: int


def quantity_milli(value) -> int:
    try:
        quantity = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise InputRuleBroken("quantity_invalid", "A quantity is a number", field="works")
    milli = quantity * 1000
    if quantity <= 0 or milli != milli.to_integral_value() or quantity > 1_000_000:
        raise InputRuleBroken("quantity_invalid", "A quantity is positive, with at most three decimals", field="works")
    return int(milli)


def line(name: str, quantity, unit: str, price: int) -> Line:
    milli = quantity_milli(quantity)
    amount = int((Decimal(price) * milli / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Line(name=" ".join(name.split()), quantity_milli=milli, unit=unit.strip(), price=price, amount=amount)


def lines(works: list[dict]) -> list[Line]:
    if not works:
        raise InputRuleBroken("works_required", "An act lists at least one work", field="works")
    if len(works) > MAX_LINES:
        raise InputRuleBroken("too_many_works", "At most {} works".format(MAX_LINES), field="works")
    return [line(w["name"], w["quantity"], w["unit"], w["price"]) for w in works]


def total(found: list[Line]) -> int:
    return sum(item.amount for item in found)


def check_editable(accepted: bool) -> None:
    if accepted:
        raise RuleBroken("act_accepted", "The customer accepted the act; it cannot change")


def check_acceptable(accepted: bool) -> None:
    if accepted:
        raise RuleBroken("act_accepted", "The act is accepted already")
