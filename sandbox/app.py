"""The sandbox provider's Flask application: its API and pages, /healthz, JSON errors."""
from __future__ import annotations

import structlog
from flask import Flask, Response, json, jsonify, request
from werkzeug.exceptions import HTTPException

from kit.errors import InternalError, ServiceError
from kit.redis import connect, key as redis_key
from sandbox import provider

log = structlog.get_logger(__name__)


def _problem(status: int, code: str, title: str, detail: str, errors: dict | None = None) -> Response:
    body = {"type": "https://errors.platform.local/{}".format(code), "title": title, "status": status,
            "detail": detail, "code": code}
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")


def create_app(config: dict) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["redis"] = connect(config["REDIS_URL"])
    app.extensions["redis_key"] = lambda name: redis_key(config, name)
    app.register_blueprint(provider.blp)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        return _problem(exc.status, exc.error_code, exc.title, exc.detail, exc.errors)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _problem(exc.code or 500, "http_error", exc.name, exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("sandbox_unhandled_error", path=request.path)
        return service_error(InternalError())

    return app
