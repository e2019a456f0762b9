"""Paying an order by invoice through billing's handlers on the real PostgreSQL: the client
asks for the invoice, staff issue it with the next number of the year — gapless however many
issue at once —, a bank statement pays it once however often it is imported, lines that pay
nothing wait for a person who assigns or dismisses them, and another account sees none of it.
The gateway's story (tests/integration/test_billing_order_invoices.py) tells it with orders."""
from __future__ import annotations

import base64
import itertools
import threading
import uuid

import pytest
from sqlalchemy import func, select

from kit import errors
from kit.errors import as_wire_error
from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.outbox import OUTBOX
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import order_invoices, payers, payments, refunds, statements
from services.billing.models import OrderInvoice, Payment, StatementLine

ACCOUNT, OTHER = str(uuid.uuid4()), str(uuid.uuid4())
CLIENT = Caller(user_id=str(uuid.uuid4()), account_id=ACCOUNT, roles=frozenset({"client"}),
                rights=frozenset({"finance", "orders"}))
STRANGER = Caller(user_id=str(uuid.uuid4()), account_id=OTHER, roles=frozenset({"client"}),
                  rights=frozenset({"finance", "orders"}))
MANAGER = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"rental_manager"}))
SELLER_INN = SETTINGS["BILLING_SELLER_INN"]
COMPANY = {"kind": "company", "name": "ООО «Ромашка»", "contact_person": "Иван Петров", "inn": "7707083893",
           "kpp": "773601001", "bank_name": "ПАО Сбербанк", "bik": "044525225",
           "settlement_account": "40702810938000000001", "correspondent_account": "30101810400000000225",
           "legal_address": {"country": "RU", "postcode": "117997", "city": "Москва", "address": "ул. Вавилова, 19"}}


DATABASES = itertools.count(1)


@pytest.fixture
def billing(test_run):
    """A database of its own per test: each story's numbers start at the year's first."""
    url = test_run.database_url("billing_invoices{}".format(next(DATABASES)))
    upgrade("billing", url)
    databases = Databases(url, "billing")
    deps = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"}), providers=None)
    yield databases, deps
    databases.dispose()


def run(databases, caller, handler, data, deps):
    with databases.unit_of_work(caller) as uow:
        return handler(uow, caller, data, deps)


def refused(databases, caller, handler, data, deps) -> errors.ServiceError:
    """The error the call answers with, as it crosses RPC (a broken rule as its kind)."""
    with pytest.raises(Exception) as caught:
        run(databases, caller, handler, data, deps)
    return as_wire_error(caught.value)


