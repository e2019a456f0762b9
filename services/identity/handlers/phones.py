"""Phone numbers (I4): a six-digit code by SMS confirms a new number; a confirmed number
is released with a code sent to it first."""
from __future__ import annotations

from datetime import timedelta

from kit.context import Caller
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import credentials
from services.identity.models import User, VerificationCode


def start_phone_release(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Changing a confirmed number starts with a code sent to that (old) number."""
    user = store.signed_in_user(uow.session, caller)
    if not (user.phone and user.phone_confirmed):
        raise exc.RuleRefused("There is no confirmed number to change", code="no_confirmed_phone")
    new_phone_code(uow, user, "phone_release", user.phone, deps)
    return {"sent_to": user.phone}


def resend_phone_code(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    if not user.phone or user.phone_confirmed:
        raise exc.RuleRefused("There is no number waiting for confirmation", code="no_phone_to_confirm")
    new_phone_code(uow, user, "phone_confirm", user.phone, deps)
    return {"sent_to": user.phone}


def confirm_phone(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.signed_in_user(uow.session, caller)
    now = uow.now()
    waiting = store.waiting_phone_codes(uow.session, user.id, now)
    if not waiting:
        raise exc.InvalidCode("No code is waiting; ask for a new one", code="no_code_waiting")
    code = next((c for c in waiting if credentials.same_digest(c.digest, _secret(user, data["code"]))), None)
    if code is None:
        for candidate in waiting:
            candidate.attempts += 1
            if candidate.attempts >= deps.settings.code_attempts:
                candidate.used_at = now  # burnt: too many guesses
        uow.commit()  # the failed attempt counts even though the request fails
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    code.used_at = now
    if code.purpose == "phone_release":
        user.phone, user.phone_confirmed = None, False
    elif code.target == user.phone:
        user.phone_confirmed = True
    else:
        raise exc.InvalidCode("The number changed since this code was sent", code="code_outdated")
    user.updated_at = now
    uow.emit("user_updated", events.user_changed(user))
    return views.user_view(user, caller.language)


def new_phone_code(uow, user: User, purpose: str, phone: str, deps: Deps) -> None:
    """A new code for ``phone`` (earlier ones stop working), sent by SMS."""
    now = uow.now()
    store.spend_open_codes(uow.session, user.id, store.PHONE_CODE_PURPOSES, now)
    code = credentials.new_numeric_code()
    expires_at = now + timedelta(seconds=deps.settings.code_ttl)
    uow.session.add(VerificationCode(
        user_id=user.id, purpose=purpose, digest=credentials.digest(_secret(user, code)),
        target=phone, created_at=now, expires_at=expires_at))
    uow.emit("phone_confirmation_requested", events.phone_code_requested(
        user, phone=phone, code=code, purpose=purpose, expires_at=expires_at))


def _secret(user: User, code: str) -> str:
    """What a phone code's digest is taken of: six digits alone are too few to hash bare."""
    return "{}:{}".format(user.id, code)
