"""Paying an order by invoice (безналичный расчет), told through the gateway with the real
orders, billing and notifications: a company orders with non-cash payment → the order awaits
its invoice («Новый. Ожидает выставления счета на оплату») → the manager issues it → the order
shows «Безналичный расчет. Счет выставлен» with the invoice to download (its PDF read back:
number, INN, total, VAT) → the bank's statement in the 1C exchange format is imported, twice →
the payment is recorded once → the order is confirmed; a line that pays no invoice waits as
unmatched until a person dismisses it. Another account sees none of it; bad input changes
nothing."""
from __future__ import annotations

import subprocess
import uuid

import pytest

from kit.testing.wait import wait_for
from services.billing.dependencies import SETTINGS
from tests.integration.client import assert_problem

SELLER_INN = SETTINGS["BILLING_SELLER_INN"]
COMPANY = {
    "kind": "company", "name": "ООО «Ромашка»", "contact_person": "Иван Петров", "inn": "7707083893",
    "kpp": "773601001", "ogrn": "1027700132195", "bank_name": "ПАО Сбербанк", "bik": "044525225",
    "settlement_account": "40702810938000000001", "correspondent_account": "30101810400000000225",
    "legal_address": {"country": "RU", "postcode": "117997", "city": "Москва", "address": "ул. Вавилова, д. 19"},
}
INDIVIDUAL = {"kind": "individual", "contact_person": "Аня Банана"}


def statement(*documents: tuple[str, str, str, str]) -> bytes:
    """A bank's statement as its client exports it for 1C (windows-1251): (number, amount,
    payer's INN, purpose) per incoming payment."""
    text = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Клиент-Банк",
            "ДатаНачала=01.12.2026", "ДатаКонца=31.12.2026", "РасчСчет=" + SETTINGS["BILLING_SELLER_ACCOUNT"],
            "СекцияРасчСчет", "ДатаНачала=01.12.2026", "НачальныйОстаток=0.00", "КонецРасчСчет"]
    for number, amount, inn, purpose in documents:
        text += ["СекцияДокумент=Платежное поручение", "Номер=" + number, "Дата=02.12.2026", "Сумма=" + amount,
                 "ПлательщикИНН=" + inn, "Плательщик1=ООО «Ромашка»", "ПлательщикСчет=40702810938000000001",
                 "ПолучательИНН=" + SELLER_INN, "ПолучательСчет=" + SETTINGS["BILLING_SELLER_ACCOUNT"],
                 "НазначениеПлатежа=" + purpose, "КонецДокумента"]
    return ("\r\n".join(text + ["КонецФайла"]) + "\r\n").encode("cp1251")


def upload(client, content: bytes):
    return client.post("/billing/bank-statements", files={"file": ("kl_to_1c.txt", content, "text/plain")})


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def order_when(client, number: int, predicate, message: str) -> dict:
    return wait_for(lambda: (lambda o: o if predicate(o) else None)(client.ok("GET", "/orders/{}".format(number))),
                    message=message)


@pytest.fixture(scope="module")
def shop(admin, staff):
    return admin.ok("POST", "/catalog/services", 201, json={
        "kind": "goods", "name": "Канцтовары " + uuid.uuid4().hex[:6], "manager_ids": [staff.manager.user["id"]],
        "settings": {"cancellable": True},
        "items": [{"id": "pen", "name": "Ручка шариковая", "price": 6000}]})


