"""The web app's own rules, without the platform: sessions, CSRF, the security headers,
signing in through an API that answers as the gateway does (a stub on a real port), the
language. Uses the test run's Redis (kit.testing.fixtures)."""
from __future__ import annotations

import json
import re
import threading

import pytest
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from web.app import create_app
from web.sessions import COOKIE


@pytest.fixture(scope="module")
def fake_gateway():
    """The few gateway operations signing in uses, answering as the real ones do."""
    app = Flask("fake-gateway")
    state = {"refreshed": 0, "logouts": []}

    def problem(status, code, detail, errors=None):
        body = {"type": "about:blank", "title": code, "status": status, "detail": detail, "code": code}
        if errors:
            body["errors"] = errors
        return app.response_class(json.dumps(body), status=status, mimetype="application/problem+json")

    @app.post("/api/v1/auth/login")
    def login():
        data = request.get_json()
        if data.get("password") != "right":
            return problem(401, "invalid_credentials", "Неверный логин или пароль.")
        if data["login"] == "totp@example.ru" and data.get("totp") != "123456":
            return problem(401, "totp_required" if not data.get("totp") else "totp_invalid", "Нужен код.")
        return jsonify(access_token="access-1", refresh_token="refresh-1", token_type="Bearer", expires_in=1)

    @app.post("/api/v1/auth/refresh")
    def refresh():
        state["refreshed"] += 1
        return jsonify(access_token="access-2", refresh_token="refresh-2", token_type="Bearer", expires_in=900)

    @app.post("/api/v1/auth/logout")
    def logout():
        state["logouts"].append(request.get_json())
        return jsonify(revoked_refresh_tokens=1, access_token_revoked=True)

    @app.get("/api/v1/me")
    def me():
        token = request.headers.get("Authorization", "")
        if token not in ("Bearer access-1", "Bearer access-2"):
            return problem(401, "unauthorized", "no")
        return jsonify(id="u1", first_name="Мария", last_name="Спиридонова", email="maria@example.ru", roles=["client"],
                       language=request.headers.get("Accept-Language"), token=token)

    @app.patch("/api/v1/me")
    def change_me():
        return problem(422, "validation_failed", "Проверьте поля.", {"first_name": ["Не может быть пустым."]})

    @app.post("/api/v1/me/totp")
    def totp_setup():
        return jsonify(secret="JBSWY3DPEHPK3PXP", otpauth_url="otpauth://totp/Platform:maria?secret=JBSWY3DPEHPK3PXP")

    @app.post("/api/v1/me/totp/confirm")
    def totp_confirm():
        if request.get_json().get("code") != "123456":
            return problem(401, "totp_invalid", "Неверный код.")
        state["totp"] = "on"
        return jsonify(id="u1", totp_enabled=True)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:{}".format(server.server_port), state
    server.shutdown()


@pytest.fixture
def app(test_run, fake_gateway):
    return create_app({"DEVELOPMENT_MODE": "1", "REDIS_URL": test_run.redis_url, "GATEWAY_URL": fake_gateway[0],
                       "REDIS_KEY_PREFIX": test_run.redis_prefix, "LOG_LEVEL": "WARNING",
                       "PUBLIC_BASE_URL": "https://localhost"})


@pytest.fixture(autouse=True)
def https_browser(app):
    """The test client as a browser on the https site: it sends the Secure cookie back and a
    same-origin Referer (Flask-WTF checks it on https)."""
    app.test_client_class = None
    original = app.test_client

    def client(*args, **kwargs):
        made = original(*args, **kwargs)
        made.environ_base.update({"wsgi.url_scheme": "https", "HTTP_HOST": "localhost",
                                  "HTTP_REFERER": "https://localhost/signin"})
        return made

    app.test_client = client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, login="maria@example.ru", password="right"):
    page = client.get("/signin").get_data(as_text=True)
    return client.post("/signin", data={"login": login, "password": password, "csrf_token": csrf_of(page),
                                        "next": "/account/profile"})


def test_a_page_without_a_session_sends_to_sign_in(app):
    response = app.test_client().get("/orders/1007783")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=/orders/1007783"


def test_a_post_without_the_csrf_token_is_refused(app):
    client = app.test_client()
    client.get("/signin")
    response = client.post("/signin", data={"login": "maria@example.ru", "password": "right"})
    assert response.status_code == 400
    assert "Форма устарела" in response.get_data(as_text=True)
    response = client.post("/signin", data={"login": "maria@example.ru", "password": "right", "csrf_token": "forged"})
    assert response.status_code == 400


def test_every_page_has_a_csp_without_inline_scripts(app):
    for path in ("/signin", "/register", "/confirm?token=x", "/no-such-page"):
        response = app.test_client().get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script on " + path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), "an inline handler on " + path


def test_the_session_cookie_is_opaque_httponly_lax_and_secure_on_https(app, redis_client, test_run):
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")][-1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    sid = cookie.split("=", 1)[1].split(";", 1)[0]
    assert "access" not in cookie and len(sid) >= 40
    stored = json.loads(redis_client.get(test_run.redis_prefix + "web:tokens:" + sid))
    assert stored["refresh"] == "refresh-1" and stored["user"]["first_name"] == "Мария"


def test_signing_in_gives_a_new_session_id(app):
    client = app.test_client()
    client.get("/signin")
    before = client.get_cookie(COOKIE).value
    sign_in(client)
    assert client.get_cookie(COOKIE).value != before


