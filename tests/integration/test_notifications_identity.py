"""Item 8, I1, I4, N7: identity's links and codes reach people through notifications, so
registration and phone confirmation work end to end over e-mail and SMS."""
from __future__ import annotations

import re

from tests.integration.client import Client, unique_phone
from tests.integration.notifying import link_in, token_of


def test_register_then_follow_the_emailed_link_then_sign_in(system, fakes, unique):
    anonymous = Client(system.base_url)
    email = "reader-{}@it.platform.local".format(unique)
    anonymous.ok("POST", "/auth/register", 202, json={"email": email, "first_name": "Mary", "language": "en"})

    (mail,) = fakes.wait_mail(email)
    assert mail["subject"] == "Confirm your registration"
    assert mail["headers"]["Content-Language"] == "en"
    assert mail["headers"]["X-Notification-Type"] == "user_registration_requested"
    link = link_in(mail["text"])
    assert link.startswith(system.base_url + "/confirm?token=")
    assert 'href="{}"'.format(link) in mail["html"] and "Hello, Mary!" in mail["text"]

    confirmed = anonymous.ok("POST", "/auth/confirm", json={"token": token_of(link), "password": "from the mail 1"})
    assert confirmed["user"]["email"] == email and confirmed["user"]["status"] == "active"
    me = Client(system.base_url).login(email, "from the mail 1").ok("GET", "/me")
    assert me["email"] == email


def test_register_by_phone_gets_the_link_by_sms(system, fakes):
    anonymous = Client(system.base_url)
    phone = unique_phone()
    started = anonymous.ok("POST", "/auth/register", 202, json={"phone": phone, "first_name": "Алексей"})
    assert started["channel"] == "sms"
    (sms,) = fakes.wait("sms", e164(phone))
    assert sms["text"].startswith("Регистрация в личном кабинете: ")
    confirmed = anonymous.ok("POST", "/auth/confirm", json={"token": token_of(link_in(sms["text"])),
                                                             "password": "from the sms 1"})
    assert confirmed["user"]["phone_status"] == "confirmed"


def e164(phone: str) -> str:
    return "+" + re.sub(r"\D", "", phone)


def test_a_new_phone_number_is_confirmed_with_the_code_sent_by_sms(system, make_user, fakes):
    person = make_user()
    updated = person.ok("PATCH", "/me", json={"phone": unique_phone()})
    assert updated["phone_status"] == "not_confirmed"
    (sms,) = fakes.wait("sms", updated["phone"])
    code = sms["text"].split(": ")[1][:6]
    assert code.isdigit() and "Код подтверждения номера телефона" in sms["text"]
    assert person.ok("POST", "/me/phone/confirm", json={"code": code})["phone_status"] == "confirmed"


def test_an_invited_account_user_sets_a_password_from_the_invitation(system, make_user, fakes, unique):
    owner = make_user()
    email = "colleague-{}@it.platform.local".format(unique)
    owner.ok("POST", "/account/users", 201, json={"email": email, "first_name": "Аня", "rights": ["finance"]})
    (mail,) = fakes.wait_mail(email)
    assert mail["subject"] == "Приглашение в личный кабинет" and "Вас пригласили" in mail["text"]
    Client(system.base_url).ok("POST", "/auth/confirm", json={"token": token_of(link_in(mail["text"])),
                                                               "password": "invited person 1"})
    assert Client(system.base_url).login(email, "invited person 1").ok("GET", "/me")["account_id"] == \
        owner.user["account_id"]
