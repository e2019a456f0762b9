"""The authorization matrix against the running system (issue 12): every operation of the
gateway's OpenAPI document × every role — anonymous, account A's client, account B's client,
account B's other user without rights, a rental manager, the administrator — with the path
naming account A's real objects (an order paid from the balance and its payment, a support
ticket, a payer, an order attachment, a support attachment, a push device).

Every operation has its row in ``ROWS``: a new endpoint fails here until it is given one
(gateway/tests/test_authorization_matrix.py proves the anonymous and forged-token half
without the system). The rows say who may get past authorization:

- ``PUBLIC``: anyone (each authenticates its caller in its own way);
- ``SIGNED_IN``: any signed-in caller, about their own account or shared reference data
  (no object of another account in the path);
- ``ADMIN``: administrators only: everyone else 403 (or 422 when the request's body or a
  made-up path value is refused before anything else is decided — bodies here are minimal);
- ``STAFF``: staff roles only: clients 403 (or 404 for an object they may not see);
- ``A_ORDER`` … ``A_DEVICE``: an object of account A: A's client gets past authorization,
  B's client and B's user without rights never do — 404 (403 where the operation needs a
  role or right they lack; 422 only where the request body or a made-up path or query value is
  refused before anything is looked up) and, for B's client reading, exactly 404; never a 2xx or a 409 that would tell the object exists;
- ``A_ORDER_STAFF``, ``A_TICKET_STAFF``: staff operations on A's object: no client passes;
- ``UNKNOWN_OBJECT``: an object this matrix makes no instance of (a random id): nobody
  signed in gets a 2xx.

Every answer to everyone: never a 5xx, and a 401 only for the anonymous. B's lists never name
A's objects.
"""
from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from kit.testing.probe import EventProbe
from tests.integration.billing_support import fund
from tests.integration.client import Client
from tests.integration.orders_support import coffee_order
from tests.integration.support_fixtures import agents, desk  # noqa: F401  (fixtures)
from tests.integration.test_identity_account_users import invite

PUBLIC, SIGNED_IN, ADMIN, STAFF, UNKNOWN_OBJECT = "public", "signed_in", "admin", "staff", "unknown_object"
A_ORDER, A_PAYMENT, A_TICKET, A_PAYER, A_ATTACHMENT, A_SUPPORT_ATTACHMENT, A_DEVICE = (
    "order", "payment", "ticket", "payer", "attachment", "support_attachment", "device")
A_ORDER_STAFF, A_TICKET_STAFF = "order/staff", "ticket/staff"
OWNED = {A_ORDER, A_PAYMENT, A_TICKET, A_PAYER, A_ATTACHMENT, A_SUPPORT_ATTACHMENT, A_DEVICE}

