"""The demo loader's steps, in order: people, billing, the catalog, orders, support."""
from __future__ import annotations

from datetime import date

from scripts.demo import billing, catalog, orders, people, support
from scripts.demo.api import Api


def load(base_url: str, admin_email: str, admin_password: str, today: date | None = None) -> dict[str, str]:
    """Everything the demo shows, once; returns the demo people {e-mail: user id}.

    ``today`` (a date) places the demo's bookings; tests pass the system clock's date."""
    today = today or date.today()
    admin = Api(base_url).login(admin_email, admin_password)
    users = people.load(base_url, admin)
    billing.load(base_url)
    services = catalog.load(admin, users, today)
    orders.load(base_url, admin, users, services, today)
    support.load(base_url, admin, users)
    return users
