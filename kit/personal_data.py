"""A person's rights over their data (I6, manual 004 «Действия над персональными данными»):
every service that keeps something about a person takes part in the export and the
erasure identity coordinates.

Identity owns the requests. It announces ``identity.personal_data_export_requested`` and
``identity.person_erasure_requested`` (``request_id``, ``user_id``, ``account_id``,
``sole_member``: nobody else uses the person's account); each participant — a service class
with the :class:`PersonalDataParticipant` mixin and a ``personal_data`` handlers module —
answers once per request, in the transaction of its work, with ``personal_data_exported``
(its tables of the person's rows) or ``person_erased`` (what it erased, by kind). Identity
keeps the progress per service and finishes the request when all have answered. A
redelivered request is answered once (``uow.first_delivery``); a service that was down
answers when it is back (the request waits in its durable queue).

    class OrdersService(PersonalDataParticipant, PeopleProjection, BaseService):
        personal_data = personal_data_handlers   # export(uow, caller, data, deps) -> tables
                                                 # erase(uow, caller, data, deps) -> {kind: count}
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from marshmallow import fields

from kit.context import SYSTEM
from kit.contracts import EventSchema, ReadSchema, occurred_at
from kit.events import event_handler

#: identity's events that ask every participant
EXPORT_REQUESTED = "personal_data_export_requested"
ERASURE_REQUESTED = "person_erasure_requested"
#: the participants' answers
EXPORTED = "personal_data_exported"
ERASED = "person_erased"
#: the services that keep something about a person besides identity (identity waits for each)
PARTICIPANTS = ("orders", "coworking", "support", "billing", "notifications")


class RequestRead(ReadSchema):
    """What a participant reads of identity's two requests."""

    request_id = fields.String(required=True)
    user_id = fields.String(required=True)
    account_id = fields.String(allow_none=True)
    sole_member = fields.Boolean(allow_none=True)


class Exported(EventSchema):
    """``personal_data_exported``: one service's part of an export."""

    request_id = fields.String(required=True)
    user_id = fields.String(required=True)
    service = fields.String(required=True)
    #: {table: [{column: text}]}: what the person's CSV files show of this service
    tables = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict(keys=fields.String(),
                                                                             values=fields.String())),
                         required=True)


class Erased(EventSchema):
    """``person_erased``: one service erased or anonymized what it kept about the person."""

    request_id = fields.String(required=True)
    user_id = fields.String(required=True)
    service = fields.String(required=True)
    #: {what: how many rows} (kept money records are not counted: they stay)
    erased = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class ExportedRead(ReadSchema):
    """What identity reads of a participant's export."""

    request_id = fields.String(required=True)
    service = fields.String(required=True)
    tables = fields.Dict(required=True)


class ErasedRead(ReadSchema):
    """What identity reads of a participant's erasure."""

    request_id = fields.String(required=True)
    service = fields.String(required=True)
    erased = fields.Dict(required=True)


#: identity's read schema of each answer
ANSWER_READS = {EXPORTED: ExportedRead, ERASED: ErasedRead}


#: what a participant declares in its ``PUBLISHED`` besides its own events
PUBLISHED_EVENTS = {EXPORTED: Exported, ERASED: Erased}


def text(value) -> str:
    """A value as one CSV cell."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def rows(records, columns: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    """``records`` (objects or mappings) as CSV rows of ``columns``."""
    found = []
    for record in records:
        get = record.get if isinstance(record, dict) else (lambda name, _r=record: getattr(_r, name, None))
        found.append({column: text(get(column)) for column in columns})
    return found


class PersonalDataParticipant:
    """Mixin for a service class: answers identity's export and erasure requests once each
    (consumers ``<service>.personal_data_export`` / ``<service>.personal_data_erasure``)."""

    #: the service's handlers module: ``export`` and ``erase``, each ``(uow, caller, data, deps)``
    personal_data = None

    @event_handler("identity", EXPORT_REQUESTED, reads=RequestRead)
    def on_personal_data_export_requested(self, envelope):
        with self.db.unit_of_work(self._personal_data_caller(envelope)) as uow:
            if not uow.first_delivery(envelope, "{}.personal_data_export".format(self.name)):
                return
            data = envelope["data"]
            tables = self.personal_data.export(uow, uow.caller, data, self._personal_data_deps())
            uow.emit(EXPORTED, {"request_id": data["request_id"], "user_id": data["user_id"],
                                "service": self.name, "tables": tables})

    @event_handler("identity", ERASURE_REQUESTED, reads=RequestRead)
    def on_person_erasure_requested(self, envelope):
        with self.db.unit_of_work(self._personal_data_caller(envelope)) as uow:
            if not uow.first_delivery(envelope, "{}.personal_data_erasure".format(self.name)):
                return
            data = dict(envelope["data"], requested_at=occurred_at(envelope))
            erased = self.personal_data.erase(uow, uow.caller, data, self._personal_data_deps())
            uow.emit(ERASED, {"request_id": data["request_id"], "user_id": data["user_id"],
                              "service": self.name, "erased": erased})

    @staticmethod
    def _personal_data_caller(envelope):
        return replace(SYSTEM, correlation_id=envelope.get("correlation_id"))

    def _personal_data_deps(self):
        return getattr(self, "deps", None)
