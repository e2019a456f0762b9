"""The action log (issue 13 item 11; manual 004 «Конфиденциальность»: the list of actions).

An account's users change things in several services — the owner invites a clerk and
gives them rights, edits notification settings and adds a payer; the clerk orders coffee
and cancels it; the manager cancels another of the clerk's orders. Each service records
its change as it makes it; the account's administrator lists them all — who, what, on which
object, when, from which address and client — and filters them; another account's
administrator sees none of them, an ordinary user of the account is refused, an
administrator of the platform sees everything. A redelivered entry is recorded once.
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime

from kit.testing.publish import publish_event
from tests.integration.client import Client, assert_problem
from tests.integration.billing_support import fund
from tests.integration.orders_support import catalog, coffee_order, service_now, staff  # noqa: F401
from tests.integration.test_billing_cart import make_vps, promo
from tests.integration.test_billing_order_invoices import statement

AGENT = "action-log-story/1.0"


def browser(client: Client) -> Client:
    """The client as a person's browser: its own User-Agent, and an X-Forwarded-For the gateway
    must not believe (no trusted proxy in front of it here)."""
    client.session.headers.update({"User-Agent": AGENT, "X-Forwarded-For": "203.0.113.66"})
    return client


def entries(client: Client, path: str = "/account/actions", **params) -> dict:
    return client.ok("GET", path, params=params)


def wait_entries(client: Client, count: int, timeout: float = 20.0, **params) -> list[dict]:
    """The log reaches ``count`` entries matching ``params`` (they travel as events)."""
    deadline = time.monotonic() + timeout
    while True:
        found = entries(client, per_page=100, **params)
        if found["total"] >= count or time.monotonic() > deadline:
            return found["items"]
        time.sleep(0.2)


def test_the_accounts_administrator_sees_every_change_made_on_the_account(
        system, admin, make_user, events, catalog, staff, redis_client, test_run, unique):  # noqa: F811
    started = service_now(redis_client, test_run)
    admin_id = admin.ok("GET", "/me")["id"]
    owner = browser(make_user(first_name="Джил", last_name="Фейри" + unique))
    account = owner.user["account_id"]

    # identity: the owner invites a clerk (orders only), then gives them the finance right too
    invitations = events("identity", "user_registration_requested")
    clerk_user = owner.ok("POST", "/account/users", 201, json={
        "email": "clerk-{}@it.platform.local".format(unique), "first_name": "Аня", "last_name": "Банана",
        "rights": ["orders"]})
    token = invitations.wait(lambda e: e["data"]["user_id"] == clerk_user["id"])["data"]["token"]
    Client(system.base_url).ok("POST", "/auth/confirm", json={"token": token, "password": "clerk password"})
    owner.ok("PATCH", "/account/users/" + clerk_user["id"], json={"rights": ["orders", "finance"]})
    clerk = browser(Client(system.base_url).login(clerk_user["email"], "clerk password"))

    # notifications and billing: the owner's settings and a payer
    owner.ok("PUT", "/notifications/preferences", json={"categories": {"news": {"sms": False}}})
    payer = owner.ok("POST", "/billing/payers", 201, json={
        "kind": "individual", "contact_person": "Джил Фейри", "phone": "+7 (999) 111-22-33",
        "actual_address": {"postcode": "100000", "city": "Москва", "address": "ул. Ленина, д. 1"},
        "passport": {"series_number": "1111 111111", "issued_at": "2000-12-01", "issued_by": "УФМС г. Москва",
                     "birth_date": "1999-03-03", "registration_city": "Москва",
                     "registration_address": "г. Москва, ул. Ленина, д. 1"}})

    # orders: the clerk orders coffee twice and cancels the first; the manager cancels the second
    first, second = coffee_order(clerk, catalog)["number"], coffee_order(clerk, catalog)["number"]
    recorded = events("orders", "action_recorded")
    clerk.ok("POST", "/orders/{}/cancel".format(first))
    staff.manager.ok("POST", "/orders/{}/cancel".format(second), json={"reason": "Кофейня закрыта"})

    # the owner's and the clerk's sign-ins are the account's too (the story with them: below)
    log = [e for e in wait_entries(owner, 11) if not e["action"].startswith("session.")]
    assert [(e["service"], e["action"], e["object_type"], e["actor"]["id"]) for e in log] == [
        ("orders", "order.staff_cancel", "order", staff.manager.user["id"]),
        ("orders", "order.cancel", "order", clerk_user["id"]),
        ("orders", "order.created", "order", clerk_user["id"]),
        ("orders", "order.created", "order", clerk_user["id"]),
        ("billing", "payer.created", "payer", owner.user["id"]),
        ("notifications", "notification_settings.updated", "user", owner.user["id"]),
        ("identity", "account_user.updated", "user", owner.user["id"]),
        ("identity", "account_user.created", "user", owner.user["id"]),
        ("identity", "user.created", "user", admin_id),  # staff acting on the account's user count too
    ], [(e["service"], e["action"], e["actor"]["id"]) for e in log]
    staff_cancel, cancel = log[0], log[1]
    assert (staff_cancel["object_id"], cancel["object_id"]) == (str(second), str(first))
    assert "Кофейня закрыта" in staff_cancel["summary"] and staff_cancel["actor"]["name"] == "Марина " + \
        staff.manager.user["last_name"]
    assert cancel["actor"] == {"id": clerk_user["id"], "name": "Аня Банана", "roles": ["client"]}
    assert log[4]["object_id"] == payer["id"] and log[6]["summary"] == "Аня Банана: Изменено: права"
    # when, and from where: the client's address as the gateway saw it (a forged
    # X-Forwarded-For from an untrusted peer is not believed) and its User-Agent
    assert all(datetime.fromisoformat(e["occurred_at"]) >= started.replace(microsecond=0) for e in log)
    assert {(e["ip"], e["user_agent"]) for e in log[:-1] if e["actor"]["id"] != staff.manager.user["id"]} == {
        ("127.0.0.1", AGENT)}
    assert log[0]["ip"] == "127.0.0.1" and log[0]["user_agent"].startswith("python-requests")
    assert all(e["account_id"] == account for e in log)

    # filters: by actor, action, object, text, period, and sorted
    by_clerk = entries(owner, actor_id=clerk_user["id"], action="order.cancel")["items"]
    assert [e["id"] for e in by_clerk] == [cancel["id"]]
    assert entries(owner, object_type="order", object_id=str(second))["total"] == 2
    assert [e["id"] for e in entries(owner, q="кофейня ЗАКРЫТА")["items"]] == [staff_cancel["id"]]
    assert entries(owner, service="billing")["items"][0]["action"] == "payer.created"
    assert entries(owner, period_to=started.date().replace(year=started.year - 1).isoformat())["total"] == 0
    assert [e["action"] for e in entries(owner, sort="occurred_at", per_page=1)["items"]] == ["user.created"]
    assert_problem(owner.get("/account/actions", params={"sort": "ip"}), 422, "validation_failed")

    # the clerk (no "users" right) is refused; another account's administrator sees none of it
    assert_problem(clerk.get("/account/actions"), 403, "account_admin_required")
    stranger = make_user()
    assert entries(stranger, object_id=str(first))["total"] == 0
    assert all(e["account_id"] == stranger.user["account_id"] for e in entries(stranger)["items"])

    # the platform's administrator sees everything, or one account's; nobody else may ask
    everything = entries(admin, "/actions", account_id=account, per_page=100)
    assert {e["id"] for e in log} <= {e["id"] for e in everything["items"]}
    assert entries(admin, "/actions", object_id=str(first), action="order.created")["total"] == 1
    assert_problem(owner.get("/actions"), 403, "admin_required")

    # the broker delivering the clerk's cancellation again records nothing twice
    envelope = recorded.wait(lambda e: e["data"]["action"] == "order.cancel" and e["data"]["object_id"] == str(first))
    publish_event(test_run.amqp_uri, "orders", "action_recorded", envelope["data"], event_id=envelope["event_id"],
                  correlation_id=envelope["correlation_id"])
    marker = publish_event(test_run.amqp_uri, "orders", "action_recorded", dict(
        envelope["data"], action="order.marker", object_id="marker-" + uuid.uuid4().hex[:8]))
    wait_entries(owner, 1, object_id=marker["data"]["object_id"])  # one queue, in order: the copy came first
    assert entries(owner, object_id=str(first), action="order.cancel")["total"] == 1


def test_sign_ins_payments_the_cart_subscriptions_chats_and_statements_are_in_the_log(
        system, admin, make_user, catalog, staff, unique):  # noqa: F811
    """The account's administrator signs in (a wrong password first, from their browser), tops
    up by card, orders a VPS through the cart with a promo code, switches its auto-renewal off
    and writes in an order's chat; the administrator made the promo code and the product, a
    manager imports a bank statement. The owner's list has the account's entries (the fact of
    the message, not its text); the admin's has everything, the platform's entries too."""
    made = make_user(first_name="Джил", last_name="Фейри" + unique)
    account = made.user["account_id"]
    guesser = browser(Client(system.base_url))
    assert_problem(guesser.post("/auth/login", json={"login": made.user["email"], "password": "wrong password"}),
                   401, "invalid_credentials")
    assert_problem(guesser.post("/auth/login", json={"login": "nobody-{}@it.platform.local".format(unique),
                                                     "password": "wrong password"}), 401, "invalid_credentials")
    owner = browser(Client(system.base_url)).login(made.user["email"], made.password)
    owner.user = made.user

    top_up = owner.ok("POST", "/billing/top-ups", 201, json={"amount": 50000})
    vps, code = make_vps(admin), promo(admin, value=10)["code"]
    fund(admin, owner, 100000)
    owner.ok("POST", "/billing/cart/items", 201, json={"product_id": vps["id"], "period_months": 1})
    owner.ok("PUT", "/billing/cart/promo-code", json={"code": code})
    purchase = owner.ok("POST", "/billing/cart/checkout", 201, json={})
    service = owner.ok("GET", "/billing/subscriptions")["items"][0]
    owner.ok("PATCH", "/billing/subscriptions/" + service["id"], json={"auto_renew": False})
    number = coffee_order(owner, catalog)["number"]
    owner.ok("POST", "/orders/{}/messages".format(number), 201, json={"text": "Без сахара, пожалуйста"})
    imported = staff.manager.ok("POST", "/billing/bank-statements", 201, files={"file": (
        "kl_to_1c.txt", statement(("9{}".format(unique[:4]), "10.00", "7707083893", "Возврат займа " + unique)),
        "text/plain")})

    expected = ["order.message_posted", "order.created", "service.settings", "cart.checked_out", "promo_code.used",
                "service.order", "cart.promo_code_applied", "balance.adjusted", "payment.top_up_started",
                "session.signed_in", "session.sign_in_failed"]
    # then the sign-in make_user made (python-requests), and the admin's user.created
    log = wait_entries(owner, len(expected) + 2)[:len(expected)]
    assert [e["action"] for e in log] == expected, [(e["action"], e["user_agent"]) for e in log]
    by_action = {e["action"]: e for e in log}
    failed, signed_in = by_action["session.sign_in_failed"], by_action["session.signed_in"]
    assert failed["actor"]["id"] == signed_in["actor"]["id"] == owner.user["id"]
    assert (failed["ip"], failed["user_agent"], failed["object_id"]) == ("127.0.0.1", AGENT, owner.user["id"])
    assert by_action["payment.top_up_started"]["object_id"] == top_up["id"]
    assert by_action["cart.checked_out"]["object_id"] == str(purchase["number"])
    assert "автопродление выключено" in by_action["service.settings"]["summary"]
    message = by_action["order.message_posted"]
    assert message["object_id"] == str(number) and "сахара" not in message["summary"]
    # the filters the account's administrator uses: by service, by object, by text
    assert {e["action"] for e in entries(owner, service="identity", per_page=100)["items"]} >= {
        "session.signed_in", "session.sign_in_failed"}
    assert [e["action"] for e in entries(owner, object_type="purchase")["items"]] == ["cart.checked_out"]
    assert entries(owner, action="promo_code.created")["total"] == 0  # the platform's, not the account's
    assert entries(owner, action="bank_statement.imported")["total"] == 0

    # an administrator: the account's entries, and the platform's (promo code, statement, a login nobody has)
    mine = entries(admin, "/actions", account_id=account, action="session.sign_in_failed")["items"]
    assert [e["id"] for e in mine] == [failed["id"]]
    created = entries(admin, "/actions", action="promo_code.created", q=code)["items"]
    assert len(created) == 1 and created[0]["account_id"] is None
    statements = entries(admin, "/actions", action="bank_statement.imported", actor_id=staff.manager.user["id"])
    assert statements["items"][0]["object_id"] == imported["id"]
    unknown = entries(admin, "/actions", object_type="login", action="session.sign_in_failed", sort="-occurred_at",
                      period_from=failed["occurred_at"][:10], per_page=100)["items"]
    assert any(e["user_agent"] == AGENT and e["actor"]["id"] == "" and e["account_id"] is None for e in unknown)
    assert unique not in str(unknown)  # the login typed is not kept
