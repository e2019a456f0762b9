"""The demo loader's steps, in order: people, billing, the catalog, orders, coworking, support."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from scripts.demo import billing, catalog, coworking, orders, people, support
from scripts.demo.api import Api


def load(base_url: str, admin_email: str, admin_password: str, today: date | None = None,
         now: datetime | None = None, statement: Path | None = None) -> dict[str, str]:
    """Everything the demo shows, once; returns the demo people {e-mail: user id}.

    ``now`` (and ``today``, its date) place the demo's bookings; tests pass the system clock's.
    ``statement``: where to write the bank's statement (1C format) that pays the demo's order
    invoice, for the operator to import (``POST /billing/bank-statements``)."""
    now = now or datetime.now(timezone.utc)
    today = today or now.date()
    admin = Api(base_url).login(admin_email, admin_password)
    users = people.load(base_url, admin)
    billing.load(base_url, admin)
    services = catalog.load(admin, users, today)
    coworking.spaces(admin, services)
    orders.load(base_url, admin, users, services, today)
    invoice = billing.bank_transfer(base_url, admin, services["coffee"]["id"])
    if statement is not None and invoice is not None:
        company = next(p for p in billing.PAYERS[people.MARINA] if p.get("name") == "Компания №1")
        statement.parent.mkdir(parents=True, exist_ok=True)
        statement.write_bytes(billing.statement_text(invoice, billing.seller(), company).encode("cp1251"))
    coworking.load(base_url, admin, users, services, now)
    support.load(base_url, admin, users)
    return users
