"""Paying for orders (docs/payments.md), told through the gateway with the real orders and
billing: one story per behaviour, under the sections of docs/payments.md and the manuals —
paying at checkout or later, from the personal account or by card (B3, B4, O13); manual
000's prepaid hotel, confirmed by its prepayment, its rest paid online; manual 001's prepaid
hotel finished by the manager's payments, which confirm only in full (O14); cancelling and getting the
money back where it came from (O9); what billing refuses; the janitor settling payments
nobody told billing about.

Billing is the one source of an order's paid and remaining amounts: orders shows what
billing's events say.
"""
from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
import requests

from kit import errors
from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.billing_support import (
    confirm_at_sandbox, expense_of, fund, order_number, payable_of, provider_id, publish_order_cancelled,
    redeliver, rpc, sandbox_url,
)
from tests.integration.client import assert_problem
from tests.integration.orders_support import coffee_order, service_now, wait_status

GATEWAY_MESSAGE = "Поступила оплата через платёжный шлюз."
BALANCE_MESSAGE = "Оплата с лицевого счета"
MANAGER_MESSAGE = "Менеджер внес оплату 1\u00a0000 ₽"


def key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def pay_url(number: int) -> str:
    return "/orders/{}/pay".format(number)


def payments_url(number: int) -> str:
    return "/orders/{}/payments".format(number)


def chat_texts(client, number: int) -> list[str]:
    """The order's chat, newest first."""
    return [m["text"] for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]]


def entries(client) -> list[tuple[str, int]]:
    return [(e["kind"], e["amount"]) for e in client.ok("GET", "/billing/account/entries")["items"]]


def balance(client) -> int:
    return client.ok("GET", "/billing/account")["balance"]


def order_when(client, number: int, predicate, message: str) -> dict:
    return wait_for(lambda: (lambda o: o if predicate(o) else None)(client.ok("GET", "/orders/{}".format(number))),
                    message=message)


@pytest.fixture(scope="module")
def shop(admin, staff):  # noqa: F811
    """A shop of 10 ₽ pens, for orders of any total; it takes prepayments of 100 ₽ or more."""
    return admin.ok("POST", "/catalog/services", 201, json={
        "kind": "goods", "name": "Канцтовары " + uuid.uuid4().hex[:6], "manager_ids": [staff.manager.user["id"]],
        "settings": {"cancellable": True, "prepayment_allowed": True, "min_prepayment": 10000},
        "items": [{"id": "pen", "name": "Ручка шариковая", "price": 1000}]})


