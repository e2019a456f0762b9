"""Billing's demo data (manual 004): payers with checked requisites for Марина and Иван
Столповский, a 3 000 ₽ top-up of Марина's personal account paid at the sandbox provider
(its confirmation page, as a payer would), and the recurring products of both worlds — the
coworking operator's and the cloud's. Running it twice changes nothing."""
from __future__ import annotations

import requests

from kit import config
from scripts.demo.api import Api, Sessions
from scripts.demo.people import IVAN, MARINA
from services.billing.dependencies import SETTINGS as BILLING_SETTINGS

# Manual 004's payer forms; requisites are real published ones (their check digits hold).
PAYERS = {
    MARINA: [
        {"kind": "company", "name": "Компания №1", "contact_person": "Иван", "phone": "+7 (999) 111-22-33",
         "fax": "+7 (999) 444-55-66", "email": "client@example.com", "documents_delivery": ["cabinet", "post", "email"],
         "legal_address": {"country": "RU", "postcode": "140140", "city": "Москва", "address": "г. Москва, ул. Ленина, д. 1"},
         "actual_same_as_legal": True, "inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195",
         "bank_name": "ПАО Сбербанк", "bik": "044525225", "settlement_account": "40702810938000000001",
         "correspondent_account": "30101810400000000225", "director_name": "Иванов Иван Иванович",
         "director_position": "Генеральный директор", "director_name_genitive": "Иванова Ивана Ивановича",
         "director_position_genitive": "Генерального директора", "director_name_dative": "Иванову Ивану Ивановичу",
         "director_position_dative": "Генеральному директору", "acting_on_basis": "Устава"},
        {"kind": "individual", "contact_person": "Иван", "phone": "+7 (999) 111-22-33", "email": "client@example.com",
         "actual_address": {"country": "RU", "postcode": "100000", "city": "Москва", "address": "ул. Ленина, д. 1"},
         "passport": {"series_number": "1111 111111", "issued_at": "2000-12-01", "issued_by": "УФМС г. Москва",
                      "birth_date": "1999-03-03", "registration_city": "Москва",
                      "registration_address": "г. Москва, ул. Ленина, д. 1"}},
    ],
    IVAN: [
        {"kind": "company", "name": "ООО «Тестовый плательщик»", "contact_person": "Иван Столповский",
         "inn": "7736050003", "kpp": "772801001", "ogrn": "1027700070518", "bank_name": "АО «Альфа-Банк»",
         "bik": "044525593", "settlement_account": "40702810800000012345",
         "correspondent_account": "30101810200000000593", "acting_on_basis": "Устава"},
    ],
}


# Recurring products (B11): the coworking operator's (manuals 000–003) and the cloud's (manual
# 004: «DC16 на новый ДЦ» 495 ₽ a month with its traffic and addresses); kopecks, VAT included.
PRODUCTS = [
    {"code": "resident", "name": "Резидент + 1-3 мес", "type": "coworking_resident",
     "prices": {"1": 1500000, "3": 4200000}},
    {"code": "virtual-office", "name": "Виртуальный офис", "type": "virtual_office",
     "prices": {"1": 500000, "6": 2700000, "12": 5000000}},
    {"code": "parking", "name": "Парковочное место", "type": "parking", "prices": {"1": 800000, "3": 2200000}},
    {"code": "vps-dc16", "name": "DC16 на новый ДЦ", "type": "vps", "prices": {"1": 49500, "12": 500000},
     "options": [{"code": "traffic", "name": "Трафик, 5120 ГиБ", "price": 11000, "max": 10},
                 {"code": "ipv4", "name": "Публичные IPv4-адреса", "price": 15000, "max": 3},
                 {"code": "power", "name": "Потребление электроэнергии", "price": 5500, "max": None}]},
    {"code": "hosting", "name": "Хостинг", "type": "hosting", "prices": {"1": 19900, "12": 199000}},
    {"code": "domain-ru", "name": "Домен .ru", "type": "domain", "prices": {"12": 59900}},
    {"code": "ssl", "name": "SSL-сертификат", "type": "ssl", "prices": {"12": 290000}},
]


def load(base_url: str, admin: Api | None = None) -> None:
    """Payers of manual 004, a top-up paid at the sandbox provider and the products, if absent."""
    if admin is not None:
        known = {p["code"] for p in admin.every("/billing/products", include_inactive="true")}
        for product in PRODUCTS:
            if product["code"] not in known:
                admin.call("POST", "/billing/products", json=product)
    people = Sessions(base_url)
    for email, payers in PAYERS.items():
        person = people[email]
        names = {p["display_name"] for p in person.call("GET", "/billing/payers", params={"per_page": 100})["items"]}
        for payer in payers:
            if (payer.get("name") or payer["contact_person"]) not in names:
                person.call("POST", "/billing/payers", json=payer)
    marina = people[MARINA]
    if marina.call("GET", "/billing/payments", params={"purpose": "top_up", "status": "credited"})["total"]:
        return
    company = [p for p in marina.call("GET", "/billing/payers")["items"] if p["name"] == "Компания №1"][0]
    payment = marina.call("POST", "/billing/top-ups", json={"amount": 300000, "payer_id": company["id"]})
    response = requests.post(payment["confirmation_url"], json={"outcome": "succeeded"}, timeout=30)
    if response.status_code != 200:
        raise RuntimeError("the sandbox provider refused the demo top-up: {}".format(response.text[:300]))


