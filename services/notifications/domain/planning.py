"""Which channels one person hears about one event on, and from when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.notifications.domain import preferences
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.routing import DEFERRABLE, Route, essential


@dataclass(frozen=True)
class Reach:
    """How a person can be reached right now."""

    registered: bool = True          # has an inbox (and preferences)
    email: str | None = None
    phone: str | None = None
    has_devices: bool = False
    telegram_chat: str | None = None  # only once the link is confirmed

    def address(self, channel: str) -> str | None:
        """The address on ``channel``, or None when the person cannot be reached there."""
        return {
            "inbox": "inbox" if self.registered else None,
            "email": self.email,
            "sms": self.phone,
            "push": "devices" if self.has_devices else None,
            "telegram": self.telegram_chat,
        }[channel]


@dataclass(frozen=True)
class Planned:
    channel: str
    address: str
    not_before: datetime


def plan(route: Route, reach: Reach, choices: dict | None, quiet: QuietHours | None,
         now: datetime, restricted: bool = False) -> list[Planned]:
    """Every channel of the route the person can be reached on and has not turned off for
    the route's category; push, SMS and Telegram wait for the end of quiet hours unless the
    notice is critical. A person who restricted processing (I6) gets essential notices only."""
    if restricted and not essential(route):
        return []
    quiet_until = quiet.until(now) if quiet is not None and not route.critical else None
    planned = []
    for channel in route.channels:
        address = reach.address(channel)
        if not address:
            continue
        if reach.registered and not preferences.allows(choices, route.category, channel, route.critical):
            continue
        not_before = quiet_until if quiet_until and channel in DEFERRABLE else now
        planned.append(Planned(channel, address, not_before))
    return planned
