"""Demo data from the manuals, loaded through the public API (so it is what clients see).

People are those the manuals show (000–004): Марина Спиридонова, Алексей Трошков,
Мария Семенова, Иван Столповский, Анастасия Иванова, Лера Петрова, Джил Фейри and
Аня Банана; the staff names are invented (the manuals name only Марина as responsible).
Billing (manual 004): payers «Компания №1» and Иван for Марина, ООО «Тестовый плательщик»
for Иван Столповский, and a 3 000 ₽ top-up of Марина's personal account paid at the
sandbox provider. Running it twice changes nothing.
"""
from __future__ import annotations

import requests

DEMO_PASSWORD = "demo-password"
COMPANIES = ["Компания №1", "ООО «Тестовый плательщик»"]
COMMUNITIES = ["Резиденты коворкинга"]
PEOPLE = [
    # first, last, e-mail, phone, roles, companies, communities
    ("Марина", "Спиридонова", "marina@demo.platform.local", "+7 (900) 100-00-01",
     ["client", "rental_manager"], ["Компания №1"], ["Резиденты коворкинга"]),
    ("Алексей", "Трошков", "alexey@demo.platform.local", "+7 (342) 254-54-54", ["client"], [], ["Резиденты коворкинга"]),
    ("Мария", "Семенова", "maria@demo.platform.local", "+7 (965) 577-65-00", ["client"], ["Компания №1"], []),
    ("Иван", "Столповский", "ivan@demo.platform.local", "+7 (900) 100-00-04", ["client"], ["ООО «Тестовый плательщик»"], []),
    ("Анастасия", "Иванова", "anastasia@demo.platform.local", "+7 (900) 100-00-05", ["client"], [], ["Резиденты коворкинга"]),
    ("Лера", "Петрова", "lera@demo.platform.local", "+7 (900) 100-00-06", ["client"], ["Компания №1"], []),
    ("Джил", "Фейри", "j-fairy@test.com", None, ["client"], [], []),
    ("Павел", "Козлов", "executor@demo.platform.local", None, ["executor"], [], []),
    ("Ольга", "Новикова", "events@demo.platform.local", None, ["event_manager"], [], []),
    ("Светлана", "Орлова", "support@demo.platform.local", None, ["support_agent"], [], []),
]


class Api:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.session = requests.Session()

    def login(self, login: str, password: str) -> "Api":
        tokens = self.call("POST", "/auth/login", json={"login": login, "password": password})
        self.session.headers["Authorization"] = "Bearer " + tokens["access_token"]
        return self

    def call(self, method: str, path: str, ok=(200, 201, 202), **kwargs):
        response = self.session.request(method, self.base + path, timeout=30, **kwargs)
        if response.status_code not in ok:
            raise RuntimeError("{} {} -> {} {}".format(method, path, response.status_code, response.text[:500]))
        return response.json() if response.content else None


def _group_ids(admin: Api, plural: str, names: list[str]) -> dict[str, str]:
    ids = {}
    for name in names:
        found = [g for g in admin.call("GET", "/" + plural, params={"q": name})["items"] if g["name"] == name]
        ids[name] = found[0]["id"] if found else admin.call("POST", "/" + plural, json={"name": name})["id"]
    return ids


def load(base_url: str, admin_email: str, admin_password: str, today=None) -> dict:
    """Create the demo people and groups if absent; returns {e-mail: user id}.

    ``today`` (a date) places the demo's bookings; tests pass the system clock's date."""
    admin = Api(base_url).login(admin_email, admin_password)
    companies = _group_ids(admin, "companies", COMPANIES)
    communities = _group_ids(admin, "communities", COMMUNITIES)
    users = {}
    for first, last, email, phone, roles, in_companies, in_communities in PEOPLE:
        found = [u for u in admin.call("GET", "/users", params={"q": "{} {}".format(first, last), "per_page": 100})["items"]
                 if u.get("email") == email]
        if found:
            users[email] = found[0]["id"]
            continue
        payload = {"email": email, "first_name": first, "last_name": last, "roles": roles,
                   "password": DEMO_PASSWORD, "company_ids": [companies[c] for c in in_companies],
                   "community_ids": [communities[c] for c in in_communities]}
        if phone:
            payload["phone"] = phone
        users[email] = admin.call("POST", "/users", json=payload)["id"]
    # Manual 004: Джил Фейри gives her accountant Аня Банана the finance right.
    jill = Api(base_url).login("j-fairy@test.com", DEMO_PASSWORD)
    members = jill.call("GET", "/account/users")["items"]
    if not any(m.get("email") == "anya@demo.platform.local" for m in members):
        jill.call("POST", "/account/users", json={"email": "anya@demo.platform.local", "first_name": "Аня",
                                                  "last_name": "Банана", "rights": ["finance"]})
    load_billing(base_url)
    from scripts import demo_orders  # manual 000/001: the catalog and orders

    demo_orders.load(base_url, admin, users, today=today)
    return users


# Manual 004's payer forms; requisites are real published ones (their check digits hold).
PAYERS = {
    "marina@demo.platform.local": [
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
    "ivan@demo.platform.local": [
        {"kind": "company", "name": "ООО «Тестовый плательщик»", "contact_person": "Иван Столповский",
         "inn": "7736050003", "kpp": "772801001", "ogrn": "1027700070518", "bank_name": "АО «Альфа-Банк»",
         "bik": "044525593", "settlement_account": "40702810800000012345",
         "correspondent_account": "30101810200000000593", "acting_on_basis": "Устава"},
    ],
}


def load_billing(base_url: str) -> None:
    """Payers of manual 004 and a top-up paid at the sandbox provider, if absent."""
    for email, payers in PAYERS.items():
        person = Api(base_url).login(email, DEMO_PASSWORD)
        names = {p["display_name"] for p in person.call("GET", "/billing/payers", params={"per_page": 100})["items"]}
        for payer in payers:
            if (payer.get("name") or payer["contact_person"]) not in names:
                person.call("POST", "/billing/payers", json=payer)
    marina = Api(base_url).login("marina@demo.platform.local", DEMO_PASSWORD)
    if marina.call("GET", "/billing/payments", params={"purpose": "top_up", "status": "credited"})["total"]:
        return
    company = [p for p in marina.call("GET", "/billing/payers")["items"] if p["name"] == "Компания №1"][0]
    payment = marina.call("POST", "/billing/top-ups", json={"amount": 300000, "payer_id": company["id"]})
    response = requests.post(payment["confirmation_url"], json={"outcome": "succeeded"}, timeout=30)
    if response.status_code != 200:
        raise RuntimeError("the sandbox provider refused the demo top-up: {}".format(response.text[:300]))
