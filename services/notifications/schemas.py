"""The notifications contract: payloads of its RPC methods (what it reads of events is in
``events.py``). Pure marshmallow, shared with the gateway."""
from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from kit.listing import ListQuery, Sort
from kit.schemas import DateTime, Lenient, PageQuery, Strict, page_of
from services.notifications.domain.delivery import STATUSES
from services.notifications.domain.messages import LANGUAGES, TEMPLATE_KEYS
from services.notifications.domain.routing import CATEGORIES, CHANNELS

PLATFORMS = ("android", "ios", "web")
HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="HH:MM, 24-hour clock.")
#: Telegram usernames: 5–32 letters, digits and underscores (given with or without "@")
TELEGRAM_USERNAME = validate.Regexp(r"^@?[A-Za-z][A-Za-z0-9_]{4,31}$",
                                    error="5–32 letters, digits or underscores, without @.")


# --- requests -------------------------------------------------------------------------

class InboxQuery(PageQuery):
    unread = fields.Boolean(metadata={"description": "true: only unread; false: only read"})


class QuietHoursInput(Strict):
    start = fields.String(required=True, validate=HHMM, metadata={
        "description": "when the quiet hours start, HH:MM (24-hour clock, local time)", "example": "22:00"})
    end = fields.String(required=True, validate=HHMM, metadata={
        "description": "when they end, HH:MM (may be the next morning)", "example": "08:00"})
    timezone = fields.String(load_default="Europe/Moscow", validate=validate.Length(min=1, max=64),
                             metadata={"description": "the IANA time zone of the times (default Europe/Moscow)"})


class PreferencesUpdate(Strict):
    """Any subset of the grid, and/or quiet hours (``null`` turns them off)."""

    categories = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CATEGORIES)),
        values=fields.Dict(keys=fields.String(validate=validate.OneOf(CHANNELS)),
                           values=fields.Boolean(truthy={True}, falsy={False})),
        metadata={"description": "category → channel → on/off, only what changes",
                  "example": {"news": {"sms": False, "telegram": False}}})
    quiet_hours = fields.Nested(QuietHoursInput, allow_none=True,
                                metadata={"description": "no sound at night: SMS, push and Telegram wait until the end (null turns them off)"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class DeviceRegistration(Strict):
    token = fields.String(required=True, validate=validate.Length(min=8, max=512),
                          metadata={"description": "the push token the platform (FCM, APNs, Web Push) gave the app"})
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS),
                             metadata={"description": "android, ios or web"})


class TelegramLinkRequest(Strict):
    """The Telegram username to link (``null`` unlinks); then send /start to the bot."""

    username = fields.String(required=True, allow_none=True, validate=TELEGRAM_USERNAME,
                             metadata={"description": "your Telegram username, with or without @ (null unlinks)"})

    @post_load
    def bare(self, data, **kwargs):
        if data.get("username"):
            data["username"] = data["username"].lstrip("@")
        return data


class TemplateOverrideRequest(Strict):
    subject = fields.String(allow_none=True, validate=validate.Length(max=300),
                            metadata={"description": "e-mail subject, inbox and push title"})
    body = fields.String(required=True, validate=validate.Length(min=1, max=4000),
                         metadata={"description": "Jinja text; the event's data are its variables"})


class TemplateKey(Strict):
    template = fields.String(required=True, validate=validate.OneOf(TEMPLATE_KEYS))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class DeliveryQuery(ListQuery):
    """Deliveries (operators) with the conventions of every list (kit.listing): the period
    is when a delivery was queued; ``q`` finds the event type, subject, address or the
    recipient's name."""

    event_id = fields.String(validate=validate.Length(max=64),
                             metadata={"description": "only the deliveries of this event"})
    recipient = fields.String(validate=validate.Length(max=64), metadata={"description": "the recipient's user id"})
    recipient_name = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "the recipient's partial name (every word part of their first or last name)"})
    status = fields.String(validate=validate.OneOf(STATUSES),
                           metadata={"description": "only deliveries in this state"})
    channel = fields.String(validate=validate.OneOf(CHANNELS),
                            metadata={"description": "only deliveries by this channel"})
    sort = Sort(("created_at", "updated_at", "status", "channel", "attempts"), default="-created_at")


# --- responses ------------------------------------------------------------------------

class Notification(Lenient):
    id = fields.String()
    type = fields.String(metadata={"description": "the event type, e.g. chat_message_posted"})
    category = fields.String(metadata={"description": "the notification category (the settings' row)"})
    title = fields.String(metadata={"description": "the notification's title"})
    body = fields.String(metadata={"description": "its text"})
    link = fields.String(allow_none=True, metadata={"description": "where it leads in the app, or null"})
    read = fields.Boolean(metadata={"description": "the person has read it"})
    read_at = DateTime(allow_none=True, metadata={"description": "when it was read, or null"})
    created_at = DateTime()
    data = fields.Dict(metadata={"description": "the event's fields, e.g. order_number"})


NotificationPage = page_of(Notification)


class UnreadCount(Lenient):
    unread = fields.Integer()