ROWS = {
    # issue 11: documents, order invoices, bank statements; issue 12: personal data;
    # issue 13: exports and the action log
    ("GET", "/billing/acts"): SIGNED_IN,
    ("GET", "/billing/acts/{act_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/acts/{act_id}/pdf"): UNKNOWN_OBJECT,
    ("GET", "/billing/contracts"): SIGNED_IN,
    ("GET", "/billing/contracts/{contract_id}/pdf"): UNKNOWN_OBJECT,
    ("GET", "/billing/invoices/{invoice_id}/pdf"): UNKNOWN_OBJECT,
    ("GET", "/billing/reconciliation"): SIGNED_IN,
    ("GET", "/billing/order-invoices"): SIGNED_IN,
    ("GET", "/billing/order-invoices/{invoice_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/order-invoices/{invoice_id}/pdf"): UNKNOWN_OBJECT,
    ("GET", "/orders/{number}/invoice"): UNKNOWN_OBJECT,  # A's order has no invoice: probed by a number nobody has
    ("POST", "/orders/{number}/invoice"): A_ORDER,
    ("GET", "/orders/{number}/invoice/pdf"): UNKNOWN_OBJECT,
    ("POST", "/orders/{number}/invoice/issue"): A_ORDER_STAFF,
    ("POST", "/billing/bank-statements"): STAFF,
    ("GET", "/billing/bank-statements/lines"): STAFF,
    ("POST", "/billing/bank-statements/lines/{line_id}/assign"): STAFF,
    ("POST", "/billing/bank-statements/lines/{line_id}/dismiss"): STAFF,
    ("GET", "/me/personal-data/requests"): SIGNED_IN,
    ("POST", "/me/personal-data/requests"): SIGNED_IN,
    ("GET", "/personal-data/requests"): ADMIN,
    ("GET", "/personal-data/requests/{request_id}"): UNKNOWN_OBJECT,
    ("GET", "/personal-data/downloads/{token}"): PUBLIC,
    ("GET", "/orders/export.csv"): SIGNED_IN,
    ("GET", "/billing/payments/export.csv"): SIGNED_IN,
    ("GET", "/billing/account/entries/export.csv"): SIGNED_IN,
    ("GET", "/billing/accounts/{account_id}/entries/export.csv"): ADMIN,
    ("GET", "/account/actions"): SIGNED_IN,
    ("GET", "/actions"): ADMIN,
    ("POST", "/auth/register"): PUBLIC,
    ("POST", "/auth/confirm"): PUBLIC,
    ("POST", "/auth/login"): PUBLIC,
    ("POST", "/auth/refresh"): PUBLIC,
    ("POST", "/auth/logout"): SIGNED_IN,
    ("GET", "/me"): SIGNED_IN,
    ("PATCH", "/me"): SIGNED_IN,
    ("POST", "/me/phone/confirm"): SIGNED_IN,
    ("POST", "/me/phone/release"): SIGNED_IN,
    ("POST", "/me/phone/resend"): SIGNED_IN,
    ("POST", "/me/totp"): SIGNED_IN,
    ("POST", "/me/totp/confirm"): SIGNED_IN,
    ("POST", "/me/totp/disable"): SIGNED_IN,
    ("GET", "/users"): SIGNED_IN,
    ("POST", "/users"): STAFF,
    ("GET", "/users/{user_id}"): UNKNOWN_OBJECT,
    ("PATCH", "/users/{user_id}"): ADMIN,
    ("GET", "/companies"): SIGNED_IN,
    ("POST", "/companies"): ADMIN,
    ("POST", "/companies/{group_id}/members"): ADMIN,
    ("DELETE", "/companies/{group_id}/members/{user_id}"): ADMIN,
    ("GET", "/communities"): SIGNED_IN,
    ("POST", "/communities"): ADMIN,
    ("POST", "/communities/{group_id}/members"): ADMIN,
    ("DELETE", "/communities/{group_id}/members/{user_id}"): ADMIN,
    ("GET", "/account/users"): SIGNED_IN,
    ("POST", "/account/users"): SIGNED_IN,
    ("PATCH", "/account/users/{user_id}"): UNKNOWN_OBJECT,
    ("DELETE", "/account/users/{user_id}"): UNKNOWN_OBJECT,
    ("GET", "/catalog/services"): SIGNED_IN,
    ("POST", "/catalog/services"): ADMIN,
    ("GET", "/catalog/services/{service_id}"): UNKNOWN_OBJECT,
    ("PATCH", "/catalog/services/{service_id}"): ADMIN,
    ("POST", "/orders"): SIGNED_IN,
    ("GET", "/orders"): SIGNED_IN,
    ("GET", "/orders/{number}"): A_ORDER,
    ("PATCH", "/orders/{number}"): A_ORDER_STAFF,
    ("POST", "/orders/{number}/confirm-completion"): A_ORDER,
    ("POST", "/orders/{number}/return-to-work"): A_ORDER,
    ("POST", "/orders/{number}/close"): A_ORDER,
    ("POST", "/orders/{number}/cancel"): A_ORDER,
    ("GET", "/orders/{number}/repeat"): A_ORDER,
    ("GET", "/orders/{number}/messages"): A_ORDER,
    ("POST", "/orders/{number}/messages"): A_ORDER,
    ("POST", "/orders/{number}/messages/read"): A_ORDER,
    ("POST", "/attachments"): SIGNED_IN,
    ("GET", "/attachments/{attachment_id}"): A_ATTACHMENT,
    ("GET", "/orders/{number}/access-shares"): A_ORDER,
    ("POST", "/orders/{number}/access-shares"): A_ORDER,
    ("DELETE", "/orders/{number}/access-shares/{user_id}"): A_ORDER,
    ("POST", "/orders/{number}/access-shares/link"): A_ORDER,
    ("DELETE", "/orders/{number}/access-shares/link"): A_ORDER,
    ("GET", "/share-links/{token}"): PUBLIC,
    ("POST", "/share-links/{token}/accept"): UNKNOWN_OBJECT,
    ("GET", "/calendar"): SIGNED_IN,
    ("GET", "/orders/{number}/ticket/qr"): A_ORDER,
    ("POST", "/event-tickets/check-in"): STAFF,
    ("GET", "/billing/account"): SIGNED_IN,
    ("GET", "/billing/account/entries"): SIGNED_IN,
    ("GET", "/billing/payment-options"): SIGNED_IN,
    ("POST", "/billing/top-ups"): SIGNED_IN,
    ("GET", "/billing/payments"): SIGNED_IN,
    ("GET", "/billing/payments/{payment_id}"): A_PAYMENT,
    ("POST", "/billing/providers/{provider}/webhook"): PUBLIC,
    ("GET", "/billing/accounts/{account_id}"): ADMIN,
    ("GET", "/billing/accounts/{account_id}/entries"): ADMIN,
    ("POST", "/billing/accounts/{account_id}/adjustments"): ADMIN,
    ("GET", "/billing/payers"): SIGNED_IN,
    ("POST", "/billing/payers"): SIGNED_IN,
    ("POST", "/billing/payers/merge"): SIGNED_IN,
    ("GET", "/billing/payers/{payer_id}"): A_PAYER,
    ("PATCH", "/billing/payers/{payer_id}"): A_PAYER,
    ("DELETE", "/billing/payers/{payer_id}"): A_PAYER,
    ("GET", "/billing/payment-methods"): SIGNED_IN,
    ("POST", "/billing/payment-methods"): SIGNED_IN,
    ("GET", "/billing/payment-methods/{method_id}"): UNKNOWN_OBJECT,
    ("PATCH", "/billing/payment-methods/{method_id}"): UNKNOWN_OBJECT,
    ("DELETE", "/billing/payment-methods/{method_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/expenses"): SIGNED_IN,
    ("GET", "/billing/invoices"): SIGNED_IN,
    ("GET", "/billing/invoices/{invoice_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/autopay"): SIGNED_IN,
    ("PUT", "/billing/autopay"): SIGNED_IN,
    ("PUT", "/billing/accounts/{account_id}/credit-limit"): ADMIN,
    ("GET", "/billing/products"): SIGNED_IN,
    ("POST", "/billing/products"): ADMIN,
    ("GET", "/billing/products/{product_id}"): UNKNOWN_OBJECT,
    ("PATCH", "/billing/products/{product_id}"): ADMIN,
    ("GET", "/billing/promo-codes"): ADMIN,
    ("POST", "/billing/promo-codes"): ADMIN,
    ("GET", "/billing/cart"): SIGNED_IN,
    ("POST", "/billing/cart/items"): SIGNED_IN,
    ("PATCH", "/billing/cart/items/{item_id}"): UNKNOWN_OBJECT,
    ("DELETE", "/billing/cart/items/{item_id}"): UNKNOWN_OBJECT,
    ("PUT", "/billing/cart/promo-code"): SIGNED_IN,
    ("DELETE", "/billing/cart/promo-code"): SIGNED_IN,
    ("POST", "/billing/cart/checkout"): SIGNED_IN,
    ("GET", "/billing/purchases"): SIGNED_IN,
    ("POST", "/billing/purchases/{purchase_id}/pay"): UNKNOWN_OBJECT,
    ("GET", "/billing/purchases/{purchase_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/subscriptions"): SIGNED_IN,
    ("GET", "/billing/subscriptions/{service_id}"): UNKNOWN_OBJECT,
    ("PATCH", "/billing/subscriptions/{service_id}"): UNKNOWN_OBJECT,
    ("GET", "/billing/subscriptions/{service_id}/history"): UNKNOWN_OBJECT,
    ("POST", "/billing/subscriptions/{service_id}/stop"): UNKNOWN_OBJECT,
    ("POST", "/billing/subscriptions/{service_id}/start"): UNKNOWN_OBJECT,
    ("POST", "/billing/subscriptions/{service_id}/configure"): UNKNOWN_OBJECT,
    ("POST", "/billing/subscriptions/{service_id}/admin-stop"): ADMIN,
    ("POST", "/billing/subscriptions/{service_id}/admin-start"): ADMIN,
    ("POST", "/billing/subscriptions/{service_id}/renew"): UNKNOWN_OBJECT,
    ("POST", "/orders/{number}/pay"): A_ORDER,
    ("POST", "/orders/{number}/payments"): A_ORDER_STAFF,
    ("GET", "/notifications"): SIGNED_IN,
    ("GET", "/notifications/unread-count"): SIGNED_IN,
    ("POST", "/notifications/{notification_id}/read"): UNKNOWN_OBJECT,
    ("POST", "/notifications/read-all"): SIGNED_IN,
    ("GET", "/notifications/preferences"): SIGNED_IN,
    ("PUT", "/notifications/preferences"): SIGNED_IN,
    ("GET", "/notifications/devices"): SIGNED_IN,
    ("POST", "/notifications/devices"): SIGNED_IN,
    ("DELETE", "/notifications/devices/{device_id}"): A_DEVICE,
    ("GET", "/me/telegram"): SIGNED_IN,
    ("PUT", "/me/telegram"): SIGNED_IN,
    ("POST", "/notifications/telegram/webhook"): PUBLIC,
    ("GET", "/notifications/templates"): ADMIN,
    ("PUT", "/notifications/templates/{template}/{channel}/{language}"): ADMIN,
    ("DELETE", "/notifications/templates/{template}/{channel}/{language}"): ADMIN,
    ("GET", "/notifications/deliveries"): ADMIN,
    ("POST", "/notifications/deliveries/{delivery_id}/retry"): ADMIN,
    ("GET", "/coworking/spaces"): SIGNED_IN,
    ("POST", "/coworking/spaces"): ADMIN,
    ("PATCH", "/coworking/spaces/{space_id}"): ADMIN,
    ("GET", "/coworking/spaces/{space_id}/workplaces"): UNKNOWN_OBJECT,
    ("POST", "/coworking/spaces/{space_id}/workplaces"): ADMIN,
    ("PATCH", "/coworking/spaces/{space_id}/workplaces/{workplace_id}"): ADMIN,
    ("GET", "/coworking/tickets"): STAFF,
    ("GET", "/coworking/tickets/{number}"): UNKNOWN_OBJECT,
    ("POST", "/coworking/tickets/{number}/validation"): STAFF,
    ("DELETE", "/coworking/tickets/{number}/validation"): STAFF,
    ("GET", "/coworking/tickets/{number}/entry"): UNKNOWN_OBJECT,
    ("PUT", "/coworking/tickets/{number}/visitor"): STAFF,
    ("PUT", "/coworking/tickets/{number}/workplace"): STAFF,
    ("GET", "/coworking/calendar"): STAFF,
    ("POST", "/coworking/tickets/{number}/transfer"): UNKNOWN_OBJECT,
    ("POST", "/coworking/tickets/{number}/invitations"): UNKNOWN_OBJECT,
    ("GET", "/coworking/tickets/{number}/invitations"): UNKNOWN_OBJECT,
    ("DELETE", "/coworking/tickets/{number}/invitations/{invitation_id}"): UNKNOWN_OBJECT,
    ("GET", "/coworking/invitations/{token}"): UNKNOWN_OBJECT,
    ("POST", "/coworking/invitations/{token}/accept"): UNKNOWN_OBJECT,
    ("GET", "/support/departments"): SIGNED_IN,
    ("POST", "/support/departments"): ADMIN,
    ("PATCH", "/support/departments/{department_id}"): ADMIN,
    ("GET", "/support/ticket-types"): SIGNED_IN,
    ("POST", "/support/ticket-types"): ADMIN,
    ("PATCH", "/support/ticket-types/{ref_id}"): ADMIN,
    ("GET", "/support/work-types"): SIGNED_IN,
    ("POST", "/support/work-types"): ADMIN,
    ("PATCH", "/support/work-types/{ref_id}"): ADMIN,
    ("GET", "/support/criticalities"): SIGNED_IN,
    ("POST", "/support/criticalities"): ADMIN,
    ("PATCH", "/support/criticalities/{ref_id}"): ADMIN,
    ("GET", "/support/organisations"): SIGNED_IN,
    ("GET", "/support/organisations/{organisation_id}/objects"): UNKNOWN_OBJECT,
    ("POST", "/support/organisations/{organisation_id}/objects"): ADMIN,
    ("PATCH", "/support/objects/{object_id}"): ADMIN,
    ("GET", "/support/organisations/{organisation_id}/contracts"): UNKNOWN_OBJECT,
    ("POST", "/support/organisations/{organisation_id}/contracts"): ADMIN,
    ("PATCH", "/support/contracts/{contract_id}"): ADMIN,
    ("POST", "/support/tickets"): SIGNED_IN,
    ("GET", "/support/tickets"): SIGNED_IN,
    ("PATCH", "/support/tickets/{number}"): A_TICKET_STAFF,
    ("GET", "/support/tickets/{number}"): A_TICKET,
    ("POST", "/support/tickets/{number}/archive"): A_TICKET,
    ("GET", "/support/tickets/{number}/messages"): A_TICKET,
    ("POST", "/support/tickets/{number}/messages"): A_TICKET,
    ("POST", "/support/tickets/{number}/messages/read"): A_TICKET,
    ("GET", "/support/messages"): SIGNED_IN,
    ("GET", "/support/tickets/{number}/act"): A_TICKET,
    ("POST", "/support/tickets/{number}/act"): A_TICKET_STAFF,
    ("GET", "/support/tickets/{number}/act/pdf"): A_TICKET,
    ("POST", "/support/tickets/{number}/act/accept"): A_TICKET,
    ("GET", "/support/analytics"): SIGNED_IN,
    ("GET", "/support/telegram"): SIGNED_IN,
    ("PUT", "/support/telegram"): SIGNED_IN,
    ("POST", "/support/telegram/webhook"): PUBLIC,
    ("POST", "/support/attachments"): SIGNED_IN,
    ("GET", "/support/attachments/{attachment_id}"): A_SUPPORT_ATTACHMENT,
}

