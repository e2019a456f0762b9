"""N6: one delivery per (event, recipient, channel) and what an attempt's outcome makes of it.

    queued ──attempt ok──────────────────────────────> sent
      │ └────provider refuses for good (bad number, dead token)──> failed
      └──attempt fails for now──> retrying ──attempt ok──> sent
                                     │ └──fails again (backoff doubles, capped)──> retrying
                                     └──attempts used up──> dead

``queued`` also holds a message quiet hours keep back until ``next_attempt_at``.
``sent``, ``failed`` and ``dead`` are final; an operator may put a ``failed`` or ``dead``
delivery back to ``queued`` (replay). Every channel has its own delivery, so one
channel's failure never holds another back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kit.errors import RuleBroken

QUEUED, SENT, FAILED, RETRYING, DEAD = "queued", "sent", "failed", "retrying", "dead"
STATUSES = (QUEUED, SENT, FAILED, RETRYING, DEAD)
PENDING = (QUEUED, RETRYING)
FINAL = (SENT, FAILED, DEAD)

#: attempt outcomes
DELIVERED, TEMPORARY, PERMANENT = "delivered", "temporary", "permanent"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 30.0
    max_delay: float = 3600.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): exponential, capped."""
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


@dataclass(frozen=True)
class Next:
    status: str
    retry_at: datetime | None = None


def after_attempt(policy: RetryPolicy, attempts: int, outcome: str, now: datetime) -> Next:
    """The delivery's state after its ``attempts``-th attempt ended with ``outcome``."""
    if outcome == DELIVERED:
        return Next(SENT)
    if outcome == PERMANENT:
        return Next(FAILED)
    if attempts >= policy.max_attempts:
        return Next(DEAD)
    return Next(RETRYING, now + timedelta(seconds=policy.delay(attempts)))


def replay(status: str) -> str:
    """An operator sends a failed or dead delivery again (attempts start over)."""
    if status not in (FAILED, DEAD):
        raise RuleBroken("delivery_not_replayable", "Only a failed or dead delivery can be sent again")
    return QUEUED


@dataclass(frozen=True)
class Job:
    """A claimed delivery, as the sender needs it outside the transaction: where it goes
    (``targets``: the address, or the device tokens not reached yet) and what it says."""

    id: str
    channel: str
    event_type: str
    recipient: str
    language: str
    subject: str | None
    text: str
    html: str | None
    data: dict
    targets: list[str]


@dataclass
class Attempt:
    """What one attempt of a job came to, target by target."""

    done: list[str] = field(default_factory=list)
    provider_ids: list[str] = field(default_factory=list)
    temporary: list[str] = field(default_factory=list)
    permanent: list[str] = field(default_factory=list)
    #: (code, target) the channel says to forget: ``unregistered`` tokens, ``unreachable`` chats
    forget: list[tuple[str, str]] = field(default_factory=list)

    def outcome(self, reached_before: bool) -> str:
        """One failure for now means another try (targets already reached are skipped);
        otherwise it is delivered if any target was ever reached."""
        if self.temporary:
            return TEMPORARY
        if self.done or reached_before:
            return DELIVERED
        return PERMANENT

    def error(self) -> str | None:
        return "; ".join(self.temporary + self.permanent)[:1000] or None
