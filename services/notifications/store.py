"""Notifications' named queries and locks (no decisions: handlers make those)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update

from kit import listing
from kit.people import name_matches, search_text
from kit.store import insert_ignore
from services.notifications.domain.delivery import PENDING, QUEUED
from services.notifications.models import (
    Delivery, Device, Notification, ProcessingRestriction, TelegramLink, TemplateOverride, new_id,
)


def _page(session, model, conditions: list, order_by: tuple, page: int, per_page: int) -> tuple[int, list]:
    total = session.execute(select(func.count()).select_from(model).where(*conditions)).scalar()
    rows = session.execute(select(model).where(*conditions).order_by(*order_by)
                           .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return total, rows


# --- the inbox -------------------------------------------------------------------------

def add_inbox_entry_once(session, **values) -> bool:
    """One entry per (event, user): False when the event already has one for the user."""
    return insert_ignore(session, Notification, **values)


def inbox_page(session, user_id: str, unread: bool | None, page: int, per_page: int) -> tuple[int, list]:
    conditions = [Notification.user_id == user_id]
    if unread is True:
        conditions.append(Notification.read_at.is_(None))
    elif unread is False:
        conditions.append(Notification.read_at.is_not(None))
    return _page(session, Notification, conditions, (Notification.created_at.desc(), Notification.id.desc()),
                 page, per_page)


def unread_count(session, user_id: str) -> int:
    return session.execute(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))).scalar()


def inbox_entry(session, user_id: str, notification_id: str) -> Notification | None:
    return session.execute(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id)).scalar_one_or_none()


def mark_all_read(session, user_id: str, now: datetime) -> int:
    return session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=now)).rowcount


# --- devices -----------------------------------------------------------------------------

def has_devices(session, user_id: str) -> bool:
    return session.execute(select(func.count()).select_from(Device).where(Device.user_id == user_id)).scalar() > 0


def device_tokens(session, user_id: str) -> list[str]:
    """The person's push tokens, oldest device first."""
    return list(session.execute(select(Device.token).where(Device.user_id == user_id)
                                .order_by(Device.created_at)).scalars())


def device_by_token(session, token: str, *, for_update: bool = False) -> Device | None:
    query = select(Device).where(Device.token == token)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def devices_of(session, user_id: str) -> list[Device]:
    return list(session.execute(select(Device).where(Device.user_id == user_id)
                                .order_by(Device.created_at)).scalars())


def device_of(session, user_id: str, device_id: str) -> Device | None:
    return session.execute(select(Device).where(Device.id == device_id, Device.user_id == user_id)).scalar_one_or_none()


def forget_device_token(session, token: str) -> None:
    session.execute(delete(Device).where(Device.token == token))


def forget_devices_of(session, user_id: str) -> None:
    session.execute(delete(Device).where(Device.user_id == user_id))


# --- restriction of processing (I6) ----------------------------------------------------------

def processing_restricted(session, user_id: str) -> bool:
    return bool(session.execute(select(ProcessingRestriction.restricted).where(
        ProcessingRestriction.user_id == user_id)).scalar())


def remember_restriction(session, user_id: str, restricted: bool, as_of: datetime) -> None:
    """Keep the newest announcement (an older one arriving late changes nothing)."""
    row = session.get(ProcessingRestriction, user_id, with_for_update=True)
    if row is None:
        session.add(ProcessingRestriction(user_id=user_id, restricted=restricted, as_of=as_of))
    elif row.as_of <= as_of:
        row.restricted, row.as_of = restricted, as_of


# --- Telegram links ----------------------------------------------------------------------

def confirmed_chat(session, user_id: str) -> str | None:
    return session.execute(select(TelegramLink.chat_id).where(
        TelegramLink.user_id == user_id, TelegramLink.status == "confirmed")).scalar()


def link_by_username(session, username: str, *, for_update: bool = False) -> TelegramLink | None:
    query = select(TelegramLink).where(TelegramLink.username == username)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def username_linked_by_another(session, username: str, user_id: str) -> bool:
    return session.execute(select(TelegramLink.user_id).where(
        TelegramLink.username == username, TelegramLink.user_id != user_id)).first() is not None


def unlink_chat(session, chat_id: str, now: datetime) -> None:
    """The chat's link goes back to waiting for a /start."""
    session.execute(update(TelegramLink).where(TelegramLink.chat_id == chat_id).values(
        chat_id=None, status="configuring", confirmed_at=None, updated_at=now))


