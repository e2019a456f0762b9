"""Rate limits in Redis (fixed windows), sign-in lockout, Idempotency-Key replay.

Sign-ins are limited per login by failures, not attempts: a wrong password counts, a
success does not (so nobody locks a user out by signing in as them... or by guessing more
than the limit allows), and the login is keyed in the form identity looks it up in (an
e-mail lower-cased, a phone number in E.164), so 15 spellings of one number are one login.
Past the limit the login is locked for a while that doubles with every further failure.

Why not Flask-Limiter or ``limits`` (issue 13 item 10 asks): what they would replace is
:func:`check_rate`, one pipelined INCR + EXPIRE per window (a dozen lines, one Redis round
trip — what ``limits``' fixed window does too). What is ours would stay: counting *failed*
sign-ins only, under identity's normal form of the login, with a lockout that doubles
(neither library has one), and Idempotency-Key replay. Flask-Limiter would also bring its
own Redis connection and key scheme beside ``REDIS_URL``/``REDIS_KEY_PREFIX`` (which keep
several runs on one server apart), and its own 429 body that is not our problem+json.
So one fewer dependency for the same behaviour; the windows are tested in
tests/integration/test_identity_sessions.py and test_reliability_sign_in_guessing.py.

Every limit is parsed once, when the app is made (:func:`init_app`): a malformed one stops
the gateway at start instead of failing each request.

Client addresses: ``X-Forwarded-For`` is believed only from ``TRUSTED_PROXIES``.
"""
from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
import time
from dataclasses import dataclass

from flask import Response, current_app, g, request

from kit.errors import Conflict, RateLimited, ServiceError, ValidationFailed
from gateway.openapi import declare
from services.identity.domain.people import is_email, normalize_email, normalize_phone


#: the ``<count>/<seconds>`` windows the gateway's decorators name
WINDOWS = ("RATE_LIMIT_LOGIN_IP", "RATE_LIMIT_LOGIN_ID", "RATE_LIMIT_REGISTER_IP", "RATE_LIMIT_REGISTER_ID",
           "RATE_LIMIT_AUTH_IP")


@dataclass(frozen=True)
class Limits:
    """The gateway's limits, parsed once from its settings."""

    windows: dict           # setting name -> (count, seconds)
    idempotency_ttl: int
    running_ttl: int        # how long a request with an Idempotency-Key counts as running
    attachment_max_bytes: int

    @classmethod
    def from_config(cls, config) -> "Limits":
        windows = {}
        for name in WINDOWS:
            count, _, seconds = str(config[name]).partition("/")
            try:
                windows[name] = (int(count), int(seconds))
            except ValueError:
                raise ValueError("{} must be <count>/<seconds>, not {!r}".format(name, config[name])) from None
            if windows[name][0] < 1 or windows[name][1] < 1:
                raise ValueError("{} must be <count>/<seconds> of positive numbers, not {!r}".format(
                    name, config[name]))
        return cls(windows=windows, idempotency_ttl=int(config["IDEMPOTENCY_TTL"]),
                   running_ttl=max(1, int(float(config["REQUEST_DEADLINE"]))),
                   attachment_max_bytes=int(config["ATTACHMENT_MAX_BYTES"]))


def _known(*settings) -> None:
    """A decorator names only windows :class:`Limits` parses (checked at import)."""
    unknown = [name for name in settings if name and name not in WINDOWS]
    if unknown:
        raise ValueError("not a rate-limit window: {}".format(", ".join(unknown)))


def init_app(app) -> None:
    app.extensions["limits"] = Limits.from_config(app.config)


def limits() -> Limits:
    return current_app.extensions["limits"]


def _redis():
    return current_app.extensions["redis"]


def _key(name: str) -> str:
    return current_app.extensions["redis_key"](name)


