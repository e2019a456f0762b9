"""The orders contract: payloads of its RPC methods (its events: ``events.py``).

Pure marshmallow: the gateway uses these same schemas to validate HTTP requests and to
generate the OpenAPI document. Kind-specific rules (a booking needs a period, goods need
items…) need the catalog and are checked by the service (``domain/pricing.py``).
"""
from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from kit.attachments import AttachmentOut, AttachmentUpload  # noqa: F401  (the kit's one mechanism)
from kit.listing import ListQuery, Sort
from kit.schemas import CommaList, DateTime, Lenient, PageQuery, Strict, page_of
from services.orders.domain.forms import FIELD_TYPES
from services.orders.domain.pricing import UNITS
from services.orders.domain.states import KINDS, STATUSES

Money = fields.Integer(strict=True, validate=validate.Range(min=0, max=10**12),
                       metadata={"description": "kopecks"})
ENTRY_ID = validate.Regexp(r"^[A-Za-z0-9_-]{1,64}$", error="Letters, digits, _ and -.")
EntryId = fields.String(validate=ENTRY_ID)
Name = fields.String(validate=validate.Length(min=1, max=200))
TIME = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="A time: HH:MM.")
Time = fields.String(validate=TIME)


def _strip_uuids(data: dict, *names: str) -> dict:
    for name in names:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data



class Named(Lenient):
    """Catalog entries and references: an id and a name."""

    id = fields.String()
    name = fields.String(metadata={"description": "the name shown to people"})

# --- catalog (O1) ---------------------------------------------------------------------

class TariffIn(Strict):
    id = EntryId
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the tariff's name, e.g. «Почасовая аренда»"})
    price = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**12),
                           metadata={"description": "the price of one unit, in kopecks"})
    unit = fields.String(required=True, validate=validate.OneOf(UNITS),
                         metadata={"description": "half_hour | hour | day | month (time), night, ticket, piece"})
    variant = fields.String(validate=validate.Length(min=1, max=100),
                            metadata={"description": "coworking: the service variant this tariff belongs to "
                                                     "(manual 002: «Резидент +»)"})


class ItemIn(Strict):
    id = EntryId
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the item's name, e.g. «Латте, 300 мл»"})
    price = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**12),
                           metadata={"description": "the price of one, in kopecks"})
    description = fields.String(validate=validate.Length(max=1000),
                                metadata={"description": "what it is, for the client"})


class ExtraIn(Strict):
    id = EntryId
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the extra service's name, e.g. «Завтрак»"})
    price = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**12),
                           metadata={"description": "its price, in kopecks"})
    time_label = fields.String(validate=validate.Length(min=1, max=50),
                               metadata={"description": "e.g. \"Время заезда\": the order gives a time"})


class RoomIn(Strict):
    id = EntryId
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the room's name or number"})


class FormFieldIn(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,49}$"),
                         metadata={"description": "the field's code: the key in an order's `fields`"})
    label = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"description": "what the form shows"})
    type = fields.String(required=True, validate=validate.OneOf(FIELD_TYPES),
                         metadata={"description": "the field's type"})
    required = fields.Boolean(load_default=False, metadata={"description": "the client must fill it in"})
    options = fields.List(fields.String(validate=validate.Length(min=1, max=200)), validate=validate.Length(max=50),
                          metadata={"description": "select and multiselect: the choices"})


class ServiceSettingsIn(Strict):
    cancellable = fields.Boolean(metadata={"description": "the client may cancel (O9)"})
    prepayment_allowed = fields.Boolean(metadata={"description": "a first part may be paid, the rest later"})
    min_prepayment = fields.Integer(strict=True, validate=validate.Range(min=0),
                                    metadata={"description": "the smallest prepayment, in kopecks"})
    auto_confirm_after = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=60, max=90 * 86400),
                                        metadata={"description": "seconds after \"done, awaiting confirmation\" (O6); "
                                                                 "null: the system's AUTO_CONFIRM_DEFAULT (3 days)"})
    delivery_places = fields.List(fields.String(validate=validate.Length(min=1, max=200)), validate=validate.Length(max=20),
                                  metadata={"description": "goods: where the order may be delivered («Самостоятельно заберу в кофейне», an office)"})
    max_guests = fields.Integer(strict=True, validate=validate.Range(min=1, max=100),
                                metadata={"description": "hotel: the most guests per room"})
    capacity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1),
                              metadata={"description": "event: the tickets on sale (null: no limit)"})


class EventInfoIn(Strict):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime()
    place = fields.String(validate=validate.Length(max=300), metadata={"description": "where the event takes place"})