class Marked(Lenient):
    marked = fields.Integer(metadata={"description": "how many notifications were marked read"})


class QuietHours(Lenient):
    start = fields.String(metadata={"description": "when they start, HH:MM"})
    end = fields.String(metadata={"description": "when they end, HH:MM"})
    timezone = fields.String(metadata={"description": "the IANA time zone of the times"})


class Preferences(Lenient):
    categories = fields.Dict(metadata={"description": "category → channel → on/off"})
    channels = fields.List(fields.String(),
                           metadata={"description": "the channels there are: inbox, email, sms, push, telegram"})
    quiet_hours = fields.Nested(QuietHours, allow_none=True,
                                metadata={"description": "the quiet hours, or null when off"})
    always_on = fields.List(fields.String(), metadata={
        "description": "events that reach you whatever the grid and quiet hours say"})


class Device(Lenient):
    id = fields.String()
    token = fields.String(metadata={"description": "the push token"})
    platform = fields.String(metadata={"description": "android, ios or web"})
    created_at = DateTime()
    registered_at = DateTime(metadata={"description": "when the token was last registered (registering it again moves this)"})


class DeviceList(Lenient):
    items = fields.List(fields.Nested(Device), metadata={"description": "your devices registered for push"})


class TelegramLink(Lenient):
    username = fields.String(allow_none=True, metadata={"description": "the linked Telegram username, or null"})
    status = fields.String(metadata={"description": "needs_setup | configuring | confirmed"})
    status_label = fields.String(metadata={
        "description": "the status in the caller's language (manual 004: «Требуется настройка», «Настраивается», «Подтверждено»)"})
    bot_username = fields.String(allow_none=True, metadata={"description": "send /start to this bot"})
    confirmed_at = DateTime(allow_none=True,
                            metadata={"description": "when the link was confirmed by /start to the bot, or null"})


class Template(Lenient):
    template = fields.String(metadata={"description": "the template's code (the event it is for)"})
    channel = fields.String(metadata={"description": "the channel it is for"})
    language = fields.String(metadata={"description": "ru or en"})
    subject = fields.String(allow_none=True,
                            metadata={"description": "the subject (e-mail) or title (push, inbox), Jinja; null for channels without one"})
    body = fields.String(metadata={"description": "the text, Jinja: the event's fields are its variables"})
    overridden = fields.Boolean(metadata={"description": "an operator's text replaces the built-in one"})
    updated_by = fields.String(allow_none=True, metadata={"description": "the operator who changed it, or null"})
    updated_at = DateTime(allow_none=True, metadata={"description": "when it was changed, or null"})


class TemplateList(Lenient):
    items = fields.List(fields.Nested(Template),
                        metadata={"description": "every template in every channel and language"})


class DeliveryRecord(Lenient):
    id = fields.String()
    event_id = fields.String(metadata={"description": "the event it delivers"})
    event_type = fields.String(metadata={"description": "the event's type (order_status_changed…)"})
    recipient = fields.String(metadata={"description": "the recipient's user id"})
    recipient_name = fields.String(allow_none=True, metadata={"description": "the recipient's name, when known"})
    channel = fields.String(metadata={"description": "inbox, email, sms, push or telegram"})
    category = fields.String(metadata={"description": "the notification category (the settings' row)"})
    critical = fields.Boolean(metadata={"description": "a critical notice: sent whatever the settings and quiet hours"})
    status = fields.String(metadata={"description": "queued | sent | failed | retrying | dead"})
    address = fields.String(allow_none=True,
                            metadata={"description": "where it went: e-mail, phone, chat id or device"})
    subject = fields.String(allow_none=True, metadata={"description": "the subject or title sent"})
    attempts = fields.Integer(metadata={"description": "attempts made, counting one in flight"})
    sending = fields.Boolean(metadata={"description": "a worker is sending it right now"})
    next_attempt_at = DateTime(allow_none=True, metadata={"description": "when it is tried again, or null"})
    last_error = fields.String(allow_none=True, metadata={"description": "the last attempt's error, or null"})
    created_at = DateTime()
    updated_at = DateTime()
    sent_at = DateTime(allow_none=True, metadata={"description": "when it was sent, or null"})


DeliveryPage = page_of(DeliveryRecord)


class DeviceDeleted(Lenient):
    deleted = fields.String(metadata={"description": "the id of the device unregistered"})


class TelegramChat(Lenient):
    id = fields.Integer(required=True)


class TelegramUser(Lenient):
    id = fields.Integer()
    username = fields.String(allow_none=True)
    language_code = fields.String(allow_none=True)


class TelegramMessage(Lenient):
    message_id = fields.Integer()
    chat = fields.Nested(TelegramChat, required=True)
    text = fields.String(allow_none=True)
    from_ = fields.Nested(TelegramUser, data_key="from", attribute="from")


class TelegramUpdate(Lenient):
    """What the bot reads of Telegram's Update object (other kinds are ignored)."""

    update_id = fields.Integer(required=True)
    message = fields.Nested(TelegramMessage)
