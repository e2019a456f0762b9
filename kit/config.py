"""Configuration from environment variables, with defaults that work for a local run.

Every setting has one name, used the same way in the local run, compose and Kubernetes.
Services read their settings from the Nameko config dict this module builds; the gateway
and command-line tools call :func:`get`.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Every service of the system (``services/<name>``), in the order the local run starts them.
SERVICES = ("identity", "orders", "billing", "notifications", "coworking", "support")

DEFAULTS: dict[str, str] = {
    "AMQP_URI": "amqp://guest:guest@localhost:5672/",
    "REDIS_URL": "redis://localhost:6379/0",
    # Prefix of every Redis key, so several runs (tests) can share one server.
    "REDIS_KEY_PREFIX": "",
    "JWT_SECRET": "dev-insecure-jwt-secret-change-me",
    "ACCESS_TOKEN_TTL": "900",
    "REFRESH_TOKEN_TTL": "2592000",
    "PUBLIC_BASE_URL": "http://127.0.0.1:8080",
    # Signs the payment provider's webhooks: the sandbox provider (python -m sandbox) signs,
    # billing verifies. Set it in production.
    "PAYMENT_WEBHOOK_SECRET": "dev-insecure-payment-webhook-secret",
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "json",
    "RPC_TIMEOUT": "10",
    # Seconds between attempts of a failing event handler; after the last one the
    # message goes to the handler's dead-letter queue.
    "EVENT_RETRY_DELAYS": "1,5,30,120,600",
    "OUTBOX_POLL_INTERVAL": "1.0",
    "OUTBOX_RELAY_ENABLED": "1",
    # When "1", kit.clock reads an offset that tests move (never in production).
    "TEST_CLOCK": "0",
    "MAX_WORKERS": "10",
    "WEB_SERVER_ADDRESS": "127.0.0.1:0",
    "VAR_DIR": str(ROOT / "var"),
}


def get(name: str, default: str | None = None) -> str | None:
    """The value of setting ``name``: the environment first, then the default table."""
    if name in os.environ:
        return os.environ[name]
    if default is not None:
        return default
    return DEFAULTS.get(name)


def get_bool(name: str, default: str | None = None) -> bool:
    return str(get(name, default)).strip().lower() in {"1", "true", "yes", "on"}


def flag(config: dict, name: str, default: bool = False) -> bool:
    """A boolean setting read from a service's config dict."""
    value = config.get(name)
    if value is None:
        return default
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def default_database_url(service_name: str) -> str:
    """A SQLite file per service under ``var/``: the embedded default for a local run."""
    return "sqlite:///{}/{}.sqlite3".format(get("VAR_DIR"), service_name)


def service_config(service_name: str, settings: dict[str, str] | None = None) -> dict:
    """The Nameko config of one service: the common settings plus the service's own.

    ``settings`` maps the names of the service's own settings to their defaults.
    """
    config = {name: get(name) for name in DEFAULTS}
    for name, default in (settings or {}).items():
        config[name] = get(name, default)
    config["DATABASE_URL"] = get("DATABASE_URL") or default_database_url(service_name)
    config["SERVICE_NAME"] = service_name
    config["max_workers"] = int(config["MAX_WORKERS"])
    return config


def retry_delays(config: dict) -> list[float]:
    raw = config.get("EVENT_RETRY_DELAYS") or DEFAULTS["EVENT_RETRY_DELAYS"]
    return [float(part) for part in str(raw).split(",") if part.strip()]
