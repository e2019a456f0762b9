"""A local HTTP server speaking the part of YooKassa's API v3 billing uses: payments
(redirect confirmation, ``payment_method_id`` charges, ``save_payment_method``), cancel,
refunds and saving a card without a payment — with Basic auth and Idempotence-Key as
YooKassa has them. Tests play the payer through ``pay`` / ``decline`` / ``activate``.
"""
from __future__ import annotations

import base64
import json
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


SUBJECTS = {"commodity", "excise", "job", "service", "gambling_bet", "gambling_prize", "lottery", "lottery_prize",
            "intellectual_activity", "payment", "agent_commission", "property_right", "non_operating_gain",
            "insurance_premium", "sales_tax", "resort_fee", "composite", "another"}
MODES = {"full_prepayment", "partial_prepayment", "advance", "full_payment", "partial_payment", "credit",
         "credit_payment"}


def _kopecks(text) -> int | None:
    whole, _, cents = str(text).partition(".")
    if not whole.isdigit() or (cents and not cents.isdigit()) or len(cents) > 2:
        return None
    return int(whole) * 100 + int((cents + "00")[:2])


def receipt_problem(receipt, payment_value) -> str | None:
    """What YooKassa would refuse in a payment's ``receipt`` (its API v3 rules for the
    fields billing sends), or None."""
    if not isinstance(receipt, dict):
        return "is required"
    customer = receipt.get("customer") or {}
    if not customer.get("email") and not customer.get("phone"):
        return "customer.email or customer.phone is required"
    if customer.get("phone") and not str(customer["phone"]).isdigit():
        return "customer.phone must be digits (E.164 without +)"
    if "tax_system_code" in receipt and receipt["tax_system_code"] not in range(1, 7):
        return "tax_system_code is invalid"
    items = receipt.get("items") or []
    if not items or len(items) > 100:
        return "items are required (1..100)"
    total = 0
    for item in items:
        description = item.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 128:
            return "item description is invalid"
        amount = item.get("amount") or {}
        price = _kopecks(amount.get("value"))
        quantity = _kopecks(item.get("quantity"))
        if price is None or not quantity or amount.get("currency") != "RUB":
            return "item amount or quantity is invalid"
        if item.get("vat_code") not in range(1, 13):
            return "item vat_code is invalid"
        if item.get("payment_subject") not in SUBJECTS or item.get("payment_mode") not in MODES:
            return "item payment_subject or payment_mode is invalid"
        total += price * quantity // 100
    if total != _kopecks(payment_value):
        return "the items add up to {} kopecks, not the payment's amount".format(total)
    return None


