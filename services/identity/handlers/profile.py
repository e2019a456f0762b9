"""The signed-in person's own profile (I4): names, language, password, phone number."""
from __future__ import annotations

from kit.context import Caller
from kit.errors import ValidationFailed
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import accounts, actions, credentials, people
from services.identity.handlers.phones import new_phone_code


def get_me(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.user_view(store.signed_in_user(uow.session, caller), caller.language)


def update_me(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    now = uow.now()
    names = {k: data[k].strip() for k in ("first_name", "last_name") if k in data}
    if any(getattr(user, k) != v for k, v in names.items()):
        accounts.check_owner_change(user.is_owner, name_change=True)
        for key, value in names.items():
            setattr(user, key, value)
        user.search_name = people.name_search_form(user.first_name, user.last_name)
    if "language" in data:
        user.language = data["language"]
    if "password" in data:
        if not credentials.verify_password(user.password_hash, data["password"]["current_password"]):
            raise ValidationFailed("The current password is wrong",
                                   errors={"password": {"current_password": ["Wrong password."]}})
        user.password_hash = credentials.hash_password(data["password"]["new_password"])
        store.revoke_user_tokens(uow.session, user.id, now)  # every session ends
        deps.cut_sessions(user.id)
    if "phone" in data and data["phone"] != user.phone:
        if user.phone and user.phone_confirmed:
            raise exc.RuleRefused("A confirmed number is changed with a code sent to it first: "
                                  "POST /me/phone/release", code="phone_release_required")
        if data["phone"] is None:
            user.phone, user.phone_confirmed = None, False
        else:
            store.ensure_contacts_free(uow.session, phone=data["phone"], except_id=user.id)
            user.phone, user.phone_confirmed = data["phone"], False
            new_phone_code(uow, user, "phone_confirm", data["phone"], deps)
    user.updated_at = now
    uow.emit("user_updated", events.user_changed(user))
    uow.record_action("profile.updated", "user", user.id, actions.changed(data))
    return views.user_view(user, caller.language)
