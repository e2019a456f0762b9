"""Paying orders (B3, O9, O13, O14), billing's side of docs/payments.md: ``billing.pay_order`` and
``billing.record_manager_payment`` called with the ``orders.get_payable`` snapshot (as the
gateway does for ``POST /orders/{n}/pay`` and ``/payments``), the events orders reacts to, and
refunds on a synthetic ``orders.order_cancelled``. The gateway endpoints themselves are
exercised in services/billing/tests/test_order_endpoints.py (with a stand-in orders)."""
from __future__ import annotations

import threading

import pytest
import requests

from kit import errors
from tests.integration.billing_support import (
    confirm_at_sandbox, fund, payable, provider_id, publish_order_cancelled, rpc,
)


def expense_of(client, payment_id):
    return [e for e in client.ok("GET", "/billing/expenses", params={"per_page": 100})["items"]
            if e["payment_id"] == payment_id][0]


def test_coffee_paid_from_the_balance(system, admin, make_user, events):
    client = make_user()
    fund(admin, client, 50000)
    succeeded = events("billing", "payment_succeeded")
    order = payable(client, 18000)
    payment = rpc(system, client, "pay_order", order, {"method": "balance"})
    assert payment["status"] == "credited" and payment["method"] == "balance" and payment["commission"] == 0
    assert payment["order"] == {"number": order["order_number"], "total": 18000, "paid": 18000, "remaining": 0,
                                "fully_paid": True}
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert (data["order_number"], data["purpose"], data["method"], data["provider"]) == (
        order["order_number"], "order", "balance", None)
    assert (data["amount"], data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (
        18000, 18000, 0, True)
    assert client.ok("GET", "/billing/account")["balance"] == 32000
    kinds = [(e["kind"], e["amount"]) for e in client.ok("GET", "/billing/account/entries")["items"]]
    assert kinds == [("charge", -18000), ("adjustment", 50000)]
    expense = expense_of(client, payment["id"])
    # B8: VAT 20 % included, computed once: 180.00 ₽ → 30.00 ₽
    assert (expense["amount"], expense["unpaid"], expense["vat"], expense["payment_number"]) == (
        18000, 0, 3000, payment["number"])
    assert "Кофе" in expense["name"] and str(order["order_number"]) in expense["name"]
    today = expense["charged_at"][:10]
    listed = client.ok("GET", "/billing/expenses", params={"from": today, "to": today})
    assert (listed["total"], listed["sum_amount"], listed["sum_vat"], listed["sum_unpaid"]) == (1, 18000, 3000, 0)
    assert client.ok("GET", "/billing/expenses", params={"from": "2999-01-01"})["total"] == 0
    assert client.get("/billing/expenses", params={"from": "yesterday"}).status_code == 422


def test_coffee_paid_by_card(system, make_user, events):
    client = make_user()
    started, succeeded = events("billing", "payment_started"), events("billing", "payment_succeeded")
    order = payable(client, 18000)
    payment = rpc(system, client, "pay_order", order, {"method": "card"})
    assert payment["status"] == "paying" and payment["confirmation_url"]
    # 5 % of 180 ₽ + 10 ₽
    assert (payment["commission"], payment["amount_to_pay"]) == (1900, 19900)
    assert started.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]["order_number"] == order["order_number"]
    confirm_at_sandbox(payment["confirmation_url"])
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == payment["id"])["data"]
    assert (data["method"], data["provider"], data["commission"]) == ("card", "sandbox", 1900)
    assert (data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (18000, 0, True)
    assert client.ok("GET", "/billing/account")["balance"] == 0
    kinds = [(e["kind"], e["amount"]) for e in client.ok("GET", "/billing/account/entries")["items"]]
    assert kinds == [("charge", -18000), ("payment", 18000)]
    # a fully paid order takes no more payments
    with pytest.raises(errors.Conflict) as refused:
        rpc(system, client, "pay_order", order, {"method": "card", "amount": 1000})
    assert refused.value.error_code == "order_already_paid"


def test_hotel_prepayment_then_manager_payments_confirm_the_order(system, make_user, events):
    """Manual 001: 5 500 ₽ with a 3 500 ₽ prepayment leaves 2 000 ₽; the manager's 1 960 ₽ is
    refused (40 ₽ would remain), 1 000 ₽ + 1 000 ₽ are accepted and pay the order in full."""
    client = make_user()
    manager = make_user(roles=["rental_manager"])
    succeeded = events("billing", "payment_succeeded")
    hotel = payable(client, 550000, kind="hotel", service_name="Гостиница", prepayment_allowed=True,
                    min_prepayment=100000)
    with pytest.raises(errors.ValidationFailed) as too_little:
        rpc(system, client, "pay_order", hotel, {"method": "card", "amount": 50000})
    assert too_little.value.error_code == "prepayment_below_minimum"
    with pytest.raises(errors.ValidationFailed) as no_prepayment:
        rpc(system, client, "pay_order", dict(hotel, prepayment_allowed=False), {"method": "card", "amount": 350000})
    assert no_prepayment.value.error_code == "prepayment_not_allowed"

    prepayment = rpc(system, client, "pay_order", hotel, {"method": "card", "amount": 350000})
    with pytest.raises(errors.Conflict) as in_flight:
        rpc(system, client, "pay_order", hotel, {"method": "card", "amount": 200000})
    assert in_flight.value.error_code == "payment_in_progress"
    confirm_at_sandbox(prepayment["confirmation_url"])
    data = succeeded.wait(lambda e: e["data"]["payment_id"] == prepayment["id"])["data"]
    assert (data["order_paid_total"], data["order_remaining"], data["order_fully_paid"]) == (350000, 200000, False)

    # after a prepayment the client pays the whole remainder (O13)
    with pytest.raises(errors.ValidationFailed) as partial:
        rpc(system, client, "pay_order", hotel, {"method": "card", "amount": 100000})
    assert partial.value.error_code == "remainder_must_be_paid_in_full"

    snapshot = dict(hotel, paid=350000, remaining=200000)
    with pytest.raises(errors.ValidationFailed) as refused:
        rpc(system, manager, "record_manager_payment", snapshot, {"amount": 196000})
    assert refused.value.error_code == "remaining_too_small" and "amount" in refused.value.errors
    first = rpc(system, manager, "record_manager_payment", snapshot, {"amount": 100000, "comment": "наличные"})
    assert first["method"] == "manager" and first["status"] == "credited" and first["recorded_by"] == manager.user["id"]
    assert first["order"]["remaining"] == 100000 and not first["order"]["fully_paid"]
    second = rpc(system, manager, "record_manager_payment", dict(snapshot, paid=450000, remaining=100000),
                 {"amount": 100000})
    assert second["order"] == {"number": hotel["order_number"], "total": 550000, "paid": 550000, "remaining": 0,
                               "fully_paid": True}
    last = succeeded.wait(lambda e: e["data"]["payment_id"] == second["id"])["data"]
    assert (last["method"], last["user_id"], last["amount"], last["order_fully_paid"]) == (
        "manager", client.user["id"], 100000, True)
    # the manager's payments show in the client's own payments
    mine = client.ok("GET", "/billing/payments", params={"order_number": hotel["order_number"]})["items"]
    assert sorted((p["method"], p["amount"], p["status"]) for p in mine) == [
        ("card", 350000, "credited"), ("manager", 100000, "credited"), ("manager", 100000, "credited")]


def test_only_staff_handling_the_service_record_payments(system, make_user):
    client = make_user()
    order = payable(client, 100000)
    with pytest.raises(errors.Forbidden) as not_staff:
        rpc(system, client, "record_manager_payment", order, {"amount": 10000})
    assert not_staff.value.error_code == "role_required"
    manager = make_user(roles=["rental_manager"])
    with pytest.raises(errors.Forbidden) as not_theirs:
        rpc(system, manager, "record_manager_payment", dict(order, staff_may_record=False), {"amount": 10000})
    assert not_theirs.value.error_code == "manager_payment_not_allowed"


def test_cancelling_a_paid_order_refunds_each_payment_to_its_origin(system, admin, make_user, events, test_run):
    """O9: a prepayment by card and the rest from the balance; cancelling refunds the card
    payment to the card and the balance payment to the personal account; the last refund
    says the order is fully refunded (orders → cancelled_refunded)."""
    client = make_user()
    fund(admin, client, 30000)
    refunded = events("billing", "refund_completed")
    order = payable(client, 50000, prepayment_allowed=True)
    by_card = rpc(system, client, "pay_order", order, {"method": "card", "amount": 20000})
    confirm_at_sandbox(by_card["confirmation_url"])
    from_balance = rpc(system, client, "pay_order", order, {"method": "balance"})
    assert from_balance["order"]["fully_paid"] and client.ok("GET", "/billing/account")["balance"] == 0

    publish_order_cancelled(test_run.amqp_uri, order["order_number"], client.user["account_id"], client.user["id"],
                            paid=50000)
    card_refund = refunded.wait(lambda e: e["data"]["payment_id"] == by_card["id"])["data"]
    balance_refund = refunded.wait(lambda e: e["data"]["payment_id"] == from_balance["id"])["data"]
    assert (card_refund["destination"], card_refund["amount"]) == ("card", 20000)
    assert (balance_refund["destination"], balance_refund["amount"]) == ("balance", 30000)
    fully = [r for r in (card_refund, balance_refund) if r["order_fully_refunded"]]
    assert len(fully) == 1 and fully[0]["order_refunded_total"] == 50000
    assert all(r["order_number"] == order["order_number"] and r["refund_id"] for r in (card_refund, balance_refund))

    assert client.ok("GET", "/billing/account")["balance"] == 30000
    assert client.ok("GET", "/billing/payments/" + by_card["id"])["refunded"] == 20000
    at_provider = requests.get("{}/api/payments/{}".format(
        system.sandbox_url, provider_id(by_card["confirmation_url"])), timeout=10).json()
    assert at_provider["refunded"] == 20000
    assert expense_of(client, from_balance["id"])["refunded"] == 30000
    # a cancelled order takes no payments
    with pytest.raises(errors.Conflict) as closed:
        rpc(system, client, "pay_order", order, {"method": "balance"})
    assert closed.value.error_code == "order_cancelled"


def test_cancelling_an_order_billing_never_received_money_for_answers_at_once(system, make_user, events, test_run):
    client = make_user()
    refunded = events("billing", "refund_completed")
    order = payable(client, 10000)
    publish_order_cancelled(test_run.amqp_uri, order["order_number"], client.user["account_id"], client.user["id"],
                            paid=10000)
    data = refunded.wait(lambda e: e["data"]["order_number"] == order["order_number"])["data"]
    assert data["amount"] == 0 and data["order_fully_refunded"] is True


def test_two_charges_racing_for_the_last_100_rubles_one_succeeds(system, admin, make_user):
    """Real parallel requests on PostgreSQL: the personal account's row lock lets exactly one
    of the charges through; the balance never goes below zero."""
    client = make_user()
    fund(admin, client, 10000)
    orders = [payable(client, 10000) for _ in range(5)]
    barrier = threading.Barrier(len(orders))
    outcomes = []

    def charge(order):
        barrier.wait()
        try:
            outcomes.append(rpc(system, client, "pay_order", order, {"method": "balance"})["status"])
        except errors.Conflict as error:
            outcomes.append(error.error_code)

    threads = [threading.Thread(target=charge, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["credited"] + ["insufficient_funds"] * 4
    assert client.ok("GET", "/billing/account")["balance"] == 0
    entries = client.ok("GET", "/billing/account/entries")["items"]
    assert sum(e["amount"] for e in entries) == 0 and min(e["balance_after"] for e in entries) == 0


def test_bad_order_payment_input_is_refused(system, make_user):
    client, stranger = make_user(), make_user()
    order = payable(client, 18000)
    for body in ({"method": "balance", "amount": 0}, {"method": "balance", "amount": -100},
                 {"method": "card", "amount": 100.5}, {"method": "card", "currency": "USD"}, {"method": "cash"},
                 {"amount": 18000}):
        with pytest.raises(errors.ValidationFailed):
            rpc(system, client, "pay_order", order, body)
    with pytest.raises(errors.ValidationFailed) as currency:
        rpc(system, client, "pay_order", dict(order, currency="EUR"), {"method": "card"})
    assert currency.value.error_code == "currency_not_supported"
    with pytest.raises(errors.NotFound):
        rpc(system, stranger, "pay_order", order, {"method": "card"})
    with pytest.raises(errors.Conflict) as not_payable:
        rpc(system, client, "pay_order", dict(order, payable=False), {"method": "card"})
    assert not_payable.value.error_code == "order_not_payable"
    with pytest.raises(errors.Conflict) as poor:
        rpc(system, client, "pay_order", order, {"method": "balance"})
    assert poor.value.error_code == "insufficient_funds"
    assert client.ok("GET", "/billing/payments")["total"] == 0
