"""The catalog (O1), the manager console's list, executor and deadline (O14, manual 001),
and coworking orders as far as orders takes them (the coworking service is a later issue)."""
from __future__ import annotations

from datetime import timedelta

from tests.integration.client import assert_problem, unique_phone
from tests.integration.orders_support import coffee_order, service_now, slot


def test_only_admins_write_the_catalog_and_bad_definitions_are_refused(system, admin, make_user, staff, catalog, unique):
    client = make_user()
    assert_problem(client.post("/catalog/services", json={"kind": "simple", "name": "Уборка"}), 403, "role_required")
    assert_problem(staff.manager.patch("/catalog/services/" + catalog.coffee["id"], json={"name": "Чай"}), 403)
    for bad in ({"kind": "goods", "name": "Кофе"},                                              # no items
                {"kind": "spa", "name": "Массаж"},
                {"kind": "booking", "name": "Зал", "tariffs": [{"name": "Ночь", "price": 100, "unit": "night"}]},
                {"kind": "goods", "name": "Кофе", "items": [{"name": "Латте", "price": 10.5}]},  # kopecks are integers
                {"kind": "simple", "name": "Уборка", "fields": [{"code": "Здание", "label": "Здание", "type": "string"}]},
                {"kind": "simple", "name": "Уборка", "manager_ids": [client.user["id"]]},       # not staff
                {"kind": "simple", "name": "Уборка", "additional_services": {
                    "service_ids": ["00000000-0000-4000-8000-000000000000"]}},
                {"kind": "event", "name": "Лекция", "tariffs": [{"name": "Вход", "price": 0, "unit": "ticket"}]}):
        assert_problem(admin.post("/catalog/services", json=bad), 422)
    assert_problem(admin.patch("/catalog/services/" + catalog.coffee["id"], json={}), 422)
    assert_problem(admin.get("/catalog/services/00000000-0000-4000-8000-000000000000"), 404, "service_not_found")

    others = [admin.ok("POST", "/catalog/services", 201, json={"kind": "request", "name": "Услуга {} {}".format(i, unique)})
              for i in range(7)]
    with_block = admin.ok("POST", "/catalog/services", 201, json={
        "kind": "simple", "name": "Отправка и получение корреспонденции " + unique,
        "additional_services": {"title": "Закажите еще", "service_ids": [s["id"] for s in others[:6]]}})
    assert len(with_block["additional_services"]["services"]) == 6
    # the search: every word part of the name, Russian in any case, ё as е (on SQLite too)
    for q in ("ОТПРАВКА корреспонденции " + unique, "получЁние " + unique.upper()):
        found = client.ok("GET", "/catalog/services", params={"q": q})["items"]
        assert [s["id"] for s in found] == [with_block["id"]], q
    mobile = client.ok("GET", "/catalog/services/" + with_block["id"], params={"client": "mobile"})
    assert [s["id"] for s in mobile["additional_services"]["services"]] == [s["id"] for s in others[:3]]
    assert "manager_ids" not in mobile
    too_many = {"additional_services": {"service_ids": [s["id"] for s in others]}}
    assert_problem(admin.patch("/catalog/services/" + with_block["id"], json=too_many), 422)

    admin.ok("PATCH", "/catalog/services/" + others[6]["id"], json={"active": False})
    listed = client.ok("GET", "/catalog/services", params={"q": unique, "per_page": 100})
    assert others[6]["id"] not in [s["id"] for s in listed["items"]] and listed["total"] == 7
    assert_problem(client.post("/orders", json={"service_id": others[6]["id"], "fields": {}}), 404, "service_not_found")
    kinds = {s["kind"] for s in client.ok("GET", "/catalog/services", params={"kind": "goods,event", "per_page": 100})["items"]}
    assert kinds == {"goods", "event"}
    renamed = admin.ok("PATCH", "/catalog/services/" + catalog.coffee["id"], json={"settings": {"capacity": 5}})
    assert renamed["settings"]["cancellable"] is True and renamed["settings"]["capacity"] == 5  # settings merge
    assert [i["id"] for i in renamed["items"]] == ["tea", "latte", "belvita"]