def _trusted_networks():
    cached = current_app.extensions.get("trusted_proxies")
    if cached is None:
        cached = [ipaddress.ip_network(part.strip(), strict=False)
                  for part in str(current_app.config.get("TRUSTED_PROXIES") or "").split(",") if part.strip()]
        current_app.extensions["trusted_proxies"] = cached
    return cached


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip() -> str:
    """The client's address: the peer's, or — when the peer is a trusted proxy — the nearest
    address in ``X-Forwarded-For`` that is not a trusted proxy itself."""
    peer = request.remote_addr or "unknown"
    networks = _trusted_networks()
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def login_key(raw) -> str | None:
    """A login as identity looks it up: the e-mail lower-cased, the phone number in E.164."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    if is_email(raw):
        return normalize_email(raw)
    return normalize_phone(raw) or raw.strip().casefold()


def check_rate(limit_setting: str, subject: str) -> None:
    """Count one hit of ``subject`` against ``<count>/<seconds>``; 429 when over."""
    count, seconds = limits().windows[limit_setting]
    window = int(time.time() // seconds)
    key = _key("rate:{}:{}:{}".format(limit_setting, hashlib.sha256(subject.encode()).hexdigest()[:32], window))
    pipe = _redis().pipeline()
    pipe.incr(key)
    pipe.expire(key, seconds + 1)
    hits = pipe.execute()[0]
    if hits > count:
        retry_after = seconds - int(time.time()) % seconds
        raise RateLimited("Too many attempts; try again in {} s".format(retry_after),
                          extra={"retry_after": retry_after})


def rate_limited(ip_setting: str, id_setting: str | None = None, id_field: str | None = None):
    """Limit per client IP and, optionally, per login/e-mail/phone given in the body."""
    _known(ip_setting, id_setting)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            check_rate(ip_setting, client_ip())
            if id_setting:
                body = request.get_json(silent=True)
                body = body if isinstance(body, dict) else {}
                subject = next((login_key(body[f]) for f in id_field.split("|") if body.get(f)), None)
                if subject:
                    check_rate(id_setting, subject)
            return view(*args, **kwargs)

        declare(wrapper, {429: ["rate_limited"]})
        return wrapper

    return decorate


FAILED_SIGN_IN = {"invalid_credentials", "totp_invalid"}


def sign_in_guarded(ip_setting: str, failures_setting: str, field: str = "login"):
    """Per client IP: a window of attempts. Per login: ``<count>/<seconds>`` failures, then
    the login is locked for ``seconds``, doubled with each failure after that (up to a day)."""
    _known(ip_setting, failures_setting)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            check_rate(ip_setting, client_ip())
            body = request.get_json(silent=True)
            subject = login_key(body.get(field)) if isinstance(body, dict) else None
            if subject is None:
                return view(*args, **kwargs)
            count, seconds = limits().windows[failures_setting]
            digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
            failures_key, lock_key = _key("signin-failures:" + digest), _key("signin-lock:" + digest)
            redis = _redis()
            locked = redis.ttl(lock_key)
            if locked and locked > 0:
                raise RateLimited("Too many failed sign-ins; try again in {} s".format(locked),
                                  extra={"retry_after": locked})
            try:
                return view(*args, **kwargs)
            except ServiceError as refused:
                if refused.error_code in FAILED_SIGN_IN:
                    pipe = redis.pipeline()
                    pipe.incr(failures_key)
                    pipe.expire(failures_key, seconds * 8)
                    failures = pipe.execute()[0]
                    if failures >= count:
                        redis.set(lock_key, "1", ex=min(86400, seconds * 2 ** (failures - count)))
                raise

        declare(wrapper, {429: ["rate_limited"]})
        return wrapper

    return decorate


def idempotent(view):
    """A repeated POST with the same ``Idempotency-Key`` gets the first response again.

    The same key with a different body is refused (422); while the first request is still
    running, a repeat gets 409 — for ``REQUEST_DEADLINE`` seconds at most, so a worker killed
    mid-request does not leave the key stuck. Server errors (5xx) are not remembered, so a
    retry runs (the services that create or move money keep the key themselves too).
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return view(*args, **kwargs)
        if len(key) > 255:
            raise ValidationFailed("Idempotency-Key is at most 255 characters",
                                   errors={"Idempotency-Key": ["Too long."]})
        caller = g.get("caller")
        scope = caller.user_id if caller else "anon:" + (request.remote_addr or "")
        storage_key = _key("idem:{}:{}:{}:{}".format(scope, request.method, request.path, key))
        fingerprint = hashlib.sha256(request.get_data() or b"").hexdigest()
        ttl, running_ttl = limits().idempotency_ttl, limits().running_ttl
        redis = _redis()
        if not redis.set(storage_key, json.dumps({"state": "running", "fingerprint": fingerprint}), nx=True,
                         ex=running_ttl):
            stored = json.loads(redis.get(storage_key) or "{}")
            if stored.get("fingerprint") != fingerprint:
                raise ValidationFailed("This Idempotency-Key was used with different parameters",
                                       code="idempotency_key_reused")
            if stored.get("state") != "done":
                raise Conflict("A request with this Idempotency-Key is still running",
                               code="idempotency_in_progress")
            response = Response(stored["body"], status=stored["status"], mimetype=stored["mimetype"])
            response.headers["Idempotent-Replayed"] = "true"
            return response
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except Exception:
            redis.delete(storage_key)
            raise
        if response.status_code >= 500:
            redis.delete(storage_key)
        else:
            redis.set(storage_key, json.dumps({
                "state": "done", "fingerprint": fingerprint, "status": response.status_code,
                "mimetype": response.mimetype, "body": response.get_data(as_text=True)}), ex=ttl)
        return response

    declare(wrapper, {409: ["idempotency_in_progress"], 422: ["idempotency_key_reused"]})
    return wrapper