def test_a_company_pays_its_order_by_invoice_and_a_statement_imported_twice_confirms_it_once(
        make_user, staff, shop, tmp_path):
    client, manager, stranger = make_user(), staff.manager, make_user()
    payer = client.ok("POST", "/billing/payers", 201, json=COMPANY)
    order = client.ok("POST", "/orders", 201, json={"service_id": shop["id"], "payer_id": payer["id"],
                                                    "items": [{"item_id": "pen", "quantity": 3}]})
    number = order["number"]
    assert order["total"] == 18000 and "pay_by_invoice" in order["actions"]

    # the client chooses non-cash payment: the order awaits its invoice
    asked = client.ok("POST", "/orders/{}/invoice".format(number), 201, json={"payer_id": payer["id"]})
    assert (asked["status"], asked["number"], asked["amount"], asked["vat"], asked["payer_inn"]) == \
        ("awaiting_issue", None, 18000, 3000, "7707083893")
    waiting = order_when(client, number, lambda o: o["status"] == "new_awaiting_invoice", "the order awaits its invoice")
    assert waiting["status_label"] == "Новый. Ожидает выставления счета на оплату"
    assert "pay" not in waiting["actions"] and "pay_by_invoice" not in waiting["actions"]
    assert_problem(client.get("/orders/{}/invoice/pdf".format(number)), 409, "order_invoice_not_issued")

    # the manager finds it among the invoices to issue and issues it
    to_issue = manager.ok("GET", "/billing/order-invoices", params={"scope": "all", "status": "awaiting_issue",
                                                                     "order_number": number})
    assert [i["id"] for i in to_issue["items"]] == [asked["id"]]
    assert "issue_invoice" in order_when(manager, number, lambda o: "issue_invoice" in o["actions"],
                                         "the console offers to issue it")["actions"]
    issued = manager.ok("POST", "/orders/{}/invoice/issue".format(number), json={})
    invoice_number = issued["number"]
    assert issued["status"] == "issued" and len(invoice_number) == 11 and issued["due_on"] > issued["issued_on"]
    assert_problem(manager.post("/orders/{}/invoice/issue".format(number), json={}), 409,
                   "order_invoice_already_issued")

    # the order shows «Счет выставлен» with the invoice to download
    shown = order_when(client, number, lambda o: o["status"] == "invoice_issued", "the order shows the invoice")
    assert shown["status_label"] == "Безналичный расчет. Счет выставлен"
    assert shown["payment"]["invoice"]["number"] == invoice_number
    pdf = client.get(shown["payment"]["invoice"]["pdf_url"].replace("/api/v1", ""))
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content, tmp_path).split())
    for expected in (invoice_number, "7707083893", "773601001", SELLER_INN, "Ручка шариковая", "180,00",
                     "НДС", "30,00", "Сто восемьдесят рублей"):
        assert expected in text, expected
    notices = wait_for(lambda: [n for n in client.ok("GET", "/notifications")["items"]
                                if invoice_number in (n["title"] or "")] or None,
                       message="the client hears of the invoice")
    assert [n["title"] for n in notices] == ["Выставлен счет №{} на 180\u00a0₽".format(invoice_number)]

    # another account sees none of it
    assert_problem(stranger.get("/orders/{}/invoice".format(number)), 404, "order_not_found")
    assert_problem(stranger.get("/billing/order-invoices/{}".format(asked["id"])), 404, "order_invoice_not_found")
    assert_problem(stranger.get("/billing/order-invoices/{}/pdf".format(asked["id"])), 404, "order_invoice_not_found")
    assert stranger.ok("GET", "/billing/order-invoices")["total"] == 0

    # the bank's statement: the invoice's payment, and a payment that names no invoice of ours
    content = statement(("512", "180.00", "7707083893",
                         "Оплата по счету № {} от {} за канцтовары. В т.ч. НДС (20%) 30-00".format(
                             invoice_number, issued["issued_on"])),
                        ("513", "99.00", "7707083893", "Оплата по счету № 2026-999999"))
    first = upload(manager, content)
    assert first.status_code == 201, first.text
    first = first.json()
    assert (first["new_lines"], first["matched"], first["unmatched"], first["duplicates"]) == (2, 1, 1, 0)
    again = manager.ok("POST", "/billing/bank-statements", 201,
                       files={"file": ("kl_to_1c.txt", content, "text/plain")})
    assert (again["new_lines"], again["matched"], again["duplicates"]) == (0, 0, 2)

    # the payment is recorded once and the order is confirmed
    confirmed = order_when(client, number, lambda o: o["status"] == "confirmed", "the order is confirmed")
    assert (confirmed["payment"]["paid"], confirmed["payment"]["remaining"]) == (18000, 0)
    assert [(p["method"], p["amount"]) for p in confirmed["payment"]["payments"]] == [("bank_transfer", 18000)]
    payments = client.ok("GET", "/billing/payments", params={"order_number": number})["items"]
    assert [(p["method"], p["amount"], p["status"]) for p in payments] == [("bank_transfer", 18000, "credited")]
    paid = client.ok("GET", "/orders/{}/invoice".format(number))
    assert (paid["status"], paid["paid"], paid["remaining"]) == ("paid", 18000, 0)

    # the line that matched nothing waits for a person, who dismisses it
    waiting_lines = manager.ok("GET", "/billing/bank-statements/lines", params={"status": "unmatched",
                                                                               "per_page": 100})["items"]
    stray = next(line for line in waiting_lines if line["id"] == next(
        x["id"] for x in first["lines"] if x["status"] == "unmatched"))
    assert (stray["doc_number"], stray["amount"], stray["reason"]) == ("513", 9900, "invoice_not_found")
    assert_problem(manager.post("/billing/bank-statements/lines/{}/assign".format(stray["id"]),
                                json={"invoice_number": invoice_number}), 409, "invoice_paid")
    dismissed = manager.ok("POST", "/billing/bank-statements/lines/{}/dismiss".format(stray["id"]),
                           json={"reason": "Не наш счет: вернуть плательщику"})
    assert dismissed["status"] == "dismissed"


