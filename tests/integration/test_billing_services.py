"""Manual 004, «Заказы и управление услугами»: each line bought becomes a service with its
period and expiry; the client stops and starts it, an administrator stops it, it is renewed by
hand from the personal account, a quick order waits in «Требуется настройка»; every change is
in its «История»; illegal changes are 409; another account's service is not found."""
from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from tests.integration.billing_support import fund
from tests.integration.client import assert_problem


def buy(admin, client, **product) -> dict:
    body = dict({"code": "svc-" + uuid.uuid4().hex[:8], "name": "Хостинг", "type": "hosting",
                 "prices": {"1": 19900, "12": 199000}}, **product)
    made = admin.ok("POST", "/billing/products", 201, json=body)
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": made["id"],
                                                        "period_months": min(int(p) for p in body["prices"])})
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={})
    (service,) = purchase["services"]
    return service


def test_orders_and_managing_services(admin, make_user):
    client = make_user()
    fund(admin, client, 500000)
    service = buy(admin, client)
    assert service["status"] == "active" and service["status_label"] == "Активен"
    assert service["period_months"] == service["renewal_period_months"] == 1
    created, expires = (datetime.fromisoformat(service[k]) for k in ("created_at", "expires_at"))
    assert 28 <= (expires - created).days <= 31
    listed = client.ok("GET", "/billing/subscriptions")
    assert listed["total"] == 1 and listed["items"][0]["number"] == service["number"]
    assert_problem(client.get("/billing/services"), 404)   # api.md names them subscriptions
    path = "/billing/subscriptions/" + service["id"]

    stopped = client.ok("POST", path + "/stop", json={})
    assert stopped["status"] == "stopped" and stopped["status_label"] == "Остановлен"
    assert_problem(client.post(path + "/stop", json={}), 409, "service_state_conflict")
    assert client.ok("POST", path + "/start", json={})["status"] == "active"

    renewed = client.ok("POST", path + "/renew", json={"period_months": 12})
    assert renewed["status"] == "active"
    assert datetime.fromisoformat(renewed["expires_at"]).year == expires.year + 1
    assert client.ok("GET", "/billing/account")["balance"] == 500000 - 19900 - 199000
    assert client.ok("GET", "/billing/expenses")["items"][0]["amount"] == 199000

    assert admin.ok("POST", path + "/admin-stop", json={"reason": "нарушение"})["status"] == "stopped_by_admin"
    assert client.ok("GET", path)["status_label"] == "Остановлен администратором"
    assert_problem(client.post(path + "/start", json={}), 409, "service_state_conflict")
    assert_problem(client.post(path + "/admin-start", json={}), 403)
    assert_problem(client.post(path + "/renew", json={}), 409, "service_state_conflict")
    assert client.ok("GET", "/billing/account")["balance"] == 500000 - 19900 - 199000
    assert admin.ok("POST", path + "/admin-start", json={})["status"] == "active"

    history = client.ok("GET", path + "/history")["items"]
    assert [h["action"] for h in reversed(history)] == ["order", "pay", "open", "stop", "start", "renew",
                                                        "admin_stop", "admin_start"]
    assert [h["to_status"] for h in reversed(history)][:3] == ["ordered", "processing", "active"]
    assert history[2]["amount"] == 199000 and history[1]["note"] == "нарушение"
    assert client.ok("GET", "/billing/subscriptions", params={"status": "stopped"})["total"] == 0


def test_a_quick_order_needs_setup_before_it_is_active(admin, make_user):
    client = make_user()
    fund(admin, client, 100000)
    service = buy(admin, client, name="VM6", type="vps", requires_setup=True)
    assert service["status"] == "needs_setup" and service["status_label"] == "Требуется настройка"
    path = "/billing/subscriptions/" + service["id"]
    assert_problem(client.post(path + "/stop", json={}), 409, "service_state_conflict")
    assert_problem(client.post(path + "/configure", json={"settings": {}}), 422)
    done = client.ok("POST", path + "/configure", json={"settings": {"domain": "myserver123"}})
    assert done["status"] == "active" and done["settings"] == {"domain": "myserver123"}


def test_renewing_without_money_changes_nothing(admin, make_user):
    client = make_user()
    fund(admin, client, 19900)
    service = buy(admin, client)
    path = "/billing/subscriptions/" + service["id"]
    assert_problem(client.post(path + "/renew", json={}), 409, "insufficient_funds")
    assert client.ok("GET", path)["expires_at"] == service["expires_at"]
    assert len(client.ok("GET", path + "/history")["items"]) == 3
    assert_problem(client.post(path + "/renew", json={"period_months": 2}), 422)
    assert_problem(client.post(path + "/renew", json={"period_months": 3}), 422, "period_not_offered")


@pytest.mark.parametrize("suffix, body", [("/stop", {"reason": 5}), ("/configure", {"settings": "x"}),
                                          ("/renew", {"period_months": "1"}), ("/stop", {"x": 1})])
def test_bad_service_input_is_refused(admin, make_user, suffix, body):
    client = make_user()
    fund(admin, client, 19900)
    service = buy(admin, client)
    assert_problem(client.post("/billing/subscriptions/" + service["id"] + suffix, json=body), 422)
    assert client.ok("GET", "/billing/subscriptions/" + service["id"])["status"] == "active"


def test_another_accounts_service_is_not_found(admin, make_user):
    owner, stranger = make_user(), make_user()
    fund(admin, owner, 19900)
    fund(admin, stranger, 19900)
    path = "/billing/subscriptions/" + buy(admin, owner)["id"]
    for method, suffix in (("GET", ""), ("GET", "/history"), ("POST", "/stop"), ("POST", "/renew")):
        assert_problem(stranger.request(method, path + suffix, json={} if method == "POST" else None), 404,
                       "service_not_found")
    assert stranger.ok("GET", "/billing/subscriptions")["total"] == 0
    assert_problem(stranger.get("/billing/subscriptions/" + str(uuid.uuid4())), 404, "service_not_found")
