"""WSGI entry point for gunicorn: ``gateway.wsgi:app``."""
from kit import config as kit_config
from kit.logging import configure

from gateway.app import create_app

configure("gateway", kit_config.get("LOG_LEVEL"), kit_config.get("LOG_FORMAT"))
app = create_app()
