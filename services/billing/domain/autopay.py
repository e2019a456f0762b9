"""Autopay (B6, manual 004 «Способы оплаты»): the personal account tops itself up from a
saved method when its balance runs low, never past the month's maximum. Rules only: the
month is the operator's calendar month (``BILLING_TIMEZONE``), time comes in as an argument."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from kit.errors import InputRuleBroken
from services.billing.domain import money

#: the recommended monthly maximum is the forecast of next month's charges + 10 %
RECOMMENDED_MARGIN_PERCENT = 10


def recommended_max(forecast: int) -> int:
    """Next month's forecast charges + 10 %, rounded up to a whole ruble."""
    amount = -(-forecast * (100 + RECOMMENDED_MARGIN_PERCENT) // 100)
    return -(-amount // 100) * 100


def month_bounds(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The operator's calendar month holding ``now``, as UTC moments [start, end)."""
    local = now.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def check_settings(enabled: bool, method_id: str | None, monthly_max: int | None) -> None:
    if enabled and method_id is None:
        raise InputRuleBroken("autopay_method_required", "Autopay needs a saved payment method", field="method_id")
    if monthly_max is not None:
        money.check_amount(monthly_max, "monthly_max")


def amount_to_charge(balance: int, upcoming: int, threshold: int, charged_this_month: int,
                     monthly_max: int | None, card: money.MethodTerms) -> tuple[int, str | None]:
    """(what to charge, None) so that the upcoming charges are covered and the balance is back
    above the low-balance threshold — or (0, why not): the month's maximum leaves less than the
    card's minimum, or nothing is needed."""
    need = max(upcoming + threshold - balance, 0)
    if need == 0:
        return 0, "nothing_needed"
    amount = max(need, card.min_amount)
    if card.max_amount is not None:
        amount = min(amount, card.max_amount)
    if monthly_max is not None:
        left = monthly_max - charged_this_month
        if left < card.min_amount:
            return 0, "monthly_maximum_reached"
        amount = min(amount, left)
    return amount, None
