"""The demo loader's steps, in order: people, billing, the catalog, orders, coworking, support."""
from __future__ import annotations

from datetime import date, datetime, timezone

from scripts.demo import billing, catalog, coworking, orders, people, support
from scripts.demo.api import Api


def load(base_url: str, admin_email: str, admin_password: str, today: date | None = None,
         now: datetime | None = None) -> dict[str, str]:
    """Everything the demo shows, once; returns the demo people {e-mail: user id}.

    ``now`` (and ``today``, its date) place the demo's bookings; tests pass the system clock's."""
    now = now or datetime.now(timezone.utc)
    today = today or now.date()
    admin = Api(base_url).login(admin_email, admin_password)
    users = people.load(base_url, admin)
    billing.load(base_url, admin)
    services = catalog.load(admin, users, today)
    coworking.spaces(admin, services)
    orders.load(base_url, admin, users, services, today)
    coworking.load(base_url, admin, users, services, now)
    support.load(base_url, admin, users)
    return users
