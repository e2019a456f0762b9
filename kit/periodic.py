"""Periodic jobs: one way to write them in every service.

A periodic job in this system is a *sweep over what is due*, never "do X every N
seconds": each tick takes the rows whose due time (read from the clock, which tests move)
has passed, in batches, each batch one unit of work claimed with
``FOR UPDATE SKIP LOCKED``. That one shape gives every property a job needs:

- **idempotent** — a row that was handled is no longer due;
- **catches up after downtime** — everything that fell due meanwhile is still due, and
  the tick drains it batch after batch;
- **safe with replicas** — two replicas ticking together claim different rows;
- **testable** — moving the test clock makes rows due; no sleeping.

Usage in a service class::

    @periodic("AUTO_CONFIRM_INTERVAL", 30)
    def auto_confirm(self):
        drain(lambda: self._in_uow(reactions.auto_confirm_due), self.settings.batch)

The interval is the service's setting, read when the container starts (Nameko's own
``@timer`` fixes it when the class is defined); ``0`` switches the job off in that process.
"""
from __future__ import annotations

from typing import Callable

from nameko.timer import Timer


class PeriodicJob(Timer):
    """``@timer`` whose interval (seconds) is the setting ``setting``; 0 switches it off."""

    def __init__(self, setting: str, default: float, **kwargs):
        self.setting = setting
        super().__init__(interval=default, **kwargs)

    def setup(self):
        value = self.container.config.get(self.setting)
        self.interval = float(self.interval if value in (None, "") else value)

    def start(self):
        if self.interval > 0:
            super().start()

    def stop(self):
        if self.gt is not None:
            super().stop()

    def kill(self):
        if self.gt is not None:
            super().kill()


periodic = PeriodicJob.decorator


def drain(run_batch: Callable[[], int], batch: int, max_batches: int = 1000) -> int:
    """Call ``run_batch`` (one unit of work that handles at most ``batch`` due rows and
    returns how many it handled) until a batch comes back short; returns the total.

    ``max_batches`` bounds one tick so a flood cannot starve the process; the next tick
    goes on where this one stopped."""
    total = 0
    for _ in range(max_batches):
        done = run_batch()
        total += done
        if done < batch:
            break
    return total
