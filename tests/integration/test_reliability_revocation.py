"""Disabling, deleting or a new password revokes access at once (issue 12, problem 7):
the old access token gets 401 `token_revoked` at the next request, not 15 minutes later."""
from __future__ import annotations

from kit.clock import advance
from tests.integration.client import Client, assert_problem
from tests.integration.test_identity_account_users import invite


def test_a_disabled_users_old_token_is_refused_at_once(system, admin, make_user, catalog, redis_client,  # noqa: F811
                                                       test_run):
    # the system's test clock runs ahead (other stories move it): tokens carry the wall clock
    advance(redis_client, test_run.redis_prefix, 600)
    user = make_user()
    assert user.get("/me").status_code == 200
    admin.ok("PATCH", "/users/" + user.user["id"], json={"enabled": False})
    assert_problem(user.get("/me"), 401, "token_revoked")
    assert_problem(user.post("/orders", json={"service_id": catalog.request["id"], "fields": {"text": "x"}}),
                   401, "token_revoked")
    admin.ok("PATCH", "/users/" + user.user["id"], json={"enabled": True})
    assert_problem(user.get("/me"), 401, "token_revoked")   # the old token stays dead
    again = Client(system.base_url).login(user.user["email"], user.password)
    assert again.get("/me").status_code == 200                # a new sign-in works


def test_a_new_password_ends_every_access_token(system, make_user):
    user = make_user()
    other_device = Client(system.base_url).login(user.user["email"], user.password)
    user.ok("PATCH", "/me", json={"password": {"current_password": user.password, "new_password": "brand new pass"}})
    assert_problem(other_device.get("/me"), 401, "token_revoked")
    assert Client(system.base_url).login(user.user["email"], "brand new pass").get("/me").status_code == 200


def test_a_deleted_account_users_token_is_refused_at_once(system, make_user, events, unique):
    owner = make_user()
    helper, session = invite(system, owner, events, "helper password", email="del-{}@it.platform.local".format(unique),
                             first_name="Помощник", rights=["finance"])
    assert session.get("/me").status_code == 200
    owner.ok("DELETE", "/account/users/" + helper["id"])
    assert_problem(session.get("/me"), 401, "token_revoked")
