"""The SLA of a ticket (S8): its criticality's minutes to the first staff reply and to the
resolution, counted from creation (Zammad's first-response and solution times; calendar
time, as HubEx's client portal shows «сроки выполнения»)."""
from __future__ import annotations

from datetime import datetime, timedelta


def due(created_at: datetime, minutes: int | None) -> datetime | None:
    """When something is due ``minutes`` after creation (None: no SLA)."""
    return created_at + timedelta(minutes=minutes) if minutes else None


def overdue(deadline: datetime | None, now: datetime, resolved_at: datetime | None) -> bool:
    """Past its deadline without a resolution (a ticket resolved late stays overdue)."""
    if deadline is None:
        return False
    return (resolved_at or now) > deadline
