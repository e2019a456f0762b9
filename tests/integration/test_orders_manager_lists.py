"""The manager's lists (manual 001 «Обращения и заказы», manual 002's filters): a rental
manager finds orders by the applicant's partial name, the rental period, the executor and
text, sorts them, exports them as CSV and reads the file back; a customer exports their
own orders; nobody's export holds another account's."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kit.listing import read_csv
from kit.testing.wait import wait_for
from tests.integration.client import assert_problem
from tests.integration.orders_support import slot

MOSCOW = ZoneInfo("Europe/Moscow")


def moscow_day(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone(MOSCOW).date().isoformat()


def numbers(page: dict) -> list[int]:
    return [o["number"] for o in page["items"]]


def test_the_manager_finds_sorts_and_exports_orders_and_a_customer_exports_their_own(
        admin, make_user, staff, redis_client, test_run, unique):
    manager = staff.manager
    room = admin.ok("POST", "/catalog/services", 201, json={
        "kind": "booking", "name": "Переговорная «Ёлка» " + unique, "manager_ids": [manager.user["id"]],
        "tariffs": [{"id": "hour", "name": "Почасовой", "price": 25000, "unit": "hour"}]})
    elsewhere = admin.ok("POST", "/catalog/services", 201, json={"kind": "request", "name": "Чужая услуга " + unique})
    maria = make_user(first_name="Мария", last_name="Семёнова")
    marina = make_user(first_name="Марина", last_name="Спиридонова")
    ivan = make_user(first_name="Иван", last_name="Столповский")

    def book(client, days: int, hours: int) -> dict:
        starts_at, ends_at = slot(redis_client, test_run, days, hours)
        return client.ok("POST", "/orders", 201, json={"service_id": room["id"], "starts_at": starts_at,
                                                       "ends_at": ends_at})

    early, late = book(maria, 3, 1), book(maria, 20, 3)
    middle, other = book(marina, 10, 2), book(ivan, 11, 4)
    foreign = maria.ok("POST", "/orders", 201, json={"service_id": elsewhere["id"], "comment": "Вопрос"})
    manager.ok("PATCH", "/orders/{}".format(middle["number"]), json={"assignee_id": staff.executor.user["id"]})

    def managed(**params) -> dict:
        return manager.ok("GET", "/orders", params={"scope": "managed", "service_id": room["id"], **params})

    # «мар»: Мария and Марина, with their names; «МАР СЕМЕН»: Семёнова, ё typed as е
    found = wait_for(lambda: (lambda page: page if page["total"] == 3 else None)(managed(applicant="мар")),
                     message="the applicants' names reached orders")
    assert sorted(numbers(found)) == sorted([early["number"], late["number"], middle["number"]])
    names = {o["number"]: o["applicant"]["name"] for o in found["items"]}
    assert names[middle["number"]] == "Марина Спиридонова" and names[early["number"]] == "Мария Семёнова"
    assert numbers(managed(applicant="МАР СЕМЕН", sort="number")) == [early["number"], late["number"]]

    # the rental period (manual 002: «Период»), in Moscow days, its last day included
    period = {"period_by": "starts_at", "period_from": moscow_day(early["starts_at"]),
              "period_to": moscow_day(other["starts_at"])}
    assert numbers(managed(sort="starts_at", **period)) == [early["number"], middle["number"], other["number"]]
    assert numbers(managed(applicant="мар", sort="-starts_at", **period)) == [middle["number"], early["number"]]

    # the executor, by id or by name, with the executor's name on the order
    by_executor = managed(executor_id=staff.executor.user["id"])
    assert numbers(by_executor) == [middle["number"]]
    assert by_executor["items"][0]["executor"] == {"id": staff.executor.user["id"],
                                                   "name": staff.executor.user["full_name"]}
    assert numbers(managed(executor="павел")) == [middle["number"]]

    # sorted by what costs most, text found in the service's name or an order's number
    assert numbers(managed(sort="-total,number")) == [other["number"], late["number"], middle["number"],
                                                      early["number"]]
    assert managed(q="ёлка СТОЛП")["total"] == 1 and numbers(managed(q=str(late["number"]))) == [late["number"]]
    refused = assert_problem(manager.get("/orders", params={"scope": "managed", "sort": "-applicant_secret"}),
                             422, "validation_failed")
    assert "applicant_secret" in refused["errors"]["sort"][0] and "created_at" in refused["errors"]["sort"][0]
    assert_problem(manager.get("/orders", params={"scope": "managed", "period_from": "вчера"}), 422)

    # the manager's export: the same filters and sort, every row, as a spreadsheet opens it
    exported = manager.get("/orders/export.csv", params={"scope": "managed", "service_id": room["id"],
                                                         "applicant": "мар", "sort": "starts_at"})
    assert exported.status_code == 200, exported.text
    assert exported.headers["Content-Type"].startswith("text/csv") and exported.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = read_csv(exported.content)
    assert [int(r["Номер"]) for r in rows] == [early["number"], middle["number"], late["number"]]
    first = rows[0]
    assert first["Заявитель"] == "Мария Семёнова" and first["Услуга"] == room["name"]
    assert first["Итоговая стоимость"] == "250,00" and first["Валюта"] == "RUB"
    assert first["Начало"] == datetime.fromisoformat(early["starts_at"]).astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M")
    assert rows[1]["Исполнитель"] == staff.executor.user["full_name"]
    assert_problem(manager.get("/orders/export.csv", params={"scope": "managed", "sort": "secret"}), 422)

    # a customer exports their own orders — every service's, nobody else's
    own = read_csv(maria.get("/orders/export.csv").content)
    assert sorted(int(r["Номер"]) for r in own) == sorted([early["number"], late["number"], foreign["number"]])
    theirs = read_csv(marina.get("/orders/export.csv", params={"scope": "account"}).content)
    assert [int(r["Номер"]) for r in theirs] == [middle["number"]]
    assert numbers(marina.ok("GET", "/orders", params={"applicant": "семен"})) == []  # another account's
    assert_problem(maria.get("/orders/export.csv", params={"scope": "managed"}), 403, "staff_only")
    # the manager does not handle the other service: its order is in no list or export of theirs
    assert foreign["number"] not in numbers(manager.ok("GET", "/orders", params={
        "scope": "managed", "applicant": "мар семен", "per_page": 100}))
