"""The inbox, preferences, devices, the Telegram link (N7) and the operators' templates
(N4), through the gateway: what each person may see and change."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem
from tests.integration.notifying import order_number


def notice(story, person, number: int, to_status: str = "in_progress") -> dict:
    return story.publish("orders", "order_status_changed", {
        "order_number": number, "kind": "simple", "service_id": "svc", "service_name": "Ремонт кондиционера",
        "account_id": person.user["account_id"], "applicant_id": person.user["id"], "executor_id": None,
        "from_status": "confirmed", "to_status": to_status, "changed_by": None, "reason": None,
        "action": "start_work", "auto_confirm_at": None})


# --- the in-app inbox ("menu of notifications") ---------------------------------------

def test_the_inbox_lists_counts_and_marks_read(story, make_user):
    person, stranger = make_user(), make_user()
    first, second = order_number(), order_number()
    notice(story, person, first)
    story.inbox_entry(person, "order_status_changed", lambda n: n["data"]["order_number"] == first)
    notice(story, person, second, "done_awaiting_confirmation")
    story.inbox_entry(person, "order_status_changed", lambda n: n["data"]["order_number"] == second)

    page = person.ok("GET", "/notifications")
    assert page["total"] == 2 and [n["data"]["order_number"] for n in page["items"]] == [second, first]
    newest = page["items"][0]
    assert newest["title"] == "Заказ №{}: Выполнен. Ожидает подтверждения".format(second)
    assert newest["category"] == "services" and newest["read"] is False
    assert person.ok("GET", "/notifications/unread-count") == {"unread": 2}

    read = person.ok("POST", "/notifications/{}/read".format(newest["id"]))
    assert read["read"] is True and read["read_at"]
    assert person.ok("GET", "/notifications/unread-count") == {"unread": 1}
    unread = person.ok("GET", "/notifications", params={"unread": "true"})["items"]
    assert [n["data"]["order_number"] for n in unread] == [first]
    assert person.ok("GET", "/notifications", params={"unread": "false"})["total"] == 1

    assert_problem(stranger.post("/notifications/{}/read".format(newest["id"])), 404, "notification_not_found")
    assert stranger.ok("GET", "/notifications")["total"] == 0
    assert person.ok("POST", "/notifications/read-all") == {"marked": 1}
    assert person.ok("GET", "/notifications/unread-count") == {"unread": 0}
    assert_problem(Client(story.system.base_url).get("/notifications"), 401)
    assert_problem(person.get("/notifications", params={"per_page": 1000}), 422)


# --- preferences (N2) ----------------------------------------------------------------

def test_preferences_start_all_on_and_refuse_nonsense(make_user):
    person = make_user()
    shown = person.ok("GET", "/notifications/preferences")
    assert set(shown["categories"]) == {"financial", "news", "services", "support"}
    assert all(all(row.values()) for row in shown["categories"].values())
    assert shown["channels"] == ["inbox", "email", "sms", "push", "telegram"]
    assert shown["quiet_hours"] is None and shown["always_on"] == ["payment_failed"]

    changed = person.ok("PUT", "/notifications/preferences", json={
        "categories": {"news": {"sms": False, "telegram": False}},
        "quiet_hours": {"start": "22:30", "end": "07:00", "timezone": "Asia/Yekaterinburg"}})
    assert changed["categories"]["news"] == {"inbox": True, "email": True, "sms": False, "push": True,
                                             "telegram": False}
    assert changed["quiet_hours"] == {"start": "22:30", "end": "07:00", "timezone": "Asia/Yekaterinburg"}
    assert person.ok("GET", "/notifications/preferences") == changed
    assert person.ok("PUT", "/notifications/preferences", json={"quiet_hours": None})["quiet_hours"] is None

    for bad, field in [({}, "_schema"), ({"categories": {"spam": {"email": False}}}, "categories"),
                       ({"categories": {"news": {"fax": False}}}, "categories"),
                       ({"categories": {"news": {"sms": "no"}}}, "categories"),
                       ({"quiet_hours": {"start": "25:00", "end": "07:00"}}, "quiet_hours"),
                       ({"quiet_hours": {"start": "22:00", "end": "07:00", "timezone": "Mars/Base"}}, "quiet_hours"),
                       ({"volume": 11}, "volume")]:
        problem = assert_problem(person.put("/notifications/preferences", json=bad), 422)
        assert field in problem["errors"], (bad, problem)
    assert person.ok("GET", "/notifications/preferences")["categories"]["news"]["sms"] is False


# --- push devices -----------------------------------------------------------------------

def test_devices_are_registered_once_and_only_their_owner_removes_them(make_user, unique):
    person, other = make_user(), make_user()
    token = "fcm-token-{}-{}".format(unique, "z" * 20)
    first = person.ok("POST", "/notifications/devices", 201, json={"token": token, "platform": "android"})
    again = person.ok("POST", "/notifications/devices", 201, json={"token": token, "platform": "android"})
    assert again["id"] == first["id"]
    assert [d["id"] for d in person.ok("GET", "/notifications/devices")["items"]] == [first["id"]]

    assert_problem(other.delete("/notifications/devices/{}".format(first["id"])), 404, "device_not_found")
    assert_problem(person.post("/notifications/devices", json={"token": token, "platform": "nokia"}), 422)
    assert_problem(person.post("/notifications/devices", json={"token": "short", "platform": "ios"}), 422)

    # the phone changed hands: the token now belongs to whoever registered it last
    moved = other.ok("POST", "/notifications/devices", 201, json={"token": token, "platform": "ios"})
    assert moved["id"] == first["id"] and person.ok("GET", "/notifications/devices")["items"] == []
    assert other.ok("DELETE", "/notifications/devices/{}".format(moved["id"])) == {"deleted": moved["id"]}
    assert other.ok("GET", "/notifications/devices")["items"] == []


# --- Telegram: needs_setup → configuring → confirmed (N7) ------------------------------

def webhook(story, update: dict, secret: str | None):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return Client(story.system.base_url).post("/notifications/telegram/webhook", json=update, headers=headers)


def test_telegram_is_linked_by_username_and_confirmed_by_start(story, make_user, fakes, unique):
    person, rival = make_user(), make_user()
    username = "tg_user_" + unique
    # manual 004 «Настройка работы с Telegram»: «notify bot - Требуется настройка»
    assert person.ok("GET", "/me/telegram") == {"username": None, "status": "needs_setup",
                                                 "status_label": "Требуется настройка",
                                                 "bot_username": "platform_test_bot", "confirmed_at": None}
    link = person.ok("PUT", "/me/telegram", json={"username": "@" + username})
    assert link["username"] == username and link["status"] == "configuring"
    assert link["status_label"] == "Настраивается"
    assert person.ok("GET", "/me/telegram", headers={"Accept-Language": "de, en;q=0.5"})["status_label"] == "Configuring"
    assert_problem(rival.put("/me/telegram", json={"username": username.upper()}), 409, "telegram_username_taken")
    assert_problem(person.put("/me/telegram", json={"username": "no"}), 422)

    chat_id = int(unique, 16) % 10 ** 9
    start = fakes.telegram_message("/start", username.upper(), chat_id)
    assert_problem(webhook(story, start, "wrong-secret"), 401, "telegram_secret_invalid")
    assert_problem(webhook(story, start, None), 401)
    assert person.ok("GET", "/me/telegram")["status"] == "configuring"

    secret = fakes.keys["webhook_secret"]
    assert webhook(story, start, secret).json() == {"ok": True}
    assert webhook(story, start, secret).status_code == 200  # Telegram retries: answered once
    confirmed = person.ok("GET", "/me/telegram")
    assert confirmed["status"] == "confirmed" and confirmed["confirmed_at"]
    assert confirmed["status_label"] == "Подтверждено"
    (welcome,) = fakes.wait("telegram", str(chat_id))
    assert welcome["text"].startswith("Telegram подключен")

    notice(story, person, order_number())
    replies = fakes.wait("telegram", str(chat_id), count=2)
    assert "Ремонт кондиционера" in replies[1]["text"]

    # a stranger writing to the bot learns how to link; other messages are ignored
    stranger_chat = chat_id + 1
    webhook(story, fakes.telegram_message("/start", "somebody_" + unique, stranger_chat, "en"), secret)
    (hint,) = fakes.wait("telegram", str(stranger_chat))
    assert "Enter your Telegram username" in hint["text"]
    assert webhook(story, fakes.telegram_message("hello", username, chat_id), secret).status_code == 200

    assert person.ok("PUT", "/me/telegram", json={"username": None})["status"] == "needs_setup"


def test_a_chat_that_blocked_the_bot_needs_a_new_start(story, make_user, fakes, unique):
    person = make_user()
    username, chat_id = "blocker_" + unique, int(unique, 16) % 10 ** 9 + 7
    person.ok("PUT", "/me/telegram", json={"username": username})
    webhook(story, fakes.telegram_message("/start", username, chat_id), fakes.keys["webhook_secret"])
    fakes.wait("telegram", str(chat_id))
    fakes.always_fail("telegram", str(chat_id), 403)

    event = notice(story, person, order_number())
    failed = story.delivery(event["event_id"], "telegram", lambda d: d["status"] == "failed")
    assert "blocked" in failed["last_error"] and failed["attempts"] == 1
    assert person.ok("GET", "/me/telegram")["status"] == "configuring"


# --- templates (N4): operators override texts ------------------------------------------

def test_an_operator_overrides_a_text_and_the_next_notice_uses_it(story, admin, make_user):
    person = make_user()
    path = "/notifications/templates/order_status_changed/inbox/ru"
    built_in = admin.ok("GET", "/notifications/templates", params={"template": "order_status_changed"})["items"]
    assert len(built_in) == 10 and all(not t["overridden"] for t in built_in)

    assert_problem(person.put(path, json={"body": "x"}), 403)
    problem = assert_problem(admin.put(path, json={"body": "{% if %}"}), 422, "template_invalid")
    assert "body" in problem["errors"]
    assert_problem(admin.put(path, json={"body": "{{ ''.__class__.__mro__ }}"}), 422, "template_invalid")
    assert_problem(admin.put("/notifications/templates/no_such_event/inbox/ru", json={"body": "x"}), 422)

    override = admin.ok("PUT", path, json={"subject": "№{{ order_number }} — {{ to_status_label | lower }}",
                                           "body": "Смотрите подробности в приложении."})
    assert override["overridden"] is True and override["updated_by"] == admin.ok("GET", "/me")["id"]
    number = order_number()
    notice(story, person, number)
    entry = story.inbox_entry(person, "order_status_changed", lambda n: n["data"]["order_number"] == number)
    assert entry["title"] == "№{} — в работе".format(number) and entry["body"] == "Смотрите подробности в приложении."

    assert admin.ok("DELETE", path)["overridden"] is False
    assert_problem(admin.delete(path), 404, "template_not_found")
    number = order_number()
    notice(story, person, number)
    entry = story.inbox_entry(person, "order_status_changed", lambda n: n["data"]["order_number"] == number)
    assert entry["title"] == "Заказ №{}: В работе".format(number)


def test_only_administrators_see_deliveries(story, make_user):
    person = make_user()
    assert_problem(person.get("/notifications/deliveries"), 403)
    assert_problem(person.get("/notifications/templates"), 403)
    assert_problem(story.admin.get("/notifications/deliveries", params={"status": "lost"}), 422)