# --- paying an order by bank transfer: the invoice and the bank's statement to import -----------

#: where ``python -m scripts.demo`` writes the statement, under VAR_DIR
STATEMENT_FILE = "demo/kl_to_1c.txt"
#: the demo bank's payment order for Марина's company (its requisites above)
PAYMENT_ORDER_NUMBER = "417"


def seller() -> dict:
    """The operator as billing prints it on invoices (``BILLING_SELLER_*``, billing's defaults)."""
    return {name: config.get("BILLING_SELLER_" + name.upper(), BILLING_SETTINGS["BILLING_SELLER_" + name.upper()])
            for name in ("inn", "name", "account")}


def statement_text(invoice: dict, seller: dict, payer: dict) -> str:
    """The bank's statement in the 1C exchange format (``1CClientBankExchange``, as a
    bank-client program exports it) with one incoming payment order that pays ``invoice``
    in full: the payer's INN is the invoice payer's, the purpose names the invoice's number,
    the recipient is the operator (``seller``: inn, name, account), dated the invoice's issue day."""
    day = "{2}.{1}.{0}".format(*invoice["issued_on"].split("-"))
    amount = "{}.{:02d}".format(invoice["amount"] // 100, invoice["amount"] % 100)
    vat = "{}.{:02d}".format(invoice["vat"] // 100, invoice["vat"] % 100)
    lines = [
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия предприятия",
        "Получатель=", "ДатаСоздания={}".format(day), "ВремяСоздания=10:00:00", "ДатаНачала={}".format(day),
        "ДатаКонца={}".format(day), "РасчСчет={}".format(seller["account"]), "Документ=Платежное поручение",
        "СекцияРасчСчет", "ДатаНачала={}".format(day), "ДатаКонца={}".format(day),
        "РасчСчет={}".format(seller["account"]),
        "НачальныйОстаток=0.00", "ВсегоПоступило={}".format(amount), "ВсегоСписано=0.00",
        "КонечныйОстаток={}".format(amount), "КонецРасчСчет",
        "СекцияДокумент=Платежное поручение", "Номер={}".format(PAYMENT_ORDER_NUMBER), "Дата={}".format(day),
        "Сумма={}".format(amount), "ПлательщикСчет={}".format(payer["settlement_account"]),
        "ДатаСписано={}".format(day), "Плательщик=ИНН {} {}".format(invoice["payer_inn"], invoice["payer_name"]),
        "ПлательщикИНН={}".format(invoice["payer_inn"]), "ПлательщикКПП={}".format(payer.get("kpp") or ""),
        "Плательщик1={}".format(invoice["payer_name"]), "ПлательщикБанк1={}".format(payer["bank_name"]),
        "ПлательщикБИК={}".format(payer["bik"]), "ПлательщикКорсчет={}".format(payer["correspondent_account"]),
        "ПолучательСчет={}".format(seller["account"]), "ДатаПоступило={}".format(day),
        "ПолучательИНН={}".format(seller["inn"]), "Получатель1={}".format(seller["name"]), "ВидОплаты=01",
        "Очередность=5",
        "НазначениеПлатежа=Оплата по счету № {} от {} за {}. В т.ч. НДС 20 % - {} руб.".format(
            invoice["number"], day, invoice["service_name"] or "услуги", vat),
        "КонецДокумента", "КонецФайла", ""]
    return "\r\n".join(lines)


def bank_transfer(base_url: str, admin: Api, coffee_service_id: str) -> dict | None:
    """Марина pays her coffee order (manual 000's 180 ₽ order) by bank transfer: she asks for
    an invoice made out to «Компания №1» and the administrator issues it — once: an invoice
    the order has already is kept, whatever became of it. Returns the invoice, or None when
    there is no such order or it no longer takes an invoice (another story paid or closed it)."""
    orders = admin.call("GET", "/orders", params={"scope": "managed", "service_id": coffee_service_id,
                                                  "per_page": 1})["items"]
    if not orders:
        return None
    number = orders[0]["number"]
    found = admin.call("GET", "/billing/order-invoices", params={"scope": "all", "order_number": number})["items"]
    if not found:
        marina = Sessions(base_url)[MARINA]
        company = [p for p in marina.call("GET", "/billing/payers")["items"] if p["name"] == "Компания №1"][0]
        answer = marina.session.post("{}/orders/{}/invoice".format(marina.base, number),
                                     json={"payer_id": company["id"]}, timeout=30)
        if answer.status_code in (409, 422):  # not new any more, or partly paid: no invoice to show
            return None
        if answer.status_code not in (200, 201):
            raise RuntimeError("asking for the demo invoice: {} {}".format(answer.status_code, answer.text[:300]))
        found = [answer.json()]
    invoice = found[0]
    if invoice["status"] == "awaiting_issue":
        invoice = admin.call("POST", "/orders/{}/invoice/issue".format(number), json={})
    return invoice if invoice["number"] else None
