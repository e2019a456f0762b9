"""Shared pieces of the support stories: the agents of manual 004's departments, a customer
organisation of manual 003 («Компания №1») with its people, objects and contract.

Test modules import the fixtures they use: ``from tests.integration.support_fixtures import agents``.
"""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from kit.testing.wait import wait_for


@pytest.fixture(scope="session")
def agents(make_user):
    """Support agents of the departments (Ирина answers technical questions, Олег accounting)."""
    return SimpleNamespace(tech=make_user(roles=["support_agent"], first_name="Ирина"),
                           accounting=make_user(roles=["support_agent"], first_name="Олег"))


def member_of(client, organisation_id: str) -> None:
    """Wait until support knows ``client`` belongs to the organisation (identity's event)."""
    wait_for(lambda: organisation_id in {o["id"] for o in client.ok("GET", "/support/organisations")["items"]},
             timeout=15, message="support never learned the membership")


def organisation(admin, make_user, name: str) -> SimpleNamespace:
    """A customer organisation (an identity company) with two of its people, members in support."""
    company = admin.ok("POST", "/companies", 201, json={"name": name})
    manager = make_user(first_name="Анна", company_ids=[company["id"]])
    colleague = make_user(first_name="Борис", company_ids=[company["id"]])
    for person in (manager, colleague):
        member_of(person, company["id"])
    return SimpleNamespace(id=company["id"], name=company["name"], manager=manager, colleague=colleague)


@pytest.fixture(scope="session")
def company1(admin, make_user):
    """«Компания №1» of manual 003 with an object (a boiler room and its boiler) and a contract."""
    org = organisation(admin, make_user, "Компания №1 " + uuid.uuid4().hex[:6])
    base = "/support/organisations/{}".format(org.id)
    org.boiler = admin.ok("POST", base + "/objects", 201, json={"name": "Котельная, котел Buderus 40 кВт",
                                                               "address": "Пермь, ул. Ленина, 1"})
    org.lift = admin.ok("POST", base + "/objects", 201, json={"name": "Лифт пассажирский №2"})
    org.contract = admin.ok("POST", base + "/contracts", 201, json={
        "number": "ТО-2026/15", "name": "Техническое обслуживание котельной", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "object_ids": [org.boiler["id"]]})
    return org


@pytest.fixture(scope="session")
def desk(admin, agents):
    """Manual 004's departments with their agents and manual 003's lists. Техническая
    поддержка asks HubEx's fields; Бухгалтерия takes manual 004's short form."""
    tag = uuid.uuid4().hex[:6]
    desk = SimpleNamespace(tag=tag)
    desk.tech = admin.ok("POST", "/support/departments", 201, json={
        "name": "Техническая поддержка " + tag, "agent_ids": [agents.tech.user["id"]],
        "required_fields": ["type_id", "criticality_id", "organisation_id", "object_id"]})
    desk.accounting = admin.ok("POST", "/support/departments", 201, json={
        "name": "Бухгалтерия " + tag, "agent_ids": [agents.accounting.user["id"]]})
    desk.repair = admin.ok("POST", "/support/ticket-types", 201, json={"name": "Заявка на ремонт " + tag})
    desk.warranty = admin.ok("POST", "/support/ticket-types", 201, json={"name": "Гарантийный ремонт " + tag})
    desk.urgent = admin.ok("POST", "/support/criticalities", 201, json={
        "name": "Срочная " + tag, "first_reply_minutes": 30, "resolution_minutes": 240})
    desk.usual = admin.ok("POST", "/support/criticalities", 201, json={
        "name": "Несрочная " + tag, "first_reply_minutes": 240, "resolution_minutes": 2880})
    desk.repairs = admin.ok("POST", "/support/work-types", 201, json={"name": "Ремонт " + tag})
    desk.diagnostics = admin.ok("POST", "/support/work-types", 201, json={"name": "Диагностика " + tag})
    return desk


def full_form(desk, org, **extra) -> dict:
    """HubEx's full form (manual 003 «Создание заявки») for «Компания №1»'s boiler."""
    return {"department_id": desk.tech["id"], "subject": "Не греет котел", "type_id": desk.repair["id"],
            "criticality_id": desk.urgent["id"], "description": "Котел уходит в ошибку EA, в помещении +12",
            "organisation_id": org.id, "object_id": org.boiler["id"], "work_type_id": desk.diagnostics["id"],
            "contract_id": org.contract["id"], **extra}
