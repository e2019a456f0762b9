"""What an order of each kind contains and costs (O2, O3): line items ``quantity x
unit_price = amount`` and the total, in kopecks, from the service's catalog entry.

Every function takes the service as the catalog stores it (a dict) and the loaded create
payload, and returns a :class:`Priced` or raises :class:`kit.errors.InputRuleBroken` with field errors.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

from kit import i18n
from kit.errors import InputRuleBroken, RuleBroken
from services.orders.domain import forms
from services.orders.domain.forms import INVALID, INVALID_MESSAGE

#: tariff units measured in time (bookings, coworking); the others count pieces
UNIT_SECONDS = {"half_hour": 1800, "hour": 3600, "day": 86400, "month": 30 * 86400}
UNITS = tuple(UNIT_SECONDS) + ("night", "ticket", "piece")
MAX_QUANTITY = 100
MAX_PERIOD = timedelta(days=366)
MAX_NIGHTS = 60


@dataclass
class Line:
    name: str
    quantity: int
    unit_price: int
    kind: str = "item"               # item | tariff | extra
    ref_id: str | None = None
    note: str | None = None

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price

    def as_dict(self) -> dict:
        return {"kind": self.kind, "ref_id": self.ref_id, "name": self.name, "quantity": self.quantity,
                "unit_price": self.unit_price, "amount": self.amount, "note": self.note}


@dataclass
class Priced:
    lines: list[Line] = field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room_id: str | None = None
    #: the kind's block of the order view (fields, delivery, hotel booking, ...)
    details: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def _by_id(entries, wanted, where: str, errors: dict):
    entry = next((e for e in entries or () if e["id"] == wanted), None)
    if entry is None:
        errors[where] = ["Not offered by this service."]
    return entry


def _one_or_given(entries, wanted, where: str, errors: dict, noun: str):
    """The entry asked for, or the only one there is when none was asked for."""
    entries = entries or []
    if wanted is not None:
        return _by_id(entries, wanted, where, errors)
    if len(entries) == 1:
        return entries[0]
    errors[where] = ["Choose a {}.".format(noun)] if entries else ["This service offers no {}.".format(noun)]
    return None


def _period(data: dict, now: datetime, errors: dict) -> tuple[datetime, datetime] | None:
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is None:
            errors[name] = ["Required."]
    if starts_at is None or ends_at is None:
        return None
    if ends_at <= starts_at:
        errors["ends_at"] = ["Must be after the start."]
    elif ends_at - starts_at > MAX_PERIOD:
        errors["ends_at"] = ["At most a year."]
    if starts_at < now - timedelta(minutes=5):
        errors["starts_at"] = ["Must not be in the past."]
    return starts_at, ends_at


def units(starts_at: datetime, ends_at: datetime, unit: str) -> int:
    """How many ``unit``s the period takes, a started unit counting in full."""
    return max(1, math.ceil((ends_at - starts_at).total_seconds() / UNIT_SECONDS[unit]))


def _extras(service: dict, wanted: list[dict], key: str, errors: dict) -> list[Line]:
    lines, problems = [], {}
    seen = set()
    for index, entry in enumerate(wanted or []):
        extra = next((e for e in service.get("extras") or () if e["id"] == entry.get("extra_id")), None)
        if extra is None:
            problems[str(index)] = ["Not offered by this service."]
            continue
        if extra["id"] in seen:
            problems[str(index)] = ["Listed twice."]
            continue
        seen.add(extra["id"])
        note = None
        if extra.get("time_label"):
            if not entry.get("time"):
                problems[str(index)] = ["Give the time ({}).".format(extra["time_label"])]
                continue
            note = "{} {}".format(extra["time_label"], entry["time"])
        lines.append(Line(extra["name"], entry.get("quantity", 1), extra["price"], "extra", extra["id"], note))
    if problems:
        errors[key] = problems
    return lines


# --- the kinds ------------------------------------------------------------------------

def price_form(service: dict, data: dict, now: datetime) -> Priced:
    """Simple services and requests: the form's fields, no price."""
    filled = forms.fill(service.get("fields") or [], data.get("fields") or {})
    return Priced(details={"fields": filled, "comment": data.get("comment")})