#: operations that are not called (their rows still say who may call them): they would end
#: the caller's session, which the next rows need
NOT_CALLED = {("POST", "/auth/logout")}
#: operations on A's objects its own client may be refused too: nothing of that kind on it yet
#: (an act, an event ticket), or the object is not of the kind the operation is for (sharing
#: is for bookings; A's order is a coffee order)
OWNER_MAY_MISS = {("GET", "/support/tickets/{number}/act"), ("GET", "/support/tickets/{number}/act/pdf"),
                  ("POST", "/support/tickets/{number}/act/accept"), ("GET", "/orders/{number}/ticket/qr"),
                  ("GET", "/orders/{number}/access-shares"), ("POST", "/orders/{number}/access-shares"),
                  ("DELETE", "/orders/{number}/access-shares/{user_id}"),
                  ("POST", "/orders/{number}/access-shares/link"), ("DELETE", "/orders/{number}/access-shares/link")}
ROLES = ("anonymous", "client_a", "client_b", "b_without_rights", "manager", "admin")
REFUSED = {403, 404, 422}
METHODS = ("get", "post", "put", "patch", "delete")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def operations(spec: dict) -> dict:
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                parameters = item.get("parameters", []) + operation.get("parameters", [])
                found[(method.upper(), path[len("/api/v1"):])] = dict(operation, parameters=parameters)
    return found


