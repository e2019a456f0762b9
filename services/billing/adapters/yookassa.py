"""A YooKassa-style production adapter (API v3): create a payment with a redirect
confirmation, read it, cancel it, refund it; save a card without a payment; charge a saved
method by ``payment_method_id``.

YooKassa does not sign its notifications: they only name an object, whose state is always
re-read through the authenticated API (so a forged notification changes nothing).
Operators may also restrict the webhook path to YooKassa's published addresses.

Every payment carries its 54-FZ receipt (``receipt``: the customer's e-mail or phone; items
with description, quantity, amount, vat_code, payment_subject, payment_mode; the
tax_system_code), built by :mod:`services.billing.domain.receipts` and kept on the payment.

Why not the official SDK (``yookassa``; issue 13 item 10 asks). Its API address can be set
(``Configuration.configure(..., api_url=…)``), and against the local YooKassa of the tests
(``tests/fake_yookassa.py``) it creates a payment with a receipt. But, measured with 3.13.0
on 2026-12-01: against a local server that accepts the connection and never answers,
``Payment.find_one`` was still waiting after 20 s (``ApiClient.execute`` calls
``session.request`` with no timeout; ``Configuration.timeout`` is the back-off between
retries of a 202), so a stalled YooKassa would hold a Nameko worker forever where
:class:`HttpApi` gives up after PROVIDER_TIMEOUT and the janitor asks again later; against a
closed port it raised ``AttributeError: 'NoneType' object has no attribute 'status_code'``
(``__handle_error(e.response)`` with no response) instead of an error the flows can tell
from a bug; the shop's credentials and address are class attributes of one global
``Configuration``; and it brings netaddr, distro and deprecated for the calls below. Making
it usable means overriding its private request path, which is more code than this module.
"""
from __future__ import annotations


from services.billing.adapters import (
    parse_event_notification,
    HttpApi, MethodInfo, PaymentProvider, ProviderMethod,
    ProviderPayment, ProviderRefund, ProviderRejected,
)

STATUSES = {"pending": "pending", "waiting_for_capture": "pending", "succeeded": "succeeded",
            "canceled": "canceled"}
METHOD_STATUSES = {"pending": "pending", "active": "active", "inactive": "inactive"}


def to_value(kopecks: int) -> str:
    """18000 → "180.00" (YooKassa amounts are decimal strings)."""
    return "{}.{:02d}".format(kopecks // 100, kopecks % 100)


def from_value(value: str) -> int:
    """"180.00" → 18000, without floats."""
    whole, _, fraction = str(value).partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 2:
        raise ValueError("not an amount: {!r}".format(value))
    return int(whole) * 100 + int((fraction + "00")[:2])


def _title(method: dict) -> str:
    if method.get("title"):
        return method["title"]
    card = method.get("card") or {}
    if card.get("last4"):
        return "Bank card *{}".format(card["last4"])
    return method.get("type") or "payment method"


def _payment(body: dict) -> ProviderPayment:
    method = body.get("payment_method")
    confirmation = body.get("confirmation") or {}
    details = body.get("cancellation_details") or {}
    return ProviderPayment(
        id=body["id"], status=STATUSES[body["status"]], amount=from_value(body["amount"]["value"]),
        currency=body["amount"]["currency"], confirmation_url=confirmation.get("confirmation_url"),
        method=MethodInfo(method["id"], _title(method), bool(method.get("saved"))) if method and method.get("id") else None,
        reason=details.get("reason"),
    )


def _refund(body: dict) -> ProviderRefund:
    return ProviderRefund(id=body["id"], payment_id=body["payment_id"], status=STATUSES[body["status"]],
                          amount=from_value(body["amount"]["value"]))


def _method(body: dict) -> ProviderMethod:
    confirmation = body.get("confirmation") or {}
    return ProviderMethod(id=body["id"], status=METHOD_STATUSES[body.get("status", "pending")],
                          title=_title(body), confirmation_url=confirmation.get("confirmation_url"))


class YooKassaProvider(PaymentProvider):
    name = "yookassa"
    takes_receipts = True

    def __init__(self, api_url: str, shop_id: str, secret_key: str, timeout: float = 5.0):
        self.api = HttpApi(api_url, timeout, auth=(shop_id, secret_key), idempotency_header="Idempotence-Key")

    def create_payment(self, *, idempotence_key, amount, currency, description, metadata, return_url,
                       save_method=False, method_token=None, receipt=None):
        body = {"amount": {"value": to_value(amount), "currency": currency}, "capture": True,
                "description": description[:128], "metadata": metadata}
        if receipt:
            body["receipt"] = receipt  # 54-FZ: services/billing/domain/receipts.py
        if method_token:
            body["payment_method_id"] = method_token
        else:
            body["confirmation"] = {"type": "redirect", "return_url": return_url}
            body["save_payment_method"] = bool(save_method)
        return _payment(self.api.call("POST", "/payments", body, idempotence_key=idempotence_key))

    def get_payment(self, payment_id):
        return _payment(self.api.call("GET", "/payments/{}".format(payment_id)))

    def cancel_payment(self, payment_id, idempotence_key):
        # YooKassa cancels only payments waiting for capture; a pending one expires there.
        current = self.get_payment(payment_id)
        if current.status != "pending":
            return current
        try:
            return _payment(self.api.call("POST", "/payments/{}/cancel".format(payment_id), {},
                                          idempotence_key=idempotence_key))
        except ProviderRejected:
            return current

    def create_refund(self, *, idempotence_key, payment_id, amount, currency, description):
        return _refund(self.api.call("POST", "/refunds", {
            "payment_id": payment_id, "amount": {"value": to_value(amount), "currency": currency},
            "description": description[:250]}, idempotence_key=idempotence_key))

    def get_refund(self, refund_id):
        return _refund(self.api.call("GET", "/refunds/{}".format(refund_id)))

    def create_method(self, *, idempotence_key, return_url, metadata):
        return _method(self.api.call("POST", "/payment_methods", {
            "type": "bank_card", "confirmation": {"type": "redirect", "return_url": return_url}},
            idempotence_key=idempotence_key))

    def get_method(self, method_id):
        return _method(self.api.call("GET", "/payment_methods/{}".format(method_id)))

    def parse_notification(self, headers, body, now):
        return parse_event_notification(body, "YooKassa")
