"""Access tokens verified once are not verified again (kit.auth keeps the claims of recent
tokens, issue 14 item 4) — without changing which tokens are accepted: a token that expires
since is refused as expired, another secret does not find it, an invalid token is refused
every time, and a caller changing its claims changes nothing for the next request.
Revocation is not cached at all: the gateway asks Redis on every request
(tests/integration/test_identity_sessions.py)."""
from __future__ import annotations

from datetime import datetime, timezone

import jwt
import pytest

from kit import auth
from kit.errors import Unauthorized

SECRET = "s" * 40


def token(ttl=600, secret=SECRET):
    return auth.issue_access_token(secret, user_id="u1", account_id="a1", roles=["client"],
                                   now=datetime.now(timezone.utc), ttl_seconds=ttl)[0]


@pytest.fixture
def decodes(monkeypatch):
    auth._verified.cache_clear()
    calls = []
    real = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    yield calls
    auth._verified.cache_clear()


def test_a_token_is_decoded_once_and_each_caller_gets_its_own_claims(decodes):
    raw = token()
    first = auth.verify_access_token(SECRET, raw)
    first["roles"] = ["admin"]
    second = auth.verify_access_token(SECRET, raw)
    assert second["sub"] == "u1" and second["roles"] == ["client"]
    assert decodes == [raw]


def test_a_verified_token_that_has_expired_since_is_refused(decodes, monkeypatch):
    raw = token(ttl=60)
    exp = auth.verify_access_token(SECRET, raw)["exp"]
    monkeypatch.setattr(auth.time, "time", lambda: exp)
    with pytest.raises(Unauthorized) as refused:
        auth.verify_access_token(SECRET, raw)
    assert refused.value.error_code == "token_expired"


def test_another_secret_and_invalid_tokens_are_not_served_from_the_cache(decodes):
    raw = token()
    auth.verify_access_token(SECRET, raw)
    with pytest.raises(Unauthorized) as forged:
        auth.verify_access_token("o" * 40, raw)
    assert forged.value.error_code == "token_invalid"
    for _ in range(2):
        with pytest.raises(Unauthorized):
            auth.verify_access_token(SECRET, "garbage")
    assert decodes == [raw, raw, "garbage", "garbage"]
