"""Support's demo data (manuals 003 and 004): the departments Техническая поддержка (HubEx's
full form), Бухгалтерия and Отдел продаж (manual 004's short form), answered by Светлана;
manual 003's ticket types, criticalities with their SLA and work types; «Компания №1»'s
objects and its service contract; and a few tickets with chats and one accepted act. Running
it twice changes nothing (lookups by name, and Idempotency-Keys that the support service
keeps per author)."""
from __future__ import annotations

import time

from scripts.demo.api import Api, Sessions
from scripts.demo.people import LERA, MARIA, MARINA

AGENT = "support@demo.platform.local"
COMPANY = "Компания №1"
#: name → HubEx fields its tickets must have
DEPARTMENTS = {"Техническая поддержка": ["type_id", "criticality_id", "organisation_id", "object_id"],
               "Бухгалтерия": [], "Отдел продаж": []}
TICKET_TYPES = ["Заявка на ремонт", "Гарантийный ремонт", "Задача"]
#: name → (minutes to the first reply, to the resolution, default)
CRITICALITIES = {"Срочная": (60, 240, False), "Несрочная": (480, 2880, True)}
WORK_TYPES = ["Ремонт", "Монтаж", "Диагностика"]
OBJECTS = [("Котельная, котел Buderus 40 кВт", "г. Москва, ул. Ленина, д. 1"),
           ("Лифт пассажирский №2", "г. Москва, ул. Ленина, д. 1")]
CONTRACT = {"number": "ТО-2026/15", "name": "Техническое обслуживание инженерных систем", "starts_on": "2026-01-01",
            "ends_on": "2026-12-31"}
ACT_WORKS = [{"name": "Диагностика котла", "quantity": "1", "unit": "усл.", "price": 250000},
             {"name": "Замена датчика тяги", "quantity": "1", "unit": "шт", "price": 180000},
             {"name": "Работа мастера", "quantity": "1.5", "unit": "ч", "price": 60000}]


def _by_name(api: Api, path: str) -> dict:
    return {e["name"]: e for e in api.call("GET", path, params={"include_inactive": "true"})["items"]}


def _ensure(api: Api, path: str, wanted: dict) -> dict:
    """{name: entry} with every ``wanted`` name ({name: payload}) created if absent."""
    found = _by_name(api, path)
    for name, payload in wanted.items():
        if name not in found:
            found[name] = api.call("POST", path, json=dict(payload, name=name))
    return found


def _member(person: Api, organisation_id: str, timeout: float = 30.0) -> None:
    """Wait until support knows the person's company (identity's event arrives by itself)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if organisation_id in {o["id"] for o in person.call("GET", "/support/organisations")["items"]}:
            return
        time.sleep(0.2)
    raise RuntimeError("support did not learn the membership of {} in time".format(organisation_id))


def load(base_url: str, admin: Api, users: dict[str, str]) -> None:
    people = Sessions(base_url)
    departments = _ensure(admin, "/support/departments", {
        name: {"position": i, "agent_ids": [users[AGENT]], "required_fields": fields}
        for i, (name, fields) in enumerate(DEPARTMENTS.items())})
    types = _ensure(admin, "/support/ticket-types", {name: {"position": i} for i, name in enumerate(TICKET_TYPES)})
    criticalities = _ensure(admin, "/support/criticalities", {
        name: {"position": i, "first_reply_minutes": first, "resolution_minutes": resolution, "is_default": default}
        for i, (name, (first, resolution, default)) in enumerate(CRITICALITIES.items())})
    works = _ensure(admin, "/support/work-types", {name: {"position": i} for i, name in enumerate(WORK_TYPES)})

    company = next(g for g in admin.call("GET", "/companies", params={"q": COMPANY})["items"] if g["name"] == COMPANY)
    base = "/support/organisations/{}".format(company["id"])
    objects = {o["name"]: o for o in admin.call("GET", base + "/objects", params={"include_inactive": "true"})["items"]}
    for name, address in OBJECTS:
        if name not in objects:
            objects[name] = admin.call("POST", base + "/objects", json={"name": name, "address": address})
    contracts = {c["number"]: c for c in admin.call("GET", base + "/contracts")["items"]}
    if CONTRACT["number"] not in contracts:
        contracts[CONTRACT["number"]] = admin.call("POST", base + "/contracts", json=dict(
            CONTRACT, object_ids=[o["id"] for o in objects.values()]))

    maria, marina, lera, agent = people[MARIA], people[MARINA], people[LERA], people[AGENT]
    _member(maria, company["id"])

    def ticket(person: Api, key: str, payload: dict) -> dict:
        return person.call("POST", "/support/tickets", json=payload, headers={"Idempotency-Key": "demo-" + key})

    def say(person: Api, number: int, key: str, text: str) -> None:
        person.call("POST", "/support/tickets/{}/messages".format(number), json={"text": text},
                    headers={"Idempotency-Key": "demo-" + key}, ok=(201, 409))

    boiler = ticket(maria, "support-boiler", {
        "department_id": departments["Техническая поддержка"]["id"], "subject": "Не греет котел в котельной",
        "type_id": types["Заявка на ремонт"]["id"], "criticality_id": criticalities["Срочная"]["id"],
        "description": "Котел уходит в ошибку EA, в помещениях +14. Нужна диагностика и ремонт.",
        "organisation_id": company["id"], "object_id": objects[OBJECTS[0][0]]["id"],
        "work_type_id": works["Ремонт"]["id"], "contract_id": contracts[CONTRACT["number"]]["id"]})
    say(agent, boiler["number"], "support-boiler-1", "Здравствуйте! Мастер выедет сегодня до 15:00.")
    say(maria, boiler["number"], "support-boiler-2", "Спасибо, ждем. Доступ в котельную через охрану.")
    act_path = "/support/tickets/{}/act".format(boiler["number"])
    act = agent.call("GET", act_path, ok=(200, 404))
    if act.get("code") == "act_not_found":
        agent.call("POST", act_path, json={"works": ACT_WORKS})
        say(agent, boiler["number"], "support-boiler-3", "Работы выполнены, акт во вкладке «Акт». Проверьте, пожалуйста.")
        agent.call("PATCH", "/support/tickets/{}".format(boiler["number"]), json={"status": "resolved"})
        maria.call("POST", act_path + "/accept")

    lift = ticket(maria, "support-lift", {
        "department_id": departments["Техническая поддержка"]["id"], "subject": "Лифт останавливается между этажами",
        "type_id": types["Гарантийный ремонт"]["id"], "criticality_id": criticalities["Несрочная"]["id"],
        "description": "Лифт №2 дважды за неделю останавливался между 3 и 4 этажами.",
        "organisation_id": company["id"], "object_id": objects[OBJECTS[1][0]]["id"],
        "work_type_id": works["Диагностика"]["id"], "contract_id": contracts[CONTRACT["number"]]["id"]})
    say(agent, lift["number"], "support-lift-1", "Приняли, согласуем визит с подрядчиком лифтов.")

    ticket(marina, "support-reconciliation", {
        "department_id": departments["Бухгалтерия"]["id"], "subject": "Акт сверки за октябрь",
        "message": "Пришлите, пожалуйста, акт сверки взаиморасчетов за октябрь."})
    ticket(lera, "support-sales", {
        "department_id": departments["Отдел продаж"]["id"], "subject": "Аренда переговорной",
        "message": "Можно ли арендовать переговорную на полдня по пятницам?", "service_id": "meeting-room"})
