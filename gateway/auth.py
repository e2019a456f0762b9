"""Bearer authentication: the gateway authenticates, services authorize."""
from __future__ import annotations

import functools

import structlog
from flask import current_app, g, request

from kit.auth import issued_ms, sessions_cut_key, verify_access_token
from kit.context import Caller
from kit.errors import Unauthorized
from gateway.context import language, origin

log = structlog.get_logger(__name__)


def revoked_key(jti: str) -> str:
    return "revoked-access:" + jti


def authenticate() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an access token: Authorization: Bearer <token>", code="token_missing")
    claims = verify_access_token(current_app.config["JWT_SECRET"], token.strip())
    redis_key = current_app.extensions["redis_key"]
    pipe = current_app.extensions["redis"].pipeline(transaction=False)
    pipe.exists(redis_key(revoked_key(claims["jti"])))
    pipe.get(redis_key(sessions_cut_key(claims["sub"])))
    logged_out, cut = pipe.execute()
    if logged_out:
        raise Unauthorized("This access token was revoked at logout", code="token_revoked")
    if cut is not None and issued_ms(claims) <= int(cut):
        # disabled, deleted or a new password since the token was issued
        raise Unauthorized("This access token was revoked; sign in again", code="token_revoked")
    g.token_claims = claims
    g.caller = Caller(user_id=claims["sub"], account_id=claims.get("acc"),
                      roles=frozenset(claims.get("roles") or ()), rights=frozenset(claims.get("rights") or ()),
                      correlation_id=g.request_id,
                      language=language(), **origin())
    structlog.contextvars.bind_contextvars(user_id=g.caller.user_id)
    return g.caller


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        authenticate()
        return view(*args, **kwargs)

    return wrapper


def secured_by(blp):
    """The decorator a blueprint marks its signed-in endpoints with: a bearer token is
    required, and the OpenAPI document says so."""

    def secured(view):
        return blp.doc(security=[{"bearerAuth": []}])(login_required(view))

    return secured
