"""Manual 003 «Заявки – Все заявки» (S2): a customer sees every ticket of their company, a
colleague's too, newest first, with deadlines and statuses, and filters them; staff see the
tickets of their departments, admins all; a ticket is assigned to an agent."""
from __future__ import annotations

import uuid
from datetime import timedelta

from tests.integration.client import assert_problem
from tests.integration.orders_support import service_now
from tests.integration.support_fixtures import agents, company1, desk, full_form, organisation  # noqa: F401


def numbers(page) -> list[int]:
    return [t["number"] for t in page["items"]]


def test_the_customers_list_of_their_company_and_its_filters(system, admin, make_user, desk, company1,
                                                            redis_client, test_run):
    mine = company1.manager.ok("POST", "/support/tickets", 201, json=full_form(desk, company1, subject="Котел"))
    theirs = company1.colleague.ok("POST", "/support/tickets", 201, json=full_form(
        desk, company1, subject="Лифт", object_id=company1.lift["id"], contract_id=None))
    question = company1.manager.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "Счет", "message": "Где счет за ноябрь?"})

    listed = company1.manager.ok("GET", "/support/tickets", params={"per_page": 100})
    found = numbers(listed)
    assert found[:3] == [question["number"], theirs["number"], mine["number"]]  # newest first, a colleague's too
    row = listed["items"][1]
    assert row["deadline"] == theirs["deadline"] and row["status"] == "new" and row["overdue"] is False
    assert row["object"]["name"] == "Лифт пассажирский №2" and row["department"]["id"] == desk.tech["id"]

    def filtered(**params):
        return numbers(company1.manager.ok("GET", "/support/tickets", params={"per_page": 100, **params}))

    assert question["number"] not in filtered(department_id=desk.tech["id"])
    assert filtered(object_id=company1.lift["id"])[0] == theirs["number"]
    assert mine["number"] not in filtered(object_id=company1.lift["id"])
    assert filtered(status="new")[:3] == found[:3] and filtered(status="closed,resolved") == []
    later = (service_now(redis_client, test_run) + timedelta(days=30)).isoformat()  # other stories move the clock
    assert filtered(**{"from": later}) == []
    assert question["number"] in filtered(**{"from": mine["created_at"]})
    assert filtered(number=theirs["number"]) == [theirs["number"]]

    # another company's people see none of these
    other = organisation(admin, make_user, "Компания №6 " + uuid.uuid4().hex[:6])
    assert not set(numbers(other.manager.ok("GET", "/support/tickets", params={"per_page": 100}))) & set(found)
    assert_problem(company1.manager.get("/support/tickets", params={"from": "2026-01-01T00:00:00"}), 422)
    assert_problem(company1.manager.get("/support/tickets", params={"per_page": 1000}), 422)
    assert_problem(company1.manager.get("/support/tickets", params={"scope": "staff"}), 403, "staff_only")


def test_staff_see_their_departments_and_assign_an_agent(system, admin, make_user, agents, desk, company1, events):
    assigned = events("support", "ticket_assigned")
    boiler = company1.manager.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    invoice = company1.manager.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "Акт сверки", "message": "Пришлите акт сверки"})

    tech = numbers(agents.tech.ok("GET", "/support/tickets", params={"scope": "staff", "per_page": 100}))
    assert boiler["number"] in tech and invoice["number"] not in tech
    accounting = numbers(agents.accounting.ok("GET", "/support/tickets", params={"scope": "staff", "per_page": 100}))
    assert invoice["number"] in accounting and boiler["number"] not in accounting
    everything = numbers(admin.ok("GET", "/support/tickets", params={"scope": "staff", "per_page": 100}))
    assert {boiler["number"], invoice["number"]} <= set(everything)

    path = "/support/tickets/{}".format(boiler["number"])
    second_agent = make_user(roles=["support_agent"], first_name="Сергей")
    assert_problem(agents.tech.patch(path, json={"assignee_id": second_agent.user["id"]}), 422, "assignee_not_agent")
    admin.ok("PATCH", "/support/departments/" + desk.tech["id"], json={
        "agent_ids": [agents.tech.user["id"], second_agent.user["id"]]})
    updated = agents.tech.ok("PATCH", path, json={"assignee_id": second_agent.user["id"]})
    assert updated["assignee"] == {"id": second_agent.user["id"], "name": second_agent.user["full_name"]}
    announced = assigned.wait(lambda e: e["data"]["ticket_number"] == boiler["number"])["data"]
    assert (announced["assignee_id"], announced["assigned_by"]) == (second_agent.user["id"], agents.tech.user["id"])
    assert numbers(second_agent.ok("GET", "/support/tickets", params={
        "scope": "staff", "assignee_id": second_agent.user["id"]})) == [boiler["number"]]

    assert_problem(company1.manager.patch(path, json={"assignee_id": agents.tech.user["id"]}), 403, "staff_only")
    assert_problem(agents.accounting.patch(path, json={"assignee_id": None}), 404, "ticket_not_found")
    assert_problem(agents.tech.patch(path, json={"assignee_id": "nobody"}), 422)
    assert agents.tech.ok("GET", path)["assignee"]["id"] == second_agent.user["id"]
    admin.ok("PATCH", "/support/departments/" + desk.tech["id"], json={"agent_ids": [agents.tech.user["id"]]})
