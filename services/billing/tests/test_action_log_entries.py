"""Billing's people's changes in the action log (issue 13 item 11): a client's top-up, order
payment, saved method set up, cart checkout with a promo code, a service's auto-renewal
switched off and the service stopped; an administrator's promo code; a manager's bank
statement imported and its lines assigned or dismissed — each an ``action_recorded`` event
in the outbox of the change's own transaction (a change refused records nothing), saying
who, from which address, on which object, and whose account's it is. Identity collects
them (tests/integration/test_identity_action_log.py)."""
from __future__ import annotations

import base64
import itertools
import uuid

import pytest
from sqlalchemy import select

from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.outbox import OUTBOX
from kit.schemas import load
from services.billing import schemas
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import cart, catalog, ledger, methods, payments, statements, subscriptions

ACCOUNT = str(uuid.uuid4())
CLIENT = Caller(user_id=str(uuid.uuid4()), account_id=ACCOUNT, roles=frozenset({"client"}),
                rights=frozenset({"finance", "orders"}), ip="203.0.113.7", user_agent="browser/1.0")
ADMIN = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"admin"}), ip="198.51.100.1")
MANAGER = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"rental_manager"}), ip="198.51.100.2")
DATABASES = itertools.count(1)


class _Sandbox:
    name = "sandbox"


class _Providers:
    default = _Sandbox()

    def get(self, name):
        return self.default if name == "sandbox" else None


@pytest.fixture
def billing(test_run):
    url = test_run.database_url("billing_actions{}".format(next(DATABASES)))
    upgrade("billing", url)
    databases = Databases(url, "billing")
    deps = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"}),
                providers=_Providers())
    yield databases, deps
    databases.dispose()


def run(billing, caller, handler, data):
    databases, deps = billing
    with databases.unit_of_work(caller) as uow:
        return handler(uow, caller, data, deps)


def logged(billing) -> list[dict]:
    """The action-log entries in the outbox, oldest first."""
    databases, _ = billing
    with databases.engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.payload).where(OUTBOX.c.type == "action_recorded")
                                  .order_by(OUTBOX.c.id)).scalars()
        return [row["data"] for row in rows]


def actions(billing) -> list[tuple]:
    return [(e["action"], e["object_type"], e["actor_id"], e["account_id"]) for e in logged(billing)]


def test_a_clients_payments_are_recorded_with_who_and_from_where(billing):
    top_up = run(billing, CLIENT, payments.create_top_up, {
        "request": load(schemas.TopUpRequest(), {"amount": 150000, "method": "card"}), "idempotency_key": "k1"})
    run(billing, ADMIN, ledger.adjust_account, {"account_id": ACCOUNT, "idempotency_key": "a1", "request": {
        "amount": 500000, "currency": "RUB", "reason": "проверка"}})
    order = {"order_number": 1010001, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id, "total": 18000,
             "currency": "RUB", "payable": True, "prepayment_allowed": False, "min_prepayment": None,
             "service_name": "Канцтовары", "paid": 0, "remaining": 18000, "staff_may_record": True}
    paid = run(billing, CLIENT, payments.create_order_payment, {
        "order": order, "request": {"currency": "RUB", "method": "balance"}, "idempotency_key": "k2"})
    method = run(billing, CLIENT, methods.start_setup, {"name": "Рабочая карта"})
    entries = logged(billing)
    assert actions(billing) == [
        ("payment.top_up_started", "payment", CLIENT.user_id, ACCOUNT),
        ("balance.adjusted", "personal_account", ADMIN.user_id, ACCOUNT),
        ("payment.order_paid", "payment", CLIENT.user_id, ACCOUNT),
        ("payment_method.setup_started", "payment_method", CLIENT.user_id, ACCOUNT)]
    assert entries[0]["object_id"] == top_up["payment_id"] and entries[0]["summary"] == \
        "Пополнение лицевого счета: 1500,00 ₽, банковской картой"
    assert entries[2]["object_id"] == paid["payment"]["id"] and "1010001" in entries[2]["summary"]
    assert entries[3]["object_id"] == method["method_id"]
    assert {(e["ip"], e["user_agent"]) for e in entries if e["actor_id"] == CLIENT.user_id} == {
        ("203.0.113.7", "browser/1.0")}
    # the same Idempotency-Key again makes no payment, and records nothing
    run(billing, CLIENT, payments.create_top_up, {
        "request": load(schemas.TopUpRequest(), {"amount": 150000, "method": "card"}), "idempotency_key": "k1"})
    assert len(logged(billing)) == 4


