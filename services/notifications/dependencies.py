"""Notifications' own dependency providers: the channel adapters, and identity as a
directory of contacts for people whose identity events have not arrived yet."""
from __future__ import annotations

import structlog
from nameko.extensions import DependencyProvider
from nameko.standalone.rpc import ClusterRpcProxy

from services.notifications import channels

log = structlog.get_logger(__name__)


class Channels(DependencyProvider):
    """The adapter of every external channel, built once from the settings."""

    def setup(self):
        self.channels = channels.build(self.container.config)

    def start(self):
        log.info("notification_channels", **{name: adapter.describe() for name, adapter in self.channels.items()})

    def get_dependency(self, worker_ctx):
        return self.channels


class IdentityDirectory:
    """``identity.get_users`` / ``account_member_ids`` with a deadline (Nameko's in-service
    RpcProxy has none): a short-lived standalone proxy per lookup, which is rare — the
    contacts normally arrive with identity's events first."""

    def __init__(self, config: dict, context_data: dict):
        self.config = {"AMQP_URI": config["AMQP_URI"]}
        self.timeout = float(config.get("RPC_TIMEOUT") or 10)
        self.context_data = context_data

    def _call(self, method: str, *args):
        with ClusterRpcProxy(self.config, context_data=self.context_data, timeout=self.timeout) as proxy:
            return getattr(proxy.identity, method)(*args)

    def users(self, user_ids: list[str]) -> list[dict]:
        users = self._call("get_users", list(user_ids))
        log.info("contacts_fetched_from_identity", asked=len(user_ids), found=len(users))
        return users

    def account_members(self, account_id: str) -> list[str]:
        return self._call("account_member_ids", account_id)


class Directory(DependencyProvider):
    def get_dependency(self, worker_ctx):
        data = {k: v for k, v in worker_ctx.context_data.items() if k == "correlation_id"}
        return IdentityDirectory(self.container.config, data)
