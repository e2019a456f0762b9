"""Manual 000's coffee order (180 ₽), repeat (O7), and how orders follows billing's events
(docs/payments.md): payment in flight, paid in full, prepayment and the remainder, a failed
payment, cancel with a refund (O9, O13, O14). Billing's events are published here."""
from __future__ import annotations

from datetime import timedelta

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from kit.context import Caller
from kit.testing.wait import wait_for
from tests.integration.client import assert_problem
from tests.integration.orders_support import COFFEE_PLACE, coffee_order, service_now, wait_status
from tests.integration.test_billing_payers import INDIVIDUAL


def payment_of(client, number):
    return client.ok("GET", "/orders/{}".format(number))["payment"]


def test_the_coffee_order_of_the_manual_totals_180_rubles_and_is_repeated(system, make_user, catalog, events):
    client = make_user(first_name="Марина", last_name="Спиридонова")
    created = events("orders", "order_created")
    payer_id = client.ok("POST", "/billing/payers", 201, json=INDIVIDUAL)["id"]  # one of her account's payers
    order = coffee_order(client, catalog, payer_id=payer_id)
    assert [(i["name"], i["quantity"], i["unit_price"], i["amount"]) for i in order["items"]] == [
        ("Чай зеленый Greenfield, пакетированный, 200 мл", 2, 2300, 4600), ("Латте, 300 мл", 1, 10000, 10000),
        ("Печенье BelVita Утреннее витаминизированное с какао, 4 шт", 1, 3400, 3400)]
    assert order["total"] == 18000 and order["currency"] == "RUB"
    assert order["delivery"] == {"place": COFFEE_PLACE, "pack_to_go": True}
    assert order["comment"] == "Сделайте, пожалуйста, чай погорячее!"
    assert order["payment"]["status"] == "unpaid" and order["payment"]["remaining"] == 18000
    assert order["payment"]["status_label"] == "Не оплачен" and order["payment"]["payments"] == []
    assert order["actions"] == ["cancel", "pay", "pay_by_invoice", "repeat"]
    event = created.wait(lambda e: e["data"]["order_number"] == order["number"])["data"]
    assert (event["total"], event["status"], event["applicant_id"], event["payer_id"]) == (
        18000, "new", client.user["id"], payer_id)

    draft = client.ok("GET", "/orders/{}/repeat".format(order["number"]))
    assert draft["items"] == [{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1},
                              {"item_id": "belvita", "quantity": 1}]
    assert draft["delivery"] == {"place": COFFEE_PLACE, "pack_to_go": True} and draft["payer_id"] == payer_id
    again = client.ok("POST", "/orders", 201, json={key: draft[key] for key in ("service_id", "items", "delivery", "payer_id")})
    assert again["number"] > order["number"] and again["total"] == 18000

    listed = client.ok("GET", "/orders", params={"kind": "goods"})
    assert [o["number"] for o in listed["items"]] == [again["number"], order["number"]]  # newest first
    assert listed["items"][0]["payment_status"] == "unpaid" and listed["total"] == 2
    page = client.ok("GET", "/orders", params={"per_page": 1, "page": 2})
    assert [o["number"] for o in page["items"]] == [order["number"]] and page["total"] == 2
    assert client.ok("GET", "/orders", params={"status": "done,cancelled"})["total"] == 0
    assert_problem(client.get("/orders", params={"kind": "pizza"}), 422)
    assert_problem(client.post("/orders", json={"service_id": catalog.coffee["id"],
                                                "items": [{"item_id": "vodka", "quantity": 1}]}), 422)
    assert_problem(client.post("/orders", json={"service_id": catalog.coffee["id"],
                                                "items": [{"item_id": "tea", "quantity": 0}]}), 422)


