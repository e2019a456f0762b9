"""Redis clients with the run's key prefix (so test runs never see each other's keys)."""
from __future__ import annotations

import redis


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=5,
                                socket_connect_timeout=5, health_check_interval=30)


def key(config: dict, name: str) -> str:
    return "{}{}".format(config.get("REDIS_KEY_PREFIX") or "", name)


#: While this key exists, a local run is still starting (loading its demo data): the
#: gateway's ``/readyz`` answers 503 with ``checks.startup`` saying what is pending. The
#: launcher (``make run``) sets it with an expiry and deletes it once the data is in.
STARTUP_PENDING = "startup:pending"
