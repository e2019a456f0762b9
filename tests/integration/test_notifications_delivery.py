"""N1, N3, N5, N6 and quiet hours, told as stories: orders and billing events (published
here as those services will) reach the right people on the right channels, once."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.integration.client import unique_phone
from tests.integration.notifying import order_number


def device(person, unique: str, name: str) -> str:
    token = "fcm-{}-{}-{}".format(name, unique, "x" * 24)
    person.ok("POST", "/notifications/devices", 201, json={"token": token, "platform": "android"})
    return token


def chat_message(client, executor, number: int, **overrides) -> dict:
    data = {"order_number": number, "message_id": "msg-{}".format(number), "service_name": "Уборка офиса",
            "author_id": client.user["id"], "author_kind": "client", "visibility": "public",
            "text": "Подскажите, когда придет мастер?", "applicant_id": client.user["id"],
            "executor_id": executor.user["id"], "attachment_count": 0,
            "account_id": client.user["account_id"], "manager_ids": [], "system_code": None}
    data.update(overrides)
    return data


def status_change(person, number: int, **overrides) -> dict:
    data = {"order_number": number, "kind": "simple", "service_id": "svc-1", "service_name": "Уборка офиса",
            "account_id": person.user["account_id"], "applicant_id": person.user["id"], "executor_id": None,
            "from_status": "in_progress", "to_status": "done_awaiting_confirmation", "changed_by": None,
            "reason": None, "action": "mark_done", "auto_confirm_at": None}
    data.update(overrides)
    return data


# --- manual 000: a new chat message, push to the administrator --------------------------

def test_a_clients_chat_message_reaches_the_executors_inbox_and_phone(story, make_user, fakes, unique):
    client, executor = make_user(), make_user(roles=["executor"])
    executor_phone, client_phone = device(executor, unique, "executor"), device(client, unique, "client")
    number = order_number()

    story.publish("orders", "chat_message_posted", chat_message(client, executor, number))

    (push,) = fakes.wait("push", executor_phone, timeout=10)
    assert push["title"] == "Новое сообщение по заказу №{}".format(number)
    assert push["body"] == "Подскажите, когда придет мастер?"
    assert push["data"]["order_number"] == str(number) and push["data"]["type"] == "chat_message_posted"
    entry = story.inbox_entry(executor, "chat_message_posted", timeout=10)
    assert entry["read"] is False and entry["data"]["order_number"] == number
    assert entry["link"].endswith("/orders/{}".format(number))
    assert fakes.push(client_phone) == []  # the author hears nothing of their own message

    # a manager's internal note reaches the executor and never the client
    manager = make_user(roles=["rental_manager"])
    internal = story.publish("orders", "chat_message_posted", chat_message(
        client, executor, number, message_id="internal-{}".format(number), author_id=manager.user["id"],
        author_kind="staff", visibility="internal", text="Клиент капризный, не спорить"))
    fakes.wait("push", executor_phone, count=2)
    assert story.deliveries(internal["event_id"], recipient=client.user["id"]) == []
    assert fakes.push(client_phone) == []
    assert not [n for n in client.ok("GET", "/notifications")["items"] if n["data"].get("order_number") == number]


def test_the_same_event_delivered_twice_notifies_once(story, make_user, fakes, unique):
    client, executor = make_user(), make_user(roles=["executor"])
    phone = device(executor, unique, "twice")
    first = story.publish("orders", "chat_message_posted", chat_message(client, executor, order_number()))
    story.publish("orders", "chat_message_posted", first["data"], event_id=first["event_id"],
                  correlation_id=first["correlation_id"])  # the broker redelivers it

    story.handled(first["correlation_id"], count=2)  # both copies were consumed
    assert len(fakes.push(phone)) == 1
    items = executor.ok("GET", "/notifications")["items"]
    assert len([n for n in items if n["data"].get("message_id") == first["data"]["message_id"]]) == 1
    assert sorted(d["channel"] for d in story.deliveries(first["event_id"])) == ["email", "push"]


# --- N4 with N1: the e-mail channel, its template and language --------------------------

def test_an_email_in_the_recipients_language_with_the_events_template(story, make_user, fakes):
    english, russian = make_user(language="en"), make_user()
    number = order_number()
    story.publish("orders", "order_status_changed", status_change(english, number))
    story.publish("orders", "order_status_changed", status_change(russian, number + 1))

    (mail,) = fakes.wait_mail(english.user["email"])
    assert mail["subject"] == "Order No. {}: Done. Awaiting confirmation".format(number)
    assert mail["headers"]["Content-Language"] == "en"
    assert mail["headers"]["X-Notification-Type"] == "order_status_changed"
    assert "In progress → Done. Awaiting confirmation" in mail["text"]
    assert '/orders/{}"'.format(number) in mail["html"] and "<html lang=\"en\">" in mail["html"]
    (mail,) = fakes.wait_mail(russian.user["email"])
    assert mail["subject"] == "Заказ №{}: Выполнен. Ожидает подтверждения".format(number + 1)
    assert mail["headers"]["Content-Language"] == "ru"


# --- N2: preferences --------------------------------------------------------------------

def test_turning_a_category_off_for_a_channel_stops_that_channel_only(story, make_user, fakes, unique):
    person = make_user(phone=unique_phone())
    phone = device(person, unique, "prefs")
    grid = person.ok("PUT", "/notifications/preferences", json={"categories": {"services": {"email": False}}})
    assert grid["categories"]["services"]["email"] is False and grid["categories"]["financial"]["email"] is True

    muted = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    story.delivery(muted["event_id"], "push", lambda d: d["status"] == "sent")
    story.delivery(muted["event_id"], "sms", lambda d: d["status"] == "sent")
    story.inbox_entry(person, "order_status_changed", lambda n: n["data"]["order_number"] == muted["data"]["order_number"])
    assert [d["channel"] for d in story.deliveries(muted["event_id"])] != [] and \
        "email" not in {d["channel"] for d in story.deliveries(muted["event_id"])}
    assert len(fakes.push(phone)) == 1

    # another category still e-mails, and turning it back on applies to the next event
    story.publish("billing", "balance_low", {"account_id": person.user["account_id"], "balance": 1500,
                                             "threshold": 10000, "currency": "RUB"})
    (mail,) = fakes.wait_mail(person.user["email"])
    assert mail["subject"] == "На лицевом счете заканчиваются средства"
    person.ok("PUT", "/notifications/preferences", json={"categories": {"services": {"email": True}}})
    story.publish("orders", "order_status_changed", status_change(person, order_number()))
    fakes.wait_mail(person.user["email"], count=2)


# --- N6: reliable delivery ------------------------------------------------------------

def test_a_provider_failing_twice_then_answering_gives_one_sent_delivery(story, make_user, fakes):
    person = make_user(phone=unique_phone())
    number = person.user["phone"]
    fakes.fail("sms", number, 500, 500)

    event = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    story.delivery(event["event_id"], "sms", lambda d: d["status"] == "retrying" and d["attempts"] == 1)
    story.delivery(event["event_id"], "email", lambda d: d["status"] == "sent")  # not held back
    story.advance(30)  # the first backoff
    story.delivery(event["event_id"], "sms", lambda d: d["status"] == "retrying" and d["attempts"] == 2)
    story.advance(60)  # doubled
    sent = story.delivery(event["event_id"], "sms", lambda d: d["status"] == "sent")

    assert sent["attempts"] == 3 and sent["last_error"] is None
    assert fakes.attempts("sms", number) == 3
    (sms,) = fakes.sms(number)
    assert "Выполнен. Ожидает подтверждения" in sms["text"]
    assert len(story.deliveries(event["event_id"], channel="sms")) == 1


def test_a_dead_provider_ends_dead_without_holding_back_other_channels(story, make_user, fakes, unique):
    person = make_user(phone=unique_phone())
    phone = device(person, unique, "dead")
    fakes.always_fail("push", phone)

    event = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    fakes.wait_mail(person.user["email"])
    fakes.wait("sms", person.user["phone"])
    story.inbox_entry(person, "order_status_changed")
    for attempt, backoff in enumerate((30, 60, 120), start=1):
        story.delivery(event["event_id"], "push", lambda d: d["status"] == "retrying" and d["attempts"] == attempt)
        story.advance(backoff)
    dead = story.delivery(event["event_id"], "push", lambda d: d["status"] == "dead")

    assert dead["attempts"] == 4 and "HTTP 500" in dead["last_error"]
    assert fakes.attempts("push", phone) == 4 and fakes.push(phone) == []
    statuses = {d["channel"]: d["status"] for d in story.deliveries(event["event_id"])}
    assert statuses == {"email": "sent", "sms": "sent", "push": "dead"}

    # once the provider works again an operator sends it again
    fakes.fail("push", phone, then=200)
    story.admin.ok("POST", "/notifications/deliveries/{}/retry".format(dead["id"]))
    story.delivery(event["event_id"], "push", lambda d: d["status"] == "sent")
    assert len(fakes.push(phone)) == 1


def test_a_push_token_the_provider_no_longer_knows_is_forgotten(story, make_user, fakes, unique):
    person = make_user()
    stale = "dead-fcm-{}-{}".format(unique, "y" * 24)
    person.ok("POST", "/notifications/devices", 201, json={"token": stale, "platform": "ios"})
    live = device(person, unique, "alive")

    event = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    story.delivery(event["event_id"], "push", lambda d: d["status"] == "sent")
    assert len(fakes.push(live)) == 1
    tokens = [d["token"] for d in person.ok("GET", "/notifications/devices")["items"]]
    assert stale not in tokens and live in tokens


# --- quiet hours, and the critical notices that ignore them ---------------------------

def test_quiet_hours_hold_push_until_they_end_but_not_a_failed_payment(story, make_user, fakes, unique):
    person = make_user()
    phone = device(person, unique, "night")
    local = story.now().astimezone(ZoneInfo("Europe/Moscow"))
    start, end = local - timedelta(minutes=30), local + timedelta(minutes=60)
    person.ok("PUT", "/notifications/preferences", json={"quiet_hours": {
        "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"), "timezone": "Europe/Moscow"}})

    news = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    fakes.wait_mail(person.user["email"])  # e-mail and inbox do not wait
    story.inbox_entry(person, "order_status_changed")
    held = story.delivery(news["event_id"], "push")
    assert held["status"] == "queued" and held["attempts"] == 0
    assert held["next_attempt_at"].startswith(end.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M"))

    failed = story.publish("billing", "payment_failed", {
        "payment_id": "pay-" + unique, "account_id": person.user["account_id"], "user_id": person.user["id"],
        "purpose": "order", "order_number": news["data"]["order_number"], "amount": 18000, "currency": "RUB",
        "reason": "Недостаточно средств"})
    (alarm,) = fakes.wait("push", phone)
    assert alarm["title"] == "Платеж не прошел" and "180" in alarm["body"]
    assert story.delivery(failed["event_id"], "push")["critical"] is True
    assert story.delivery(news["event_id"], "push")["status"] == "queued"

    story.advance(61 * 60)  # the night is over
    story.delivery(news["event_id"], "push", lambda d: d["status"] == "sent")
    assert [p["data"]["type"] for p in fakes.push(phone)] == ["payment_failed", "order_status_changed"]


# --- N5: an e-mail to an account is kept in the inbox of all its users ----------------

def colleague(owner, system, fakes, email: str, rights: list[str]):
    """A trusted user the owner adds to their account (I3), signed in; and their invitation."""
    from tests.integration.client import Client
    from tests.integration.notifying import link_in, token_of

    owner.ok("POST", "/account/users", 201, json={"email": email, "first_name": "Аня", "rights": rights})
    (invitation,) = fakes.wait_mail(email)
    Client(system.base_url).ok("POST", "/auth/confirm", json={"token": token_of(link_in(invitation["text"])),
                                                               "password": "colleague pass 1"})
    return Client(system.base_url).login(email, "colleague pass 1"), invitation


def test_an_account_email_is_kept_in_every_account_users_inbox(story, system, make_user, fakes, unique):
    owner = make_user()
    email = "accountant-{}@it.platform.local".format(unique)
    accountant, invitation = colleague(owner, system, fakes, email, ["finance"])

    paid = story.publish("billing", "payment_succeeded", {
        "payment_id": "pay-" + unique, "payment_number": int(unique[:6], 16),
        "account_id": owner.user["account_id"], "user_id": owner.user["id"], "purpose": "top_up",
        "order_number": None, "amount": 500000, "commission": 0, "currency": "RUB", "method": "card",
        "provider": "sandbox", "paid_at": story.now().isoformat(), "order_paid_total": None,
        "order_remaining": None, "order_fully_paid": None})

    (mail,) = fakes.wait_mail(owner.user["email"])
    assert "5\u00a0000\u00a0₽" in mail["text"] and "на лицевой счет" in mail["text"]
    copy = story.inbox_entry(accountant, "payment_succeeded")
    assert copy["title"] == mail["subject"] and copy["data"]["account_copy"] is True
    assert copy["category"] == "financial"
    assert fakes.mail(email) == [invitation]  # a copy in the inbox, not another e-mail
    assert {d["recipient"] for d in story.deliveries(paid["event_id"])} == {owner.user["id"]}


def test_every_email_to_the_account_not_only_a_payment_is_kept_for_its_users(story, system, make_user, fakes,
                                                                             unique):
    """Manual 004, «Уведомления»: every notice e-mailed to the account is available to all
    its trusted users — an order's status as much as a payment; once, however often the
    event comes; and what staff hear about the order stays theirs."""
    owner, executor = make_user(), make_user(roles=["executor"])
    email = "lawyer-{}@it.platform.local".format(unique)
    lawyer, invitation = colleague(owner, system, fakes, email, ["orders"])
    number = order_number()

    done = story.publish("orders", "order_status_changed", status_change(owner, number, executor_id=executor.user["id"]))
    (mail,) = fakes.wait_mail(owner.user["email"])
    assert str(number) in mail["subject"]
    copy = story.inbox_entry(lawyer, "order_status_changed", lambda n: n["data"]["order_number"] == number)
    assert copy["title"] == mail["subject"] and copy["data"]["account_copy"] is True
    assert copy["category"] == "services" and copy["link"].endswith("/orders/{}".format(number))
    assert fakes.mail(email) == [invitation]  # a copy in the inbox, not another e-mail

    # the same event again (a redelivery) leaves no second copy
    story.publish("orders", "order_status_changed", done["data"], event_id=done["event_id"],
                  correlation_id=done["correlation_id"])
    story.handled(done["correlation_id"], 2)
    copies = [n for n in lawyer.ok("GET", "/notifications", params={"per_page": 100})["items"]
              if n["type"] == "order_status_changed" and n["data"]["order_number"] == number]
    assert len(copies) == 1
    # the executor's own notice is not the account's: the owner keeps only their own
    owners = [n for n in owner.ok("GET", "/notifications", params={"per_page": 100})["items"]
              if n["type"] == "order_status_changed" and n["data"]["order_number"] == number]
    assert len(owners) == 1 and "account_copy" not in owners[0]["data"]
    assert {d["recipient"] for d in story.deliveries(done["event_id"])} == {owner.user["id"], executor.user["id"]}


# --- with the real billing service: a top-up through the sandbox provider --------------

def test_a_top_up_credited_by_billing_reaches_the_payer(story, make_user, fakes):
    from tests.integration.billing_support import confirm_at_sandbox

    person = make_user(language="en")
    payment = person.ok("POST", "/billing/top-ups", 201, json={"amount": 50000})
    confirm_at_sandbox(payment["confirmation_url"])

    (mail,) = fakes.wait_mail(person.user["email"])
    assert mail["subject"] == "Payment {} received".format(payment["number"])
    assert "500\u00a0₽" in mail["text"] and "personal account" in mail["text"]
    entry = story.inbox_entry(person, "payment_succeeded")
    assert entry["category"] == "financial" and entry["data"]["payment_id"] == payment["id"]
