"""Rate limits in Redis (fixed windows) and Idempotency-Key replay for creating POSTs."""
from __future__ import annotations

import functools
import hashlib
import json
import time

from flask import Response, current_app, g, request

from kit.errors import Conflict, RateLimited, ValidationFailed


def _redis():
    return current_app.extensions["redis"]


def _key(name: str) -> str:
    return current_app.extensions["redis_key"](name)


def client_ip() -> str:
    return request.remote_addr or "unknown"


def check_rate(limit_setting: str, subject: str) -> None:
    """Count one hit of ``subject`` against ``<count>/<seconds>``; 429 when over."""
    count, seconds = (int(x) for x in current_app.config[limit_setting].split("/"))
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

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            check_rate(ip_setting, client_ip())
            if id_setting:
                body = request.get_json(silent=True) or {}
                subject = next((str(body[f]) for f in id_field.split("|") if body.get(f)), None)
                if subject:
                    check_rate(id_setting, subject.strip().lower())
            return view(*args, **kwargs)

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
        ttl = int(current_app.config["IDEMPOTENCY_TTL"])
        running_ttl = max(1, int(float(current_app.config["REQUEST_DEADLINE"])))
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

    return wrapper
