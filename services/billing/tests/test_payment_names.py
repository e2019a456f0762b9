"""Names on billing's payments list and CSV export (issue 13 item 8): who paid, as whom (the
payer) and who recorded it, from billing's copy of identity's people (kit.people, written
from identity's person events) — identity asked once per page for someone not announced
yet — and ``q`` finds payments by part of those names, Cyrillic in any case, the same on
PostgreSQL and SQLite."""
from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from kit import people
from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.schemas import load
from services.billing import schemas
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import ledger, payers, payments

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
ACCOUNT = str(uuid.uuid4())
CLIENT = Caller(user_id=str(uuid.uuid4()), account_id=ACCOUNT, roles=frozenset({"client"}),
                rights=frozenset({"finance", "orders"}))
MANAGER = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"rental_manager"}))
ADMIN = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"admin"}))
DATABASES = itertools.count(1)


@pytest.fixture(params=["postgresql", "sqlite"])
def billing(request, test_run, tmp_path):
    if request.param == "postgresql":
        url = test_run.database_url("billing_names{}".format(next(DATABASES)))
    else:
        url = "sqlite:///{}".format(tmp_path / "billing.sqlite3")
    upgrade("billing", url)
    databases = Databases(url, "billing")
    asked = []

    def fetch(user_ids):  # identity: the manager was never announced to billing
        asked.append(list(user_ids))
        return [{"id": MANAGER.user_id, "full_name": "Марина Чернова", "status": "active",
                 "roles": ["rental_manager"]} for i in user_ids if i == MANAGER.user_id]

    deps = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"}), providers=None)
    yield databases, replace(deps, fetch_users=fetch), asked
    databases.dispose()


def run(billing, caller, handler, data):
    databases, deps, _ = billing
    with databases.unit_of_work(caller) as uow:
        return handler(uow, caller, data, deps)


def query(**fields) -> dict:
    return load(schemas.PaymentQuery(), fields)


def test_payments_name_who_paid_as_whom_and_who_recorded_it_and_are_found_by_those_names(billing):
    databases, _, asked = billing
    with databases.unit_of_work(CLIENT) as uow:  # identity announced the client
        people.remember(uow.session, {"user_id": CLIENT.user_id, "account_id": ACCOUNT,
                                      "full_name": "Ёлкина Алёна"}, "active", T0)
    payer = run(billing, CLIENT, payers.create_payer, {"kind": "company", "name": "ООО «Ромашка»",
                                                       "contact_person": "Иван Петров", "inn": "7707083893"})
    run(billing, ADMIN, ledger.adjust_account, {"account_id": ACCOUNT, "idempotency_key": "a1", "request": {
        "amount": 100000, "currency": "RUB", "reason": "проверка"}})
    order = {"order_number": 1010001, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id, "total": 18000,
             "currency": "RUB", "payable": True, "prepayment_allowed": False, "min_prepayment": None,
             "service_name": "Канцтовары", "paid": 0, "remaining": 18000, "staff_may_record": True,
             "payer_id": payer["id"]}
    run(billing, CLIENT, payments.create_order_payment, {
        "order": order, "request": {"currency": "RUB", "method": "balance", "payer_id": payer["id"]},
        "idempotency_key": "k1"})
    other = dict(order, order_number=1010002, payer_id=None)
    run(billing, MANAGER, payments.record_manager_payment, {
        "order": other, "request": {"amount": 18000, "currency": "RUB"}, "idempotency_key": "k2"})

    listed = run(billing, ADMIN, payments.list_payments, query(scope="all"))["items"]
    by_order = {p["order_number"]: p for p in listed}
    paid, recorded = by_order[1010001], by_order[1010002]
    assert (paid["user_id"], paid["user_name"], paid["payer_name"], paid["recorded_by_name"]) == (
        CLIENT.user_id, "Ёлкина Алёна", "ООО «Ромашка»", None)
    assert (recorded["user_name"], recorded["recorded_by_name"]) == ("Ёлкина Алёна", "Марина Чернова")
    assert asked == [[MANAGER.user_id]]  # one question for the page, for the one unknown
    run(billing, ADMIN, payments.list_payments, query(scope="all"))
    assert asked == [[MANAGER.user_id]]  # now kept: identity is not asked again

    def found(q):
        return sorted(p["order_number"] for p in run(billing, ADMIN, payments.list_payments,
                                                     query(scope="all", q=q))["items"])

    assert found("ЕЛКИНА") == [1010001, 1010002]   # the user who paid (ё as е, any case)
    assert found("ромаш") == [1010001]             # the payer's name
    assert found("петров") == [1010001]            # the payer's contact person
    assert found("марина") == [1010002]            # the manager who recorded it
    assert found("алена 1010002") == [1010002]     # every word must match something
    assert found("Никто") == []

    export = run(billing, CLIENT, payments.export_payments, dict(query(), part=1))
    assert export["header"][-3:] == ["Плательщик", "Пользователь", "Кем внесен"]
    rows = {row[3]: row for row in export["rows"]}
    assert rows["1010001"][-3:] == ["ООО «Ромашка»", "Ёлкина Алёна", ""]
    assert rows["1010002"][-3:] == ["", "Ёлкина Алёна", "Марина Чернова"]


def test_a_person_unknown_everywhere_is_named_null(billing):
    databases, deps, _ = billing
    run(billing, ADMIN, ledger.adjust_account, {"account_id": ACCOUNT, "idempotency_key": "a1", "request": {
        "amount": 100000, "currency": "RUB", "reason": "проверка"}})
    order = {"order_number": 1010003, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id, "total": 18000,
             "currency": "RUB", "payable": True, "prepayment_allowed": False, "min_prepayment": None,
             "service_name": "Канцтовары", "paid": 0, "remaining": 18000, "staff_may_record": True}
    run(billing, CLIENT, payments.create_order_payment, {
        "order": order, "request": {"currency": "RUB", "method": "balance"}, "idempotency_key": "k1"})
    [payment] = run(billing, CLIENT, payments.list_payments, query())["items"]
    assert (payment["user_name"], payment["payer_name"], payment["recorded_by_name"]) == (None, None, None)
