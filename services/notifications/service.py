"""The notifications service (N1–N7): who hears about which event, on which channel, once.

Entrypoints only. It subscribes to every event its routing table lists (one handler per
row, generated below), keeps contacts from identity's events, and a timer sends the
deliveries that are due (first attempts the handler did not finish, retries, messages
held back by quiet hours).
"""
from __future__ import annotations

import structlog
from nameko.timer import timer

from kit import config as kit_config
from kit.events import event_handler
from kit.providers import Settings
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import load
from kit.service import BaseService
from services.notifications import dispatch, handlers, schemas
from services.notifications.dependencies import Channels, IdentityDirectory
from services.notifications.domain.routing import ROUTES

log = structlog.get_logger(__name__)

SETTINGS = {
    # seconds to wait for identity about a person whose contact events have not arrived yet
    "IDENTITY_RPC_TIMEOUT": "3",
    # e-mail: SMTP when SMTP_HOST is set, else .eml files under var/sandbox/mail
    "SMTP_HOST": "",
    "SMTP_PORT": "25",
    "SMTP_FROM": "no-reply@platform.local",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": "0",
    # SMS over an HTTP provider when SMS_API_URL is set, else the sandbox
    "SMS_API_URL": "",
    "SMS_API_KEY": "",
    "SMS_SENDER": "Platform",
    # FCM-style push when PUSH_API_URL (the messages:send URL) is set, else the sandbox
    "PUSH_API_URL": "",
    "PUSH_API_KEY": "",
    # Telegram Bot API when TELEGRAM_BOT_TOKEN is set, else the sandbox
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TELEGRAM_BOT_TOKEN": "",
    "TELEGRAM_WEBHOOK_SECRET": "",
    "TELEGRAM_BOT_USERNAME": "",
    # delivery (N6): attempts, exponential backoff base and cap (seconds)
    "DELIVERY_MAX_ATTEMPTS": "6",
    "DELIVERY_RETRY_BASE": "30",
    "DELIVERY_RETRY_MAX": "3600",
    "DELIVERY_POLL_INTERVAL": "1",
    "DELIVERY_BATCH_SIZE": "50",
    "DELIVERY_LEASE": "120",
    "DELIVERY_TIMEOUT": "10",
}
#: Nameko fixes a timer's interval when the class is defined, so it is read from the environment here.
POLL_INTERVAL = float(kit_config.get("DELIVERY_POLL_INTERVAL", SETTINGS["DELIVERY_POLL_INTERVAL"]))


