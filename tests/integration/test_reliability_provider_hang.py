"""A notification provider hanging (issue 12): the SMS provider accepts the request and never
answers. Its delivery fails within the channel's bounded timeout (``DELIVERY_TIMEOUT``) and
is retried later; the e-mail (a real SMTP server), the push and the in-app notice of the same
event arrive while the SMS request still hangs, and so does another person's SMS. When the
provider answers again, the retry sends the SMS once."""
from __future__ import annotations

from kit.testing.wait import wait_for
from tests.integration.client import unique_phone
from tests.integration.notifying import order_number
from tests.integration.test_notifications_delivery import device, status_change


def test_a_hanging_sms_provider_holds_back_only_its_own_delivery(story, system, make_user, fakes, unique):
    timeout = float(system.env["DELIVERY_TIMEOUT"])
    person, other = make_user(phone=unique_phone()), make_user(phone=unique_phone())
    phone, push_token = person.user["phone"], device(person, unique, "hang")
    fakes.hang("sms", phone)

    event = story.publish("orders", "order_status_changed", status_change(person, order_number()))
    wait_for(lambda: fakes.hangs("sms", phone) == [None], timeout=15, message="the SMS request to hang")

    # while the SMS provider holds its request: the other channels of the same event, and
    # another person's SMS, arrive
    (mail,) = fakes.wait_mail(person.user["email"])
    assert "Выполнен. Ожидает подтверждения" in mail["text"]
    fakes.wait("push", push_token)
    story.inbox_entry(person, "order_status_changed")
    story.publish("orders", "order_status_changed", status_change(other, order_number()))
    fakes.wait("sms", other.user["phone"])
    assert fakes.hangs("sms", phone) == [None], "the other deliveries waited for the hanging provider"

    # the hanging delivery gave up after its timeout, and waits for its retry
    failed = story.delivery(event["event_id"], "sms", lambda d: d["status"] == "retrying", timeout=timeout + 15)
    assert failed["attempts"] == 1 and "sms unreachable: ReadTimeout" in failed["last_error"]
    (held,) = fakes.hangs("sms", phone)
    assert timeout - 0.5 <= held <= timeout + 3, held
    statuses = {d["channel"]: d["status"] for d in story.deliveries(event["event_id"])}
    assert statuses == {"email": "sent", "push": "sent", "sms": "retrying"}, statuses

    # the provider answers again: the retry sends the SMS, once
    fakes.fail("sms", phone, then=200)
    story.advance(30)  # the first backoff
    sent = story.delivery(event["event_id"], "sms", lambda d: d["status"] == "sent")
    assert sent["attempts"] == 2
    (sms,) = fakes.sms(phone)
    assert "Выполнен. Ожидает подтверждения" in sms["text"]
    assert fakes.attempts("sms", phone) == 2
