"""Notifications' tables: preferences, devices, Telegram links, template overrides, the
inbox and the deliveries (and the kit's ``people``: contacts, from identity's events)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import JsonType, UtcDateTime, new_metadata


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    #: with the kit's ``people``: the local copy of identity's people (contacts to notify)
    metadata = new_metadata(people=True)


class Preference(Base):
    """N2: the choices a user made (unset boxes are on) and their quiet hours."""

    __tablename__ = "preferences"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: {category: {channel: bool}}, only what the user chose
    choices: Mapped[dict] = mapped_column(JsonType, default=dict)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProcessingRestriction(Base):
    """I6: a person restricted the processing of their data (identity's
    ``processing_restriction_changed``, the newest wins): essential notices only."""

    __tablename__ = "processing_restrictions"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: ``occurred_at`` of the event this comes from
    as_of: Mapped[datetime] = mapped_column(UtcDateTime())


class Device(Base):
    """A push token of one of the user's devices."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    token: Mapped[str] = mapped_column(String(512), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TelegramLink(Base):
    """N7: needs_setup (no username) → configuring (username given) → confirmed (/start)."""

    __tablename__ = "telegram_links"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    chat_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="needs_setup")
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TemplateOverride(Base):
    """N4: an operator's text for one event, channel and language."""

    __tablename__ = "template_overrides"
    __table_args__ = (UniqueConstraint("template", "channel", "language",
                                       name="uq_template_overrides_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    template: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Notification(Base):
    """An entry of a user's in-app inbox ("menu of notifications")."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_notifications_event_user"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36))
    event_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Delivery(Base):
    """N6: one message to one recipient on one channel; the unique key makes a redelivered
    event or a restarted worker unable to create a second one."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient", "channel", name="uq_deliveries_event_recipient_channel"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_recipient", "recipient", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(100))
    #: a user id, or ``tg:<chat id>`` for a Telegram chat we cannot tie to a user
    recipient: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    #: e-mail, phone or Telegram chat id; push goes to the user's devices at send time
    address: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="ru")
    subject: Mapped[str | None] = mapped_column(Text)
    #: the event's type, the subject and the address, folded in Python
    #: (``kit.people.search_text``, written with the row): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JsonType, default=dict)
    #: targets already reached (push: device tokens), so a retry skips them
    done: Mapped[list] = mapped_column(JsonType, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: a worker holds the delivery while it sends; another may take it after this
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_ids: Mapped[list] = mapped_column(JsonType, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
