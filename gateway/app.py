"""The gateway application factory."""
from __future__ import annotations

import http

from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import fields

from gateway import context, docs, errors, limits, metrics, settings
from gateway.errors import PROBLEM
from gateway.openapi import OperationsPlugin, ProblemSchema, complete_components, register_converters
from gateway.blueprints import billing, coworking, identity, notifications, ops, orders, support
from gateway.rpc import RpcPool, parse_timeouts
from kit.auth import check_secret
from kit.config import refuse_development_secrets
from kit.redis import connect, key as redis_key


class OptionalBodies(BasePlugin):
    """A JSON body none of whose fields is required is documented as optional: the gateway
    reads a missing body as ``{}`` (what a schema's own validators then say of it stands)."""

    def init_spec(self, spec):
        self.spec = spec

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            body = operation.get("requestBody") or {}
            schema = (body.get("content") or {}).get("application/json", {}).get("schema")
            if isinstance(schema, dict) and "$ref" in schema:
                schema = self.spec.components.schemas.get(schema["$ref"].rsplit("/", 1)[1])
            if body.get("required") and isinstance(schema, dict) and not schema.get("required"):
                body["required"] = False


class PlatformApi(Api):
    """The API, whose documented errors are ``application/problem+json`` as they are sent."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists its own problems (gateway.openapi)

    def _register_responses(self):
        # flask-smorest documents its error responses with the default content type
        # (application/json); every error leaves the gateway as problem+json (gateway.errors)
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


API_DESCRIPTION = """Service-ecosystem platform. Money is in minor units (kopecks) with a
currency code; times are UTC ISO 8601; statuses are codes with a localized `status_label`
(`Accept-Language`, q-values honoured: `ru` by default, `en`; responses say
`Vary: Accept-Language`). Errors are `application/problem+json` with a stable English
`code` and a `title` and `detail` in the negotiated language.
Send `X-Request-ID` to correlate logs (echoed back), `Idempotency-Key` on creating POSTs."""


def create_app(overrides: dict | None = None) -> Flask:
    config = settings.load(overrides)
    check_secret(config["JWT_SECRET"])
    refuse_development_secrets(config, names=("JWT_SECRET",), development_only=())
    app = Flask(__name__)
    app.config.update(config)
    app.config.update(
        API_TITLE="Service Platform API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=int(config["MAX_CONTENT_LENGTH"]),
        JSON_SORT_KEYS=False,
        **docs.SETTINGS,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    api = PlatformApi(app, spec_kwargs={"info": {"description": API_DESCRIPTION},
                                        "extra_plugins": [OperationsPlugin()]})
    register_converters(api.ma_plugin)
    api.spec.plugins.append(OptionalBodies())  # after the marshmallow plugin: bodies are references by then
    api.spec.plugins[-1].init_spec(api.spec)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})

    app.extensions["redis"] = connect(config["REDIS_URL"])
    app.extensions["redis_key"] = lambda name: redis_key(config, name)
    app.extensions["rpc_pool"] = RpcPool(config["AMQP_URI"], int(config["RPC_POOL_SIZE"]), float(config["RPC_TIMEOUT"]),
                                         per_service=int(config["RPC_SERVICE_CONCURRENCY"]),
                                         timeouts=parse_timeouts(config["RPC_TIMEOUTS"]))

    context.init_app(app)
    metrics.init_app(app)
    limits.init_app(app)

    app.register_blueprint(ops.blp)
    app.register_blueprint(docs.blp)
    api.register_blueprint(identity.blp)
    api.register_blueprint(orders.blp)
    api.register_blueprint(billing.blp)
    api.register_blueprint(notifications.blp)
    api.register_blueprint(coworking.blp)
    api.register_blueprint(support.blp)
    complete_components(api.spec)
    errors.register(app)  # after the Api, whose own HTTP error handler this replaces
    return app
