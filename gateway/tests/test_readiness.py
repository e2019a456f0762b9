"""/readyz says ready only once a local run has loaded its demo data: the launcher keeps the
startup mark in Redis until then (issue 13, item 5)."""
from __future__ import annotations

import requests

from gateway.app import create_app
from kit.launcher import _only_startup_pending
from kit.redis import STARTUP_PENDING, connect


def test_readyz_waits_for_the_startup_mark_to_go(test_run):
    app = create_app({"AMQP_URI": test_run.amqp_uri, "REDIS_URL": test_run.redis_url,
                      "REDIS_KEY_PREFIX": test_run.redis_prefix, "JWT_SECRET": "x" * 40})
    redis = connect(test_run.redis_url)
    key = test_run.redis_prefix + STARTUP_PENDING
    client = app.test_client()
    try:
        redis.set(key, "loading demo data", ex=60)
        pending = client.get("/readyz?scope=local")
        assert pending.status_code == 503
        assert pending.get_json()["checks"] == {"broker": "ok", "redis": "ok", "startup": "pending: loading demo data"}
        # what the launcher waits for before it loads the demo data: everything but the startup is up
        assert _only_startup_pending(_Response(pending))
        redis.delete(key)
        ready = client.get("/readyz?scope=local")
        assert ready.status_code == 200 and ready.get_json()["checks"]["startup"] == "ok"
    finally:
        redis.delete(key)


def test_the_launcher_does_not_mistake_a_broken_system_for_a_starting_one():
    broken = {"status": "unavailable", "checks": {"broker": "error: OSError", "startup": "pending: loading demo data"}}
    assert not _only_startup_pending(_Response(broken))


class _Response(requests.Response):
    def __init__(self, source):
        super().__init__()
        self._body = source.get_json() if hasattr(source, "get_json") else source

    def json(self, **_):
        return self._body
