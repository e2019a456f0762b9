"""«Мой кабинет» in a real browser (tests/integration/web_support.py), through the web app
only: a support ticket with an act (manual 003/004: the client writes, the agent answers and
records the works through the API, the client reads the answer, prints and accepts the act and
moves the ticket to the archive); a balance top-up by card on the sandbox provider's page and
back to the balance (manual 004 «Пополнение баланса»), with the API's field errors next to the
fields; and another person's ticket, payment and act are a 404 page."""
from __future__ import annotations

import uuid

import pytest

from tests.integration.orders_support import catalog, coworking_space  # noqa: F401  (fixtures)
from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration

WORKS = [{"name": "Сверка взаиморасчетов", "quantity": "1", "unit": "усл.", "price": 150000},
         {"name": "Консультация бухгалтера", "quantity": "0.5", "unit": "ч", "price": 200000}]

#: a synchronous request from the page (the session's cookie goes with it): status, type, start
FETCH = """var x = new XMLHttpRequest(); x.open('GET', arguments[0], false);
x.overrideMimeType('text/plain; charset=x-user-defined'); x.send();
return [x.status, x.getResponseHeader('Content-Type'), x.responseText.slice(0, 5)];"""


@pytest.fixture(scope="module")
def accounting(admin, make_user):
    """Manual 004's «Бухгалтерия» (the short form) with its agent Олег."""
    agent = make_user(roles=["support_agent"], first_name="Олег")
    department = admin.ok("POST", "/support/departments", 201, json={
        "name": "Бухгалтерия " + uuid.uuid4().hex[:6], "agent_ids": [agent.user["id"]]})
    return department, agent


def choose(browser, select_id: str, value: str) -> None:
    browser.script("document.getElementById(arguments[0]).value = arguments[1];", select_id, value)


def test_a_support_ticket_with_its_chat_and_act(system, make_user, accounting, browser, signed_in):
    department, agent = accounting
    client = make_user(first_name="Вера", last_name="Счетоводова")
    signed_in(browser, client)

    browser.open("/support/tickets/new")
    browser.press("Отправить заявку")                                   # nothing filled: the API's errors
    assert browser.find("#subject-error").text.strip()
    assert browser.find("#department_id-error").text.strip()
    choose(browser, "f-department_id", department["id"])
    browser.fill("Тема", "Не сходится акт сверки").fill("Сообщение", "В акте сверки за октябрь нет платежа № 17.")
    browser.press("Отправить заявку")
    browser.wait(lambda: browser.path.startswith("/support/tickets/") and browser.path.rsplit("/", 1)[1].isdigit(),
                 message="the ticket's page")
    number = int(browser.path.rsplit("/", 1)[1])
    assert "В акте сверки за октябрь нет платежа № 17." in browser.find(".messages").text

    path = "/support/tickets/{}".format(number)                        # the agent, through the API
    agent.ok("POST", path + "/messages", 201, json={"text": "Платеж учтен, акт исправлен, работы — в акте."})
    agent.ok("POST", path + "/act", json={"works": WORKS})
    agent.ok("PATCH", path, json={"status": "resolved"})

    browser.open("/support/tickets")
    row = next(r for r in browser.find_all("[data-test=tickets] tbody tr") if str(number) in r.text)
    assert "Не сходится акт сверки" in row.text
    assert browser.script("return arguments[0].querySelector('.badge') !== null;", {"element-6066-11e4-a52e-4f735466cecf": row.id})
    browser.open(path)
    answer = browser.find_all("[data-test=message]")[-1]
    assert "Платеж учтен" in answer.text and "новое" in answer.text     # the unread mark, then read
    assert browser.find("[data-test=act-total]").text == "2 500 ₽"
    status, kind, start = browser.script(FETCH, path + "/act.pdf")
    assert (status, kind, start) == (200, "application/pdf", "%PDF-")
    browser.press("Принять акт")
    browser.wait_text("Принят: Вера Счетоводова")
    browser.open(path)
    assert "новое" not in browser.find_all("[data-test=message]")[-1].text
    browser.press("В архив")                                            # the confirm() of app.js
    browser.call("POST", "/alert/accept")
    browser.wait_text("Готово.")
    assert "status-closed" in browser.find("[data-test=ticket-status] .status").attribute("class")
    assert agent.ok("GET", path + "/act")["frozen"] is True

    browser.open("/support/analytics")
    assert int(browser.find("[data-test=analytics-total]").text) >= 1
    assert browser.console_errors() == []


def test_a_top_up_by_card_and_back_to_the_balance(system, make_user, browser, signed_in):
    client = make_user()
    signed_in(browser, client)
    browser.open("/balance")
    assert browser.find("[data-test=balance]").text == "0 ₽"
    browser.fill("Сумма, ₽", "сто").press("Пополнить")
    assert browser.find("#amount-error").text.strip()                   # next to its field
    browser.fill("Сумма, ₽", "500").press("Пополнить")
    browser.wait(lambda: "/pay/" in browser.url, message="the sandbox provider's page")
    browser.press("Pay")
    browser.wait_text("succeeded")
    browser.find("a").click()                                            # the provider sends the payer back
    browser.wait_path("/balance")
    browser.wait_text("Оплата прошла.", timeout=30)
    browser.open("/balance")
    assert browser.find("[data-test=balance]").text == "500 ₽"
    browser.open("/balance/payments?status=credited")
    assert "500 ₽" in browser.find("[data-test=payments]").text and "Зачислен" in browser.find("[data-test=payments]").text

    browser.open("/balance/payers/new")                                  # requisites: errors next to fields
    choose(browser, "f-kind", "company")
    browser.fill("Наименование", "ООО «Ромашка»").fill("Контактное лицо", "Вера").fill("ИНН", "1234567890")
    browser.press("Сохранить")
    assert browser.find("#inn-error").text.strip()
    browser.fill("ИНН", "7707083893").press("Сохранить")
    browser.wait_path("/balance/payers")
    assert "ООО «Ромашка»" in browser.find("[data-test=payers]").text
    assert browser.console_errors() == []