def price_goods(service: dict, data: dict, now: datetime) -> Priced:
    errors: dict = {}
    wanted = data.get("items") or []
    if not wanted:
        errors["items"] = ["Choose at least one item."]
    quantities: dict[str, int] = {}
    item_errors = {}
    for index, entry in enumerate(wanted):
        item = next((i for i in service.get("items") or () if i["id"] == entry["item_id"]), None)
        if item is None:
            item_errors[str(index)] = {"item_id": ["Not offered by this service."]}
            continue
        quantities[item["id"]] = quantities.get(item["id"], 0) + entry["quantity"]
    if item_errors:
        errors["items"] = item_errors
    lines = []
    for item in service.get("items") or ():
        if item["id"] in quantities:
            if quantities[item["id"]] > MAX_QUANTITY:
                errors.setdefault("items", {})[item["id"]] = ["At most {} of one item.".format(MAX_QUANTITY)]
            lines.append(Line(item["name"], quantities[item["id"]], item["price"], "item", item["id"]))
    delivery = data.get("delivery") or {}
    places = (service.get("settings") or {}).get("delivery_places") or []
    place = delivery.get("place")
    if places and place is not None and place not in places:
        errors["delivery"] = {"place": ["One of: {}.".format("; ".join(places))]}
    if place is None and places:
        place = places[0]
    deliver_at = data.get("deliver_at")
    if deliver_at is not None and deliver_at < now - timedelta(minutes=5):
        errors["deliver_at"] = ["Must not be in the past."]
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    # manual 000: "Место доставки: Самостоятельно заберу в кофейне; Упаковать с собой"
    return Priced(lines=lines, starts_at=deliver_at, details={
        "delivery": {"place": place, "pack_to_go": bool(delivery.get("pack_to_go"))},
        "comment": data.get("comment")})


def price_booking(service: dict, data: dict, now: datetime) -> Priced:
    errors: dict = {}
    period = _period(data, now, errors)
    rooms = service.get("rooms") or []
    room = None
    if rooms:
        room = _one_or_given(rooms, data.get("room_id"), "room_id", errors, "room")
    elif data.get("room_id") is not None:
        errors["room_id"] = ["This service has no rooms to choose from."]
    tariff = _one_or_given(service.get("tariffs"), data.get("tariff_id"), "tariff_id", errors, "tariff")
    if tariff is not None and tariff["unit"] not in UNIT_SECONDS:
        errors["tariff_id"] = ["This tariff is not priced by time."]
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    starts_at, ends_at = period
    name = service["name"] if room is None or room["name"] == service["name"] else "{}, {}".format(service["name"], room["name"])
    line = Line(name, units(starts_at, ends_at, tariff["unit"]), tariff["price"], "tariff", tariff["id"])
    return Priced(lines=[line], starts_at=starts_at, ends_at=ends_at, room_id=room["id"] if room else None,
                  details={"comment": data.get("comment"), "room": room and {"id": room["id"], "name": room["name"]},
                           "tariff": {"id": tariff["id"], "name": tariff["name"], "unit": tariff["unit"]}})


def price_coworking(service: dict, data: dict, now: datetime) -> Priced:
    """C2: a tariff (of a variant, «Резидент +») and a rental period, modifiers; the seat and
    the ticket are the coworking service's, which gets what is recorded here."""
    errors: dict = {}
    period = _period(data, now, errors)
    tariff = _by_id(service.get("tariffs"), data.get("tariff_id"), "tariff_id", errors) if data.get("tariff_id") else None
    if data.get("tariff_id") is None:
        errors["tariff_id"] = ["Required."]
    elif tariff is not None and tariff["unit"] not in UNIT_SECONDS:
        errors["tariff_id"] = ["This tariff is not priced by time."]
    modifiers = _extras(service, [{"extra_id": m, "quantity": 1} for m in data.get("modifiers") or []],
                        "modifiers", errors)
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    starts_at, ends_at = period
    name = "{}, тариф «{}»".format(service["name"], tariff["name"])
    lines = [Line(name, units(starts_at, ends_at, tariff["unit"]), tariff["price"], "tariff", tariff["id"])] + modifiers
    return Priced(lines=lines, starts_at=starts_at, ends_at=ends_at, details={
        "tariff": {"id": tariff["id"], "name": tariff["name"], "unit": tariff["unit"]},
        "variant": {"name": tariff["variant"]} if tariff.get("variant") else None,
        "space_id": data.get("space_id"), "workplace_id": data.get("workplace_id"),
        "modifiers": [m.ref_id for m in modifiers],
        "modifier_names": [{"id": m.ref_id, "name": m.name} for m in modifiers],
        "comment": data.get("comment")})


