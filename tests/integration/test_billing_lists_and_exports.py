"""Payments, ledger entries and deliveries follow the same list conventions as orders
(kit.listing): sort by the list's fields, a period of Moscow days, text; CSV exports of
payments and account movements for a customer's own account and for administrators —
never another account's rows."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from kit.listing import read_csv
from kit.testing.wait import wait_for
from tests.integration.billing_support import confirm_at_sandbox
from tests.integration.client import assert_problem
from tests.integration.orders_support import service_now


def moscow_today(redis_client, test_run) -> str:
    return service_now(redis_client, test_run).astimezone(ZoneInfo("Europe/Moscow")).date().isoformat()


def top_up(client, amount: int) -> dict:
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": amount})
    confirm_at_sandbox(payment["confirmation_url"])
    credited = client.ok("GET", "/billing/payments/" + payment["id"])
    assert credited["status"] == "credited"
    return credited


def test_a_customer_and_an_administrator_list_and_export_payments_and_movements(
        admin, make_user, redis_client, test_run, unique):
    alice = make_user(first_name="Алиса", last_name="Ёжикова-" + unique)
    bob = make_user(first_name="Борис", last_name="Другой-" + unique)
    small, large = top_up(alice, 50000), top_up(alice, 123456)
    theirs = top_up(bob, 70000)
    today = moscow_today(redis_client, test_run)

    def payments(client, **params) -> list[int]:
        return [p["number"] for p in client.ok("GET", "/billing/payments", params=params)["items"]]

    assert payments(alice, sort="-amount") == [large["number"], small["number"]]
    assert payments(alice, sort="amount,number") == [small["number"], large["number"]]
    assert payments(alice, period_from=today, period_to=today, sort="number") == [small["number"], large["number"]]
    assert payments(alice, period_to="2000-01-01") == []
    assert payments(alice, q=str(large["number"])) == [large["number"]]
    assert payments(alice, q=str(theirs["number"])) == []  # another account's payment
    # who paid, by name (billing's copy of identity's people), and found by part of it
    assert {p["user_name"] for p in alice.ok("GET", "/billing/payments")["items"]} == {alice.user["full_name"]}
    assert payments(admin, scope="all", q="ЁЖИКОВА-" + unique, sort="number") == [small["number"], large["number"]]
    assert payments(admin, scope="all", q="ежикова-" + unique + " " + str(theirs["number"])) == []
    refused = assert_problem(alice.get("/billing/payments", params={"sort": "account_id"}), 422, "validation_failed")
    assert "account_id" in refused["errors"]["sort"][0] and "amount" in refused["errors"]["sort"][0]

    # a customer's exports: their account's payments and movements, money as the manuals show it
    exported = alice.get("/billing/payments/export.csv", params={"sort": "-amount"})
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
    rows = read_csv(exported.content)
    assert [(int(r["Номер"]), r["Сумма"]) for r in rows] == [(large["number"], "1234,56"),
                                                             (small["number"], "500,00")]
    assert {r["Клиент"] for r in rows} == {alice.user["account_id"]}
    assert {r["Пользователь"] for r in rows} == {alice.user["full_name"]} and {r["Кем внесен"] for r in rows} == {""}
    movements = read_csv(alice.get("/billing/account/entries/export.csv", params={"sort": "created_at"}).content)
    assert [(m["Операция"], m["Сумма"], m["Остаток"]) for m in movements] == [
        ("Пополнение", "500,00", "500,00"), ("Пополнение", "1234,56", "1734,56")]
    assert_problem(alice.get("/billing/payments/export.csv", params={"scope": "all"}), 403, "role_required")
    assert_problem(alice.get("/billing/payments", params={"account_id": bob.user["account_id"]}), 403)
    assert_problem(alice.get("/billing/accounts/{}/entries/export.csv".format(bob.user["account_id"])), 403)

    # administrators: one account's or everyone's, with the same filters
    assert payments(admin, account_id=bob.user["account_id"]) == [theirs["number"]]
    every = read_csv(admin.get("/billing/payments/export.csv", params={
        "scope": "all", "period_from": today, "q": "", "sort": "number"}).content)
    numbers = [int(r["Номер"]) for r in every]
    assert {small["number"], large["number"], theirs["number"]} <= set(numbers) and numbers == sorted(numbers)
    bobs = read_csv(admin.get("/billing/accounts/{}/entries/export.csv".format(bob.user["account_id"])).content)
    assert [m["Сумма"] for m in bobs] == ["700,00"]

    # the deliveries of those payments, found by the recipient's partial name, with it
    def alices_deliveries():
        page = admin.ok("GET", "/notifications/deliveries", params={
            "recipient_name": "ЕЖИКОВА-" + unique, "channel": "email", "sort": "created_at"})
        return page if page["total"] == 2 else None

    deliveries = wait_for(alices_deliveries, timeout=20, message="alice's two e-mails")["items"]
    assert {d["recipient"] for d in deliveries} == {alice.user["id"]}
    assert deliveries[0]["recipient_name"] == alice.user["full_name"]
    assert deliveries[0]["created_at"] <= deliveries[1]["created_at"]
    assert_problem(admin.get("/notifications/deliveries", params={"sort": "address"}), 422, "validation_failed")
