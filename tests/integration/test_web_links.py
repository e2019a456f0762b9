"""Links people receive, opened in a real browser: a booking's share link accepted by another
person, who signs in on the way (manual 000, «Предоставление доступа к бронированию»); a
coworking ticket's link taken by a colleague (manual 002, O10)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kit.testing.wait import wait_for
from tests.integration.orders_support import catalog, coworking_space, service_now, slot, staff  # noqa: F401
from tests.integration.web_support import _module_browser, browser, chromedriver, web_path  # noqa: F401

pytestmark = pytest.mark.integration


def test_a_share_link_is_previewed_then_accepted_by_another_person(system, make_user, catalog, browser,
                                                                     redis_client, test_run):
    marina = make_user(first_name="Марина", last_name="Спиридонова")
    starts_at, ends_at = slot(redis_client, test_run, days=53)
    booking = marina.ok("POST", "/orders", 201, json={"service_id": catalog.room["id"], "starts_at": starts_at,
                                                      "ends_at": ends_at})
    link = marina.ok("POST", "/orders/{}/access-shares/link".format(booking["number"]))
    lera = make_user(first_name="Лера", last_name="Петрова")

    browser.open(web_path(link["url"]))                      # anyone with the link sees what it gives
    browser.wait_text("Вам предоставлен доступ в помещение {}.".format(catalog.room["name"]))
    assert "Марина" in browser.text
    browser.press("Войти и принять")
    browser.wait_path("/signin?next=/sharelink/reservation/")
    browser.fill("Эл. почта или телефон", lera.user["email"]).fill("Пароль", lera.password).press("Войти")
    browser.wait_path("/sharelink/reservation/" + link["token"])
    browser.press("Принять")
    browser.wait_text("Бронирование появилось в вашем календаре.")
    calendar = lera.ok("GET", "/calendar", params={"from": starts_at[:10] + "T00:00:00+00:00",
                                                   "to": ends_at[:10] + "T23:59:59+00:00"})["items"]
    assert any(card["type"] == "access" and card["service_name"] == catalog.room["name"] for card in calendar)

    browser.open(web_path(link["url"]))                      # Марина's own link is not for Марина
    browser.find("label.menu-button").click()
    browser.press("Выйти")
    browser.open("/signin").fill("Эл. почта или телефон", marina.user["email"]).fill("Пароль", marina.password)
    browser.press("Войти")
    browser.wait_path("/orders")
    browser.open(web_path(link["url"])).press("Принять")
    assert browser.find(".alert-error").text.strip()         # own_booking, as the API says it
    assert browser.console_errors() == []


def test_a_coworking_ticket_link_is_taken_by_a_colleague(system, make_user, catalog, coworking_space, browser,
                                                       redis_client, test_run):
    lera, newcomer = make_user(first_name="Лера"), make_user(first_name="Новый", last_name="Коллега")
    start = (service_now(redis_client, test_run) + timedelta(days=58)).replace(hour=9, minute=0, second=0,
                                                                                microsecond=0)
    workplace = next(p for p in coworking_space["workplaces"] if p["name"] == "РМ №3")
    order = lera.ok("POST", "/orders", 201, json={
        "service_id": catalog.coworking["id"], "tariff_id": "standard", "space_id": coworking_space["id"],
        "workplace_id": workplace["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat()})
    number = wait_for(lambda: (lera.ok("GET", "/orders/{}".format(order["number"])).get("ticket") or {}).get("number"),
                      timeout=15)
    link = lera.ok("POST", "/coworking/tickets/{}/invitations".format(number), 201)

    browser.open(web_path(link["url"])).wait_path("/signin?next=/coworking/invitations/")   # the API shows it signed in
    browser.fill("Эл. почта или телефон", newcomer.user["email"]).fill("Пароль", newcomer.password).press("Войти")
    browser.wait_path("/coworking/invitations/" + link["token"])
    browser.wait_text("РМ №3")
    assert "№ {}".format(number) in browser.text
    browser.press("Принять билет")
    browser.wait_text("Билет теперь ваш.")
    browser.open(web_path(link["url"]))                                             # the link works once
    assert browser.find(".alert-error").text.strip()
    assert browser.console_errors() == []
