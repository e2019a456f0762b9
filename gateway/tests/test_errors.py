"""The gateway's error table: every service error kind → its HTTP status, as problem+json,
with title and detail in the language Accept-Language chose (issue 13 item 7)."""
from __future__ import annotations

import pytest
from flask import Flask

from gateway import errors as gateway_errors
from kit import errors, i18n

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
    response = app.test_client().get("/raise/" + kind.__name__, headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["code"] == "code_of_" + kind.__name__
    # a code the catalog does not know: its kind's title; in English the service's own detail
    assert body["title"] == i18n.lookup("problem", kind.code, "en")
    assert body["detail"] == "detail of " + kind.__name__ and body["errors"] == {"field": ["message"]}
    russian = app.test_client().get("/raise/" + kind.__name__).get_json(force=True)
    assert russian["title"] == russian["detail"] == i18n.lookup("problem", kind.code, "ru")
    assert russian["code"] == "code_of_" + kind.__name__
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


@pytest.fixture
def gateway_app():
    from gateway.app import create_app

    return create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "RPC_TIMEOUT": "2", "JWT_SECRET": "x" * 40})


@pytest.mark.parametrize("accept, language", [
    ("de,en;q=0.9", "en"),            # German is not offered; English is the next choice
    ("en;q=0.1, ru;q=0.9", "ru"),      # q-values decide, not the order
    (None, "ru"),                      # no header: Russian
    ("en-GB", "en"),                   # a regional tag matches its language
    ("ru-RU,en", "ru"),
    ("en;q=0, fr", "ru"),              # q=0 means "not English"
])
def test_problem_details_are_in_the_language_accept_language_chose(gateway_app, accept, language):
    headers = {"Accept-Language": accept} if accept else {}
    response = gateway_app.test_client().get("/api/v1/me", headers=headers)
    body = response.get_json(force=True)
    assert response.status_code == 401 and body["code"] == "token_missing"   # stable, English, for machines
    assert body["title"] == {"en": "Send an access token: Authorization: Bearer <token>",
                             "ru": "Передайте токен доступа: Authorization: Bearer <token>"}[language]
    assert "Accept-Language" in response.headers["Vary"] and response.headers["Content-Language"] == language


def test_a_problem_detail_names_its_amounts_in_the_readers_language(app):
    @app.route("/minimum")
    def minimum():
        raise errors.InputRuleBroken("amount_below_minimum", "The least you can pay this way is 100.00 ₽",
                                     field="amount", params={"minimum": 1000000}).as_error()

    english = app.test_client().get("/minimum", headers={"Accept-Language": "en"}).get_json(force=True)
    russian = app.test_client().get("/minimum").get_json(force=True)
    assert english["detail"] == "The least you can pay this way is 10,000\u00a0₽"
    assert russian["detail"] == "Минимальная сумма для этого способа оплаты — 10\u00a0000\u00a0₽"
    assert russian["code"] == english["code"] == "amount_below_minimum" and "params" not in russian


def test_an_http_error_is_localized_too(gateway_app):
    response = gateway_app.test_client().get("/api/v1/no-such-thing", headers={"Accept-Language": "de, ru;q=0.5"})
    body = response.get_json(force=True)
    assert response.status_code == 404 and body["code"] == "not_found" and body["title"] == "Не найдено"
