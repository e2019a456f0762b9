"""Manual 000 "Отправка сообщения в чате" and manual 001's public/internal messages (O5):
attachments both ways, an internal note the client never sees, unread counts kept by the
server."""
from __future__ import annotations

import io

from tests.integration.client import assert_problem
from tests.integration.orders_support import coffee_order

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def upload(client, name, content, content_type, status=201):
    response = client.post("/attachments", files={"file": (name, io.BytesIO(content), content_type)})
    if status != 201:
        return response
    assert response.status_code == 201, response.text
    return response.json()


def test_chat_with_attachments_both_ways_and_an_internal_note(system, make_user, staff, catalog, events):
    client = make_user(first_name="Марина")
    manager = staff.manager
    posted = events("orders", "chat_message_posted")
    number = coffee_order(client, catalog)["number"]
    path = "/orders/{}/messages".format(number)

    photo = upload(client, "фото чека.png", PNG, "image/png")
    assert photo["filename"] == "фото чека.png" and photo["size"] == len(PNG)
    hello = client.ok("POST", path, 201, json={"text": "Здравствуйте! Когда будет готов мой заказ?",
                                                 "attachment_ids": [photo["id"]]})
    assert hello["author"] == {"id": client.user["id"], "name": client.user["full_name"], "kind": "client"}
    assert [a["id"] for a in hello["attachments"]] == [photo["id"]]
    announced = posted.wait(lambda e: e["data"]["message_id"] == hello["id"])["data"]
    assert (announced["author_kind"], announced["visibility"], announced["attachment_count"]) == ("client", "public", 1)
    assert manager.user["id"] in announced["manager_ids"] and announced["order_number"] == number

    assert manager.ok("GET", "/orders/{}".format(number))["chat"]["unread"] == 1
    assert manager.ok("GET", "/orders", params={"scope": "managed", "number": number})["items"][0]["unread"] == 1
    download = manager.get("/attachments/" + photo["id"])
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["Content-Type"] == "image/png" and download.headers["X-Content-Type-Options"] == "nosniff"

    receipt = upload(manager, "Счет.pdf", PDF, "application/pdf")
    manager.ok("POST", path, 201, json={"text": "Будет готов через 10 минут", "attachment_ids": [receipt["id"]]})
    secret = upload(manager, "заметка.txt", b"only staff", "text/plain")
    note = manager.ok("POST", path, 201, json={"text": "Клиент постоянный, добавить печенье",
                                                 "visibility": "internal", "attachment_ids": [secret["id"]]})
    assert posted.wait(lambda e: e["data"]["message_id"] == note["id"])["data"]["visibility"] == "internal"
    assert manager.ok("GET", "/orders/{}".format(number))["chat"]["unread"] == 0  # writing means having read

    seen = client.ok("GET", path)
    assert [m["text"] for m in seen["items"]] == ["Будет готов через 10 минут", "Здравствуйте! Когда будет готов мой заказ?"]
    assert seen["unread"] == 1 and seen["total"] == 2  # the internal note is not there, not even counted
    assert client.ok("GET", "/orders", params={"number": number})["items"][0]["unread"] == 1
    assert client.get("/attachments/" + receipt["id"]).content == PDF
    assert_problem(client.get("/attachments/" + secret["id"]), 404, "attachment_not_found")
    assert_problem(make_user().get("/attachments/" + photo["id"]), 404, "attachment_not_found")
    staff_view = manager.ok("GET", path)
    assert [m["visibility"] for m in staff_view["items"]] == ["internal", "public", "public"]

    read = client.ok("POST", path + "/read", json={})
    assert read == {"unread": 0, "last_read_seq": 2}
    assert client.ok("GET", "/orders/{}".format(number))["chat"] == {"unread": 0, "last_read_seq": 2}
    assert_problem(client.post(path + "/read", json={"message_id": note["id"]}), 404, "message_not_found")
    client.ok("POST", path, 201, json={"text": "Спасибо!"})
    assert manager.ok("GET", path)["unread"] == 1
    manager.ok("POST", path + "/read", json={"message_id": staff_view["items"][0]["id"]})
    assert manager.ok("GET", path)["unread"] == 1   # read up to the note: "Спасибо!" is still new


def test_chat_refuses_what_it_must(system, make_user, staff, catalog):
    client, stranger = make_user(), make_user()
    number = coffee_order(client, catalog)["number"]
    path = "/orders/{}/messages".format(number)
    assert_problem(client.post(path, json={"text": "   "}), 422)
    assert_problem(client.post(path, json={"text": "x" * 4001}), 422)
    assert_problem(client.post(path, json={"text": "Тайна", "visibility": "internal"}), 403, "internal_message_staff_only")
    assert_problem(client.post(path, json={"text": "Чужое", "attachment_ids": [
        upload(stranger, "a.png", PNG, "image/png")["id"]]}), 422)
    used = upload(client, "b.png", PNG, "image/png")
    client.ok("POST", path, 201, json={"text": "Раз", "attachment_ids": [used["id"]]})
    assert_problem(client.post(path, json={"text": "Два", "attachment_ids": [used["id"]]}), 422)
    assert_problem(upload(client, "run.exe", b"MZ\x90\x00", "application/x-msdownload", status=422), 422,
                   "attachment_type_not_allowed")
    assert_problem(upload(client, "fake.png", b"GIF89a not a png", "image/png", status=422), 422,
                   "attachment_type_mismatch")
    assert_problem(upload(client, "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf", status=422), 422,
                   "attachment_too_large")
    assert_problem(client.post("/attachments", json={"file": "nope"}), 422)
    assert_problem(stranger.get(path), 404, "order_not_found")
