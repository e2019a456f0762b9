"""The gateway's error table: every service error kind → its HTTP status, as problem+json."""
from __future__ import annotations

import pytest
from flask import Flask

from gateway import errors as gateway_errors
from kit import errors

EXPECTED = {errors.BadRequest: 400, errors.Unauthorized: 401, errors.Forbidden: 403, errors.NotFound: 404,
            errors.Conflict: 409, errors.ValidationFailed: 422, errors.RateLimited: 429,
            errors.Unavailable: 503, errors.InternalError: 500}


@pytest.fixture
def app():
    app = Flask(__name__)

    @app.route("/raise/<kind>")
    def raise_kind(kind):
        cls = next(k for k in errors.KINDS if k.__name__ == kind)
        raise cls("detail of " + kind, code="code_of_" + kind, errors={"field": ["message"]},
                  extra={"retry_after": 7} if cls is errors.RateLimited else None)

    @app.route("/bug")
    def bug():
        raise KeyError("secret internals")

    gateway_errors.register(app)
    return app


def test_every_kind_is_mapped(app):
    assert set(EXPECTED) == set(errors.KINDS)


@pytest.mark.parametrize("kind, status", EXPECTED.items(), ids=lambda v: getattr(v, "__name__", str(v)))
def test_service_error_becomes_problem_json(app, kind, status):
    response = app.test_client().get("/raise/" + kind.__name__)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["code"] == "code_of_" + kind.__name__
    assert body["detail"] == "detail of " + kind.__name__ and body["errors"] == {"field": ["message"]}
    if kind is errors.RateLimited:
        assert response.headers["Retry-After"] == "7"
    if kind is errors.Unauthorized:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_bug_is_an_opaque_500(app):
    response = app.test_client().get("/bug")
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    assert "secret" not in response.get_data(as_text=True) and response.get_json(force=True)["code"] == "internal_error"


def test_unreachable_broker_is_503(monkeypatch):
    from gateway.app import create_app

    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "RPC_TIMEOUT": "2",
                      "JWT_SECRET": "x" * 40})
    response = app.test_client().post("/api/v1/auth/login", json={"login": "someone@x.io", "password": "pw"})
    assert response.status_code == 503
    assert response.get_json(force=True)["code"] == "broker_unavailable"