def minimal(schema: dict, spec: dict, depth: int = 0):
    """A value of ``schema`` with only its required parts (enough for the gateway to pass
    a request on to the service that decides who may do it)."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        schema = schema["allOf"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {name: minimal(schema["properties"].get(name, {}), spec, depth + 1)
                for name in schema.get("required", [])}
    if kind == "array":
        return [minimal(schema.get("items", {}), spec, depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    formats = {"uuid": str(uuid.uuid4()), "date-time": datetime.now(timezone.utc).isoformat(),
               "date": date.today().isoformat(), "email": "nobody@it.platform.local"}
    if schema.get("format") in formats:
        return formats[schema["format"]]
    return "x" * max(1, schema.get("minLength", 1))


def body_of(operation: dict, spec: dict) -> dict:
    """The request's minimal body and required query parameters (made-up values)."""
    request = {}
    query = {p["name"]: minimal(p.get("schema") or {}, spec) for p in operation["parameters"]
             if p.get("in") == "query" and p.get("required")}
    if query:
        request["params"] = query
    content = (operation.get("requestBody") or {}).get("content") or {}
    if "application/json" in content:
        request["json"] = minimal(content["application/json"]["schema"], spec)
    elif "multipart/form-data" in content:
        request["files"] = {"file": ("dot.png", io.BytesIO(PNG), "image/png")}
    return request


