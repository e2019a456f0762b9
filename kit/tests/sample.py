"""A producer and a consumer service used to test the kit against the real broker."""
from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from marshmallow import fields

from kit import errors
from kit.contracts import EventSchema, ReadSchema, published
from kit.db import new_metadata
from kit.events import event_handler
from kit.remote import Remote
from kit.rpc import rpc
from kit.service import BaseService

metadata = new_metadata()
counters = Table("counters", metadata, Column("name", String(50), primary_key=True),
                 Column("value", Integer, nullable=False))


class Noted(EventSchema):
    note = fields.String(required=True)


class NotedRead(ReadSchema):
    note = fields.String(required=True)


PUBLISHED = published("sample_producer", {"noted": Noted})


class OrderMissing(errors.NotFound):
    code = "sample_order_missing"


class Producer(BaseService):
    name = "sample_producer"

    @rpc
    def emit(self, note: str, fail_after_emit: bool = False):
        with self.db.unit_of_work() as uow:
            event_id = uow.emit("noted", {"note": note})
            if fail_after_emit:
                raise errors.Conflict("changed my mind", code="sample_rolled_back")
        return event_id

    @rpc
    def whoami(self):
        return {"user_id": self.caller.user_id, "roles": sorted(self.caller.roles),
                "correlation_id": self.caller.correlation_id}

    @rpc
    def slow(self, seconds):
        import eventlet

        eventlet.sleep(seconds)
        return "late"

    @rpc
    def missing(self):
        raise OrderMissing("Order 42 not found", errors={"number": ["unknown"]})

    @rpc
    def broken(self):
        raise RuntimeError("secret internal detail")

    @rpc
    def strict(self, payload):
        from marshmallow import Schema, fields

        class Payload(Schema):
            amount = fields.Integer(required=True, strict=True)

        return Payload().load(payload)


class Consumer(BaseService):
    """Counts each ``noted`` event once; fails while the counter ``breaker`` is above 0."""

    name = "sample_consumer"

    @event_handler("sample_producer", "noted", reads=NotedRead)
    def on_noted(self, event):
        with self.db.unit_of_work() as uow:
            broken = uow.session.execute(
                select(counters.c.value).where(counters.c.name == "breaker")).scalar()
            if broken:
                _increment(uow.session, "failures")
        if broken:
            raise RuntimeError("cannot handle " + event["data"]["note"])
        with self.db.unit_of_work() as uow:
            if not uow.first_delivery(event, "sample_consumer.on_noted"):
                return
            _increment(uow.session, event["data"]["note"])

    @rpc
    def set_counter(self, name, value):
        with self.db.unit_of_work() as uow:
            _increment(uow.session, name)
            uow.session.execute(update(counters).where(counters.c.name == name).values(value=value))

    @rpc
    def count(self, name):
        with self.db.unit_of_work() as uow:
            return uow.session.execute(select(counters.c.value).where(counters.c.name == name)).scalar() or 0


def _increment(session, name):
    session.execute(pg_insert(counters).values(name=name, value=0).on_conflict_do_nothing())
    session.execute(update(counters).where(counters.c.name == name).values(value=counters.c.value + 1))


class Asker(BaseService):
    """Asks another service with a deadline (kit.remote)."""

    name = "sample_asker"
    producer = Remote("sample_producer", "PRODUCER_TIMEOUT", default_timeout=0.5)
    nobody = Remote("sample_nobody", "NOBODY_TIMEOUT")

    @rpc
    def ask(self, method, *args):
        return getattr(self.producer, method)(*args)

    @rpc
    def ask_nobody(self):
        return self.nobody.anything()
