"""Notifications' own dependency providers: the channel adapters, and identity as a
directory of contacts for people whose identity events have not arrived yet."""
from __future__ import annotations

import structlog
from nameko.extensions import DependencyProvider

from services.notifications import adapters as channels

log = structlog.get_logger(__name__)


class Channels(DependencyProvider):
    """The adapter of every external channel, built once from the settings."""

    def setup(self):
        self.channels = channels.build_channels(self.container.config)

    def start(self):
        log.info("notification_channels", **{name: adapter.describe() for name, adapter in self.channels.items()})

    def get_dependency(self, worker_ctx):
        return self.channels


class IdentityDirectory:
    """Identity as a directory of contacts, for people whose identity events have not
    arrived yet (rare: contacts normally come with those events first)."""

    def __init__(self, identity):
        self.identity = identity  # a kit.remote.Remote: bounded, 503 when it cannot answer

    def users(self, user_ids: list[str]) -> list[dict]:
        users = self.identity.get_users(list(user_ids))
        log.info("contacts_fetched_from_identity", asked=len(user_ids), found=len(users))
        return users

    def account_members(self, account_id: str) -> list[str]:
        return self.identity.account_member_ids(account_id)
