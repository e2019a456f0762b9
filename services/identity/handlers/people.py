"""People (I5, I7, C7): search by part of a name, staff add and edit anyone, profiles for
other people and for other services."""
from __future__ import annotations

from kit.context import Caller
from kit.errors import ValidationFailed
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import accounts, actions, credentials, people
from services.identity.handlers.registration import give_own_account, new_user, send_link
from services.identity.models import User


def search_users(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    terms = people.search_terms(data.get("q", ""))
    filtered = data.get("company_id") or data.get("community_id")
    if not caller.is_staff and not filtered and sum(len(t) for t in terms) < 2:
        raise ValidationFailed("Type at least two letters of a name",
                               errors={"q": ["Type at least two letters."]})
    conditions = store.search_conditions(terms, company_id=data.get("company_id"),
                                         community_id=data.get("community_id"))
    total, users = store.page_of_users(uow.session, conditions,
                                       (User.last_name, User.first_name, User.id),
                                       data["page"], data["per_page"])
    view = views.user_view if caller.is_staff else views.public_view
    return views.page([view(u) for u in users], total, data)


def create_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Staff add a person, with their own customer account; invited unless given a password."""
    caller.require_role("admin", "rental_manager")
    roles = accounts.check_roles(data["roles"])
    accounts.check_may_grant(caller.roles, roles)
    store.ensure_contacts_free(uow.session, email=data.get("email"), phone=data.get("phone"))
    user = new_user(uow, email=data.get("email"), phone=data.get("phone"),
                    first_name=data["first_name"], last_name=data.get("last_name"),
                    language=data["language"], roles=roles)
    uow.session.flush()
    give_own_account(uow, user)
    _join_groups(uow, user, "company", data["company_ids"], "company_ids")
    _join_groups(uow, user, "community", data["community_ids"], "community_ids")
    if data.get("password"):
        user.password_hash = credentials.hash_password(data["password"])
        user.status = "active"
        uow.emit("user_registered", events.user_changed(user))
    else:
        send_link(uow, user, deps, "invitation", invited_by=caller.user_id)
    uow.session.flush()
    uow.session.expire(user, ["companies", "communities"])
    uow.record_action("user.created", "user", user.id, "Добавлен пользователь {} (роли: {})".format(
        people.full_name(user.first_name, user.last_name), ", ".join(roles)), account_id=user.account_id)
    return views.user_view(user, caller.language)


def update_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """An administrator edits anyone (``data``: user_id and what changes)."""
    caller.require_role("admin")
    user = store.user_by_id(uow.session, data["user_id"], for_update=True)
    now = uow.now()
    if user.id == caller.user_id and (data.get("enabled") is False or
                                      ("roles" in data and "admin" not in data["roles"])):
        raise exc.RuleRefused("You cannot disable yourself or drop your own admin role",
                              code="cannot_demote_self")
    if "email" in data:
        store.ensure_contacts_free(uow.session, email=data["email"], except_id=user.id)
        user.email = data["email"]
    for key in ("first_name", "last_name"):
        if key in data:
            setattr(user, key, data[key].strip())
    user.search_name = people.name_search_form(user.first_name, user.last_name)
    if "roles" in data:
        user.roles = accounts.check_roles(data["roles"])
    event = "user_updated"
    if "enabled" in data:
        event = set_enabled(uow, user, data["enabled"], deps) or event
    user.updated_at = now
    uow.emit(event, events.user_changed(user))
    uow.record_action("user.updated", "user", user.id, "{}: {}".format(
        people.full_name(user.first_name, user.last_name), actions.changed(data)), account_id=user.account_id)
    return views.user_view(user, caller.language)


def get_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    user = store.user_by_id(uow.session, data["user_id"])
    if caller.is_staff or user.id == caller.user_id or (caller.account_id and user.account_id == caller.account_id):
        return views.user_view(user, caller.language)
    return views.public_view(user)


def get_users(uow, caller: Caller, data: dict, deps: Deps) -> list[dict]:
    """Internal: profiles with contacts for other services (names on orders, deliveries)."""
    return [views.user_view(u, caller.language) for u in store.users_by_ids(uow.session, data["user_ids"])]


def account_member_ids(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    """Internal: the active users of an account (e-mails to an account reach all of them)."""
    return store.active_member_ids(uow.session, data["account_id"])


def set_enabled(uow, user: User, enabled: bool, deps: Deps) -> str | None:
    """Switch a user on or off (off: every session ends); the event to tell, if it changed."""
    if enabled and user.status == "disabled":
        user.status = "active"
        return "user_enabled"
    if not enabled and user.status == "active":
        user.status = "disabled"
        store.revoke_user_tokens(uow.session, user.id, uow.now())
        deps.cut_sessions(user.id)  # their access tokens too, at once
        return "user_disabled"
    return None


def _join_groups(uow, user: User, kind: str, ids, field: str) -> None:
    if not ids:
        return
    tables = store.group_tables(kind)
    found = store.existing_group_ids(uow.session, tables, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise tables.not_found("No such {}".format(kind), errors={field: ["Unknown: {}".format(", ".join(missing))]})
    for group_id in ids:
        store.add_member(uow.session, tables, group_id, user.id)
