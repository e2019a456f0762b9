"""Sessions (I2): sign in (with the authenticator's code when two-step sign-in is on),
rotating refresh tokens, sign out."""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from kit.auth import issue_access_token
from kit import people
from kit.context import Caller
from services.identity import store
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import accounts, credentials
from services.identity.models import RefreshToken, User, new_id


def login(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Sign in; every success and every refused attempt is in the action log, with the
    address it came from (issue 13 item 11)."""
    user = store.user_by_login(uow.session, data["login"])
    password_ok = credentials.verify_password(user.password_hash if user else None, data["password"])
    if user is None or not password_ok or user.status != "active":
        _sign_in_failed(uow, caller, user, data["login"], "неверный логин или пароль" if user is None or
                        not password_ok else "пользователь не активен")
        raise exc.InvalidCredentials("Wrong login or password")
    if user.totp_secret:
        if not data.get("totp"):
            raise exc.TotpRequired("Enter the code from your authenticator app")
        step = credentials.totp_timestep(user.totp_secret, data["totp"], time.time())
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            _sign_in_failed(uow, caller, user, data["login"], "неверный код подтверждения")
            raise exc.InvalidCredentials("Wrong or already used authenticator code", code="totp_invalid")
        user.totp_last_step = step
    uow.record_action("session.signed_in", "user", user.id, "Вход в систему", account_id=user.account_id,
                      actor=sign_in_actor(caller, user))
    return issue_tokens(uow, user, deps)


def sign_in_actor(caller: Caller, user: User | None) -> Caller:
    """Who a sign-in's entry names: the user signing in (still anonymous in ``caller``, which
    carries the address and the client); for a login nobody has, nobody (``user_id=""``)."""
    if user is None:
        return replace(caller, user_id="", account_id=None, roles=frozenset())
    return replace(caller, user_id=user.id, account_id=user.account_id, roles=frozenset(user.roles))


def _sign_in_failed(uow, caller: Caller, user: User | None, login: str, why: str) -> None:
    """A refused sign-in, recorded although the request fails (its own commit). An unknown
    login is not kept (people type passwords into it): its digest groups the attempts on it."""
    if user is None:
        digest = credentials.digest(people.search_form(login))[:16]
        uow.record_action("session.sign_in_failed", "login", digest, "Неудачный вход: " + why, account_id=None,
                          actor=sign_in_actor(caller, None))
    else:
        uow.record_action("session.sign_in_failed", "user", user.id, "Неудачный вход: " + why,
                          account_id=user.account_id, actor=sign_in_actor(caller, user))
    uow.commit()


def refresh(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Rotate: the presented token is spent; presenting a spent one revokes the family."""
    now = uow.now()
    token = store.refresh_token(uow.session, credentials.digest(data["refresh_token"]), for_update=True)
    if token is None or token.revoked_at is not None:
        raise exc.InvalidRefreshToken("Sign in again")
    if token.rotated_at is not None:
        store.revoke_token_family(uow.session, token.family_id, now)
        uow.commit()  # the revocation stands even though the request fails
        raise exc.InvalidRefreshToken("This refresh token was already used; sign in again",
                                      code="refresh_token_reused")
    if token.expires_at <= now:
        raise exc.InvalidRefreshToken("Sign in again", code="refresh_token_expired")
    user = store.user_by_id(uow.session, token.user_id)
    if user.status != "active":
        raise exc.InvalidRefreshToken("This user cannot sign in", code="user_not_active")
    token.rotated_at = now
    return issue_tokens(uow, user, deps, family_id=token.family_id)


def logout(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    now = uow.now()
    revoked = 0
    if data.get("everywhere"):
        revoked = store.revoke_user_tokens(uow.session, caller.user_id, now)
        deps.cut_sessions(caller.user_id)
    elif data.get("refresh_token"):
        token = store.refresh_token(uow.session, credentials.digest(data["refresh_token"]),
                                    user_id=caller.user_id)
        if token is not None:
            revoked = store.revoke_token_family(uow.session, token.family_id, now)
    uow.record_action("session.signed_out", "user", caller.user_id,
                      "Выход на всех устройствах" if data.get("everywhere") else "Выход из системы")
    return {"revoked_refresh_tokens": revoked}


def issue_tokens(uow, user: User, deps: Deps, family_id: str | None = None) -> dict:
    """An access token and a refresh token (of a new session, or rotated within one)."""
    settings = deps.settings
    now = uow.now()
    # Access tokens are checked by other processes against wall-clock time, never the
    # test clock; refresh tokens are identity's own and follow the clock like every rule.
    access, _ = issue_access_token(settings.jwt_secret, user_id=user.id, account_id=user.account_id,
                                   roles=user.roles, now=datetime.now(timezone.utc),
                                   ttl_seconds=settings.access_ttl,
                                   rights=accounts.effective_rights(user.is_owner, user.rights))
    refresh_token = credentials.new_link_token()
    uow.session.add(RefreshToken(
        user_id=user.id, family_id=family_id or new_id(), digest=credentials.digest(refresh_token),
        issued_at=now, expires_at=now + timedelta(seconds=settings.refresh_ttl)))
    return {"access_token": access, "refresh_token": refresh_token, "token_type": "Bearer",
            "expires_in": settings.access_ttl}