def payable(number: int, total: int = 18000, **extra) -> dict:
    return {"order_number": number, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id, "service_name": "Канцтовары",
            "payer_id": None, "total": total, "currency": "RUB", "paid": 0, "remaining": total, "status": "new",
            "payable": True, "staff_may_record": True, "staff_handles": False, "prepayment_allowed": False,
            "min_prepayment": None,
            "lines": [{"name": "Ручка шариковая", "quantity": total // 1000, "unit_price": 1000, "amount": total}],
            **extra}


def document(number: str, amount: str, purpose: str, inn: str = "7707083893", day: str = "02.12.2026",
             recipient: str = SELLER_INN) -> str:
    return ("СекцияДокумент=Платежное поручение\nНомер={}\nДата={}\nСумма={}\nПлательщикИНН={}\n"
            "Плательщик1=ООО «Ромашка»\nПолучательИНН={}\nНазначениеПлатежа={}\nКонецДокумента\n").format(
        number, day, amount, inn, recipient, purpose)


def statement(*documents: str) -> dict:
    text = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nДатаНачала=01.12.2026\n" \
           "ДатаКонца=02.12.2026\n" + "".join(documents) + "КонецФайла\n"
    return {"filename": "kl_to_1c.txt", "content_type": "text/plain",
            "data": base64.b64encode(text.encode("cp1251")).decode()}


def count(databases, event_type: str) -> int:
    with databases.unit_of_work(MANAGER) as uow:
        return uow.session.execute(select(func.count()).select_from(OUTBOX).where(
            OUTBOX.c.type == event_type)).scalar()


def issued_invoice(databases, deps, number: int, total: int = 18000) -> dict:
    payer = run(databases, CLIENT, payers.create_payer, dict(COMPANY), deps)
    run(databases, CLIENT, order_invoices.request_invoice,
        {"order": payable(number, total), "request": {"payer_id": payer["id"]}}, deps)
    return run(databases, MANAGER, order_invoices.issue_invoice, {"order": payable(number, total), "request": {}},
               deps)


def test_an_order_invoice_is_asked_for_issued_and_paid_once_by_a_statement_imported_twice(billing):
    databases, deps = billing
    payer = run(databases, CLIENT, payers.create_payer, dict(COMPANY), deps)
    asked = run(databases, CLIENT, order_invoices.request_invoice,
                {"order": payable(1010001), "request": {"payer_id": payer["id"]}}, deps)
    assert (asked["status"], asked["number"], asked["amount"], asked["vat"]) == ("awaiting_issue", None, 18000, 3000)
    again = run(databases, CLIENT, order_invoices.request_invoice,
                {"order": payable(1010001), "request": {"payer_id": payer["id"]}}, deps)
    assert again["id"] == asked["id"] and count(databases, "order_invoice_requested") == 1

    error = refused(databases, CLIENT, order_invoices.invoice_pdf, {"order": payable(1010001)}, deps)
    assert (type(error), error.error_code) == (errors.Conflict, "order_invoice_not_issued")  # nothing to print yet

    issued = run(databases, MANAGER, order_invoices.issue_invoice, {"order": payable(1010001), "request": {}}, deps)
    assert issued["status"] == "issued" and issued["number"].endswith("-000001") and issued["due_on"]
    assert count(databases, "order_invoice_issued") == 1
    error = refused(databases, MANAGER, order_invoices.issue_invoice, {"order": payable(1010001), "request": {}}, deps)
    assert (type(error), error.error_code) == (errors.Conflict, "order_invoice_already_issued")

    # the statement: the invoice's payment, a loan repaid (no invoice), an outgoing payment
    file = statement(document("512", "180.00", "Оплата по счету № {} от 01.12.2026".format(issued["number"])),
                     document("77", "250.50", "Возврат займа"),
                     document("9", "1000.00", "Аренда", inn=SELLER_INN, recipient="7707083893"))
    first = run(databases, MANAGER, statements.import_statement, file, deps)
    assert (first["documents"], first["new_lines"], first["matched"], first["unmatched"], first["duplicates"]) == \
        (3, 2, 1, 1, 0)
    recorded = next(line for line in first["lines"] if line["status"] == "matched")
    assert recorded["invoice_number"] == issued["number"] and recorded["payment_id"]
    second = run(databases, MANAGER, statements.import_statement, file, deps)
    assert (second["new_lines"], second["matched"], second["duplicates"], second["lines"]) == (0, 0, 2, [])

    with databases.unit_of_work(MANAGER) as uow:
        paid = uow.session.execute(select(Payment).where(Payment.order_number == 1010001)).scalars().all()
        invoice = uow.session.get(OrderInvoice, asked["id"])
        assert [(p.method, p.amount, p.status) for p in paid] == [("bank_transfer", 18000, "credited")]
        assert (invoice.status, invoice.paid) == ("paid", 18000)
    succeeded = count(databases, "payment_succeeded")
    assert succeeded == 1

    unmatched = run(databases, MANAGER, statements.list_lines, {"status": "unmatched", "page": 1, "per_page": 20},
                    deps)
    assert [(line["doc_number"], line["reason"]) for line in unmatched["items"]] == [("77", "no_invoice_number")]


def test_a_part_payment_keeps_50_rub_to_pay_and_a_person_resolves_what_waits(billing):
    databases, deps = billing
    issued = issued_invoice(databases, deps, 1010002, total=100000)
    purpose = "Оплата по счету {}".format(issued["number"])
    result = run(databases, MANAGER, statements.import_statement, statement(
        document("1", "600.00", purpose),                       # 400 ₽ left: recorded
        document("2", "399.50", purpose),                       # would leave 0,50 ₽: waits
        document("3", "400.00", purpose, inn="7701234507"),     # someone else's INN: waits
    ), deps)
    reasons = sorted((line["doc_number"], line["status"], line["reason"]) for line in result["lines"])
    assert reasons == [("1", "matched", None), ("2", "unmatched", "remaining_too_small"),
                       ("3", "unmatched", "payer_inn_mismatch")]
    lines = {line["doc_number"]: line for line in result["lines"]}

    error = refused(databases, MANAGER, statements.assign_line,   # a person keeps the 50 ₽ rule too
                    {"line_id": lines["2"]["id"], "invoice_number": issued["number"]}, deps)
    assert (type(error), error.error_code) == (errors.ValidationFailed, "remaining_too_small")
    assigned = run(databases, MANAGER, statements.assign_line,
                   {"line_id": lines["3"]["id"], "invoice_number": issued["number"]}, deps)
    assert assigned["status"] == "matched" and assigned["resolved_by"] == MANAGER.user_id
    dismissed = run(databases, MANAGER, statements.dismiss_line,
                    {"line_id": lines["2"]["id"], "reason": "Переплата, вернуть плательщику"}, deps)
    assert dismissed["status"] == "dismissed"
    error = refused(databases, MANAGER, statements.dismiss_line, {"line_id": lines["2"]["id"], "reason": "again"},
                    deps)
    assert (type(error), error.error_code) == (errors.Conflict, "statement_line_resolved")

    view = run(databases, CLIENT, order_invoices.get_invoice, {"order": payable(1010002, 100000)}, deps)
    assert (view["status"], view["paid"], view["remaining"]) == ("paid", 100000, 0)

    # the action log: the import and the person's decisions, the assignment on the client's
    # account (its administrator sees it), the refused assignment nowhere
    with databases.engine.connect() as connection:
        logged = [p["data"] for p in connection.execute(select(OUTBOX.c.payload).where(
            OUTBOX.c.type == "action_recorded").order_by(OUTBOX.c.id)).scalars()]
    by_manager = [(e["action"], e["object_id"], e["account_id"]) for e in logged if e["actor_id"] == MANAGER.user_id]
    assert by_manager[-3:] == [("bank_statement.imported", result["id"], None),
                               ("statement_line.assigned", lines["3"]["id"], ACCOUNT),
                               ("statement_line.dismissed", lines["2"]["id"], None)]
    assert issued["number"] in logged[-2]["summary"] and "400,00" in logged[-2]["summary"]


def test_another_account_and_clients_see_nothing_of_it(billing):
    databases, deps = billing
    issued = issued_invoice(databases, deps, 1010003)
    for handler in (order_invoices.get_invoice, order_invoices.invoice_pdf):
        error = refused(databases, STRANGER, handler, {"invoice_id": issued["id"], "order": None}, deps)
        assert (type(error), error.error_code) == (errors.NotFound, "order_invoice_not_found")
    assert run(databases, CLIENT, order_invoices.invoice_pdf, {"invoice_id": issued["id"], "order": None},
               deps)["content_type"] == "application/pdf"
    mine = run(databases, STRANGER, order_invoices.list_invoices, {"page": 1, "per_page": 20}, deps)
    assert mine["total"] == 0
    # a user of the account without the finance or orders right, and staff of another kind: 404
    for caller in (Caller(user_id=str(uuid.uuid4()), account_id=ACCOUNT, roles=frozenset({"client"}),
                          rights=frozenset({"support"})),
                   Caller(user_id=str(uuid.uuid4()), roles=frozenset({"event_manager"}))):
        for data in ({"invoice_id": issued["id"], "order": None}, {"order": payable(1010003)}):
            error = refused(databases, caller, order_invoices.get_invoice, data, deps)
            assert error.error_code == "order_invoice_not_found"
    # a rental manager who does not handle the order reads it all the same: they reconcile the
    # bank's statements for every account (the lines that match nothing are theirs to assign)
    other_manager = Caller(user_id=str(uuid.uuid4()), roles=frozenset({"rental_manager"}))
    assert run(databases, other_manager, order_invoices.get_invoice,
               {"invoice_id": issued["id"], "order": None}, deps)["number"] == issued["number"]
    assert run(databases, other_manager, order_invoices.get_invoice,
               {"order": payable(1010003, staff_handles=False)}, deps)["number"] == issued["number"]
    listed = run(databases, other_manager, order_invoices.list_invoices,
                 {"scope": "all", "page": 1, "per_page": 20}, deps)
    assert issued["id"] in [i["id"] for i in listed["items"]]
    for handler, data in ((statements.import_statement, statement()),
                          (statements.list_lines, {"page": 1, "per_page": 20}),
                          (order_invoices.list_invoices, {"scope": "all", "page": 1, "per_page": 20})):
        assert isinstance(refused(databases, CLIENT, handler, data, deps), errors.Forbidden)


def test_concurrent_issuers_get_every_number_of_the_year_once_without_gaps(billing):
    databases, deps = billing
    payer = run(databases, CLIENT, payers.create_payer, dict(COMPANY), deps)
    orders = list(range(1020001, 1020011))
    for number in orders:
        run(databases, CLIENT, order_invoices.request_invoice,
            {"order": payable(number), "request": {"payer_id": payer["id"]}}, deps)
    numbers, failures, start = [], [], threading.Barrier(len(orders))

    def issue(number):
        try:
            start.wait(10)
            numbers.append(run(databases, MANAGER, order_invoices.issue_invoice,
                               {"order": payable(number), "request": {}}, deps)["number"])
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=issue, args=(n,)) for n in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    year = numbers[0][:4]
    assert sorted(numbers) == ["{}-{:06d}".format(year, i) for i in range(1, len(orders) + 1)]
    with databases.unit_of_work(MANAGER) as uow:  # each number on its order's invoice
        assert sorted(uow.session.execute(select(OrderInvoice.number)).scalars()) == sorted(numbers)


def test_a_file_that_is_not_a_statement_stores_nothing(billing):
    databases, deps = billing
    error = refused(databases, MANAGER, statements.import_statement,
                    {"filename": "x.txt", "data": base64.b64encode(b"not a statement").decode()}, deps)
    assert (type(error), error.error_code, list(error.errors)) == (errors.ValidationFailed, "statement_invalid", ["file"])
    with databases.unit_of_work(MANAGER) as uow:
        assert uow.session.execute(select(func.count()).select_from(StatementLine)).scalar() == 0


def test_money_a_manager_records_pays_the_invoice_too_and_a_cancelled_order_cancels_it(billing):
    databases, deps = billing
    issued = issued_invoice(databases, deps, 1030001, total=100000)
    run(databases, MANAGER, payments.record_manager_payment,
        {"order": payable(1030001, 100000), "request": {"amount": 40000, "currency": "RUB"}}, deps)
    view = run(databases, CLIENT, order_invoices.get_invoice, {"invoice_id": issued["id"], "order": None}, deps)
    assert (view["status"], view["paid"], view["remaining"]) == ("partially_paid", 40000, 60000)

    cancelled = {"event_id": str(uuid.uuid4()), "type": "order_cancelled", "occurred_at": "2026-12-02T10:00:00+00:00",
                 "producer": "orders", "correlation_id": None,
                 "data": {"order_number": 1030001, "account_id": ACCOUNT, "applicant_id": CLIENT.user_id,
                          "paid": 40000, "refund_required": True, "currency": "RUB"}}
    run(databases, MANAGER, refunds.cancel_order, cancelled, deps)
    view = run(databases, CLIENT, order_invoices.get_invoice, {"invoice_id": issued["id"], "order": None}, deps)
    assert view["status"] == "cancelled"
    late = run(databases, MANAGER, statements.import_statement, statement(
        document("5", "600.00", "Оплата по счету {}".format(issued["number"]))), deps)
    assert [(line["status"], line["reason"]) for line in late["lines"]] == [("unmatched", "invoice_cancelled")]


def test_the_same_statement_imported_twice_at_once_records_its_payment_once(billing):
    databases, deps = billing
    issued = issued_invoice(databases, deps, 1040001)
    file = statement(document("700", "180.00", "Оплата по счету {}".format(issued["number"])),
                     document("701", "10.00", "Членский взнос"))
    results, failures, start = [], [], threading.Barrier(2)

    def import_once():
        try:
            start.wait(10)
            results.append(run(databases, MANAGER, statements.import_statement, file, deps))
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert sorted((r["new_lines"], r["matched"], r["duplicates"]) for r in results) == [(0, 0, 2), (2, 1, 0)]
    with databases.unit_of_work(MANAGER) as uow:
        paid = uow.session.execute(select(Payment).where(Payment.order_number == 1040001)).scalars().all()
        assert [(p.method, p.amount) for p in paid] == [("bank_transfer", 18000)]
        assert uow.session.execute(select(func.count()).select_from(StatementLine)).scalar() == 2
