"""N2: what a person wants to hear, category × channel, every box ticked until they untick it."""
from __future__ import annotations

from services.notifications.domain.routing import CATEGORIES, CHANNELS


class PreferenceProblem(ValueError):
    def __init__(self, errors: dict):
        super().__init__("invalid preferences")
        self.errors = errors


def grid(stored: dict | None = None) -> dict[str, dict[str, bool]]:
    """The full grid: the stored choices over the default (everything on)."""
    stored = stored or {}
    return {category: {channel: bool((stored.get(category) or {}).get(channel, True))
                       for channel in CHANNELS}
            for category in CATEGORIES}


def change(stored: dict | None, changes: dict) -> dict[str, dict[str, bool]]:
    """Apply ``{category: {channel: bool}}`` (any subset) to the stored choices."""
    errors = {}
    for category, channels in changes.items():
        if category not in CATEGORIES:
            errors[category] = ["Unknown category; one of: {}.".format(", ".join(CATEGORIES))]
            continue
        if not isinstance(channels, dict):
            errors[category] = ["A map of channel to true/false."]
            continue
        bad = [c for c, v in channels.items() if c not in CHANNELS or not isinstance(v, bool)]
        if bad:
            errors[category] = ["Unknown channel or not true/false: {}; channels: {}.".format(
                ", ".join(sorted(map(str, bad))), ", ".join(CHANNELS))]
    if errors:
        raise PreferenceProblem(errors)
    result = grid(stored)
    for category, channels in changes.items():
        result[category].update(channels)
    return result


def allows(stored: dict | None, category: str, channel: str, critical: bool = False) -> bool:
    """Whether a notice of ``category`` goes out on ``channel``. Critical notices and the
    account messages (sign-up links, codes) cannot be turned off."""
    if critical or category not in CATEGORIES:
        return True
    return grid(stored)[category][channel]
