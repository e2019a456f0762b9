"""The orders service: the catalog, orders of every kind and their state machines, the
order chat, booking access and event tickets (O1–O9, O11–O15).

Entrypoints only: each parses its payload with the contract schema (path arguments join
it as ``number``, ``service_id``…), runs one handler in one unit of work and returns
plain data.
"""
from __future__ import annotations

from dataclasses import replace

from kit import providers
from kit.attachments import Storage
from kit.context import SYSTEM
from kit.events import event_handler
from kit.listing import ExportPart
from kit.people import PeopleProjection, identity_fetch
from kit.periodic import drain, periodic
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.orders import events, flows, schemas
from services.orders.dependencies import SETTINGS, Deps, Settings
from services.orders.handlers import access, catalog, chat, orders, reactions, tickets

__all__ = ["SERVICE", "SETTINGS", "OrdersService"]


class OrdersService(PeopleProjection, BaseService):
    """Names on orders come from identity's person events (:class:`PeopleProjection`)."""

    name = "orders"

    settings = providers.Settings(Settings.from_config)
    storage = Storage()
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")
    coworking = Remote("coworking", "COWORKING_RPC_TIMEOUT")

    @property
    def deps(self) -> Deps:
        return Deps(settings=self.settings, storage=self.storage, fetch_users=identity_fetch(self.identity),
                    coworking=self.coworking)

    # --- catalog (O1) ---

    @rpc
    def list_services(self, query=None):
        data = load(schemas.ServiceQuery(), query)
        with self.db.unit_of_work() as uow:
            return catalog.list_services(uow, self.caller, data, self.deps)

    @rpc
    def get_service(self, service_id, query=None):
        data = dict(load(schemas.ClientQuery(), query), service_id=str(service_id))
        with self.db.unit_of_work() as uow:
            return catalog.get_service(uow, self.caller, data, self.deps)

    @rpc
    def create_service(self, payload):
        data = load(schemas.ServiceCreate(), payload)
        with self.db.unit_of_work() as uow:
            return catalog.create_service(uow, self.caller, data, self.deps)

    @rpc
    def update_service(self, service_id, payload):
        data = dict(load(schemas.ServiceUpdate(), payload), service_id=str(service_id))
        with self.db.unit_of_work() as uow:
            return catalog.update_service(uow, self.caller, data, self.deps)

    # --- orders (O2–O4, O14) ---

    @rpc
    def create_order(self, payload, idempotency_key=None):
        return flows.create_order(self.db, self.caller, load(schemas.OrderCreate(), payload), self.deps,
                                  idempotency_key=str(idempotency_key)[:255] if idempotency_key else None)

    @rpc
    def list_orders(self, query=None):
        data = load(schemas.OrdersQuery(), query)
        with self.db.unit_of_work() as uow:
            return orders.list_orders(uow, self.caller, data, self.deps)

    @rpc
    def export_orders(self, query=None, part=None):
        data = dict(load(schemas.OrdersQuery(), query), **load(ExportPart(), part))
        with self.db.unit_of_work() as uow:
            return orders.export_orders(uow, self.caller, data, self.deps)

    @rpc
    def get_order(self, number, query=None):
        data = dict(load(schemas.ClientQuery(), query), number=int(number))
        with self.db.unit_of_work() as uow:
            return orders.get_order(uow, self.caller, data, self.deps)

    @rpc
    def update_order(self, number, payload):
        data = dict(load(schemas.OrderUpdate(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return orders.update_order(uow, self.caller, data, self.deps)

    @rpc
    def get_payable(self, order_number):
        """For the gateway's payment endpoints (docs/payments.md); never called by billing."""
        with self.db.unit_of_work() as uow:
            return orders.get_payable(uow, self.caller, {"number": int(order_number)}, self.deps)

    # --- the client's actions (O6–O9) ---

    @rpc
    def confirm_completion(self, number):
        with self.db.unit_of_work() as uow:
            return orders.confirm_completion(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def return_to_work(self, number, payload=None):
        data = dict(load(schemas.ReturnToWork(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return orders.return_to_work(uow, self.caller, data, self.deps)

    @rpc
    def close_order(self, number, payload):
        data = dict(load(schemas.CloseRequest(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return orders.close_order(uow, self.caller, data, self.deps)

    @rpc
    def cancel_order(self, number, payload=None):
        data = dict(load(schemas.CancelRequest(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return orders.cancel_order(uow, self.caller, data, self.deps)

    @rpc
    def repeat_order(self, number):
        with self.db.unit_of_work() as uow:
            return orders.repeat_order(uow, self.caller, {"number": int(number)}, self.deps)

    # --- chat (O5) ---

    @rpc
    def list_messages(self, number, query=None):
        data = dict(load(PageQuery(), query), number=int(number))
        with self.db.unit_of_work() as uow:
            return chat.list_messages(uow, self.caller, data, self.deps)

    @rpc
    def post_message(self, number, payload):
        data = dict(load(schemas.MessagePost(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return chat.post_message(uow, self.caller, data, self.deps)

    @rpc
    def mark_read(self, number, payload=None):
        data = dict(load(schemas.ReadRequest(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return chat.mark_read(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload.data",))
    def upload_attachment(self, payload):
        data = load(schemas.AttachmentUpload(), payload)
        with self.db.unit_of_work() as uow:
            return chat.upload_attachment(uow, self.caller, data, self.deps)

    @rpc
    def get_attachment(self, attachment_id):
        with self.db.unit_of_work() as uow:
            return chat.get_attachment(uow, self.caller, {"attachment_id": str(attachment_id)}, self.deps)

    # --- sharing (O11) and the calendar ---

    @rpc
    def get_shares(self, number):
        with self.db.unit_of_work() as uow:
            return access.get_shares(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def share_with_users(self, number, payload):
        data = dict(load(schemas.ShareUsers(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return access.share_with_users(uow, self.caller, data, self.deps)

    @rpc
    def revoke_access(self, number, user_id):
        with self.db.unit_of_work() as uow:
            return access.revoke_user(uow, self.caller, {"number": int(number), "user_id": str(user_id)}, self.deps)

    @rpc
    def create_share_link(self, number):
        with self.db.unit_of_work() as uow:
            return access.create_link(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def delete_share_link(self, number):
        with self.db.unit_of_work() as uow:
            return access.delete_link(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc(sensitive_arguments=("token",))
    def preview_share_link(self, token):
        with self.db.unit_of_work() as uow:
            return access.preview_link(uow, self.caller, {"token": str(token)}, self.deps)

    @rpc(sensitive_arguments=("token",))
    def accept_share_link(self, token):
        with self.db.unit_of_work() as uow:
            return access.accept_link(uow, self.caller, {"token": str(token)}, self.deps)

    @rpc
    def calendar(self, query=None):
        data = load(schemas.CalendarQuery(), query)
        with self.db.unit_of_work() as uow:
            return access.calendar(uow, self.caller, data, self.deps)

    # --- event tickets (O12) ---

    @rpc
    def ticket_qr(self, number, query=None):
        data = dict(load(schemas.QrQuery(), query), number=int(number))
        with self.db.unit_of_work() as uow:
            return tickets.ticket_qr(uow, self.caller, data, self.deps)

    @rpc
    def check_in(self, payload):
        data = load(schemas.CheckIn(), payload)
        with self.db.unit_of_work() as uow:
            return tickets.check_in(uow, self.caller, data, self.deps)

    # --- billing's events (docs/payments.md) ---

    @event_handler("billing", "payment_started", reads=events.PaymentStartedRead)
    def on_payment_started(self, envelope):
        self._react(envelope, "orders.on_payment_started", reactions.payment_started)

    @event_handler("billing", "payment_succeeded", reads=events.PaymentSucceededRead)
    def on_payment_succeeded(self, envelope):
        self._react(envelope, "orders.on_payment_succeeded", reactions.payment_succeeded)

    @event_handler("billing", "payment_failed", reads=events.PaymentFailedRead)
    def on_payment_failed(self, envelope):
        self._react(envelope, "orders.on_payment_failed", reactions.payment_failed)

    @event_handler("billing", "refund_completed", reads=events.RefundCompletedRead)
    def on_refund_completed(self, envelope):
        self._react(envelope, "orders.on_refund_completed", reactions.refund_completed)

    @event_handler("billing", "order_invoice_requested", reads=events.OrderInvoiceRead)
    def on_order_invoice_requested(self, envelope):
        self._react(envelope, "orders.on_order_invoice_requested", reactions.invoice_requested)

    @event_handler("billing", "order_invoice_issued", reads=events.OrderInvoiceRead)
    def on_order_invoice_issued(self, envelope):
        self._react(envelope, "orders.on_order_invoice_issued", reactions.invoice_issued)

    # --- coworking's tickets (C2, C7, O10) ---

    @event_handler("coworking", "ticket_changed", reads=events.TicketChangedRead)
    def on_ticket_changed(self, envelope):
        self._react(envelope, "orders.on_ticket_changed", reactions.ticket_changed)

    @event_handler("coworking", "ticket_visitor_changed", reads=events.TicketVisitorChangedRead)
    def on_ticket_visitor_changed(self, envelope):
        self._react(envelope, "orders.on_ticket_visitor_changed", reactions.ticket_visitor_changed)

    def _react(self, envelope, consumer, handler):
        system = replace(SYSTEM, correlation_id=self.caller.correlation_id or envelope.get("correlation_id"))
        with self.db.unit_of_work(system) as uow:
            if uow.first_delivery(envelope, consumer):
                handler(uow, system, envelope, self.deps)

    # --- auto-confirm (O6) ---

    @periodic("AUTO_CONFIRM_INTERVAL", 30)
    def auto_confirm(self):
        """O6, and coworking rentals whose period ended. Idempotent and safe with replicas:
        each due order is taken under SKIP LOCKED."""
        drain(lambda: self._system_batch(reactions.auto_confirm_due), self.settings.auto_confirm_batch)
        drain(lambda: self._system_batch(reactions.rentals_ended), self.settings.auto_confirm_batch)

    def _system_batch(self, handler) -> int:
        with self.db.unit_of_work(SYSTEM) as uow:
            return handler(uow, SYSTEM, {"batch": self.settings.auto_confirm_batch}, self.deps)


SERVICE = OrdersService
