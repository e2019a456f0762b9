"""Identity's own dependency providers."""
from __future__ import annotations

import structlog
from nameko.extensions import DependencyProvider
from sqlalchemy.exc import IntegrityError

from kit.context import SYSTEM
from kit.providers import Database
from services.identity import handlers

log = structlog.get_logger(__name__)


class BootstrapAdmin(DependencyProvider):
    """At start, creates the first administrator from BOOTSTRAP_ADMIN_EMAIL/PASSWORD if absent."""

    def start(self):
        config = self.container.config
        email, password = config.get("BOOTSTRAP_ADMIN_EMAIL"), config.get("BOOTSTRAP_ADMIN_PASSWORD")
        if not email or not password:
            return
        database = next(d for d in self.container.extensions if isinstance(d, Database))
        try:
            with database.databases.unit_of_work(SYSTEM) as uow:
                created = handlers.ensure_admin(uow, email, password)
        except IntegrityError:  # another replica created it at the same moment
            created = False
        if created:
            log.info("bootstrap_admin_created", email=email)
