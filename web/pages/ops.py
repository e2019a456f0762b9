"""/healthz (the process answers), /readyz (and the gateway it depends on does), the language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

from web import i18n

blp = Blueprint("ops", __name__)


@blp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@blp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    """Redis (the sessions) and the gateway answer. ``?scope=local``: Redis only — the
    Kubernetes readiness probe, so a gateway outage does not take every web pod out of
    rotation (people then get the web app's own "unavailable" page, not the proxy's)."""
    checks = {}
    try:
        current_app.extensions["web.redis"].ping()
        checks["redis"] = "ok"
    except Exception as exc:  # any failure is "not ready"
        checks["redis"] = type(exc).__name__
    if request.args.get("scope") != "local":
        try:
            response = current_app.extensions["web.api"].session.get(
                current_app.config["GATEWAY_URL"] + "/healthz", timeout=3)
            checks["gateway"] = "ok" if response.status_code == 200 else "status {}".format(response.status_code)
        except Exception as exc:
            checks["gateway"] = type(exc).__name__
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


@blp.get("/lang/<code>")
def switch_language(code):
    back = safe_next(request.args.get("next"))
    response = redirect(back)
    if code in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def safe_next(value: str | None, default: str | None = None) -> str:
    """Only a path of this site (no //host, no scheme): an open redirect is a phishing tool."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        parts = urlsplit(value)
        if not parts.scheme and not parts.netloc:
            return value
    return default or url_for("orders.my_orders")




@blp.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def api_elsewhere(rest):
    """The API is the gateway's: in production the Ingress sends ``/api/`` there and never
    here; in a local run (the web app on its own port, PUBLIC_BASE_URL pointing to it) an API
    link the platform sent (a personal-data download) is redirected there, method kept (307):
    to ``WEB_API_PUBLIC_URL`` when the browser reaches the gateway elsewhere than the web app
    does (compose: ``http://localhost:8080`` vs ``http://gateway:8080``), else ``GATEWAY_URL``."""
    query = request.query_string.decode()
    target = "{}/api/{}{}".format(current_app.config["WEB_API_PUBLIC_URL"] or current_app.config["GATEWAY_URL"],
                                  rest, "?" + query if query else "")
    return redirect(target, code=307)