def test_no_page_shows_another_persons_ticket_payment_or_act(system, make_user, accounting, browser, signed_in):
    department, agent = accounting
    owner, stranger = make_user(), make_user()
    ticket = owner.ok("POST", "/support/tickets", 201, json={"department_id": department["id"], "subject": "Мой вопрос",
                                                             "message": "Только для меня"})
    agent.ok("POST", "/support/tickets/{}/act".format(ticket["number"]), json={"works": WORKS[:1]})
    payment = owner.ok("POST", "/billing/top-ups", 201, json={"amount": 10000})
    signed_in(browser, stranger)
    for path in ("/support/tickets/{}".format(ticket["number"]), "/balance/payments/" + payment["id"]):
        browser.open(path)
        assert browser.find("h1").text == "Не найдено", path
        assert "Только для меня" not in browser.text and "Мой вопрос" not in browser.text
    status, _, start = browser.script(FETCH, "/support/tickets/{}/act.pdf".format(ticket["number"]))
    assert status == 404 and start != "%PDF-"


def test_every_cabinet_page_opens_and_the_settings_save(system, make_user, browser, signed_in):
    client = make_user()
    signed_in(browser, client)
    for path, title in (("/balance/expenses", "Расходы"), ("/balance/methods", "Способы оплаты"),
                        ("/balance/autopay", "Автоплатеж"), ("/balance/services", "Услуги"),
                        ("/balance/cart", "Корзина"), ("/balance/documents", "Документы"),
                        ("/notifications", "Уведомления"), ("/account/users", "Пользователи аккаунта"),
                        ("/coworking/my", "Мои билеты коворкинга"), ("/support/tickets", "Техподдержка"),
                        ("/support/analytics", "Аналитика по заявкам")):
        browser.open(path)
        assert browser.find("h1").text == title, (path, browser.text[:500])

    browser.open("/notifications/preferences")                       # the grid: turn news by e-mail off
    box = browser.find("input[name='news.email']")
    assert box.property("checked") is True
    box.click()
    browser.fill("С (ЧЧ:ММ)", "25:99").fill("До (ЧЧ:ММ)", "08:00").press("Сохранить")
    assert browser.find("#quiet_start-error").text.strip()            # the API's error next to its field
    browser.script("document.getElementById('f-quiet_start').value = ''; document.getElementById('f-quiet_end').value = '';")
    browser.press("Сохранить")
    browser.wait_text("Сохранено.")
    assert client.ok("GET", "/notifications/preferences")["categories"]["news"]["email"] is False

    browser.open("/account/links")
    browser.fill("Имя пользователя в Telegram", "x").press("Сохранить")
    assert browser.find("#username-error").text.strip()
    browser.fill("Имя пользователя в Telegram", "vera_counts").press("Сохранить")
    browser.wait_text("Сохранено.")
    assert browser.find("[data-test=telegram-status]").text.strip()
    assert browser.console_errors() == []


def test_the_visitor_sends_a_coworking_ticket_by_link_and_to_a_colleague(system, make_user, catalog, coworking_space,
                                                                        redis_client, test_run, browser, signed_in):
    from tests.integration.test_coworking_tickets import book, period, wait_ticket

    lera, alexey = make_user(first_name="Лера"), make_user(first_name="Алексей")
    starts_at, ends_at = period(redis_client, test_run, days=70)
    order = book(lera, catalog, coworking_space, starts_at, ends_at, "РМ №1")
    number = wait_ticket(lera, order["number"], "new")["number"]
    signed_in(browser, lera)
    browser.open("/coworking/my")
    browser.find("a[href='/coworking/my/{}']".format(number)).click()
    browser.wait_path("/coworking/my/{}".format(number))
    browser.press("Создать ссылку")
    link = browser.find("[data-test=invitation-link] a").text
    assert "/coworking/invitations/" in link                               # shown once: the list hides tokens
    assert len(lera.ok("GET", "/coworking/tickets/{}/invitations".format(number))["items"]) == 1
    browser.fill("ID пользователя на платформе", "не-id").press("Передать")
    browser.call("POST", "/alert/accept")
    assert browser.find("#user_id-error").text.strip()                    # the API's error next to the field
    browser.fill("ID пользователя на платформе", alexey.user["id"]).press("Передать")
    browser.call("POST", "/alert/accept")
    browser.wait_text("Билет передан.")
    browser.open("/coworking/my/{}".format(number))
    assert browser.find("h1").text == "Не найдено"                         # no longer Лера's
    assert browser.console_errors() == []
