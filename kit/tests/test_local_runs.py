"""Two `make run` on different PORTs are two systems: each its own RabbitMQ vhost and Redis
key prefix, so neither serves the other's requests (issue 13, item 5)."""
from __future__ import annotations

from kit import launcher


def test_make_run_on_another_port_gets_its_own_vhost_and_redis_prefix(monkeypatch, tmp_path):
    started = {}

    class Recorded:
        def __init__(self, env, log_dir, port, **_):
            started[port] = env

    monkeypatch.setattr(launcher, "System", Recorded)
    monkeypatch.setattr(launcher, "serve", lambda system, start_up: 0)
    for name in ("AMQP_URI", "REDIS_KEY_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    for port in (8080, 8081):
        monkeypatch.setenv("PORT", str(port))
        assert launcher.main() == 0
    first, second = started[8080], started[8081]
    assert first["AMQP_URI"].endswith("/platform-8080") and second["AMQP_URI"].endswith("/platform-8081")
    assert (first["REDIS_KEY_PREFIX"], second["REDIS_KEY_PREFIX"]) == ("platform-8080:", "platform-8081:")