@pytest.fixture(scope="module")
def world(system, test_run, admin, make_user, catalog, staff, desk):  # noqa: F811
    """Account A with its objects; account B's client and its user without rights."""
    client_a, client_b = make_user(), make_user()
    fund(admin, client_a, 50000)
    order = coffee_order(client_a, catalog, payment={"method": "balance"})
    attachment = client_a.post("/attachments", files={"file": ("a.png", io.BytesIO(PNG), "image/png")}).json()
    support_attachment = client_a.post("/support/attachments",
                                       files={"file": ("a.png", io.BytesIO(PNG), "image/png")}).json()
    ticket = client_a.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "Сверка", "message": "Нужен акт сверки",
        "attachment_ids": [support_attachment["id"]]})
    payer = client_a.ok("POST", "/billing/payers", 201, json={
        "kind": "individual", "contact_person": "Аня Банана", "phone": "+7 (999) 111-22-33",
        "actual_address": {"postcode": "100000", "city": "Москва", "address": "ул. Ленина, д. 1"}})
    device = client_a.ok("POST", "/notifications/devices", 201, json={
        "token": "fcm-matrix-" + uuid.uuid4().hex + "x" * 16, "platform": "android"})
    invitations = EventProbe(test_run.amqp_uri, "identity", "user_registration_requested")
    try:
        _, b_without_rights = invite(system, client_b, lambda *_: invitations, "b password without rights",
                                     email="b-{}@it.platform.local".format(uuid.uuid4().hex[:8]),
                                     first_name="Без", last_name="Прав", rights=[])
    finally:
        invitations.close()
    objects = {
        "number": {A_ORDER: order["number"], A_TICKET: ticket["number"]},
        "payment_id": order["payment_attempt"]["payment"]["id"], "payer_id": payer["id"],
        "attachment_id": {A_ATTACHMENT: attachment["id"], A_SUPPORT_ATTACHMENT: support_attachment["id"]},
        "device_id": device["id"], "user_id": client_a.user["id"],
    }
    callers = {"anonymous": Client(system.base_url), "client_a": client_a, "client_b": client_b,
               "b_without_rights": b_without_rights, "manager": staff.manager, "admin": admin}
    return SimpleNamespace(callers=callers, objects=objects, order=order, ticket=ticket, payer=payer)


