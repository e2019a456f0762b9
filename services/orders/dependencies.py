"""Orders' settings and what handlers need besides the unit of work and the caller:
attachment storage (:mod:`kit.attachments`) and the people directory (names from identity)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kit import attachments
from kit.people import Directory

#: environment defaults of a local run (kit.config merges them; kit.runner reads them
#: from the service module, which re-exports them)
SETTINGS = {
    # HMAC key of event ticket QR payloads (O12): set it in production
    "TICKET_SIGNING_SECRET": "dev-insecure-ticket-signing-secret",
    # where attachments are kept (default: <VAR_DIR>/attachments)
    "ATTACHMENTS_DIR": "",
    "ATTACHMENT_MAX_BYTES": str(10 * 1024 * 1024),
    # seconds between runs of the auto-confirm job (O6); 0 switches it off in a process
    "AUTO_CONFIRM_INTERVAL": "30",
    "AUTO_CONFIRM_BATCH": "100",
    # seconds to wait for identity when a name is not known locally yet
    "IDENTITY_RPC_TIMEOUT": "3",
    "SHARE_LINK_URL_TEMPLATE": "{PUBLIC_BASE_URL}/sharelink/reservation/{token}",
}


@dataclass(frozen=True)
class Settings:
    ticket_secret: str
    attachments_dir: str
    attachment_max_bytes: int
    share_url_template: str
    auto_confirm_batch: int

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            ticket_secret=config["TICKET_SIGNING_SECRET"],
            attachments_dir=attachments.attachments_dir(config),
            attachment_max_bytes=int(config["ATTACHMENT_MAX_BYTES"]),
            share_url_template=config["SHARE_LINK_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
            auto_confirm_batch=int(config["AUTO_CONFIRM_BATCH"]),
        )


@dataclass
class Deps:
    """What handlers need beyond the unit of work and the caller."""

    settings: Settings
    storage: object = None
    #: ``fetch(user_ids) -> [identity user]``: the fallback when a name is not known locally
    fetch_users: Callable = lambda ids: []

    def people(self, session) -> Directory:
        """Names and contacts: the local copy, then identity for anyone not known yet.
        What identity answers is used, not kept (``now=None``): the next event brings it."""
        return Directory(session, fetch=self.fetch_users, now=None)



def identity_fetch(identity):
    """``fetch(user_ids) -> [user]`` through identity's internal ``get_users``
    (``identity`` is a :class:`kit.remote.Remote`: bounded, 503 when it cannot answer)."""

    def fetch(user_ids):
        return identity.get_users(sorted(user_ids)) if user_ids else []

    return fetch
