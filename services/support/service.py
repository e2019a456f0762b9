"""The support service: tickets by department with SLA and chat, the completed-works act,
client analytics and the Telegram support bot (S1–S8).

Entrypoints only: each parses its payload with the contract schema (path arguments join
it), runs one handler in one unit of work and returns plain data.
"""
from __future__ import annotations

from kit import providers
from kit.people import PeopleProjection
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import load
from kit.service import BaseService
from services.support import schemas
from services.support.dependencies import SETTINGS, Deps, Settings, identity_fetch
from services.support.handlers import reference

__all__ = ["SERVICE", "SETTINGS", "SupportService"]


class SupportService(PeopleProjection, BaseService):
    """Names of agents and authors come from identity's person events (:class:`PeopleProjection`)."""

    name = "support"

    settings = providers.Settings(Settings.from_config)
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    @property
    def deps(self) -> Deps:
        return Deps(settings=self.settings, fetch_users=identity_fetch(self.identity))

    # --- reference data ---

    @rpc
    def list_departments(self, query=None):
        data = load(schemas.ReferenceQuery(), query)
        with self.db.unit_of_work() as uow:
            return reference.list_departments(uow, self.caller, data, self.deps)

    @rpc
    def create_department(self, payload):
        data = load(schemas.DepartmentCreate(), payload)
        with self.db.unit_of_work() as uow:
            return reference.create_department(uow, self.caller, data, self.deps)

    @rpc
    def update_department(self, department_id, payload):
        data = dict(load(schemas.DepartmentUpdate(), payload), department_id=str(department_id))
        with self.db.unit_of_work() as uow:
            return reference.update_department(uow, self.caller, data, self.deps)


SERVICE = SupportService