def concrete(path: str, row: str, operation: dict, objects: dict) -> tuple[str, bool]:
    """The URL with A's objects in it, and whether any part of it is a made-up value."""
    kind = row.split("/")[0]
    types = {p["name"]: (p.get("schema") or {}) for p in operation["parameters"] if p.get("in") == "path"}
    made_up = []

    def value(match):
        name = match.group(1)
        known = objects.get(name)
        if isinstance(known, dict):
            known = known.get(kind)
        if known is not None and row != UNKNOWN_OBJECT:
            return str(known)
        made_up.append(name)
        schema = types.get(name, {})
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        return str(9 * 10 ** 11 + uuid.uuid4().int % 10 ** 11) if schema.get("type") == "integer" else "x" + uuid.uuid4().hex

    return re.sub(r"\{(\w+)\}", value, path), bool(made_up)


def wrong(role: str, row: str, method: str, path: str, status: int, lenient: bool) -> str | None:
    """Why ``status`` breaks the row, or None. A 422 counts as refused only for a request
    with a body or a made-up path or query value (refused before anything else is decided)."""
    refused = REFUSED if lenient else {403, 404}
    if status >= 500:
        return "a server error"
    if role == "anonymous":
        return None if row == PUBLIC or status == 401 else "anonymous got past authentication"
    if status == 401 and row != PUBLIC:
        return "a signed-in caller was refused as anonymous"
    passed = status not in (401, 403, 404)
    if row == ADMIN:
        if role == "admin":
            return None if status != 403 else "the administrator was refused"
        return None if status in refused else "a non-administrator got past authorization"
    if row in (STAFF, A_ORDER_STAFF, A_TICKET_STAFF):
        if role in ("client_a", "client_b", "b_without_rights"):
            return None if status in refused else "a client got past a staff operation"
        return None
    if row in OWNED:
        if role == "client_a" and not passed and (method, path) not in OWNER_MAY_MISS:
            return "account A's client could not reach its own {}".format(row)
        if role in ("client_b", "b_without_rights"):
            if method == "GET" and role == "client_b" and status != 404:
                return "account B's client read A's {} with {} instead of 404".format(row, status)
            if status not in refused:
                return "account B got past authorization on A's {}".format(row)
        return None
    if row == UNKNOWN_OBJECT:
        return None if not 200 <= status < 300 else "an object nobody made was served"
    return None


