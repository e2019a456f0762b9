"""WSGI entry point for gunicorn: ``web.wsgi:app``."""
from kit import config as kit_config
from kit.logging import configure

from web.app import create_app

configure("web", kit_config.get("LOG_LEVEL"), kit_config.get("LOG_FORMAT"))
app = create_app()
