"""Rental periods (C2): half-open ``[starts_at, ends_at)``, so 16:00–17:00 and 17:00–18:00
do not overlap — the same rule the database's exclusion constraint enforces."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kit.errors import InputRuleBroken

#: the longest period one ticket may hold (manual 002's longest tariff is «1-3 мес»)
LONGEST = timedelta(days=366)


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, other: "Period") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def started(self, now: datetime) -> bool:
        return self.starts_at <= now

    def ended(self, now: datetime) -> bool:
        return self.ends_at <= now

    def running(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


def period(starts_at: datetime | None, ends_at: datetime | None, *, field: str = "ends_at") -> Period:
    """A valid rental period, or 422 on ``field``."""
    if starts_at is None or ends_at is None:
        raise InputRuleBroken("period_required", "A rental period needs a start and an end", field=field)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InputRuleBroken("period_without_time_zone", "Give times with their time zone", field=field)
    if ends_at <= starts_at:
        raise InputRuleBroken("period_empty", "The period must end after it starts", field=field)
    if ends_at - starts_at > LONGEST:
        raise InputRuleBroken("period_too_long", "One ticket covers at most a year", field=field)
    return Period(starts_at, ends_at)
