"""Manual 004, «Заказ товаров и услуг» (and «Корзина», «Заказы»): recurring products of both
worlds (the cloud's VPS, the coworking's «Резидент»), the cart with each item's configuration
and period, promo codes and their refusals, a checkout that pays the whole cart from the
balance or on credit — all or nothing, once per Idempotency-Key — and the purchases it makes."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from tests.integration.billing_support import confirm_at_sandbox, fund, rpc
from tests.integration.client import assert_problem
from tests.integration.orders_support import service_now
from tests.integration.test_billing_payment_methods import sandbox_declines, saved_card


def tag() -> str:
    return uuid.uuid4().hex[:8]


def make_vps(admin, **overrides) -> dict:
    body = {"code": "vps-" + tag(), "name": "DC16 на новый ДЦ", "type": "vps",
            "prices": {"1": 49500, "12": 500000},
            "options": [{"code": "traffic", "name": "Трафик", "price": 11000, "max": 10},
                        {"code": "ipv4", "name": "Публичные IPv4-адреса", "price": 15000, "max": 3}]}
    return admin.ok("POST", "/billing/products", 201, json=dict(body, **overrides))


def make_resident(admin) -> dict:
    return admin.ok("POST", "/billing/products", 201, json={
        "code": "resident-" + tag(), "name": "Резидент + 1-3 мес", "type": "coworking_resident",
        "prices": {"1": 1500000, "3": 4200000}})


def promo(admin, **fields) -> dict:
    return admin.ok("POST", "/billing/promo-codes", 201, json=dict({"code": "P" + tag().upper(), "kind": "percent",
                                                                   "value": 10}, **fields))


def balance(client) -> int:
    return client.ok("GET", "/billing/account")["balance"]


def test_ordering_goods_and_services_through_the_cart_with_a_promo_code(admin, make_user):
    vps, resident = make_vps(admin), make_resident(admin)
    assert vps["renewal_lead_days"] == 1 and vps["type"] == "vps"
    assert vps["prices"] == [{"period_months": 1, "price": 49500, "vat": 8250},
                             {"period_months": 12, "price": 500000, "vat": 83333}]
    domain = make_vps(admin, type="domain", name="Домен .ru", prices={"12": 59900}, options=[])
    assert domain["renewal_lead_days"] == 60
    client = make_user()
    fund(admin, client, 3000000)
    listed = client.ok("GET", "/billing/products", params={"per_page": 100})["items"]
    assert {vps["id"], resident["id"]} <= {p["id"] for p in listed}

    cart = client.ok("POST", "/billing/cart/items", 201,
                     json={"product_id": vps["id"], "period_months": 1, "options": {"traffic": 1, "ipv4": 0}})
    vps_item = cart["item_id"]
    assert cart["items"][0]["amount"] == 49500 + 11000 and cart["total"] == 60500
    # «Изменить»: a year, two addresses
    cart = client.ok("PATCH", "/billing/cart/items/" + vps_item, json={"period_months": 12, "options": {"ipv4": 2}})
    assert cart["items"][0]["amount"] == 500000 + 15000 * 2 * 12 == 860000
    cart = client.ok("POST", "/billing/cart/items", 201, json={"product_id": resident["id"], "period_months": 3})
    resident_item = cart["item_id"]
    cart = client.ok("POST", "/billing/cart/items", 201, json={"product_id": domain["id"], "period_months": 12})
    cart = client.ok("DELETE", "/billing/cart/items/" + cart["item_id"])
    assert [i["id"] for i in cart["items"]] == [vps_item, resident_item]
    assert cart["subtotal"] == 860000 + 4200000 and cart["vat"] == 843333

    code = promo(admin, value=10)["code"]
    cart = client.ok("PUT", "/billing/cart/promo-code", json={"code": code.lower()})
    assert cart["promo_code"] == code and cart["discount"] == 506000 and cart["total"] == 4554000
    assert balance(client) == 3000000
    assert_problem(client.post("/billing/cart/checkout", json={}), 409, "insufficient_funds")
    assert client.ok("GET", "/billing/cart")["total"] == 4554000 and balance(client) == 3000000

    # «Оплатить» only the VPS now; the resident stays in the cart
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={"item_ids": [vps_item]})
    assert purchase["status"] == "paid" and purchase["status_label"] == "Оплачен"
    assert (purchase["subtotal"], purchase["discount"], purchase["total"]) == (860000, 86000, 774000)
    assert purchase["vat"] == 129000 and purchase["promo_code"] == code
    (line,) = purchase["lines"]
    assert (line["name"], line["period_months"], line["paid"], line["vat"]) == ("DC16 на новый ДЦ", 12, 774000, 129000)
    assert balance(client) == 3000000 - 774000
    cart = client.ok("GET", "/billing/cart")
    assert [i["id"] for i in cart["items"]] == [resident_item] and cart["promo_code"] is None
    expense = client.ok("GET", "/billing/expenses")["items"][0]
    assert (expense["name"], expense["amount"], expense["vat"], expense["unpaid"]) == ("DC16 на новый ДЦ", 774000,
                                                                                      129000, 0)
    entries = client.ok("GET", "/billing/account/entries")["items"]
    assert (entries[0]["kind"], entries[0]["amount"]) == ("charge", -774000)
    orders = client.ok("GET", "/billing/purchases", params={"status": "paid"})
    assert orders["total"] == 1 and orders["items"][0]["number"] == purchase["number"]
    assert client.ok("GET", "/billing/purchases", params={"status": "awaiting_payment"})["total"] == 0
    assert client.ok("GET", "/billing/purchases/" + purchase["id"])["id"] == purchase["id"]
    assert admin.ok("GET", "/billing/promo-codes", params={"per_page": 100})["total"] >= 1


def test_promo_codes_are_refused_with_their_reason(admin, make_user, redis_client, test_run):
    vps = make_vps(admin)
    client, other = make_user(), make_user()
    now = service_now(redis_client, test_run)   # the system's clock (other stories move it)
    for someone in (client, other):
        fund(admin, someone, 100000)
        someone.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})

    def refused(code, reason):
        assert_problem(client.put("/billing/cart/promo-code", json={"code": code}), 422, reason)
        assert client.ok("GET", "/billing/cart")["promo_code"] is None

    refused("NO-SUCH-CODE", "promo_code_not_found")
    refused(promo(admin, valid_from=(now + timedelta(days=3)).isoformat())["code"], "promo_code_not_started")
    refused(promo(admin, valid_from=(now - timedelta(days=3)).isoformat(),
                  valid_to=(now - timedelta(days=1)).isoformat())["code"], "promo_code_expired")

    once = promo(admin, kind="fixed", value=5000, max_uses_per_account=1)["code"]
    assert client.ok("PUT", "/billing/cart/promo-code", json={"code": once})["total"] == 44500
    assert client.ok("POST", "/billing/cart/checkout", 201, json={})["total"] == 44500
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    refused(once, "promo_code_used_by_account")

    single = promo(admin, max_uses=1)["code"]
    other.ok("PUT", "/billing/cart/promo-code", json={"code": single})
    client.ok("PUT", "/billing/cart/promo-code", json={"code": single})
    assert other.ok("POST", "/billing/cart/checkout", 201, json={})["discount"] == 4950
    # the code was used up after it was entered: the cart says so, the checkout refuses it
    assert client.ok("GET", "/billing/cart")["promo_error"] == "promo_code_used_up"
    assert_problem(client.post("/billing/cart/checkout", json={}), 422, "promo_code_used_up")
    client.ok("DELETE", "/billing/cart/promo-code")
    assert client.ok("POST", "/billing/cart/checkout", 201, json={})["total"] == 49500
    assert admin.ok("POST", "/billing/promo-codes", 422, json={"code": "X" + tag(), "kind": "percent", "value": 101})


def test_checkout_is_all_or_nothing_and_may_use_the_credit_limit(admin, make_user):
    vps, resident = make_vps(admin), make_resident(admin)
    client = make_user()
    fund(admin, client, 1000000)
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": resident["id"], "period_months": 1})
    admin.ok("PATCH", "/billing/products/" + resident["id"], json={"active": False})
    cart = client.ok("GET", "/billing/cart")
    assert [i["unavailable"] for i in cart["items"]] == [None, "product_not_sold"]
    assert_problem(client.post("/billing/cart/checkout", json={}), 409, "cart_item_unavailable")
    assert balance(client) == 1000000 and len(client.ok("GET", "/billing/cart")["items"]) == 2
    assert client.ok("GET", "/billing/purchases")["total"] == 0
    assert client.ok("GET", "/billing/expenses")["total"] == 0

    admin.ok("PATCH", "/billing/products/" + resident["id"], json={"active": True})
    assert_problem(client.post("/billing/cart/checkout", json={}), 409, "insufficient_funds")
    account = admin.ok("PUT", "/billing/accounts/{}/credit-limit".format(client.user["account_id"]),
                       json={"credit_limit": 600000})
    assert account["credit_limit"] == 600000 and account["available"] == 1600000
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={})
    assert purchase["total"] == 49500 + 1500000
    assert balance(client) == 1000000 - 1549500
    expenses = client.ok("GET", "/billing/expenses")
    assert expenses["sum_amount"] == 1549500 and expenses["sum_unpaid"] == 549500
    assert client.ok("GET", "/billing/cart")["items"] == []
    assert_problem(client.post("/billing/cart/checkout", json={}), 409, "cart_empty")


def test_a_retried_checkout_with_the_same_key_charges_once(system, admin, make_user):
    vps = make_vps(admin)
    client = make_user()
    fund(admin, client, 200000)
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    key = str(uuid.uuid4())
    first = client.ok("POST", "/billing/cart/checkout", 201, json={}, headers={"Idempotency-Key": key})
    again = client.ok("POST", "/billing/cart/checkout", 201, json={}, headers={"Idempotency-Key": key})
    # past the gateway's replay cache: billing itself knows the key
    direct = rpc(system, client, "checkout", {}, key)
    assert first["id"] == again["id"] == direct["id"]
    assert balance(client) == 200000 - 49500
    assert client.ok("GET", "/billing/purchases")["total"] == 1
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    assert_problem(client.post("/billing/cart/checkout", json={"item_ids": [str(uuid.uuid4())]},
                               headers={"Idempotency-Key": key}), 422)
    assert balance(client) == 200000 - 49500


@pytest.mark.parametrize("method, path, body, status", [
    ("POST", "/billing/cart/items", {"product_id": "not-a-uuid", "period_months": 1}, 422),
    ("POST", "/billing/cart/items", {"product_id": None, "period_months": 1}, 422),
    ("POST", "/billing/cart/items", {"period_months": 2}, 422),
    ("POST", "/billing/cart/items", {"product_id": str(uuid.uuid4()), "period_months": 1}, 422),
    ("POST", "/billing/cart/items", {"PRODUCT": 1}, 422),
    ("PUT", "/billing/cart/promo-code", {}, 422),
    ("POST", "/billing/cart/checkout", {"method": "cash"}, 422),
    ("POST", "/billing/cart/checkout", {"item_ids": []}, 422),
    ("POST", "/billing/products", {"code": "xx", "name": "n", "type": "vps", "prices": {"1": 100}}, 403),
    ("POST", "/billing/promo-codes", {"code": "ABC", "kind": "percent", "value": 5}, 403),
    ("PUT", "/billing/accounts/{}/credit-limit".format(uuid.uuid4()), {"credit_limit": 100}, 403),
])
def test_bad_cart_input_is_refused_and_changes_nothing(make_user, method, path, body, status):
    client = make_user()
    assert_problem(client.request(method, path, json=body), status)
    assert client.ok("GET", "/billing/cart")["items"] == []


def test_bad_catalog_input_is_refused(admin):
    base = {"code": "bad-" + tag(), "name": "VPS", "type": "vps", "prices": {"1": 49500}}
    for changes in ({"type": "spaceship"}, {"prices": {}}, {"prices": {"2": 100}}, {"prices": {"1": 10.5}},
                    {"options": [{"code": "a", "name": "A", "price": 1}, {"code": "a", "name": "B", "price": 1}]}):
        assert_problem(admin.post("/billing/products", json=dict(base, **changes)), 422)
    admin.ok("POST", "/billing/products", 201, json=base)
    assert_problem(admin.post("/billing/products", json=base), 409, "product_code_taken")
    assert_problem(admin.get("/billing/products/" + str(uuid.uuid4())), 404, "product_not_found")


def test_another_accounts_cart_items_and_purchases_are_not_found(admin, make_user):
    vps = make_vps(admin)
    owner, stranger = make_user(), make_user()
    fund(admin, owner, 100000)
    item = owner.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})["item_id"]
    assert_problem(stranger.patch("/billing/cart/items/" + item, json={"period_months": 12}), 404,
                   "cart_item_not_found")
    assert_problem(stranger.delete("/billing/cart/items/" + item), 404, "cart_item_not_found")
    assert_problem(stranger.post("/billing/cart/checkout", json={"item_ids": [item]}), 422, "cart_item_not_found")
    purchase = owner.ok("POST", "/billing/cart/checkout", 201, json={})
    assert_problem(stranger.get("/billing/purchases/" + purchase["id"]), 404, "purchase_not_found")
    assert stranger.ok("GET", "/billing/purchases")["total"] == 0


def test_checkout_by_card_awaits_payment_then_the_services_open(admin, make_user, events):
    """manual 004 «Заказы»: «Ждут оплаты» until the card payment arrives, then «Оплаченные услуги»."""
    vps = make_vps(admin)
    client = make_user()
    activated = events("billing", "service_activated")
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={"method": "card"})
    assert (purchase["status"], purchase["status_label"], purchase["method"]) == ("awaiting_payment", "Ждет оплаты",
                                                                                  "card")
    # the card's commission and limits, as for any payment: 495 ₽ at 5 % + 10 ₽
    assert purchase["commission"] == 3475 and purchase["confirmation_url"]
    assert [(s["status"], s["status_label"]) for s in purchase["services"]] == [("ordered", "Заказан")]
    assert client.ok("GET", "/billing/purchases", params={"status": "awaiting_payment"})["total"] == 1
    assert client.ok("GET", "/billing/cart")["items"] == []

    confirm_at_sandbox(purchase["confirmation_url"])
    paid = client.ok("GET", "/billing/purchases/" + purchase["id"])
    assert paid["status"] == "paid" and paid["confirmation_url"] is None
    assert [s["status"] for s in paid["services"]] == ["active"]
    activated.wait(lambda e: e["data"]["service_id"] == paid["services"][0]["id"], timeout=15)
    assert client.ok("GET", "/billing/account")["balance"] == 0
    expense = client.ok("GET", "/billing/expenses")["items"][0]
    assert (expense["amount"], expense["payment_id"], expense["unpaid"]) == (49500, paid["payment_id"], 0)


def test_checkout_with_a_saved_card_pays_at_once_and_a_declined_one_leaves_it_awaiting(system, admin, make_user):
    vps = make_vps(admin)
    client = make_user()
    method, token = saved_card(client, "0009")
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    purchase = client.ok("POST", "/billing/cart/checkout", 201, json={"method": method["id"]})
    assert (purchase["status"], purchase["method"]) == ("paid", "saved_method")
    assert [s["status"] for s in purchase["services"]] == ["active"]

    sandbox_declines(system, token, True)
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    declined = client.ok("POST", "/billing/cart/checkout", 201, json={"method": method["id"]})
    assert declined["status"] == "awaiting_payment" and [s["status"] for s in declined["services"]] == ["ordered"]
    assert client.ok("GET", "/billing/payment-methods/" + method["id"])["status"] == "not_working"
    # «Платеж»: paid again once the card works, by the same method
    assert_problem(client.post("/billing/purchases/{}/pay".format(purchase["id"]), json={"method": "balance"}), 409,
                   "purchase_already_paid")
    sandbox_declines(system, token, False)
    again = client.ok("POST", "/billing/purchases/{}/pay".format(declined["id"]), 201, json={"method": method["id"]})
    assert again["status"] == "paid" and [s["status"] for s in again["services"]] == ["active"]
    assert again["payment_id"] != declined["payment_id"]
    stranger = make_user()
    assert_problem(stranger.post("/billing/purchases/{}/pay".format(declined["id"]), json={"method": "balance"}), 404,
                   "purchase_not_found")
    assert_problem(client.post("/billing/purchases/{}/pay".format(declined["id"]), json={"method": "cash"}), 422)
    # above the card's limit: refused before anything is made
    big = make_vps(admin, prices={"1": 2000000})
    client.ok("POST", "/billing/cart/items", 201, json={"product_id": big["id"], "period_months": 1})
    assert_problem(client.post("/billing/cart/checkout", json={"method": "card"}), 422, "amount_above_maximum")
    assert len(client.ok("GET", "/billing/cart")["items"]) == 1
