"""I2: sign-in, rotating refresh tokens, logout, two-step sign-in; the gateway's 401s and 429."""
from __future__ import annotations

import time

import jwt
import pyotp

from tests.integration.client import Client, assert_problem


def test_wrong_password_and_unknown_login_look_the_same(system, make_user):
    user = make_user()
    anonymous = Client(system.base_url)
    wrong = assert_problem(anonymous.post("/auth/login", json={"login": user.user["email"], "password": "wrong password"}),
                           401, "invalid_credentials")
    unknown = assert_problem(anonymous.post("/auth/login", json={"login": "nobody@it.platform.local", "password": "wrong password"}),
                             401, "invalid_credentials")
    assert wrong["detail"] == unknown["detail"]


def test_refresh_rotates_and_a_reused_refresh_token_ends_the_session(system, make_user):
    user = make_user()
    first = user.tokens
    anonymous = Client(system.base_url)
    second = anonymous.ok("POST", "/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second["refresh_token"] != first["refresh_token"]
    assert Client(system.base_url, second["access_token"]).ok("GET", "/me")["id"] == user.user["id"]
    # the spent token comes back (stolen?): the whole session is revoked
    assert_problem(anonymous.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}), 401, "refresh_token_reused")
    assert_problem(anonymous.post("/auth/refresh", json={"refresh_token": second["refresh_token"]}), 401, "refresh_token_invalid")


def test_logout_revokes_the_access_token_and_the_session(system, make_user):
    user = make_user()
    result = user.ok("POST", "/auth/logout", json={"refresh_token": user.tokens["refresh_token"]})
    assert result == {"revoked_refresh_tokens": 1, "access_token_revoked": True}
    assert_problem(user.get("/me"), 401, "token_revoked")
    assert_problem(Client(system.base_url).post("/auth/refresh", json={"refresh_token": user.tokens["refresh_token"]}),
                   401, "refresh_token_invalid")


def test_missing_garbage_expired_and_forged_tokens_are_401(system, make_user):
    user = make_user()
    secret = system.env["JWT_SECRET"]
    claims = jwt.decode(user.tokens["access_token"], secret, algorithms=["HS256"], issuer="identity")
    expired = jwt.encode(dict(claims, iat=int(time.time()) - 3600, exp=int(time.time()) - 60), secret, algorithm="HS256")
    forged = jwt.encode(dict(claims, roles=["admin"]), "not-the-secret-" + "x" * 32, algorithm="HS256")
    assert_problem(Client(system.base_url).get("/me"), 401, "token_missing")
    assert_problem(Client(system.base_url, "garbage").get("/me"), 401, "token_invalid")
    assert_problem(Client(system.base_url, expired).get("/me"), 401, "token_expired")
    assert_problem(Client(system.base_url, forged).get("/me"), 401, "token_invalid")
    response = Client(system.base_url, expired).get("/me")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_wrong_role_is_403_from_the_service(system, make_user):
    client = make_user(roles=["client"])
    problem = assert_problem(client.patch("/users/" + client.user["id"], json={"roles": ["admin"]}), 403, "role_required")
    assert "admin" in problem["detail"]
    assert client.ok("GET", "/me")["roles"] == ["client"]


def test_two_step_sign_in_with_an_authenticator_app(system, make_user):
    user = make_user()
    setup = user.ok("POST", "/me/totp")
    assert setup["otpauth_url"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(setup["secret"])
    assert_problem(user.post("/me/totp/confirm", json={"code": "000000" if totp.now() != "000000" else "111111"}), 422, "code_invalid")
    enabling_code = totp.now()
    assert user.ok("POST", "/me/totp/confirm", json={"code": enabling_code})["totp_enabled"] is True

    anonymous = Client(system.base_url)
    login = {"login": user.user["email"], "password": user.password}
    assert_problem(anonymous.post("/auth/login", json=login), 401, "totp_required")
    # the enabling code is spent; the next step's code is valid (one step of clock drift)
    assert_problem(anonymous.post("/auth/login", json=dict(login, totp=enabling_code)), 401, "totp_invalid")
    code = totp.at(time.time() + 30)
    assert anonymous.ok("POST", "/auth/login", json=dict(login, totp=code))["access_token"]
    # the same code cannot be replayed
    assert_problem(anonymous.post("/auth/login", json=dict(login, totp=code)), 401, "totp_invalid")

    assert_problem(user.post("/me/totp/disable", json={"code": "12345"}), 422, "validation_failed")
    assert user.ok("POST", "/me/totp/disable", json={"code": totp.now()})["totp_enabled"] is False
    assert anonymous.ok("POST", "/auth/login", json=login)["access_token"]


def test_guessing_one_login_is_rate_limited(system, make_user):
    user = make_user()
    anonymous = Client(system.base_url)
    attempt = {"login": user.user["email"], "password": "guess"}
    # 10 failed sign-ins per login (RATE_LIMIT_LOGIN_ID) lock it; make_user's sign-in succeeded and does not count
    statuses = [anonymous.post("/auth/login", json=attempt).status_code for _ in range(10)]
    assert statuses == [401] * 10
    limited = anonymous.post("/auth/login", json=attempt)
    assert_problem(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    # the right password does not get through while the window lasts either
    assert_problem(anonymous.post("/auth/login", json={"login": user.user["email"], "password": user.password}), 429)
