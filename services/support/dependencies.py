"""Support's settings and what handlers need besides the unit of work and the caller:
attachment storage (:mod:`kit.attachments`), the people directory (names from identity) and
identity's lookups."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from nameko.extensions import DependencyProvider

from kit.people import Directory
from services.support.adapters.telegram import SupportBot

#: environment defaults of a local run (kit.config merges them; kit.runner reads them
#: from the service module, which re-exports them)
SETTINGS = {
    # where attachments are kept (default: <VAR_DIR>/attachments; kit/attachments.py)
    "ATTACHMENTS_DIR": "",
    "ATTACHMENT_MAX_BYTES": str(10 * 1024 * 1024),
    # seconds between SLA breach sweeps (S8); 0 switches the job off in a process
    "SLA_CHECK_INTERVAL": "60",
    "SLA_CHECK_BATCH": "100",
    # the completed-works act (S5): the TrueType font embedded in its PDF (Cyrillic needed:
    # DejaVu Sans of Debian's fonts-dejavu-core) and the executor's name printed on it
    "ACT_FONT_PATH": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "ACT_EXECUTOR_NAME": "Служба поддержки",
    # the Telegram support bot (S7): its own bot (manual 004 lists it under «Поддержка»), the
    # secret Telegram sends with every webhook call; no token: replies are only logged
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "SUPPORT_TELEGRAM_BOT_TOKEN": "",
    "SUPPORT_TELEGRAM_BOT_USERNAME": "",
    "SUPPORT_TELEGRAM_WEBHOOK_SECRET": "dev-insecure-support-telegram-secret",
    # seconds to wait for identity when a person or an organisation is not known locally yet
    "IDENTITY_RPC_TIMEOUT": "3",
}


@dataclass(frozen=True)
class Settings:
    identity_timeout: float
    attachment_max_bytes: int
    sla_check_batch: int
    act_font_path: str
    act_executor_name: str
    telegram_api_url: str
    bot_token: str
    bot_username: str
    bot_webhook_secret: str

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(identity_timeout=float(config["IDENTITY_RPC_TIMEOUT"]),
                   attachment_max_bytes=int(config["ATTACHMENT_MAX_BYTES"]),
                   sla_check_batch=int(config["SLA_CHECK_BATCH"]), act_font_path=config["ACT_FONT_PATH"],
                   act_executor_name=config["ACT_EXECUTOR_NAME"], telegram_api_url=config["TELEGRAM_API_URL"],
                   bot_token=config["SUPPORT_TELEGRAM_BOT_TOKEN"],
                   bot_username=config["SUPPORT_TELEGRAM_BOT_USERNAME"],
                   bot_webhook_secret=config["SUPPORT_TELEGRAM_WEBHOOK_SECRET"])


@dataclass
class Deps:
    """What handlers need beyond the unit of work and the caller."""

    settings: Settings
    #: where attachments are kept (:class:`kit.attachments.LocalStorage`)
    storage: object = None
    #: the Telegram support bot (:class:`services.support.adapters.telegram.SupportBot`)
    bot: object = None
    #: ``fetch(user_ids) -> [identity user]``: the fallback when a name is not known locally
    fetch_users: Callable = lambda ids: []
    #: ``fetch_companies(ids) -> [{id, name}]``: identity's companies (customer organisations)
    fetch_companies: Callable = lambda ids: []

    def people(self, session) -> Directory:
        """Names and contacts: the local copy, then identity for anyone not known yet."""
        return Directory(session, fetch=self.fetch_users, now=None)


def companies_fetch(identity):
    """``fetch_companies(ids) -> [{id, name}]`` through identity's internal ``get_companies``."""

    def fetch(company_ids):
        return identity.get_companies(sorted(company_ids)) if company_ids else []

    return fetch


class Bot(DependencyProvider):
    """The Telegram support bot's client, built once per process."""

    def setup(self):
        settings = Settings.from_config(self.container.config)
        self.bot = SupportBot(settings.telegram_api_url, settings.bot_token)

    def get_dependency(self, worker_ctx):
        return self.bot
