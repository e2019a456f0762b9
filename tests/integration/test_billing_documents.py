"""Manual 004, «Бухгалтерские документы» (B10), on the movable clock: a company pays for the
first time from its payer → its contract is formed («Договор формируется … только после
оплаты услуги») and prints with the payer's requisites; it buys a service partly on credit;
on the 1st the month's completion act and the credit invoice are issued — each prints with
the payer's INN/KPP, the total, the VAT and the amount in words in Russian, the font embedded;
the reconciliation act of the payer's month runs from the opening balance through each
payment and charge to the closing one. Another account's documents are 404, bad input 422,
and printing changes nothing."""
from __future__ import annotations

import subprocess
import uuid
from datetime import date, timedelta
from urllib.parse import quote

from kit.testing.wait import wait_for
from tests.integration.billing_support import ZONE, Clock, confirm_at_sandbox, next_month
from tests.integration.client import assert_problem

COMPANY = {
    "kind": "company", "name": "ООО «Ромашка»", "contact_person": "Иван", "email": "buh@example.com",
    "legal_address": {"country": "RU", "postcode": "140140", "city": "Москва", "address": "ул. Ленина, д. 1"},
    "inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195",
    "director_name_genitive": "Иванова Ивана Ивановича", "director_position_genitive": "генерального директора",
    "acting_on_basis": "Устава",
}
REQUISITES = "ООО «Ромашка», ИНН 7707083893, КПП 773601001"
SELLER = "ООО «Астра Клауд», ИНН 7701234507, КПП 770101001"


