"""Orders and billing together (docs/payments.md), through the gateway: paying an order from the
personal account, cancelling it and getting the money back (O9, O13), and manual 001's
prepaid hotel completed by the manager's payment (O14)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from kit.testing.wait import wait_for
from tests.integration.billing_support import fund
from tests.integration.orders_support import coffee_order, service_now, wait_status


def test_paid_from_the_balance_then_cancelled_and_refunded(system, admin, make_user, catalog):
    client = make_user()
    fund(admin, client, 50000)
    number = coffee_order(client, catalog)["number"]

    payment = client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "balance"},
                        headers={"Idempotency-Key": uuid.uuid4().hex})
    assert payment["order_number"] == number and payment["amount"] == 18000
    confirmed = wait_status(client, number, "confirmed")
    assert confirmed["payment"]["status"] == "paid"
    assert [(p["payment_id"], p["method"]) for p in confirmed["payment"]["payments"]] == [(payment["id"], "balance")]
    assert client.ok("GET", "/orders/{}/messages".format(number))["items"][0]["text"] == "Оплата с лицевого счета"
    assert client.ok("GET", "/billing/account")["balance"] == 32000

    client.ok("POST", "/orders/{}/cancel".format(number))
    refunded = wait_status(client, number, "cancelled_refunded", timeout=20)
    assert refunded["payment"]["status"] == "refunded" and refunded["payment"]["refunded"] == 18000
    assert client.ok("GET", "/billing/account")["balance"] == 50000


def test_a_prepaid_hotel_is_confirmed_by_the_managers_payment(system, admin, make_user, staff, catalog,
                                                               redis_client, test_run):
    client = make_user()
    fund(admin, client, 350000)
    start = service_now(redis_client, test_run).date() + timedelta(days=45)
    number = client.ok("POST", "/orders", 201, json={
        "service_id": catalog.hotel["id"], "check_in": start.isoformat(),
        "check_out": (start + timedelta(days=2)).isoformat(), "adults": 2,
        "extras": [{"extra_id": "lunch", "quantity": 2}, {"extra_id": "taxi", "quantity": 1},
                   {"extra_id": "early", "quantity": 1, "time": "07:00"}, {"extra_id": "late", "quantity": 1, "time": "18:00"},
                   {"extra_id": "dinner", "quantity": 2}]})["number"]

    client.ok("POST", "/orders/{}/pay".format(number), 201, json={"method": "balance", "amount": 350000},
              headers={"Idempotency-Key": uuid.uuid4().hex})
    prepaid = wait_for(lambda: (lambda o: o if o["payment"]["paid"] == 350000 else None)(
        client.ok("GET", "/orders/{}".format(number))), message="the prepayment")
    assert prepaid["status"] == "new" and prepaid["payment"]["remaining"] == 200000 and "pay" in prepaid["actions"]

    staff.manager.ok("POST", "/orders/{}/payments".format(number), 201, json={"amount": 200000},
                     headers={"Idempotency-Key": uuid.uuid4().hex})
    paid = wait_status(client, number, "confirmed")
    assert paid["payment"]["status"] == "paid" and paid["payment"]["remaining"] == 0
    assert [p["method"] for p in paid["payment"]["payments"]] == ["balance", "manager"]
    assert client.ok("GET", "/orders/{}/messages".format(number))["items"][0]["text"] == "Менеджер внес оплату 2\u00a0000 ₽"
