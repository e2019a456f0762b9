"""Access tokens: issued by identity, verified by the gateway (HS256, shared secret).

Claims: ``sub`` user id, ``acc`` account id, ``roles``, ``rights`` (within the account),
``jti`` (for revocation at
logout), ``typ`` = "access", ``iat``/``exp``, ``iat_ms`` (the issue time in milliseconds).

Revocation at once: when a user is disabled or deleted or changes their password, identity
records the moment in Redis (:func:`sessions_cut_key`, for as long as an access token
lives); the gateway refuses every token of that user issued up to that moment.
"""
from __future__ import annotations

import functools
import time
import uuid
from datetime import datetime, timedelta

import jwt

from kit.errors import Unauthorized

ALGORITHM = "HS256"
ISSUER = "identity"


MIN_SECRET_BYTES = 32


def check_secret(secret: str) -> str:
    """Refuse to run with an HMAC key too short for HS256 (RFC 7518 §3.2)."""
    if len((secret or "").encode()) < MIN_SECRET_BYTES:
        raise ValueError("JWT_SECRET must be at least {} bytes".format(MIN_SECRET_BYTES))
    return secret


def issue_access_token(secret: str, *, user_id: str, account_id: str | None, roles, now: datetime,
                       ttl_seconds: int, rights=()) -> tuple[str, dict]:
    claims = {
        "sub": user_id,
        "acc": account_id,
        "roles": sorted(roles),
        "rights": sorted(rights),
        "jti": uuid.uuid4().hex,
        "typ": "access",
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "iat_ms": int(now.timestamp() * 1000),
        "exp": int((now + timedelta(seconds=ttl_seconds)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM), claims


def sessions_cut_key(user_id: str) -> str:
    """The Redis key (before the run's prefix) holding when the user's sessions were cut
    (milliseconds since the epoch)."""
    return "sessions-cut:" + str(user_id)


def issued_ms(claims: dict) -> int:
    return int(claims.get("iat_ms") or int(claims.get("iat") or 0) * 1000)


#: tokens verified lately (by secret and raw token): a signed-in user's next requests skip
#: the HMAC and PyJWT's claim checks (~10 % of the gateway's CPU per request, issue 14).
#: Only what the token itself says is kept: revocation (logout, a cut of the user's
#: sessions) is asked of Redis on every request by the gateway, and expiry is checked
#: again on every hit, so a cached token is refused exactly when a decoded one would be.
#: Invalid tokens are not kept (an exception is not cached).
VERIFIED_TOKENS = 1024


@functools.lru_cache(maxsize=VERIFIED_TOKENS)
def _verified(secret: str, token: str) -> dict:
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
                        options={"require": ["sub", "exp", "jti", "typ"]})
    if claims.get("typ") != "access":
        raise jwt.InvalidTokenError("not an access token")
    return claims


def verify_access_token(secret: str, token: str) -> dict:
    """The claims of a valid access token (a fresh dict each time); :class:`Unauthorized` otherwise."""
    try:
        claims = _verified(secret, token)
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The access token has expired", code="token_expired")
    except jwt.PyJWTError:
        raise Unauthorized("The access token is not valid", code="token_invalid")
    if int(claims["exp"]) <= time.time():  # PyJWT's rule (no leeway), for a token verified earlier
        raise Unauthorized("The access token has expired", code="token_expired")
    return dict(claims)
