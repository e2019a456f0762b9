"""Quiet hours: a daily window in the person's own time zone when push, SMS and Telegram
wait (they go out when it ends); critical notices do not wait."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Moscow"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class QuietHoursProblem(ValueError):
    def __init__(self, errors: dict):
        super().__init__("invalid quiet hours")
        self.errors = errors


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    timezone: str

    @classmethod
    def parse(cls, start: str, end: str, zone: str | None) -> "QuietHours":
        errors = {}
        parsed = {}
        for name, value in (("start", start), ("end", end)):
            match = _HHMM.match(value or "")
            if not match:
                errors[name] = ["HH:MM, 24-hour clock."]
            else:
                parsed[name] = time(int(match.group(1)), int(match.group(2)))
        zone = zone or DEFAULT_TIMEZONE
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = ["Unknown time zone (use an IANA name such as Europe/Moscow)."]
        if not errors and parsed["start"] == parsed["end"]:
            errors["end"] = ["The window is empty: start and end are the same."]
        if errors:
            raise QuietHoursProblem(errors)
        return cls(parsed["start"], parsed["end"], zone)

    @classmethod
    def of(cls, start: str | None, end: str | None, zone: str | None) -> "QuietHours | None":
        """A person's stored quiet hours: none unless both ends are set."""
        if not start or not end:
            return None
        return cls.parse(start, end, zone)

    def as_dict(self) -> dict:
        return {"start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M"),
                "timezone": self.timezone}

    def until(self, now: datetime) -> datetime | None:
        """When the window ``now`` falls in ends (aware UTC), or None outside it."""
        zone = ZoneInfo(self.timezone)
        local = now.astimezone(zone)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:  # e.g. 13:00–15:00
            inside = self.start <= clock < self.end
            end_day = local.date()
        else:  # across midnight, e.g. 22:00–08:00
            inside = clock >= self.start or clock < self.end
            end_day = local.date() if clock < self.end else local.date() + timedelta(days=1)
        if not inside:
            return None
        return _local_to_utc(end_day, self.end, zone)


def _local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time as UTC. fold=0 puts a time a DST jump skips just after the jump,
    and a repeated time at its first occurrence."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(timezone.utc)
