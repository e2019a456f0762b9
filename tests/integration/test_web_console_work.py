"""More of the staff console in a real browser: the order's executor, recorded payment,
status and deadline (manual 001, O14); a coworking ticket's visitor changed to a new user
and its workplace changed (manual 002, C7, C8); an event ticket checked in by its QR payload
(O12); a support agent answering in the department's queue (manuals 003, 004)."""
from __future__ import annotations

import uuid

import pytest

from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.orders_support import catalog, coffee_order, coworking_space, staff  # noqa: F401
from tests.integration.support_fixtures import agents, desk  # noqa: F401
from tests.integration.test_web_console import confirmed_coworking_ticket
from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration


def test_staff_take_an_order_record_its_payment_and_move_it_on(system, make_user, catalog, staff, browser,
                                                                signed_in):
    client = make_user(first_name="Ольга", last_name="Кофеева")
    number = coffee_order(client, catalog)["number"]
    executor = staff.manager             # handles the service; recording payments takes a rental manager
    signed_in(browser, executor)
    browser.open("/console/orders/{}".format(number))
    browser.press("Назначить на меня")
    browser.wait_text("Сохранено.")
    assert browser.find("[data-test=executor]").text == "{} {}".format(executor.user["first_name"],
                                                                         executor.user["last_name"])

    browser.fill("Получено, ₽", "1 000")                                 # more than the 180 ₽ left
    browser.press("Внести оплату")
    assert [e.text for e in browser.find_all("#amount-error, .alert-error") if e.text.strip()]
    browser.fill("Получено, ₽", "180")
    browser.press("Внести оплату")
    browser.wait_text("Оплата внесена.")
    order = wait_for(lambda: (lambda o: o if o["payment"]["remaining"] == 0 else None)(
        client.ok("GET", "/orders/{}".format(number))), timeout=20, message="the order paid")
    assert order["executor"]["id"] == executor.user["id"]

    browser.open("/console/orders/{}".format(number))
    browser.script("document.getElementById('f-deadline').value = arguments[0];", "2030-12-30T18:00")
    browser.press("Установить срок")
    browser.wait_text("Сохранено.")
    assert client.ok("GET", "/orders/{}".format(number))["deadline"].startswith("2030-12-30T15:00")  # 18:00 Moscow

    options = [o.attribute("value") for o in browser.find_all("#f-status option")]
    target = "in_progress" if "in_progress" in options else options[0]
    browser.find("#f-status option[value={}]".format(target)).click()
    browser.press("Изменить статус")
    browser.wait_text("Сохранено.")
    assert client.ok("GET", "/orders/{}".format(number))["status"] == target
    assert browser.console_errors() == []


def test_a_manager_gives_a_ticket_to_a_new_user_and_another_workplace(system, admin, make_user, catalog, staff,
                                                                      coworking_space, redis_client, test_run,
                                                                      browser, signed_in):
    client = make_user(first_name="Игорь", last_name="Местов")
    number = confirmed_coworking_ticket(admin, client, catalog, coworking_space, redis_client, test_run)
    signed_in(browser, staff.manager)
    browser.open("/console/coworking/tickets/{}".format(number))
    before = browser.find("[data-test=workplace]").text
    browser.find("#workplace select option:not([disabled]):not([selected])").click()
    chosen = browser.find("#f-workplace_id").property("value")
    browser.press("Сохранить")
    browser.wait_text("Рабочее место изменено.")
    assert browser.find("[data-test=workplace]").text != before
    assert client.ok("GET", "/coworking/tickets/{}".format(number))["workplace"]["id"] == chosen

    browser.find("#visitor summary").click()
    email = "web-visitor-{}@it.platform.local".format(uuid.uuid4().hex[:8])
    browser.fill("Имя", "Новый").fill("Фамилия", "Посетитель").fill("Эл. почта", email)
    browser.press("Создать и сделать посетителем")
    browser.wait_text("Посетитель изменен.")
    assert browser.find("[data-test=visitor]").text.startswith("Новый Посетитель")
    assert browser.console_errors() == []


def test_an_event_manager_checks_a_ticket_in_by_its_payload(system, admin, make_user, catalog, staff, browser,
                                                            signed_in):
    client = make_user(first_name="Вера", last_name="Гостева")
    order = client.ok("POST", "/orders", 201, json={"service_id": catalog.event["id"], "tariff_id": "resident"})
    fund(admin, client, order["total"])
    client.ok("POST", "/orders/{}/pay".format(order["number"]), 201, json={"method": "balance"},
              headers={"Idempotency-Key": uuid.uuid4().hex})
    payload = wait_for(lambda: client.ok("GET", "/orders/{}".format(order["number"]))["event"]["ticket_payload"],
                       timeout=20, message="the ticket confirmed")
    signed_in(browser, staff.events)
    browser.open("/console/check-in")
    browser.fill("Отсканированный код", "hello")
    browser.press("Отметить проход")
    assert browser.find(".alert-error, #payload-error").text.strip()       # a forged code: the API's refusal
    browser.fill("Отсканированный код", payload)
    browser.press("Отметить проход")
    browser.wait_text("Проход отмечен")
    assert "Вера Гостева" in browser.find("[data-test=checked-in]").text
    browser.fill("Отсканированный код", payload)
    browser.press("Отметить проход")
    assert browser.find(".alert-error").text.strip()                         # once only
    assert browser.console_errors() == []


