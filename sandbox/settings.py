"""The sandbox provider's settings: environment variables with local-run defaults."""
from __future__ import annotations

from kit import config as kit_config

WEBHOOK_PATH = "/api/v1/billing/providers/sandbox/webhook"

DEFAULTS = {
    "SANDBOX_PROVIDER_HOST": "127.0.0.1",
    "SANDBOX_PROVIDER_PORT": "8090",
    # where the payer's browser reaches its pages (confirmation_url); empty: http://127.0.0.1:<port>
    "SANDBOX_PROVIDER_PUBLIC_URL": "",
    # where it sends its signed notifications: billing's webhook, behind the gateway
    "SANDBOX_PROVIDER_WEBHOOK_URL": "{PUBLIC_BASE_URL}" + WEBHOOK_PATH,
}


def load(overrides: dict | None = None) -> dict:
    names = set(kit_config.DEFAULTS) | set(DEFAULTS)
    settings = {name: kit_config.get(name, DEFAULTS.get(name)) for name in names}
    settings.update(overrides or {})
    if not settings["SANDBOX_PROVIDER_PUBLIC_URL"]:
        settings["SANDBOX_PROVIDER_PUBLIC_URL"] = "http://127.0.0.1:{}".format(settings["SANDBOX_PROVIDER_PORT"])
    settings["SANDBOX_PROVIDER_WEBHOOK_URL"] = settings["SANDBOX_PROVIDER_WEBHOOK_URL"].replace(
        "{PUBLIC_BASE_URL}", str(settings["PUBLIC_BASE_URL"]).rstrip("/"))
    return settings
