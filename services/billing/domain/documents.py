"""Billing's accounting documents (B10, manual 004 «Бухгалтерские документы»): which month an
expense belongs to (the operator's calendar), what a month's completion act sums, and the
reconciliation act's arithmetic — opening balance, debits and credits by date, closing
balance. Rules only: time and rows come in as arguments, money is integer kopecks.

Sign convention of the reconciliation act (the operator's books): a debit is what the
customer was charged (services rendered, money paid back to them), a credit what they paid;
a positive balance is the customer's advance (in their favour), a negative one their debt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kit.errors import InputRuleBroken
from services.billing.domain import money

#: the longest period a reconciliation act covers (three years)
MAX_PERIOD_DAYS = 3 * 366
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")


def month_of(moment: datetime, zone: ZoneInfo) -> date:
    """The first day of the operator's month ``moment`` falls in."""
    return moment.astimezone(zone).date().replace(day=1)


def month_end(first: date) -> date:
    """The last day of the month that begins on ``first`` (the date a month's act bears)."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_title(first: date) -> str:
    """date(2026, 12, 1) → "декабрь 2026 г."."""
    return "{} {} г.".format(MONTHS[first.month - 1], first.year)


def by_month(items: list, moment_of, zone: ZoneInfo) -> dict[date, list]:
    """``items`` grouped by the operator's month of ``moment_of(item)``, months in order."""
    groups: dict[date, list] = {}
    for item in items:
        groups.setdefault(month_of(moment_of(item), zone), []).append(item)
    return dict(sorted(groups.items()))


def act_amount(amount: int, refunded: int) -> int:
    """What an expense puts into a completion act: what was charged less what was refunded."""
    return max(0, amount - refunded)


def act_vat(amount: int, refunded: int, vat: int) -> int:
    """The VAT an expense puts into an act: its stored VAT, unless part of it was refunded
    (then the VAT inside what is left)."""
    return vat if not refunded else money.vat_included(act_amount(amount, refunded))


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InputRuleBroken("period_invalid", "The period ends before it begins", field="to")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InputRuleBroken("period_too_long", "A reconciliation act covers at most three years", field="to")


@dataclass(frozen=True)
class Movement:
    """One movement of the personal account: its day, what it was, signed (credits positive)."""

    day: date
    what: str
    amount: int


@dataclass(frozen=True)
class Reconciliation:
    opening: int
    #: (day, what, debit, credit) in order
    rows: list
    debit: int
    credit: int
    closing: int


def reconcile(opening: int, movements: list[Movement]) -> Reconciliation:
    """The act's rows by date (a day's movements in the order they happened) and its totals;
    the closing balance is the opening one plus credits less debits."""
    rows = [(m.day, m.what, -m.amount if m.amount < 0 else 0, m.amount if m.amount > 0 else 0)
            for m in sorted(movements, key=lambda m: m.day)]
    debit, credit = sum(r[2] for r in rows), sum(r[3] for r in rows)
    return Reconciliation(opening, rows, debit, credit, opening + credit - debit)


def balance_side(balance: int) -> str:
    """Whose favour a balance is in, as the act says it."""
    if balance > 0:
        return "в пользу покупателя"
    if balance < 0:
        return "в пользу поставщика"
    return "задолженность отсутствует"
