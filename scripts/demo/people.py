"""The people of the manuals (000–004), created through the public API if absent.

Марина Спиридонова, Алексей Трошков, Мария Семенова, Иван Столповский, Анастасия Иванова,
Лера Петрова, Джил Фейри and Аня Банана; the staff names are invented (the manuals name only
Марина as responsible). Running it twice changes nothing.
"""
from __future__ import annotations

from scripts.demo.api import DEMO_PASSWORD, Api

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
# the people the catalog, the orders and billing's demo name
MARINA, MARIA, LERA = "marina@demo.platform.local", "maria@demo.platform.local", "lera@demo.platform.local"
ALEXEY, EXECUTOR, IVAN = "alexey@demo.platform.local", "executor@demo.platform.local", "ivan@demo.platform.local"
ANASTASIA = "anastasia@demo.platform.local"


def _group_ids(admin: Api, plural: str, names: list[str]) -> dict[str, str]:
    ids = {}
    for name in names:
        found = [g for g in admin.call("GET", "/" + plural, params={"q": name})["items"] if g["name"] == name]
        ids[name] = found[0]["id"] if found else admin.call("POST", "/" + plural, json={"name": name})["id"]
    return ids


def load(base_url: str, admin: Api) -> dict[str, str]:
    """Create the demo people and groups if absent; returns {e-mail: user id}."""
    companies = _group_ids(admin, "companies", COMPANIES)
    communities = _group_ids(admin, "communities", COMMUNITIES)
    # by e-mail, the one thing of a person that identifies them: names may have changed since
    known = {u.get("email"): u["id"] for u in admin.every("/users")}
    users = {}
    for first, last, email, phone, roles, in_companies, in_communities in PEOPLE:
        if email in known:
            users[email] = known[email]
            continue
        payload = {"email": email, "first_name": first, "last_name": last, "roles": roles,
                   "password": DEMO_PASSWORD, "company_ids": [companies[c] for c in in_companies],
                   "community_ids": [communities[c] for c in in_communities]}
        if phone:
            payload["phone"] = phone
        created = admin.call("POST", "/users", json=payload, ok=(201, 409))
        if created.get("code") == "already_registered":  # there, but not active (disabled): leave them be
            print("Demo person {} exists but is not active; left as they are.".format(email))
            continue
        users[email] = created["id"]
    # Manual 004: Джил Фейри gives her accountant Аня Банана the finance right.
    jill = Api(base_url).login("j-fairy@test.com", DEMO_PASSWORD)
    members = jill.call("GET", "/account/users")["items"]
    if not any(m.get("email") == "anya@demo.platform.local" for m in members):
        jill.call("POST", "/account/users", json={"email": "anya@demo.platform.local", "first_name": "Аня",
                                                  "last_name": "Банана", "rights": ["finance"]})
    return users
