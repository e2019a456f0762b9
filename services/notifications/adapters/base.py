"""The one interface every channel adapter speaks (N1), and what a failed send means."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class TemporaryFailure(Exception):
    """Worth another try later (provider down, 5xx, 429, timeout)."""


class PermanentFailure(Exception):
    """Another try would fail the same way (bad number, unknown chat, dead push token).

    ``code`` tells the sender what to forget: ``unregistered`` (a push token) or
    ``unreachable`` (a Telegram chat that blocked the bot).
    """

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Outgoing:
    """One message to one target: an e-mail address, a phone, a push token or a chat id."""

    delivery_id: str
    channel: str
    target: str
    text: str
    subject: str | None = None
    html: str | None = None
    language: str = "ru"
    event_type: str = ""
    data: dict = field(default_factory=dict)


class Channel(Protocol):
    name: str

    def send(self, message: Outgoing) -> str | None:
        """Hand ``message`` to the provider; the provider's message id, if it gives one.
        Raises :class:`TemporaryFailure` or :class:`PermanentFailure`."""

    def describe(self) -> str:
        """Where messages go (for the startup log line), without secrets."""


def http_failure(status: int, detail: str, permanent_code: str | None = None) -> Exception:
    """The failure an HTTP provider's answer means: 429 and 5xx pass, other 4xx stay."""
    message = "HTTP {}: {}".format(status, detail[:300])
    if status == 429 or status >= 500 or status in (401, 408):
        # 401: our credentials are wrong; fixing the configuration lets the retry through
        return TemporaryFailure(message)
    return PermanentFailure(message, permanent_code)
