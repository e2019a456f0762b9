"""I1: registration by e-mail or phone; the link leaves as an event; confirm sets the password."""
from __future__ import annotations

from kit.clock import advance
from tests.integration.client import Client, assert_problem, unique_phone


def register(client, events, **payload):
    probe = events("identity", "user_registration_requested")
    started = client.ok("POST", "/auth/register", 202, json=payload)
    event = probe.wait(lambda e: e["data"]["user_id"] == started["user_id"])
    return started, event


def test_register_by_email_confirm_with_password_then_sign_in(system, events, unique):
    anonymous = Client(system.base_url)
    email = "newcomer-{}@it.platform.local".format(unique)
    started, event = register(anonymous, events, email=email.upper(), first_name="Лера", last_name="Петрова")
    assert started["status"] == "pending" and started["channel"] == "email"
    data = event["data"]
    assert data["email"] == email and data["reason"] == "self_registration" and data["language"] == "ru"
    assert data["confirm_url"].endswith("token=" + data["token"])

    # not yet confirmed: no password, no sign-in
    assert_problem(anonymous.post("/auth/login", json={"login": email, "password": "whatever-1"}), 401, "invalid_credentials")
    # a weak password is refused and the link stays valid
    weak = assert_problem(anonymous.post("/auth/confirm", json={"token": data["token"], "password": "123"}), 422)
    assert "password" in weak["errors"]

    confirmed = anonymous.ok("POST", "/auth/confirm", json={"token": data["token"], "password": "a good password"})
    assert confirmed["user"]["status"] == "active" and confirmed["user"]["is_account_owner"] is True
    assert confirmed["user"]["rights"] == ["users", "finance", "orders", "support"]
    assert confirmed["tokens"]["token_type"] == "Bearer"

    assert_problem(anonymous.post("/auth/confirm", json={"token": data["token"], "password": "another password"}), 422, "code_invalid")
    me = Client(system.base_url).login(email, "a good password").ok("GET", "/me")
    assert me["full_name"] == "Лера Петрова" and me["email"] == email
    assert_problem(anonymous.post("/auth/register", json={"email": email, "first_name": "Лера"}), 409, "already_registered")


def test_register_by_phone_gets_an_sms_link_and_confirms_the_number(system, events, unique):
    anonymous = Client(system.base_url)
    phone = unique_phone()
    started, event = register(anonymous, events, phone=phone, first_name="Алексей", last_name="Трошков")
    assert started["channel"] == "sms" and event["data"]["phone"].startswith("+79")
    confirmed = anonymous.ok("POST", "/auth/confirm", json={"token": event["data"]["token"], "password": "phone password"})
    assert confirmed["user"]["phone_status"] == "confirmed"
    Client(system.base_url).login(phone, "phone password")  # the phone number is a login too


def test_registration_link_expires(system, events, redis_client, test_run, unique):
    anonymous = Client(system.base_url)
    _, event = register(anonymous, events, email="late-{}@it.platform.local".format(unique), first_name="Опоздавший")
    advance(redis_client, test_run.redis_prefix, 25 * 3600)  # the link lives 24 hours
    assert_problem(anonymous.post("/auth/confirm", json={"token": event["data"]["token"], "password": "too late now"}),
                   422, "token_expired")


def test_bad_registration_input_is_refused_and_nothing_is_stored(system, events, unique):
    anonymous = Client(system.base_url)
    probe = events("identity", "user_registration_requested")
    email = "careful-{}@it.platform.local".format(unique)
    cases = [
        ({}, "first_name"),
        ({"first_name": "Без контакта"}, "_schema"),
        ({"email": email, "phone": "+7 900 000 00 00", "first_name": "Оба"}, "_schema"),
        ({"email": "not-an-email", "first_name": "Иван"}, "email"),
        ({"phone": "call me", "first_name": "Иван"}, "phone"),
        ({"email": email, "first_name": ""}, "first_name"),
        ({"email": email, "first_name": "Иван", "language": "de"}, "language"),
        ({"email": email, "first_name": "Иван", "is_admin": True}, "is_admin"),
    ]
    for payload, field in cases:
        problem = assert_problem(anonymous.post("/auth/register", json=payload), 422, "validation_failed")
        assert field in problem["errors"], (payload, problem)
    assert_problem(anonymous.post("/auth/register", data="{not json", headers={"Content-Type": "application/json"}), 400)
    assert probe.drain() == []
    # nothing was stored: the e-mail is still free
    started = anonymous.ok("POST", "/auth/register", 202, json={"email": email, "first_name": "Иван"})
    assert started["status"] == "pending"
