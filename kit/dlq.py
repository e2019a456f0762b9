"""Dead letters: see them, and send them back to their handler once it is fixed.

    python -m kit.dlq status [service ...]      # dead-letter counts per handler queue
    python -m kit.dlq show <queue> [--limit N]  # peek at dead messages (left in place)
    python -m kit.dlq replay <queue> [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys

from kombu import Connection
from nameko.amqp.publish import get_producer

from kit import config as settings
from kit.config import SERVICES
from kit.events import ATTEMPT_HEADER, ERROR_HEADER, dead_letter_queue
from kit.registry import load_service
from kit.topology import dead_letter_counts


def _dead_messages(connection, queue_name, limit):
    queue = dead_letter_queue(queue_name).bind(connection.channel())
    taken = 0
    while limit is None or taken < limit:
        message = queue.get(no_ack=False)
        if message is None:
            return
        taken += 1
        yield message


def show(amqp_uri: str, queue_name: str, limit: int | None = 20) -> list[dict]:
    shown = []
    with Connection(amqp_uri) as connection:
        messages = list(_dead_messages(connection, queue_name, limit))
        for message in messages:
            shown.append({"headers": {k: v for k, v in (message.headers or {}).items()
                                      if not k.startswith("x-death")},
                          "body": message.payload})
        for message in messages:
            message.requeue()
    return shown


def replay(amqp_uri: str, queue_name: str, limit: int | None = None) -> int:
    """Move dead messages back to the handler's queue with a fresh attempt count."""
    replayed = 0
    with Connection(amqp_uri) as connection, get_producer(amqp_uri) as producer:
        for message in _dead_messages(connection, queue_name, limit):
            headers = dict(message.headers or {})
            headers.pop(ATTEMPT_HEADER, None)
            headers.pop("x-death", None)
            headers["x-replayed-after"] = headers.pop(ERROR_HEADER, "")
            producer.publish(message.body, exchange="", routing_key=queue_name,
                             headers=headers, content_type=message.content_type,
                             content_encoding=message.content_encoding, delivery_mode=2,
                             retry=True)
            message.ack()
            replayed += 1
    return replayed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.dlq")
    sub = parser.add_subparsers(dest="command", required=True)
    status_cmd = sub.add_parser("status")
    status_cmd.add_argument("services", nargs="*")
    for name in ("show", "replay"):
        cmd = sub.add_parser(name)
        cmd.add_argument("queue")
        cmd.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    amqp_uri = settings.get("AMQP_URI")
    if args.command == "status":
        counts = {}
        for name in args.services or SERVICES:
            counts.update(dead_letter_counts(load_service(name)[0], amqp_uri))
        print(json.dumps(counts, indent=2))
        return 1 if any(counts.values()) else 0
    if args.command == "show":
        print(json.dumps(show(amqp_uri, args.queue, args.limit or 20), indent=2,
                         ensure_ascii=False, default=str))
        return 0
    print(json.dumps({"replayed": replay(amqp_uri, args.queue, args.limit)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
