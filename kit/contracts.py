"""Event contracts: each event's schema is written once, by its producer, and checked.

A producer's ``events.py`` declares every event it publishes::

    PUBLISHED = published("orders", {
        "order_created": OrderCreated,          # an EventSchema: required / allow_none say it all
        ...
    })

:meth:`kit.db.UnitOfWork.emit` validates each payload against that schema before it
enters the outbox, so a payload that breaks its contract fails the transaction that
built it (a bug, reported as ``internal_error``), never a consumer later. A consumer
declares what it reads with ``@event_handler(source, type, reads=Schema)``: its schema
names only the fields it uses; the message is checked against it on arrival, and
``tests/contracts`` checks once, offline, that every field a consumer reads is one the
producer declares, required and non-null wherever the consumer needs it to be.
"""
from __future__ import annotations

from datetime import datetime

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError

#: producer -> event type -> schema instance (filled when a producer's events module is imported)
PUBLISHED: dict[str, dict[str, Schema]] = {}


class ContractBroken(Exception):
    """A payload does not match its event's declared schema: a bug in the code that built it."""


class EventSchema(Schema):
    """What a producer publishes: every field declared; an undeclared one is refused."""

    class Meta:
        unknown = RAISE


class ReadSchema(Schema):
    """What a consumer reads of an event: only the fields it uses; the rest is ignored."""

    class Meta:
        unknown = EXCLUDE


class Published:
    def __init__(self, producer: str, events: dict):
        self.producer = producer
        self.events = {name: (schema() if isinstance(schema, type) else schema) for name, schema in events.items()}

    def __contains__(self, event_type: str) -> bool:
        return event_type in self.events

    def check(self, event_type: str, data: dict) -> None:
        schema = self.events.get(event_type)
        if schema is None:
            raise ContractBroken("{} does not declare the event {!r} in its events module".format(
                self.producer, event_type))
        errors = schema.validate(data)
        if errors:
            raise ContractBroken("{}.{} breaks its contract: {}".format(self.producer, event_type, errors))


def published(producer: str, events: dict) -> Published:
    """Declare (once per producer) the events ``producer`` publishes."""
    contract = Published(producer, events)
    PUBLISHED[producer] = contract.events
    return contract


def check(producer: str, event_type: str, data: dict) -> None:
    """Refuse ``data`` unless it is a valid ``event_type`` payload of ``producer``."""
    events = PUBLISHED.get(producer)
    if events is None:
        raise ContractBroken("{} publishes {!r} but declares no events (services/{}/events.py)".format(
            producer, event_type, producer))
    Published(producer, events).check(event_type, data)


def occurred_at(envelope: dict) -> datetime:
    """When the event happened (its envelope's ``occurred_at``): what "newest wins" compares."""
    return datetime.fromisoformat(envelope["occurred_at"].replace("Z", "+00:00"))


def read(schema: Schema | None, envelope: dict) -> None:
    """Check an arriving event against what its consumer reads (a ValidationError retries
    it, then dead-letters it: a producer that broke the contract is visible, not silent)."""
    if schema is None:
        return
    errors = schema.validate((envelope or {}).get("data") or {})
    if errors:
        raise ValidationError(errors)
