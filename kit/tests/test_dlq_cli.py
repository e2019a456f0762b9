"""`make dlq` (python -m kit.dlq) says what is wrong instead of printing a traceback: an
unknown queue or service, a broker or vhost it cannot use (issue 13, item 5)."""
from __future__ import annotations

import os
import subprocess
import sys

from kit import config
from kit.config import ROOT


def dlq(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("AMQP_URI", "PORT")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "kit.dlq", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_an_unknown_queue_is_refused_with_the_known_ones(test_run):
    result = dlq("show", "no-such-queue", AMQP_URI=test_run.containers_amqp_uri)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown queue 'no-such-queue'" in result.stderr
    assert "evt-billing-payment_succeeded--orders.on_payment_succeeded" in result.stderr
    assert dlq("replay", "no-such-queue", AMQP_URI=test_run.containers_amqp_uri).returncode == 2


def test_an_unknown_service_is_refused(test_run):
    result = dlq("status", "nosuch", AMQP_URI=test_run.containers_amqp_uri)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "unknown service 'nosuch'" in result.stderr


def test_a_known_queue_never_declared_has_no_dead_letters(test_run):
    result = dlq("show", "evt-billing-payment_succeeded--orders.on_payment_succeeded",
                 AMQP_URI=test_run.containers_amqp_uri)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "has no dead letters" in result.stderr


def test_a_broker_or_vhost_it_cannot_use_is_named():
    result = dlq("status", "orders", PORT="1")  # the local run on PORT 1: vhost platform-1, never created
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "platform-1" in result.stderr


def test_runs_on_different_ports_have_their_own_vhost_and_redis_prefix(monkeypatch):
    for name in ("AMQP_URI", "REDIS_KEY_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    first, second = config.local_run(8080), config.local_run(8081)
    assert first["AMQP_URI"].endswith("/platform-8080") and second["AMQP_URI"].endswith("/platform-8081")
    assert (first["REDIS_KEY_PREFIX"], second["REDIS_KEY_PREFIX"]) == ("platform-8080:", "platform-8081:")
    monkeypatch.setenv("AMQP_URI", "amqp://guest:guest@broker:5672/mine")
    monkeypatch.setenv("REDIS_KEY_PREFIX", "mine:")
    assert config.local_run(8081) == {"AMQP_URI": "amqp://guest:guest@broker:5672/mine", "REDIS_KEY_PREFIX": "mine:"}
