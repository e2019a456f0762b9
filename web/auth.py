"""Who is signed in, and the API as they call it.

The API's token pair of a browser session is kept in Redis under
``<prefix>web:tokens:<session id>`` (never in the cookie): ``access``, ``refresh``,
``expires_at`` (epoch seconds) and the person (``user``: id, names, roles). :func:`api`
calls the gateway with that access token, refreshing it first when fewer than
``WEB_REFRESH_MARGIN`` seconds are left. A refresh token can be spent once (spending it
twice revokes the whole session family, identity's rule), so refreshing holds a per-session
Redis lock and re-reads the tokens after taking it: of two pages loading at once, one
refreshes and the other uses the new pair. If the API still says 401 (the session was
ended elsewhere — "sign out everywhere", a new password, an administrator), the tokens are
dropped and the person is sent to sign in.
"""
from __future__ import annotations

import functools
import json
import time
import uuid

from flask import current_app, g, redirect, request, session, url_for

from web.api import ApiError

LOCK_SECONDS = 15


class SignInRequired(Exception):
    """Raised inside a page when the API no longer accepts the session's tokens."""


def _redis():
    return current_app.extensions["web.redis"]


def _key(name: str, sid: str) -> str:
    return "{}web:{}:{}".format(current_app.config["REDIS_KEY_PREFIX"] or "", name, sid)


def tokens() -> dict | None:
    if "web.tokens" not in g.__dict__:
        raw = _redis().get(_key("tokens", session.sid))
        g.__dict__["web.tokens"] = json.loads(raw) if raw else None
    return g.__dict__["web.tokens"]


def _store(pair: dict | None) -> None:
    key = _key("tokens", session.sid)
    if pair is None:
        _redis().delete(key)
    else:
        _redis().set(key, json.dumps(pair), ex=int(current_app.config["WEB_SESSION_TTL"]))
    g.__dict__["web.tokens"] = pair


def current_user() -> dict | None:
    pair = tokens()
    return pair["user"] if pair else None


def request_id() -> str:
    if "web.request_id" not in g.__dict__:
        given = request.headers.get("X-Request-Id", "")
        g.__dict__["web.request_id"] = given if 8 <= len(given) <= 64 else str(uuid.uuid4())
    return g.__dict__["web.request_id"]


def _plain_api():
    return current_app.extensions["web.api"]


def anonymous_call(method: str, path: str, **kwargs):
    """A call nobody is signed in for (registration, previews of links)."""
    return _plain_api().call(method, path, language=g.lang, request_id=request_id(), **kwargs)


def sign_in(token_pair: dict) -> dict:
    """Keep a token pair (from /auth/login or /auth/confirm) for this browser: a new session
    id first, then the person the API says they are."""
    previous = dict(session)
    _redis().delete(_key("tokens", session.sid))
    session.clear_all()
    for name in ("lang",):
        if name in previous:
            session[name] = previous[name]
    pair = _pair(token_pair)
    me = _plain_api().call("GET", "/me", token=pair["access"], language=g.lang, request_id=request_id())
    pair["user"] = {name: me.get(name) for name in ("id", "first_name", "last_name", "email", "phone", "roles",
                                                    "account_id", "language")}
    _store(pair)
    session["signed_in_at"] = int(time.time())
    return pair["user"]


def _pair(token_pair: dict, user: dict | None = None) -> dict:
    return {"access": token_pair["access_token"], "refresh": token_pair["refresh_token"],
            "expires_at": time.time() + int(token_pair.get("expires_in") or 900), "user": user}


def sign_out(everywhere: bool = False) -> None:
    pair = tokens()
    if pair:
        try:
            _plain_api().call("POST", "/auth/logout", token=_fresh_access(pair), language=g.lang,
                              request_id=request_id(),
                              json={"refresh_token": pair["refresh"], "everywhere": bool(everywhere)})
        except (ApiError, SignInRequired):
            pass  # already ended at the API: ending it here is all that is left
    _store(None)
    session.clear_all()


def _fresh_access(pair: dict) -> str:
    margin = int(current_app.config["WEB_REFRESH_MARGIN"])
    if pair["expires_at"] - time.time() > margin:
        return pair["access"]
    return _refresh(pair)["access"]


def _refresh(pair: dict) -> dict:
    redis = _redis()
    lock = redis.lock(_key("refresh-lock", session.sid), timeout=LOCK_SECONDS, blocking_timeout=LOCK_SECONDS)
    if not lock.acquire():
        raise SignInRequired()
    try:
        raw = redis.get(_key("tokens", session.sid))
        stored = json.loads(raw) if raw else None
        if stored is None:
            raise SignInRequired()
        if stored["refresh"] != pair["refresh"] or stored["expires_at"] - time.time() > int(
                current_app.config["WEB_REFRESH_MARGIN"]):
            g.__dict__["web.tokens"] = stored   # another request refreshed it meanwhile
            return stored
        try:
            answer = _plain_api().call("POST", "/auth/refresh", json={"refresh_token": stored["refresh"]},
                                       language=g.lang, request_id=request_id())
        except ApiError as exc:
            if exc.status in (401, 403, 422):
                _store(None)
                raise SignInRequired() from exc
            raise
        fresh = _pair(answer, stored.get("user"))
        _store(fresh)
        return fresh
    finally:
        try:
            lock.release()
        except Exception:  # expired meanwhile: nothing to release
            pass


def api(method: str, path: str, **kwargs):
    """The JSON answer of ``method path`` as the signed-in person (see the module's doc)."""
    return _signed(_plain_api().call, method, path, **kwargs)


def api_raw(method: str, path: str, **kwargs):
    """The raw response (files: a QR code, a PDF) as the signed-in person."""
    return _signed(_plain_api().request, method, path, **kwargs)


def _signed(call, method, path, **kwargs):
    pair = tokens()
    if not pair:
        raise SignInRequired()
    try:
        return call(method, path, token=_fresh_access(pair), language=g.lang, request_id=request_id(), **kwargs)
    except ApiError as exc:
        if exc.status == 401 and exc.code not in ("totp_required", "totp_invalid", "invalid_credentials"):
            _store(None)
            raise SignInRequired() from exc
        raise


def login_required(view):
    """Pages for signed-in people: anyone else is sent to sign in and brought back after."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not tokens():
            return redirect(url_for("auth.sign_in", next=request.full_path if request.query_string else request.path))
        return view(*args, **kwargs)
    return wrapped


def has_role(*roles: str) -> bool:
    user = current_user() or {}
    return bool(set(user.get("roles") or ()) & set(roles))
