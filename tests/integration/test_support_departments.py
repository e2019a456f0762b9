"""Manual 004 «Как обратиться в службу поддержки», step 2 «Выбрать отдел»: an administrator
sets up the departments and their agents; a client picks one of them; the support service
is part of the system's readiness."""
from __future__ import annotations

import uuid

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents  # noqa: F401  (fixture)


def test_the_support_service_is_ready_with_the_rest(system, admin):
    ready = admin.ok("GET", "/readyz")
    assert ready["checks"]["service:support"] == "ok"


def test_an_administrator_sets_up_departments_a_client_chooses_from(system, admin, make_user, agents):
    tag = uuid.uuid4().hex[:6]
    tech = admin.ok("POST", "/support/departments", 201, json={
        "name": "Техническая поддержка " + tag, "position": 1, "agent_ids": [agents.tech.user["id"]],
        "required_fields": ["object_id", "type_id"]})
    assert tech["required_fields"] == ["type_id", "object_id"]
    assert tech["agents"] == [{"id": agents.tech.user["id"], "name": agents.tech.user["full_name"]}]
    sales = admin.ok("POST", "/support/departments", 201, json={"name": "Отдел продаж " + tag, "position": 2})

    client = make_user()
    listed = client.ok("GET", "/support/departments")["items"]
    mine = [d for d in listed if d["id"] in (tech["id"], sales["id"])]
    assert [d["name"] for d in mine] == ["Техническая поддержка " + tag, "Отдел продаж " + tag]
    assert all("agents" not in d for d in mine)  # clients do not see who answers
    seen_by_agent = {d["id"]: d for d in agents.tech.ok("GET", "/support/departments")["items"]}
    assert seen_by_agent[tech["id"]]["agents"][0]["id"] == agents.tech.user["id"]

    admin.ok("PATCH", "/support/departments/" + sales["id"], json={"active": False})
    assert sales["id"] not in {d["id"] for d in client.ok("GET", "/support/departments")["items"]}
    assert sales["id"] in {d["id"] for d in admin.ok("GET", "/support/departments",
                                                     params={"include_inactive": "true"})["items"]}


def test_departments_refuse_bad_input_and_non_admins(system, admin, make_user, agents):
    client = make_user()
    tag = uuid.uuid4().hex[:6]
    assert_problem(client.post("/support/departments", json={"name": "Бухгалтерия " + tag}), 403, "admin_only")
    assert_problem(admin.post("/support/departments", json={"name": "  "}), 422)
    assert_problem(admin.post("/support/departments", json={"name": "X " + tag, "required_fields": ["colour"]}),
                   422, "unknown_field")
    assert_problem(admin.post("/support/departments", json={"name": "Y " + tag, "agent_ids": [client.user["id"]]}),
                   422)
    admin.ok("POST", "/support/departments", 201, json={"name": "Бухгалтерия " + tag})
    assert_problem(admin.post("/support/departments", json={"name": "Бухгалтерия  " + tag}), 409, "name_taken")
    assert_problem(admin.patch("/support/departments/" + str(uuid.uuid4()), json={"active": False}), 404,
                   "department_not_found")
    names = [d["name"] for d in admin.ok("GET", "/support/departments", params={"include_inactive": "true"})["items"]]
    assert "X " + tag not in names and "Y " + tag not in names
