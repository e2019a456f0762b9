"""The identity service: registration, sign-in, profiles, people and their groups (I1–I7).

Entrypoints only: each parses its payload with the contract schema, runs one handler in
one unit of work and returns plain data.
"""
from __future__ import annotations

from dataclasses import replace

from kit import personal_data as shared
from kit.actions import EVENT as ACTION_RECORDED
from kit.config import SERVICES
from kit.context import SYSTEM
from kit.events import event_handler
from kit.periodic import periodic
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.identity import events, schemas
from services.identity.dependencies import SETTINGS, BootstrapAdmin, DepsProvider
from services.identity.handlers import (
    account_users, actions, groups, people, personal_data, phones, profile, registration, sessions, totp,
)

__all__ = ["SERVICE", "SETTINGS", "IdentityService"]


class IdentityService(BaseService):
    name = "identity"

    deps = DepsProvider()
    bootstrap = BootstrapAdmin(registration.ensure_admin)

    # --- registration and sessions (I1, I2) ---

    @rpc(sensitive_arguments=("payload",))
    def register(self, payload):
        data = load(schemas.RegisterRequest(), payload)
        with self.db.unit_of_work() as uow:
            return registration.register(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def confirm(self, payload):
        data = load(schemas.ConfirmRequest(), payload)
        with self.db.unit_of_work() as uow:
            return registration.confirm(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def login(self, payload):
        data = load(schemas.LoginRequest(), payload)
        with self.db.unit_of_work() as uow:
            return sessions.login(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def refresh(self, payload):
        data = load(schemas.RefreshRequest(), payload)
        with self.db.unit_of_work() as uow:
            return sessions.refresh(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def logout(self, payload):
        data = load(schemas.LogoutRequest(), payload)
        with self.db.unit_of_work() as uow:
            return sessions.logout(uow, self.caller, data, self.deps)

    # --- profile (I4) and two-step sign-in ---

    @rpc
    def get_me(self):
        with self.db.unit_of_work() as uow:
            return profile.get_me(uow, self.caller, {}, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def update_me(self, payload):
        data = load(schemas.ProfileUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return profile.update_me(uow, self.caller, data, self.deps)

    @rpc
    def start_phone_release(self):
        with self.db.unit_of_work() as uow:
            return phones.start_phone_release(uow, self.caller, {}, self.deps)

    @rpc
    def resend_phone_code(self):
        with self.db.unit_of_work() as uow:
            return phones.resend_phone_code(uow, self.caller, {}, self.deps)

    @rpc
    def confirm_phone(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return phones.confirm_phone(uow, self.caller, data, self.deps)

    @rpc
    def totp_setup(self):
        with self.db.unit_of_work() as uow:
            return totp.totp_setup(uow, self.caller, {}, self.deps)

    @rpc
    def totp_enable(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return totp.totp_enable(uow, self.caller, data, self.deps)

    @rpc
    def totp_disable(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return totp.totp_disable(uow, self.caller, data, self.deps)

    # --- people (I5, I7, C7) ---

    @rpc
    def search_users(self, query):
        data = load(schemas.UserSearchQuery(), query)
        with self.db.unit_of_work() as uow:
            return people.search_users(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def create_user(self, payload):
        data = load(schemas.CreateUserRequest(), payload)
        with self.db.unit_of_work() as uow:
            return people.create_user(uow, self.caller, data, self.deps)

    @rpc
    def update_user(self, user_id, payload):
        data = dict(load(schemas.UpdateUserRequest(), payload), user_id=str(user_id))
        with self.db.unit_of_work() as uow:
            return people.update_user(uow, self.caller, data, self.deps)

    @rpc
    def get_user(self, user_id):
        with self.db.unit_of_work() as uow:
            return people.get_user(uow, self.caller, {"user_id": str(user_id)}, self.deps)

    @rpc
    def get_users(self, user_ids):
        """Internal (other services): profiles with contacts."""
        data = {"user_ids": [str(i) for i in user_ids]}
        with self.db.unit_of_work() as uow:
            return people.get_users(uow, self.caller, data, self.deps)

    @rpc
    def account_member_ids(self, account_id):
        """Internal (other services): active users of an account."""
        with self.db.unit_of_work() as uow:
            return people.account_member_ids(uow, self.caller, {"account_id": str(account_id)}, self.deps)

    # --- companies and communities (I5) ---

    @rpc
    def list_groups(self, kind, query):
        data = dict(load(schemas.NameQuery(), query), kind=kind)
        with self.db.unit_of_work() as uow:
            return groups.list_groups(uow, self.caller, data, self.deps)

    @rpc
    def create_group(self, kind, payload):
        data = dict(load(schemas.NamedRequest(), payload), kind=kind)
        with self.db.unit_of_work() as uow:
            return groups.create_group(uow, self.caller, data, self.deps)

    @rpc
    def get_companies(self, company_ids):
        """Internal (support): the companies of these ids that exist, ``[{id, name}]``."""
        data = {"company_ids": [str(i) for i in company_ids or []][:500]}
        with self.db.unit_of_work() as uow:
            return groups.get_companies(uow, self.caller, data, self.deps)

    @rpc
    def set_membership(self, kind, group_id, payload, member=True):
        data = dict(load(schemas.MemberRequest(), payload), kind=kind, group_id=str(group_id),
                    member=bool(member))
        with self.db.unit_of_work() as uow:
            return groups.set_membership(uow, self.caller, data, self.deps)

    # --- account users and rights (I3) ---

    @rpc
    def list_account_users(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return account_users.list_account_users(uow, self.caller, data, self.deps)

    @rpc
    def create_account_user(self, payload):
        data = load(schemas.AccountUserCreate(), payload)
        with self.db.unit_of_work() as uow:
            return account_users.create_account_user(uow, self.caller, data, self.deps)

    @rpc
    def update_account_user(self, user_id, payload):
        data = dict(load(schemas.AccountUserUpdate(), payload), user_id=str(user_id))
        with self.db.unit_of_work() as uow:
            return account_users.update_account_user(uow, self.caller, data, self.deps)

    @rpc
    def delete_account_user(self, user_id):
        with self.db.unit_of_work() as uow:
            return account_users.delete_account_user(uow, self.caller, {"user_id": str(user_id)}, self.deps)

    # --- the action log (issue 13 item 11): every service's people's changes ---

    @rpc
    def list_account_actions(self, query=None):
        data = load(schemas.ActionQuery(), query)
        with self.db.unit_of_work() as uow:
            return actions.list_account_actions(uow, self.caller, data, self.deps)

    @rpc
    def list_actions(self, query=None):
        data = load(schemas.AdminActionQuery(), query)
        with self.db.unit_of_work() as uow:
            return actions.list_actions(uow, self.caller, data, self.deps)

    def _record_action(self, envelope):
        # idempotent by the entry's key (the event id): no processed-events mark needed
        system = replace(SYSTEM, correlation_id=envelope.get("correlation_id"))
        with self.db.unit_of_work(system) as uow:
            actions.record_action(uow, system, envelope, self.deps)

    # --- personal data (I6) ---

    @rpc
    def request_personal_data(self, payload):
        data = load(schemas.DataRequestCreate(), payload)
        with self.db.unit_of_work() as uow:
            return personal_data.request_data(uow, self.caller, data, self.deps)

    @rpc
    def list_my_data_requests(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return personal_data.list_my_requests(uow, self.caller, data, self.deps)

    @rpc
    def list_data_requests(self, query=None):
        data = load(schemas.DataRequestQuery(), query)
        with self.db.unit_of_work() as uow:
            return personal_data.list_requests(uow, self.caller, data, self.deps)

    @rpc
    def get_data_request(self, request_id):
        with self.db.unit_of_work() as uow:
            return personal_data.get_request(uow, self.caller, {"request_id": str(request_id)}, self.deps)

    @rpc(sensitive_arguments=("token",))
    def download_personal_data(self, token):
        data = load(schemas.DownloadToken(), {"token": token})
        with self.db.unit_of_work() as uow:
            return personal_data.download(uow, self.caller, data, self.deps)

    @periodic("PERSONAL_DATA_PURGE_INTERVAL", 300)
    def purge_expired_exports(self):
        with self.db.unit_of_work(SYSTEM) as uow:
            personal_data.purge_expired(uow, SYSTEM, {}, self.deps)

    def personal_data_answered(self, envelope):
        caller = replace(SYSTEM, correlation_id=envelope.get("correlation_id"))
        with self.db.unit_of_work(caller) as uow:
            personal_data.part_done(uow, caller, envelope, self.deps)


# --- the other services' answers to personal-data requests: one handler per service and event --

def _answer_handler(source: str, event_type: str):
    def handle(self, envelope):
        self.personal_data_answered(envelope)

    handle.__name__ = handle.__qualname__ = "on_{}_{}".format(source, event_type)
    return event_handler(source, event_type, reads=shared.ANSWER_READS[event_type])(handle)


for _source in shared.PARTICIPANTS:
    for _event_type in (shared.EXPORTED, shared.ERASED):
        _handler = _answer_handler(_source, _event_type)
        setattr(IdentityService, _handler.__name__, _handler)


# --- the action log: every service's people's changes (identity's own too), one handler each --

def _action_handler(source: str):
    def handle(self, envelope):
        self._record_action(envelope)

    handle.__name__ = handle.__qualname__ = "record_{}_action".format(source)
    return event_handler(source, ACTION_RECORDED, reads=events.ActionRead)(handle)


for _source in SERVICES:
    _handler = _action_handler(_source)
    setattr(IdentityService, _handler.__name__, _handler)

SERVICE = IdentityService
