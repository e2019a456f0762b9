"""The rules of notifications, with nothing running: routing, preferences, quiet hours,
planning, the delivery state machine."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import Conflict, RuleBroken
from services.notifications.domain import delivery, preferences
from services.notifications.domain.messages import BUILT_IN, LANGUAGES
from services.notifications.domain.planning import Reach, plan
from services.notifications.domain.quiet_hours import QuietHours, QuietHoursProblem
from services.notifications.domain.routing import (
    CATEGORIES, CHANNELS, ROUTES, AccountUsers, Address, User, account_copies, route_for,
)
from services.notifications.events import READS

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 15:00 in Moscow


# --- routing ---------------------------------------------------------------------------

def chat(**data):
    base = {"order_number": 1009909, "message_id": "m1", "applicant_id": "client", "executor_id": "admin",
            "author_id": "client", "author_kind": "client", "visibility": "public", "text": "Когда?"}
    return route_for("orders", "chat_message_posted").audience({**base, **data})


def test_a_client_message_reaches_the_executor_only():
    assert chat() == [User("admin")]


def test_a_public_staff_message_reaches_the_applicant():
    assert chat(author_id="admin", author_kind="staff") == [User("client")]


def test_an_internal_message_never_reaches_the_client():
    assert chat(author_id="manager", author_kind="staff", visibility="internal") == [User("admin")]
    assert chat(author_id="admin", author_kind="staff", visibility="internal") == []


def test_while_an_order_has_no_executor_its_services_managers_hear_the_client():
    assert chat(executor_id=None, manager_ids=["m1", "m2"]) == [User("m1"), User("m2")]
    assert chat(executor_id=None, manager_ids=["m1"], author_id="m1", author_kind="staff",
                visibility="internal") == []


def test_a_new_order_is_news_for_its_handlers_and_for_a_client_staff_ordered_for():
    route = route_for("orders", "order_created")
    placed = {"applicant_id": "client", "executor_id": None, "manager_ids": ["m1"], "created_by": "client"}
    assert route.audience(placed) == [User("m1")]
    on_behalf = dict(placed, created_by="m1")
    assert route.audience(on_behalf) == [User("client")]


def test_system_messages_notify_through_their_own_events():
    assert chat(author_id=None, author_kind="system") == []


def test_whoever_acted_is_not_told_about_it():
    route = route_for("orders", "order_status_changed")
    data = {"applicant_id": "client", "executor_id": "admin", "changed_by": "admin"}
    assert route.audience(data) == [User("client")]
    shared = route_for("orders", "access_shared").audience({"user_ids": ["a", "b", "owner"], "shared_by": "owner"})
    assert shared == [User("a"), User("b")]


def test_a_cancellation_notifies_only_when_a_refund_is_due():
    route = route_for("orders", "order_cancelled")
    assert route.audience({"applicant_id": "client", "refund_required": False}) == []
    assert route.audience({"applicant_id": "client", "refund_required": True}) == [User("client")]


def test_a_refund_of_nothing_tells_nobody():
    route = route_for("billing", "refund_completed")
    assert route.audience({"user_id": "u", "amount": 0, "refund_id": None}) == []
    assert route.audience({"user_id": "u", "amount": 5000}) == [User("u")]


def test_account_events_reach_every_account_user_and_registration_its_address():
    assert route_for("billing", "balance_low").audience({"account_id": "acc"}) == [AccountUsers("acc")]
    by_sms = route_for("identity", "user_registration_requested").audience(
        {"user_id": "u", "channel": "sms", "email": None, "phone": "+79990001122", "language": "en"})
    assert by_sms == [Address("u", email=None, phone="+79990001122", language="en")]


def test_an_email_to_an_accounts_user_is_copied_to_its_other_users_once():
    members = {"acc": ["owner", "accountant", "lawyer"], "solo": ["manager"]}.__getitem__
    # the owner was e-mailed (twice: two addresses of one account), the lawyer was told too
    assert account_copies(["acc", "acc"], members, {"owner", "lawyer"}) == {"accountant": "acc"}
    # staff on their own accounts: nobody else to copy to; an unknown account: nobody
    assert account_copies(["solo", None], members, {"manager"}) == {}
    # nobody e-mailed: no copies (an inbox-only notice stays where it was sent)
    assert account_copies([], members, set()) == {}


def test_every_route_is_complete():
    for route in ROUTES:
        assert route.category in CATEGORIES + ("account",), route
        assert set(route.channels) <= set(CHANNELS), route
        assert route.key in READS, "no payload contract for {}".format(route.key)
        assert set(BUILT_IN[route.template]) == set(LANGUAGES), "texts of {}".format(route.template)
    critical = {r.event_type for r in ROUTES if r.critical and r.category != "account"}
    assert critical == {"payment_failed"}


# --- preferences (N2) ------------------------------------------------------------------

def test_every_box_is_ticked_by_default():
    grid = preferences.grid(None)
    assert set(grid) == set(CATEGORIES)
    assert all(all(row.values()) and set(row) == set(CHANNELS) for row in grid.values())


def test_a_change_touches_only_what_it_names():
    stored = preferences.change({}, {"news": {"sms": False}})
    assert stored["news"]["sms"] is False and stored["news"]["email"] is True
    assert all(stored["services"].values())
    assert preferences.allows(stored, "news", "sms") is False
    assert preferences.allows(stored, "news", "email") is True


def test_critical_and_account_messages_cannot_be_turned_off():
    stored = preferences.change({}, {"financial": {c: False for c in CHANNELS}})
    assert preferences.allows(stored, "financial", "email") is False
    assert preferences.allows(stored, "financial", "email", critical=True) is True
    assert preferences.allows(stored, "account", "sms") is True


def test_unknown_categories_and_channels_are_refused():
    with pytest.raises(preferences.PreferenceProblem) as problem:
        preferences.change({}, {"spam": {"email": False}, "news": {"fax": False}})
    assert set(problem.value.errors) == {"spam", "news"}


# --- quiet hours -----------------------------------------------------------------------

def at_moscow(hour, minute=0, day=10):
    return datetime(2026, 3, day, hour - 3, minute, tzinfo=UTC) if hour >= 3 else \
        datetime(2026, 3, day - 1, hour + 21, minute, tzinfo=UTC)


def test_a_window_across_midnight_ends_the_next_morning_in_the_users_zone():
    night = QuietHours.parse("22:00", "08:00", "Europe/Moscow")
    assert night.until(at_moscow(23, 30)) == datetime(2026, 3, 11, 5, 0, tzinfo=UTC)  # 08:00 MSK
    assert night.until(at_moscow(2, 0, day=11)) == datetime(2026, 3, 11, 5, 0, tzinfo=UTC)
    assert night.until(at_moscow(12, 0)) is None
    assert night.until(at_moscow(8, 0)) is None  # the end is not quiet any more
    assert night.until(at_moscow(22, 0)) is not None


def test_a_daytime_window_and_another_zone():
    nap = QuietHours.parse("13:00", "15:00", "Asia/Yekaterinburg")  # UTC+5
    assert nap.until(datetime(2026, 3, 10, 8, 30, tzinfo=UTC)) == datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    assert nap.until(datetime(2026, 3, 10, 10, 0, tzinfo=UTC)) is None


def test_quiet_hours_follow_daylight_saving_time():
    night = QuietHours.parse("23:00", "07:00", "Europe/Berlin")  # clocks go forward on 2026-03-29
    assert night.until(datetime(2026, 3, 28, 23, 0, tzinfo=UTC)) == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)


def test_bad_quiet_hours_are_refused():
    with pytest.raises(QuietHoursProblem) as problem:
        QuietHours.parse("25:00", "08:00", "Mars/Olympus")
    assert set(problem.value.errors) == {"start", "timezone"}
    with pytest.raises(QuietHoursProblem):
        QuietHours.parse("08:00", "08:00", "Europe/Moscow")


# --- planning --------------------------------------------------------------------------

EVERYWHERE = Reach(email="u@x.io", phone="+79990001122", has_devices=True, telegram_chat="42")


def channels(planned):
    return {p.channel: p.not_before for p in planned}


def test_every_reachable_channel_by_default():
    route = route_for("orders", "chat_message_posted")
    assert set(channels(plan(route, EVERYWHERE, None, None, NOW))) == set(CHANNELS)
    assert set(channels(plan(route, Reach(email="u@x.io"), None, None, NOW))) == {"inbox", "email"}


def test_turning_a_category_off_for_a_channel_stops_that_channel_only():
    route = route_for("orders", "chat_message_posted")
    stored = preferences.change({}, {"services": {"push": False}, "news": {"email": False}})
    assert set(channels(plan(route, EVERYWHERE, stored, None, NOW))) == set(CHANNELS) - {"push"}


def test_quiet_hours_hold_back_push_sms_and_telegram_until_they_end():
    route = route_for("orders", "chat_message_posted")
    quiet = QuietHours.parse("14:00", "16:00", "Europe/Moscow")  # NOW is 15:00 there
    planned = channels(plan(route, EVERYWHERE, None, quiet, NOW))
    end = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert planned == {"inbox": NOW, "email": NOW, "sms": end, "push": end, "telegram": end}


def test_critical_notices_ignore_quiet_hours_and_preferences():
    route = route_for("billing", "payment_failed")
    quiet = QuietHours.parse("14:00", "16:00", "Europe/Moscow")
    stored = preferences.change({}, {"financial": {c: False for c in CHANNELS}})
    planned = channels(plan(route, EVERYWHERE, stored, quiet, NOW))
    assert planned == {c: NOW for c in CHANNELS}


def test_a_registration_link_goes_to_the_address_only():
    route = route_for("identity", "user_registration_requested")
    planned = plan(route, Reach(registered=False, email="new@x.io"), None, None, NOW)
    assert [(p.channel, p.address) for p in planned] == [("email", "new@x.io")]


# --- the delivery state machine (N6) ---------------------------------------------------

POLICY = delivery.RetryPolicy(max_attempts=4, base_delay=30, max_delay=100)


def test_backoff_doubles_and_is_capped():
    assert [POLICY.delay(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_an_attempt_leads_to_sent_retrying_failed_or_dead():
    assert delivery.after_attempt(POLICY, 1, delivery.DELIVERED, NOW).status == delivery.SENT
    retry = delivery.after_attempt(POLICY, 2, delivery.TEMPORARY, NOW)
    assert retry.status == delivery.RETRYING and retry.retry_at == NOW + timedelta(seconds=60)
    assert delivery.after_attempt(POLICY, 1, delivery.PERMANENT, NOW).status == delivery.FAILED
    assert delivery.after_attempt(POLICY, 4, delivery.TEMPORARY, NOW).status == delivery.DEAD


def test_only_failed_or_dead_deliveries_are_replayed():
    assert delivery.replay(delivery.DEAD) == delivery.QUEUED
    for status in (delivery.QUEUED, delivery.SENT, delivery.RETRYING):
        with pytest.raises(RuleBroken) as refused:
            delivery.replay(status)
        assert (refused.value.code, refused.value.kind) == ("delivery_not_replayable", Conflict)

