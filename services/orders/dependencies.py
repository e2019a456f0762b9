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
    # seconds a done simple service or request waits for the client before it is confirmed by
    # itself, when its service sets no `auto_confirm_after` of its own (O6); 0: never
    "AUTO_CONFIRM_DEFAULT": str(3 * 86400),
    # seconds to wait for identity when a name is not known locally yet
    "IDENTITY_RPC_TIMEOUT": "3",
    # seconds to wait for coworking to hold a seat while a coworking order is created
    "COWORKING_RPC_TIMEOUT": "5",
    "SHARE_LINK_URL_TEMPLATE": "{PUBLIC_BASE_URL}/sharelink/reservation/{token}",
}


@dataclass(frozen=True)
class Settings:
    ticket_secret: str
    attachments_dir: str
    attachment_max_bytes: int
    share_url_template: str
    auto_confirm_batch: int
    auto_confirm_default: int

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            ticket_secret=config["TICKET_SIGNING_SECRET"],
            attachments_dir=attachments.attachments_dir(config),
            attachment_max_bytes=int(config["ATTACHMENT_MAX_BYTES"]),
            share_url_template=config["SHARE_LINK_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
            auto_confirm_batch=int(config["AUTO_CONFIRM_BATCH"]),
            auto_confirm_default=_seconds(config["AUTO_CONFIRM_DEFAULT"], "AUTO_CONFIRM_DEFAULT"),
        )


def _seconds(value: str, name: str) -> int:
    seconds = int(value)
    if seconds < 0:
        raise ValueError("{} must be 0 (off) or a number of seconds, not {!r}".format(name, value))
    return seconds


@dataclass
class Deps:
    """What handlers need beyond the unit of work and the caller."""

    settings: Settings
    storage: object = None
    #: ``fetch(user_ids) -> [identity user]``: the fallback when a name is not known locally
    fetch_users: Callable = lambda ids: []
    #: the coworking service (a bounded :class:`kit.remote.Remote`): holds seats (C2)
    coworking: object = None

    def people(self, session) -> Directory:
        """Names and contacts: the local copy, then identity for anyone not known yet.
        What identity answers is used, not kept (``now=None``): the next event brings it."""
        return Directory(session, fetch=self.fetch_users, now=None)



