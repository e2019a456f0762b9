"""Guessing around the per-login limit (issue 12, problem 6): the limit counts failed
sign-ins of the login as identity normalizes it, whatever the spelling; successful
sign-ins do not count, so nobody locks a user out by signing in as them."""
from __future__ import annotations

import uuid

from tests.integration.client import Client, assert_problem


def _phone() -> str:
    digits = "{:07d}".format(uuid.uuid4().int % 10_000_000)
    return "+7 (955) {}-{}-{}".format(digits[:3], digits[3:5], digits[5:])


def spellings(phone: str) -> list[str]:
    d = "".join(c for c in phone if c.isdigit())  # 7955xxxxxxx
    local = d[1:]
    return ["+{}".format(d), "8{}".format(local), local, "+7 {} {} {} {}".format(local[:3], local[3:6], local[6:8], local[8:]),
            "8 ({}) {}-{}-{}".format(local[:3], local[3:6], local[6:8], local[8:]), "+7-{}-{}-{}-{}".format(
                local[:3], local[3:6], local[6:8], local[8:]), " +{} ".format(d), "8-{}-{}".format(local[:3], local[3:]),
            "7{}".format(local), "+7({}){}".format(local[:3], local[3:]), "8 {} {}".format(local[:3], local[3:]),
            "+7 ({}) {}{}{}".format(local[:3], local[3:6], local[6:8], local[8:]), "{} {}".format(local[:3], local[3:]),
            "+7.{}.{}".format(local[:3], local[3:]), "8 ({}) {}".format(local[:3], local[3:])]


def test_every_spelling_of_one_phone_counts_against_the_same_login(system, make_user):
    phone = _phone()
    victim = make_user(phone=phone)
    anonymous = Client(system.base_url)
    statuses = []
    for spelling in spellings(phone) * 2:
        statuses.append(anonymous.post("/auth/login", json={"login": spelling, "password": "guess"}).status_code)
    assert statuses[:10] == [401] * 10, statuses
    assert set(statuses[10:]) == {429}, statuses
    # locked whatever the spelling, the right password included
    assert_problem(anonymous.post("/auth/login", json={"login": phone, "password": victim.password}), 429)


def test_successful_sign_ins_do_not_lock_a_user_out(system, make_user):
    user = make_user()
    anonymous = Client(system.base_url)
    for _ in range(15):
        anonymous.ok("POST", "/auth/login", json={"login": user.user["email"], "password": user.password})