def test_paid_by_card_in_full_then_cancelled_and_refunded(system, make_user, catalog, billing, events):
    client = make_user()
    cancelled = events("orders", "order_cancelled")
    number = coffee_order(client, catalog)["number"]

    billing.started(number, 18000)
    pending = wait_status(client, number, "new_payment_pending")
    assert pending["payment"]["status"] == "pending" and "pay" not in pending["actions"]
    assert "cancel" not in pending["actions"]  # not while the card payment is in flight
    assert_problem(client.post("/orders/{}/cancel".format(number)), 409, "order_transition_not_allowed")

    payment = billing.succeeded(number, 18000, paid_total=18000, total=18000, method="saved_method")
    billing.redeliver(payment)                                 # a redelivered copy changes nothing twice
    billing.publish("payment_succeeded", **payment["data"])    # nor another event about the same payment
    confirmed = wait_status(client, number, "confirmed")
    assert confirmed["payment"]["status"] == "paid" and confirmed["payment"]["paid"] == 18000
    assert confirmed["payment"]["remaining"] == 0
    entries = confirmed["payment"]["payments"]
    assert [(p["payment_id"], p["method"], p["method_label"], p["amount"]) for p in entries] == [
        (payment["data"]["payment_id"], "saved_method", "Сохраненная карта", 18000)]
    chat = client.ok("GET", "/orders/{}/messages".format(number))["items"]
    assert [(m["author"]["kind"], m["text"]) for m in chat] == [("system", "Поступила оплата через платёжный шлюз.")]
    english = client.ok("GET", "/orders/{}/messages".format(number), headers={"Accept-Language": "en"})["items"]
    assert english[0]["text"] == "Payment received through the payment gateway."

    refund_pending = client.ok("POST", "/orders/{}/cancel".format(number))
    assert refund_pending["status"] == "cancelled_refund_pending"
    assert refund_pending["status_label"] == "Отменен. Выполняется возврат"
    assert refund_pending["payment"]["status"] == "refund_pending" and refund_pending["actions"] == []
    notice = cancelled.wait(lambda e: e["data"]["order_number"] == number)["data"]
    assert (notice["paid"], notice["refund_required"], notice["currency"]) == (18000, True, "RUB")

    billing.refunded(number, 18000, refunded_total=18000, fully=True)
    # (the real billing also answers the cancellation: it never saw these synthetic payments)
    refunded = wait_for(lambda: (lambda o: o if o["payment"]["refunded"] == 18000 else None)(
        client.ok("GET", "/orders/{}".format(number))), message="the refund")
    assert refunded["status"] == "cancelled_refunded" and refunded["payment"]["status"] == "refunded"
    assert "Выполнен возврат 180 ₽" in [m["text"] for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]]


def test_a_failed_card_payment_cancels_an_unpaid_order(system, make_user, catalog, billing):
    client = make_user()
    number = coffee_order(client, catalog)["number"]
    billing.started(number, 18000)
    wait_status(client, number, "new_payment_pending")
    billing.failed(number, 18000)
    failed = wait_status(client, number, "cancelled_payment_failed")
    assert failed["status_label"] == "Отменен. Неуспешная оплата" and failed["actions"] == []