class AdditionalServicesIn(Strict):
    title = fields.String(load_default="Рекомендуемые услуги", validate=validate.Length(min=1, max=100),
                          metadata={"description": "the heading of the block (default «Рекомендуемые услуги»)"})
    service_ids = fields.List(fields.UUID(), load_default=list,
                              metadata={"description": "the catalog services offered with this one"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "service_ids")


class ServiceFields(Strict):
    name = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "the service's name"})
    description = fields.String(validate=validate.Length(max=10000),
                                metadata={"description": "the service's description for clients"})
    active = fields.Boolean(metadata={"description": "offered in the catalog"})
    tariffs = fields.List(fields.Nested(TariffIn), validate=validate.Length(max=50),
                          metadata={"description": "booking, coworking: prices per unit of time"})
    items = fields.List(fields.Nested(ItemIn), validate=validate.Length(max=200),
                        metadata={"description": "goods: what can be ordered, with prices"})
    extras = fields.List(fields.Nested(ExtraIn), validate=validate.Length(max=50),
                         metadata={"description": "hotel: extra services"})
    rooms = fields.List(fields.Nested(RoomIn), validate=validate.Length(max=50),
                        metadata={"description": "hotel: the rooms"})
    form_fields = fields.List(fields.Nested(FormFieldIn), validate=validate.Length(max=50),
                              data_key="fields", attribute="fields",
                              metadata={"description": "the form the client fills in when ordering"})
    settings = fields.Nested(ServiceSettingsIn,
                             metadata={"description": "cancellation, prepayment, confirmation and capacity rules"})
    event = fields.Nested(EventInfoIn, allow_none=True, metadata={"description": "event: when and where it happens"})
    additional_services = fields.Nested(AdditionalServicesIn, allow_none=True,
                                        metadata={"description": "services recommended with this one"})
    manager_ids = fields.List(fields.UUID(), validate=validate.Length(max=50),
                              metadata={"description": "staff handling the service (managers, executors)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "manager_ids")


class ServiceCreate(ServiceFields):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS),
                         metadata={"description": "the service's kind: simple, request, booking, goods, coworking, hotel, event"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the service's name"})


class ServiceUpdate(ServiceFields):
    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class ServiceQuery(PageQuery):
    kind = CommaList(KINDS, metadata={"description": "only services of these kinds, comma-separated"})
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "words each part of the service's name, any case"})
    client = fields.String(load_default="web", validate=validate.OneOf(("web", "mobile")),
                           metadata={"description": "mobile: each service's additional services are cut to three"})
    include_inactive = fields.Boolean(load_default=False,
                                      metadata={"description": "staff: also the services no longer offered"})


class ClientQuery(Strict):
    client = fields.String(load_default="web", validate=validate.OneOf(("web", "mobile")),
                           metadata={"description": "mobile shows up to 3 additional services, web up to 6"})


# --- orders (O2–O9, O14) --------------------------------------------------------------

class ItemOrder(Strict):
    item_id = fields.String(validate=ENTRY_ID, metadata={"description": "the item's id in the service's `items`"})
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100),
                              metadata={"description": "how many"})


class Delivery(Strict):
    place = fields.String(validate=validate.Length(min=1, max=200),
                          metadata={"description": "one of the service's delivery places"})
    pack_to_go = fields.Boolean(load_default=False, metadata={"description": "pack it to take away"})


class ExtraOrder(Strict):
    extra_id = fields.String(validate=ENTRY_ID, metadata={"description": "the extra's id in the service's `extras`"})
    quantity = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=20),
                              metadata={"description": "how many"})
    time = fields.String(validate=TIME, metadata={"description": "the time it is for, HH:MM (e.g. «Время заезда»)"})