def forget_telegram_link_of(session, user_id: str) -> None:
    session.execute(delete(TelegramLink).where(TelegramLink.user_id == user_id))


# --- template overrides ------------------------------------------------------------------

def overrides_by_channel(session, template: str, language: str) -> dict[str, dict]:
    """``{channel: {"subject", "body"}}`` of the operators' texts of one template and language."""
    rows = session.execute(select(TemplateOverride).where(
        TemplateOverride.template == template, TemplateOverride.language == language)).scalars()
    return {r.channel: {"subject": r.subject, "body": r.body} for r in rows}


def overrides_of(session, templates: list[str]) -> dict[tuple[str, str, str], TemplateOverride]:
    """The overrides of ``templates`` by (template, channel, language)."""
    rows = session.execute(select(TemplateOverride).where(TemplateOverride.template.in_(templates))).scalars()
    return {(r.template, r.channel, r.language): r for r in rows}


def _key(template: str, channel: str, language: str) -> tuple:
    return (TemplateOverride.template == template, TemplateOverride.channel == channel,
            TemplateOverride.language == language)


def override(session, template: str, channel: str, language: str, *, for_update: bool = False) -> TemplateOverride | None:
    query = select(TemplateOverride).where(*_key(template, channel, language))
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def delete_override(session, template: str, channel: str, language: str) -> int:
    return session.execute(delete(TemplateOverride).where(*_key(template, channel, language))).rowcount


# --- deliveries ----------------------------------------------------------------------------

def queue_delivery_once(session, now: datetime, *, event_id: str, event_type: str, recipient: str,
                        channel: str, category: str, critical: bool, address: str | None, language: str,
                        subject: str | None, text: str, html: str | None, data: dict,
                        not_before: datetime) -> str | None:
    """A queued delivery, due at ``not_before``, unless (event, recipient, channel) already
    has one: the new delivery's id, or None."""
    delivery_id = new_id()
    added = insert_ignore(
        session, Delivery, id=delivery_id, event_id=event_id, event_type=event_type, recipient=recipient,
        channel=channel, category=category, critical=critical, status=QUEUED, address=address,
        language=language, subject=subject, search_text=search_text(event_type, subject, address),
        text=text, html=html, data=data, done=[], attempts=0,
        next_attempt_at=not_before, claimed_until=None, last_error=None, provider_ids=[],
        created_at=now, updated_at=now, sent_at=None)
    return delivery_id if added else None


#: what the deliveries list sorts by (schemas.DeliveryQuery)
DELIVERY_COLUMNS = {"created_at": Delivery.created_at, "updated_at": Delivery.updated_at,
                    "status": Delivery.status, "channel": Delivery.channel, "attempts": Delivery.attempts}


def filtered_deliveries(query: dict):
    """The deliveries list's ``select``: equality on ``event_id``, ``recipient``, ``status``,
    ``channel``; the recipient's partial name; the period queued; text (event type,
    subject, address, the recipient's name); in the query's order (newest first)."""
    conditions = [getattr(Delivery, name) == query[name]
                  for name in ("event_id", "recipient", "status", "channel") if query.get(name)]
    conditions += name_matches(Delivery.recipient, query.get("recipient_name"))
    conditions += listing.within(Delivery.created_at, query)
    conditions += listing.matching(query.get("q"), [Delivery.search_text],
                                   people=[Delivery.recipient])
    return listing.sorted_by(select(Delivery).where(*conditions), query["sort"], DELIVERY_COLUMNS, Delivery.id)


def claim_due_deliveries(session, now: datetime, batch: int, only: list[str] | None = None) -> list[Delivery]:
    """Pending deliveries due at ``now`` that no live claim holds, oldest due first, locked
    with ``FOR UPDATE SKIP LOCKED`` (another replica takes other rows); ``only``: just these."""
    query = (select(Delivery)
             .where(Delivery.status.in_(PENDING), Delivery.next_attempt_at <= now,
                    or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
             .order_by(Delivery.next_attempt_at, Delivery.id)
             .limit(batch)
             .with_for_update(skip_locked=True))
    if only is not None:
        query = query.where(Delivery.id.in_(only))
    return list(session.execute(query).scalars())
