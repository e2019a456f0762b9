"""The orders service: the catalog, orders of every kind and their state machines, the
order chat, booking access and event tickets (O1–O9, O11–O15).

Entrypoints only: each parses its payload with the contract schema, runs one handler in
one unit of work and returns plain data.
"""
from __future__ import annotations

from dataclasses import replace


from kit.context import SYSTEM
from kit.events import event_handler
from kit.providers import Settings
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.orders import handlers, schemas
from services.orders.dependencies import OrdersSettings, Storage, identity_fetch, timer
from services.orders.handlers import access, catalog, chat, orders, reactions, tickets

SETTINGS = {
    # HMAC key of event ticket QR payloads (O12): set it in production
    "TICKET_SIGNING_SECRET": "dev-insecure-ticket-signing-secret",
    # where attachments are kept (default: <VAR_DIR>/attachments)
    "ATTACHMENTS_DIR": "",
    "ATTACHMENT_MAX_BYTES": str(10 * 1024 * 1024),
    # seconds between runs of the auto-confirm timer (O6)
    "AUTO_CONFIRM_INTERVAL": "30",
    "AUTO_CONFIRM_BATCH": "100",
    # seconds to wait for identity when a name is not known locally yet
    "IDENTITY_RPC_TIMEOUT": "3",
    "SHARE_LINK_URL_TEMPLATE": "{PUBLIC_BASE_URL}/sharelink/reservation/{token}",
}


