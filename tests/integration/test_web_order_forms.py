"""The order forms of «Мой кабинет» (manual 000 «Заказ услуг», 002 for the coworking) in a
real browser, through the web app only: a meeting room booked for a period (first refused
with the API's error next to «Окончание», then corrected; the form sent twice places one
order), and a coworking seat ordered with its space, tariff, period and one of the free
workplaces the API lists for that period; «Повторить» on the booking opens its form again;
the cleaning of manual 000 with its own fields (a required one refused next to it); an event
ticket by its tariff and a hotel stay with an extra and its time."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.orders_support import catalog, coworking_space, service_now, staff  # noqa: F401
from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration

#: the form sent once more, as a second click would, from the page (same fields, same key)
SEND_AGAIN = """var f = document.querySelector('form[data-kind]'); var x = new XMLHttpRequest();
x.open('POST', f.action, false); x.send(new FormData(f)); return x.status;"""


def local(redis_client, test_run, days: int, hour: int):
    start = (service_now(redis_client, test_run) + timedelta(days=days)).astimezone(ZoneInfo("Europe/Moscow"))
    return start.replace(hour=hour, minute=0, second=0, microsecond=0)


def set_period(browser, start, end) -> None:
    browser.script("document.getElementById('f-starts_at').value = arguments[0];"
                   "document.getElementById('f-ends_at').value = arguments[1];",
                   start.strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M"))


def placed(browser) -> int:
    browser.wait(lambda: re.fullmatch(r"/orders/\d+", browser.path), timeout=60, message="the order's page")
    return int(browser.path.rsplit("/", 1)[1])


def test_book_a_meeting_room_refused_then_placed_once(system, catalog, make_user, browser, signed_in,
                                                     redis_client, test_run):
    client = make_user(first_name="Марина", last_name="Переговорова")
    start = local(redis_client, test_run, days=97, hour=9 + uuid.uuid4().int % 8)
    signed_in(browser, client)
    browser.open("/catalog/{}/order".format(catalog.room["id"]))
    set_period(browser, start, start - timedelta(hours=1))        # ends before it starts
    browser.press("Оформить заказ")
    browser.wait(lambda: browser.find_all("#ends_at-error"), message="the API's error next to «Окончание»")
    assert browser.find("#ends_at-error").text.strip()
    assert browser.path == "/catalog/{}/order".format(catalog.room["id"])

    set_period(browser, start, start + timedelta(hours=2))
    assert browser.script(SEND_AGAIN) == 200                       # the same form, sent first from the page
    browser.press("Оформить заказ")
    number = placed(browser)
    mine = client.ok("GET", "/orders", params={"service_id": catalog.room["id"]})["items"]
    assert [o["number"] for o in mine] == [number]                 # sent twice, one order
    order = client.ok("GET", "/orders/{}".format(number))
    assert order["kind"] == "booking" and order["starts_at"].startswith(
        start.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M"))
    assert start.strftime("%H:%M") in browser.text                 # the time as the manual shows it
    browser.press("Повторить")                                     # O7: the same service's form again
    browser.wait_path("/catalog/{}/order".format(catalog.room["id"]))
    assert browser.console_errors() == []


def test_order_a_coworking_seat_on_a_free_workplace(system, catalog, coworking_space, make_user, browser,
                                                   signed_in, redis_client, test_run):
    client = make_user(first_name="Лера", last_name="Коворкингова")
    start = local(redis_client, test_run, days=99, hour=10)
    signed_in(browser, client)
    browser.open("/catalog/{}/order".format(catalog.coworking["id"]))
    browser.wait_text("Стандарт")
    set_period(browser, start, start + timedelta(hours=3))
    browser.press("Показать свободные места")
    browser.wait(lambda: browser.find_all("#f-workplace_id option[value]:not([value=''])"),
                 message="the free workplaces of the period")
    free = [o.text.strip() for o in browser.find_all("#f-workplace_id option:not([value=''])")]
    assert free and set(free) <= {"РМ №1", "РМ №2", "РМ №3"}
    browser.find("#f-workplace_id option:not([value=''])").click()
    browser.press("Оформить заказ")
    number = placed(browser)
    order = client.ok("GET", "/orders/{}".format(number))
    assert order["kind"] == "coworking"
    ticket = order.get("ticket") or {}
    assert (ticket.get("workplace") or {}).get("name", free[0]) == free[0]
    assert browser.console_errors() == []


def test_order_cleaning_with_its_own_form(system, catalog, make_user, browser, signed_in, redis_client, test_run):
    """Manual 000's «Клининговые услуги»: the service's own fields; a required one left empty
    is refused with the API's error under it."""
    client = make_user(first_name="Ира", last_name="Чистякова")
    day = local(redis_client, test_run, days=20, hour=12)
    signed_in(browser, client)
    browser.open("/catalog/{}/order".format(catalog.cleaning["id"]))
    browser.script("document.getElementById('f-f_building').value = 'Корпус Б';"
                   "document.getElementById('f-f_date').value = arguments[0];", day.strftime("%Y-%m-%d"))
    browser.fill("Описание требуемых работ *", "Помыть окна")
    browser.press("Оформить заказ")                                # «Офис» is empty
    browser.wait(lambda: browser.find_all("#f_office-error"), message="the API's error under «Офис»")
    browser.fill("Офис *", "305")
    browser.find("input[name=f_bring][value='Ведро']").click()
    browser.press("Оформить заказ")
    number = placed(browser)
    fields = {f["label"]: f["value"] for f in client.ok("GET", "/orders/{}".format(number))["fields"]}
    assert fields["Офис"] == "305" and fields["Здание"] == "Корпус Б" and fields["Что взять с собой"] == ["Ведро"]
    assert browser.console_errors() == []


def test_order_an_event_ticket_and_a_hotel_stay(system, catalog, make_user, browser, signed_in, redis_client, test_run):
    client = make_user(first_name="Олег", last_name="Билетов")
    signed_in(browser, client)
    browser.open("/catalog/{}/order".format(catalog.event["id"]))
    browser.wait_text("Резидент")
    browser.press("Оформить заказ")
    number = placed(browser)
    assert client.ok("GET", "/orders/{}".format(number))["kind"] == "event"
    browser.open("/catalog/{}/order".format(catalog.hotel["id"]))   # dates, guests, extras with their times
    for label in ("Дата заезда", "Дата выезда", "Взрослые", "Дети", "Время заезда"):
        browser.field(label)
    assert "Такси от аэропорта" in browser.text
    arrival = service_now(redis_client, test_run).date() + timedelta(days=120)
    browser.script("document.getElementById('f-check_in').value = arguments[0];"
                   "document.getElementById('f-check_out').value = arguments[1];",
                   arrival.isoformat(), (arrival + timedelta(days=2)).isoformat())
    browser.find("input[name=extra_early]").click()
    browser.script("document.getElementById('f-time_early').value = '09:00';")
    browser.press("Оформить заказ")
    number = placed(browser)
    order = client.ok("GET", "/orders/{}".format(number))
    assert order["kind"] == "hotel", order
    assert browser.console_errors() == []