def pens(client, shop, total: int, **extra) -> dict:
    """An order of ``total`` kopecks of pens."""
    return client.ok("POST", "/orders", 201, json={
        "service_id": shop["id"], "items": [{"item_id": "pen", "quantity": total // 1000}], **extra})


# --- Paying (B3, B4, O13) ---------------------------------------------------------------------

def test_paid_from_the_personal_account_at_checkout_and_refunded_to_it_on_cancel(system, admin, make_user, catalog,
                                                                                 events):  # noqa: F811
    client = make_user()
    fund(admin, client, 50000)
    succeeded, cancelled = events("billing", "payment_succeeded"), events("orders", "order_cancelled")
    order = coffee_order(client, catalog, payment={"method": "balance"})
    number, payment = order["number"], order["payment_attempt"]["payment"]
    assert payment["status"] == "credited" and payment["method"] == "balance" and payment["commission"] == 0
    assert payment["order_number"] == number and payment["amount"] == 18000
    assert payment["order"] == {"number": number, "total": 18000, "paid": 18000, "remaining": 0, "fully_paid": True}
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert (data["order_number"], data["purpose"], data["method"], data["provider"]) == (number, "order", "balance",
                                                                                          None)
    assert (data["amount"], data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (
        18000, 18000, 0, True)

    confirmed = wait_status(client, number, "confirmed")
    assert confirmed["payment"]["status"] == "paid"
    assert [(p["payment_id"], p["method"], p["amount"]) for p in confirmed["payment"]["payments"]] == [
        (payment["id"], "balance", 18000)]
    assert chat_texts(client, number)[0] == BALANCE_MESSAGE
    assert balance(client) == 32000
    assert entries(client) == [("charge", -18000), ("adjustment", 50000)]
    expense = expense_of(client, payment["id"])
    # B8: VAT 20 % included, computed once: 180.00 ₽ → 30.00 ₽
    assert (expense["amount"], expense["unpaid"], expense["vat"], expense["payment_number"]) == (
        18000, 0, 3000, payment["number"])
    assert "Кофе" in expense["name"] and str(number) in expense["name"]
    expenses = client.ok("GET", "/billing/expenses")["items"]
    assert [(e["amount"], e["unpaid"]) for e in expenses if e.get("order_number") == number] == [(18000, 0)]
    today = expense["charged_at"][:10]
    listed = client.ok("GET", "/billing/expenses", params={"from": today, "to": today})
    assert (listed["total"], listed["sum_amount"], listed["sum_vat"], listed["sum_unpaid"]) == (1, 18000, 3000, 0)
    assert client.ok("GET", "/billing/expenses", params={"from": "2999-01-01"})["total"] == 0
    assert client.get("/billing/expenses", params={"from": "yesterday"}).status_code == 422

    # O9: the money goes back to the personal account; a redelivered cancellation refunds nothing
    client.ok("POST", "/orders/{}/cancel".format(number))
    refunded = wait_status(client, number, "cancelled_refunded", timeout=20)
    assert refunded["payment"]["status"] == "refunded" and refunded["payment"]["refunded"] == 18000
    assert balance(client) == 50000
    redeliver(system, cancelled.wait(lambda e: e["data"]["order_number"] == number), "billing")
    assert balance(client) == 50000
    assert [kind for kind, _ in entries(client)] == ["refund", "charge", "adjustment"]


def test_paid_by_card_at_checkout_and_refunded_to_the_card_on_cancel(system, make_user, catalog, staff,
                                                                     events):  # noqa: F811
    client = make_user()
    started, succeeded = events("billing", "payment_started"), events("billing", "payment_succeeded")
    order = coffee_order(client, catalog, payment={"method": "card"})
    number, payment = order["number"], order["payment_attempt"]["payment"]
    assert order["total"] == 18000 and order["status"] == "new" and order["payment_attempt"]["error"] is None
    # manual 004: 5 % + 10 ₽ commission on a card payment, shown before paying
    assert (payment["status"], payment["amount"], payment["commission"], payment["amount_to_pay"]) == (
        "paying", 18000, 1900, 19900)
    assert payment["confirmation_url"]
    assert started.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]["order_number"] == number
    assert wait_status(client, number, "new_payment_pending")["payment"]["status"] == "pending"

    confirm_at_sandbox(payment["confirmation_url"], "succeeded")
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert (data["method"], data["provider"], data["commission"]) == ("card", "sandbox", 1900)
    assert (data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (18000, 0, True)
    paid = wait_status(client, number, "confirmed")
    assert paid["payment"]["status"] == "paid" and paid["payment"]["paid"] == 18000
    assert paid["payment"]["remaining"] == 0
    assert [(p["method"], p["amount"]) for p in paid["payment"]["payments"]] == [("card", 18000)]
    assert wait_for(lambda: GATEWAY_MESSAGE in chat_texts(client, number), message="the system message")
    assert GATEWAY_MESSAGE in chat_texts(staff.manager, number)  # the console shows it too
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited"
    assert balance(client) == 0
    assert entries(client) == [("charge", -18000), ("payment", 18000)]

    client.ok("POST", "/orders/{}/cancel".format(number))
    refunded = wait_status(client, number, "cancelled_refunded", timeout=20)
    assert refunded["payment"]["status"] == "refunded" and refunded["payment"]["refunded"] == 18000
    assert client.ok("GET", "/billing/payments/" + payment["id"])["refunded"] == 18000
    assert balance(client) == 0  # to the card, not the personal account


def test_a_refused_payment_at_checkout_leaves_the_order_payable(system, admin, make_user, catalog):  # noqa: F811
    client = make_user()
    order = coffee_order(client, catalog, payment={"method": "balance"})
    attempt = order["payment_attempt"]
    assert attempt["payment"] is None and attempt["error"]["code"] == "insufficient_funds"
    assert attempt["error"]["status"] == 409
    view = client.ok("GET", "/orders/{}".format(order["number"]))
    assert view["status"] == "new" and view["payment"]["status"] == "unpaid" and "pay" in view["actions"]

    fund(admin, client, 18000)
    client.ok("POST", pay_url(order["number"]), 201, json={"method": "balance"}, headers=key())
    assert wait_status(client, order["number"], "confirmed")["payment"]["paid"] == 18000


def test_bad_payment_input_at_checkout_creates_no_order(system, make_user, catalog):  # noqa: F811
    client = make_user()
    before = client.ok("GET", "/orders")["total"]
    for payment, field in [({"method": "cash"}, "method"), ({"method": "balance", "amount": -100}, "amount"),
                           ({"method": "balance", "amount": 0}, "amount"),
                           ({"method": "card", "currency": "USD"}, "currency"), ({}, "method")]:
        problem = assert_problem(client.post("/orders", json={
            "service_id": catalog.coffee["id"], "items": [{"item_id": "latte", "quantity": 1}], "payment": payment}),
            422)
        assert field in problem["errors"]["payment"], (payment, problem)
    assert client.ok("GET", "/orders")["total"] == before


def test_what_billing_refuses_when_an_order_is_paid(system, make_user, catalog, redis_client,
                                                    test_run):  # noqa: F811
    owner, stranger = make_user(), make_user()
    number = coffee_order(owner, catalog)["number"]
    assert_problem(stranger.post(pay_url(number), json={"method": "card"}), 404, "order_not_found")
    assert_problem(owner.post("/orders/999/pay", json={"method": "card"}), 404)
    for body in ({"method": "card", "amount": 0}, {"method": "card", "amount": -5}, {"method": "card", "amount": 1.5},
                 {"method": "card", "currency": "EUR"}, {"method": "wire"}, {}):
        assert_problem(owner.post(pay_url(number), json=body), 422)
    assert_problem(owner.post(pay_url(number), json={"method": "balance"}), 409, "insufficient_funds")
    # O13: a service without prepayment is paid in full
    assert_problem(owner.post(pay_url(number), json={"method": "card", "amount": 9000}), 422,
                   "prepayment_not_allowed")

    # billing checks orders' snapshot again itself (the gateway hands it over)
    snapshot = payable_of(system, owner, number)
    for body in ({"method": "balance", "amount": 0}, {"method": "balance", "amount": -100},
                 {"method": "card", "amount": 100.5}, {"method": "card", "currency": "USD"}, {"method": "cash"},
                 {"amount": 18000}):
        with pytest.raises(errors.ValidationFailed):
            rpc(system, owner, "pay_order", snapshot, body)
    with pytest.raises(errors.ValidationFailed) as currency:
        rpc(system, owner, "pay_order", dict(snapshot, currency="EUR"), {"method": "card"})
    assert currency.value.error_code == "currency_not_supported"
    with pytest.raises(errors.NotFound):
        rpc(system, stranger, "pay_order", snapshot, {"method": "card"})
    with pytest.raises(errors.Conflict) as not_payable:
        rpc(system, owner, "pay_order", dict(snapshot, payable=False), {"method": "card"})
    assert not_payable.value.error_code == "order_not_payable"
    with pytest.raises(errors.Conflict) as poor:
        rpc(system, owner, "pay_order", snapshot, {"method": "balance"})
    assert poor.value.error_code == "insufficient_funds"

    # a first prepayment is at least the service's minimum (1 000 ₽ at the hotel)
    check_in = service_now(redis_client, test_run).date() + timedelta(days=50)
    hotel = owner.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": check_in.isoformat(),
        "check_out": (check_in + timedelta(days=2)).isoformat(), "adults": 1})["number"]
    assert_problem(owner.post(pay_url(hotel), json={"method": "card", "amount": 50000}), 422,
                   "prepayment_below_minimum")
    assert owner.ok("GET", "/billing/payments")["total"] == 0


def test_an_idempotency_key_pays_an_order_once(system, make_user, catalog):  # noqa: F811
    client = make_user()
    number = coffee_order(client, catalog)["number"]
    same = key()
    first = client.post(pay_url(number), json={"method": "card"}, headers=same)
    again = client.post(pay_url(number), json={"method": "card"}, headers=same)
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    assert_problem(client.post(pay_url(number), json={"method": "balance"}, headers=same), 422,
                   "idempotency_key_reused")


def test_two_charges_racing_for_the_last_100_rubles_one_succeeds(system, admin, make_user, shop):
    """Real parallel requests on PostgreSQL: the personal account's row lock lets exactly one
    of the charges through; the balance never goes below zero."""
    client = make_user()
    fund(admin, client, 10000)
    numbers = [pens(client, shop, 10000)["number"] for _ in range(5)]
    barrier = threading.Barrier(len(numbers))
    outcomes = []

    def pay(number):
        barrier.wait()
        response = client.post(pay_url(number), json={"method": "balance"})
        outcomes.append((response.status_code, response.json().get("code")))

    threads = [threading.Thread(target=pay, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes, key=str) == [(201, None)] + [(409, "insufficient_funds")] * 4
    assert balance(client) == 0
    items = client.ok("GET", "/billing/account/entries")["items"]
    assert sum(e["amount"] for e in items) == 0 and min(e["balance_after"] for e in items) == 0


def test_balance_low_is_announced_once_when_the_balance_drops_below_the_threshold(system, admin, make_user, shop,
                                                                                  events):
    client = make_user()
    mine = client.user["account_id"]
    probe = events("billing", "balance_low")
    # money that only passes through (a card payment of an order, its refund) says nothing
    by_card = pens(client, shop, 18000)["number"]
    payment = client.ok("POST", pay_url(by_card), 201, json={"method": "card"})
    confirm_at_sandbox(payment["confirmation_url"])
    wait_status(client, by_card, "confirmed")
    client.ok("POST", "/orders/{}/cancel".format(by_card))
    wait_status(client, by_card, "cancelled_refunded", timeout=20)
    fund(admin, client, 20000)
    client.ok("POST", pay_url(pens(client, shop, 15000)["number"]), 201, json={"method": "balance"})
    # events leave in the order they were made: a warning about the card payment would come first
    data = probe.wait(lambda e: e["data"]["account_id"] == mine)["data"]
    assert (data["balance"], data["threshold"], data["currency"]) == (5000, 10000, "RUB")
    client.ok("POST", pay_url(pens(client, shop, 1000)["number"]), 201, json={"method": "balance"})
    fund(admin, client, 50000)   # back above the threshold …
    client.ok("POST", pay_url(pens(client, shop, 50000)["number"]), 201, json={"method": "balance"})
    second = probe.wait(lambda e: e["data"]["account_id"] == mine and e["data"]["balance"] == 4000)["data"]  # … below
    assert second["account_id"] == mine
    assert [e["data"]["balance"] for e in probe.received if e["data"]["account_id"] == mine] == [5000, 4000]


# --- manual 000: a prepaid order is confirmed and the client pays the rest online (O13) -------------

def hotel(client, catalog, check_in, **extra) -> dict:  # noqa: F811
    """Manual 000's «УЮТ» booking 1865: two nights with extras, 5 500 ₽ (it takes 1 000 ₽ prepayments)."""
    return client.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": check_in.isoformat(),
        "check_out": (check_in + timedelta(days=2)).isoformat(), "adults": 2, "children": 0,
        "extras": [{"extra_id": "lunch", "quantity": 2}, {"extra_id": "taxi", "quantity": 1},
                   {"extra_id": "early", "quantity": 1, "time": "07:00"},
                   {"extra_id": "late", "quantity": 1, "time": "18:00"}, {"extra_id": "dinner", "quantity": 2}],
        **extra}, headers=key())


def test_a_prepaid_hotel_is_confirmed_and_the_client_pays_the_rest(system, admin, make_user, staff, catalog,
                                                                   redis_client, test_run, events):  # noqa: F811
    """Manual 000: «Подтвержден. Необходимо оплатить остаток 2 000 Р» and «Оплатить» next to
    the status; the «Оплата» block shows 3 500 ₽ paid and 2 000 ₽ to pay."""
    client = make_user(first_name="Mariya", last_name="Semenova")
    fund(admin, client, 350000)
    changes = events("orders", "order_status_changed")
    order = hotel(client, catalog, service_now(redis_client, test_run).date() + timedelta(days=45),
                  payment={"method": "balance", "amount": 350000})
    number = order["number"]
    assert order["payment_attempt"]["payment"]["status"] == "credited" and order["total"] == 550000

    prepaid = wait_status(client, number, "confirmed")
    assert prepaid["status_label"] == "Подтвержден. Необходимо оплатить остаток 2\u00a0000 ₽"
    assert (prepaid["payment"]["paid"], prepaid["payment"]["remaining"], prepaid["payment"]["status"]) == (
        350000, 200000, "partially_paid")
    assert prepaid["actions"] == ["cancel", "pay"]
    english = client.ok("GET", "/orders/{}".format(number), headers={"Accept-Language": "en"})
    assert english["status_label"] == "Confirmed. Please pay the remaining 2,000 RUB"   # grouped as in English (Babel)
    listed = [o for o in client.ok("GET", "/orders")["items"] if o["number"] == number]
    assert listed[0]["status_label"] == prepaid["status_label"]
    # the manager's console shows the same, and the manager could take the rest too
    console = staff.manager.ok("GET", "/orders/{}".format(number))
    assert console["status_label"] == prepaid["status_label"] and "record_payment" in console["actions"]
    snapshot = payable_of(system, client, number)
    assert (snapshot["status"], snapshot["payable"], snapshot["remaining"]) == ("confirmed", True, 200000)
    change = changes.wait(lambda e: e["data"]["order_number"] == number)["data"]
    assert (change["from_status"], change["to_status"], change["action"]) == ("new", "confirmed",
                                                                             "prepayment_received")

    # «Оплатить»: the rest, in full, by card
    assert_problem(client.post(pay_url(number), json={"method": "card", "amount": 100000}, headers=key()), 422,
                   "remainder_must_be_paid_in_full")
    rest = client.ok("POST", pay_url(number), 201, json={"method": "card"}, headers=key())
    assert rest["amount"] == 200000
    assert client.ok("GET", "/orders/{}".format(number))["status"] == "confirmed"   # no "payment pending" now
    confirm_at_sandbox(rest["confirmation_url"])
    paid = order_when(client, number, lambda o: o["payment"]["remaining"] == 0, "the rest paid")
    assert (paid["status"], paid["status_label"], paid["payment"]["status"]) == ("confirmed", "Подтвержден", "paid")
    assert paid["actions"] == ["cancel"]                                             # no "pay" any more
    assert [(p["method"], p["amount"]) for p in paid["payment"]["payments"]] == [("balance", 350000),
                                                                                 ("card", 200000)]
    assert chat_texts(client, number)[:2] == [GATEWAY_MESSAGE, BALANCE_MESSAGE]
    # confirmed once, by the prepayment: paying the rest changed no status
    assert [e["data"]["action"] for e in changes.received if e["data"]["order_number"] == number] == [
        "prepayment_received"]
    assert_problem(client.post(pay_url(number), json={"method": "balance"}, headers=key()), 409, "order_not_payable")


def test_a_prepaid_confirmed_order_cancelled_gets_back_what_was_paid(system, make_user, shop, events):
    """O9 after manual 000's prepayment: the confirmed order is cancelled, the 200 ₽ paid
    goes back to the card, the 300 ₽ never paid is not asked for."""
    client = make_user()
    refunded = events("billing", "refund_completed")
    number = pens(client, shop, 50000)["number"]
    prepayment = client.ok("POST", pay_url(number), 201, json={"method": "card", "amount": 20000}, headers=key())
    confirm_at_sandbox(prepayment["confirmation_url"])
    prepaid = order_when(client, number, lambda o: o["payment"]["paid"] == 20000, "the prepayment")
    assert prepaid["status"] == "confirmed" and "cancel" in prepaid["actions"] and "pay" in prepaid["actions"]

    cancelled = client.ok("POST", "/orders/{}/cancel".format(number))
    assert cancelled["status"] == "cancelled_refund_pending" and cancelled["actions"] == []
    data = refunded.wait(lambda e: e["data"]["order_number"] == number, timeout=20)["data"]
    assert (data["payment_id"], data["destination"], data["amount"], data["order_fully_refunded"]) == (
        prepayment["id"], "card", 20000, True)
    done = wait_status(client, number, "cancelled_refunded")
    assert (done["payment"]["paid"], done["payment"]["refunded"], done["payment"]["status"]) == (20000, 20000,
                                                                                                 "refunded")
    assert client.ok("GET", "/billing/payments/" + prepayment["id"])["refunded"] == 20000
    assert_problem(client.post(pay_url(number), json={"method": "card"}, headers=key()), 409, "order_cancelled")


def test_a_managers_part_payment_leaves_the_order_new_until_it_is_paid_in_full(system, make_user, staff, shop):
    """Manual 001: a manager's payment confirms only when it pays the whole rest — even one
    above the service's prepayment minimum, which would confirm an online prepayment."""
    client, manager = make_user(), staff.manager
    number = pens(client, shop, 50000)["number"]
    manager.ok("POST", payments_url(number), 201, json={"amount": 20000}, headers=key())
    part = order_when(client, number, lambda o: o["payment"]["paid"] == 20000, "the manager's part payment")
    assert part["status"] == "new" and part["status_label"] == "Новый. Необходимо оплатить остаток 300 ₽"
    assert "pay" in part["actions"] and part["payment"]["remaining"] == 30000
    manager.ok("POST", payments_url(number), 201, json={"amount": 30000}, headers=key())
    paid = wait_status(client, number, "confirmed")
    assert paid["status_label"] == "Подтвержден" and paid["payment"]["status"] == "paid"


# --- manual 001: a prepaid hotel finished by the manager's payments (O13, O14) ----------------------

def test_prepaid_hotel_is_finished_by_the_managers_payments(system, make_user, staff, catalog, redis_client, test_run,
                                                            events):  # noqa: F811
    """3 500 ₽ of 5 500 ₽ prepaid by card at checkout confirms the booking (manual 000:
    «Подтвержден. Необходимо оплатить остаток 2 000 ₽»); 1 960 ₽ would leave 40 ₽ and is
    refused; 1 000 ₽ and 1 000 ₽ are accepted and the confirmed order is paid."""
    client, manager = make_user(), staff.manager
    succeeded = events("billing", "payment_succeeded")
    check_in = service_now(redis_client, test_run).date() + timedelta(days=40)
    order = client.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": check_in.isoformat(),
        "check_out": (check_in + timedelta(days=2)).isoformat(), "adults": 2, "children": 1,
        "extras": [{"extra_id": "lunch", "quantity": 2}, {"extra_id": "dinner", "quantity": 2},
                   {"extra_id": "taxi", "quantity": 1}, {"extra_id": "early", "quantity": 1, "time": "07:00"},
                   {"extra_id": "late", "quantity": 1, "time": "18:00"}],
        "payment": {"method": "card", "amount": 350000}}, headers=key())
    number, prepayment = order["number"], order["payment_attempt"]["payment"]
    assert order["total"] == 550000 and (prepayment["amount"], prepayment["status"]) == (350000, "paying")
    wait_status(client, number, "new_payment_pending")
    # one provider payment of an order at a time, and no manager's payment meanwhile
    assert_problem(client.post(pay_url(number), json={"method": "card", "amount": 200000}, headers=key()), 409,
                   "payment_in_progress")
    assert_problem(manager.post(payments_url(number), json={"amount": 100000}, headers=key()), 403,
                   "manager_payment_not_allowed")

    confirm_at_sandbox(prepayment["confirmation_url"])
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == prepayment["id"])["data"]
    assert (data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (350000, 200000, False)
    prepaid = order_when(client, number, lambda o: o["payment"]["paid"] == 350000, "the prepayment on the order")
    assert prepaid["status"] == "confirmed" and prepaid["payment"]["status"] == "partially_paid"
    assert prepaid["status_label"] == "Подтвержден. Необходимо оплатить остаток 2\u00a0000 ₽"
    assert prepaid["payment"]["remaining"] == 200000 and "pay" in prepaid["actions"]
    # after a prepayment the client pays the whole remainder (O13)
    assert_problem(client.post(pay_url(number), json={"method": "card", "amount": 100000}, headers=key()), 422,
                   "remainder_must_be_paid_in_full")

    refused = assert_problem(manager.post(payments_url(number), json={"amount": 196000}, headers=key()), 422,
                             "remaining_too_small")
    assert "amount" in refused["errors"]
    assert client.ok("GET", "/orders/{}".format(number))["payment"]["remaining"] == 200000  # nothing changed
    # only staff record payments: the client is told so, a stranger learns nothing of the order
    assert_problem(client.post(payments_url(number), json={"amount": 100000}, headers=key()), 403, "role_required")
    assert_problem(make_user().post(payments_url(number), json={"amount": 100000}, headers=key()), 404)

    first = manager.ok("POST", payments_url(number), 201, json={"amount": 100000, "comment": "наличные"},
                       headers=key())
    assert (first["method"], first["method_label"], first["status"]) == ("manager", "Оплата через менеджера",
                                                                         "credited")
    assert first["recorded_by"] == manager.user["id"]
    assert first["order"]["remaining"] == 100000 and not first["order"]["fully_paid"]
    half = order_when(client, number, lambda o: o["payment"]["paid"] == 450000, "the first manager payment")
    assert half["status"] == "confirmed" and half["payment"]["remaining"] == 100000
    assert half["status_label"] == "Подтвержден. Необходимо оплатить остаток 1\u00a0000 ₽"

    second = manager.ok("POST", payments_url(number), 201, json={"amount": 100000}, headers=key())
    assert second["order"] == {"number": number, "total": 550000, "paid": 550000, "remaining": 0, "fully_paid": True}
    last = succeeded.wait(lambda e: e["data"]["payment_id"] == second["id"])["data"]
    assert (last["method"], last["user_id"], last["amount"], last["order_fully_paid"]) == (
        "manager", client.user["id"], 100000, True)
    confirmed = order_when(client, number, lambda o: o["payment"]["paid"] == 550000, "the second manager payment")
    assert confirmed["status"] == "confirmed" and confirmed["status_label"] == "Подтвержден"
    assert confirmed["payment"]["remaining"] == 0 and confirmed["payment"]["status"] == "paid"
    assert "pay" not in confirmed["actions"]
    assert [(p["method"], p["amount"]) for p in confirmed["payment"]["payments"]] == [
        ("card", 350000), ("manager", 100000), ("manager", 100000)]
    console = manager.ok("GET", "/orders/{}".format(number))  # the admin view shows the same payments
    assert [p["amount"] for p in console["payment"]["payments"]] == [350000, 100000, 100000]
    assert chat_texts(client, number)[:3] == [MANAGER_MESSAGE, MANAGER_MESSAGE, GATEWAY_MESSAGE]
    # the manager's payments show in the client's own payments
    mine = client.ok("GET", "/billing/payments", params={"order_number": number})["items"]
    assert sorted((p["method"], p["amount"], p["status"]) for p in mine) == [
        ("card", 350000, "credited"), ("manager", 100000, "credited"), ("manager", 100000, "credited")]
    assert_problem(manager.post(payments_url(number), json={"amount": 100}, headers=key()), 409,
                   "order_already_paid")


# --- Cancelling (O9) -------------------------------------------------------------------------------

def test_cancelling_refunds_each_payment_to_its_origin(system, admin, make_user, shop, events):
    """A prepayment by card and the rest from the balance; cancelling refunds the card payment
    to the card and the balance payment to the personal account; the last refund says the
    order is fully refunded (orders → cancelled_refunded)."""
    client = make_user()
    fund(admin, client, 30000)
    refunded = events("billing", "refund_completed")
    number = pens(client, shop, 50000)["number"]
    by_card = client.ok("POST", pay_url(number), 201, json={"method": "card", "amount": 20000}, headers=key())
    confirm_at_sandbox(by_card["confirmation_url"])
    # the prepayment (at least the shop's 100 ₽) confirms the order (manual 000)
    order_when(client, number, lambda o: o["payment"]["paid"] == 20000 and o["status"] == "confirmed", "the prepayment")
    from_balance = client.ok("POST", pay_url(number), 201, json={"method": "balance"}, headers=key())
    assert from_balance["order"]["fully_paid"] and balance(client) == 0
    order_when(client, number, lambda o: o["payment"]["paid"] == 50000 and o["status"] == "confirmed", "the rest")

    client.ok("POST", "/orders/{}/cancel".format(number))
    card_refund = refunded.wait(lambda e: e["data"]["payment_id"] == by_card["id"], timeout=20)["data"]
    balance_refund = refunded.wait(lambda e: e["data"]["payment_id"] == from_balance["id"])["data"]
    assert (card_refund["destination"], card_refund["amount"]) == ("card", 20000)
    assert (balance_refund["destination"], balance_refund["amount"]) == ("balance", 30000)
    fully = [r for r in (card_refund, balance_refund) if r["order_fully_refunded"]]
    assert len(fully) == 1 and fully[0]["order_refunded_total"] == 50000
    assert all(r["order_number"] == number and r["refund_id"] for r in (card_refund, balance_refund))
    # billing owns what an order paid and what remains: each refund says so too
    assert all((r["order_paid_total"], r["order_remaining"]) == (50000, 0) for r in (card_refund, balance_refund))
    assert wait_status(client, number, "cancelled_refunded")["payment"]["refunded"] == 50000

    assert balance(client) == 30000
    assert client.ok("GET", "/billing/payments/" + by_card["id"])["refunded"] == 20000
    at_provider = requests.get(sandbox_url(by_card["confirmation_url"], "/api/payments/{}".format(
        provider_id(by_card["confirmation_url"]))), timeout=10).json()
    assert at_provider["refunded"] == 20000
    assert expense_of(client, from_balance["id"])["refunded"] == 30000
    # a cancelled order takes no payments
    assert_problem(client.post(pay_url(number), json={"method": "balance"}), 409, "order_cancelled")


def test_a_card_refund_the_provider_refuses_lands_on_the_personal_account(system, make_user, shop, events):
    client = make_user()
    refunded = events("billing", "refund_completed")
    number = pens(client, shop, 30000)["number"]
    payment = client.ok("POST", pay_url(number), 201, json={"method": "card"})
    confirm_at_sandbox(payment["confirmation_url"])
    wait_status(client, number, "confirmed")
    # the money already went back at the provider another way: it refuses our refund
    requests.post(sandbox_url(payment["confirmation_url"], "/api/refunds"),
                  json={"payment_id": provider_id(payment["confirmation_url"]), "amount": 31500},
                  timeout=10).raise_for_status()
    client.ok("POST", "/orders/{}/cancel".format(number))
    data = refunded.wait(lambda e: e["data"]["order_number"] == number, timeout=20)["data"]
    assert (data["destination"], data["amount"], data["order_fully_refunded"]) == ("balance", 30000, True)
    wait_status(client, number, "cancelled_refunded")
    assert balance(client) == 30000


def test_cancelling_an_order_billing_never_received_money_for_is_answered_at_once(system, make_user, events,
                                                                                  test_run):
    """orders asks for a refund of money billing never received (which orders does not do
    while the two agree; published here as orders would): billing says at once that nothing
    is held, instead of leaving the order waiting for a refund forever."""
    client = make_user()
    refunded = events("billing", "refund_completed")
    number = order_number()
    publish_order_cancelled(test_run.amqp_uri, number, client.user["account_id"], client.user["id"], paid=10000)
    data = refunded.wait(lambda e: e["data"]["order_number"] == number)["data"]
    assert data["amount"] == 0 and data["order_fully_refunded"] is True


# --- the janitor: payments nobody told billing about ------------------------------------------------

def test_an_unresolved_payment_is_rechecked_before_the_order_is_paid_again(system, make_user, catalog):  # noqa: F811
    client = make_user()
    number = coffee_order(client, catalog)["number"]
    before = payable_of(system, client, number)  # what orders says before any payment: payable
    first = client.ok("POST", pay_url(number), 201, json={"method": "card"})
    wait_status(client, number, "new_payment_pending")
    confirm_at_sandbox(first["confirmation_url"], notify=False)   # paid at the provider; billing not told
    # paying again asks the provider about the payment in flight first: it was paid (orders, which
    # still waited for that payment, had said the order cannot be paid now)
    assert_problem(client.post(pay_url(number), json={"method": "card"}), 409, "order_not_payable")
    assert client.ok("GET", "/billing/payments/" + first["id"])["status"] == "credited"
    wait_status(client, number, "confirmed")
    # billing checks the money against its own records, not orders' snapshot: one taken before
    # the payment still says payable, and billing refuses the order as paid in full
    with pytest.raises(errors.Conflict) as paid:
        rpc(system, client, "pay_order", before, {"method": "card", "amount": 1000})
    assert paid.value.error_code == "order_already_paid"


def test_a_payment_nobody_completes_expires_and_the_order_payment_fails(system, make_user, catalog, redis_client,
                                                                        test_run):  # noqa: F811
    client = make_user()
    number = coffee_order(client, catalog)["number"]
    payment = client.ok("POST", pay_url(number), 201, json={"method": "card"})
    wait_status(client, number, "new_payment_pending")
    # while it waits for the payer, nothing else can pay the order
    assert_problem(client.post(pay_url(number), json={"method": "balance"}), 409, "payment_in_progress")
    advance(redis_client, test_run.redis_prefix, 3601)  # PAYMENT_EXPIRY = 1 h: cancelled at the provider
    wait_for(lambda: client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "failed", timeout=15)
    failed = client.ok("GET", "/billing/payments/" + payment["id"])
    assert failed["failure_reason"] == "expired_on_confirmation" and failed["confirmation_url"] is None
    wait_status(client, number, "cancelled_payment_failed")
    at_provider = requests.get(sandbox_url(payment["confirmation_url"], "/api/payments/{}".format(
        provider_id(payment["confirmation_url"]))), timeout=10).json()
    assert at_provider["status"] == "canceled"
