"""``python -m sandbox``: serve the sandbox payment provider until SIGTERM or Ctrl-C."""
from __future__ import annotations

import signal
import sys

from werkzeug.serving import make_server

from kit.logging import configure, get_logger
from sandbox import settings
from sandbox.app import create_app


def main() -> int:
    config = settings.load()
    configure("sandbox-provider", config["LOG_LEVEL"], config["LOG_FORMAT"])
    log = get_logger("sandbox")
    # threaded: billing re-reads a payment while the confirmation that notified it waits
    server = make_server(config["SANDBOX_PROVIDER_HOST"], int(config["SANDBOX_PROVIDER_PORT"]),
                         create_app(config), threaded=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    log.info("sandbox_provider_started", url=config["SANDBOX_PROVIDER_PUBLIC_URL"],
             webhook=config["SANDBOX_PROVIDER_WEBHOOK_URL"])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
