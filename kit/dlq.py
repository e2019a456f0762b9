"""Dead letters: see them, and send them back to their handler once it is fixed.

    python -m kit.dlq status [service ...]      # dead-letter counts per handler queue
    python -m kit.dlq show <queue> [--limit N]  # peek at dead messages (left in place)
    python -m kit.dlq replay <queue> [--limit N]

``make dlq`` runs ``status``; ``make dlq show <queue>`` and ``make dlq replay <queue>`` the
others. Without ``AMQP_URI`` it reads the local run's vhost of ``PORT`` (``kit.config.local_run``).
A queue is a handler's queue as ``status`` lists it; another name is refused with the list.
"""
from __future__ import annotations

import argparse
import json
import sys

from amqp.exceptions import AMQPError, NotFound as QueueNotFound
from kombu import Connection
from kombu.exceptions import KombuError
from nameko.amqp.publish import get_producer

from kit import config as settings
from kit.config import SERVICES
from kit.events import ATTEMPT_HEADER, ERROR_HEADER, dead_letter_queue
from kit.registry import load_service
from kit.topology import dead_letter_counts, event_queues


def handler_queues(services=SERVICES) -> list[str]:
    """The queue of every event handler of ``services`` (the names ``status`` lists)."""
    return sorted(queue.name for name in services for queue in event_queues(load_service(name)[0]))


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
    amqp_uri = settings.local_run(settings.get("PORT", "8080"))["AMQP_URI"]
    try:
        return _run(args, amqp_uri)
    except (OSError, AMQPError, KombuError) as exc:  # no broker, no vhost: say where we looked
        print("python -m kit.dlq: cannot use RabbitMQ at {} ({}); is the system running? "
              "(AMQP_URI, or PORT of a local run)".format(_safe(amqp_uri), exc), file=sys.stderr)
        return 3


def _safe(uri: str) -> str:
    scheme, _, rest = uri.partition("://")
    return "{}://{}".format(scheme, rest.rsplit("@", 1)[-1])


def _run(args, amqp_uri: str) -> int:
    unknown = [name for name in getattr(args, "services", None) or () if name not in SERVICES]
    if unknown:
        print("python -m kit.dlq status: unknown service {}; the services: {}".format(
            ", ".join(map(repr, unknown)), ", ".join(SERVICES)), file=sys.stderr)
        return 2
    if args.command != "status":
        known = handler_queues()
        if args.queue not in known:
            print("python -m kit.dlq {}: unknown queue {!r}. The handler queues (python -m kit.dlq status):\n  {}".format(
                args.command, args.queue, "\n  ".join(known)), file=sys.stderr)
            return 2
    if args.command == "status":
        counts = {}
        for name in args.services or SERVICES:
            counts.update(dead_letter_counts(load_service(name)[0], amqp_uri))
        print(json.dumps(counts, indent=2))
        return 1 if any(counts.values()) else 0
    try:
        if args.command == "show":
            print(json.dumps(show(amqp_uri, args.queue, args.limit or 20), indent=2,
                             ensure_ascii=False, default=str))
            return 0
        print(json.dumps({"replayed": replay(amqp_uri, args.queue, args.limit)}))
        return 0
    except QueueNotFound:  # its dead-letter queue was never declared: nothing died there
        print("python -m kit.dlq {}: {} has no dead letters (its dead-letter queue does not exist yet; "
              "python -m kit.migrate declares it)".format(args.command, args.queue), file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
