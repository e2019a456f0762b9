"""Manual 004 «Поддержка через Telegram» (S7), told through the bot's webhook against a local
server playing the Telegram Bot API: link the username and turn support on, /start lists the
active tickets, a ticket shows its last message with files, «Добавить ответ» until
«Завершить», «Поместить в архив», and /createticket; the conversation survives a restart
(its state is in the database) and a redelivered update does nothing twice."""
from __future__ import annotations

import io
import secrets
import uuid

import requests

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, company1, desk, full_form  # noqa: F401

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class Chat:
    """A Telegram user talking to the support bot through its webhook."""

    def __init__(self, system, fakes, extra_env, username):
        self.url = system.base_url + "/api/v1/support/telegram/webhook"
        self.fakes, self.username = fakes, username
        self.chat_id = secrets.randbelow(10 ** 9) + 10 ** 9
        self.secret = extra_env["SUPPORT_TELEGRAM_WEBHOOK_SECRET"]
        self.seen = 0

    def post(self, update, secret=None):
        return requests.post(self.url, json=update, timeout=30,
                             headers={"X-Telegram-Bot-Api-Secret-Token": secret or self.secret})

    def _answers(self, update):
        response = self.post(update)
        assert response.status_code == 200, response.text
        answers = self.fakes.telegram(str(self.chat_id))
        fresh, self.seen = answers[self.seen:], len(answers)
        return fresh

    def say(self, text):
        return self._answers(self.fakes.telegram_message(text, self.username, self.chat_id))

    def press(self, data):
        return self._answers(self.fakes.telegram_button(data, self.username, self.chat_id))

    def send_file(self, name, content, mime):
        file_id = "file-" + uuid.uuid4().hex
        self.fakes.telegram_file(file_id, content)
        return self._answers(self.fakes.telegram_document(file_id, name, mime, self.username, self.chat_id))


def buttons(answer) -> dict:
    return {b["text"]: b["callback_data"] for row in (answer.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row}


def test_a_customer_works_with_tickets_from_telegram(system, fakes, extra_env, agents, desk, company1):
    customer, agent = company1.manager, agents.tech
    username = "anna_" + uuid.uuid4().hex[:8]
    chat = Chat(system, fakes, extra_env, username)
    # not linked yet: the bot says how to link
    assert "укажите ваш логин Telegram" in chat.say("/start")[0]["text"]
    link = customer.ok("PUT", "/support/telegram", json={"username": "@" + username, "enabled": True})
    assert (link["status"], link["bot_username"]) == ("configuring", "platform_support_bot")
    assert link["status_label"] == "Настраивается"      # manual 004: «billy bot - Настраивается»

    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1, subject="Котел в ошибке"))
    number = ticket["number"]
    agent.ok("POST", "/support/tickets/{}/messages".format(number), 201,
             json={"text": "Пришлите фото шильдика", "attachment_ids": [upload_pdf(agent)]})
    (listing,) = chat.say("/start")
    linked = customer.ok("GET", "/support/telegram")
    assert linked["status"] == "confirmed" and linked["status_label"] == "Подтверждено"   # «sup bot - Подтверждено»
    assert listing["text"] == "Ваши активные запросы:"
    assert buttons(listing)["№{} · Котел в ошибке".format(number)] == "ticket:{}".format(number)

    card, document = chat.press("ticket:{}".format(number))
    assert card["text"] == ("Запрос №{}\nТема: Котел в ошибке\nСтатус: Есть новые сообщения\n"
                            "Последнее сообщение: Пришлите фото шильдика".format(number))
    assert document["document"] == "паспорт.pdf" and document["size"] == len(PDF)
    assert set(buttons(card)) == {"Добавить ответ", "Поместить в архив"}

    (prompt,) = chat.press("reply:{}".format(number))
    assert "до 255 символов" in prompt["text"] and buttons(prompt) == {"Завершить": "finish"}
    assert "длиннее 255" in chat.say("х" * 256)[0]["text"]
    chat.say("Фото во вложении")
    chat.send_file("шильдик.pdf", PDF, "application/pdf")
    system.restart("support")  # the conversation is kept in the database
    chat.say("Котел Buderus 40 кВт")
    (sent,) = chat.press("finish")
    assert sent["text"] == "Ответ по запросу №{} отправлен.".format(number)
    messages = agent.ok("GET", "/support/tickets/{}/messages".format(number))["items"]
    assert [m["text"] for m in messages[:2]] == ["Котел Buderus 40 кВт", "Фото во вложении"]
    assert messages[0]["attachments"][0]["filename"] == "шильдик.pdf"
    assert messages[0]["author"]["id"] == customer.user["id"]

    # the provider resolves it; the customer archives it from Telegram
    agent.ok("PATCH", "/support/tickets/{}".format(number), json={"status": "resolved"})
    card = chat.press("ticket:{}".format(number))[0]
    assert "Статус: Ожидает вашего ответа" in card["text"]
    assert chat.press(buttons(card)["Поместить в архив"])[0]["text"] == "Запрос №{} помещен в архив.".format(number)
    assert customer.ok("GET", "/support/tickets/{}".format(number))["status"] == "closed"


def test_createticket_from_telegram_and_a_redelivered_update(system, fakes, extra_env, agents, desk, company1):
    customer = company1.colleague
    username = "boris_" + uuid.uuid4().hex[:8]
    customer.ok("PUT", "/support/telegram", json={"username": username})
    chat = Chat(system, fakes, extra_env, username)
    chat.say("/start")
    (choose,) = chat.say("/createticket")
    offered = buttons(choose)
    assert offered[desk.accounting["name"]] == "dept:" + desk.accounting["id"]
    assert desk.tech["name"] not in offered  # it asks HubEx's fields: the portal's form only
    assert chat.press("dept:" + desk.accounting["id"])[0]["text"] == "Введите тему запроса."
    (service,) = chat.say("Закрывающие документы")
    assert buttons(service) == {"Пропустить": "skip"}
    chat.press("skip")
    chat.say("Нужен акт сверки за октябрь")
    update = fakes.telegram_message("И счет-фактура", username, chat.chat_id)
    assert len(chat._answers(update)) == 1
    assert chat._answers(update) == []   # Telegram delivers it again: nothing twice, not even a reply
    (created,) = chat.press("finish")
    number = int(created["text"].split("№")[1].split()[0])
    ticket = customer.ok("GET", "/support/tickets/{}".format(number))
    assert (ticket["subject"], ticket["department"]["id"], ticket["service_id"]) == (
        "Закрывающие документы", desk.accounting["id"], None)
    texts = [m["text"] for m in customer.ok("GET", "/support/tickets/{}/messages".format(number))["items"]]
    assert texts == ["И счет-фактура", "Нужен акт сверки за октябрь"]

    assert_problem(chat.post(fakes.telegram_message("/start", username, chat.chat_id), secret="wrong"), 401,
                   "telegram_secret_invalid")
    assert "укажите ваш логин" in Chat(system, fakes, extra_env, "stranger_" + uuid.uuid4().hex[:6]).say("/start")[0]["text"]
    assert_problem(customer.put("/support/telegram", json={"username": "a b"}), 422)
    other = agents.accounting
    assert_problem(other.put("/support/telegram", json={"username": username}), 409, "telegram_username_taken")


def upload_pdf(client) -> str:
    response = client.post("/support/attachments", files={"file": ("паспорт.pdf", io.BytesIO(PDF), "application/pdf")})
    assert response.status_code == 201, response.text
    return response.json()["id"]
