"""Manual 003 «Переписка в чате по заявке» (S3): one chat per ticket with files both ways;
every message of every ticket in the «Сообщения» menu with the unread badge kept by the
server; marking read; one message per request."""
from __future__ import annotations

import io
import uuid

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, company1, desk, full_form, organisation  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def upload(client, name, content, content_type):
    response = client.post("/support/attachments", files={"file": (name, io.BytesIO(content), content_type)})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_chat_per_ticket_with_files_and_unread_counts(system, admin, make_user, agents, desk, company1, events):
    posted = events("support", "ticket_message_posted")
    customer, colleague, agent = company1.manager, company1.colleague, agents.tech
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}/messages".format(ticket["number"])
    assert agent.ok("GET", "/support/tickets/{}".format(ticket["number"]))["chat"]["unread"] == 1

    scheme = upload(agent, "схема.pdf", PDF, "application/pdf")
    reply = agent.ok("POST", path, 201, json={"text": "Выезжаем сегодня до 15:00. Проверьте давление.",
                                              "attachment_ids": [scheme["id"]]})
    assert reply["author"] == {"id": agent.user["id"], "name": agent.user["full_name"], "kind": "staff"}
    announced = posted.wait(lambda e: e["data"]["message_id"] == reply["id"])["data"]
    assert (announced["author_kind"], announced["customer_id"], announced["attachment_count"]) == (
        "staff", customer.user["id"], 1)
    assert agent.ok("GET", "/support/tickets/{}".format(ticket["number"]))["chat"]["unread"] == 0  # wrote = read

    # the customer and the colleague both have it unread: in the list, the ticket and «Сообщения»
    mine = [t for t in customer.ok("GET", "/support/tickets", params={"number": ticket["number"]})["items"]]
    assert mine[0]["unread"] == 1
    assert colleague.ok("GET", "/support/tickets", params={"number": ticket["number"]})["items"][0]["unread"] == 2
    inbox = colleague.ok("GET", "/support/messages", params={"per_page": 100})
    assert inbox["items"][0]["id"] == reply["id"] and inbox["items"][0]["ticket"] == {
        "number": ticket["number"], "subject": "Не греет котел"}
    assert inbox["unread"] >= 2
    assert colleague.get("/support/attachments/" + scheme["id"]).content == PDF

    photo = upload(customer, "манометр.png", PNG, "image/png")
    answer = customer.ok("POST", path, 201, json={"text": "Давление 0,8 бар", "attachment_ids": [photo["id"]]})
    chat = customer.ok("GET", path)
    assert [m["text"] for m in chat["items"]] == ["Давление 0,8 бар", "Выезжаем сегодня до 15:00. Проверьте давление.",
                                                  "Котел уходит в ошибку EA, в помещении +12"]
    assert chat["unread"] == 0 and chat["items"][0]["attachments"][0]["id"] == photo["id"]
    assert agent.ok("GET", path)["unread"] == 1 and agent.get("/support/attachments/" + photo["id"]).content == PNG

    before = colleague.ok("GET", "/support/messages")["unread"]
    assert colleague.ok("POST", path + "/read", json={"message_id": reply["id"]}) == {"unread": 1, "last_read_seq": 2}
    assert colleague.ok("POST", path + "/read", json={}) == {"unread": 0, "last_read_seq": 3}
    assert colleague.ok("GET", "/support/messages")["unread"] == before - 3
    assert agent.ok("GET", "/support/messages", params={"scope": "staff"})["items"][0]["id"] == answer["id"]

    # another company sees nothing of it
    other = organisation(admin, make_user, "Компания №7 " + uuid.uuid4().hex[:6]).manager
    assert_problem(other.get(path), 404, "ticket_not_found")
    assert_problem(other.post(path, json={"text": "Чужое"}), 404, "ticket_not_found")
    assert_problem(other.post(path + "/read", json={}), 404, "ticket_not_found")
    assert_problem(other.get("/support/attachments/" + photo["id"]), 404, "attachment_not_found")
    assert answer["id"] not in {m["id"] for m in other.ok("GET", "/support/messages", params={"per_page": 100})["items"]}
    assert_problem(agents.accounting.get(path), 404, "ticket_not_found")


def test_the_chat_refuses_what_it_must_and_posts_once(system, make_user, desk, company1, redis_client, test_run):
    customer = company1.manager
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}/messages".format(ticket["number"])
    assert_problem(customer.post(path, json={"text": "   "}), 422)
    assert_problem(customer.post(path, json={"text": "x" * 4001}), 422)
    six = [upload(customer, "{}.png".format(i), PNG, "image/png")["id"] for i in range(6)]
    assert_problem(customer.post(path, json={"text": "Фото", "attachment_ids": six}), 422)
    stranger_file = upload(make_user(), "a.png", PNG, "image/png")
    assert_problem(customer.post(path, json={"text": "Чужой файл", "attachment_ids": [stranger_file["id"]]}), 422)
    assert_problem(customer.post(path + "/read", json={"message_id": str(uuid.uuid4())}), 404, "message_not_found")
    assert customer.ok("GET", path)["total"] == 1

    key = "msg-" + uuid.uuid4().hex
    first = customer.ok("POST", path, 201, json={"text": "Жду мастера"}, headers={"Idempotency-Key": key})
    for stored in redis_client.scan_iter(test_run.redis_prefix + "idem:*" + key):
        redis_client.delete(stored)
    again = customer.ok("POST", path, 201, json={"text": "Жду мастера"}, headers={"Idempotency-Key": key})
    assert again["id"] == first["id"] and customer.ok("GET", path)["total"] == 2