def test_every_operation_has_a_row(system, admin):
    spec = admin.ok("GET", "/openapi.json")
    assert set(operations(spec)) == set(ROWS), {
        "without a row": sorted(set(operations(spec)) - set(ROWS)), "rows of no operation": sorted(set(ROWS) - set(operations(spec)))}
    public = {key for key, operation in operations(spec).items() if not operation.get("security")}
    assert public == {key for key, row in ROWS.items() if row == PUBLIC}


@pytest.mark.timeout(600)
def test_every_operation_by_every_role_on_another_accounts_objects(system, admin, world):
    spec = admin.ok("GET", "/openapi.json")
    broken = []
    # reads first, deletions last: the owner's own calls change its objects
    order = {"GET": 0, "PUT": 1, "PATCH": 2, "POST": 3, "DELETE": 4}
    for (method, path), operation in sorted(operations(spec).items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        row = ROWS[(method, path)]
        if (method, path) in NOT_CALLED:
            continue
        url, made_up = concrete(path, row, operation, world.objects)
        # the owner last: its own call may change the object (cancel, archive, delete)
        for role in ("anonymous", "client_b", "b_without_rights", "manager", "client_a", "admin"):
            caller = world.callers[role]
            body = body_of(operation, spec)
            response = caller.request(method, url, **body)
            if response.status_code == 503:  # the gateway may shed load; once more
                response = caller.request(method, url, **body_of(operation, spec))
            why = wrong(role, row, method, path, response.status_code, bool(body) or made_up)
            if why:
                broken.append("{} {} as {}: {} — {} {}".format(method, url, role, why, response.status_code,
                                                               response.text[:160]))
    assert broken == [], "\n".join(broken)


def test_account_bs_lists_never_name_account_as_objects(system, admin, world):
    spec = admin.ok("GET", "/openapi.json")
    secrets_of_a = [re.escape(world.payer["id"]), re.escape(world.order["payment_attempt"]["payment"]["id"]),
                    r'"(order_)?number": {}\b'.format(world.order["number"]),
                    r'"number": {}\b'.format(world.ticket["number"])]
    lists = [path for (method, path), row in ROWS.items() if method == "GET" and row == SIGNED_IN and "{" not in path]
    leaked = []
    for role in ("client_b", "b_without_rights"):
        for path in lists:
            response = world.callers[role].get(path)
            assert response.status_code < 500, (role, path, response.status_code)
            text = response.text
            leaked += [(role, path, secret) for secret in secrets_of_a if re.search(secret, text)]
    assert leaked == []
