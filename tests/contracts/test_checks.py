"""The contract checks themselves, on made-up schemas, a made-up service and a made-up
doc: each one fails when it must (and passes when it must)."""
from __future__ import annotations

from marshmallow import fields

from kit.contracts import EventSchema, ReadSchema
from kit.events import event_handler
from kit.rpc import rpc
from tests.contracts.checks import documented, entrypoints_of, read_problems


class Line(EventSchema):
    sku = fields.String(required=True)
    note = fields.String(allow_none=True)


class OrderPaid(EventSchema):
    """The producer's promise."""

    order_number = fields.Integer(required=True)
    amount = fields.Integer(required=True)
    payer_id = fields.String(required=True, allow_none=True)
    paid_at = fields.DateTime(required=True)
    comment = fields.String()
    lines = fields.List(fields.Nested(Line), required=True)
    customer = fields.Nested(Line, required=True)
    tags = fields.List(fields.String(allow_none=True))
    kind = fields.String(data_key="type", required=True)


def test_a_consumer_that_reads_within_the_promise_passes():
    class Reads(ReadSchema):
        order_number = fields.Integer(required=True)
        payer_id = fields.String(allow_none=True)        # may be null: the consumer copes
        paid_at = fields.String(required=True)           # an ISO string either way
        comment = fields.String()                        # optional on both sides
        lines = fields.List(fields.Nested(type("LineRead", (ReadSchema,), {"sku": fields.String(required=True)})))
        customer = fields.Nested(type("CustomerRead", (ReadSchema,), {"note": fields.String(allow_none=True)}))
        kind = fields.String(data_key="type")

    assert read_problems(OrderPaid(), Reads()) == []


def test_an_undeclared_field_is_refused():
    class Reads(ReadSchema):
        order_number = fields.Integer(required=True)
        order_total = fields.Integer()

    assert read_problems(OrderPaid(), Reads()) == ["reads order_total, which the producer does not declare"]


def test_requiring_what_the_producer_may_leave_out_is_refused():
    class Reads(ReadSchema):
        comment = fields.String(required=True)

    assert read_problems(OrderPaid(), Reads()) == ["requires comment, which the producer may leave out"]


def test_refusing_null_where_the_producer_sends_it_is_refused():
    class Reads(ReadSchema):
        payer_id = fields.String(required=True)

    assert read_problems(OrderPaid(), Reads()) == [
        "does not allow payer_id to be null, which the producer allows"]


def test_reading_a_value_as_another_json_kind_is_refused():
    class Reads(ReadSchema):
        amount = fields.String()
        order_number = fields.Boolean()

    assert read_problems(OrderPaid(), Reads()) == [
        "reads amount as string (String), the producer declares number (Integer)",
        "reads order_number as boolean (Boolean), the producer declares number (Integer)"]


def test_nested_fields_and_list_items_are_checked_too():
    class LineRead(ReadSchema):
        sku = fields.String(required=True)
        price = fields.Integer()
        note = fields.String(required=True)

    class Reads(ReadSchema):
        lines = fields.List(fields.Nested(LineRead))
        customer = fields.Nested(LineRead)
        tags = fields.List(fields.String())

    assert read_problems(OrderPaid(), Reads()) == [
        "reads lines[].price, which the producer does not declare",
        "requires lines[].note, which the producer may leave out",
        "does not allow lines[].note to be null, which the producer allows",
        "reads customer.price, which the producer does not declare",
        "requires customer.note, which the producer may leave out",
        "does not allow customer.note to be null, which the producer allows",
        "does not allow tags[] to be null, which the producer allows"]


def test_a_field_is_matched_by_its_key_in_the_payload():
    class Reads(ReadSchema):
        kind = fields.String(required=True)             # the payload says "type", not "kind"

    assert read_problems(OrderPaid(), Reads()) == ["reads kind, which the producer does not declare"]


class MadeUp:
    name = "made_up"

    @rpc
    def get_thing(self, thing_id):
        return thing_id

    @event_handler("producer", "order_paid", reads=type("Paid", (ReadSchema,), {"amount": fields.Integer()}))
    def on_order_paid(self, envelope):
        return envelope

    def helper(self):
        return None


class MadeUpChild(MadeUp):
    @rpc
    def ping(self):
        return "pong"


def test_entrypoints_are_found_with_inherited_ones():
    found = {(name, type(entrypoint).__name__) for name, entrypoint in entrypoints_of(MadeUpChild)}
    assert found == {("get_thing", "SafeRpc"), ("on_order_paid", "ReliableEventHandler"), ("ping", "SafeRpc")}
    (handler,) = [e for name, e in entrypoints_of(MadeUp) if name == "on_order_paid"]
    assert (handler.source_service, handler.event_type) == ("producer", "order_paid")
    assert read_problems(OrderPaid(), handler.reads) == []


DOC = """# Events and RPC methods

## shop

Some words with `not_an_event` in them.

### Events

| type | when | data |
|---|---|---|
| `order_paid` | paid | `order_number`, `amount` |
| `order_shipped` / `order_returned` | moved | same |

### Events shop consumes

| source | type | what |
|---|---|---|
| billing | `payment_succeeded` | records it |

### RPC methods

| method | who | payload → result |
|---|---|---|
| `get_thing(thing_id)`, `list_things(query)` | signed in | → `Thing` |
| `ping()` | readiness | → `{service, status}` |

## quiet

### Events

None.

### RPC methods

| method | who | payload → result |
|---|---|---|
| `ping()` | readiness | → `{service, status}` |
"""


def test_the_doc_is_read_per_service_from_its_events_and_rpc_tables():
    assert documented(DOC) == {
        "shop": {"events": {"order_paid", "order_shipped", "order_returned"},
                 "rpc": {"get_thing", "list_things", "ping"}},
        "quiet": {"events": set(), "rpc": {"ping"}},
    }
