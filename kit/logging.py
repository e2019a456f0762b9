"""structlog JSON logs for every process, stdlib loggers (Nameko, kombu) included.

The correlation id and the caller are bound into ``structlog.contextvars`` per worker
(see :mod:`kit.context`), so every line a request causes carries them, in every service.
"""
from __future__ import annotations

import logging
import logging.config
import os
import sys

import structlog

_configured = False


def _processors(service: str):
    def add_service(_, __, event_dict):
        event_dict.setdefault("service", service)
        event_dict.setdefault("pid", os.getpid())  # which process (gunicorn worker) said it
        return event_dict

    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_service,
    ]


def formatter(service: str, fmt: str = "json") -> logging.Formatter:
    """One JSON (or console) line per record, structlog's and the standard library's alike,
    with the service, level, logger, time and the bound context (the correlation id)."""
    shared = _processors(service)
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


class ExpectedErrors(logging.Filter):
    """Drops Nameko's "(expected) error handling worker" WARNING and its traceback: an error
    a service raises on purpose (a 4xx kind) is a client's mistake, told once at INFO with
    its code by :class:`kit.context.CallContext`; tracebacks are for bugs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("(expected) error handling worker")


def configure(service: str, level: str = "INFO", fmt: str = "json", stream=None) -> None:
    """Route structlog and stdlib logging through one JSON (or console) renderer."""
    global _configured
    structlog.configure(
        processors=_processors(service) + [structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter(service, fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Chatty libraries stay at WARNING unless asked for.
    for noisy in ("kombu", "amqp", "nameko.containers", "nameko.messaging", "urllib3", "werkzeug"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    containers = logging.getLogger("nameko.containers")
    if not any(isinstance(f, ExpectedErrors) for f in containers.filters):
        containers.addFilter(ExpectedErrors())
    _configured = True


def gunicorn_config(service: str, level: str = "INFO", fmt: str = "json") -> dict:
    """gunicorn's ``logconfig_dict``: its own lines (the arbiter's, workers booting and
    exiting) as the same JSON lines as every other."""
    handler = {"class": "logging.StreamHandler", "formatter": "platform", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"platform": {"()": "kit.logging.formatter", "service": service, "fmt": fmt}},
        "handlers": {"console": handler, "error_console": handler},
        "root": {"level": level.upper(), "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["console"], "propagate": False},
            # the application logs one JSON line per request itself (gateway.context), with
            # the correlation id and the problem code: no second, plain access line
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def get_logger(name: str | None = None):
    return structlog.get_logger(name)
