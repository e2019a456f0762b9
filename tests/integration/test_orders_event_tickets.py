"""Manual 000 "Просмотр QR-кода билета на мероприятие" (O12): a ticket to «Маркетинг в
цифровую эпоху» (tariff «Резидент», 150 ₽), its signed QR code, check-in once by the event
manager, and no cancellation after attending."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.integration.client import assert_problem
from tests.integration.orders_support import event_service, wait_status
from tests.integration.test_billing_payers import INDIVIDUAL


@pytest.fixture
def catalog(admin, staff, redis_client, test_run, catalog):
    """The session's catalog with an event that has not started at the system's now."""
    return SimpleNamespace(**{**vars(catalog), "event": event_service(admin, staff, redis_client, test_run)})


def test_a_ticket_qr_is_checked_in_once_and_then_refuses_cancellation(system, make_user, staff, catalog, billing,
                                                                       events):
    client = make_user(first_name="Марина", last_name="Спиридонова")
    payer_id = client.ok("POST", "/billing/payers", 201, json=INDIVIDUAL)["id"]
    order = client.ok("POST", "/orders", 201, json={"service_id": catalog.event["id"], "tariff_id": "resident",
                                                    "payer_id": payer_id})
    number = order["number"]
    assert [(i["name"], i["quantity"], i["unit_price"], i["amount"]) for i in order["items"]] == [
        ("Тариф «Резидент»", 1, 15000, 15000)]
    assert order["event"]["place"] == "Технопарк" and order["event"]["starts_at"] == catalog.event["event"]["starts_at"]
    assert order["description"].startswith("Каждую среду") and order["additional_services"] is None
    assert order["event"]["ticket_payload"] is None and "ticket_qr" not in order["actions"]
    assert_problem(client.get("/orders/{}/ticket/qr".format(number)), 409, "ticket_not_available")

    billing.succeeded(number, 15000, paid_total=15000, total=15000, method="balance")
    confirmed = wait_status(client, number, "confirmed")
    assert confirmed["actions"] == ["cancel", "ticket_qr"]
    payload = confirmed["event"]["ticket_payload"]
    png = client.get("/orders/{}/ticket/qr".format(number))
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get("/orders/{}/ticket/qr".format(number), params={"format": "svg"})
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert_problem(client.get("/orders/{}/ticket/qr".format(number), params={"format": "gif"}), 422)
    assert [m["text"] for m in client.ok("GET", "/orders/{}/messages".format(number))["items"]] == [
        "Оплата с лицевого счета"]

    # forged, or scanned by someone who is not an event manager: refused
    number_part, code, mac = payload.split(".")[1:]
    forged = "EVT1.{}.{}.{}".format(int(number_part) + 1, code, mac)
    assert_problem(staff.events.post("/event-tickets/check-in", json={"payload": forged}), 422, "ticket_invalid")
    assert_problem(staff.events.post("/event-tickets/check-in", json={"payload": "hello"}), 422, "ticket_invalid")
    assert_problem(client.post("/event-tickets/check-in", json={"payload": payload}), 403)
    assert_problem(staff.events.post("/event-tickets/check-in", json={}), 422)

    checked = events("orders", "ticket_checked_in")
    result = staff.events.ok("POST", "/event-tickets/check-in", json={"payload": payload})
    assert result["order_number"] == number and result["visitor"]["name"] == client.user["full_name"]
    assert result["tariff"]["name"] == "Резидент" and result["checked_in_by"] == staff.events.user["id"]
    assert checked.wait(lambda e: e["data"]["order_number"] == number)["data"]["checked_in_by"] == staff.events.user["id"]
    assert_problem(staff.events.post("/event-tickets/check-in", json={"payload": payload}), 409,
                   "ticket_already_checked_in")

    attended = client.ok("GET", "/orders/{}".format(number))
    assert attended["event"]["attended_at"] == result["attended_at"] and "cancel" not in attended["actions"]
    assert_problem(client.post("/orders/{}/cancel".format(number)), 409, "ticket_attended")
    assert_problem(staff.manager.post("/orders/{}/cancel".format(number)), 409, "ticket_attended")
    assert client.ok("GET", "/orders/{}".format(number))["status"] == "confirmed"


def test_an_unpaid_or_cancelled_ticket_is_not_let_in(system, make_user, staff, catalog, billing, admin):
    client = make_user()
    number = client.ok("POST", "/orders", 201, json={"service_id": catalog.event["id"], "tariff_id": "resident"})["number"]
    assert_problem(client.post("/orders", json={"service_id": catalog.event["id"]}), 422)
    assert_problem(client.post("/orders", json={"service_id": catalog.event["id"], "tariff_id": "vip"}), 422)
    staff.manager.ok("PATCH", "/orders/{}".format(number), json={"status": "confirmed"})   # paid at the desk
    payload = client.ok("GET", "/orders/{}".format(number))["event"]["ticket_payload"]
    cancelled = client.ok("POST", "/orders/{}/cancel".format(number))
    assert cancelled["status"] == "cancelled"
    assert_problem(staff.events.post("/event-tickets/check-in", json={"payload": payload}), 409, "ticket_cancelled")

    free = admin.ok("POST", "/catalog/services", 201, json={
        "kind": "event", "name": "День открытых дверей", "settings": {"capacity": 1},
        "tariffs": [{"id": "free", "name": "Бесплатный", "price": 0, "unit": "ticket"}],
        "event": {"starts_at": catalog.event["event"]["starts_at"]}})
    ticket = client.ok("POST", "/orders", 201, json={"service_id": free["id"], "tariff_id": "free"})
    assert ticket["status"] == "confirmed" and ticket["payment"]["status"] == "paid"  # nothing to pay
    assert_problem(make_user().post("/orders", json={"service_id": free["id"], "tariff_id": "free"}), 409, "event_sold_out")
