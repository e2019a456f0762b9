"""Payment providers behind one interface (B4): the built-in sandbox and a YooKassa-style
production adapter. Billing never stores card data: only the provider's ids and tokens."""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class MethodInfo:
    """The payment method the provider used; ``saved`` when it may be charged again."""

    id: str
    title: str
    saved: bool


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    #: pending | succeeded | canceled
    status: str
    amount: int
    currency: str
    confirmation_url: str | None = None
    method: MethodInfo | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    payment_id: str
    #: pending | succeeded | canceled
    status: str
    amount: int


@dataclass(frozen=True)
class ProviderMethod:
    id: str
    #: pending | active | inactive
    status: str
    title: str = ""
    confirmation_url: str | None = None


@dataclass(frozen=True)
class Notification:
    """What a webhook names; its state is always re-read from the provider."""

    #: payment | refund | method
    kind: str
    object_id: str
    event: str


class ProviderError(Exception):
    """The provider could not be reached or failed: the outcome is unknown, retry later."""


class ProviderRejected(ProviderError):
    """The provider refused the request (4xx): retrying the same request will not help."""


class InvalidNotification(Exception):
    """A webhook that is not from the provider (bad signature) or is not understood."""


#: a notification's subject ("payment.succeeded" → payment) → what billing re-reads
NOTIFICATION_KINDS = {"payment": "payment", "refund": "refund", "payment_method": "method"}


def parse_event_notification(body: str, provider_label: str) -> Notification:
    """``{"event": "<subject>.<what>", "object": {"id": …}}``: the shape both the sandbox and
    YooKassa send. Only the subject and id are trusted; billing re-reads the object."""
    try:
        notification = json.loads(body)
        event = notification["event"]
        subject, _, _ = event.rpartition(".")
        return Notification(kind=NOTIFICATION_KINDS[subject], object_id=str(notification["object"]["id"]), event=event)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidNotification("not a {} notification: {}".format(provider_label, type(exc).__name__))


class PaymentProvider(ABC):
    name = "abstract"
    #: whether it takes a 54-FZ receipt with each payment (``create_payment(receipt=…)``)
    takes_receipts = False

    @abstractmethod
    def create_payment(self, *, idempotence_key: str, amount: int, currency: str, description: str,
                       metadata: dict, return_url: str, save_method: bool = False,
                       method_token: str | None = None, receipt: dict | None = None) -> ProviderPayment: ...

    @abstractmethod
    def get_payment(self, payment_id: str) -> ProviderPayment: ...

    @abstractmethod
    def cancel_payment(self, payment_id: str, idempotence_key: str) -> ProviderPayment: ...

    @abstractmethod
    def create_refund(self, *, idempotence_key: str, payment_id: str, amount: int, currency: str,
                      description: str) -> ProviderRefund: ...

    @abstractmethod
    def get_refund(self, refund_id: str) -> ProviderRefund: ...

    @abstractmethod
    def create_method(self, *, idempotence_key: str, return_url: str, metadata: dict) -> ProviderMethod: ...

    @abstractmethod
    def get_method(self, method_id: str) -> ProviderMethod: ...

    @abstractmethod
    def parse_notification(self, headers: dict, body: str, now: float) -> Notification: ...


class HttpApi:
    """JSON over HTTP with a deadline; transport failures and 5xx are :class:`ProviderError`,
    4xx :class:`ProviderRejected`."""

    def __init__(self, base_url: str, timeout: float, auth=None, idempotency_header="Idempotency-Key"):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.auth = auth
        self.idempotency_header = idempotency_header
        self.session = requests.Session()

    def call(self, method: str, path: str, payload: dict | None = None,
             idempotence_key: str | None = None) -> dict:
        headers = {"Accept": "application/json"}
        if idempotence_key:
            headers[self.idempotency_header] = idempotence_key
        try:
            response = self.session.request(method, self.base_url + path, json=payload, headers=headers,
                                            auth=self.auth, timeout=self.timeout)
        except requests.RequestException as exc:
            raise ProviderError("{} {}: {}".format(method, path, type(exc).__name__)) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderError("{} {} -> {}".format(method, path, response.status_code))
        try:
            body = response.json()
        except ValueError:
            raise ProviderError("{} {} -> {}: not JSON".format(method, path, response.status_code))
        if response.status_code >= 400:
            raise ProviderRejected("{} {} -> {}: {}".format(
                method, path, response.status_code, body.get("description") or body.get("code") or body))
        return body


class Providers:
    """The providers billing can talk to, by name; ``default`` takes new card payments."""

    def __init__(self, adapters: dict[str, PaymentProvider], default: str):
        if default not in adapters:
            raise ValueError("PAYMENT_PROVIDER={!r} is not configured (sandbox needs SANDBOX_PROVIDER_URL, "
                             "yookassa needs YOOKASSA_SHOP_ID)".format(default))
        self.adapters = adapters
        self.default_name = default

    @property
    def default(self) -> PaymentProvider:
        return self.adapters[self.default_name]

    def get(self, name: str) -> PaymentProvider | None:
        return self.adapters.get(name)
