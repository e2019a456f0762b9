"""The catalog's rules (O1): what each kind of service must define, the "additional
services" block (up to six on the web, three on mobile)."""
from __future__ import annotations

from kit.errors import InputRuleBroken
from services.orders.domain import forms
from services.orders.domain.forms import INVALID, INVALID_MESSAGE
from services.orders.domain.pricing import UNIT_SECONDS, UNITS

ADDITIONAL_WEB, ADDITIONAL_MOBILE = 6, 3

#: what a service of each kind needs so that an order of it can be priced
NEEDS = {
    "goods": ("items",),
    "booking": ("tariffs",),
    "coworking": ("tariffs",),
    "hotel": ("tariffs",),
    "event": ("tariffs",),
}


def check(service: dict) -> None:
    """Refuse a service definition that orders could not be taken for."""
    errors: dict = {}
    kind = service["kind"]
    for part in NEEDS.get(kind, ()):
        if not service.get(part):
            errors[part] = ["A {} service needs {}.".format(kind, part)]
    for part in ("items", "tariffs", "extras", "rooms"):
        ids = [entry["id"] for entry in service.get(part) or []]
        if len(ids) != len(set(ids)):
            errors[part] = ["Ids must be unique."]
    for tariff in service.get("tariffs") or []:
        if tariff["unit"] not in UNITS:
            errors["tariffs"] = ["Unit must be one of {}.".format(", ".join(UNITS))]
        elif kind in ("booking", "coworking") and tariff["unit"] not in UNIT_SECONDS:
            errors["tariffs"] = ["A {} tariff is priced by time: {}.".format(kind, ", ".join(UNIT_SECONDS))]
        elif kind == "hotel" and tariff["unit"] != "night":
            errors["tariffs"] = ["A hotel tariff is priced per night."]
    if kind == "event":
        event = service.get("event") or {}
        if not event.get("starts_at"):
            errors["event"] = {"starts_at": ["An event needs its date and time."]}
        elif event.get("ends_at") and event["ends_at"] <= event["starts_at"]:
            errors["event"] = {"ends_at": ["Must be after the start."]}
    problems = forms.check_definition(service.get("fields") or [])
    if problems:
        errors["fields"] = problems
    if kind not in ("simple", "request") and service.get("fields"):
        errors["fields"] = ["Only simple services and requests have form fields."]
    additional = (service.get("additional_services") or {}).get("service_ids") or []
    if len(additional) > ADDITIONAL_WEB:
        errors["additional_services"] = {"service_ids": ["At most {}.".format(ADDITIONAL_WEB)]}
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors=errors)


def additional_cut(service_ids: list[str], client: str | None) -> list[str]:
    """Manual 000: the block shows up to six services on the web and three on mobile."""
    return list(service_ids)[: ADDITIONAL_MOBILE if client == "mobile" else ADDITIONAL_WEB]
