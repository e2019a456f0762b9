"""Manual 000's story, its last step, in a real browser through the web app only: «chat with
the executor, who answers from the console». The client writes on their order's page (a text
refused empty with the API's error next to the field, then a message with a file), the
executor answers on the console's order page publicly and with an internal note, the client
comes back and sees the answer marked new, then read; the internal note is never shown to
the client; the file is downloaded through the web app with the session's token."""
from __future__ import annotations

import pytest

from tests.integration.orders_support import catalog, coffee_order, staff  # noqa: F401  (fixtures)
from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration


def messages(browser) -> list[str]:
    return [m.text for m in browser.find_all("[data-test=messages] [data-test=message]")]


def test_the_client_chats_with_the_executor_who_answers_from_the_console(system, make_user, catalog, staff,
                                                                        browser, signed_in, tmp_path):
    client = make_user(first_name="Марина", last_name="Кофейникова")
    number = coffee_order(client, catalog)["number"]
    executor = staff.executor
    note = tmp_path / "пожелания.txt"
    note.write_text("Чай погорячее, латте на овсяном.", encoding="utf-8")

    signed_in(browser, client)
    browser.open("/orders/{}".format(number))
    assert "Сообщений пока нет." in browser.find("[data-test=messages]").text or not messages(browser)
    browser.press("Отправить")                                   # nothing written, no file
    assert browser.find("#text-error").text.strip()               # the API's error next to the message's field
    browser.fill("Сообщение", "Добрый день! Можно латте на овсяном молоке?")
    browser.find("#f-chat-files")._call("POST", "/value", text=str(note))
    browser.press("Отправить")
    browser.wait(lambda: any("Можно латте на овсяном молоке?" in m for m in messages(browser)),
                 message="the client's message in the chat")
    mine = messages(browser)[-1]
    assert mine.startswith("Марина Кофейникова · ") and "пожелания.txt" in mine and "новое" not in mine
    attachment = browser.find("[data-test=attachment]").attribute("href")

    browser.clear_cookies()
    signed_in(browser, executor)
    browser.open("/console/orders/{}".format(number))
    assert "Можно латте на овсяном молоке?" in browser.find("[data-test=messages]").text
    assert browser.find("[data-test=messages] [data-test=attachment]").text == "пожелания.txt"
    staff_copy = browser.script("return fetch(arguments[0]).then(r => r.text());",
                                browser.find("[data-test=messages] [data-test=attachment]").attribute("href"))
    assert staff_copy == "Чай погорячее, латте на овсяном."                  # the executor opens the client's file
    browser.fill("Сообщение", "Да, конечно, сделаем на овсяном.")
    browser.press("Отправить")
    browser.wait(lambda: "сделаем на овсяном" in browser.find("[data-test=messages]").text,
                 message="the answer in the console's chat")
    browser.fill("Сообщение", "Овсяное молоко закончилось — купить.")
    browser.find("input[name=visibility][value=internal]").click()
    browser.press("Отправить")
    browser.wait(lambda: "купить" in browser.find("[data-test=messages]").text, message="the internal note")

    browser.clear_cookies()
    signed_in(browser, client)
    browser.open("/orders/{}".format(number))
    shown = messages(browser)
    assert [i for i, m in enumerate(shown) if "овсяном молоке?" in m] < \
        [i for i, m in enumerate(shown) if "сделаем на овсяном" in m]          # oldest on top
    answer = next(m for m in shown if "сделаем на овсяном" in m)
    assert answer.startswith("Павел ") and "новое" in answer                   # the executor's, unread
    assert browser.find("[data-test=chat-unread]").text == "1"
    assert not any("купить" in m for m in shown)                                # internal: never the client's
    assert "купить" not in browser.text

    browser.open("/orders/{}".format(number))                                   # seen: read now
    answer = next(m for m in messages(browser) if "сделаем на овсяном" in m)
    assert "новое" not in answer and not browser.find_all("[data-test=chat-unread]")
    assert client.ok("GET", "/orders/{}/messages".format(number))["unread"] == 0

    fetched = browser.script("return fetch(arguments[0]).then(r => r.text().then(t => [r.status, t]));",
                             attachment)                                        # proxied with the session's token
    assert fetched == [200, "Чай погорячее, латте на овсяном."]
    assert browser.console_errors() == []
