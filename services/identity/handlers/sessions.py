"""Sessions (I2): sign in (with the authenticator's code when two-step sign-in is on),
rotating refresh tokens, sign out."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from kit.auth import issue_access_token
from kit.context import Caller
from services.identity import store
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import accounts, credentials
from services.identity.models import RefreshToken, User, new_id


def login(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user = store.user_by_login(uow.session, data["login"])
    password_ok = credentials.verify_password(user.password_hash if user else None, data["password"])
    if user is None or not password_ok or user.status != "active":
        raise exc.InvalidCredentials("Wrong login or password")
    if user.totp_secret:
        if not data.get("totp"):
            raise exc.TotpRequired("Enter the code from your authenticator app")
        step = credentials.totp_timestep(user.totp_secret, data["totp"], time.time())
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            raise exc.InvalidCredentials("Wrong or already used authenticator code", code="totp_invalid")
        user.totp_last_step = step
    return issue_tokens(uow, user, deps)


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