def test_the_access_token_is_refreshed_before_it_expires(app, fake_gateway):
    client = app.test_client()
    sign_in(client)                # the fake's access token lives 1 s, under the 60 s margin
    before = fake_gateway[1]["refreshed"]
    page = client.get("/account/profile")
    assert page.status_code == 200
    assert fake_gateway[1]["refreshed"] == before + 1
    client.get("/account/profile")  # the new pair lives 900 s: no second refresh
    assert fake_gateway[1]["refreshed"] == before + 1


def test_the_api_field_errors_are_shown_next_to_the_fields(app):
    client = app.test_client()
    sign_in(client)
    page = client.get("/account/profile").get_data(as_text=True)
    response = client.post("/account/profile", data={"first_name": " ", "csrf_token": csrf_of(page)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="f-first_name"[^>]*aria-invalid="true"', html)
    assert '<p class="field-error" id="first_name-error">Не может быть пустым.</p>' in html


def test_a_wrong_password_is_said_on_the_form(app):
    response = sign_in(app.test_client(), password="wrong")
    assert response.status_code == 401
    assert "Неверный логин или пароль." in response.get_data(as_text=True)


def test_two_step_sign_in_asks_for_the_code_and_keeps_the_password_server_side(app):
    client = app.test_client()
    response = sign_in(client, login="totp@example.ru")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="totp"' in html and "right" not in html
    ref = re.search(r'name="ref" value="([0-9a-f]+)"', html).group(1)
    wrong = client.post("/signin/code", data={"ref": ref, "totp": "000000", "csrf_token": csrf_of(html)})
    assert wrong.status_code == 422 and 'id="totp-error"' in wrong.get_data(as_text=True)
    right = client.post("/signin/code", data={"ref": ref, "totp": "123456", "csrf_token": csrf_of(html),
                                              "next": "/account/profile"})
    assert right.status_code == 302 and right.headers["Location"] == "/account/profile"


def test_sign_out_everywhere_asks_the_api_and_forgets_the_session(app, fake_gateway):
    client = app.test_client()
    sign_in(client)
    page = client.get("/account/profile").get_data(as_text=True)
    response = client.post("/signout", data={"everywhere": "1", "csrf_token": csrf_of(page)})
    assert response.status_code == 302
    assert fake_gateway[1]["logouts"][-1]["everywhere"] is True
    assert client.get("/account/profile").status_code == 302


def test_english_is_available_and_russian_is_the_default(app):
    client = app.test_client()
    assert "<h1>Войти</h1>" in client.get("/signin").get_data(as_text=True)
    assert "<h1>Sign in</h1>" in client.get("/signin", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True)
    client.get("/lang/en?next=/signin")
    assert "<h1>Sign in</h1>" in client.get("/signin").get_data(as_text=True)


def test_only_local_paths_are_followed_after_sign_in(app):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client = app.test_client()
        page = client.get("/signin").get_data(as_text=True)
        response = client.post("/signin", data={"login": "maria@example.ru", "password": "right",
                                                "csrf_token": csrf_of(page), "next": target})
        assert response.headers["Location"] == "/orders"


def test_problem_details_become_an_error_with_flat_field_errors():
    from web.api import ApiError

    error = ApiError(422, "validation_failed", "Проверьте поля.",
                     {"delivery": {"place": ["Выберите место."]}, "items": {"0": {"quantity": ["Не меньше 1."]}},
                      "password": ["Слишком короткий."]})
    assert error.field_errors() == {"delivery.place": ["Выберите место."], "items.0.quantity": ["Не меньше 1."],
                                    "password": ["Слишком короткий."]}
    assert (error.status, error.code, error.message) == (422, "validation_failed", "Проверьте поля.")


def test_the_api_client_sends_the_language_and_the_request_id(fake_gateway):
    from web.api import Api, ApiError, ApiUnavailable

    api = Api(fake_gateway[0])
    me = api.call("GET", "/me", token="access-1", language="en", request_id="req-12345678")
    assert me["language"] == "en" and me["token"] == "Bearer access-1"
    with pytest.raises(ApiError) as refused:
        api.call("GET", "/me", token="stolen")
    assert (refused.value.status, refused.value.code) == (401, "unauthorized")
    with pytest.raises(ApiUnavailable):
        Api("http://127.0.0.1:9", timeout=2).call("GET", "/me")


def test_api_links_reaching_the_web_app_go_to_the_gateway(app, fake_gateway):
    response = app.test_client().get("/api/v1/personal-data/downloads/abc?x=1")
    assert response.status_code == 307
    assert response.headers["Location"] == fake_gateway[0] + "/api/v1/personal-data/downloads/abc?x=1"


def test_two_step_sign_in_is_switched_on_from_the_profile(app, fake_gateway):
    gateway = fake_gateway[1]
    client = app.test_client()
    sign_in(client)
    page = client.get("/account/profile").get_data(as_text=True)
    started = client.post("/account/totp/start", data={"csrf_token": csrf_of(page)})
    html = started.get_data(as_text=True)
    assert started.status_code == 200 and 'src="data:image/png;base64,' in html
    assert "JBSWY3DPEHPK3PXP" in html                   # the key, for typing it in by hand
    wrong = client.post("/account/totp/confirm", data={"csrf_token": csrf_of(html), "code": "000000"})
    assert wrong.status_code == 401 and 'id="code-error"' in wrong.get_data(as_text=True)
    right = client.post("/account/totp/confirm", data={"csrf_token": csrf_of(html), "code": "123456"})
    assert right.status_code == 302 and gateway["totp"] == "on"
