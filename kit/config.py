"""Configuration from environment variables, with defaults that work for a local run.

Every setting has one name, used the same way in the local run, compose and Kubernetes.
Services read their settings from the Nameko config dict this module builds; the gateway
and command-line tools call :func:`get`.
"""
from __future__ import annotations

import os
import re
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
    # "1" only where development secrets and the sandbox payment provider are acceptable:
    # the local run (make run) and the test system set it; production never does
    "DEVELOPMENT_MODE": "0",
}

#: settings that hold secrets; a development value in any of them stops a process from
#: starting unless DEVELOPMENT_MODE is on (:func:`refuse_development_secrets`)
SECRET_SETTINGS = ("JWT_SECRET", "PAYMENT_WEBHOOK_SECRET", "TICKET_SIGNING_SECRET", "TELEGRAM_WEBHOOK_SECRET",
                   "BOOTSTRAP_ADMIN_PASSWORD", "YOOKASSA_SECRET_KEY", "SMTP_PASSWORD", "SMS_API_KEY",
                   "PUSH_API_KEY", "SUPPORT_TELEGRAM_BOT_TOKEN", "SUPPORT_TELEGRAM_WEBHOOK_SECRET")
#: how the development values of secrets look (the defaults here, compose's fallbacks)
DEVELOPMENT_VALUES = re.compile(r"^(dev-insecure-|dev-only-)|change-me")
#: settings only development may set: the sandbox provider, with which anyone can "pay"
DEVELOPMENT_ONLY_SETTINGS = ("SANDBOX_PROVIDER_URL",)


class DevelopmentSecret(RuntimeError):
    pass


def refuse_development_secrets(config: dict, names=None, development_only=DEVELOPMENT_ONLY_SETTINGS) -> None:
    """Refuse to start with a development secret (or the sandbox payment provider) unless
    ``DEVELOPMENT_MODE`` is explicitly on. ``names``: the secret settings this process
    uses (default: every one in ``config``); ``development_only``: settings that must be
    empty outside development."""
    if flag(config, "DEVELOPMENT_MODE"):
        return
    problems = [name for name in (names or SECRET_SETTINGS)
                if config.get(name) and DEVELOPMENT_VALUES.search(str(config[name]))]
    problems += [name for name in development_only if config.get(name)]
    if problems:
        raise DevelopmentSecret(
            "Refusing to start: {} {} a development value (or enable the sandbox provider). Set real "
            "secrets, or DEVELOPMENT_MODE=1 for a local development run.".format(
                ", ".join(problems), "has" if len(problems) == 1 else "have"))


def get(name: str, default: str | None = None) -> str | None:
    """The value of setting ``name``: the environment first, then the default table."""
    if name in os.environ:
        return os.environ[name]
    if default is not None:
        return default
    return DEFAULTS.get(name)


def local_run(port: int | str) -> dict[str, str]:
    """The broker vhost and Redis prefix of a local run (``make run``) on gateway ``PORT``:
    its own, so two runs with different ports never take each other's requests or keys.
    ``AMQP_URI`` and ``REDIS_KEY_PREFIX``, when set, win (``make dlq`` reads the same)."""
    name = "platform-{}".format(port)
    return {
        "AMQP_URI": get("AMQP_URI") if "AMQP_URI" in os.environ
        else "{}/{}".format(DEFAULTS["AMQP_URI"].rstrip("/"), name),
        "REDIS_KEY_PREFIX": get("REDIS_KEY_PREFIX") if "REDIS_KEY_PREFIX" in os.environ else name + ":",
    }


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


def secrets_of(own_settings: dict) -> list[str]:
    """The secret settings a service uses: its own, and the ones given in its environment
    (the kit's defaults hold secrets only some services use)."""
    return [name for name in SECRET_SETTINGS if name in (own_settings or {}) or name in os.environ]


def retry_delays(config: dict) -> list[float]:
    raw = config.get("EVENT_RETRY_DELAYS") or DEFAULTS["EVENT_RETRY_DELAYS"]
    return [float(part) for part in str(raw).split(",") if part.strip()]