def test_bad_input_is_refused_and_changes_nothing(make_user, staff, shop):
    client, manager = make_user(), staff.manager
    person = client.ok("POST", "/billing/payers", 201, json=INDIVIDUAL)
    company = client.ok("POST", "/billing/payers", 201, json=COMPANY)
    order = client.ok("POST", "/orders", 201, json={"service_id": shop["id"], "items": [{"item_id": "pen",
                                                                                        "quantity": 1}]})
    path = "/orders/{}/invoice".format(order["number"])
    assert_problem(client.post(path, json={"payer_id": person["id"]}), 422, "payer_not_business")
    assert_problem(client.post(path, json={}), 422, "payer_required")
    assert_problem(client.post(path, json={"payer_id": "not-a-uuid"}), 422)
    assert_problem(client.post(path, json={"payer_id": str(uuid.uuid4())}), 422, "payer_not_found")
    assert_problem(client.post(path, json={"payer_id": company["id"], "extra": 1}), 422)
    assert_problem(client.get(path), 404, "order_invoice_not_found")      # nothing was made
    assert_problem(manager.post(path + "/issue", json={}), 404, "order_invoice_not_found")
    assert_problem(client.post(path + "/issue", json={}), 403)            # a client does not issue
    assert_problem(manager.post(path + "/issue", json={"due_days": 0}), 422)
    assert client.ok("GET", "/orders/{}".format(order["number"]))["status"] == "new"

    assert_problem(upload(manager, b"Hello, this is not a statement"), 422, "statement_invalid")
    assert_problem(upload(client, statement()), 403, "role_required")
    assert_problem(manager.post("/billing/bank-statements", data={}), 422)
    line_path = "/billing/bank-statements/lines/{}".format(uuid.uuid4())
    assert_problem(manager.post(line_path + "/assign", json={"invoice_number": "2026-1"}), 422)
    assert_problem(manager.post(line_path + "/assign", json={"invoice_number": "2026-000001"}), 404,
                   "statement_line_not_found")
    assert_problem(manager.post(line_path + "/dismiss", json={"reason": ""}), 422)
    assert_problem(client.get("/billing/bank-statements/lines"), 403, "role_required")
    assert_problem(client.get("/billing/order-invoices", params={"status": "lost"}), 422)
    assert_problem(client.get("/billing/order-invoices", params={"scope": "all"}), 403, "role_required")
