"""`make run`'s demo data includes support's (manuals 003, 004) and loading it twice changes
nothing: the launcher's step itself (``python -m scripts.demo``), run twice."""
from __future__ import annotations

from scripts.demo.api import DEMO_PASSWORD
from tests.integration.client import Client


def test_demo_departments_tickets_and_an_accepted_act_load_once(system):
    for _ in range(2):
        system.load_demo()
    maria = Client(system.base_url).login("maria@demo.platform.local", DEMO_PASSWORD)
    names = [d["name"] for d in maria.ok("GET", "/support/departments")["items"]]
    assert [n for n in names if n in ("Техническая поддержка", "Бухгалтерия", "Отдел продаж")] == [
        "Техническая поддержка", "Бухгалтерия", "Отдел продаж"]
    assert {"Заявка на ремонт", "Гарантийный ремонт", "Задача"} <= {
        t["name"] for t in maria.ok("GET", "/support/ticket-types")["items"]}
    assert {"Ремонт", "Монтаж", "Диагностика"} <= {t["name"] for t in maria.ok("GET", "/support/work-types")["items"]}
    (company,) = [o for o in maria.ok("GET", "/support/organisations")["items"] if o["name"] == "Компания №1"]
    objects = maria.ok("GET", "/support/organisations/{}/objects".format(company["id"]))["items"]
    assert [o["name"] for o in objects] == ["Котельная, котел Buderus 40 кВт", "Лифт пассажирский №2"]

    everything = maria.ok("GET", "/support/tickets", params={"per_page": 100})["items"]
    subjects = [t["subject"] for t in everything]
    assert subjects.count("Лифт останавливается между этажами") == 1
    assert "Аренда переговорной" not in subjects   # Лера's short-form ticket has no organisation
    (boiler,) = [t for t in maria.ok("GET", "/support/tickets", params={"per_page": 100, "status": "resolved"})["items"]
                 if t["subject"] == "Не греет котел в котельной"]
    act = maria.ok("GET", "/support/tickets/{}/act".format(boiler["number"]))
    assert act["total"] == 520000 and act["accepted_by"]["name"] == "Мария Семенова"
    assert maria.ok("GET", "/support/tickets/{}/messages".format(boiler["number"]))["total"] == 4
    marina = Client(system.base_url).login("marina@demo.platform.local", DEMO_PASSWORD)
    assert "Акт сверки за октябрь" in [t["subject"] for t in marina.ok("GET", "/support/tickets")["items"]]
