"""The services of the system by name: each one's Nameko class and its config.

What the runner, the migrations and the dead-letter tool start from. No side effects on
import (unlike :mod:`kit.runner`, which monkey-patches eventlet first thing).
"""
from __future__ import annotations

import importlib

from kit import config as settings


def load_service(name: str):
    """The service class of ``services/<name>`` and its own settings with defaults."""
    module = importlib.import_module("services.{}.service".format(name))
    return module.SERVICE, getattr(module, "SETTINGS", {})


def build_config(name: str) -> dict:
    return settings.service_config(name, load_service(name)[1])
