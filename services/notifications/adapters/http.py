"""Channels behind HTTP provider APIs: SMS, FCM-style push, the Telegram Bot API."""
from __future__ import annotations

import hashlib

import requests

from services.notifications.adapters.base import (
    Outgoing, PermanentFailure, TemporaryFailure, http_failure,
)


class _HttpChannel:
    name = ""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def describe(self) -> str:
        return "{} {}".format(self.name, self.url.split("/bot")[0])

    def _post(self, url: str, payload: dict, headers: dict | None = None) -> requests.Response:
        try:
            return self.session.post(url, json=payload, headers=headers or {}, timeout=self.timeout)
        except requests.RequestException as error:
            raise TemporaryFailure("{} unreachable: {}".format(self.name, type(error).__name__))


class HttpSms(_HttpChannel):
    """``POST {SMS_API_URL}/messages`` ``{to, text, sender, reference}`` with a bearer key and
    an ``Idempotency-Key`` (the delivery id), answering ``{id}``."""

    name = "sms"

    def __init__(self, url: str, api_key: str, sender: str, timeout: float = 10.0):
        super().__init__(url, timeout)
        self.api_key, self.sender = api_key, sender

    def send(self, message: Outgoing) -> str | None:
        response = self._post(self.url + "/messages",
                              {"to": message.target, "text": message.text, "sender": self.sender,
                               "reference": message.delivery_id},
                              {"Authorization": "Bearer " + self.api_key,
                               "Idempotency-Key": message.delivery_id})
        if response.status_code >= 300:
            raise http_failure(response.status_code, response.text)
        return str((_json(response) or {}).get("id") or "") or None


class FcmPush(_HttpChannel):
    """FCM HTTP v1 style: ``POST {PUSH_API_URL}`` (…/messages:send) with
    ``{"message": {"token", "notification": {"title", "body"}, "data"}}``."""

    name = "push"

    def __init__(self, url: str, api_key: str, timeout: float = 10.0):
        super().__init__(url, timeout)
        self.api_key = api_key

    def send(self, message: Outgoing) -> str | None:
        data = {str(k): str(v) for k, v in (message.data or {}).items() if v is not None}
        response = self._post(self.url, {"message": {
            "token": message.target,
            "notification": {"title": message.subject or "", "body": message.text},
            "data": data,
        }}, {"Authorization": "Bearer " + self.api_key, "Idempotency-Key": "{}:{}".format(
            message.delivery_id, hashlib.sha256(message.target.encode()).hexdigest()[:16])})
        if response.status_code >= 300:
            body = response.text
            if response.status_code == 404 or "UNREGISTERED" in body:
                raise PermanentFailure("push token is not registered", "unregistered")
            raise http_failure(response.status_code, body)
        return (_json(response) or {}).get("name")


class TelegramBot(_HttpChannel):
    """The Bot API's ``sendMessage`` at ``{TELEGRAM_API_URL}/bot<token>/``."""

    name = "telegram"

    def __init__(self, api_url: str, token: str, timeout: float = 10.0):
        super().__init__("{}/bot{}".format(api_url.rstrip("/"), token), timeout)

    def send(self, message: Outgoing) -> str | None:
        response = self._post(self.url + "/sendMessage",
                              {"chat_id": message.target, "text": message.text,
                               "disable_web_page_preview": True})
        answer = _json(response) or {}
        if response.status_code < 300 and answer.get("ok"):
            return str((answer.get("result") or {}).get("message_id") or "") or None
        status = answer.get("error_code") or response.status_code
        description = answer.get("description") or response.text
        if status in (400, 403) and ("blocked" in description or "chat not found" in description
                                     or "deactivated" in description):
            raise PermanentFailure("Telegram: {}".format(description), "unreachable")
        raise http_failure(int(status), description)


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None