class OrderCreate(Strict):
    """One payload for every kind; which fields a kind takes is in ``api.md`` (the service
    refuses the ones its kind does not use)."""

    service_id = fields.UUID(required=True, metadata={"description": "the catalog service ordered"})
    payer_id = fields.String(validate=validate.Length(min=1, max=64), metadata={
        "description": "one of your account's payers (GET /billing/payers); another's is refused, 422 payer_not_found"})
    on_behalf_of = fields.UUID(metadata={"description": "staff order for a client (C9)"})
    comment = fields.String(validate=validate.Length(max=2000), metadata={"description": "a comment for the staff"})
    # simple, request
    form_values = fields.Dict(keys=fields.String(), data_key="fields", attribute="fields",
                              metadata={"description": "form field code → value"})
    # goods
    items = fields.List(fields.Nested(ItemOrder), validate=validate.Length(max=100),
                        metadata={"description": "goods: the items and their quantities"})
    delivery = fields.Nested(Delivery,
                             metadata={"description": "goods: where to deliver (one of the service's places) and how"})
    deliver_at = fields.AwareDateTime(metadata={"description": "goods: when to deliver (with its offset)"})
    # booking, coworking
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    room_id = fields.String(validate=ENTRY_ID, metadata={"description": "hotel: the room's id in the service's `rooms`"})
    tariff_id = fields.String(validate=ENTRY_ID, metadata={
        "description": "the tariff's id in the service's `tariffs`"})
    workplace_id = fields.String(validate=validate.Length(min=1, max=64),
                                 metadata={"description": "coworking: a free workplace (GET /coworking/spaces/{id}"
                                                          "/workplaces?from=&to=); any free one when absent"})
    space_id = fields.String(validate=validate.Length(min=1, max=64),
                             metadata={"description": "coworking: the space, when the service has several"})
    modifiers = fields.List(EntryId, validate=validate.Length(max=20),
                            metadata={"description": "the tariff's modifiers chosen (ids)"})
    # hotel
    check_in = fields.Date(metadata={"description": "hotel: the arrival date"})
    check_out = fields.Date(metadata={"description": "hotel: the departure date"})
    adults = fields.Integer(strict=True, validate=validate.Range(min=1, max=100),
                            metadata={"description": "hotel: adults staying"})
    children = fields.Integer(strict=True, validate=validate.Range(min=0, max=100),
                              metadata={"description": "hotel: children staying"})
    extras = fields.List(fields.Nested(ExtraOrder), validate=validate.Length(max=20),
                         metadata={"description": "hotel: the extra services and, where they ask for one, their times"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "service_id", "on_behalf_of")


#: what an order list may be sorted by (kit.listing's conventions)
ORDER_SORTS = ("created_at", "number", "total", "status", "deadline", "starts_at")


class OrdersQuery(ListQuery):
    """A list of orders (O4, O14) with the conventions of every list: ``sort``, the period
    (``period_by``: when the order was placed, or when its service is), ``q``, pages."""

    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "account", "managed")),
                          metadata={"description": "mine (applicant), account (the account's orders: the "
                                                   "\"orders\" right), managed (staff)"})
    status = CommaList(STATUSES, metadata={"description": "statuses, comma-separated"})
    kind = CommaList(KINDS, metadata={"description": "kinds, comma-separated"})
    number = fields.Integer(validate=validate.Range(min=1, max=2**63 - 1), metadata={"description": "this order"})
    service_id = fields.UUID(metadata={"description": "orders of this catalog service"})
    executor_id = fields.UUID(metadata={"description": "orders this staff member executes"})
    applicant_id = fields.UUID(metadata={"description": "orders of this applicant"})
    applicant = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "the applicant's partial name: every word part of their first or last name "
                       "(«мар спир»; case and ё/е do not matter)"})
    executor = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "the executor's partial name, as `applicant`"})
    period_by = fields.String(load_default="created_at", validate=validate.OneOf(("created_at", "starts_at")),
                              metadata={"description": "what `period_from`/`period_to` bound: when the order was "
                                                       "placed (default) or when its service starts"})
    sort = Sort(ORDER_SORTS, default="-created_at")

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "service_id", "executor_id", "applicant_id")


class OrderUpdate(Strict):
    """Staff (manager console, O14): status, executor, deadline."""

    status = fields.String(validate=validate.OneOf(STATUSES),
                           metadata={"description": "the status to move the order to (one the workflow allows now)"})
    assignee_id = fields.UUID(allow_none=True, metadata={"description": "the executor (null: none)"})
    deadline = fields.AwareDateTime(allow_none=True,
                                    metadata={"description": "when staff must be done (null: no deadline)"})
    reason = fields.String(validate=validate.Length(max=500), metadata={"description": "why, posted to the chat"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not any(k in data for k in ("status", "assignee_id", "deadline")):
            raise ValidationError("Nothing to change.", "_schema")

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "assignee_id")


class ReturnToWork(Strict):
    comment = fields.String(validate=validate.Length(max=4000),
                            metadata={"description": "posted to the order chat"})


class CloseRequest(Strict):
    resolution = fields.String(required=True, validate=validate.OneOf(("done", "not_relevant")),
                               metadata={"description": "done, or not_relevant"})


class CancelRequest(Strict):
    reason = fields.String(validate=validate.Length(max=500), metadata={"description": "why, posted to the chat"})


# --- chat (O5) ------------------------------------------------------------------------

class MessagePost(Strict):
    text = fields.String(load_default="", validate=validate.Length(max=4000),
                         metadata={"description": "the message (may be empty with files)"})
    visibility = fields.String(load_default="public", validate=validate.OneOf(("public", "internal")),
                               metadata={"description": "internal: staff only, never shown to the client"})
    attachment_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=10),
                                 metadata={"description": "files uploaded with POST /attachments (at most 10)"})

    @validates_schema
    def something(self, data, **kwargs):
        if not (data.get("text") or "").strip() and not data.get("attachment_ids"):
            raise ValidationError("Write a text or attach a file.", "text")

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "attachment_ids")


