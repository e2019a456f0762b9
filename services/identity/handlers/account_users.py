"""Users of a customer account and their rights (I3, manual 004 "Управление пользователями"):
managed by the account's first user or a user with the "users" right."""
from __future__ import annotations

from kit.context import Caller
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import accounts, actions, people
from services.identity.handlers.people import set_enabled
from services.identity.handlers.registration import new_user, send_link
from services.identity.models import User


def list_account_users(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    admin = _account_admin(uow, caller)
    conditions = [User.account_id == admin.account_id, User.status != "deleted"]
    total, users = store.page_of_users(uow.session, conditions, (User.created_at, User.id),
                                       data["page"], data["per_page"])
    return views.page([views.user_view(u, caller.language) for u in users], total, data)


def create_account_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    admin = _account_admin(uow, caller)
    store.ensure_contacts_free(uow.session, email=data["email"])
    user = new_user(uow, email=data["email"], phone=None, first_name=data["first_name"],
                    last_name=data.get("last_name"), language=data["language"], roles=["client"],
                    rights=accounts.check_rights(data["rights"]), account_id=admin.account_id)
    uow.session.flush()
    uow.session.refresh(user, ["account"])
    send_link(uow, user, deps, "invitation", invited_by=admin.id)
    uow.record_action("account_user.created", "user", user.id, "Приглашён пользователь {} (права: {})".format(
        people.full_name(user.first_name, user.last_name), ", ".join(user.rights) or "нет"))
    return views.user_view(user, caller.language)


def update_account_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``data``: user_id and what changes."""
    admin = _account_admin(uow, caller)
    user = _account_user(uow, admin, data["user_id"])
    names = {k: data[k].strip() for k in ("first_name", "last_name") if k in data}
    accounts.check_owner_change(
        user.is_owner,
        disable=data.get("enabled") is False,
        rights_change="rights" in data and set(data["rights"]) != set(accounts.RIGHTS),
        name_change=any(getattr(user, k) != v for k, v in names.items()),
    )
    if "rights" in data:
        user.rights = accounts.check_rights(data["rights"])
    for key, value in names.items():
        setattr(user, key, value)
    user.search_name = people.name_search_form(user.first_name, user.last_name)
    event = "user_updated"
    if "enabled" in data:
        event = set_enabled(uow, user, data["enabled"], deps) or event
    user.updated_at = uow.now()
    uow.emit(event, events.user_changed(user))
    uow.record_action("account_user.updated", "user", user.id, "{}: {}".format(
        people.full_name(user.first_name, user.last_name), actions.changed(data)))
    return views.user_view(user, caller.language)


def delete_account_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    admin = _account_admin(uow, caller)
    user = _account_user(uow, admin, data["user_id"])
    accounts.check_owner_change(user.is_owner, delete=True)
    event = events.user_changed(user)
    now = uow.now()
    # The person is gone; their name stays on past orders, their login is freed.
    user.status, user.email, user.phone, user.phone_confirmed = "deleted", None, None, False
    user.password_hash = user.totp_secret = None
    user.updated_at = now
    store.revoke_user_tokens(uow.session, user.id, now)
    deps.cut_sessions(user.id)
    for membership in store.memberships_of(uow.session, user.id):
        uow.session.delete(membership)
    uow.emit("user_deleted", event)
    uow.record_action("account_user.deleted", "user", user.id, "Удалён пользователь {}".format(event["full_name"]))
    return {"deleted": user.id}


def _account_admin(uow, caller: Caller) -> User:
    me = store.signed_in_user(uow.session, caller)
    if me.account_id is None or not (me.is_owner or "users" in me.rights):
        raise exc.RightRequired("Managing users needs the \"users\" right")
    return me


def _account_user(uow, admin: User, user_id: str) -> User:
    user = store.user_by_id(uow.session, user_id, for_update=True)
    if user.account_id != admin.account_id:
        raise exc.UserNotFound("No such user")  # no hint that it exists elsewhere
    return user
