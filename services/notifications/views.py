"""Response shapes: models → the plain dicts notifications' RPC methods return (the
gateway's response schemas in ``schemas.py`` describe them)."""
from __future__ import annotations

from datetime import datetime

from services.notifications.domain import preferences
from services.notifications.domain.delivery import PENDING
from services.notifications.domain.messages import BUILT_IN
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.routing import ACCOUNT, CHANNELS, ROUTES
from services.notifications.models import Delivery, Device, Notification, Preference, TelegramLink, TemplateOverride

#: events that reach a person whatever their grid and quiet hours say
ALWAYS_ON = sorted(r.event_type for r in ROUTES if r.critical and r.category != ACCOUNT)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def page(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


def notification_view(row: Notification) -> dict:
    return {"id": row.id, "type": row.type, "category": row.category, "title": row.title,
            "body": row.body, "link": row.link, "read": row.read_at is not None,
            "read_at": _iso(row.read_at), "created_at": row.created_at.isoformat(), "data": row.data or {}}


def preferences_view(stored: Preference | None) -> dict:
    quiet = QuietHours.of(stored.quiet_start, stored.quiet_end, stored.timezone) if stored else None
    return {"categories": preferences.grid(stored.choices if stored else None), "channels": list(CHANNELS),
            "quiet_hours": quiet.as_dict() if quiet else None, "always_on": ALWAYS_ON}


def device_view(row: Device) -> dict:
    return {"id": row.id, "token": row.token, "platform": row.platform,
            "created_at": row.created_at.isoformat(), "registered_at": row.registered_at.isoformat()}


def telegram_view(row: TelegramLink | None, bot_username: str) -> dict:
    return {"username": row.username if row else None, "status": row.status if row else "needs_setup",
            "bot_username": bot_username or None,
            "confirmed_at": _iso(row.confirmed_at) if row else None}


def template_view(template: str, channel: str, language: str, row: TemplateOverride | None) -> dict:
    """An operator's text, or the built-in one when there is none."""
    built_in = BUILT_IN[template][language]
    if row is not None:
        return {"template": template, "channel": channel, "language": language, "subject": row.subject,
                "body": row.body, "overridden": True, "updated_by": row.updated_by,
                "updated_at": row.updated_at.isoformat()}
    body = built_in.get("sms") if channel == "sms" and built_in.get("sms") else built_in["body"]
    return {"template": template, "channel": channel, "language": language, "subject": built_in["title"],
            "body": body, "overridden": False, "updated_by": None, "updated_at": None}


def delivery_view(row: Delivery, now: datetime, recipient_name: str | None = None) -> dict:
    return {"id": row.id, "event_id": row.event_id, "event_type": row.event_type, "recipient": row.recipient,
            "recipient_name": recipient_name,
            "channel": row.channel, "category": row.category, "critical": row.critical, "status": row.status,
            "address": row.address, "subject": row.subject, "attempts": row.attempts,
            "sending": bool(row.claimed_until and row.claimed_until > now),
            "next_attempt_at": _iso(row.next_attempt_at) if row.status in PENDING else None,
            "last_error": row.last_error, "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(), "sent_at": _iso(row.sent_at)}
