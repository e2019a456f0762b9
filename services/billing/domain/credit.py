"""The credit-limit cycle (B9, manual 004 «Информация о кредитном лимите»): on the 1st of a
month an invoice for the unpaid expenses bought on credit before it; due on the 15th, overdue
from the 16th; on the 30th (the last day of February) the account is blocked if it is still
unpaid. Dates are the operator's calendar (``BILLING_TIMEZONE``); time comes in as an argument.

What a block forbids is one matrix (:data:`WHILE_BLOCKED`), checked by :func:`check_allowed`.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from kit.errors import RuleBroken

DUE_DAY = 15
BLOCK_DAY = 30
TO_PAY, PARTIALLY_PAID, PAID = "to_pay", "partially_paid", "paid"

#: action → allowed while the account is blocked (manual 004: «При блокировке недоступны …
#: доступно …»)
WHILE_BLOCKED = {
    "pay_service": False,          # paying for services: the cart's checkout, an order by any method
    "renew_by_hand": False,        # renewal through the cart («Продлить»)
    "auto_renew_balance": False,   # auto-renewal from the personal account
    "top_up": True,                # topping the personal account up
    "auto_renew_method": True,     # auto-renewal from a saved method
}

#: the notices of an unpaid invoice, in order: (stage, days from the issue / due / block date)
STAGES = ("due_soon", "overdue", "block_soon", "blocked")


def check_allowed(blocked: bool, action: str) -> None:
    if blocked and not WHILE_BLOCKED[action]:
        raise RuleBroken("account_blocked", "Buying and renewing are blocked until the overdue invoice is paid")


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC moment a calendar day of the operator begins (DST-safe)."""
    return datetime.combine(day, time.min, zone).astimezone(timezone.utc)


def today(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    first = month_start(day)
    return month_start(first - timedelta(days=1))


@dataclass(frozen=True)
class Schedule:
    """An invoice's calendar: issued on the 1st, due on the 15th, overdue from the 16th,
    blocked on the 30th (the last day of a shorter month)."""

    issued_on: date
    due_on: date
    block_on: date

    @classmethod
    def of_month(cls, first: date) -> "Schedule":
        last = calendar.monthrange(first.year, first.month)[1]
        return cls(first, first.replace(day=DUE_DAY), first.replace(day=min(BLOCK_DAY, last)))

    def stage_days(self) -> dict:
        """When each notice is due: 3 days before the due date, the day after it, 5 days
        before blocking, on the blocking day."""
        return {"due_soon": self.due_on - timedelta(days=3), "overdue": self.due_on + timedelta(days=1),
                "block_soon": self.block_on - timedelta(days=5), "blocked": self.block_on}

    def overdue(self, day: date) -> bool:
        return day > self.due_on


def notices_due(schedule: Schedule, day: date, sent: set) -> list[str]:
    """The stages whose day has come and that were not sent yet, in order (a job that was down
    sends each missed one once when it is back)."""
    return [stage for stage, on in schedule.stage_days().items() if on <= day and stage not in sent]


def next_stage_day(schedule: Schedule, sent: set) -> date | None:
    days = [on for stage, on in schedule.stage_days().items() if stage not in sent]
    return min(days) if days else None


def status_of(amount: int, paid: int) -> str:
    if paid >= amount:
        return PAID
    return PARTIALLY_PAID if paid > 0 else TO_PAY


def apply_money(amount: int, remainders: list[int]) -> list[int]:
    """Money arriving pays the oldest invoice first: what goes to each (in the given order)."""
    out = []
    for remaining in remainders:
        take = min(amount, remaining)
        out.append(take)
        amount -= take
    return out


def dashboard(limit: int, balance: int, blocked: bool, overdue: int, awaiting: int, spent: int) -> dict:
    """The credit-limit dashboard: what is overdue, awaiting payment, spent since the last
    invoice, available on credit — or, while blocked, unavailable."""
    room = max(0, min(limit, limit + balance))
    return {"overdue": overdue, "awaiting_payment": awaiting, "spent": spent,
            "available_credit": 0 if blocked else room, "unavailable": room if blocked else 0}
