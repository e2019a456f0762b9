"""Billing's demo data (manual 004): payers with checked requisites for Марина and Иван
Столповский, a 3 000 ₽ top-up of Марина's personal account paid at the sandbox provider
(its confirmation page, as a payer would), and the recurring products of both worlds — the
coworking operator's and the cloud's. Running it twice changes nothing."""
from __future__ import annotations

import requests

from scripts.demo.api import Api, Sessions
from scripts.demo.people import IVAN, MARINA

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
