"""The order form of every kind the catalog has (manual 000 «Заказ услуг», 002 for the
coworking): what each kind's form sends to ``POST /orders`` (``api.md``: «Order create»),
which of the API's field errors show next to which input, and what a form needs from the
API besides the service (a coworking's spaces and the free workplaces of the period).

The views live in :mod:`web.pages.orders`; a kind is added here: its ``build`` and, when
its errors have names of their own, their place in :func:`shown_errors`."""
from __future__ import annotations

import uuid
from datetime import datetime

from web import auth
from web.api import ApiError
from web.i18n import _
from web.pages.console import local_to_iso

#: the kinds the client can order through the form (all of the API's seven)
KINDS = ("goods", "simple", "request", "booking", "event", "coworking", "hotel")


def new_key() -> str:
    """A form's Idempotency-Key: kept in a hidden field, so a form sent twice places one order."""
    return uuid.uuid4().hex


def _moment(form: dict, name: str, payload: dict, errors: dict, required: bool = True) -> None:
    raw = (form.get(name) or "").strip()
    if not raw:
        if required:
            errors.setdefault(name, []).append(_("Required."))
        return
    try:
        payload[name] = local_to_iso(raw)
    except ValueError:
        errors.setdefault(name, []).append(_("A date and time."))


def _day(form: dict, name: str, payload: dict, errors: dict) -> None:
    raw = (form.get(name) or "").strip()
    if not raw:
        errors.setdefault(name, []).append(_("Required."))
        return
    try:
        payload[name] = datetime.strptime(raw, "%Y-%m-%d").date().isoformat()
    except ValueError:
        errors.setdefault(name, []).append(_("A date."))


def _whole(form: dict, name: str, payload: dict, errors: dict, default: int | None = None) -> None:
    raw = (form.get(name) or "").strip()
    if not raw:
        if default is not None:
            payload[name] = default
        return
    try:
        payload[name] = int(raw)
    except ValueError:
        errors.setdefault(name, []).append(_("A whole number."))


def _goods(service, form, lists, payload, errors):
    items = []
    for item in service.get("items") or []:
        raw = (form.get("qty_" + item["id"]) or "").strip() or "0"
        try:
            quantity = int(raw)
        except ValueError:
            errors.setdefault("qty_" + item["id"], []).append(_("A whole number."))
            continue
        if quantity:
            items.append({"item_id": item["id"], "quantity": quantity})
    payload["items"] = items
    payload["delivery"] = {"place": form.get("place", ""), "pack_to_go": form.get("pack_to_go") == "1"}


def _form_fields(service, form, lists, payload, errors):
    """simple, request: the service's own form (``fields`` [code, label, type, required, options])."""
    values = {}
    for spec in service.get("fields") or []:
        name = "f_" + spec["code"]
        if spec.get("type") == "multiselect":
            chosen = lists.get(name) or []
            if chosen:
                values[spec["code"]] = chosen
        elif spec.get("type") == "boolean":
            values[spec["code"]] = form.get(name) == "1"
        else:
            raw = (form.get(name) or "").strip()
            if raw and spec.get("type") == "datetime":
                try:
                    raw = local_to_iso(raw)
                except ValueError:
                    errors.setdefault(name, []).append(_("A date and time."))
                    continue
            if raw:
                values[spec["code"]] = raw
    payload["fields"] = values


def _booking(service, form, lists, payload, errors):
    _moment(form, "starts_at", payload, errors)
    _moment(form, "ends_at", payload, errors)


def _event(service, form, lists, payload, errors):
    payload["tariff_id"] = form.get("tariff_id", "")


def _coworking(service, form, lists, payload, errors):
    payload["tariff_id"] = form.get("tariff_id", "")
    if form.get("space_id"):
        payload["space_id"] = form["space_id"]
    if form.get("workplace_id"):
        payload["workplace_id"] = form["workplace_id"]     # none: any free one
    _moment(form, "starts_at", payload, errors)
    _moment(form, "ends_at", payload, errors)


def _hotel(service, form, lists, payload, errors):
    _day(form, "check_in", payload, errors)
    _day(form, "check_out", payload, errors)
    _whole(form, "adults", payload, errors, default=1)
    _whole(form, "children", payload, errors, default=0)
    if form.get("room_id"):
        payload["room_id"] = form["room_id"]
    extras = []
    for extra in service.get("extras") or []:
        if form.get("extra_" + extra["id"]) == "1":
            chosen = {"extra_id": extra["id"], "quantity": 1}
            if extra.get("time_label") and (form.get("time_" + extra["id"]) or "").strip():
                chosen["time"] = form["time_" + extra["id"]].strip()
            extras.append(chosen)
    if extras:
        payload["extras"] = extras


BUILDERS = {"goods": _goods, "simple": _form_fields, "request": _form_fields, "booking": _booking,
            "event": _event, "coworking": _coworking, "hotel": _hotel}


def build(service: dict, form: dict, lists: dict) -> tuple[dict, dict]:
    """The ``POST /orders`` payload of this kind from the form, and the form's own errors
    (what the browser sent that is not even a date or a number)."""
    payload, errors = {"service_id": service["id"]}, {}
    BUILDERS[service["kind"]](service, form, lists, payload, errors)
    if (form.get("comment") or "").strip():
        payload["comment"] = form["comment"].strip()
    return payload, errors


def shown_errors(exc: ApiError, service: dict) -> dict:
    """The API's field errors under the names of the form's inputs; what no input shows goes
    above the form (``_``)."""
    shown: dict[str, list[str]] = {}
    inputs = {"comment", "starts_at", "ends_at", "tariff_id", "space_id", "workplace_id", "check_in", "check_out",
              "adults", "children", "room_id", "place"}
    for name, messages in exc.field_errors().items():
        if name.startswith("fields."):
            target = "f_" + name.split(".", 1)[1].split(".", 1)[0]
        elif name.startswith("delivery."):
            target = "place"
        elif name.startswith("items"):
            target = "items"
        elif name.startswith("extras"):
            target = "extras"
        elif name in inputs:
            target = name
        else:
            target = "_"
            messages = messages if name in ("", "_schema") else ["{}: {}".format(name, m) for m in messages]
        shown.setdefault(target, []).extend(messages)
    if not shown:
        shown["_"] = [exc.message]
    return shown


def extras(service: dict, form: dict) -> dict:
    """What the kind's form shows besides the service: a coworking's spaces and, once the
    period is chosen, which workplaces of the space are free then."""
    if service.get("kind") != "coworking":
        return {}
    spaces = auth.api("GET", "/coworking/spaces", params={"service_id": service["id"]}).get("items", [])
    space_id = form.get("space_id") or (spaces[0]["id"] if spaces else "")
    found = {"spaces": spaces, "space_id": space_id, "workplaces": None, "workplace_errors": []}
    if space_id and form.get("starts_at") and form.get("ends_at"):
        try:
            period = {"from": local_to_iso(form["starts_at"]), "to": local_to_iso(form["ends_at"])}
            space = auth.api("GET", "/coworking/spaces/{}/workplaces".format(space_id), params=period)
        except ValueError:
            found["workplace_errors"] = [_("A date and time.")]
        except ApiError as exc:
            found["workplace_errors"] = [m for ms in exc.field_errors().values() for m in ms] or [exc.message]
        else:
            found["workplaces"] = [w for w in space.get("workplaces") or [] if w.get("free")]
    return found
