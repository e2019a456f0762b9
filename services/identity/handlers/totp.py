"""Two-step sign-in (I2): an authenticator app's time-based codes, set up and switched off
by the signed-in person."""
from __future__ import annotations

import time

from kit.context import Caller
from services.identity import store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import credentials


def totp_setup(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    if user.totp_secret:
        raise exc.RuleRefused("Two-step sign-in is already on", code="totp_already_enabled")
    user.totp_pending_secret = credentials.new_totp_secret()
    return {"secret": user.totp_pending_secret,
            "otpauth_url": credentials.totp_uri(user.totp_pending_secret, user.email or user.phone)}


def totp_enable(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    if not user.totp_pending_secret:
        raise exc.RuleRefused("Start the setup first: POST /me/totp", code="totp_not_started")
    step = credentials.totp_timestep(user.totp_pending_secret, data["code"], time.time())
    if step is None:
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = user.totp_pending_secret, None, step
    uow.record_action("profile.totp_enabled", "user", user.id, "Включена двухэтапная аутентификация")
    return views.user_view(user, caller.language)


def totp_disable(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    if not user.totp_secret:
        raise exc.RuleRefused("Two-step sign-in is off", code="totp_not_enabled")
    if credentials.totp_timestep(user.totp_secret, data["code"], time.time()) is None:
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    user.totp_secret = user.totp_last_step = None
    uow.record_action("profile.totp_disabled", "user", user.id, "Выключена двухэтапная аутентификация")
    return views.user_view(user, caller.language)