def test_a_support_agent_answers_from_the_departments_queue(system, make_user, agents, desk, browser, signed_in):
    client = make_user(first_name="Глеб", last_name="Счетов")
    ticket = client.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "Акт сверки", "message": "Пришлите акт сверки за ноябрь"},
        headers={"Idempotency-Key": uuid.uuid4().hex})
    signed_in(browser, agents.accounting)
    browser.open("/console/support/?department_id={}".format(desk.accounting["id"]))
    assert str(ticket["number"]) in browser.find("[data-test=support-tickets]").text
    browser.open("/console/support/tickets/{}".format(ticket["number"]))
    assert "Пришлите акт сверки за ноябрь" in browser.find("[data-test=messages]").text
    browser.press("Взять в работу")
    browser.wait_text("Сохранено.")
    browser.fill("Ответ", "Пришлем сегодня.")
    browser.press("Отправить")
    browser.wait(lambda: "Пришлем сегодня." in browser.find("[data-test=messages]").text, message="the answer")
    texts = [m["text"] for m in client.ok("GET", "/support/tickets/{}/messages".format(ticket["number"]))["items"]]
    assert "Пришлем сегодня." in texts
    assert browser.console_errors() == []


def test_an_administrator_adds_a_person_a_company_and_sees_the_deliveries(system, make_user, browser, signed_in):
    administrator = make_user(roles=["admin"], first_name="Анна", last_name="Админова")
    tag = uuid.uuid4().hex[:6]
    signed_in(browser, administrator)
    browser.open("/console/")
    browser.find("a[href='/console/admin/users']").click()
    browser.wait_path("/console/admin/users")
    browser.fill("Имя", "Семен").fill("Фамилия", "Новиков" + tag)
    browser.fill("Эл. почта", "web-admin-{}@it.platform.local".format(tag))
    browser.press("Добавить")
    browser.wait_text("пользователь добавлен")                        # pending until they set a password

    existing = make_user(first_name="Петр", last_name="Блокин" + tag)
    browser.open("/console/admin/users?q=Блокин" + tag)
    assert "Петр Блокин" + tag in browser.find("[data-test=users]").text
    browser.press("Заблокировать")
    browser.wait_text("Сохранено.")
    assert existing.get("/me").status_code == 401                      # disabled: their sessions ended
    browser.open("/console/admin/users?q=Блокин" + tag)
    assert "Петр Блокин" + tag not in browser.find("[data-test=users]").text   # the search shows active people

    browser.open("/console/admin/groups/companies")
    browser.fill("Наименование", "ООО Ромашка " + tag)
    browser.press("Добавить")
    browser.wait_text("ООО Ромашка " + tag)
    browser.wait(lambda: "Ничего не найдено." not in browser.open("/console/admin/deliveries").find(
        "[data-test=deliveries]").text, timeout=30, message="deliveries listed")     # e-mails of these stories
    browser.open("/console/admin/deliveries?status=dead")
    assert browser.find("h1").text == "Доставки уведомлений"                       # the dead letters' filter
    assert browser.console_errors() == []


def test_a_manager_places_a_coworking_order_for_a_client(system, make_user, catalog, staff, coworking_space,
                                                         redis_client, test_run, browser, signed_in):
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from tests.integration.orders_support import service_now

    client = make_user(first_name="Роман", last_name="Заказов" + uuid.uuid4().hex[:4])
    start = (service_now(redis_client, test_run) + timedelta(days=45)).astimezone(ZoneInfo("Europe/Moscow"))
    start = start.replace(hour=11, minute=0, second=0, microsecond=0)
    signed_in(browser, staff.manager)
    browser.open("/console/coworking/orders/new?service_id={}&people={}".format(catalog.coworking["id"],
                                                                                 client.user["last_name"]))
    browser.find("#f-on_behalf_of option[value='{}']".format(client.user["id"])).click()
    browser.script("document.getElementById('f-starts_at').value = arguments[0];"
                   "document.getElementById('f-ends_at').value = arguments[1];",
                   start.strftime("%Y-%m-%dT%H:%M"), (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    browser.press("Оформить заказ")
    browser.wait(lambda: browser.path.startswith("/console/orders/"), timeout=60,
                 message="the placed order's console page")
    number = int(browser.path.rsplit("/", 1)[1])
    order = client.ok("GET", "/orders/{}".format(number))
    assert order["applicant"]["id"] == client.user["id"] and order["kind"] == "coworking"
    assert browser.console_errors() == []
