"""Coworking's settings and what its handlers need besides the unit of work and the caller."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

SETTINGS = {
    # a seat held for an order being created is released if the order is not stored by then
    "TICKET_HOLD_TTL": "900",
    # how often tickets become active / done and lapsed holds are released
    "TICKET_SWEEP_INTERVAL": "30",
    "TICKET_SWEEP_BATCH": "100",
    "IDENTITY_RPC_TIMEOUT": "3",
    "TICKET_INVITATION_URL_TEMPLATE": "{PUBLIC_BASE_URL}/coworking/invitations/{token}",
}


@dataclass(frozen=True)
class Settings:
    hold_ttl: int
    sweep_batch: int
    invitation_url_template: str

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            hold_ttl=int(config["TICKET_HOLD_TTL"]),
            sweep_batch=int(config["TICKET_SWEEP_BATCH"]),
            invitation_url_template=config["TICKET_INVITATION_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
        )


@dataclass
class Deps:
    settings: Settings
    #: ``fetch(user_ids) -> [identity user]``: people whose events have not arrived yet
    fetch_users: Callable = lambda ids: []
