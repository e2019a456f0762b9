"""/healthz (alive), /readyz (broker, Redis and every service answer), /metrics."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify, request
from kombu import Connection

from gateway import metrics
from kit.redis import STARTUP_PENDING

blp = Blueprint("ops", __name__)


@blp.get("/healthz")
def healthz():
    return jsonify(status="ok")


class StartupPending(Exception):
    pass


def _check(name, probe):
    try:
        probe()
        return name, "ok"
    except StartupPending as pending:
        return name, "pending: {}".format(pending)
    except Exception as exc:  # readiness reports failures, it does not raise them
        return name, "error: {}".format(type(exc).__name__)


@blp.get("/readyz")
def readyz():
    """Ready when the broker, Redis and every service answer, and the system is not still
    starting (a local run loading its demo data: ``checks.startup``); ``?scope=local`` skips
    the services (for the gateway pods' own readiness probe, so one service down does not
    take every gateway out of rotation)."""
    config = current_app.config
    timeout = float(config["READINESS_TIMEOUT"])
    pool = current_app.extensions["rpc_pool"]
    redis = current_app.extensions["redis"]

    def broker():
        with Connection(config["AMQP_URI"], connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1)

    startup_key = current_app.extensions["redis_key"](STARTUP_PENDING)

    def startup():
        pending = redis.get(startup_key)
        if pending:
            raise StartupPending(pending)

    probes = [("broker", broker), ("redis", redis.ping), ("startup", startup)]
    if request.args.get("scope") != "local":
        probes += [("service:" + name, (lambda n=name: pool.ping(n, timeout))) for name in config["SERVICE_NAMES"]]
    with ThreadPoolExecutor(max_workers=len(probes)) as executor:
        checks = dict(executor.map(lambda p: _check(*p), probes))
    ok = all(v == "ok" for v in checks.values())
    response = jsonify(status="ok" if ok else "unavailable", checks=checks)
    response.status_code = 200 if ok else 503
    return response


@blp.get("/metrics")
def prometheus_metrics():
    return metrics.render()
