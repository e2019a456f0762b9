"""Run one service: ``python -m kit.runner <name>`` (what the image and ``make run`` use).

Applies the eventlet monkey patch before anything else is imported, configures logs,
starts the Nameko container and stops it cleanly on SIGTERM or Ctrl-C, letting running
workers finish (Nameko's ``ServiceRunner.stop``). Avoids ``nameko run``, whose 2.14 CLI
needs ``pkg_resources``.
"""
from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402  must precede every other import

import errno  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from nameko.runners import ServiceRunner  # noqa: E402

from kit.config import DevelopmentSecret, refuse_development_secrets, secrets_of  # noqa: E402
from kit.db import make_cooperative  # noqa: E402
from kit.logging import configure, get_logger  # noqa: E402
from kit.registry import build_config, load_service  # noqa: E402


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m kit.runner <service>", file=sys.stderr)
        return 2
    name = argv[0]
    make_cooperative()
    service_cls, own_settings = load_service(name)[:2]
    config = build_config(name)
    try:
        refuse_development_secrets(config, secrets_of(own_settings))
    except DevelopmentSecret as refused:
        print("{}: {}".format(name, refused), file=sys.stderr)
        return 78  # EX_CONFIG
    configure(name, config["LOG_LEVEL"], config["LOG_FORMAT"])
    log = get_logger("kit.runner")

    runner = ServiceRunner(config)
    runner.add_service(service_cls)

    def shutdown(signum, frame):
        # signal handlers run in the main loop and may not block on eventlet primitives
        eventlet.spawn_n(runner.stop)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    runner.start()
    log.info("service_started", amqp=_safe_uri(config["AMQP_URI"]),
             database=_safe_uri(config["DATABASE_URL"]), web=config["WEB_SERVER_ADDRESS"])
    waiter = eventlet.spawn(runner.wait)
    while True:
        try:
            waiter.wait()
        except OSError as exc:
            if exc.errno == errno.EINTR:
                continue
            raise
        else:
            break
    log.info("service_stopped")
    return 0


def _safe_uri(uri: str) -> str:
    """``uri`` without its password, for logs."""
    if "@" not in uri or "://" not in uri:
        return uri
    scheme, rest = uri.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return "{}://{}:***@{}".format(scheme, user, host)


if __name__ == "__main__":
    sys.exit(main())
