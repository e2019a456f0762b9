"""The support service: tickets by department with SLA and chat, the completed-works act,
client analytics and the Telegram support bot (S1–S8).

Entrypoints only: each parses its payload with the contract schema (path arguments join
it), runs one handler in one unit of work and returns plain data.
"""
from __future__ import annotations

from kit import providers
from kit.attachments import Storage
from kit.context import SYSTEM
from kit.events import event_handler
from kit.people import PeopleProjection, identity_fetch
from kit.personal_data import PersonalDataParticipant
from kit.periodic import drain, periodic
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.support import events, flows, schemas
from services.support.dependencies import SETTINGS, Bot, Deps, Settings, companies_fetch
from services.support.handlers import (
    acts, analytics, chat, files, organisations, personal_data, reference, sla, telegram, tickets,
)

__all__ = ["SERVICE", "SETTINGS", "SupportService"]


class SupportService(PersonalDataParticipant, PeopleProjection, BaseService):
    """Names of agents and authors come from identity's person events (:class:`PeopleProjection`);
    a person's export and erasure requests are answered (:class:`PersonalDataParticipant`)."""

    name = "support"
    personal_data = personal_data

    settings = providers.Settings(Settings.from_config)
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")
    storage = Storage()
    bot = Bot()

    @property
    def deps(self) -> Deps:
        return Deps(settings=self.settings, storage=self.storage, bot=self.bot, fetch_users=identity_fetch(self.identity),
                    fetch_companies=companies_fetch(self.identity))

    # --- identity's person events: names (the kit) and customer organisations (companies) ---

    @event_handler("identity", "user_registered", reads=events.MemberRead)
    def on_user_registered(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_updated", reads=events.MemberRead)
    def on_user_updated(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_enabled", reads=events.MemberRead)
    def on_user_enabled(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_disabled", reads=events.MemberRead)
    def on_user_disabled(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_deleted", reads=events.MemberRead)
    def on_user_deleted(self, envelope):
        self._remember_person(envelope)

    def person_changed(self, uow, person, envelope):
        organisations.member_changed(uow, SYSTEM, envelope, self.deps)

    # --- reference data ---

    @rpc
    def list_departments(self, query=None):
        data = load(schemas.ReferenceQuery(), query)
        with self.db.unit_of_work() as uow:
            return reference.list_departments(uow, self.caller, data, self.deps)

    @rpc
    def create_department(self, payload):
        data = load(schemas.DepartmentCreate(), payload)
        with self.db.unit_of_work() as uow:
            return reference.create_department(uow, self.caller, data, self.deps)

    @rpc
    def update_department(self, department_id, payload):
        data = dict(load(schemas.DepartmentUpdate(), payload), department_id=str(department_id))
        with self.db.unit_of_work() as uow:
            return reference.update_department(uow, self.caller, data, self.deps)

    @rpc
    def list_references(self, kind, query=None):
        data = dict(load(schemas.ReferenceQuery(), query), kind=schemas.reference_kind(kind))
        with self.db.unit_of_work() as uow:
            return reference.list_references(uow, self.caller, data, self.deps)

    @rpc
    def create_reference(self, kind, payload):
        kind = schemas.reference_kind(kind)
        data = dict(load(schemas.REFERENCE_CREATE[kind](), payload), kind=kind)
        with self.db.unit_of_work() as uow:
            return reference.create_reference(uow, self.caller, data, self.deps)

    @rpc
    def update_reference(self, kind, ref_id, payload):
        kind = schemas.reference_kind(kind)
        data = dict(load(schemas.REFERENCE_UPDATE[kind](), payload), kind=kind, ref_id=str(ref_id))
        with self.db.unit_of_work() as uow:
            return reference.update_reference(uow, self.caller, data, self.deps)

    # --- customer organisations, their objects and contracts ---

    @rpc
    def list_organisations(self):
        with self.db.unit_of_work() as uow:
            return organisations.list_organisations(uow, self.caller, {}, self.deps)

    @rpc
    def list_objects(self, organisation_id, query=None):
        data = dict(load(schemas.ReferenceQuery(), query), organisation_id=str(organisation_id))
        with self.db.unit_of_work() as uow:
            return organisations.list_objects(uow, self.caller, data, self.deps)

    @rpc
    def create_object(self, organisation_id, payload):
        data = dict(load(schemas.ObjectCreate(), payload), organisation_id=str(organisation_id))
        with self.db.unit_of_work() as uow:
            return organisations.create_object(uow, self.caller, data, self.deps)

    @rpc
    def update_object(self, object_id, payload):
        data = dict(load(schemas.ObjectUpdate(), payload), object_id=str(object_id))
        with self.db.unit_of_work() as uow:
            return organisations.update_object(uow, self.caller, data, self.deps)

    @rpc
    def list_contracts(self, organisation_id, query=None):
        data = dict(load(schemas.ContractQuery(), query), organisation_id=str(organisation_id))
        with self.db.unit_of_work() as uow:
            return organisations.list_contracts(uow, self.caller, data, self.deps)

    @rpc
    def create_contract(self, organisation_id, payload):
        data = dict(load(schemas.ContractCreate(), payload), organisation_id=str(organisation_id))
        with self.db.unit_of_work() as uow:
            return organisations.create_contract(uow, self.caller, data, self.deps)

    @rpc
    def update_contract(self, contract_id, payload):
        data = dict(load(schemas.ContractUpdate(), payload), contract_id=str(contract_id))
        with self.db.unit_of_work() as uow:
            return organisations.update_contract(uow, self.caller, data, self.deps)

    # --- tickets (S1, S2) ---

    @rpc
    def create_ticket(self, payload, request_key=None):
        data = dict(load(schemas.TicketCreate(), payload), request_key=request_key)
        with self.db.unit_of_work() as uow:
            return tickets.create_ticket(uow, self.caller, data, self.deps)

    @rpc
    def list_tickets(self, query=None):
        data = load(schemas.TicketQuery(), query)
        with self.db.unit_of_work() as uow:
            return tickets.list_tickets(uow, self.caller, data, self.deps)

    @rpc
    def update_ticket(self, number, payload):
        data = dict(load(schemas.TicketUpdate(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return tickets.update_ticket(uow, self.caller, data, self.deps)

    @rpc
    def archive_ticket(self, number):
        with self.db.unit_of_work() as uow:
            return tickets.archive_ticket(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def get_ticket(self, number):
        with self.db.unit_of_work() as uow:
            return tickets.get_ticket(uow, self.caller, {"number": int(number)}, self.deps)

    # --- chat (S3) ---

    @rpc
    def list_messages(self, number, query=None):
        data = dict(load(PageQuery(), query), number=int(number))
        with self.db.unit_of_work() as uow:
            return chat.list_messages(uow, self.caller, data, self.deps)

    @rpc
    def post_message(self, number, payload, request_key=None):
        data = dict(load(schemas.TicketMessagePost(), payload), number=int(number), request_key=request_key)
        with self.db.unit_of_work() as uow:
            return chat.post_message(uow, self.caller, data, self.deps)

    @rpc
    def mark_read(self, number, payload=None):
        data = dict(load(schemas.ChatReadRequest(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return chat.mark_read(uow, self.caller, data, self.deps)

    @rpc
    def all_messages(self, query=None):
        data = load(schemas.AllMessagesQuery(), query)
        with self.db.unit_of_work() as uow:
            return chat.all_messages(uow, self.caller, data, self.deps)

    # --- the completed-works act (S5) ---

    @rpc
    def get_act(self, number):
        with self.db.unit_of_work() as uow:
            return acts.get_act(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def issue_act(self, number, payload):
        data = dict(load(schemas.ActIssue(), payload), number=int(number))
        with self.db.unit_of_work() as uow:
            return acts.issue_act(uow, self.caller, data, self.deps)

    @rpc
    def accept_act(self, number):
        with self.db.unit_of_work() as uow:
            return acts.accept_act(uow, self.caller, {"number": int(number)}, self.deps)

    @rpc
    def act_pdf(self, number):
        with self.db.unit_of_work() as uow:
            return acts.act_pdf(uow, self.caller, {"number": int(number)}, self.deps)

    # --- client analytics (S6) ---

    @rpc
    def client_report(self, query=None):
        data = load(schemas.AnalyticsQuery(), query)
        with self.db.unit_of_work() as uow:
            return analytics.client_report(uow, self.caller, data, self.deps)

    # --- the Telegram support bot (S7) ---

    @rpc
    def get_telegram_link(self):
        with self.db.unit_of_work() as uow:
            return telegram.get_link(uow, self.caller, {}, self.deps)

    @rpc
    def set_telegram_link(self, payload):
        data = load(schemas.SupportTelegramUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return telegram.set_link(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("secret",))
    def telegram_update(self, update, secret=None):
        """Telegram, through the gateway's webhook (its secret header checked here)."""
        data = {"update": load(schemas.BotUpdateIn(), update), "secret": secret}
        return flows.telegram_update(self.db, SYSTEM, data, self.deps)

    # --- attachments ---

    @rpc(sensitive_arguments=("payload.data",))
    def upload_attachment(self, payload):
        data = load(schemas.AttachmentUpload(), payload)
        with self.db.unit_of_work() as uow:
            return files.upload_attachment(uow, self.caller, data, self.deps)

    @rpc
    def get_attachment(self, attachment_id):
        with self.db.unit_of_work() as uow:
            return files.get_attachment(uow, self.caller, {"attachment_id": str(attachment_id)}, self.deps)

    # --- SLA breach warnings (S8) ---

    @periodic("SLA_CHECK_INTERVAL", 60)
    def warn_sla_breaches(self):
        """Idempotent and safe with replicas: each due ticket is taken under SKIP LOCKED."""
        drain(self._warn_sla_batch, self.settings.sla_check_batch)

    def _warn_sla_batch(self) -> int:
        with self.db.unit_of_work(SYSTEM) as uow:
            return sla.warn_breaches(uow, SYSTEM, {"batch": self.settings.sla_check_batch}, self.deps)


SERVICE = SupportService