def test_hotel_prepayment_then_the_manager_takes_the_rest(system, make_user, staff, catalog, billing,
                                                          redis_client, test_run, events):
    """Manual 000's «УЮТ» booking (5 500 ₽, 3 500 ₽ prepaid) and manual 001's manager payment."""
    client = make_user(first_name="Mariya", last_name="Semenova")
    start = service_now(redis_client, test_run).date() + timedelta(days=40)
    order = client.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": start.isoformat(), "check_out": (start + timedelta(days=2)).isoformat(),
        "adults": 2, "children": 0, "extras": [
            {"extra_id": "lunch", "quantity": 2}, {"extra_id": "taxi", "quantity": 1},
            {"extra_id": "early", "quantity": 1, "time": "07:00"}, {"extra_id": "late", "quantity": 1, "time": "18:00"},
            {"extra_id": "dinner", "quantity": 2}]})
    number = order["number"]
    assert order["total"] == 550000
    assert order["items"][0]["name"].endswith("тариф «Стандарт»") and order["items"][0]["quantity"] == 2
    assert order["booking"]["nights"] == 2 and order["booking"]["adults"] == 2
    assert [e["note"] for e in order["booking"]["extras"] if e["note"]] == ["Время заезда 07:00", "Время выезда 18:00"]
    assert order["payment"]["prepayment_allowed"] is True and order["payment"]["min_prepayment"] == 100000

    changes = events("orders", "order_status_changed")
    billing.started(number, 350000)
    wait_status(client, number, "new_payment_pending")
    billing.succeeded(number, 350000, paid_total=350000, total=550000, method="card")
    # manual 000: the online prepayment (at least the service's 1 000 ₽) confirms the booking
    prepaid = wait_status(client, number, "confirmed")
    assert prepaid["status_label"] == "Подтвержден. Необходимо оплатить остаток 2\u00a0000 ₽"
    assert prepaid["payment"]["status"] == "partially_paid" and prepaid["payment"]["remaining"] == 200000
    assert "pay" in prepaid["actions"]
    confirmed = changes.wait(lambda e: e["data"]["order_number"] == number and e["data"]["to_status"] == "confirmed")
    assert confirmed["data"]["action"] == "prepayment_received"

    console = staff.manager.ok("GET", "/orders/{}".format(number))
    assert "record_payment" in console["actions"]
    with ClusterRpcProxy({"AMQP_URI": test_run.amqp_uri}, context_data=Caller(
            user_id=staff.manager.user["id"], roles=frozenset(["rental_manager", "client"])).to_context_data()) as rpc:
        payable = rpc.orders.get_payable(number)
    assert (payable["total"], payable["paid"], payable["remaining"], payable["payable"], payable["staff_may_record"]) == (
        550000, 350000, 200000, True, True)
    assert payable["applicant_id"] == client.user["id"] and payable["min_prepayment"] == 100000

    billing.succeeded(number, 200000, paid_total=550000, total=550000, method="manager")
    paid = wait_for(lambda: (lambda o: o if o["payment"]["remaining"] == 0 else None)(
        client.ok("GET", "/orders/{}".format(number))), message="the rest paid")
    assert paid["status"] == "confirmed" and paid["status_label"] == "Подтвержден"   # stays confirmed, now paid
    assert paid["payment"]["status"] == "paid" and [p["amount"] for p in paid["payment"]["payments"]] == [350000, 200000]
    assert paid["actions"] == ["cancel"]
    notes = [m["text"] for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]]
    assert notes[0] == "Менеджер внес оплату 2\u00a0000 ₽"


@pytest.mark.parametrize("who", ["stranger", "anonymous staff"])
def test_get_payable_hides_orders_from_anyone_else(system, make_user, catalog, test_run, who):
    client = make_user()
    number = coffee_order(client, catalog)["number"]
    other = make_user(roles=["client"] if who == "stranger" else ["rental_manager"])
    from kit.errors import NotFound

    with ClusterRpcProxy({"AMQP_URI": test_run.amqp_uri}, context_data=Caller(
            user_id=other.user["id"], roles=frozenset(other.user["roles"])).to_context_data()) as rpc:
        with pytest.raises(NotFound):
            rpc.orders.get_payable(number)
    with ClusterRpcProxy({"AMQP_URI": test_run.amqp_uri}, context_data=Caller(
            user_id=client.user["id"], account_id=client.user["account_id"], roles=frozenset(["client"])).to_context_data()) as rpc:
        mine = rpc.orders.get_payable(number)
    assert mine["payable"] is True and mine["staff_may_record"] is False and mine["remaining"] == 18000


def test_cancelling_is_refused_where_the_service_does_not_allow_it(system, make_user, admin, catalog):
    shop = admin.ok("POST", "/catalog/services", 201, json={
        "kind": "goods", "name": "Прохладительные напитки и снеки", "settings": {"cancellable": False},
        "items": [{"name": "Вода", "price": 5000}]})
    client = make_user()
    order = client.ok("POST", "/orders", 201, json={"service_id": shop["id"],
                                                     "items": [{"item_id": shop["items"][0]["id"], "quantity": 1}]})
    assert "cancel" not in order["actions"]
    assert_problem(client.post("/orders/{}/cancel".format(order["number"])), 409, "order_not_cancellable")
    assert client.ok("GET", "/orders/{}".format(order["number"]))["status"] == "new"
