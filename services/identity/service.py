"""The identity service: registration, sign-in, profiles, people and their groups (I1–I7).

Entrypoints only: each parses its payload with the contract schema, runs one handler in
one unit of work and returns plain data.
"""
from __future__ import annotations

from kit.providers import Settings
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.identity import handlers, schemas
from services.identity.dependencies import BootstrapAdmin

SETTINGS = {
    "BOOTSTRAP_ADMIN_EMAIL": "",
    "BOOTSTRAP_ADMIN_PASSWORD": "",
    "CONFIRM_URL_TEMPLATE": "{PUBLIC_BASE_URL}/confirm?token={token}",
    "REGISTRATION_TOKEN_TTL": "86400",
    "PHONE_CODE_TTL": "600",
    "PHONE_CODE_ATTEMPTS": "5",
}


class IdentityService(BaseService):
    name = "identity"

    settings = Settings(handlers.Settings.from_config)
    bootstrap = BootstrapAdmin()

    # --- registration and sessions (I1, I2) ---

    @rpc(sensitive_arguments=("payload",))
    def register(self, payload):
        data = load(schemas.RegisterRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.register(uow, data, self.settings)

    @rpc(sensitive_arguments=("payload",))
    def confirm(self, payload):
        data = load(schemas.ConfirmRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.confirm(uow, data, self.settings)

    @rpc(sensitive_arguments=("payload",))
    def login(self, payload):
        data = load(schemas.LoginRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.login(uow, data, self.settings)

    @rpc(sensitive_arguments=("payload",))
    def refresh(self, payload):
        data = load(schemas.RefreshRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.refresh(uow, data, self.settings)

    @rpc(sensitive_arguments=("payload",))
    def logout(self, payload):
        data = load(schemas.LogoutRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.logout(uow, self.caller, data)

    # --- profile (I4) and two-step sign-in ---

    @rpc
    def get_me(self):
        with self.db.unit_of_work() as uow:
            return handlers.get_me(uow, self.caller)

    @rpc(sensitive_arguments=("payload",))
    def update_me(self, payload):
        data = load(schemas.ProfileUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.update_me(uow, self.caller, data, self.settings)

    @rpc
    def start_phone_release(self):
        with self.db.unit_of_work() as uow:
            return handlers.start_phone_release(uow, self.caller, self.settings)

    @rpc
    def resend_phone_code(self):
        with self.db.unit_of_work() as uow:
            return handlers.resend_phone_code(uow, self.caller, self.settings)

    @rpc
    def confirm_phone(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.confirm_phone(uow, self.caller, data, self.settings)

    @rpc
    def totp_setup(self):
        with self.db.unit_of_work() as uow:
            return handlers.totp_setup(uow, self.caller)

    @rpc
    def totp_enable(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.totp_enable(uow, self.caller, data)

    @rpc
    def totp_disable(self, payload):
        data = load(schemas.CodeRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.totp_disable(uow, self.caller, data)

    # --- people (I5, I7, C7) ---

    @rpc
    def search_users(self, query):
        data = load(schemas.UserSearchQuery(), query)
        with self.db.unit_of_work() as uow:
            return handlers.search_users(uow, self.caller, data)

    @rpc(sensitive_arguments=("payload",))
    def create_user(self, payload):
        data = load(schemas.CreateUserRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.create_user(uow, self.caller, data, self.settings)

    @rpc
    def update_user(self, user_id, payload):
        data = load(schemas.UpdateUserRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.update_user(uow, self.caller, str(user_id), data)

    @rpc
    def get_user(self, user_id):
        with self.db.unit_of_work() as uow:
            return handlers.get_user(uow, self.caller, str(user_id))

    @rpc
    def get_users(self, user_ids):
        """Internal (other services): profiles with contacts."""
        with self.db.unit_of_work() as uow:
            return handlers.get_users(uow, [str(i) for i in user_ids])

    @rpc
    def account_member_ids(self, account_id):
        """Internal (other services): active users of an account."""
        with self.db.unit_of_work() as uow:
            return handlers.account_member_ids(uow, str(account_id))

    # --- companies and communities (I5) ---

    @rpc
    def list_groups(self, kind, query):
        data = load(schemas.NameQuery(), query)
        with self.db.unit_of_work() as uow:
            return handlers.list_groups(uow, self.caller, _kind(kind), data)

    @rpc
    def create_group(self, kind, payload):
        data = load(schemas.NamedRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.create_group(uow, self.caller, _kind(kind), data)

    @rpc
    def set_membership(self, kind, group_id, payload, member=True):
        data = load(schemas.MemberRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.set_membership(uow, self.caller, _kind(kind), str(group_id),
                                           data["user_id"], bool(member))

    # --- account users and rights (I3) ---

    @rpc
    def list_account_users(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return handlers.list_account_users(uow, self.caller, data)

    @rpc
    def create_account_user(self, payload):
        data = load(schemas.AccountUserCreate(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.create_account_user(uow, self.caller, data, self.settings)

    @rpc
    def update_account_user(self, user_id, payload):
        data = load(schemas.AccountUserUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.update_account_user(uow, self.caller, str(user_id), data)

    @rpc
    def delete_account_user(self, user_id):
        with self.db.unit_of_work() as uow:
            return handlers.delete_account_user(uow, self.caller, str(user_id))


def _kind(kind: str) -> str:
    from kit.errors import NotFound

    if kind not in handlers.GROUPS:
        raise NotFound("Unknown group kind", code="group_kind_unknown")
    return kind


SERVICE = IdentityService