class OrdersService(BaseService):
    name = "orders"

    settings = Settings(OrdersSettings.from_config)
    storage = Storage()
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    @property
    def deps(self) -> handlers.Deps:
        return handlers.Deps(settings=self.settings, storage=self.storage,
                             fetch_users=identity_fetch(self.identity))

    # --- catalog (O1) ---

    @rpc
    def list_services(self, query=None):
        data = load(schemas.ServiceQuery(), query)
        with self.db.unit_of_work() as uow:
            return catalog.list_services(uow, self.caller, data)

    @rpc
    def get_service(self, service_id, query=None):
        data = load(schemas.ClientQuery(), query)
        with self.db.unit_of_work() as uow:
            return catalog.get_service(uow, self.caller, str(service_id), data)

    @rpc
    def create_service(self, payload):
        data = load(schemas.ServiceCreate(), payload)
        with self.db.unit_of_work() as uow:
            return catalog.create_service(uow, self.caller, data, self.deps)

    @rpc
    def update_service(self, service_id, payload):
        data = load(schemas.ServiceUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return catalog.update_service(uow, self.caller, str(service_id), data, self.deps)

    # --- orders (O2–O4, O14) ---

    @rpc
    def create_order(self, payload):
        data = load(schemas.OrderCreate(), payload)
        with self.db.unit_of_work() as uow:
            return orders.create_order(uow, self.caller, data, self.deps)

    @rpc
    def list_orders(self, query=None):
        data = load(schemas.OrdersQuery(), query)
        with self.db.unit_of_work() as uow:
            return orders.list_orders(uow, self.caller, data)

    @rpc
    def get_order(self, number, query=None):
        data = load(schemas.ClientQuery(), query)
        with self.db.unit_of_work() as uow:
            return orders.get_order(uow, self.caller, int(number), data, self.deps)

    @rpc
    def update_order(self, number, payload):
        data = load(schemas.OrderUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return orders.update_order(uow, self.caller, int(number), data, self.deps)

    @rpc
    def get_payable(self, order_number):
        """For the gateway's payment endpoints (docs/payments.md); never called by billing."""
        with self.db.unit_of_work() as uow:
            return orders.get_payable(uow, self.caller, int(order_number))

    # --- the client's actions (O6–O9) ---

    @rpc
    def confirm_completion(self, number):
        with self.db.unit_of_work() as uow:
            return orders.confirm_completion(uow, self.caller, int(number), self.deps)

    @rpc
    def return_to_work(self, number, payload=None):
        data = load(schemas.ReturnToWork(), payload)
        with self.db.unit_of_work() as uow:
            return orders.return_to_work(uow, self.caller, int(number), data, self.deps)

    @rpc
    def close_order(self, number, payload):
        data = load(schemas.CloseRequest(), payload)
        with self.db.unit_of_work() as uow:
            return orders.close_order(uow, self.caller, int(number), data, self.deps)

    @rpc
    def cancel_order(self, number, payload=None):
        data = load(schemas.CancelRequest(), payload)
        with self.db.unit_of_work() as uow:
            return orders.cancel_order(uow, self.caller, int(number), data, self.deps)

    @rpc
    def repeat_order(self, number):
        with self.db.unit_of_work() as uow:
            return orders.repeat_order(uow, self.caller, int(number))

    # --- chat (O5) ---

    @rpc
    def list_messages(self, number, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return chat.list_messages(uow, self.caller, int(number), data, self.deps)

    @rpc
    def post_message(self, number, payload):
        data = load(schemas.MessagePost(), payload)
        with self.db.unit_of_work() as uow:
            return chat.post_message(uow, self.caller, int(number), data, self.deps)

    @rpc
    def mark_read(self, number, payload=None):
        data = load(schemas.ReadRequest(), payload)
        with self.db.unit_of_work() as uow:
            return chat.mark_read(uow, self.caller, int(number), data)

    @rpc(sensitive_arguments=("payload.data",))
    def upload_attachment(self, payload):
        data = load(schemas.AttachmentUpload(), payload)
        with self.db.unit_of_work() as uow:
            return chat.upload_attachment(uow, self.caller, data, self.deps)

    @rpc
    def get_attachment(self, attachment_id):
        with self.db.unit_of_work() as uow:
            return chat.get_attachment(uow, self.caller, str(attachment_id), self.deps)

    # --- sharing (O11) and the calendar ---

    @rpc
    def get_shares(self, number):
        with self.db.unit_of_work() as uow:
            return access.get_shares(uow, self.caller, int(number), self.deps)

    @rpc
    def share_with_users(self, number, payload):
        data = load(schemas.ShareUsers(), payload)
        with self.db.unit_of_work() as uow:
            return access.share_with_users(uow, self.caller, int(number), data, self.deps)

    @rpc
    def revoke_access(self, number, user_id):
        with self.db.unit_of_work() as uow:
            return access.revoke_user(uow, self.caller, int(number), str(user_id), self.deps)

    @rpc
    def create_share_link(self, number):
        with self.db.unit_of_work() as uow:
            return access.create_link(uow, self.caller, int(number), self.deps)

    @rpc
    def delete_share_link(self, number):
        with self.db.unit_of_work() as uow:
            return access.delete_link(uow, self.caller, int(number))

    @rpc(sensitive_arguments=("token",))
    def preview_share_link(self, token):
        with self.db.unit_of_work() as uow:
            return access.preview_link(uow, self.caller, str(token), self.deps)

    @rpc(sensitive_arguments=("token",))
    def accept_share_link(self, token):
        with self.db.unit_of_work() as uow:
            return access.accept_link(uow, self.caller, str(token), self.deps)

    @rpc
    def calendar(self, query=None):
        data = load(schemas.CalendarQuery(), query)
        with self.db.unit_of_work() as uow:
            return access.calendar(uow, self.caller, data)

    # --- event tickets (O12) ---

    @rpc
    def ticket_qr(self, number, query=None):
        data = load(schemas.QrQuery(), query)
        with self.db.unit_of_work() as uow:
            return tickets.ticket_qr(uow, self.caller, int(number), data, self.deps)

    @rpc
    def check_in(self, payload):
        data = load(schemas.CheckIn(), payload)
        with self.db.unit_of_work() as uow:
            return tickets.check_in(uow, self.caller, data, self.deps)

    # --- billing's events (docs/payments.md) ---

    @event_handler("billing", "payment_started")
    def on_payment_started(self, event):
        self._react(event, "orders.on_payment_started", reactions.payment_started)

    @event_handler("billing", "payment_succeeded")
    def on_payment_succeeded(self, event):
        self._react(event, "orders.on_payment_succeeded", reactions.payment_succeeded)

    @event_handler("billing", "payment_failed")
    def on_payment_failed(self, event):
        self._react(event, "orders.on_payment_failed", reactions.payment_failed)

    @event_handler("billing", "refund_completed")
    def on_refund_completed(self, event):
        self._react(event, "orders.on_refund_completed", reactions.refund_completed)

    # --- identity's events: names and contacts of people on orders ---

    @event_handler("identity", "user_registered")
    def on_user_registered(self, event):
        self._react(event, "orders.on_user_registered", reactions.person_changed)

    @event_handler("identity", "user_updated")
    def on_user_updated(self, event):
        self._react(event, "orders.on_user_updated", reactions.person_changed)

    @event_handler("identity", "user_disabled")
    def on_user_disabled(self, event):
        self._react(event, "orders.on_user_disabled", reactions.person_changed)

    @event_handler("identity", "user_enabled")
    def on_user_enabled(self, event):
        self._react(event, "orders.on_user_enabled", reactions.person_changed)

    @event_handler("identity", "user_deleted")
    def on_user_deleted(self, event):
        self._react(event, "orders.on_user_deleted", reactions.person_changed)

    def _react(self, event, consumer, handler):
        system = replace(SYSTEM, correlation_id=self.caller.correlation_id or event.get("correlation_id"))
        with self.db.unit_of_work(system) as uow:
            if uow.first_delivery(event, consumer):
                handler(uow, event)

    # --- auto-confirm (O6) ---

    @timer("AUTO_CONFIRM_INTERVAL", 30)
    def auto_confirm(self):
        """Idempotent and safe with replicas: each due order is taken under SKIP LOCKED."""
        while True:
            with self.db.unit_of_work(SYSTEM) as uow:
                confirmed = reactions.auto_confirm_due(uow, self.settings.auto_confirm_batch)
            if confirmed < self.settings.auto_confirm_batch:
                return


SERVICE = OrdersService
