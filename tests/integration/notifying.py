"""What the notifications stories share: synthetic events of producers, deliveries as
operators see them, the system's clock, and waiting on all of these."""
from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta, timezone

from kit.clock import OFFSET_KEY, advance
from kit.testing.publish import publish_event
from kit.testing.wait import wait_for


def order_number() -> int:
    return random.randint(2_000_000, 9_000_000)


class Story:
    """A test's handle on the running system for notifications."""

    def __init__(self, system, test_run, redis_client, admin, fakes):
        self.system, self.test_run, self.redis, self.admin, self.fakes = system, test_run, redis_client, admin, fakes

    # events as orders, billing or identity would publish them
    def publish(self, producer: str, event_type: str, data: dict, **envelope) -> dict:
        return publish_event(self.test_run.amqp_uri, producer, event_type, data, **envelope)

    # deliveries as an operator sees them
    def deliveries(self, event_id: str, **filters) -> list[dict]:
        page = self.admin.ok("GET", "/notifications/deliveries", params={"event_id": event_id, "per_page": 100, **filters})
        return page["items"]

    def delivery(self, event_id: str, channel: str, predicate=lambda d: True, timeout: float = 15.0) -> dict:
        """The delivery of ``event_id`` on ``channel`` once ``predicate`` holds for it and no
        attempt is in flight (a claimed attempt is already counted, its outcome not yet)."""
        def found():
            matches = [d for d in self.deliveries(event_id, channel=channel)
                       if not d["sending"] and predicate(d)]
            return matches[0] if matches else None

        return wait_for(found, timeout=timeout, message="a {} delivery of {}".format(channel, event_id))

    def inbox_entry(self, client, event_type: str, predicate=lambda n: True, timeout: float = 15.0) -> dict:
        def found():
            items = client.ok("GET", "/notifications", params={"per_page": 100})["items"]
            return next((n for n in items if n["type"] == event_type and predicate(n)), None)

        return wait_for(found, timeout=timeout, message="an inbox entry {}".format(event_type))

    def handled(self, correlation_id: str, count: int, service: str = "notifications", timeout: float = 30.0) -> None:
        """Wait until ``service`` logged ``count`` handled calls carrying ``correlation_id``
        (a consumer that did nothing visible, e.g. with a redelivered event, still logs it)."""
        def seen():
            lines = self.system.log_path(service).read_text(errors="replace").splitlines()
            hits = 0
            for line in lines:
                if correlation_id in line:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    hits += record.get("event") == "handled" and record.get("correlation_id") == correlation_id
            return hits >= count

        wait_for(seen, timeout=timeout, message="{} handled calls of {}".format(count, correlation_id))

    # the system's clock (tests move it; kit.clock)
    def now(self) -> datetime:
        offset = float(self.redis.get(self.test_run.redis_prefix + OFFSET_KEY) or 0)
        return datetime.now(timezone.utc) + timedelta(seconds=offset)

    def advance(self, seconds: float) -> None:
        advance(self.redis, self.test_run.redis_prefix, seconds)


def link_in(text: str) -> str:
    match = re.search(r"https?://\S+/confirm\?token=([A-Za-z0-9_\-]+)", text)
    assert match, "no confirmation link in:\n" + text
    return match.group(0)


def token_of(link: str) -> str:
    return link.rsplit("token=", 1)[1]
