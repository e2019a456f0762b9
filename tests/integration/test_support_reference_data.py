"""Manual 003 «Создание заявки»: what the ticket form offers — types (Заявка на ремонт,
Гарантийный ремонт, Задача), criticalities with their SLA, work types (Ремонт, Монтаж,
Диагностика), and for the customer's own organisation its objects and the contracts covering
them. Administrators manage it all; a client sees only their own organisations."""
from __future__ import annotations

import uuid

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import company1, organisation  # noqa: F401  (fixtures)


def test_an_administrator_fills_the_lists_a_client_picks_from(system, admin, make_user):
    tag = uuid.uuid4().hex[:6]
    repair = admin.ok("POST", "/support/ticket-types", 201, json={"name": "Заявка на ремонт " + tag, "position": 1})
    admin.ok("POST", "/support/ticket-types", 201, json={"name": "Гарантийный ремонт " + tag, "position": 2})
    urgent = admin.ok("POST", "/support/criticalities", 201, json={
        "name": "Срочная " + tag, "first_reply_minutes": 30, "resolution_minutes": 240})
    usual = admin.ok("POST", "/support/criticalities", 201, json={
        "name": "Несрочная " + tag, "first_reply_minutes": 240, "resolution_minutes": 2880, "is_default": True})
    assert usual["is_default"] and (usual["first_reply_minutes"], usual["resolution_minutes"]) == (240, 2880)
    admin.ok("POST", "/support/work-types", 201, json={"name": "Диагностика " + tag})

    client = make_user()
    names = [t["name"] for t in client.ok("GET", "/support/ticket-types")["items"]]
    assert names.index("Заявка на ремонт " + tag) < names.index("Гарантийный ремонт " + tag)
    assert "Диагностика " + tag in [t["name"] for t in client.ok("GET", "/support/work-types")["items"]]
    listed = {c["id"]: c for c in client.ok("GET", "/support/criticalities")["items"]}
    assert listed[urgent["id"]]["resolution_minutes"] == 240

    # one default at a time: the newest default takes over
    admin.ok("PATCH", "/support/criticalities/" + urgent["id"], json={"is_default": True})
    listed = {c["id"]: c for c in client.ok("GET", "/support/criticalities")["items"]}
    assert listed[urgent["id"]]["is_default"] and not listed[usual["id"]]["is_default"]
    admin.ok("PATCH", "/support/ticket-types/" + repair["id"], json={"active": False})
    assert repair["id"] not in {t["id"] for t in client.ok("GET", "/support/ticket-types")["items"]}


def test_a_client_sees_the_objects_and_contracts_of_their_own_organisation_only(system, admin, make_user, company1):
    base = "/support/organisations/{}".format(company1.id)
    mine = company1.colleague.ok("GET", "/support/organisations")["items"]
    assert {"id": company1.id, "name": company1.name} in mine
    objects = company1.colleague.ok("GET", base + "/objects")["items"]
    assert [o["name"] for o in objects] == ["Котельная, котел Buderus 40 кВт", "Лифт пассажирский №2"]
    covering = company1.manager.ok("GET", base + "/contracts", params={"object_id": company1.boiler["id"]})["items"]
    assert [c["number"] for c in covering] == ["ТО-2026/15"]
    assert company1.manager.ok("GET", base + "/contracts", params={"object_id": company1.lift["id"]})["items"] == []

    other = organisation(admin, make_user, "Компания №2 " + uuid.uuid4().hex[:6])
    assert company1.id not in {o["id"] for o in other.manager.ok("GET", "/support/organisations")["items"]}
    assert_problem(other.manager.get(base + "/objects"), 404, "organisation_not_found")
    assert_problem(other.manager.get(base + "/contracts"), 404, "organisation_not_found")
    assert_problem(make_user().get(base + "/objects"), 404, "organisation_not_found")


def test_reference_data_refuses_bad_input_and_non_admins(system, admin, make_user, company1):
    client, tag = company1.manager, uuid.uuid4().hex[:6]
    base = "/support/organisations/{}".format(company1.id)
    assert_problem(client.post("/support/ticket-types", json={"name": "Задача " + tag}), 403, "admin_only")
    assert_problem(client.post(base + "/objects", json={"name": "Мой объект"}), 403, "admin_only")
    assert_problem(admin.post("/support/criticalities", json={"name": "Странная " + tag, "first_reply_minutes": 60,
                                                              "resolution_minutes": 30}), 422)
    assert_problem(admin.post("/support/criticalities", json={"name": "Без SLA " + tag}), 422)
    assert_problem(admin.post("/support/colours", json={"name": "x"}), 404)
    admin.ok("POST", "/support/work-types", 201, json={"name": "Монтаж " + tag})
    assert_problem(admin.post("/support/work-types", json={"name": "Монтаж " + tag}), 409, "name_taken")
    assert_problem(admin.post("/support/organisations/{}/objects".format(uuid.uuid4()), json={"name": "x"}), 404,
                   "organisation_not_found")
    other = organisation(admin, make_user, "Компания №3 " + tag)
    alien = admin.ok("POST", "/support/organisations/{}/objects".format(other.id), 201, json={"name": "Чужой склад"})
    assert_problem(admin.post(base + "/contracts", json={"number": "X-1", "object_ids": [alien["id"]]}), 422)
    assert_problem(admin.post(base + "/contracts", json={"number": "X-2", "starts_on": "2026-05-01",
                                                         "ends_on": "2026-04-01"}), 422)
    numbers = [c["number"] for c in admin.ok("GET", base + "/contracts")["items"]]
    assert "X-1" not in numbers and "X-2" not in numbers
