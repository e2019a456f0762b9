"""The staff console («Управление экосистемой», manuals 001 and 002) in a real browser,
through the web app only: a rental manager validates a coworking ticket and resets the
validation (manual 002, «Валидация билета»); the executor answers the client's chat from
the order's console page, publicly and internally; a client who opens console pages gets
the API's refusal and no one else's data."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.orders_support import catalog, coffee_order, coworking_space, service_now, staff  # noqa: F401
from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration


def confirmed_coworking_ticket(admin, client, catalog, space, redis_client, test_run) -> int:
    """A paid coworking order of ``client`` for two hours a day ahead: its ticket's number once
    coworking has confirmed it."""
    start = (service_now(redis_client, test_run) + timedelta(days=1.5)).replace(minute=0, second=0, microsecond=0)
    order = client.ok("POST", "/orders", 201, json={
        "service_id": catalog.coworking["id"], "tariff_id": "standard", "space_id": space["id"],
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()})
    fund(admin, client, order["total"])
    client.ok("POST", "/orders/{}/pay".format(order["number"]), 201, json={"method": "balance"},
              headers={"Idempotency-Key": uuid.uuid4().hex})

    def confirmed():
        ticket = client.ok("GET", "/orders/{}".format(order["number"])).get("ticket")
        return ticket["number"] if ticket and ticket["status"] == "confirmed" else None
    return wait_for(confirmed, timeout=20, message="the coworking ticket confirmed")


def test_a_manager_validates_a_coworking_ticket(system, admin, make_user, catalog, staff, coworking_space,
                                                redis_client, test_run, browser, signed_in):
    client = make_user(first_name="Мария", last_name="Семенова" + uuid.uuid4().hex[:4])
    number = confirmed_coworking_ticket(admin, client, catalog, coworking_space, redis_client, test_run)
    manager = staff.manager

    signed_in(browser, manager)
    browser.find("label.menu-button").click()
    browser.find("[data-test=console-link]").click()
    browser.wait_text("Календарь услуг > Коворкинг")
    browser.open("/console/coworking/tickets?visitor={}&status=confirmed".format(client.user["last_name"]))
    rows = browser.find_all("[data-test=tickets] tbody tr")
    assert len(rows) == 1 and str(number) in rows[0].text and "Не валидирован" in rows[0].text
    browser.find("[data-test=tickets] tbody a").click()
    browser.wait_path("/console/coworking/tickets/{}".format(number))
    assert "Проверьте личность посетителя" in browser.text
    assert browser.find("[data-test=visitor]").text.startswith(client.user["first_name"])

    browser.press("Выполнить")
    browser.wait_text("Билет валидирован.")
    assert browser.find("[data-test=validation]").text == "Валидирован"
    manager_name = "{} {}".format(manager.user["first_name"], manager.user["last_name"])
    assert browser.find("[data-test=responsible]").text == manager_name
    assert browser.find("[data-test=checked-at]").text != "—"
    assert client.ok("GET", "/coworking/tickets/{}".format(number))["identification"]["validated"] is True

    browser.script("window.confirm = function () { return true; };")   # «Сбросить валидацию?» — yes
    browser.press("Сбросить")
    browser.wait_text("Валидация сброшена.")
    assert browser.find("[data-test=validation]").text == "Не валидирован"
    assert browser.find("[data-test=responsible]").text == "—"
    assert client.ok("GET", "/coworking/tickets/{}".format(number))["identification"]["validated"] is False
    assert browser.console_errors() == []


def test_the_executor_answers_the_clients_chat_from_the_console(system, make_user, catalog, staff, browser,
                                                                 signed_in):
    client = make_user(first_name="Ирина", last_name="Чаева")
    number = coffee_order(client, catalog)["number"]
    client.ok("POST", "/orders/{}/messages".format(number), 201, json={"text": "Можно без сахара?"})
    executor = staff.executor

    signed_in(browser, executor)
    browser.open("/console/orders?applicant=Ирина Чаева&q={}".format(number))
    assert [r.text.split()[0] for r in browser.find_all("[data-test=orders] tbody tr")] == [str(number)]
    browser.find("[data-test=orders] tbody a").click()
    browser.wait_path("/console/orders/{}".format(number))
    assert "Можно без сахара?" in browser.find("[data-test=messages]").text
    assert browser.find("[data-test=applicant]").text.startswith("Ирина Чаева")

    browser.fill("Сообщение", "Да, конечно, без сахара.")
    browser.press("Отправить")
    browser.wait(lambda: "Да, конечно, без сахара." in browser.find("[data-test=messages]").text,
                 message="the answer in the chat")
    browser.fill("Сообщение", "Клиент просил без сахара — проверить на кухне.")
    browser.find("input[name=visibility][value=internal]").click()
    browser.press("Отправить")
    browser.wait(lambda: "проверить на кухне" in browser.find("[data-test=messages]").text,
                 message="the internal note in the chat")

    seen = [(m["text"], m["visibility"], (m.get("author") or {}).get("id"))
            for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]]
    assert ("Да, конечно, без сахара.", "public", executor.user["id"]) in seen
    assert not any("проверить на кухне" in text for text, _, _ in seen)   # internal: never the client's
    assert browser.console_errors() == []


def test_a_client_opening_console_pages_sees_no_data(system, make_user, catalog, browser, signed_in):
    other = make_user(first_name="Чужой", last_name="Заказчик")
    others_order = coffee_order(other, catalog)["number"]
    client = make_user()
    signed_in(browser, client)
    assert not browser.find_all("[data-test=console-link]")             # no staff menu for a client
    for path, status_text in (("/console/orders", "Что-то пошло не так"),
                              ("/console/orders/{}".format(others_order), "Не найдено"),
                              ("/console/coworking/tickets", "Что-то пошло не так"),
                              ("/console/support/", "Что-то пошло не так")):
        browser.open(path)
        assert browser.find("h1").text == status_text, path
        assert browser.find(".alert-error").text.strip(), path                # the API's problem, as it said it
        assert str(others_order) not in browser.text and "Чужой" not in browser.text, path