def test_the_manager_console_lists_assigns_and_sets_deadlines(system, admin, make_user, staff, catalog, events,
                                                              redis_client, test_run):
    phone = unique_phone()
    client = make_user(first_name="Алексей", last_name="Трошков", phone=phone)
    number = coffee_order(client, catalog)["number"]
    elsewhere = admin.ok("POST", "/catalog/services", 201, json={"kind": "request", "name": "Чужая услуга"})
    foreign = client.ok("POST", "/orders", 201, json={"service_id": elsewhere["id"], "comment": "Вопрос"})["number"]

    managed = [o["number"] for o in staff.manager.ok("GET", "/orders", params={"scope": "managed", "per_page": 100})["items"]]
    assert number in managed and foreign not in managed
    assert foreign in [o["number"] for o in admin.ok("GET", "/orders", params={"scope": "managed", "per_page": 100})["items"]]
    assert_problem(client.get("/orders", params={"scope": "managed"}), 403, "staff_only")
    assert_problem(staff.manager.get("/orders/{}".format(foreign)), 404)

    console = staff.manager.ok("GET", "/orders/{}".format(number))
    assert console["applicant"]["phone"] == "+" + "".join(c for c in phone if c.isdigit())  # manual 001 shows it
    assert console["executor"] is None and "assign" in console["actions"]

    outsider = make_user(roles=["executor"], first_name="Исполнитель")
    assigned = events("orders", "order_assigned")
    deadline = (service_now(redis_client, test_run) + timedelta(days=2)).replace(microsecond=0).isoformat()
    changed = staff.manager.ok("PATCH", "/orders/{}".format(number), json={
        "assignee_id": outsider.user["id"], "deadline": deadline})
    assert changed["executor"]["id"] == outsider.user["id"] and changed["deadline"] == deadline
    notice = assigned.wait(lambda e: e["data"]["order_number"] == number)["data"]
    assert (notice["executor_id"], notice["previous_executor_id"], notice["assigned_by"]) == (
        outsider.user["id"], None, staff.manager.user["id"])
    # the executor now handles it: in their list, in their console
    assert [o["number"] for o in outsider.ok("GET", "/orders", params={"scope": "managed"})["items"]] == [number]
    assert outsider.ok("GET", "/orders/{}".format(number))["side"] == "staff"
    assert outsider.ok("GET", "/orders", params={"scope": "managed", "executor_id": outsider.user["id"]})["total"] == 1

    confirmed = staff.manager.ok("PATCH", "/orders/{}".format(number), json={"status": "confirmed"})
    assert confirmed["status"] == "confirmed" and "in_progress" in confirmed["next_statuses"]
    staff.manager.ok("PATCH", "/orders/{}".format(number), json={"status": "in_progress"})
    done = outsider.ok("PATCH", "/orders/{}".format(number), json={"status": "done"})
    assert done["status"] == "done" and done["actions"] == [] and done["next_statuses"] == []
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={"assignee_id": None}), 409, "order_closed")
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={"deadline": "tomorrow"}), 422)


def test_staff_order_on_behalf_of_a_client(system, make_user, staff, catalog):
    client = make_user()
    order = staff.manager.ok("POST", "/orders", 201, json={
        "service_id": catalog.request["id"], "on_behalf_of": client.user["id"], "fields": {"text": "Пропуск для гостя"}})
    assert order["applicant"]["id"] == client.user["id"]
    assert client.ok("GET", "/orders/{}".format(order["number"]))["side"] == "client"
    assert_problem(make_user().post("/orders", json={"service_id": catalog.request["id"], "fields": {"text": "x"},
                                                     "on_behalf_of": client.user["id"]}), 403, "staff_only")


def test_a_coworking_order_is_validated_and_comes_with_its_ticket(system, make_user, catalog, coworking_space,
                                                                  redis_client, test_run):
    client = make_user(first_name="Лера", last_name="Петрова")
    starts_at, ends_at = slot(redis_client, test_run, days=52, hours=1)
    order = client.ok("POST", "/orders", 201, json={"service_id": catalog.coworking["id"], "tariff_id": "standard",
                                                    "starts_at": starts_at, "ends_at": ends_at, "modifiers": ["locker"]})
    assert [(i["name"], i["quantity"], i["amount"]) for i in order["items"]] == [
        ("{}, тариф «Стандарт»".format(catalog.coworking["name"]), 1, 10000), ("Шкафчик", 1, 5000)]
    ticket = order["ticket"]
    assert ticket["number"] > 0 and ticket["status"] == "new" and ticket["space"]["name"] == coworking_space["name"]
    assert ticket["visitor"]["name"] == client.user["full_name"]
    assert ticket["modifiers"] == [{"id": "locker", "name": "Шкафчик"}]
    start = service_now(redis_client, test_run) + timedelta(days=3)
    for bad in ({"tariff_id": "standard"}, {"starts_at": starts_at, "ends_at": ends_at},
                {"tariff_id": "standard", "starts_at": ends_at, "ends_at": starts_at},
                {"tariff_id": "standard", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
                 "modifiers": ["printer"]},
                {"tariff_id": "standard", "check_in": "2030-01-01"}):
        assert_problem(client.post("/orders", json={"service_id": catalog.coworking["id"], **bad}), 422)