class NotificationsService(BaseService):
    name = "notifications"

    settings = Settings(handlers.Settings.from_config)
    channels = Channels()
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    # --- events: fan-out (one handler per routing row, see the end of the module) ------

    def notify(self, source: str, envelope: dict) -> None:
        errors = schemas.CONSUMED[(source, envelope["type"])]().validate(envelope.get("data") or {})
        if errors:  # retried, then dead-lettered where an operator sees it
            raise ValueError("{}.{} lacks fields: {}".format(source, envelope["type"], errors))
        with self.db.unit_of_work() as uow:
            if not uow.first_delivery(envelope, "notifications.fan_out"):
                return
            due = handlers.fan_out(uow, source, envelope, IdentityDirectory(self.identity), self.settings)
        self._send_now(due)

    def remember_contact(self, envelope: dict) -> None:
        with self.db.unit_of_work() as uow:
            if uow.first_delivery(envelope, "notifications.contacts"):
                handlers.remember_contact(uow, envelope)

    def _send_now(self, delivery_ids: list[str]) -> None:
        """First attempts right away; whatever this misses, the timer sends."""
        if not delivery_ids:
            return
        try:
            dispatch.send_due(self.db, self.channels, self.settings, only=delivery_ids)
        except Exception:
            log.exception("immediate_send_failed", deliveries=len(delivery_ids))

    @timer(interval=POLL_INTERVAL)
    def send_due_deliveries(self):
        dispatch.send_due(self.db, self.channels, self.settings)

    # --- in-app inbox -----------------------------------------------------------------

    @rpc
    def list_notifications(self, query=None):
        data = load(schemas.InboxQuery(), query)
        with self.db.unit_of_work() as uow:
            return handlers.list_notifications(uow, self.caller, data)

    @rpc
    def unread_count(self):
        with self.db.unit_of_work() as uow:
            return handlers.unread_count(uow, self.caller)

    @rpc
    def mark_read(self, notification_id):
        with self.db.unit_of_work() as uow:
            return handlers.mark_read(uow, self.caller, str(notification_id))

    @rpc
    def mark_all_read(self):
        with self.db.unit_of_work() as uow:
            return handlers.mark_all_read(uow, self.caller)

    # --- preferences (N2) ---------------------------------------------------------------

    @rpc
    def get_preferences(self):
        with self.db.unit_of_work() as uow:
            return handlers.get_preferences(uow, self.caller)

    @rpc
    def update_preferences(self, payload):
        data = load(schemas.PreferencesUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.update_preferences(uow, self.caller, data)

    # --- push devices ---------------------------------------------------------------------

    @rpc(sensitive_arguments=("payload",))
    def register_device(self, payload):
        data = load(schemas.DeviceRegistration(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.register_device(uow, self.caller, data)

    @rpc
    def list_devices(self):
        with self.db.unit_of_work() as uow:
            return handlers.list_devices(uow, self.caller)

    @rpc
    def delete_device(self, device_id):
        with self.db.unit_of_work() as uow:
            return handlers.delete_device(uow, self.caller, str(device_id))

    # --- Telegram (N7) -----------------------------------------------------------------

    @rpc
    def get_telegram_link(self):
        with self.db.unit_of_work() as uow:
            return handlers.get_telegram_link(uow, self.caller, self.settings)

    @rpc
    def set_telegram_link(self, payload):
        data = load(schemas.TelegramLinkRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.set_telegram_link(uow, self.caller, data, self.settings)

    @rpc(sensitive_arguments=("secret",))
    def telegram_update(self, update, secret):
        """The bot's webhook (called by the gateway with Telegram's secret token header)."""
        handlers.check_telegram_secret(secret, self.settings)
        data = load(schemas.TelegramUpdate(), update)
        with self.db.unit_of_work() as uow:
            result = handlers.telegram_update(uow, data, self.settings)
        self._send_now(result.pop("due"))
        return result

    # --- templates and deliveries (operators) -----------------------------------------

    @rpc
    def list_templates(self, template=None):
        with self.db.unit_of_work() as uow:
            return handlers.list_templates(uow, self.caller, template)

    @rpc
    def put_template(self, key, payload):
        where = load(schemas.TemplateKey(), key)
        data = load(schemas.TemplateOverrideRequest(), payload)
        with self.db.unit_of_work() as uow:
            return handlers.put_template(uow, self.caller, where, data)

    @rpc
    def delete_template(self, key):
        where = load(schemas.TemplateKey(), key)
        with self.db.unit_of_work() as uow:
            return handlers.delete_template(uow, self.caller, where)

    @rpc
    def list_deliveries(self, query=None):
        data = load(schemas.DeliveryQuery(), query)
        with self.db.unit_of_work() as uow:
            return handlers.list_deliveries(uow, self.caller, data)

    @rpc
    def retry_delivery(self, delivery_id):
        with self.db.unit_of_work() as uow:
            result = handlers.retry_delivery(uow, self.caller, str(delivery_id))
        self._send_now([result["id"]])
        return result


# --- one event handler per routing row, and per identity event that changes contacts ----

def _notifier(source: str, event_type: str):
    def handle(self, envelope):
        self.notify(source, envelope)

    handle.__name__ = handle.__qualname__ = "notify_{}_{}".format(source, event_type)
    return event_handler(source, event_type)(handle)


def _contact_keeper(event_type: str):
    def handle(self, envelope):
        self.remember_contact(envelope)

    handle.__name__ = handle.__qualname__ = "remember_{}".format(event_type)
    return event_handler("identity", event_type)(handle)


for _route in ROUTES:
    _handler = _notifier(*_route.key)
    setattr(NotificationsService, _handler.__name__, _handler)
for _event_type in handlers.CONTACT_STATUS:
    _handler = _contact_keeper(_event_type)
    setattr(NotificationsService, _handler.__name__, _handler)

SERVICE = NotificationsService
