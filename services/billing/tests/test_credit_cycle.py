"""The credit job on the real PostgreSQL with a clock of its own (B9): a job that was down on
the 1st issues the invoice when it is back, once; two replicas issue it once; notices missed
while it was down are sent once each; the block comes at the operator's local midnight —
December → January, February, a month of 31 days, and a DST change in another
BILLING_TIMEZONE (Berlin enters summer time on 28 March 2027)."""
from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kit.context import SYSTEM
from kit.db import Databases
from kit.migrate import upgrade
from kit.outbox import OUTBOX
from services.billing import flows, store
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import ledger
from services.billing.models import Expense, Invoice, PersonalAccount

UTC = timezone.utc


class Replica:
    """A replica's databases as a flow sees them, on a clock the test sets."""

    def __init__(self, url: str, clock: dict):
        self.databases = Databases(url, "billing", now=lambda: clock["now"])

    def unit_of_work(self):
        return self.databases.unit_of_work(SYSTEM)


@pytest.fixture
def system(test_run, request):
    url = test_run.database_url("billing_credit_" + request.node.callspec.id.replace("-", "_").lower()[:20])
    upgrade("billing", url)
    clock = {"now": datetime(2026, 1, 1, tzinfo=UTC)}
    replicas = (Replica(url, clock), Replica(url, clock))
    yield replicas, clock
    for replica in replicas:
        replica.databases.dispose()


def local(zone: ZoneInfo, day: date, hour: int = 0, minute: int = 0, second: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute, second), zone).astimezone(UTC)


def count(replica, event_type: str) -> int:
    with replica.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(OUTBOX).where(OUTBOX.c.type == event_type)).scalar()


@pytest.mark.parametrize("zone_name, bought, first, block_on", [
    ("Europe/Moscow", date(2026, 12, 20), date(2027, 1, 1), date(2027, 1, 30)),
    ("Europe/Moscow", date(2027, 1, 31), date(2027, 2, 1), date(2027, 2, 28)),
    ("Europe/Moscow", date(2027, 7, 31), date(2027, 8, 1), date(2027, 8, 30)),
    ("Europe/Berlin", date(2027, 2, 27), date(2027, 3, 1), date(2027, 3, 30)),
], ids=["december", "february", "august", "berlin-dst"])
def test_the_credit_cycle_catches_up_once_and_blocks_at_local_midnight(system, zone_name, bought, first, block_on):
    (one, two), clock = system
    zone = ZoneInfo(zone_name)
    deps = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost",
                                               "BILLING_TIMEZONE": zone_name}), providers=None)
    clock["now"] = local(zone, bought, 23, 50)   # late on the last days: still the old month there
    with one.unit_of_work() as uow:
        account = store.personal_account(uow.session, "acc", uow.now())
        account.credit_limit = 500000
        for account_id in ("acc", "acc2"):
            uow.session.add(Expense(account_id=account_id, name="VPS", charged_at=uow.now(), amount=100000,
                                    unpaid=100000, vat=16667, vat_rate=20, refunded=0, created_at=uow.now()))
        store.personal_account(uow.session, "acc2", uow.now())

    # down on the 1st, back on the 5th: both replicas tick at once, each invoice is issued once
    clock["now"] = local(zone, first.replace(day=5), 10)
    threads = [threading.Thread(target=flows.run_credit_cycle, args=(r, SYSTEM, {"batch": 1}, deps)) for r in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    flows.run_credit_cycle(one, SYSTEM, {}, deps)
    with one.unit_of_work() as uow:
        invoices = uow.session.execute(select(Invoice).order_by(Invoice.account_id)).scalars().all()
        assert [(i.account_id, i.amount, i.period_start, i.issued_on, i.due_on, i.block_on) for i in invoices] == [
            (a, 100000, bought.replace(day=1), first, first.replace(day=15), block_on) for a in ("acc", "acc2")]
    assert count(one, "invoice_issued") == 2

    # down again from the 11th to the 26th: the three reminders of each invoice, once each
    clock["now"] = local(zone, first.replace(day=26), 12)
    flows.run_credit_cycle(one, SYSTEM, {}, deps)
    flows.run_credit_cycle(two, SYSTEM, {}, deps)
    assert count(one, "invoice_reminder") == 6

    # the money of acc2 arrives; acc is blocked at the block day's local midnight, not before
    with one.unit_of_work() as uow:
        ledger.credit(uow, store.personal_account(uow.session, "acc2", uow.now(), lock=True), "top_up", 100000,
                      deps.settings)
    clock["now"] = local(zone, block_on, 0, 0, 0) - timedelta(seconds=30)   # 23:59:30 the day before
    flows.run_credit_cycle(one, SYSTEM, {}, deps)
    assert count(one, "account_blocked") == 0
    clock["now"] = local(zone, block_on, 0, 0, 30)
    flows.run_credit_cycle(one, SYSTEM, {}, deps)
    flows.run_credit_cycle(two, SYSTEM, {}, deps)
    assert count(one, "account_blocked") == 1
    with one.unit_of_work() as uow:
        blocked = {a.account_id: a.blocked_at is not None for a in uow.session.execute(select(PersonalAccount)).scalars()}
        paid = {i.account_id: i.status for i in uow.session.execute(select(Invoice)).scalars()}
    assert blocked == {"acc": True, "acc2": False} and paid == {"acc": "to_pay", "acc2": "paid"}
