"""The order form of simple services and requests (O1 "custom fields", manual 000's
cleaning order: Здание, Офис, Описание требуемых работ, Что взять с собой, date, time)."""
from __future__ import annotations

import re
from datetime import date, datetime

from kit.errors import InputRuleBroken

#: input that breaks a rule of a form: 422 ``validation_failed`` with messages per field
INVALID, INVALID_MESSAGE = "validation_failed", "Some fields are invalid"

FIELD_TYPES = ("string", "text", "number", "date", "time", "datetime", "select", "multiselect", "boolean")
MAX_TEXT = {"string": 200, "text": 5000}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def check_definition(fields: list[dict]) -> list[str]:
    """Problems of a service's field list (admin input); empty when it is sound."""
    problems = []
    codes = [f.get("code") for f in fields]
    for field in fields:
        code = field.get("code", "")
        if not _CODE.match(code or ""):
            problems.append("Field code {!r}: lower-case letters, digits and _.".format(code))
        if field.get("type") not in FIELD_TYPES:
            problems.append("Field {!r}: type must be one of {}.".format(code, ", ".join(FIELD_TYPES)))
        if field.get("type") in ("select", "multiselect") and not field.get("options"):
            problems.append("Field {!r}: a {} needs options.".format(code, field.get("type")))
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append("Duplicate field codes: {}.".format(", ".join(duplicates)))
    return problems


def _value(field: dict, raw):
    kind = field["type"]
    if kind in ("string", "text"):
        if not isinstance(raw, str):
            raise ValueError("Must be text.")
        value = raw.strip()
        if len(value) > MAX_TEXT[kind]:
            raise ValueError("At most {} characters.".format(MAX_TEXT[kind]))
        return value
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError("Must be a number.")
        return raw
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise ValueError("Must be true or false.")
        return raw
    if kind == "date":
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValueError("A date: YYYY-MM-DD.")
    if kind == "time":
        if not isinstance(raw, str) or not _TIME.match(raw):
            raise ValueError("A time: HH:MM.")
        return raw
    if kind == "datetime":
        try:
            parsed = datetime.fromisoformat(str(raw))
        except ValueError:
            raise ValueError("A date and time in ISO 8601.")
        if parsed.tzinfo is None:
            raise ValueError("Give the time zone (e.g. +03:00 or Z).")
        return parsed.isoformat()
    options = field.get("options") or []
    if kind == "select":
        if raw not in options:
            raise ValueError("One of: {}.".format(", ".join(options)))
        return raw
    if kind == "multiselect":
        if not isinstance(raw, list) or any(v not in options for v in raw):
            raise ValueError("A list of: {}.".format(", ".join(options)))
        return [o for o in options if o in raw]  # the form's order, no duplicates
    raise ValueError("Unknown field type.")


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def fill(fields: list[dict], values: dict) -> list[dict]:
    """The filled form ``[{code, label, type, value}]`` in the form's order, or :class:`InputRuleBroken` with field errors."""
    errors = {}
    by_code = {f["code"]: f for f in fields}
    for code in values:
        if code not in by_code:
            errors[code] = ["This service has no such field."]
    filled = []
    for field in fields:
        raw = values.get(field["code"])
        if _empty(raw):
            if field.get("required"):
                errors[field["code"]] = ["Required."]
            continue
        try:
            value = _value(field, raw)
        except ValueError as problem:
            errors[field["code"]] = [str(problem)]
            continue
        if _empty(value) and field.get("required"):
            errors[field["code"]] = ["Required."]
            continue
        filled.append({"code": field["code"], "label": field["label"], "type": field["type"], "value": value})
    if errors:
        raise InputRuleBroken(INVALID, INVALID_MESSAGE, errors={"fields": errors})
    return filled
