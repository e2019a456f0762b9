"""Waiting for something to become true, with a deadline (never a fixed sleep)."""
from __future__ import annotations

import time


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05, message: str = ""):
    """Poll ``predicate`` until it returns a truthy value; return it or fail at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out after {}s waiting for {} (last value: {!r})".format(
        timeout, message or getattr(predicate, "__name__", "condition"), last))
