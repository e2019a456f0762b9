"""Manual 000 "Отправка сообщения в чате", told with the real orders service: the client
writes in the order chat and the administrator (the executor) gets a push; an internal
note reaches staff only; the executor's answer reaches the client."""
from __future__ import annotations

from tests.integration.orders_support import coffee_order


def test_a_chat_message_in_a_real_order_pushes_the_executor_and_never_leaks_a_note(story, make_user, staff,  # noqa: F811
                                                                                   catalog, fakes, unique):  # noqa: F811
    client = make_user()
    executor, manager = make_user(roles=["executor"]), staff.manager
    number = coffee_order(client, catalog)["number"]
    manager.ok("PATCH", "/orders/{}".format(number), json={"assignee_id": executor.user["id"]})
    story.inbox_entry(executor, "order_assigned", lambda n: n["data"]["order_number"] == number)
    executor_phone = "fcm-real-executor-{}-{}".format(unique, "q" * 20)
    client_phone = "fcm-real-client-{}-{}".format(unique, "q" * 20)
    executor.ok("POST", "/notifications/devices", 201, json={"token": executor_phone, "platform": "android"})
    client.ok("POST", "/notifications/devices", 201, json={"token": client_phone, "platform": "ios"})
    path = "/orders/{}/messages".format(number)

    client.ok("POST", path, 201, json={"text": "Здравствуйте! Когда будет готов мой заказ?"})
    (push,) = fakes.wait("push", executor_phone, timeout=10)
    assert push["title"] == "Новое сообщение по заказу №{}".format(number)
    assert push["body"] == "Здравствуйте! Когда будет готов мой заказ?"

    manager.ok("POST", path, 201, json={"text": "Клиент постоянный, добавить печенье", "visibility": "internal"})
    fakes.wait("push", executor_phone, count=2)
    executor.ok("POST", path, 201, json={"text": "Будет готов через 10 минут"})
    (answer,) = fakes.wait("push", client_phone)
    assert answer["body"] == "Будет готов через 10 минут"

    seen = [n["body"] for n in client.ok("GET", "/notifications", params={"per_page": 100})["items"]
            if n["data"].get("order_number") == number]
    assert "Клиент постоянный, добавить печенье" not in seen and "Будет готов через 10 минут" in seen
    assert all("печенье" not in p["body"] for p in fakes.push(client_phone))
