"""HMAC signatures of webhooks (e.g. the sandbox payment provider signs, billing verifies).

Header ``X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` — the scheme
Stripe uses: the timestamp inside the signed text stops an old notification from being
replayed later, the constant-time comparison stops timing guesses.
"""
from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Signature"
TOLERANCE_SECONDS = 300


class InvalidSignature(Exception):
    pass


def sign(secret: str, body: str, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), "{}.{}".format(timestamp, body).encode(), hashlib.sha256).hexdigest()
    return "t={},v1={}".format(timestamp, digest)


def verify(secret: str, body: str, header: str | None, now: float,
           tolerance: int = TOLERANCE_SECONDS) -> None:
    """Raise :class:`InvalidSignature` unless ``header`` signs ``body`` recently with ``secret``."""
    if not secret:
        raise InvalidSignature("no webhook secret is configured")
    if not header:
        raise InvalidSignature("the signature header is missing")
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise InvalidSignature("the signature has no timestamp")
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise InvalidSignature("the signature does not match")
    if abs(now - timestamp) > tolerance:
        raise InvalidSignature("the signature is too old")