def test_a_checkout_its_promo_code_and_the_services_it_opens_are_recorded(billing):
    promo = run(billing, ADMIN, catalog.create_promo_code, load(schemas.PromoCodeCreate(), {
        "code": "winter", "kind": "percent", "value": 10}))
    product = run(billing, ADMIN, catalog.create_product, load(schemas.ProductCreate(), {
        "code": "vps-1", "name": "VPS DC16", "type": "vps", "prices": {"1": 49500}}))
    run(billing, ADMIN, ledger.adjust_account, {"account_id": ACCOUNT, "idempotency_key": "a1", "request": {
        "amount": 100000, "currency": "RUB", "reason": "проверка"}})
    run(billing, CLIENT, cart.add_item, load(schemas.CartItemCreate(), {"product_id": product["id"],
                                                                        "period_months": 1}))
    run(billing, CLIENT, cart.apply_promo_code, {"code": "WINTER"})
    purchase = run(billing, CLIENT, cart.checkout, {"request": load(schemas.CheckoutRequest(), {}),
                                                    "idempotency_key": None})
    [service] = run(billing, CLIENT, subscriptions.list_services, {"page": 1, "per_page": 10})["items"]
    run(billing, CLIENT, subscriptions.update_service, {"service_id": service["id"], "changes": load(
        schemas.RecurringServiceUpdate(), {"auto_renew": False})})
    run(billing, CLIENT, subscriptions.act, {"service_id": service["id"], "action": "stop"})
    entries = logged(billing)
    assert actions(billing) == [
        ("promo_code.created", "promo_code", ADMIN.user_id, None),   # the platform's: no account sees it
        ("balance.adjusted", "personal_account", ADMIN.user_id, ACCOUNT),
        ("cart.promo_code_applied", "promo_code", CLIENT.user_id, ACCOUNT),
        ("service.order", "service", CLIENT.user_id, ACCOUNT),
        ("promo_code.used", "promo_code", CLIENT.user_id, ACCOUNT),
        ("cart.checked_out", "purchase", CLIENT.user_id, ACCOUNT),
        ("service.settings", "service", CLIENT.user_id, ACCOUNT),
        ("service.stop", "service", CLIENT.user_id, ACCOUNT),
    ], actions(billing)
    assert entries[0]["object_id"] == promo["id"] and entries[0]["summary"] == "Промокод WINTER: 10 %"
    assert entries[5]["object_id"] == str(purchase["number"])
    assert entries[5]["summary"] == "Заказ №{}: 1 поз., 445,50 ₽, с лицевого счета".format(purchase["number"])
    assert "автопродление выключено" in entries[6]["summary"]
    assert entries[7]["object_id"] == str(service["number"])


def _statement(*documents: str) -> dict:
    text = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\n" + "".join(documents) + "КонецФайла\n"
    return {"filename": "kl_to_1c.txt", "content_type": "text/plain",
            "data": base64.b64encode(text.encode("cp1251")).decode()}


def _document(number: str, purpose: str) -> str:
    return ("СекцияДокумент=Платежное поручение\nНомер={}\nДата=02.12.2026\nСумма=100.00\nПлательщикИНН=7707083893\n"
            "Плательщик1=ООО «Ромашка»\nПолучательИНН={}\nНазначениеПлатежа={}\nКонецДокумента\n").format(
        number, SETTINGS["BILLING_SELLER_INN"], purpose)


def test_a_bank_statement_imported_and_a_line_set_aside_are_recorded(billing):
    imported = run(billing, MANAGER, statements.import_statement, _statement(_document("1", "Возврат займа")))
    [line] = imported["lines"]
    run(billing, MANAGER, statements.dismiss_line, {"line_id": line["id"], "reason": "Не наш платеж"})
    entries = logged(billing)
    assert actions(billing) == [("bank_statement.imported", "bank_statement", MANAGER.user_id, None),
                                ("statement_line.dismissed", "statement_line", MANAGER.user_id, None)]
    assert entries[0]["summary"] == "kl_to_1c.txt: 1 новых строк, 0 сопоставлено"
    assert entries[1]["object_id"] == line["id"] and "Не наш платеж" in entries[1]["summary"]
    assert entries[1]["ip"] == "198.51.100.2"


def test_a_refused_change_records_nothing(billing):
    with pytest.raises(Exception):
        run(billing, CLIENT, cart.apply_promo_code, {"code": "NOSUCH"})
    with pytest.raises(Exception):
        run(billing, CLIENT, statements.import_statement, _statement())
    assert logged(billing) == []
