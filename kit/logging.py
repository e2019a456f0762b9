"""structlog JSON logs for every process, stdlib loggers (Nameko, kombu) included.

The correlation id and the caller are bound into ``structlog.contextvars`` per worker
(see :mod:`kit.context`), so every line a request causes carries them, in every service.
"""
from __future__ import annotations

import logging
import logging.config
import sys

import structlog

_configured = False


def _processors(service: str):
    def add_service(_, __, event_dict):
        event_dict.setdefault("service", service)
        return event_dict

    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_service,
    ]


def configure(service: str, level: str = "INFO", fmt: str = "json", stream=None) -> None:
    """Route structlog and stdlib logging through one JSON (or console) renderer."""
    global _configured
    shared = _processors(service)
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=shared + [structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Chatty libraries stay at WARNING unless asked for.
    for noisy in ("kombu", "amqp", "nameko.containers", "nameko.messaging", "urllib3", "werkzeug"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    _configured = True


def get_logger(name: str | None = None):
    return structlog.get_logger(name)
