"""Passwords (argon2id, memory-hard), one-time secrets and TOTP."""
from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

PASSWORD_MIN = 8
PASSWORD_MAX = 128

_hasher = PasswordHasher()  # argon2id, 64 MiB, t=3: the library's RFC 9106 "low memory" profile


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so unknown logins are not told apart.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problems(password: str) -> list[str]:
    problems = []
    if len(password) < PASSWORD_MIN:
        problems.append("Use at least {} characters.".format(PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        problems.append("Use at most {} characters.".format(PASSWORD_MAX))
    if password.isdigit():
        problems.append("Use letters as well as digits.")
    return problems


def new_link_token() -> str:
    """An unguessable token for a confirmation link (256 bits)."""
    return secrets.token_urlsafe(32)


def new_numeric_code(digits: int = 6) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def digest(secret: str) -> str:
    """What is stored instead of a token or code: its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_digest(stored: str, secret: str) -> bool:
    return hmac.compare_digest(stored, digest(secret))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, login: str, issuer: str = "Service Platform") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=issuer)


def totp_timestep(secret: str, code: str, at_timestamp: float) -> int | None:
    """The time step ``code`` is valid for (one step of drift allowed), or None."""
    totp = pyotp.TOTP(secret)
    code = (code or "").strip()
    if not code.isdigit():
        return None
    step = int(at_timestamp // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None
