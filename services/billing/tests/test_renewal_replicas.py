"""The renewal job with two replicas on the real PostgreSQL (B7): while one holds the due
services, the other skips them; every due service is renewed (and charged) once, a later
tick finds nothing, and a job that was down renews what fell due meanwhile when it is back."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kit.context import SYSTEM
from kit.db import Databases
from kit.migrate import upgrade
from kit.outbox import OUTBOX
from services.billing import flows
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.domain import catalog
from services.billing.handlers import ledger, renewals
from services.billing.models import LedgerEntry, Product, Service

DUE = 6
PRICE = 19900


class AsSystem:
    """A replica's databases as a flow sees them (``db.unit_of_work()``, the system calling)."""

    def __init__(self, databases):
        self.databases = databases

    def unit_of_work(self):
        return self.databases.unit_of_work(SYSTEM)


@pytest.fixture
def database(test_run):
    url = test_run.database_url("billing_renewals")
    upgrade("billing", url)
    replicas = (Databases(url, "billing"), Databases(url, "billing"))
    deps = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"}), providers=None)
    with replicas[0].unit_of_work(SYSTEM) as uow:
        now = uow.now()
        product = Product(code="hosting", name="Хостинг", type="hosting", prices=catalog.period_prices({"1": PRICE}),
                          options=[], renewal_lead_days=1, requires_setup=False, active=True, created_at=now,
                          updated_at=now)
        uow.session.add(product)
        uow.session.flush()
        account = renewals.store.personal_account(uow.session, "acc", now, lock=True)
        ledger.credit(uow, account, "adjustment", PRICE * (DUE + 1), deps.settings)
        for number in range(1, DUE + 2):
            expires = now + timedelta(hours=12) if number <= DUE else now + timedelta(days=10)
            uow.session.add(Service(
                number=number, account_id="acc", user_id="u", product_id=product.id, name="Хостинг", type="hosting",
                options={}, period_months=1, renewal_period_months=1, status="active", settings={},
                expires_at=expires, auto_renew=True, renewal_lead_days=1, renew_due_at=expires - timedelta(days=1),
                created_at=now, updated_at=now))
    yield replicas, deps
    for replica in replicas:
        replica.dispose()


def test_two_replicas_claim_each_due_renewal_once_and_renew_it_once(database):
    (first, second), deps = database
    holding, release = threading.Event(), threading.Event()
    taken = {}

    def replica_one():
        with first.unit_of_work(SYSTEM) as uow:
            taken["first"] = renewals.claim_due(uow, SYSTEM, {"batch": 100}, deps)
            holding.set()
            release.wait(3)

    worker = threading.Thread(target=replica_one)
    worker.start()
    assert holding.wait(10)
    with second.unit_of_work(SYSTEM) as uow:   # ticks while the first still holds the rows
        taken["second"] = renewals.claim_due(uow, SYSTEM, {"batch": 100}, deps)
    assert worker.is_alive(), "the second replica waited for the first instead of skipping its rows"
    release.set()
    worker.join(10)
    assert (len(taken["first"]), taken["second"]) == (DUE, [])

    # the first replica died before renewing: its claims are taken over after the lease, once
    with second.unit_of_work(SYSTEM) as uow:
        assert renewals.claim_due(uow, SYSTEM, {"batch": 100}, deps) == []
    with second.unit_of_work(SYSTEM) as uow:
        for service in uow.session.execute(select(Service)).scalars():
            if service.number <= DUE:
                service.renew_due_at -= renewals.lifecycle.CLAIM_LEASE + timedelta(seconds=1)
    done = [None, None]

    def tick(index, replica):
        done[index] = flows.run_renewals(AsSystem(replica), SYSTEM, {"batch": 2}, deps)

    threads = [threading.Thread(target=tick, args=(i, r)) for i, r in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(d["renewed"] for d in done) == DUE
    assert flows.run_renewals(AsSystem(first), SYSTEM, {}, deps) == {"renewed": 0, "suspended": 0}

    with first.unit_of_work(SYSTEM) as uow:
        charged = uow.session.execute(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.kind == "charge")).scalar()
        announced = uow.session.execute(select(func.count()).select_from(OUTBOX).where(
            OUTBOX.c.type == "service_renewed")).scalar()
        balance = renewals.store.balance(uow.session, "acc")
    assert (charged, announced, balance) == (DUE, DUE, PRICE)
