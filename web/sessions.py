"""Server-side sessions: the browser holds only an opaque id.

The cookie (``web_session``) carries 32 random bytes and nothing else: HttpOnly (scripts
cannot read it), SameSite=Lax (other sites' forms do not send it), Secure when
``PUBLIC_BASE_URL`` is https. What the session holds — the API's access and refresh
tokens, the signed-in person, flashed messages, the CSRF token — lives in Redis under
``<REDIS_KEY_PREFIX>web:session:<id>`` with a sliding expiry. Signing in gives a new id
(:meth:`RedisSession.regenerate`: an id planted before sign-in is worth nothing after);
signing out deletes the record. The API's tokens are kept under a key of their own
(:mod:`web.auth`), written only when they change, so a slow request that saves its flashed
messages never puts back a refresh token another request has already spent.
"""
from __future__ import annotations

import json
import secrets

from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

COOKIE = "web_session"


class RedisSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid: str | None = None, new: bool = False):
        def on_update(self):
            self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid or new_id()
        self.new = new
        self.modified = False
        self.replaced: str | None = None

    def regenerate(self) -> None:
        """A new id for the same content; the old record is deleted when the response is saved."""
        if not self.new and self.replaced is None:
            self.replaced = self.sid
        self.sid = new_id()
        self.modified = True

    def clear_all(self) -> None:
        self.clear()
        self.regenerate()


def new_id() -> str:
    return secrets.token_urlsafe(32)


class RedisSessionInterface(SessionInterface):
    def __init__(self, redis, prefix: str, ttl: int, secure: bool):
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl
        self.secure = secure

    def key(self, sid: str) -> str:
        return "{}web:session:{}".format(self.prefix, sid)

    def open_session(self, app, request):
        sid = request.cookies.get(COOKIE)
        if sid and 20 <= len(sid) <= 64:
            raw = self.redis.get(self.key(sid))
            if raw:
                try:
                    return RedisSession(json.loads(raw), sid=sid)
                except ValueError:
                    pass
        return RedisSession(new=True)

    def reload(self, session: RedisSession) -> dict | None:
        """What Redis holds for this session now (another request may have changed it)."""
        raw = self.redis.get(self.key(session.sid))
        return json.loads(raw) if raw else None

    def store(self, session: RedisSession) -> None:
        self.redis.set(self.key(session.sid), json.dumps(dict(session)), ex=self.ttl)

    def save_session(self, app, session: RedisSession, response):
        if session.replaced:
            self.redis.delete(self.key(session.replaced))
        if not session:
            if not session.new:
                self.redis.delete(self.key(session.sid))
                response.delete_cookie(COOKIE, path="/")
            return
        if session.modified:
            self.store(session)
        else:  # sliding expiry: every request of a living session keeps it (no rewrite)
            self.redis.expire(self.key(session.sid), self.ttl)
        if session.modified or session.replaced or session.new:
            response.set_cookie(COOKIE, session.sid, max_age=self.ttl, httponly=True, samesite="Lax",
                                secure=self.secure, path="/")
        response.vary.add("Cookie")