class FakeYooKassa:
    def __init__(self, shop_id: str = "123456", secret_key: str = "test_secret", require_receipt: bool = False):
        #: a shop with 54-FZ receipts on: YooKassa refuses a payment without a valid ``receipt``
        self.require_receipt = require_receipt
        self.credentials = "Basic " + base64.b64encode("{}:{}".format(shop_id, secret_key).encode()).decode()
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.methods: dict[str, dict] = {}
        self.idempotent: dict[tuple, tuple[int, dict]] = {}
        self.requests: list[dict] = []
        self.fail_next = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = "http://127.0.0.1:{}/v3".format(self.server.server_address[1])

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- what the payer does on YooKassa's pages ----------------------------------------

    def pay(self, payment_id: str, last4: str = "4444") -> dict:
        with self.lock:
            payment = self.payments[payment_id]
            method = {"type": "bank_card", "id": str(uuid.uuid4()), "saved": payment.pop("_save", False),
                      "title": "Bank card *{}".format(last4), "card": {"last4": last4, "card_type": "MasterCard"}}
            if method["saved"]:
                self.methods[method["id"]] = dict(method, status="active")
            payment.update(status="succeeded", paid=True, payment_method=method, captured_at=_now())
            return payment

    def decline(self, payment_id: str) -> dict:
        with self.lock:
            payment = self.payments[payment_id]
            payment.update(status="canceled", cancellation_details={"party": "payment_network", "reason": "card_expired"})
            return payment

    def activate(self, method_id: str, last4: str = "1111") -> dict:
        with self.lock:
            method = self.methods[method_id]
            method.update(status="active", saved=True, title="Bank card *{}".format(last4), card={"last4": last4})
            return method

    # --- the API ------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                fake.requests.append({"method": method, "path": self.path, "body": body,
                                      "idempotence_key": self.headers.get("Idempotence-Key"),
                                      "authorization": self.headers.get("Authorization")})
                if fake.fail_next:
                    fake.fail_next -= 1
                    return self._send(500, {"type": "error", "code": "internal_server_error"})
                if self.headers.get("Authorization") != fake.credentials:
                    return self._send(401, {"type": "error", "code": "invalid_credentials",
                                            "description": "Basic authentication failed"})
                if method == "POST":
                    key = self.headers.get("Idempotence-Key")
                    if not key:
                        return self._send(400, {"type": "error", "code": "invalid_request",
                                                "description": "Idempotence-Key header is missing"})
                    remembered = fake.idempotent.get((self.path, key))
                    if remembered:
                        return self._send(*remembered)
                    status, answer = fake.dispatch(method, self.path, body)
                    if status < 500:
                        fake.idempotent[(self.path, key)] = (status, answer)
                    return self._send(status, answer)
                return self._send(*fake.dispatch(method, self.path, body))

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

        return Handler

    def _error(self, description, status=400):
        return status, {"type": "error", "code": "invalid_request", "description": description}

    def dispatch(self, method: str, path: str, body: dict):
        parts = [p for p in path.split("/") if p][1:]  # drop "v3"
        with self.lock:
            if parts == ["payments"] and method == "POST":
                return self._create_payment(body)
            if len(parts) == 2 and parts[0] == "payments" and method == "GET":
                found = self.payments.get(parts[1])
                return (200, self._public(found)) if found else self._error("not found", 404)
            if len(parts) == 3 and parts[0] == "payments" and parts[2] == "cancel":
                payment = self.payments.get(parts[1])
                if payment is None:
                    return self._error("not found", 404)
                if payment["status"] != "waiting_for_capture":
                    return self._error("Payment is in status {}".format(payment["status"]))
                payment.update(status="canceled", cancellation_details={"party": "merchant", "reason": "canceled_by_merchant"})
                return 200, self._public(payment)
            if parts == ["refunds"] and method == "POST":
                return self._create_refund(body)
            if len(parts) == 2 and parts[0] == "refunds":
                found = self.refunds.get(parts[1])
                return (200, found) if found else self._error("not found", 404)
            if parts == ["payment_methods"] and method == "POST":
                method_id = str(uuid.uuid4())
                self.methods[method_id] = {"type": body.get("type"), "id": method_id, "saved": False, "status": "pending",
                                           "confirmation": {"type": "redirect",
                                                            "confirmation_url": "https://yoomoney.test/bind/" + method_id}}
                return 200, self.methods[method_id]
            if len(parts) == 2 and parts[0] == "payment_methods":
                found = self.methods.get(parts[1])
                return (200, found) if found else self._error("not found", 404)
        return self._error("unknown path", 404)

    @staticmethod
    def _public(payment):
        return {k: v for k, v in payment.items() if not k.startswith("_")}

    def _create_payment(self, body):
        amount = body.get("amount") or {}
        value = str(amount.get("value", ""))
        if not value.replace(".", "", 1).isdigit() or amount.get("currency") != "RUB":
            return self._error("amount is invalid")
        if self.require_receipt or "receipt" in body:
            problem = receipt_problem(body.get("receipt"), value)
            if problem:
                return self._error("receipt: " + problem)
        payment_id = "2d{}".format(uuid.uuid4().hex[:30])
        payment = {"id": payment_id, "status": "pending", "paid": False, "amount": amount,
                   "description": body.get("description"), "metadata": body.get("metadata") or {},
                   "created_at": _now(), "test": True, "refundable": False, "recipient": {"account_id": "123456"},
                   "_save": bool(body.get("save_payment_method"))}
        if body.get("payment_method_id"):
            method = self.methods.get(body["payment_method_id"])
            if method is None or method.get("status") != "active":
                return self._error("payment_method_id is invalid")
            payment.update(status="succeeded", paid=True, payment_method={k: v for k, v in method.items() if k != "status"})
        else:
            confirmation = body.get("confirmation") or {}
            if confirmation.get("type") != "redirect" or not confirmation.get("return_url"):
                return self._error("confirmation is required")
            payment["confirmation"] = {"type": "redirect",
                                       "confirmation_url": "https://yoomoney.test/checkout/" + payment_id}
        self.payments[payment_id] = payment
        return 200, self._public(payment)

    def _create_refund(self, body):
        payment = self.payments.get(body.get("payment_id"))
        if payment is None or payment["status"] != "succeeded":
            return self._error("payment cannot be refunded")
        value = body["amount"]["value"]
        whole, _, cents = value.partition(".")
        amount = int(whole) * 100 + int((cents + "00")[:2])
        paid = payment["amount"]["value"].partition(".")
        paid_kopecks = int(paid[0]) * 100 + int((paid[2] + "00")[:2])
        refunded = payment.get("_refunded", 0)
        if amount + refunded > paid_kopecks:
            return self._error("refund amount exceeds the payment")
        payment["_refunded"] = refunded + amount
        refund = {"id": str(uuid.uuid4()), "payment_id": payment["id"], "status": "succeeded",
                  "amount": body["amount"], "created_at": _now(), "description": body.get("description")}
        self.refunds[refund["id"]] = refund
        return 200, refund
