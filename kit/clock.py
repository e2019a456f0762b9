"""The time every rule reads. Tests move it instead of sleeping (like Stripe's test clocks).

In production the clock is the system clock. With ``TEST_CLOCK=1`` it adds an offset in
seconds kept in Redis under ``<prefix>testclock:offset``, which a test advances for every
process of the system at once (:func:`advance`).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kit.config import flag
from kit.redis import connect, key

OFFSET_KEY = "testclock:offset"


class Clock:
    def __init__(self, offset_seconds=None):
        self._offset_seconds = offset_seconds

    def now(self) -> datetime:
        now = datetime.now(timezone.utc)
        if self._offset_seconds is not None:
            now += timedelta(seconds=self._offset_seconds())
        return now


def from_config(config: dict) -> Clock:
    if not flag(config, "TEST_CLOCK"):
        return Clock()

    client = connect(config["REDIS_URL"])
    name = key(config, OFFSET_KEY)
    return Clock(lambda: float(client.get(name) or 0))


def advance(redis_client, prefix: str, seconds: float) -> float:
    """Move the test clock of every process sharing ``prefix`` forward; returns the offset."""
    return float(redis_client.incrbyfloat(prefix + OFFSET_KEY, seconds))
