"""I3 (manual 004 "Управление пользователями"): account users, rights, the first user's protection."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem


def invite(system, owner, events, password: str, **person) -> tuple[dict, Client]:
    """The owner invites a user into the account; they follow the link and set ``password``."""
    invitations = events("identity", "user_registration_requested")
    invited = owner.ok("POST", "/account/users", 201, json=person)
    token = invitations.wait(lambda e: e["data"]["user_id"] == invited["id"])["data"]["token"]
    Client(system.base_url).ok("POST", "/auth/confirm", json={"token": token, "password": password})
    return invited, Client(system.base_url).login(invited["email"], password)


def test_account_owner_invites_a_user_with_rights_who_cannot_remove_the_owner(system, make_user, events, unique):
    jill = make_user(first_name="Джил", last_name="Фейри" + unique)
    anya, anya_client = invite(system, jill, events, "anya password", email="anya-{}@it.platform.local".format(unique),
                               first_name="Аня", last_name="Банана", rights=["finance"])
    assert anya["status"] == "pending" and anya["rights"] == ["finance"] and anya["account_id"] == jill.user["account_id"]

    # without the "users" right she cannot manage users
    assert_problem(anya_client.get("/account/users"), 403, "right_required")
    jill.ok("PATCH", "/account/users/" + anya["id"], json={"rights": ["finance", "users"]})
    anya_client = Client(system.base_url).login(anya["email"], "anya password")
    listed = anya_client.ok("GET", "/account/users")
    assert [u["email"] for u in listed["items"]] == [jill.user["email"], anya["email"]] and listed["total"] == 2

    # the first user: not deletable, not disabled, rights fixed (manual 004)
    assert_problem(anya_client.delete("/account/users/" + jill.user["id"]), 409, "first_user_cannot_be_deleted")
    assert_problem(anya_client.patch("/account/users/" + jill.user["id"], json={"enabled": False}), 409, "first_user_cannot_be_disabled")
    assert_problem(anya_client.patch("/account/users/" + jill.user["id"], json={"rights": ["finance"]}), 409, "first_user_rights_fixed")
    assert Client(system.base_url).login(jill.user["email"], jill.password).ok("GET", "/me")["status"] == "active"


def test_disable_enable_and_delete_an_account_user(system, make_user, events, unique):
    owner = make_user()
    helper, _ = invite(system, owner, events, "helper password", email="helper-{}@it.platform.local".format(unique),
                       first_name="Бухгалтер", rights=["finance"])

    assert owner.ok("PATCH", "/account/users/" + helper["id"], json={"enabled": False})["status"] == "disabled"
    assert_problem(Client(system.base_url).post("/auth/login", json={"login": helper["email"], "password": "helper password"}), 401)
    assert owner.ok("PATCH", "/account/users/" + helper["id"], json={"enabled": True})["status"] == "active"
    Client(system.base_url).login(helper["email"], "helper password")

    assert owner.ok("DELETE", "/account/users/" + helper["id"]) == {"deleted": helper["id"]}
    assert_problem(Client(system.base_url).post("/auth/login", json={"login": helper["email"], "password": "helper password"}), 401)
    assert [u["id"] for u in owner.ok("GET", "/account/users")["items"]] == [owner.user["id"]]
    assert_problem(owner.delete("/account/users/" + helper["id"]), 404, "user_not_found")


def test_users_of_another_account_do_not_exist_for_you(system, make_user):
    mine, theirs = make_user(), make_user()
    for response in (mine.patch("/account/users/" + theirs.user["id"], json={"enabled": False}),
                     mine.delete("/account/users/" + theirs.user["id"])):
        assert_problem(response, 404, "user_not_found")
    assert theirs.ok("GET", "/me")["status"] == "active"


def test_bad_account_user_input_stores_nothing(system, make_user, unique):
    owner = make_user()
    email = "nobody-{}@it.platform.local".format(unique)
    for payload, field in [({"first_name": "Без почты"}, "email"), ({"email": email}, "first_name"),
                           ({"email": email, "first_name": "Права", "rights": ["root"]}, "rights"),
                           ({"email": "bad", "first_name": "Почта"}, "email")]:
        problem = assert_problem(owner.post("/account/users", json=payload), 422, "validation_failed")
        assert field in problem["errors"]
    assert owner.ok("GET", "/account/users")["total"] == 1
    assert_problem(owner.patch("/account/users/" + owner.user["id"], json={}), 422)


def test_rights_decide_what_an_account_user_may_do_in_billing(system, make_user, events, unique):
    owner = make_user()
    clerk, clerk_client = invite(system, owner, events, "clerk password", email="clerk-{}@it.platform.local".format(unique),
                                 first_name="Секретарь", rights=["orders"])

    assert_problem(clerk_client.get("/billing/account"), 403, "right_required")
    assert_problem(clerk_client.post("/billing/top-ups", json={"amount": 10000, "method": "card"}), 403, "right_required")
    assert owner.ok("GET", "/billing/account")["account_id"] == owner.user["account_id"]  # the first user has every right

    owner.ok("PATCH", "/account/users/" + clerk["id"], json={"rights": ["orders", "finance"]})
    clerk_client = Client(system.base_url).login(clerk["email"], "clerk password")  # rights travel in the token
    assert clerk_client.ok("GET", "/billing/account")["account_id"] == owner.user["account_id"]
