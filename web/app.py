"""The web app's factory: ``create_app(config)`` (web/README.md explains the layout)."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, generate_csrf

from kit.logging import get_logger
from kit.redis import connect
from web import auth, i18n, settings
from web.api import Api, ApiError, ApiUnavailable
from web.blueprints import register
from web.security import CONTENT_SECURITY_POLICY, csrf
from web.sessions import RedisSessionInterface

log = get_logger("web")


def create_app(config: dict | None = None) -> Flask:
    values = settings.load(config)
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(values)
    development = str(values.get("DEVELOPMENT_MODE") or "0") == "1"
    secret = values["WEB_SECRET_KEY"]
    if not development and ("dev-insecure" in secret or "change-me" in secret):
        raise RuntimeError("WEB_SECRET_KEY has its development value: set it (DEVELOPMENT_MODE=1 allows it)")
    secure = urlsplit(values["PUBLIC_BASE_URL"]).scheme == "https"
    app.config.update(SECRET_KEY=secret, SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None,
                      PREFERRED_URL_SCHEME="https" if secure else "http",
                      MAX_CONTENT_LENGTH=25 * 1024 * 1024)
    redis = connect(values["REDIS_URL"])
    app.extensions["web.redis"] = redis
    app.extensions["web.api"] = Api(values["GATEWAY_URL"], float(values["WEB_API_TIMEOUT"]),
                                    int(values["WEB_API_POOL"]))
    app.session_interface = RedisSessionInterface(redis, values.get("REDIS_KEY_PREFIX") or "",
                                                  int(values["WEB_SESSION_TTL"]), secure)
    csrf.init_app(app)
    _templates(app)
    _hooks(app)
    _errors(app)
    register(app)
    return app


def _templates(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    app.jinja_env.filters.update(money=i18n.money, date=i18n.date, datetime=i18n.datetime)
    app.jinja_env.globals.update(label=i18n.label, csrf_token=generate_csrf, LANGUAGES=i18n.LANGUAGES,
                                 has_role=auth.has_role)

    @app.context_processor
    def person():
        return {"me": auth.current_user(), "lang": i18n.current()}


def _hooks(app: Flask) -> None:
    @app.before_request
    def start():
        g.started = time.monotonic()
        g.lang = i18n.select_language()

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # links with tokens (/confirm?token=…) must not leak to other sites
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
            response.headers["X-Request-Id"] = auth.request_id()
            response.headers["Content-Language"] = g.get("lang", i18n.DEFAULT)
            if request.path not in ("/healthz", "/readyz"):
                log.info("request", method=request.method, path=request.path, status=response.status_code,
                         duration_ms=round((time.monotonic() - g.get("started", time.monotonic())) * 1000, 1),
                         correlation_id=auth.request_id())
        return response


def _errors(app: Flask) -> None:
    @app.errorhandler(auth.SignInRequired)
    def sign_in_again(_):
        return redirect(url_for("auth.sign_in", next=request.path, expired=1))

    @app.errorhandler(CSRFError)
    def csrf_refused(exc):
        return render_template("errors/error.html", status=400,
                               message=i18n._("The form has expired or did not come from this site. "
                                              "Open the page again and repeat.")), 400

    @app.errorhandler(ApiUnavailable)
    def unavailable(_):
        return render_template("errors/error.html", status=503,
                               message=i18n._("The service is temporarily unavailable. Try again in a minute.")), 503

    @app.errorhandler(ApiError)
    def api_problem(exc: ApiError):
        status = exc.status if exc.status in (400, 403, 404, 409, 410, 422, 429) else 502
        return render_template("errors/error.html", status=status, message=exc.message), status

    @app.errorhandler(404)
    def not_found(_):
        return render_template("errors/error.html", status=404, message=i18n._("There is no such page.")), 404