class ReadRequest(Strict):
    message_id = fields.UUID(metadata={"description": "read up to this message (default: the latest)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "message_id")




# --- sharing (O11), calendar, tickets (O12) -------------------------------------------

class ShareUsers(Strict):
    user_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=50),
                           metadata={"description": "the users (of your account) who get access"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "user_ids")


class CalendarQuery(Strict):
    from_ = fields.AwareDateTime(data_key="from", metadata={"description": "the period's start (default: today, 00:00 UTC)"})
    to = fields.AwareDateTime(metadata={"description": "the period's end (default: 31 days after `from`)"})

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("from_") and data.get("to") and data["to"] <= data["from_"]:
            raise ValidationError("Must be after from.", "to")


class QrQuery(Strict):
    format = fields.String(load_default="png", validate=validate.OneOf(("png", "svg")),
                           metadata={"description": "png (default) or svg"})


class CheckIn(Strict):
    payload = fields.String(required=True, validate=validate.Length(min=1, max=300),
                            metadata={"description": "the text of the scanned QR code"})


# --- responses ------------------------------------------------------------------------

class Tariff(Named):
    price = fields.Integer(metadata={"description": "the price per unit, in kopecks"})
    unit = fields.String(metadata={"description": "half_hour, hour, day, month, night, ticket or piece"})
    variant = fields.String(allow_none=True,
                            metadata={"description": "coworking: the variant it belongs to, or null"})


class Item(Named):
    price = fields.Integer(metadata={"description": "the price of one, in kopecks"})
    description = fields.String(allow_none=True, metadata={"description": "what it is, or null"})


class Extra(Named):
    price = fields.Integer(metadata={"description": "the price, in kopecks"})
    time_label = fields.String(allow_none=True,
                               metadata={"description": "the time the order gives for it (e.g. «Время заезда»), or null"})


class Room(Named):
    """An entry with an id and a name."""


class FormField(Lenient):
    code = fields.String(metadata={"description": "the field's code (the key in the order's `fields`)"})
    label = fields.String(metadata={"description": "what the form shows"})
    type = fields.String(metadata={"description": "the field's type"})
    required = fields.Boolean(metadata={"description": "the client must fill it in"})
    options = fields.List(fields.String(), metadata={"description": "the choices of a select or multiselect field"})


class ServiceSettings(Lenient):
    cancellable = fields.Boolean(metadata={"description": "the client may cancel (O9)"})
    prepayment_allowed = fields.Boolean(metadata={"description": "a first part may be paid, the rest later"})
    min_prepayment = fields.Integer(metadata={"description": "the smallest prepayment, in kopecks"})
    auto_confirm_after = fields.Integer(allow_none=True, metadata={
        "description": "seconds (O6); null: the system's default applies (AUTO_CONFIRM_DEFAULT, 3 days)"})
    delivery_places = fields.List(fields.String(), metadata={"description": "goods: where it delivers"})
    max_guests = fields.Integer(allow_none=True, metadata={"description": "hotel: the most guests per room, or null"})
    capacity = fields.Integer(allow_none=True,
                              metadata={"description": "event: the tickets on sale, or null: no limit"})


class EventInfo(Lenient):
    starts_at = DateTime()
    ends_at = DateTime(allow_none=True)
    place = fields.String(allow_none=True, metadata={"description": "where the event takes place, or null"})


class ServiceRef(Named):
    kind = fields.String(metadata={"description": "the service's kind: simple, request, booking, goods, coworking, hotel or event"})


class AdditionalServices(Lenient):
    title = fields.String(metadata={"description": "the block's heading"})
    services = fields.List(fields.Nested(ServiceRef), metadata={"description": "the services offered with this one"})


class Service(Lenient):
    id = fields.String()
    kind = fields.String(metadata={"description": "the service's kind: simple, request, booking, goods, coworking, hotel, event"})
    kind_label = fields.String()
    name = fields.String(metadata={"description": "the service's name"})
    description = fields.String(metadata={"description": "the service's description for clients"})
    active = fields.Boolean()
    tariffs = fields.List(fields.Nested(Tariff),
                          metadata={"description": "booking, coworking: prices per unit of time"})
    items = fields.List(fields.Nested(Item), metadata={"description": "goods: what can be ordered, with prices"})
    extras = fields.List(fields.Nested(Extra), metadata={"description": "hotel: extra services"})
    rooms = fields.List(fields.Nested(Room), metadata={"description": "hotel: the rooms"})
    form_fields = fields.List(fields.Nested(FormField), data_key="fields", attribute="fields",
                              metadata={"description": "request: the form the client fills in"})
    settings = fields.Nested(ServiceSettings,
                             metadata={"description": "cancellation, prepayment, confirmation and capacity rules"})
    event = fields.Nested(EventInfo, allow_none=True, metadata={"description": "event: when and where it happens"})
    additional_services = fields.Nested(AdditionalServices, allow_none=True,
                                        metadata={"description": "services recommended with this one"})
    manager_ids = fields.List(fields.String(), metadata={"description": "staff only"})
    currency = fields.String()
    created_at = DateTime()
    updated_at = DateTime()


class PersonRef(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the person's full name"})
    phone = fields.String(allow_none=True, metadata={"description": "staff views only"})
    email = fields.String(allow_none=True, metadata={"description": "staff views only"})


class Line(Lenient):
    kind = fields.String(metadata={"description": "item | tariff | extra"})
    name = fields.String(metadata={"description": "the item, tariff or extra"})
    quantity = fields.Integer(metadata={"description": "how many (units of time for a tariff)"})
    unit_price = fields.Integer(metadata={"description": "the price of one, in kopecks"})
    amount = fields.Integer(metadata={"description": "the line's amount, in kopecks"})
    note = fields.String(allow_none=True,
                         metadata={"description": "a detail of the line (an extra's time…), or null"})


class PaymentEntry(Lenient):
    payment_id = fields.String(metadata={"description": "the payment's id"})
    payment_number = fields.String(allow_none=True, metadata={"description": "the payment's number, or null"})
    method = fields.String(metadata={"description": "balance, card, saved_method or manager"})
    method_label = fields.String(metadata={"description": "the method in the caller's language"})
    amount = fields.Integer(metadata={"description": "the amount, in kopecks"})
    paid_at = DateTime(metadata={"description": "when it was paid"})


class InvoiceBlock(Lenient):
    id = fields.String()
    number = fields.String(allow_none=True, metadata={"description": "2026-000123; null until issued"})
    payer_name = fields.String(allow_none=True, metadata={"description": "the payer invoiced"})
    amount = fields.Integer(allow_none=True, metadata={"description": "the invoice's total, in kopecks"})
    issued_on = fields.String(allow_none=True, metadata={"description": "the invoice's date of issue, or null"})
    due_on = fields.String(allow_none=True, metadata={"description": "the date it is due, or null"})
    pdf_url = fields.String(allow_none=True, metadata={"description": "the invoice's PDF, once issued"})


class PaymentBlock(Lenient):
    status = fields.String(metadata={"description": "unpaid | pending | partially_paid | paid | refund_pending | refunded"})
    status_label = fields.String()
    paid = fields.Integer(metadata={"description": "what is paid, in kopecks"})
    remaining = fields.Integer(metadata={"description": "what remains to pay, in kopecks"})
    refunded = fields.Integer(metadata={"description": "what was refunded, in kopecks"})
    currency = fields.String()
    prepayment_allowed = fields.Boolean(metadata={"description": "a first part may be paid now, the rest later"})
    min_prepayment = fields.Integer(metadata={"description": "the smallest prepayment, in kopecks"})
    payments = fields.List(fields.Nested(PaymentEntry), metadata={"description": "the order's payments"})
    invoice = fields.Nested(InvoiceBlock, allow_none=True, metadata={
        "description": "paying by invoice (action `pay_by_invoice`): the invoice asked for or issued"})


class FilledField(Lenient):
    code = fields.String(metadata={"description": "the field's code"})
    label = fields.String(metadata={"description": "what the form showed"})
    type = fields.String(metadata={"description": "the field's type"})
    value = fields.Raw(metadata={"description": "what the client entered"})


class DeliveryOut(Lenient):
    place = fields.String(allow_none=True, metadata={"description": "where to deliver, or null"})
    pack_to_go = fields.Boolean(metadata={"description": "pack it to take away"})


class HotelExtra(Named):
    quantity = fields.Integer(metadata={"description": "how many"})
    note = fields.String(allow_none=True, metadata={"description": "the client's note (e.g. the time), or null"})


class TariffRef(Named):
    unit = fields.String(allow_none=True,
                         metadata={"description": "what the price is for: half_hour, hour, day, month, night, ticket, piece"})


class HotelBooking(Lenient):
    check_in = fields.String(metadata={"description": "the arrival date"})
    check_out = fields.String(metadata={"description": "the departure date"})
    nights = fields.Integer(metadata={"description": "nights booked"})
    adults = fields.Integer(metadata={"description": "adults staying"})
    children = fields.Integer(metadata={"description": "children staying"})
    tariff = fields.Nested(TariffRef, metadata={"description": "the tariff"})
    extras = fields.List(fields.Nested(HotelExtra), metadata={"description": "the extra services ordered"})


class Visitor(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the visitor's full name"})
    via = fields.String(metadata={"description": "applicant | direct | link"})


class CoworkingTicket(Lenient):
    """The order's coworking ticket (C2, manual 000 «Билет 162»), as the coworking service announced it."""

    number = fields.Integer(allow_none=True, metadata={"description": "the ticket's number"})
    status = fields.String(allow_none=True, metadata={"description": "new | confirmed | active | cancelled | done"})
    status_label = fields.String(allow_none=True)
    space = fields.Nested(Named, allow_none=True,
                          metadata={"description": "the coworking space: id and name, or null until seated"})
    workplace = fields.Nested(Named, allow_none=True,
                              metadata={"description": "the workplace: id and name, or null until seated"})
    visitor = fields.Nested(PersonRef, metadata={"description": "who may enter: id and name"})
    tariff = fields.Nested(TariffRef, allow_none=True, metadata={"description": "the tariff ordered, or null"})
    variant = fields.Dict(allow_none=True, metadata={"description": "{name}: «Резидент +»"})
    modifiers = fields.List(fields.Nested(Named), metadata={"description": "the tariff's modifiers ordered"})
    starts_at = DateTime()
    ends_at = DateTime()
    validated = fields.Boolean(metadata={"description": "the manager checked the visitor (C5)"})
    validated_at = DateTime(allow_none=True,
                            metadata={"description": "when a manager validated the visitor, or null"})
    first_visit = fields.String(allow_none=True, metadata={"description": "how the first visit goes; gone once validated"})
    actions = fields.List(fields.String(), metadata={"description": "transfer («Отправить билет», O10)"})


class EventBlock(Lenient):
    starts_at = DateTime(allow_none=True)
    ends_at = DateTime(allow_none=True)
    place = fields.String(allow_none=True, metadata={"description": "where the event takes place"})
    tariff = fields.Nested(TariffRef, metadata={"description": "the ticket's tariff"})
    attended_at = DateTime(allow_none=True,
                           metadata={"description": "when the ticket was checked at the entrance, or null"})
    ticket_payload = fields.String(allow_none=True, metadata={"description": "what the ticket's QR code says"})


class ChatState(Lenient):
    unread = fields.Integer()
    last_read_seq = fields.Integer()


STATUS_LINE = ("the status in the caller's language; while part of the order is paid and the client may pay "
               "the rest (`pay`), it says what remains: «Подтвержден. Необходимо оплатить остаток 2 000 ₽» "
               "(manual 000), \"Confirmed. Please pay the remaining 2 000 RUB\"")


class OrderView(Lenient):
    """The full order view (O3); kind blocks are present for their kinds only."""

    number = fields.Integer(metadata={"description": "the order's number (shown to people: «Заказ № 1007783»)"})
    kind = fields.String(metadata={"description": "the service's kind: simple, request, booking, goods, coworking, hotel, event"})
    kind_label = fields.String()
    service = fields.Nested(ServiceRef, metadata={"description": "the catalog service ordered: id and name"})
    description = fields.String(allow_none=True,
                                metadata={"description": "what was ordered, in a line (items, period, room…)"})
    status = fields.String(metadata={"description": "the order's status code (new, in_progress, done, …)"})
    status_label = fields.String(metadata={"description": STATUS_LINE})
    created_at = DateTime()
    updated_at = DateTime()
    applicant = fields.Nested(PersonRef, metadata={"description": "who ordered: id and name"})
    executor = fields.Nested(PersonRef, allow_none=True,
                             metadata={"description": "the staff member executing it: id and name, or null"})
    payer_id = fields.String(allow_none=True,
                             metadata={"description": "the payer the order is paid as (one of the account's), or null: the person"})
    deadline = DateTime(allow_none=True, metadata={"description": "when staff must be done, or null"})
    auto_confirm_at = DateTime(allow_none=True, metadata={
        "description": "when the order becomes done by itself (O6): its service's `auto_confirm_after`, or the "
                       "system's default (3 days), after it was marked done"})
    starts_at = DateTime(allow_none=True, metadata={"description": "service date and time"})
    ends_at = DateTime(allow_none=True)
    items = fields.List(fields.Nested(Line), metadata={"description": "the order's lines with their prices"})
    total = fields.Integer(metadata={"description": "the order's total, in kopecks"})
    currency = fields.String()
    payment = fields.Nested(PaymentBlock, allow_none=True,
                            metadata={"description": "what is paid and what remains; null for kinds that are not paid for (simple services, requests)"})
    actions = fields.List(fields.String(), metadata={"description": "what this caller may do now"})
    next_statuses = fields.List(fields.String(), metadata={"description": "statuses staff may set now"})
    side = fields.String(metadata={"description": "client | staff: how this caller sees the order"})
    form_fields = fields.List(fields.Nested(FilledField), data_key="fields", attribute="fields",
                              metadata={"description": "the form as the client filled it in"})
    comment = fields.String(allow_none=True, metadata={"description": "the applicant's comment"})
    delivery = fields.Nested(DeliveryOut, metadata={"description": "goods: where and how to deliver"})
    room = fields.Nested(Room, allow_none=True, metadata={"description": "hotel: the room booked"})
    booking = fields.Nested(HotelBooking, metadata={"description": "hotel: the stay (dates, guests, extras)"})
    visitors = fields.List(fields.Nested(Visitor), metadata={"description": "booking: the people let in"})
    ticket = fields.Nested(CoworkingTicket,
                           metadata={"description": "coworking: the ticket (space, workplace, validation)"})
    event = fields.Nested(EventBlock, metadata={"description": "event: the event and the ticket's state"})
    additional_services = fields.Nested(AdditionalServices, allow_none=True,
                                        metadata={"description": "services recommended with this one"})
    chat = fields.Nested(ChatState, metadata={"description": "the order chat's counters for this caller"})


class OrderSummary(Lenient):
    number = fields.Integer(metadata={"description": "the order's number (shown to people: «Заказ № 1007783»)"})
    kind = fields.String(metadata={"description": "the service's kind: simple, request, booking, goods, coworking, hotel, event"})
    kind_label = fields.String()
    service = fields.Nested(ServiceRef, metadata={"description": "the catalog service ordered: id and name"})
    status = fields.String(metadata={"description": "the order's status code (new, in_progress, done, …)"})
    status_label = fields.String(metadata={"description": STATUS_LINE})
    created_at = DateTime()
    starts_at = DateTime(allow_none=True)
    ends_at = DateTime(allow_none=True)
    total = fields.Integer(metadata={"description": "the order's total, in kopecks"})
    currency = fields.String()
    payment_status = fields.String(allow_none=True,
                                   metadata={"description": "unpaid, pending (a payment is under way), partially_paid, paid, refund_pending or refunded"})
    applicant_id = fields.String(metadata={"description": "who ordered (their id)"})
    executor_id = fields.String(allow_none=True, metadata={"description": "who executes it (their id), or null"})
    applicant = fields.Nested(PersonRef, metadata={"description": "who ordered: id and name"})
    executor = fields.Nested(PersonRef, allow_none=True, metadata={"description": "who executes it: id and name"})
    deadline = DateTime(allow_none=True, metadata={"description": "when staff must be done, or null"})
    unread = fields.Integer()


class RepeatDraft(Lenient):
    """O7: a create payload prefilled from the order (times are chosen again)."""

    service_id = fields.String(metadata={"description": "the service to order again"})
    kind = fields.String(metadata={"description": "the service's kind"})
    payer_id = fields.String(allow_none=True, metadata={"description": "the payer of the first order, or null"})
    items = fields.List(fields.Nested(ItemOrder), metadata={"description": "goods: the same items"})
    delivery = fields.Nested(Delivery, metadata={"description": "goods: the same delivery"})
    room_id = fields.String(allow_none=True, metadata={"description": "hotel: the same room, or null"})
    tariff_id = fields.String(allow_none=True, metadata={"description": "the same tariff, or null"})
    comment = fields.String(allow_none=True, metadata={"description": "the first order's comment, or null"})
    dropped_items = fields.List(fields.String(), metadata={"description": "items no longer offered"})




class Author(Lenient):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True, metadata={"description": "the author's full name (null: the system)"})
    kind = fields.String(metadata={"description": "client | staff | system"})


class MessageOut(Lenient):
    id = fields.String()
    seq = fields.Integer(metadata={"description": "the message's place in the chat, from 1"})
    text = fields.String(metadata={"description": "the message"})
    visibility = fields.String(metadata={"description": "public, or internal (staff only)"})
    author = fields.Nested(Author, metadata={"description": "who wrote it: id, name and kind (client, staff or system)"})
    created_at = DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut), metadata={"description": "the files attached"})