def printed(client, path: str, tmp_path, **params) -> str:
    """The PDF at ``path`` as text (white space runs as one space), its font embedded."""
    response = client.get(path, params=params or None)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    file = tmp_path / "document.pdf"
    file.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(file)], capture_output=True, text=True, check=True).stdout
    assert "CID TrueType" in fonts and all(" yes " in line for line in fonts.splitlines()[2:]), fonts
    text = subprocess.run(["pdftotext", "-layout", str(file), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u00a0", " ").split())


def assert_holds(text: str, *expected: str) -> None:
    for item in expected:
        assert item in text, (item, text)


def test_the_accounting_documents_of_a_month_print_with_the_payers_requisites(
        admin, make_user, redis_client, test_run, tmp_path):
    client, stranger = make_user(), make_user()
    account = client.user["account_id"]
    assert client.ok("GET", "/billing/contracts") == {"items": [], "total": 0}   # nothing paid yet
    payer = client.ok("POST", "/billing/payers", 201, json=COMPANY)
    admin.ok("PUT", "/billing/accounts/{}/credit-limit".format(account), json={"credit_limit": 300000})

    # the first payment from the payer: 500 ₽ onto the personal account → the contract
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 50000, "payer_id": payer["id"]})
    confirm_at_sandbox(payment["confirmation_url"])
    (contract,) = wait_for(lambda: client.ok("GET", "/billing/contracts")["items"], timeout=20,
                           message="the contract formed by the first payment")
    assert contract["payer_id"] == payer["id"]
    text = printed(client, "/billing/contracts/{}/pdf".format(contract["id"]), tmp_path)
    assert_holds(text, "Договор № {}".format(contract["number"]), SELLER, REQUISITES,
                 "в лице генерального директора Иванова Ивана Ивановича, действующего на основании Устава",
                 "Цены включают НДС 20 %", "кредитный лимит 3 000,00 ₽ (Три тысячи рублей 00 копеек)")

    # a service for 1 000 ₽: 500 ₽ from the balance, 500 ₽ on credit
    product = admin.ok("POST", "/billing/products", 201, json={
        "code": "vps-" + uuid.uuid4().hex[:8], "name": "VPS «Старт»", "type": "vps", "prices": {"1": 100000}})
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": product["id"], "period_months": 1})
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={})
    (service,) = purchase["services"]   # not renewed: the month's documents stay as they are
    client.ok("PATCH", "/billing/subscriptions/" + service["id"], json={"auto_renew": False})
    clock = Clock(redis_client, test_run, purchase["created_at"])
    bought_on = clock.now.astimezone(ZONE).date()
    month = bought_on.replace(day=1)

    # the 1st: last month's completion act and the credit invoice
    clock.to_day(next_month(bought_on))
    act = wait_for(lambda: next((a for a in client.ok("GET", "/billing/acts")["items"]
                                 if a["period_start"] == month.isoformat()), None),
                   timeout=30, message="the month's completion act")
    assert (act["amount"], act["vat"], act["payer_id"]) == (100000, 16667, None)
    assert act["issued_on"] == (next_month(bought_on) - timedelta(days=1)).isoformat()
    assert client.ok("GET", "/billing/acts/" + act["id"]) == act
    text = printed(client, "/billing/acts/{}/pdf".format(act["id"]), tmp_path)
    disposition = client.get("/billing/acts/{}/pdf".format(act["id"])).headers["Content-Disposition"]
    assert disposition.startswith("inline;") and quote("Акт-{}.pdf".format(act["number"])) in disposition
    assert_holds(text, "Акт выполненных работ (оказанных услуг) № {}".format(act["number"]), SELLER, REQUISITES,
                 "Договор № {}".format(contract["number"]), "VPS «Старт»", bought_on.strftime("%d.%m.%Y"),
                 "Итого: 1 000,00", "В том числе НДС (20 %): 166,67", "Одна тысяча рублей 00 копеек")

    invoice = wait_for(lambda: next(iter(client.ok("GET", "/billing/invoices")["items"]), None), timeout=30,
                       message="the credit invoice")
    assert invoice["amount"] == 50000
    text = printed(client, "/billing/invoices/{}/pdf".format(invoice["id"]), tmp_path)
    assert_holds(text, "Счёт на оплату № {}".format(invoice["number"]), SELLER, REQUISITES,
                 "Итого: 500,00", "В том числе НДС (20 %): 83,33", "Пятьсот рублей 00 копеек",
                 "Оплатить до {}".format(date.fromisoformat(invoice["due_on"]).strftime("%d.%m.%Y")))

    # the reconciliation act of the payer's month: 0 → +500 paid → −1 000 charged → −500
    last = next_month(bought_on) - timedelta(days=1)
    period = {"payer_id": payer["id"], "from": month.isoformat(), "to": last.isoformat()}
    text = printed(client, "/billing/reconciliation", tmp_path, **period)
    assert_holds(text, "Акт сверки взаимных расчётов",
                 "за период с {} по {}".format(month.strftime("%d.%m.%Y"), last.strftime("%d.%m.%Y")), REQUISITES,
                 "Авансовый платеж №{} 500,00".format(payment["number"]), "1 000,00", "Обороты за период 1 000,00 500,00",
                 "Сальдо конечное на {} 500,00".format(last.strftime("%d.%m.%Y")),
                 "в том числе НДС 20 %: 166,67",
                 "сальдо в пользу поставщика: 500,00 ₽ (Пятьсот рублей 00 копеек)")

    # bad input → 422 and another account's documents → 404; printing changed nothing
    documents = lambda: [client.ok("GET", path) for path in (  # noqa: E731
        "/billing/account", "/billing/account/entries", "/billing/acts", "/billing/invoices", "/billing/contracts")]
    before = documents()
    assert_problem(client.get("/billing/reconciliation", params={"from": period["from"], "to": period["to"]}), 422)
    assert_problem(client.get("/billing/reconciliation", params=dict(period, to="2020-13-01")), 422)
    assert_problem(client.get("/billing/reconciliation", params=dict(period, to=period["from"], **{
        "from": last.isoformat()})), 422, "period_invalid")
    assert_problem(client.get("/billing/acts", params={"per_page": 1000}), 422)
    assert_problem(client.get("/billing/acts/not-an-id/pdf"), 404)
    for path in ("/billing/acts/{}".format(act["id"]), "/billing/acts/{}/pdf".format(act["id"]),
                 "/billing/invoices/{}/pdf".format(invoice["id"]), "/billing/contracts/{}/pdf".format(contract["id"])):
        assert_problem(stranger.get(path), 404)
    assert_problem(stranger.get("/billing/reconciliation", params=period), 404, "payer_not_found")
    assert stranger.ok("GET", "/billing/acts")["total"] == 0 and stranger.ok("GET", "/billing/contracts")["total"] == 0
    assert_problem(stranger.get("/billing/acts/{}/pdf".format(uuid.uuid4())), 404, "act_not_found")
    assert documents() == before
