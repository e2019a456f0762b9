"""I4: the profile — names, language, password, and a phone number confirmed by an SMS code."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem, unique_phone


def test_phone_is_confirmed_by_code_and_a_confirmed_one_changes_through_the_old_number(system, make_user, events):
    user = make_user()
    codes = events("identity", "phone_confirmation_requested")
    phone = unique_phone()
    me = user.ok("PATCH", "/me", json={"phone": phone})
    assert me["phone_status"] == "not_confirmed" and me["phone_status_label"] == "Не подтвержден"
    sent = codes.wait(lambda e: e["data"]["user_id"] == user.user["id"])["data"]
    assert sent["purpose"] == "phone_confirm" and sent["phone"] == me["phone"]

    wrong = "000000" if sent["code"] != "000000" else "111111"
    assert_problem(user.post("/me/phone/confirm", json={"code": wrong}), 422, "code_invalid")
    assert_problem(user.post("/me/phone/confirm", json={"code": "12ab"}), 422, "validation_failed")
    confirmed = user.ok("POST", "/me/phone/confirm", json={"code": sent["code"]})
    # manual 004 «Настройки пользователя»: «Номер телефона … Успешно подтвержден»
    assert confirmed["phone_status"] == "confirmed" and confirmed["phone_status_label"] == "Успешно подтвержден"
    assert user.ok("GET", "/me", headers={"Accept-Language": "en-GB,en;q=0.8"})["phone_status_label"] == "Confirmed"

    # manual 004: a confirmed number changes only with a code sent to it first
    assert_problem(user.patch("/me", json={"phone": unique_phone()}), 409, "phone_release_required")
    user.ok("POST", "/me/phone/release", 202)
    release = codes.wait(lambda e: e["data"]["user_id"] == user.user["id"] and e["data"]["purpose"] == "phone_release")["data"]
    assert release["phone"] == me["phone"]
    cleared = user.ok("POST", "/me/phone/confirm", json={"code": release["code"]})
    assert cleared["phone"] is None and cleared["phone_status"] == "none"


def test_wrong_codes_burn_the_code_after_five_attempts(system, make_user, events):
    user = make_user()
    codes = events("identity", "phone_confirmation_requested")
    user.ok("PATCH", "/me", json={"phone": unique_phone()})
    code = codes.wait(lambda e: e["data"]["user_id"] == user.user["id"])["data"]["code"]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert_problem(user.post("/me/phone/confirm", json={"code": wrong}), 422)
    assert_problem(user.post("/me/phone/confirm", json={"code": code}), 422, "no_code_waiting")
    assert user.ok("GET", "/me")["phone_status"] == "not_confirmed"


def test_password_change_needs_the_current_one_and_ends_other_sessions(system, make_user):
    user = make_user()
    refused = assert_problem(user.patch("/me", json={"password": {"current_password": "wrong", "new_password": "brand new pass"}}), 422)
    assert "current_password" in refused["errors"]["password"]
    user.ok("PATCH", "/me", json={"password": {"current_password": user.password, "new_password": "brand new pass"}})
    anonymous = Client(system.base_url)
    assert_problem(anonymous.post("/auth/login", json={"login": user.user["email"], "password": user.password}), 401)
    assert_problem(anonymous.post("/auth/refresh", json={"refresh_token": user.tokens["refresh_token"]}), 401)
    Client(system.base_url).login(user.user["email"], "brand new pass")


def test_first_user_cannot_rename_themselves_but_can_change_language(system, make_user):
    user = make_user()  # created with their own account: its first user
    assert_problem(user.patch("/me", json={"first_name": "Другое"}), 403, "first_user_profile_locked")
    assert user.ok("PATCH", "/me", json={"language": "en"})["language"] == "en"
    assert user.ok("GET", "/me")["first_name"] == user.user["first_name"]


def test_bad_profile_input(system, make_user):
    user = make_user()
    for payload, field in [({}, "_schema"), ({"language": "fr"}, "language"), ({"phone": "12"}, "phone"),
                           ({"email": "x@y.zz"}, "email"), ({"password": {"new_password": "short"}}, "password")]:
        problem = assert_problem(user.patch("/me", json=payload), 422, "validation_failed")
        assert field in problem["errors"], (payload, problem)
    assert user.ok("GET", "/me") == dict(user.user, companies=[], communities=[])
