"""Identity's settings, what its handlers need (``Deps``) and its providers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import structlog
from nameko.extensions import DependencyProvider
from sqlalchemy.exc import IntegrityError

from kit.auth import check_secret, sessions_cut_key
from kit.context import SYSTEM
from kit.providers import Database
from kit.redis import connect, key as redis_key

log = structlog.get_logger(__name__)

#: identity's own settings with the defaults of a local run (the kit adds the common ones)
SETTINGS = {
    "BOOTSTRAP_ADMIN_EMAIL": "",
    "BOOTSTRAP_ADMIN_PASSWORD": "",
    "CONFIRM_URL_TEMPLATE": "{PUBLIC_BASE_URL}/confirm?token={token}",
    "REGISTRATION_TOKEN_TTL": "86400",
    "PHONE_CODE_TTL": "600",
    "PHONE_CODE_ATTEMPTS": "5",
    # I6: how long the one-time download link of a personal-data export opens (seconds)
    "PERSONAL_DATA_LINK_TTL": "259200",
    # seconds between sweeps that drop the files of exports whose link expired
    "PERSONAL_DATA_PURGE_INTERVAL": "300",
}


@dataclass(frozen=True)
class Settings:
    jwt_secret: str
    access_ttl: int
    refresh_ttl: int
    confirm_url_template: str
    registration_ttl: int
    code_ttl: int
    code_attempts: int
    public_base_url: str = "http://127.0.0.1:8080"
    personal_data_link_ttl: int = 259200

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            jwt_secret=check_secret(config["JWT_SECRET"]),
            access_ttl=int(config["ACCESS_TOKEN_TTL"]),
            refresh_ttl=int(config["REFRESH_TOKEN_TTL"]),
            confirm_url_template=config["CONFIRM_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
            registration_ttl=int(config["REGISTRATION_TOKEN_TTL"]),
            code_ttl=int(config["PHONE_CODE_TTL"]),
            code_attempts=int(config["PHONE_CODE_ATTEMPTS"]),
            public_base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
            personal_data_link_ttl=int(config["PERSONAL_DATA_LINK_TTL"]),
        )


class SessionCutter:
    """Tells the gateway a user's access tokens issued until now are void (Redis, for as
    long as an access token lives): called with every ending of all of a user's sessions.
    Access tokens carry the wall clock's time (the gateway checks ``exp`` against it), so
    the moment is the wall clock's too, never the test clock's."""

    def __init__(self, config: dict):
        self.redis = connect(config["REDIS_URL"])
        self.config = config
        self.ttl = int(config["ACCESS_TOKEN_TTL"]) + 60

    def __call__(self, user_id: str) -> None:
        moment = int(datetime.now(timezone.utc).timestamp() * 1000)
        self.redis.set(redis_key(self.config, sessions_cut_key(user_id)), moment, ex=self.ttl)


@dataclass(frozen=True)
class Deps:
    """What identity's handlers need besides the unit of work and the caller."""

    settings: Settings
    #: ``cut_sessions(user_id)``: the user's access tokens issued until now stop working
    cut_sessions: Callable[[str], None] = field(default=lambda user_id: None)

    @classmethod
    def from_config(cls, config: dict) -> "Deps":
        return cls(settings=Settings.from_config(config), cut_sessions=SessionCutter(config))


class DepsProvider(DependencyProvider):
    """Injects the service's :class:`Deps`, built once when the service starts."""

    def setup(self):
        self.deps = Deps.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.deps


class BootstrapAdmin(DependencyProvider):
    """At start, creates the first administrator from BOOTSTRAP_ADMIN_EMAIL/PASSWORD if absent.

    ``ensure_admin`` is the handler that does it (``(uow, caller, data, deps) -> created``),
    given by the service so that providers never import handlers.
    """

    def __init__(self, ensure_admin: Callable):
        self.ensure_admin = ensure_admin

    def start(self):
        config = self.container.config
        email, password = config.get("BOOTSTRAP_ADMIN_EMAIL"), config.get("BOOTSTRAP_ADMIN_PASSWORD")
        if not email or not password:
            return
        database = next(d for d in self.container.extensions if isinstance(d, Database))
        data = {"email": email, "password": password}
        try:
            with database.databases.unit_of_work(SYSTEM) as uow:
                created = self.ensure_admin(uow, SYSTEM, data, Deps.from_config(config))
        except IntegrityError:  # another replica created it at the same moment
            created = False
        if created:
            log.info("bootstrap_admin_created", email=email)
