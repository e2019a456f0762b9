"""Identity rules with no I/O."""
from __future__ import annotations

import time

import pyotp
import pytest

from kit.errors import InputRuleBroken, NotPermitted, RuleBroken
from services.identity.domain import accounts, credentials, people


@pytest.mark.parametrize("raw, expected", [
    ("+7 (342) 254-54-54", "+73422545454"),   # manual 001
    ("+7 (965) 577-65-00", "+79655776500"),   # manual 002
    ("8 965 577 65 00", "+79655776500"),      # Russian trunk prefix
    ("9655776500", "+79655776500"),           # mobile without country code
    ("+44 20 7946 0958", "+442079460958"),
    ("3422545454", "+73422545454"),           # a Perm landline without country code (was "+3422545454")
    ("8 (342) 254-54-54", "+73422545454"),
    ("810 44 20 7946 0958", "+442079460958"),  # the Russian international prefix
    ("+1 650 253 0000", "+16502530000"),
])
def test_phone_numbers_are_normalized_to_e164(raw, expected):
    assert people.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "+7 (342) abc", "1" * 16, "call me", None,
                                 "+7 (000) 000-00-00",   # no such range in Russia
                                 "+7 965 577 65 0",       # a digit short
                                 "+999 123 456 789"])     # no such country
def test_things_that_are_not_phone_numbers(raw):
    assert people.normalize_phone(raw) is None


def test_search_form_folds_case_and_yo():
    assert people.search_form("  Семёнова   МАРИЯ ") == "семенова мария"
    assert people.search_terms("Мар  СПИР") == ["мар", "спир"]
    assert people.search_terms("   ") == []
    assert people.name_search_form("Семён", "Ёлкин") == "семен елкин"
    assert people.name_search_form("Administrator", "") == "administrator"


@pytest.mark.parametrize("email, ok", [("a@b.co", True), ("no-at.example", False), ("a@b", False), ("a b@c.de", False)])
def test_email_shape(email, ok):
    assert people.is_email(email) is ok


def test_password_hash_is_argon2id_and_verifies_only_the_password():
    hashed = credentials.hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert credentials.verify_password(hashed, "correct horse")
    assert not credentials.verify_password(hashed, "wrong horse")
    assert not credentials.verify_password(None, "anything")
    assert not credentials.verify_password("not-a-hash", "anything")


@pytest.mark.parametrize("password, problems", [("short1", 1), ("12345678", 1), ("long enough", 0), ("x" * 129, 1)])
def test_password_rules(password, problems):
    assert len(credentials.password_problems(password)) == problems


def test_link_tokens_are_unique_and_stored_as_digests():
    tokens = {credentials.new_link_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) >= 40 for t in tokens)
    token = tokens.pop()
    assert credentials.same_digest(credentials.digest(token), token)
    assert not credentials.same_digest(credentials.digest(token), token + "x")


def test_totp_accepts_current_and_adjacent_steps_only():
    secret = credentials.new_totp_secret()
    now = time.time()
    totp = pyotp.TOTP(secret)
    step = int(now // 30)
    assert credentials.totp_timestep(secret, totp.at(now), now) == step
    assert credentials.totp_timestep(secret, totp.at(now - 30), now) == step - 1
    assert credentials.totp_timestep(secret, totp.at(now - 120), now) is None
    assert credentials.totp_timestep(secret, "abcdef", now) is None


def test_first_user_has_every_right_and_others_only_known_ones():
    assert accounts.effective_rights(True, []) == list(accounts.RIGHTS)
    assert accounts.effective_rights(False, ["finance", "bogus"]) == ["finance"]
    with pytest.raises(InputRuleBroken) as broken:  # 422
        accounts.check_rights(["finance", "root"])
    assert broken.value.code == "unknown_right"


@pytest.mark.parametrize("change, code, kind", [
    ({"delete": True}, "first_user_cannot_be_deleted", RuleBroken),     # 409
    ({"disable": True}, "first_user_cannot_be_disabled", RuleBroken),
    ({"rights_change": True}, "first_user_rights_fixed", RuleBroken),
    ({"name_change": True}, "first_user_profile_locked", NotPermitted),  # 403
])
def test_what_a_client_may_not_do_to_the_first_user(change, code, kind):
    with pytest.raises(RuleBroken) as broken:
        accounts.check_owner_change(True, **change)
    assert broken.value.code == code
    assert type(broken.value) is kind
    accounts.check_owner_change(False, **change)  # any other user: allowed


def test_only_admins_grant_staff_roles():
    accounts.check_may_grant({"admin"}, ["executor", "admin"])
    accounts.check_may_grant({"rental_manager"}, ["client"])
    with pytest.raises(NotPermitted) as broken:  # 403
        accounts.check_may_grant({"rental_manager"}, ["executor"])
    assert broken.value.code == "role_grant_not_allowed"


def test_unknown_roles_are_invalid_input():
    assert accounts.check_roles(["client", "admin", "client"]) == ["admin", "client"]
    with pytest.raises(InputRuleBroken) as broken:  # 422
        accounts.check_roles(["client", "root"])
    assert broken.value.code == "unknown_role"
