"""`make run`'s demo catalog and orders (manuals 000, 001) load through the API, twice
without change."""
from __future__ import annotations

from scripts import demo_data
from scripts.demo_data import DEMO_PASSWORD, Api
from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.integration.orders_support import service_now


def test_demo_orders_load_once_and_show_the_manuals(system, redis_client, test_run):
    today = service_now(redis_client, test_run).date()   # other tests move the system's clock
    demo_data.load(system.base_url, ADMIN_EMAIL, ADMIN_PASSWORD, today=today)
    marina = Api(system.base_url).login("marina@demo.platform.local", DEMO_PASSWORD)
    before = marina.call("GET", "/orders", params={"per_page": 100})
    demo_data.load(system.base_url, ADMIN_EMAIL, ADMIN_PASSWORD, today=today)
    assert marina.call("GET", "/orders", params={"per_page": 100})["total"] == before["total"] == 3

    by_kind = {o["kind"]: o for o in before["items"]}
    coffee = marina.call("GET", "/orders/{}".format(by_kind["goods"]["number"]))
    assert coffee["total"] == 18000 and coffee["service"]["name"] == "Кофе и еда от Monkey Grinder"
    assert [m["text"] for m in marina.call("GET", "/orders/{}/messages".format(coffee["number"]))["items"]] == [
        "Когда будет готов мой заказ?", "Здравствуйте!"]
    room = marina.call("GET", "/orders/{}".format(by_kind["booking"]["number"]))
    assert (room["status"], room["total"], room["side"]) == ("confirmed", 50000, "client")  # her own order, though she manages it
    assert "share_access" in room["actions"]
    assert by_kind["event"]["total"] == 15000

    maria = Api(system.base_url).login("maria@demo.platform.local", DEMO_PASSWORD)
    statuses = sorted(o["status"] for o in maria.call("GET", "/orders", params={"kind": "simple"})["items"])
    assert statuses == ["done_awaiting_confirmation", "new"]
    hotel = maria.call("GET", "/orders", params={"kind": "hotel"})["items"][0]
    assert hotel["total"] == 550000
    names = {s["name"] for s in marina.call("GET", "/catalog/services", params={"per_page": 100})["items"]}
    assert {"Клининговые услуги", "Переговорная Python", "Отель «УЮТ»", "Маркетинг в цифровую эпоху",
            "Коворкинг на 2 этаже"} <= names
