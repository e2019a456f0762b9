"""`make run`'s demo catalog and orders (manuals 000, 001) load through the API, twice
without change. Checked through the administrator's eyes: sign-ins of the demo people
are rate-limited per login, and billing's demo story signs Марина in too."""
from __future__ import annotations

from scripts.demo import catalog, coworking, orders, steps
from scripts.demo.api import DEMO_PASSWORD, Api
from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.integration.orders_support import service_now


def test_demo_orders_load_once_and_show_the_manuals(system, admin, redis_client, test_run):
    now = service_now(redis_client, test_run)   # other stories move the system's clock
    today = now.date()
    users = steps.load(system.base_url, ADMIN_EMAIL, ADMIN_PASSWORD, now=now)

    def demo(service_key):
        return admin.ok("GET", "/orders", params={"scope": "managed", "service_id": services[service_key]["id"],
                                                  "per_page": 100})["items"]

    again = Api(system.base_url).login(ADMIN_EMAIL, ADMIN_PASSWORD)
    services = catalog.load(again, users, today)
    placed_before = bool(demo("cleaning"))  # another story ran the demo (and the clock may have moved since)
    orders.load(system.base_url, again, users, services, today)
    loaded_before = len(demo("coworking")) > 1  # another story ran the demo (and the clock may have moved since)
    coworking.load(system.base_url, again, users, services, now)
    counts = {key: len(demo(key)) for key in ("cleaning", "room", "coffee", "hotel", "event", "coworking", "olvery")}
    # coworking: Лера's hour of manual 000, and manual 002's eleven tickets
    assert counts == {"cleaning": 2, "room": 1, "coffee": 1, "hotel": 1, "event": 1, "coworking": 12, "olvery": 1}
    coworking.load(system.base_url, again, users, services, now)  # again: nothing new
    assert len(demo("coworking")) == 12
    tickets = admin.ok("GET", "/coworking/tickets", params={"per_page": 100, "visitor": "семенова"})["items"]
    assert {t["space"]["name"] for t in tickets} == {"Коворкинг на 2 этаже", "Коворкинг №1"}
    resident = next(t for t in tickets if t["variant"])
    assert (resident["variant"]["name"], resident["tariff"]["name"]) == ("Резидент +", "1-3 мес (7000 руб в месяц)")
    assert [m["name"] for m in resident["modifiers"]] == ["Шкафчик", "Юридическое сопровождение"]
    statuses = {t["status"] for t in admin.ok("GET", "/coworking/tickets", params={"per_page": 100})["items"]}
    # placed around now: new, confirmed and cancelled ones; placed earlier, the time since may have ended them
    assert ({"cancelled"} if loaded_before else {"new", "confirmed", "cancelled"}) <= statuses

    coffee = admin.ok("GET", "/orders/{}".format(demo("coffee")[0]["number"]))
    assert coffee["total"] == 18000 and coffee["applicant"]["email"] == "marina@demo.platform.local"
    # the people's messages of manual 000 (the demo's invoice adds the platform's own notes)
    assert [m["text"] for m in admin.ok("GET", "/orders/{}/messages".format(coffee["number"]))["items"]
            if m["author"]["kind"] != "system"] == ["Когда будет готов мой заказ?", "Здравствуйте!"]
    room = demo("room")[0]
    assert (room["status"], room["total"]) == ("confirmed", 50000)
    # done and awaiting the client's confirmation; placed earlier, the auto-confirmation may have closed it since
    assert sorted(o["status"] for o in demo("cleaning")) in (
        [["done_awaiting_confirmation", "new"], ["done", "new"]] if placed_before else [["done_awaiting_confirmation", "new"]])
    assert demo("hotel")[0]["total"] == 550000 and demo("event")[0]["total"] == 15000
    assert {s["name"] for s in admin.ok("GET", "/catalog/services", params={"per_page": 100})["items"]} >= {
        "Клининговые услуги", "Переговорная Python", "Кофе и еда от Monkey Grinder", "Отель «УЮТ»",
        "Маркетинг в цифровую эпоху", "Коворкинг на 2 этаже"}

    # Марина manages the room, yet her own booking is hers as a client
    marina = Api(system.base_url).login("marina@demo.platform.local", DEMO_PASSWORD)
    mine = marina.call("GET", "/orders/{}".format(room["number"]))
    assert mine["side"] == "client" and "share_access" in mine["actions"]
