"""A bought service's life (B12, manual 004 «Заказы и управление услугами»): one state machine
for every recurring service, its periods and expiry. Rules only; time comes in as an argument.

States: ``ordered`` (Заказан), ``processing`` (Обрабатывается), ``active`` (Активен),
``suspended`` (Временно остановлен: not renewed by its expiry, or its account blocked),
``stopped`` (Остановлен: by the client), ``stopped_by_admin`` (Остановлен администратором),
``needs_setup`` (Требуется настройка: bought by a quick order, parameters to fill in).
"""
from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from kit.errors import RuleBroken

ORDERED, PROCESSING, ACTIVE = "ordered", "processing", "active"
SUSPENDED, STOPPED, STOPPED_BY_ADMIN, NEEDS_SETUP = "suspended", "stopped", "stopped_by_admin", "needs_setup"
STATES = (ORDERED, PROCESSING, ACTIVE, SUSPENDED, STOPPED, STOPPED_BY_ADMIN, NEEDS_SETUP)

#: (state, action) → the next state; anything else is refused (409 ``service_state_conflict``)
TRANSITIONS = {
    (ORDERED, "pay"): PROCESSING,
    (PROCESSING, "open"): ACTIVE,
    (PROCESSING, "open_unconfigured"): NEEDS_SETUP,
    (NEEDS_SETUP, "configure"): ACTIVE,
    (ACTIVE, "stop"): STOPPED,
    (STOPPED, "start"): ACTIVE,
    (ACTIVE, "admin_stop"): STOPPED_BY_ADMIN,
    (STOPPED, "admin_stop"): STOPPED_BY_ADMIN,
    (SUSPENDED, "admin_stop"): STOPPED_BY_ADMIN,
    (NEEDS_SETUP, "admin_stop"): STOPPED_BY_ADMIN,
    (STOPPED_BY_ADMIN, "admin_start"): ACTIVE,
    (ACTIVE, "suspend"): SUSPENDED,
    (STOPPED, "suspend"): SUSPENDED,
    (SUSPENDED, "renew"): ACTIVE,
    (ACTIVE, "renew"): ACTIVE,
    (STOPPED, "renew"): STOPPED,
    (NEEDS_SETUP, "renew"): NEEDS_SETUP,
}
#: actions only an administrator may take
ADMIN_ACTIONS = ("admin_stop", "admin_start")
#: actions the client takes on their own service
CLIENT_ACTIONS = ("stop", "start", "renew", "configure")


def next_state(state: str, action: str) -> str:
    following = TRANSITIONS.get((state, action))
    if following is None:
        raise RuleBroken("service_state_conflict", "A service that is {} cannot be {}".format(
            state, {"stop": "stopped", "start": "started", "admin_stop": "stopped by an administrator",
                    "admin_start": "started by an administrator", "renew": "renewed", "suspend": "suspended",
                    "configure": "configured", "pay": "paid", "open": "opened",
                    "open_unconfigured": "opened"}.get(action, action)))
    return following


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` + ``months`` calendar months, the day clamped to the month's last (31 Jan + 1
    → 28/29 Feb)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def renewed_until(expires_at: datetime, now: datetime, months: int) -> datetime:
    """A renewal adds its period to the expiry, or to now when the service already expired."""
    return add_months(max(expires_at, now), months)


# --- auto-renewal (B7) -------------------------------------------------------------------

#: states whose auto-renewal the renewal job charges (a suspended one is retried every day)
AUTO_RENEWABLE = (ACTIVE, SUSPENDED)
#: a failed renewal is tried again the next day
RETRY_AFTER = timedelta(days=1)
#: how long a claimed renewal stays claimed (a replica that died mid-way is taken over after it)
CLAIM_LEASE = timedelta(hours=1)


def renewal_due(expires_at: datetime, lead_days: int) -> datetime:
    """When a service's renewal is charged: its lead time before expiry (1 day; 60 for
    domains and SSL certificates)."""
    return expires_at - timedelta(days=lead_days)


def next_renewal_due(auto_renew: bool, expires_at: datetime, lead_days: int) -> datetime | None:
    """The renewal job's next try, or None when auto-renewal is off (the job itself renews
    only services in AUTO_RENEWABLE states)."""
    if not auto_renew:
        return None
    return renewal_due(expires_at, lead_days)


def expired(status: str, expires_at: datetime, now: datetime) -> bool:
    """An active service not renewed by its expiry is suspended."""
    return status == ACTIVE and expires_at <= now


def check_renewal_period_change(status: str) -> None:
    if status != ACTIVE:
        raise RuleBroken("service_not_active", "The renewal period changes only on an active service")
