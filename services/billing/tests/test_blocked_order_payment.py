"""Manual 004, «При блокировке недоступны: возможность оплаты услуг»: while the account is
blocked for an overdue invoice, an order is not paid by any method — the balance, a card or a
saved method — as the cart's checkout is not (409 ``account_blocked``); a top-up stays possible
(«доступно: пополнение лицевого счета»)."""
from __future__ import annotations

import uuid

import pytest

from kit.context import Caller
from kit.db import Databases
from kit.errors import as_wire_error
from kit.migrate import upgrade
from services.billing import store
from services.billing.adapters import Providers
from services.billing.adapters.sandbox import SandboxProvider
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import payments

ACCOUNT = str(uuid.uuid4())
CLIENT = Caller(user_id=str(uuid.uuid4()), account_id=ACCOUNT, roles=frozenset({"client"}),
                rights=frozenset({"finance", "orders"}))


@pytest.fixture
def billing(test_run):
    url = test_run.database_url("billing_blocked")
    upgrade("billing", url)
    databases = Databases(url, "billing")
    settings = Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"})
    # the provider is never called here: handlers only create the payment to start
    deps = Deps(settings=settings, providers=Providers({"sandbox": SandboxProvider("http://127.0.0.1:9", "", 1)},
                                                       "sandbox"))
    yield databases, deps
    databases.dispose()


def payable(number: int) -> dict:
    return {"order_number": number, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id, "service_name": "Уборка",
            "payer_id": None, "total": 18000, "currency": "RUB", "paid": 0, "remaining": 18000, "status": "new",
            "payable": True, "staff_may_record": False, "staff_handles": False, "prepayment_allowed": False,
            "min_prepayment": None, "lines": []}


def attempt(databases, deps, number: int, method: str, key: str):
    try:
        with databases.unit_of_work(CLIENT) as uow:
            return payments.create_order_payment(uow, CLIENT, {
                "order": payable(number), "request": {"method": method, "currency": "RUB"},
                "idempotency_key": key}, deps)
    except Exception as error:  # as it crosses RPC
        return as_wire_error(error)


def test_a_blocked_account_pays_no_order_by_any_method_but_may_top_up(billing):
    databases, deps = billing
    with databases.unit_of_work(CLIENT) as uow:
        store.personal_account(uow.session, ACCOUNT, uow.now(), lock=True).blocked_at = uow.now()
    for number, method in ((901, "balance"), (902, "card"), (903, str(uuid.uuid4()))):  # the last: a saved method
        refused = attempt(databases, deps, number, method, uuid.uuid4().hex)
        status, code = getattr(refused, "status", None), getattr(refused, "error_code", refused)
        assert (status, code) == (409, "account_blocked"), (method, refused)
    with databases.unit_of_work(CLIENT) as uow:
        topped = payments.create_top_up(uow, CLIENT, {"request": {"amount": 30000, "currency": "RUB", "method": "card"},
                                                      "idempotency_key": "top-up"}, deps)
    assert "payment_id" in topped

    # unblocked, the same order by card is created to start at the provider
    with databases.unit_of_work(CLIENT) as uow:
        store.personal_account(uow.session, ACCOUNT, uow.now(), lock=True).blocked_at = None
    assert "payment_id" in attempt(databases, deps, 902, "card", uuid.uuid4().hex)