class MessagePage(page_of(MessageOut)):
    unread = fields.Integer()
    last_read_seq = fields.Integer()


class ReadState(Lenient):
    unread = fields.Integer()
    last_read_seq = fields.Integer()


class ShareLinkOut(Lenient):
    token = fields.String(metadata={"description": "the link's secret token"})
    url = fields.String(metadata={"description": "the link to send: it opens the access preview"})
    created_at = DateTime()


class SharedUser(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the user's full name"})
    via = fields.String(metadata={"description": "how they got access: applicant (the order is theirs), direct (shared with them) or link"})
    granted_at = DateTime(metadata={"description": "when they got access"})


class Shares(Lenient):
    link = fields.Nested(ShareLinkOut, allow_none=True, metadata={"description": "the active access link, or null"})
    users = fields.List(fields.Nested(SharedUser), metadata={"description": "who has access, the applicant first"})


class SharePreview(Lenient):
    service_name = fields.String(metadata={"description": "the booked service's name"})
    starts_at = DateTime(allow_none=True)
    ends_at = DateTime(allow_none=True)
    shared_by = fields.String(allow_none=True, metadata={"description": "who shared it, or null"})
    message = fields.String(metadata={"description": "the invitation's text (manual 000)"})


class CalendarCard(Lenient):
    type = fields.String(metadata={"description": "booking (your own, opens the order) | access (shared with you)"})
    order_number = fields.Integer(allow_none=True, metadata={"description": "own bookings only"})
    kind = fields.String(metadata={"description": "the order's kind: booking, coworking, hotel, event"})
    service_name = fields.String(metadata={"description": "the service's name"})
    starts_at = DateTime()
    ends_at = DateTime(allow_none=True)
    status = fields.String(allow_none=True, metadata={"description": "the order's status (own bookings), or null"})
    status_label = fields.String(allow_none=True)
    clickable = fields.Boolean(metadata={"description": "the card opens the order"})
    label = fields.String(allow_none=True, metadata={"description": "\"Доступ в помещение\" on access cards"})


class Calendar(Lenient):
    items = fields.List(fields.Nested(CalendarCard), metadata={"description": "the cards in the period, by start"})
    from_ = DateTime(data_key="from", metadata={"description": "the period's start (UTC, ISO 8601)"})
    to = DateTime(metadata={"description": "the period's end (UTC, ISO 8601)"})


class CheckInResult(Lenient):
    order_number = fields.Integer(metadata={"description": "the event order checked in"})
    service_name = fields.String(metadata={"description": "the event"})
    visitor = fields.Nested(PersonRef, metadata={"description": "the ticket's holder: id and name"})
    tariff = fields.Nested(TariffRef, metadata={"description": "the ticket's tariff"})
    attended_at = DateTime(metadata={"description": "when the ticket was checked in"})
    checked_in_by = fields.String(metadata={"description": "the event manager who checked it in"})


class Payable(Lenient):
    """``get_payable`` (gateway → orders, for billing's pay endpoints)."""

    order_number = fields.Integer()
    kind = fields.String()
    service_id = fields.String()
    service_name = fields.String()
    account_id = fields.String(allow_none=True)
    applicant_id = fields.String()
    payer_id = fields.String(allow_none=True)
    total = fields.Integer()
    paid = fields.Integer()
    remaining = fields.Integer()
    currency = fields.String()
    status = fields.String()
    prepayment_allowed = fields.Boolean()
    min_prepayment = fields.Integer()
    payable = fields.Boolean()
    staff_may_record = fields.Boolean()
    staff_handles = fields.Boolean(metadata={"description": "the caller handles the order (staff)"})
    lines = fields.List(fields.Nested(Line), metadata={"description": "what an invoice of it lists"})


ServicePage = page_of(Service)
OrderPage = page_of(OrderSummary)

