"""I5, I7, C7: partial-name search, companies and communities, staff adding people."""
from __future__ import annotations

from tests.integration.client import Client, assert_problem


def test_partial_name_search_any_case_cyrillic_and_latin_with_group_filters(system, admin, make_user, unique):
    company = admin.ok("POST", "/companies", 201, json={"name": "Компания " + unique})
    marina = admin.ok("POST", "/users", 201, json={
        "email": "marina-{}@it.platform.local".format(unique), "first_name": "Марина",
        "last_name": "Спиридонова" + unique, "password": "demo password", "company_ids": [company["id"]]})
    admin.ok("POST", "/users", 201, json={"email": "semyonova-{}@it.platform.local".format(unique),
                                          "first_name": "Мария", "last_name": "Семёнова" + unique, "password": "demo password"})
    admin.ok("POST", "/users", 201, json={"email": "jill-{}@it.platform.local".format(unique),
                                          "first_name": "Jill", "last_name": "Fairy" + unique, "password": "demo password"})

    def names(client, **params):
        return [u["full_name"] for u in client.ok("GET", "/users", params={"per_page": 100, **params})["items"]]

    assert "Марина Спиридонова" + unique in names(admin, q="мар " + unique)
    assert names(admin, q="СПИРИДОНОВА" + unique.upper()) == ["Марина Спиридонова" + unique]
    assert names(admin, q="семенова" + unique) == ["Мария Семёнова" + unique]          # ё is found by е
    assert names(admin, q="fAiRy" + unique) == ["Jill Fairy" + unique]
    assert names(admin, q="jil " + unique) == ["Jill Fairy" + unique]
    assert names(admin, q=unique, company_id=company["id"]) == ["Марина Спиридонова" + unique]
    assert names(admin, q="%", company_id=company["id"]) == []  # wildcards are literal

    client = make_user()
    found = client.ok("GET", "/users", params={"q": "спиридонова" + unique})["items"]
    assert [u["id"] for u in found] == [marina["id"]]
    assert "email" not in found[0] and "phone" not in found[0]  # clients see names and groups only
    assert found[0]["companies"] == [{"id": company["id"], "name": company["name"]}]
    assert_problem(client.get("/users", params={"q": "м"}), 422, "validation_failed")
    assert_problem(client.get("/users", params={"per_page": 1000, "q": "мар"}), 422)
    assert_problem(client.get("/users", params={"company_id": "not-a-uuid"}), 422)


def test_companies_and_communities_are_admin_managed(system, admin, make_user, unique):
    client = make_user()
    assert_problem(client.post("/companies", json={"name": "Моя " + unique}), 403, "role_required")
    community = admin.ok("POST", "/communities", 201, json={"name": "Резиденты " + unique})
    assert_problem(admin.post("/communities", json={"name": "резиденты  " + unique}), 409, "community_exists")
    assert_problem(admin.post("/communities", json={"name": "   "}), 422)
    admin.ok("POST", "/communities/{}/members".format(community["id"]), json={"user_id": client.user["id"]})
    listed = client.ok("GET", "/communities", params={"q": "резид " + unique})["items"]
    assert listed == [dict(community, members=1)]
    assert client.ok("GET", "/me")["communities"] == [{"id": community["id"], "name": community["name"]}]
    admin.ok("DELETE", "/communities/{}/members/{}".format(community["id"], client.user["id"]))
    assert client.ok("GET", "/me")["communities"] == []
    assert_problem(admin.post("/communities/{}/members".format(community["id"]),
                              json={"user_id": "00000000-0000-4000-8000-000000000000"}), 404, "user_not_found")


def test_staff_add_people_within_their_powers(system, admin, make_user, events, unique):
    manager = make_user(roles=["rental_manager"])
    invitations = events("identity", "user_registration_requested")
    visitor = manager.ok("POST", "/users", 201, json={"email": "visitor-{}@it.platform.local".format(unique),
                                                      "first_name": "Гость", "last_name": "Локации"})
    assert visitor["status"] == "pending" and visitor["roles"] == ["client"]
    invitation = invitations.wait(lambda e: e["data"]["user_id"] == visitor["id"])["data"]
    assert invitation["reason"] == "invitation" and invitation["invited_by"] == manager.user["id"]
    assert_problem(manager.post("/users", json={"email": "exec-{}@it.platform.local".format(unique), "first_name": "И",
                                                "roles": ["executor"]}), 403, "role_grant_not_allowed")
    assert_problem(make_user().post("/users", json={"email": "x-{}@it.platform.local".format(unique), "first_name": "И"}),
                   403, "role_required")
    assert_problem(manager.post("/users", json={"email": visitor["email"], "first_name": "Дубль"}), 409, "already_registered")


def test_admin_disables_and_re_enables_a_user(system, admin, make_user):
    user = make_user()
    disabled = admin.ok("PATCH", "/users/" + user.user["id"], json={"enabled": False})
    assert disabled["status"] == "disabled"
    assert_problem(Client(system.base_url).post("/auth/login", json={"login": user.user["email"], "password": user.password}), 401)
    assert_problem(Client(system.base_url).post("/auth/refresh", json={"refresh_token": user.tokens["refresh_token"]}), 401)
    admin.ok("PATCH", "/users/" + user.user["id"], json={"enabled": True, "roles": ["client", "executor"]})
    assert Client(system.base_url).login(user.user["email"], user.password).ok("GET", "/me")["roles"] == ["client", "executor"]
    me = admin.ok("GET", "/me")
    assert_problem(admin.patch("/users/" + me["id"], json={"roles": ["client"]}), 409, "cannot_demote_self")
    assert_problem(admin.patch("/users/" + me["id"], json={"roles": ["superuser"]}), 422)
    assert_problem(admin.get("/users/00000000-0000-4000-8000-000000000000"), 404, "user_not_found")
    assert_problem(admin.get("/users/not-a-uuid"), 404)
