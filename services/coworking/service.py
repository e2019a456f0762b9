"""The coworking service: spaces and workplaces, tickets held for orders without double
booking, statuses derived from orders and the clock, validation at the door, change of
visitor and workplace, ticket transfer (C1–C10, O10).

Entrypoints only: each parses its payload with the contract schema, runs one handler in
one unit of work and returns plain data.
"""
from __future__ import annotations

from dataclasses import replace

from kit.context import SYSTEM
from kit.events import event_handler
from kit.people import PeopleProjection, identity_fetch
from kit.personal_data import PersonalDataParticipant
from kit.periodic import drain, periodic
from kit.providers import Settings
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import load
from kit.service import BaseService
from services.coworking import events, schemas
from services.coworking.dependencies import SETTINGS, Deps
from services.coworking.dependencies import Settings as CoworkingSettings
from services.coworking.handlers import holds, personal_data, reactions, spaces, tickets, transfers

__all__ = ["SERVICE", "SETTINGS", "CoworkingService"]


class CoworkingService(PersonalDataParticipant, PeopleProjection, BaseService):
    name = "coworking"
    personal_data = personal_data  # I6: answers a person's export and erasure requests

    settings = Settings(CoworkingSettings.from_config)
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    @property
    def deps(self) -> Deps:
        return Deps(settings=self.settings, fetch_users=identity_fetch(self.identity))

    def _run(self, handler, data=None, caller=None):
        with self.db.unit_of_work(caller) as uow:
            return handler(uow, caller or self.caller, data, self.deps)

    # --- spaces and workplaces (C1) ---

    @rpc
    def list_spaces(self, query=None):
        return self._run(spaces.list_spaces, load(schemas.SpaceQuery(), query))

    @rpc
    def list_workplaces(self, space_id, query=None):
        return self._run(spaces.list_workplaces, dict(load(schemas.PeriodQuery(), query), space_id=str(space_id)))

    @rpc
    def create_space(self, payload):
        return self._run(spaces.create_space, load(schemas.SpaceIn(), payload))

    @rpc
    def update_space(self, space_id, payload):
        return self._run(spaces.update_space, dict(load(schemas.SpaceUpdate(), payload), space_id=str(space_id)))

    @rpc
    def add_workplace(self, space_id, payload):
        return self._run(spaces.add_workplace, dict(load(schemas.WorkplaceIn(), payload), space_id=str(space_id)))

    @rpc
    def update_workplace(self, space_id, workplace_id, payload):
        data = dict(load(schemas.WorkplaceUpdate(), payload), space_id=str(space_id), workplace_id=str(workplace_id))
        return self._run(spaces.update_workplace, data)

    # --- holds, while orders creates an order (C2) ---

    @rpc
    def hold_workplace(self, payload):
        return self._run(holds.hold_workplace, load(schemas.HoldRequest(), payload))

    @rpc
    def release_hold(self, order_number):
        return self._run(holds.release_hold, {"order_number": int(order_number)})

    # --- tickets (C4–C9) ---

    @rpc
    def list_tickets(self, query=None):
        return self._run(tickets.list_tickets, load(schemas.CoworkingTicketQuery(), query))

    @rpc
    def get_ticket(self, number):
        return self._run(tickets.get_ticket, {"number": int(number)})

    @rpc
    def validate_ticket(self, number):
        return self._run(tickets.validate_ticket, {"number": int(number)})

    @rpc
    def reset_validation(self, number):
        return self._run(tickets.reset_validation, {"number": int(number)})

    @rpc
    def check_entry(self, number):
        return self._run(tickets.entry, {"number": int(number)})

    @rpc
    def change_visitor(self, number, payload):
        return self._run(tickets.change_visitor, dict(load(schemas.VisitorChange(), payload), number=int(number)))

    @rpc
    def change_workplace(self, number, payload):
        return self._run(tickets.change_workplace, dict(load(schemas.WorkplaceChange(), payload), number=int(number)))

    @rpc
    def calendar(self, query=None):
        return self._run(tickets.calendar, load(schemas.CoworkingCalendarQuery(), query))

    # --- transfer (O10) ---

    @rpc
    def transfer_ticket(self, number, payload):
        return self._run(transfers.transfer_ticket, dict(load(schemas.VisitorChange(), payload), number=int(number)))

    @rpc
    def create_invitation(self, number):
        return self._run(transfers.create_invitation, {"number": int(number)})

    @rpc
    def list_invitations(self, number):
        return self._run(transfers.list_invitations, {"number": int(number)})

    @rpc
    def revoke_invitation(self, number, invitation_id):
        return self._run(transfers.revoke_invitation, {"number": int(number), "invitation_id": str(invitation_id)})

    @rpc
    def preview_invitation(self, token):
        return self._run(transfers.preview_invitation, {"token": str(token)})

    @rpc
    def accept_invitation(self, token):
        return self._run(transfers.accept_invitation, {"token": str(token)})

    # --- following orders (C3) ---

    @event_handler("orders", "order_created", reads=events.OrderCreatedRead)
    def on_order_created(self, envelope):
        self._react(envelope, "coworking.on_order_created")

    @event_handler("orders", "order_status_changed", reads=events.OrderStatusChangedRead)
    def on_order_status_changed(self, envelope):
        self._react(envelope, "coworking.on_order_status_changed")

    def _react(self, envelope, consumer):
        system = replace(SYSTEM, correlation_id=envelope.get("correlation_id"))
        with self.db.unit_of_work(system) as uow:
            if uow.first_delivery(envelope, consumer):
                reactions.order_moved(uow, system, envelope, self.deps)

    def person_changed(self, uow, person, envelope):
        reactions.person_changed(uow, SYSTEM, person, self.deps)

    # --- the clock (C3) and lapsed holds ---

    @periodic("TICKET_SWEEP_INTERVAL", 30)
    def sweep(self):
        batch = {"batch": self.settings.sweep_batch}
        drain(lambda: self._run(reactions.sweep_due, batch, SYSTEM), self.settings.sweep_batch)
        drain(lambda: self._run(holds.release_lapsed_holds, batch, SYSTEM), self.settings.sweep_batch)


SERVICE = CoworkingService
