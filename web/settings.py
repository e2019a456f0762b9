"""The web app's settings: environment variables (kit.config.get), parsed once at start."""
from __future__ import annotations

from kit import config as kit_config

DEFAULTS = {
    # where the gateway answers (its /api/v1); in production the cluster-internal address
    "GATEWAY_URL": "http://127.0.0.1:8080",
    # where a browser reaches the gateway, if not at GATEWAY_URL (only for the local-run
    # redirect of /api/ links, web/pages/ops.py; behind one host's proxy it is never used)
    "WEB_API_PUBLIC_URL": "",
    # where people open the web app; links the platform sends point here
    "PUBLIC_BASE_URL": "http://127.0.0.1:8081",
    "WEB_HOST": "127.0.0.1",
    "WEB_PORT": "8081",
    "WEB_WORKERS": "2",
    "WEB_THREADS": "8",
    # signs nothing secret by itself (sessions are server-side) but Flask-WTF's CSRF tokens
    "WEB_SECRET_KEY": "dev-insecure-web-secret-change-me",
    # a signed-in session lives as long as the API's refresh token (REFRESH_TOKEN_TTL)
    "WEB_SESSION_TTL": "2592000",
    # refresh the access token when it has fewer seconds than this left
    "WEB_REFRESH_MARGIN": "60",
    "WEB_API_TIMEOUT": "15",
    "WEB_API_POOL": "16",
    # the zone dates and times are shown in (the operator's calendar, like billing's)
    "WEB_TIMEZONE": "Europe/Moscow",
}


def load(overrides: dict | None = None) -> dict:
    names = set(DEFAULTS) | {"REDIS_URL", "REDIS_KEY_PREFIX", "DEVELOPMENT_MODE", "LOG_LEVEL", "LOG_FORMAT"}
    settings = {name: kit_config.get(name, DEFAULTS.get(name)) for name in names}
    settings.update(overrides or {})
    settings["GATEWAY_URL"] = str(settings["GATEWAY_URL"]).rstrip("/")
    settings["PUBLIC_BASE_URL"] = str(settings["PUBLIC_BASE_URL"]).rstrip("/")
    return settings
