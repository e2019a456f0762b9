"""A request with an Idempotency-Key is marked running only until the request's deadline:
a worker killed mid-request (gunicorn aborts it with SystemExit, no cleanup) does not leave
the key stuck for a day (issue 12, problem 3)."""
from __future__ import annotations

import uuid

import pytest
from flask import Flask

from gateway import errors as gateway_errors
from gateway import limits
from gateway.limits import idempotent
from kit.redis import key as redis_key


@pytest.fixture
def app(redis_client, test_run):
    config = {"REDIS_KEY_PREFIX": test_run.redis_prefix}
    app = Flask(__name__)
    app.config.update(IDEMPOTENCY_TTL="86400", REQUEST_DEADLINE="60", ATTACHMENT_MAX_BYTES="100",
                      **{name: "10/60" for name in limits.WINDOWS})
    limits.init_app(app)
    app.extensions["redis"] = redis_client
    app.extensions["redis_key"] = lambda name: redis_key(config, name)

    @app.route("/dies", methods=["POST"])
    @idempotent
    def dies():
        raise SystemExit(1)  # what gunicorn does to a worker past its timeout

    gateway_errors.register(app)
    return app


def test_the_running_mark_of_a_killed_request_expires_with_its_deadline(app, redis_client, test_run):
    key = uuid.uuid4().hex
    with pytest.raises(SystemExit):
        app.test_client().post("/dies", json={}, headers={"Idempotency-Key": key})
    marks = list(redis_client.scan_iter(test_run.redis_prefix + "idem:*" + key))
    assert len(marks) == 1
    assert 0 < redis_client.ttl(marks[0]) <= 60
