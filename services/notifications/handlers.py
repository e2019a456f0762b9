"""Notifications use cases: plain functions of (unit of work, caller, input, settings)."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import structlog
from sqlalchemy import delete, func, select, update

from kit.context import Caller
from kit.errors import ValidationFailed
from services.notifications import exceptions as exc
from services.notifications.adapters import templates as rendering
from services.notifications.domain import delivery as rules
from services.notifications.domain import preferences
from services.notifications.domain.messages import LANGUAGES, TEMPLATE_KEYS, BUILT_IN
from services.notifications.domain.planning import Reach, plan
from services.notifications.domain.quiet_hours import QuietHours, QuietHoursProblem
from services.notifications.domain.routing import (
    ACCOUNT, CHANNELS, ROUTES, AccountUsers, Address, Route, User, route_for,
)
from services.notifications.models import (
    Contact, Delivery, Device, Notification, Preference, TelegramLink, TemplateOverride, new_id,
)

log = structlog.get_logger(__name__)

#: identity's event type → the status of the contact it leaves
CONTACT_STATUS = {"user_registered": "active", "user_updated": None, "user_enabled": "active",
                  "user_disabled": "disabled", "user_deleted": "deleted"}
#: event fields a push message carries as data (besides type, event id and link)
PUSH_DATA_FIELDS = ("order_number", "message_id", "payment_id", "refund_id", "account_id")


@dataclass(frozen=True)
class Settings:
    public_base_url: str
    retry: rules.RetryPolicy
    batch_size: int
    lease_seconds: float
    telegram_webhook_secret: str
    telegram_bot_username: str

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            public_base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
            retry=rules.RetryPolicy(max_attempts=int(config["DELIVERY_MAX_ATTEMPTS"]),
                                    base_delay=float(config["DELIVERY_RETRY_BASE"]),
                                    max_delay=float(config["DELIVERY_RETRY_MAX"])),
            batch_size=int(config["DELIVERY_BATCH_SIZE"]),
            lease_seconds=float(config["DELIVERY_LEASE"]),
            telegram_webhook_secret=config.get("TELEGRAM_WEBHOOK_SECRET") or "",
            telegram_bot_username=config.get("TELEGRAM_BOT_USERNAME") or "",
        )


class Directory(Protocol):
    """Identity, asked when an event names someone whose contacts have not arrived yet."""

    def users(self, user_ids: list[str]) -> list[dict]: ...

    def account_members(self, account_id: str) -> list[str]: ...


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# --- contacts (from identity's events) ------------------------------------------------

def _store_contact(session, view: dict, status: str | None, version_at: datetime, now: datetime) -> Contact:
    contact = session.get(Contact, view["user_id"])
    if contact is None:
        contact = Contact(user_id=view["user_id"], version_at=version_at, status=status or "active",
                          updated_at=now)
        session.add(contact)
    elif contact.version_at > version_at:
        return contact  # older news than what we know
    contact.account_id = view.get("account_id")
    contact.email, contact.phone = view.get("email"), view.get("phone")
    contact.full_name = view.get("full_name") or ""
    contact.language = view.get("language") if view.get("language") in LANGUAGES else "ru"
    contact.roles = list(view.get("roles") or [])
    if status:
        contact.status = status
    contact.version_at, contact.updated_at = version_at, now
    return contact


def remember_contact(uow, envelope: dict) -> None:
    """Keep how to reach a user as identity tells it (newest event wins)."""
    status = CONTACT_STATUS[envelope["type"]]
    contact = _store_contact(uow.session, envelope["data"], status,
                             _parse_time(envelope["occurred_at"]), uow.now())
    if contact.status == "deleted":  # the person is gone: forget their devices and chat
        uow.session.execute(delete(Device).where(Device.user_id == contact.user_id))
        uow.session.execute(delete(TelegramLink).where(TelegramLink.user_id == contact.user_id))


# --- fan-out (N3) -----------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    user_id: str
    language: str
    email: str | None = None
    phone: str | None = None
    registered: bool = True


def _contacts(uow, user_ids: list[str], directory: Directory | None) -> dict[str, Contact]:
    found = {c.user_id: c for c in uow.session.execute(
        select(Contact).where(Contact.user_id.in_(user_ids))).scalars()}
    missing = [i for i in user_ids if i not in found]
    if missing and directory is not None:
        now = uow.now()
        for view in directory.users(missing):
            status = {"pending": None}.get(view.get("status"), view.get("status"))
            view = dict(view, user_id=view.get("user_id") or view["id"])
            if status is None:
                continue  # not confirmed yet: nobody to notify
            found[view["user_id"]] = _store_contact(uow.session, view, status, now, now)
        uow.session.flush()
    return found


def _account_user_ids(uow, account_id: str, directory: Directory | None) -> list[str]:
    """The active users of an account: identity owns membership, so it is asked; the
    contacts kept from its events answer when it cannot be reached."""
    if directory is not None:
        try:
            return [str(i) for i in directory.account_members(account_id)]
        except Exception as error:
            log.warning("account_members_from_contacts", account_id=account_id, error=type(error).__name__)
    return list(uow.session.execute(select(Contact.user_id).where(
        Contact.account_id == account_id, Contact.status == "active")).scalars())


def _people(uow, targets: list, directory: Directory | None) -> list[Person]:
    user_ids: list[str] = []
    addresses: list[Address] = []
    for target in targets:
        if isinstance(target, User):
            user_ids.append(target.id)
        elif isinstance(target, AccountUsers):
            user_ids += _account_user_ids(uow, target.account_id, directory)
        elif isinstance(target, Address):
            addresses.append(target)
    user_ids = list(dict.fromkeys(user_ids))
    contacts = _contacts(uow, user_ids, directory) if user_ids else {}
    people = []
    for user_id in user_ids:
        contact = contacts.get(user_id)
        if contact is None or contact.status != "active":
            log.info("notification_recipient_skipped", user_id=user_id,
                     reason="unknown" if contact is None else contact.status)
            continue
        people.append(Person(user_id, contact.language, contact.email, contact.phone))
    people += [Person(a.user_id, a.language if a.language in LANGUAGES else "ru", a.email, a.phone,
                      registered=False) for a in addresses]
    return people


class _Texts:
    """Renders one event's texts, with operators' overrides looked up once per language."""

    def __init__(self, uow, template: str, data: dict, settings: Settings):
        self.uow, self.template, self.data, self.settings = uow, template, data, settings
        self._overrides: dict[str, dict] = {}

    def overrides(self, language: str) -> dict:
        if language not in self._overrides:
            rows = self.uow.session.execute(select(TemplateOverride).where(
                TemplateOverride.template == self.template, TemplateOverride.language == language)).scalars()
            self._overrides[language] = {r.channel: {"subject": r.subject, "body": r.body} for r in rows}
        return self._overrides[language]

    def content(self, channel: str, person: Person, timezone: str | None) -> rendering.Content:
        values = rendering.context(self.data, language=person.language, recipient_id=person.user_id,
                                   timezone=timezone)
        override = self.overrides(values["language"]).get(channel)
        if override:
            try:
                return rendering.render(self.template, channel, values, self.settings.public_base_url, override)
            except rendering.TemplateProblem as problem:  # a broken override must not silence the notice
                log.warning("template_override_failed", template=self.template, channel=channel,
                            language=values["language"], error=str(problem))
        return rendering.render(self.template, channel, values, self.settings.public_base_url)


def _reach(uow, person: Person) -> Reach:
    if not person.registered:
        return Reach(registered=False, email=person.email, phone=person.phone)
    has_devices = uow.session.execute(select(func.count()).select_from(Device).where(
        Device.user_id == person.user_id)).scalar() > 0
    chat = uow.session.execute(select(TelegramLink.chat_id).where(
        TelegramLink.user_id == person.user_id, TelegramLink.status == "confirmed")).scalar()
    return Reach(email=person.email, phone=person.phone, has_devices=has_devices, telegram_chat=chat)


def _push_data(event_type: str, event_id: str, data: dict, link: str | None) -> dict:
    values = {"type": event_type, "event_id": event_id, "link": link}
    values.update({k: data[k] for k in PUSH_DATA_FIELDS if data.get(k) is not None})
    return values


def _add_inbox(uow, event_id: str, route_type: str, category: str, user_id: str,
               content: rendering.Content, data: dict) -> bool:
    exists = uow.session.execute(select(Notification.id).where(
        Notification.event_id == event_id, Notification.user_id == user_id)).first()
    if exists:
        return False
    uow.session.add(Notification(
        id=new_id(), user_id=user_id, event_id=event_id, type=route_type, category=category,
        title=content.subject or "", body=content.text, link=content.link, data=data,
        created_at=uow.now()))
    return True


def _queue(uow, *, event_id: str, event_type: str, recipient: str, channel: str, category: str,
           critical: bool, address: str | None, content: rendering.Content, language: str,
           data: dict, not_before: datetime) -> str | None:
    exists = uow.session.execute(select(Delivery.id).where(
        Delivery.event_id == event_id, Delivery.recipient == recipient, Delivery.channel == channel)).first()
    if exists:
        return None
    now = uow.now()
    row = Delivery(
        id=new_id(), event_id=event_id, event_type=event_type, recipient=recipient, channel=channel,
        category=category, critical=critical, status=rules.QUEUED,
        address=None if channel == "push" else address, language=language,
        subject=content.subject, text=content.text, html=content.html, data=data, done=[],
        attempts=0, next_attempt_at=not_before, provider_ids=[], created_at=now, updated_at=now)
    uow.session.add(row)
    return row.id


def fan_out(uow, source: str, envelope: dict, directory: Directory | None, settings: Settings) -> list[str]:
    """Decide who hears about the event and on which channels: inbox entries now, one
    queued delivery per (recipient, channel). Returns the ids of deliveries due now."""
    route = route_for(source, envelope["type"])
    if route is None:
        return []
    data, event_id, now = envelope["data"], envelope["event_id"], uow.now()
    texts = _Texts(uow, route.template, data, settings)
    due, reached, emailed = [], set(), False
    for person in _people(uow, route.audience(data), directory):
        reached.add(person.user_id)
        stored = uow.session.get(Preference, person.user_id) if person.registered else None
        quiet = _quiet_hours(stored)
        timezone = quiet.timezone if quiet else (stored.timezone if stored else None)
        for planned in plan(route, _reach(uow, person), stored.choices if stored else None, quiet, now):
            content = texts.content(planned.channel, person, timezone)
            if planned.channel == "inbox":
                _add_inbox(uow, event_id, route.event_type, route.category, person.user_id, content, data)
                continue
            delivery_id = _queue(
                uow, event_id=event_id, event_type=route.event_type, recipient=person.user_id,
                channel=planned.channel, category=route.category, critical=route.critical,
                address=planned.address, content=content, language=person.language,
                data=_push_data(route.event_type, event_id, data, content.link),
                not_before=planned.not_before)
            emailed = emailed or planned.channel == "email"
            if delivery_id and planned.not_before <= now:
                due.append(delivery_id)
    if route.account_copies and emailed and data.get(route.account_copies):
        _keep_account_copies(uow, route, event_id, data, texts, reached, directory)
    return due


def _keep_account_copies(uow, route: Route, event_id: str, data: dict, texts: _Texts,
                         reached: set, directory: Directory | None) -> None:
    """N5: an e-mail to an account is also kept in the inbox of every user of the account."""
    account_id = str(data[route.account_copies])
    others = [i for i in _account_user_ids(uow, account_id, directory) if i not in reached]
    for person in _people(uow, [User(i) for i in others], directory):
        content = texts.content("inbox", person, None)
        _add_inbox(uow, event_id, route.event_type, route.category, person.user_id, content,
                   dict(data, account_copy=True))


# --- in-app inbox (N1) -------------------------------------------------------------------

def notification_view(row: Notification) -> dict:
    return {"id": row.id, "type": row.type, "category": row.category, "title": row.title,
            "body": row.body, "link": row.link, "read": row.read_at is not None,
            "read_at": _iso(row.read_at), "created_at": row.created_at.isoformat(), "data": row.data or {}}


def list_notifications(uow, caller: Caller, query: dict) -> dict:
    user_id = caller.require_user()
    conditions = [Notification.user_id == user_id]
    if query.get("unread") is True:
        conditions.append(Notification.read_at.is_(None))
    elif query.get("unread") is False:
        conditions.append(Notification.read_at.is_not(None))
    total = uow.session.execute(select(func.count()).select_from(Notification).where(*conditions)).scalar()
    page, per_page = query["page"], query["per_page"]
    rows = uow.session.execute(select(Notification).where(*conditions)
                               .order_by(Notification.created_at.desc(), Notification.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).scalars()
    return {"items": [notification_view(r) for r in rows], "total": total, "page": page, "per_page": per_page}


def unread_count(uow, caller: Caller) -> dict:
    user_id = caller.require_user()
    return {"unread": uow.session.execute(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))).scalar()}


def mark_read(uow, caller: Caller, notification_id: str) -> dict:
    user_id = caller.require_user()
    row = uow.session.execute(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id)).scalar_one_or_none()
    if row is None:
        raise exc.NotificationNotFound("No such notification")
    if row.read_at is None:
        row.read_at = uow.now()
    return notification_view(row)


def mark_all_read(uow, caller: Caller) -> dict:
    user_id = caller.require_user()
    marked = uow.session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=uow.now())).rowcount
    return {"marked": marked}


# --- preferences (N2) and quiet hours --------------------------------------------------

def _quiet_hours(stored: Preference | None) -> QuietHours | None:
    if stored is None or not stored.quiet_start or not stored.quiet_end:
        return None
    return QuietHours.parse(stored.quiet_start, stored.quiet_end, stored.timezone)


ALWAYS_ON = sorted(r.event_type for r in ROUTES if r.critical and r.category != ACCOUNT)


def preferences_view(stored: Preference | None) -> dict:
    quiet = _quiet_hours(stored)
    return {"categories": preferences.grid(stored.choices if stored else None), "channels": list(CHANNELS),
            "quiet_hours": quiet.as_dict() if quiet else None, "always_on": ALWAYS_ON}


def get_preferences(uow, caller: Caller) -> dict:
    return preferences_view(uow.session.get(Preference, caller.require_user()))


def update_preferences(uow, caller: Caller, data: dict) -> dict:
    """A change applies to the next event."""
    user_id = caller.require_user()
    stored = uow.session.get(Preference, user_id, with_for_update=True)
    if stored is None:
        stored = Preference(user_id=user_id, choices={}, updated_at=uow.now())
        uow.session.add(stored)
    if "categories" in data:
        try:
            stored.choices = preferences.change(stored.choices, data["categories"])
        except preferences.PreferenceProblem as problem:
            raise ValidationFailed("Some preferences are invalid", errors={"categories": problem.errors})
    if "quiet_hours" in data:
        quiet = data["quiet_hours"]
        if quiet is None:
            stored.quiet_start = stored.quiet_end = None
        else:
            try:
                parsed = QuietHours.parse(quiet["start"], quiet["end"], quiet.get("timezone"))
            except QuietHoursProblem as problem:
                raise ValidationFailed("The quiet hours are invalid", errors={"quiet_hours": problem.errors})
            stored.quiet_start, stored.quiet_end = quiet["start"], quiet["end"]
            stored.timezone = parsed.timezone
    stored.updated_at = uow.now()
    return preferences_view(stored)


# --- push devices -----------------------------------------------------------------------

def device_view(row: Device) -> dict:
    return {"id": row.id, "token": row.token, "platform": row.platform,
            "created_at": row.created_at.isoformat(), "registered_at": row.registered_at.isoformat()}


def register_device(uow, caller: Caller, data: dict) -> dict:
    """Registering a token again refreshes it; a token that moved to another person's
    account (a shared phone) now belongs to the caller."""
    user_id = caller.require_user()
    now = uow.now()
    row = uow.session.execute(select(Device).where(Device.token == data["token"]).with_for_update()).scalar_one_or_none()
    if row is None:
        row = Device(id=new_id(), user_id=user_id, token=data["token"], platform=data["platform"],
                     created_at=now, registered_at=now)
        uow.session.add(row)
    else:
        row.user_id, row.platform, row.registered_at = user_id, data["platform"], now
    uow.session.flush()
    return device_view(row)


def list_devices(uow, caller: Caller) -> dict:
    user_id = caller.require_user()
    rows = uow.session.execute(select(Device).where(Device.user_id == user_id)
                               .order_by(Device.created_at)).scalars()
    return {"items": [device_view(r) for r in rows]}


def delete_device(uow, caller: Caller, device_id: str) -> dict:
    user_id = caller.require_user()
    row = uow.session.execute(select(Device).where(Device.id == device_id, Device.user_id == user_id)).scalar_one_or_none()
    if row is None:
        raise exc.DeviceNotFound("No such device")
    uow.session.delete(row)
    return {"deleted": device_id}


# --- Telegram link (N7) -----------------------------------------------------------------

def telegram_view(row: TelegramLink | None, settings: Settings) -> dict:
    return {"username": row.username if row else None, "status": row.status if row else "needs_setup",
            "bot_username": settings.telegram_bot_username or None,
            "confirmed_at": _iso(row.confirmed_at) if row else None}


def get_telegram_link(uow, caller: Caller, settings: Settings) -> dict:
    return telegram_view(uow.session.get(TelegramLink, caller.require_user()), settings)


def set_telegram_link(uow, caller: Caller, data: dict, settings: Settings) -> dict:
    """A username makes the link ``configuring`` until its owner sends /start to the bot;
    no username is ``needs_setup``."""
    user_id = caller.require_user()
    now = uow.now()
    username = (data.get("username") or "").lower() or None
    row = uow.session.get(TelegramLink, user_id, with_for_update=True)
    if row is None:
        row = TelegramLink(user_id=user_id, status="needs_setup", updated_at=now)
        uow.session.add(row)
    if username and uow.session.execute(select(TelegramLink.user_id).where(
            TelegramLink.username == username, TelegramLink.user_id != user_id)).first():
        raise exc.TelegramUsernameTaken("Another user linked this Telegram username",
                                        errors={"username": ["Already linked to another user."]})
    if username != row.username:
        row.username, row.chat_id, row.confirmed_at = username, None, None
        row.status = "configuring" if username else "needs_setup"
        row.updated_at = now
    return telegram_view(row, settings)


def check_telegram_secret(secret: str | None, settings: Settings) -> None:
    expected = settings.telegram_webhook_secret
    if not expected or not hmac.compare_digest((secret or "").encode(), expected.encode()):
        raise exc.TelegramSecretInvalid("The webhook secret token is wrong or not configured")


def telegram_update(uow, update: dict, settings: Settings) -> dict:
    """The bot received an update: ``/start`` from a linked username confirms the link and
    answers; from anyone else it explains how to link. Returns the replies to send."""
    message = update.get("message") or {}
    text = (message.get("text") or "").strip()
    if not text.startswith("/start"):
        return {"handled": False, "due": []}
    if not uow.first_delivery({"event_id": "tg-{}".format(update["update_id"])}, "notifications.telegram"):
        return {"handled": True, "due": []}
    sender = message.get("from") or {}
    username = (sender.get("username") or "").lower()
    chat_id = str(message["chat"]["id"])
    now = uow.now()
    row = uow.session.execute(select(TelegramLink).where(TelegramLink.username == username)
                              .with_for_update()).scalar_one_or_none() if username else None
    if row is not None:
        row.chat_id, row.status, row.confirmed_at, row.updated_at = chat_id, "confirmed", now, now
        contact = uow.session.get(Contact, row.user_id)
        person = Person(row.user_id, contact.language if contact else "ru")
        template, recipient = "telegram_linked", row.user_id
    else:
        language = "en" if (sender.get("language_code") or "").startswith("en") else "ru"
        person = Person("tg:" + chat_id, language, registered=False)
        template, recipient = "telegram_unknown_user", "tg:" + chat_id
    content = _Texts(uow, template, {}, settings).content("telegram", person, None)
    delivery_id = _queue(uow, event_id="tg-{}".format(update["update_id"]), event_type=template,
                         recipient=recipient, channel="telegram", category=ACCOUNT, critical=True,
                         address=chat_id, content=content, language=person.language, data={},
                         not_before=now)
    return {"handled": True, "status": row.status if row else "unknown_user",
            "due": [delivery_id] if delivery_id else []}


def forget_telegram_chat(uow, chat_id: str) -> None:
    """The chat blocked the bot: the link needs a new /start."""
    uow.session.execute(update(TelegramLink).where(TelegramLink.chat_id == chat_id).values(
        chat_id=None, status="configuring", confirmed_at=None, updated_at=uow.now()))


# --- templates (N4, operators) ---------------------------------------------------------

def _template_view(template: str, channel: str, language: str, row: TemplateOverride | None) -> dict:
    built_in = BUILT_IN[template][language]
    if row is not None:
        return {"template": template, "channel": channel, "language": language, "subject": row.subject,
                "body": row.body, "overridden": True, "updated_by": row.updated_by,
                "updated_at": row.updated_at.isoformat()}
    body = built_in.get("sms") if channel == "sms" and built_in.get("sms") else built_in["body"]
    return {"template": template, "channel": channel, "language": language, "subject": built_in["title"],
            "body": body, "overridden": False, "updated_by": None, "updated_at": None}


def list_templates(uow, caller: Caller, template: str | None = None) -> dict:
    caller.require_role("admin")
    keys = [template] if template else list(TEMPLATE_KEYS)
    if template and template not in TEMPLATE_KEYS:
        raise exc.TemplateNotFound("No such template")
    rows = {(r.template, r.channel, r.language): r for r in uow.session.execute(
        select(TemplateOverride).where(TemplateOverride.template.in_(keys))).scalars()}
    return {"items": [_template_view(k, c, lang, rows.get((k, c, lang)))
                      for k in keys for c in CHANNELS for lang in LANGUAGES]}


def put_template(uow, caller: Caller, key: dict, data: dict) -> dict:
    """Override the text of one event on one channel in one language."""
    caller.require_role("admin")
    errors = {}
    for name in ("subject", "body"):
        if data.get(name):
            try:
                rendering.compile_text(data[name])
            except rendering.TemplateProblem as problem:
                errors[name] = [str(problem)]
    if not errors:  # parses; now it must also render (the sandbox refuses unsafe access)
        try:
            rendering.render(key["template"], key["channel"], rendering.context({}, language=key["language"]),
                             "http://sample.invalid", {"subject": data.get("subject"), "body": data["body"]})
        except rendering.TemplateProblem as problem:
            errors["body"] = [str(problem)]
    if errors:
        raise exc.InvalidTemplate("The template does not render", errors=errors)
    row = uow.session.execute(select(TemplateOverride).where(
        TemplateOverride.template == key["template"], TemplateOverride.channel == key["channel"],
        TemplateOverride.language == key["language"]).with_for_update()).scalar_one_or_none()
    if row is None:
        row = TemplateOverride(id=new_id(), **key)
        uow.session.add(row)
    row.subject, row.body = data.get("subject"), data["body"]
    row.updated_by, row.updated_at = caller.user_id, uow.now()
    return _template_view(key["template"], key["channel"], key["language"], row)


def delete_template(uow, caller: Caller, key: dict) -> dict:
    """Back to the built-in text."""
    caller.require_role("admin")
    deleted = uow.session.execute(delete(TemplateOverride).where(
        TemplateOverride.template == key["template"], TemplateOverride.channel == key["channel"],
        TemplateOverride.language == key["language"])).rowcount
    if not deleted:
        raise exc.TemplateNotFound("This template is not overridden")
    return _template_view(key["template"], key["channel"], key["language"], None)


# --- deliveries (N6, operators) --------------------------------------------------------

def delivery_view(row: Delivery, now: datetime) -> dict:
    return {"id": row.id, "event_id": row.event_id, "event_type": row.event_type, "recipient": row.recipient,
            "channel": row.channel, "category": row.category, "critical": row.critical, "status": row.status,
            "address": row.address, "subject": row.subject, "attempts": row.attempts,
            "sending": bool(row.claimed_until and row.claimed_until > now),
            "next_attempt_at": _iso(row.next_attempt_at) if row.status in rules.PENDING else None,
            "last_error": row.last_error, "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(), "sent_at": _iso(row.sent_at)}


def list_deliveries(uow, caller: Caller, query: dict) -> dict:
    caller.require_role("admin")
    conditions = [getattr(Delivery, name) == query[name]
                  for name in ("event_id", "recipient", "status", "channel") if query.get(name)]
    total = uow.session.execute(select(func.count()).select_from(Delivery).where(*conditions)).scalar()
    page, per_page = query["page"], query["per_page"]
    rows = uow.session.execute(select(Delivery).where(*conditions)
                               .order_by(Delivery.created_at.desc(), Delivery.id)
                               .offset((page - 1) * per_page).limit(per_page)).scalars()
    now = uow.now()
    return {"items": [delivery_view(r, now) for r in rows], "total": total, "page": page, "per_page": per_page}


def retry_delivery(uow, caller: Caller, delivery_id: str) -> dict:
    """An operator sends a failed or dead delivery again (after fixing the cause)."""
    caller.require_role("admin")
    row = uow.session.get(Delivery, delivery_id, with_for_update=True)
    if row is None:
        raise exc.DeliveryNotFound("No such delivery")
    try:
        row.status = rules.replay(row.status)
    except rules.DeliveryRuleBroken as broken:
        raise exc.RuleRefused(str(broken), code=broken.code)
    row.attempts, row.next_attempt_at, row.claimed_until = 0, uow.now(), None
    row.updated_at = uow.now()
    return delivery_view(row, uow.now())