def price_hotel(service: dict, data: dict, now: datetime) -> Priced:
    """Manual 000's «УЮТ»: nights × tariff, then extras (lunch, dinner, taxi, early check-in
    and late check-out with their times)."""
    errors: dict = {}
    check_in, check_out = data.get("check_in"), data.get("check_out")
    for name, value in (("check_in", check_in), ("check_out", check_out)):
        if value is None:
            errors[name] = ["Required."]
    nights = 0
    if check_in and check_out:
        nights = (check_out - check_in).days
        if nights < 1:
            errors["check_out"] = ["At least one night after check-in."]
        elif nights > MAX_NIGHTS:
            errors["check_out"] = ["At most {} nights.".format(MAX_NIGHTS)]
        if check_in < now.date():
            errors["check_in"] = ["Must not be in the past."]
    adults, children = data.get("adults"), data.get("children", 0)
    if adults is None:
        errors["adults"] = ["Required."]
    max_guests = int((service.get("settings") or {}).get("max_guests") or 10)
    if adults is not None and adults + children > max_guests:
        errors["children"] = ["At most {} guests.".format(max_guests)]
    tariff = _one_or_given(service.get("tariffs"), data.get("tariff_id"), "tariff_id", errors, "tariff")
    extras = _extras(service, data.get("extras"), "extras", errors)
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    tariff_line = Line("{}, тариф «{}»".format(service["name"], tariff["name"]), nights, tariff["price"],
                       "tariff", tariff["id"],
                       "{} - {}".format(i18n.format_date(check_in, "ru"), i18n.format_date(check_out, "ru")))
    # the calendar shows the stay from the check-in day to the check-out day
    return Priced(lines=[tariff_line] + extras, starts_at=datetime.combine(check_in, time(0), timezone.utc),
                  ends_at=datetime.combine(check_out, time(0), timezone.utc), details={"booking": {
        "check_in": check_in.isoformat(), "check_out": check_out.isoformat(), "nights": nights,
        "adults": adults, "children": children, "tariff": {"id": tariff["id"], "name": tariff["name"]},
        "extras": [{"id": e.ref_id, "name": e.name, "quantity": e.quantity, "note": e.note} for e in extras]},
        "comment": data.get("comment")})


def price_event(service: dict, data: dict, now: datetime) -> Priced:
    errors: dict = {}
    if data.get("tariff_id") is None:
        errors["tariff_id"] = ["Choose a tariff."]
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    tariff = _by_id(service.get("tariffs"), data["tariff_id"], "tariff_id", errors)
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)
    event = service.get("event") or {}
    starts_at = _parse(event.get("starts_at"))
    ends_at = _parse(event.get("ends_at"))
    if starts_at is not None and starts_at <= now:
        raise RuleBroken("event_started", "Registration is closed: the event has started")
    return Priced(lines=[Line("Тариф «{}»".format(tariff["name"]), 1, tariff["price"], "tariff", tariff["id"])],
                  starts_at=starts_at, ends_at=ends_at, details={
                      "event": {"place": event.get("place"), "tariff": {"id": tariff["id"], "name": tariff["name"]}},
                      "comment": data.get("comment")})


def _parse(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


PRICERS = {"simple": price_form, "request": price_form, "goods": price_goods, "booking": price_booking,
           "coworking": price_coworking, "hotel": price_hotel, "event": price_event}

#: create-payload fields each kind takes (anything else is refused)
KIND_FIELDS = {
    "simple": {"fields", "comment"},
    "request": {"fields", "comment"},
    "goods": {"items", "delivery", "deliver_at", "comment"},
    "booking": {"starts_at", "ends_at", "room_id", "tariff_id", "comment"},
    "coworking": {"tariff_id", "starts_at", "ends_at", "workplace_id", "space_id", "modifiers", "comment"},
    "hotel": {"check_in", "check_out", "adults", "children", "tariff_id", "extras", "comment"},
    "event": {"tariff_id", "comment"},
}
COMMON_FIELDS = {"service_id", "payer_id", "on_behalf_of"}


def price(service: dict, data: dict, now: datetime) -> Priced:
    """The order's contents for ``service``'s kind, or :class:`InputRuleBroken`."""
    kind = service["kind"]
    foreign = sorted(k for k in data if k not in KIND_FIELDS[kind] | COMMON_FIELDS)
    if foreign:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE,
                              errors={k: ["Not used by a {} order.".format(kind)] for k in foreign})
    return PRICERS[kind](service, data, now)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open periods: a booking ending at 17:00 leaves the room free at 17:00."""
    return a_start < b_end and b_start < a_end
