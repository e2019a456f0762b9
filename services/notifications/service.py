"""The notifications service (N1–N7): who hears about which event, on which channel, once.

Entrypoints only. It subscribes to every event its routing table lists (one handler per
row, generated below), keeps people from identity's events (``PeopleProjection``), and a
periodic sweep sends the deliveries that are due (first attempts the event handler did not
finish, retries, messages held back by quiet hours).
"""
from __future__ import annotations

import structlog

from kit import providers
from kit.context import SYSTEM
from kit.events import event_handler
from kit.people import PeopleProjection
from kit.periodic import periodic
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import load
from kit.service import BaseService
from services.notifications import events, flows, schemas
from services.notifications.dependencies import SETTINGS, Channels, Deps, Settings, identity_lookups
from services.notifications.domain.routing import ROUTES
from services.notifications.handlers import (
    deliveries, devices, fanout, inbox, people, preferences, telegram, templates,
)

__all__ = ["SERVICE", "SETTINGS", "NotificationsService"]

log = structlog.get_logger(__name__)


class NotificationsService(PeopleProjection, BaseService):
    name = "notifications"

    settings = providers.Settings(Settings.from_config)
    channels = Channels()
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    @property
    def deps(self) -> Deps:
        return Deps(settings=self.settings, channels=self.channels, **identity_lookups(self.identity))

    # --- events: fan-out (one handler per routing row, see the end of the module) ------

    def notify(self, envelope: dict) -> None:
        with self.db.unit_of_work() as uow:
            due = fanout.fan_out(uow, self.caller, envelope, self.deps)
        self._send_now(due)

    def person_changed(self, uow, person: dict, envelope: dict) -> None:
        people.person_changed(uow, uow.caller, person, self.deps)

    def _send_now(self, delivery_ids: list[str]) -> None:
        """First attempts right away; whatever this misses, the periodic sweep sends."""
        if not delivery_ids:
            return
        try:
            flows.send_due(self.db, self.caller, {"only": delivery_ids}, self.deps)
        except Exception:
            log.exception("immediate_send_failed", deliveries=len(delivery_ids))

    @periodic("DELIVERY_POLL_INTERVAL", 1)
    def send_due_deliveries(self):
        return flows.send_due(self.db, SYSTEM, {}, self.deps)

    # --- in-app inbox -----------------------------------------------------------------

    @rpc
    def list_notifications(self, query=None):
        data = load(schemas.InboxQuery(), query)
        with self.db.unit_of_work() as uow:
            return inbox.list_notifications(uow, self.caller, data, self.deps)

    @rpc
    def unread_count(self):
        with self.db.unit_of_work() as uow:
            return inbox.unread_count(uow, self.caller, {}, self.deps)

    @rpc
    def mark_read(self, notification_id):
        with self.db.unit_of_work() as uow:
            return inbox.mark_read(uow, self.caller, {"notification_id": str(notification_id)}, self.deps)

    @rpc
    def mark_all_read(self):
        with self.db.unit_of_work() as uow:
            return inbox.mark_all_read(uow, self.caller, {}, self.deps)

    # --- preferences (N2) ---------------------------------------------------------------

    @rpc
    def get_preferences(self):
        with self.db.unit_of_work() as uow:
            return preferences.get_preferences(uow, self.caller, {}, self.deps)

    @rpc
    def update_preferences(self, payload):
        data = load(schemas.PreferencesUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return preferences.update_preferences(uow, self.caller, data, self.deps)

    # --- push devices ---------------------------------------------------------------------

    @rpc(sensitive_arguments=("payload",))
    def register_device(self, payload):
        data = load(schemas.DeviceRegistration(), payload)
        with self.db.unit_of_work() as uow:
            return devices.register_device(uow, self.caller, data, self.deps)

    @rpc
    def list_devices(self):
        with self.db.unit_of_work() as uow:
            return devices.list_devices(uow, self.caller, {}, self.deps)

    @rpc
    def delete_device(self, device_id):
        with self.db.unit_of_work() as uow:
            return devices.delete_device(uow, self.caller, {"device_id": str(device_id)}, self.deps)

    # --- Telegram (N7) -----------------------------------------------------------------

    @rpc
    def get_telegram_link(self):
        with self.db.unit_of_work() as uow:
            return telegram.get_telegram_link(uow, self.caller, {}, self.deps)

    @rpc
    def set_telegram_link(self, payload):
        data = load(schemas.TelegramLinkRequest(), payload)
        with self.db.unit_of_work() as uow:
            return telegram.set_telegram_link(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("secret",))
    def telegram_update(self, update, secret):
        """The bot's webhook (called by the gateway with Telegram's secret token header)."""
        telegram.check_webhook_secret(secret, self.settings)
        data = load(schemas.TelegramUpdate(), update)
        with self.db.unit_of_work() as uow:
            result = telegram.telegram_update(uow, self.caller, data, self.deps)
        self._send_now(result.pop("due"))
        return result

    # --- templates and deliveries (operators) -----------------------------------------

    @rpc
    def list_templates(self, template=None):
        with self.db.unit_of_work() as uow:
            return templates.list_templates(uow, self.caller, {"template": template}, self.deps)

    @rpc
    def put_template(self, key, payload):
        where = load(schemas.TemplateKey(), key)
        text = load(schemas.TemplateOverrideRequest(), payload)
        with self.db.unit_of_work() as uow:
            return templates.put_template(uow, self.caller, {"key": where, "text": text}, self.deps)

    @rpc
    def delete_template(self, key):
        where = load(schemas.TemplateKey(), key)
        with self.db.unit_of_work() as uow:
            return templates.delete_template(uow, self.caller, where, self.deps)

    @rpc
    def list_deliveries(self, query=None):
        data = load(schemas.DeliveryQuery(), query)
        with self.db.unit_of_work() as uow:
            return deliveries.list_deliveries(uow, self.caller, data, self.deps)

    @rpc
    def retry_delivery(self, delivery_id):
        with self.db.unit_of_work() as uow:
            result = deliveries.retry_delivery(uow, self.caller, {"delivery_id": str(delivery_id)}, self.deps)
        self._send_now([result["id"]])
        return result


# --- one event handler per routing row, reading what events.READS declares ------------

def _notifier(source: str, event_type: str):
    def handle(self, envelope):
        self.notify(envelope)

    handle.__name__ = handle.__qualname__ = "notify_{}_{}".format(source, event_type)
    return event_handler(source, event_type, reads=events.READS[(source, event_type)])(handle)


for _route in ROUTES:
    _handler = _notifier(*_route.key)
    setattr(NotificationsService, _handler.__name__, _handler)

SERVICE = NotificationsService
