"""One-shot release step of a service: Alembic ``upgrade head``, then its queues.

    python -m kit.migrate identity [orders ...]   # or --all
    python -m kit.migrate identity --revision -m "add phone codes"   # autogenerate

Runs once per release (compose one-shot, Kubernetes Job), never on every replica start.
"""
from __future__ import annotations

import argparse
import sys

from alembic import command, context
from alembic.config import Config

from kit.config import ROOT, SERVICES, queue_arguments
from kit.db import make_engine
from kit.logging import configure, get_logger
from kit.registry import build_config, load_service
from kit.topology import declare


def alembic_config(service_name: str, database_url: str) -> Config:
    config = Config()
    config.set_main_option("path_separator", "os")  # one location each: no legacy splitting
    config.set_main_option("script_location", str(ROOT / "services" / service_name / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(service_name: str, database_url: str) -> None:
    command.upgrade(alembic_config(service_name, database_url), "head")


def run_env(metadata) -> None:
    """The body of every service's ``migrations/env.py``."""
    config = context.config
    url = config.attributes["database_url"]
    engine = make_engine(url, pool_size=1)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            compare_type=True,
            render_as_batch=url.startswith("sqlite"),
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.migrate")
    parser.add_argument("services", nargs="*")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--no-broker", action="store_true", help="skip declaring queues")
    parser.add_argument("--revision", action="store_true", help="autogenerate a revision")
    parser.add_argument("-m", "--message", default="change")
    args = parser.parse_args(argv)
    names = list(SERVICES) if args.all else args.services
    if not names:
        parser.error("name a service or pass --all")
    configure("migrate")
    log = get_logger("kit.migrate")
    for name in names:
        config = build_config(name)
        alembic_cfg = alembic_config(name, config["DATABASE_URL"])
        if args.revision:
            command.revision(alembic_cfg, message=args.message, autogenerate=True)
            continue
        command.upgrade(alembic_cfg, "head")
        log.info("migrated", service=name)
        if not args.no_broker:
            queues = declare(load_service(name)[0], config["AMQP_URI"], queue_arguments(config))
            log.info("queues_declared", service=name, queues=queues)
    return 0


if __name__ == "__main__":
    sys.exit(main())
