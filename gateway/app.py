"""The gateway application factory."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from gateway import context, docs, errors, metrics, settings
from gateway.openapi import OperationsPlugin, ProblemSchema, complete_components, register_converters
from gateway.blueprints import billing, coworking, identity, notifications, ops, orders, support
from gateway.rpc import RpcPool, parse_timeouts
from kit.auth import check_secret
from kit.config import refuse_development_secrets
from kit.redis import connect, key as redis_key


class PlatformApi(Api):
    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists its own problems (gateway.openapi)


API_DESCRIPTION = """Service-ecosystem platform. Money is in minor units (kopecks) with a
currency code; times are UTC ISO 8601; statuses are codes with a localized `status_label`
(`Accept-Language: ru|en`). Errors are `application/problem+json` with a stable `code`.
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
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})

    app.extensions["redis"] = connect(config["REDIS_URL"])
    app.extensions["redis_key"] = lambda name: redis_key(config, name)
    app.extensions["rpc_pool"] = RpcPool(config["AMQP_URI"], int(config["RPC_POOL_SIZE"]), float(config["RPC_TIMEOUT"]),
                                         per_service=int(config["RPC_SERVICE_CONCURRENCY"]),
                                         timeouts=parse_timeouts(config["RPC_TIMEOUTS"]))

    context.init_app(app)
    metrics.init_app(app)

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
