"""Notifications' settings, what its handlers need (:class:`Deps`) and the providers that
build it: the channel adapters, and identity asked about people whose identity events
have not arrived yet."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import structlog
from nameko.extensions import DependencyProvider

from services.notifications.adapters import build_channels
from services.notifications.domain.delivery import RetryPolicy

log = structlog.get_logger(__name__)

#: the service's own settings and their defaults for a local run (kit.config reads them
#: from the environment; kit.runner finds them as ``service.SETTINGS``)
SETTINGS = {
    # seconds to wait for identity about a person whose contact events have not arrived yet
    "IDENTITY_RPC_TIMEOUT": "3",
    # e-mail: SMTP when SMTP_HOST is set, else .eml files under var/sandbox/mail
    "SMTP_HOST": "",
    "SMTP_PORT": "25",
    "SMTP_FROM": "no-reply@platform.local",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": "0",
    # SMS over an HTTP provider when SMS_API_URL is set, else the sandbox
    "SMS_API_URL": "",
    "SMS_API_KEY": "",
    "SMS_SENDER": "Platform",
    # FCM-style push when PUSH_API_URL (the messages:send URL) is set, else the sandbox
    "PUSH_API_URL": "",
    "PUSH_API_KEY": "",
    # Telegram Bot API when TELEGRAM_BOT_TOKEN is set, else the sandbox
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TELEGRAM_BOT_TOKEN": "",
    "TELEGRAM_WEBHOOK_SECRET": "",
    "TELEGRAM_BOT_USERNAME": "",
    # delivery (N6): attempts, exponential backoff base and cap (seconds)
    "DELIVERY_MAX_ATTEMPTS": "6",
    "DELIVERY_RETRY_BASE": "30",
    "DELIVERY_RETRY_MAX": "3600",
    # seconds between sweeps for due deliveries (0: no sweeps in this process)
    "DELIVERY_POLL_INTERVAL": "1",
    "DELIVERY_BATCH_SIZE": "50",
    "DELIVERY_LEASE": "120",
    "DELIVERY_TIMEOUT": "10",
}


@dataclass(frozen=True)
class Settings:
    public_base_url: str
    retry: RetryPolicy
    batch_size: int
    lease_seconds: float
    telegram_webhook_secret: str
    telegram_bot_username: str

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            public_base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
            retry=RetryPolicy(max_attempts=int(config["DELIVERY_MAX_ATTEMPTS"]),
                              base_delay=float(config["DELIVERY_RETRY_BASE"]),
                              max_delay=float(config["DELIVERY_RETRY_MAX"])),
            batch_size=int(config["DELIVERY_BATCH_SIZE"]),
            lease_seconds=float(config["DELIVERY_LEASE"]),
            telegram_webhook_secret=config.get("TELEGRAM_WEBHOOK_SECRET") or "",
            telegram_bot_username=config.get("TELEGRAM_BOT_USERNAME") or "",
        )


@dataclass(frozen=True)
class Deps:
    """What handlers and flows need besides the unit of work and the caller.

    ``fetch_users(user_ids) -> [identity user]`` and ``account_member_ids(account_id) ->
    [user id]`` ask identity (bounded; None: nobody to ask, the local copy answers)."""

    settings: Settings
    channels: dict | None = None
    fetch_users: Callable[[list], list] | None = None
    account_member_ids: Callable[[str], list] | None = None


def identity_lookups(identity) -> dict:
    """``fetch_users`` and ``account_member_ids`` for :class:`Deps` through identity's
    internal RPC (``identity`` is a :class:`kit.remote.Remote`: bounded, 503 when it cannot
    answer). Asked only about people whose identity events have not arrived yet (rare)."""

    def fetch_users(user_ids: list) -> list[dict]:
        users = identity.get_users(list(user_ids))
        log.info("contacts_fetched_from_identity", asked=len(user_ids), found=len(users))
        return users

    def account_member_ids(account_id: str) -> list[str]:
        return identity.account_member_ids(account_id)

    return {"fetch_users": fetch_users, "account_member_ids": account_member_ids}


class Channels(DependencyProvider):
    """The adapter of every external channel, built once from the settings."""

    def setup(self):
        self.channels = build_channels(self.container.config)

    def start(self):
        log.info("notification_channels", **{name: adapter.describe() for name, adapter in self.channels.items()})

    def get_dependency(self, worker_ctx):
        return self.channels
