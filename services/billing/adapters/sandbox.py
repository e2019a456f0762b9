"""The sandbox provider's adapter: talks to the sandbox's HTTP API (its own development
process, ``python -m sandbox``, at ``SANDBOX_PROVIDER_URL``) exactly as the YooKassa
adapter talks to YooKassa. Its webhooks are signed with ``PAYMENT_WEBHOOK_SECRET``.
"""
from __future__ import annotations

from services.billing.adapters import (
    parse_event_notification,
    HttpApi, InvalidNotification, MethodInfo, PaymentProvider, ProviderMethod,
    ProviderPayment, ProviderRefund,
)
from kit import webhooks as signatures



def _payment(body: dict) -> ProviderPayment:
    method = body.get("method")
    return ProviderPayment(
        id=body["id"], status=body["status"], amount=int(body["amount"]), currency=body["currency"],
        confirmation_url=body.get("confirmation_url"),
        method=MethodInfo(method["id"], method.get("title") or "", bool(method.get("saved"))) if method else None,
        reason=body.get("cancellation_reason"),
    )


def _refund(body: dict) -> ProviderRefund:
    return ProviderRefund(id=body["id"], payment_id=body["payment_id"], status=body["status"],
                          amount=int(body["amount"]))


def _method(body: dict) -> ProviderMethod:
    return ProviderMethod(id=body["id"], status=body["status"], title=body.get("title") or "",
                          confirmation_url=body.get("confirmation_url"))


class SandboxProvider(PaymentProvider):
    name = "sandbox"

    def __init__(self, base_url: str, webhook_secret: str, timeout: float = 5.0):
        self.api = HttpApi(base_url, timeout)
        self.webhook_secret = webhook_secret

    def create_payment(self, *, idempotence_key, amount, currency, description, metadata, return_url,
                       save_method=False, method_token=None, receipt=None):
        return _payment(self.api.call("POST", "/api/payments", {
            "amount": amount, "currency": currency, "description": description, "metadata": metadata,
            "return_url": return_url, "save_method": save_method, "method_id": method_token,
        }, idempotence_key=idempotence_key))

    def get_payment(self, payment_id):
        return _payment(self.api.call("GET", "/api/payments/{}".format(payment_id)))

    def cancel_payment(self, payment_id, idempotence_key):
        return _payment(self.api.call("POST", "/api/payments/{}/cancel".format(payment_id), {},
                                      idempotence_key=idempotence_key))

    def create_refund(self, *, idempotence_key, payment_id, amount, currency, description):
        return _refund(self.api.call("POST", "/api/refunds", {
            "payment_id": payment_id, "amount": amount, "currency": currency, "description": description,
        }, idempotence_key=idempotence_key))

    def get_refund(self, refund_id):
        return _refund(self.api.call("GET", "/api/refunds/{}".format(refund_id)))

    def create_method(self, *, idempotence_key, return_url, metadata):
        return _method(self.api.call("POST", "/api/payment_methods", {
            "return_url": return_url, "metadata": metadata}, idempotence_key=idempotence_key))

    def get_method(self, method_id):
        return _method(self.api.call("GET", "/api/payment_methods/{}".format(method_id)))

    def parse_notification(self, headers, body, now):
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        try:
            signatures.verify(self.webhook_secret, body, lowered.get(signatures.SIGNATURE_HEADER.lower()), now)
        except signatures.InvalidSignature as exc:
            raise InvalidNotification(str(exc))
        return parse_event_notification(body, "sandbox")
