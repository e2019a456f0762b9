"""marshmallow building blocks shared by every contract module."""
from __future__ import annotations

import math
import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate

#: what a database integer column holds (PostgreSQL BIGINT)
INT64 = 2 ** 63 - 1
#: what a PostgreSQL INTEGER column holds: request fields stored in one are bounded by it
INT32 = 2 ** 31 - 1
#: nesting no request needs; deeper is refused before anything recurses into it
MAX_DEPTH = 32
#: lone surrogates (no UTF-8 for them), NUL and the other C0 controls but tab and newlines, DEL,
#: and the bidi overrides and isolates that make "evil\u202etxt.exe" read as "evilexe.txt"
FORBIDDEN_CHARACTERS = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def input_problem(value) -> str | None:
    """Why a request value cannot be taken as it is (None: it can), anywhere inside it: an
    integer beyond 64 bits, a number that is not finite, a character that is not text, or
    nesting deeper than any request has. Walks iteratively, so depth itself cannot crash it."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "Nested too deeply."
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, int):
            if abs(item) > INT64:
                return "Out of range."
        elif isinstance(item, float):
            if not math.isfinite(item) or abs(item) > INT64:
                return "Out of range."
        elif isinstance(item, str):
            if FORBIDDEN_CHARACTERS.search(item):
                return "Contains characters that are not text (control or bidi override characters, invalid Unicode)."
        elif isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item.keys())
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend((v, depth + 1) for v in item)
    return None


def _check(data):
    if isinstance(data, dict):
        errors = {}
        for key, value in data.items():
            problem = input_problem(value) or input_problem(key)
            if problem:
                errors[str(key) if not input_problem(str(key)) else "_schema"] = [problem]
        if errors:
            raise ValidationError(errors)
    else:
        problem = input_problem(data)
        if problem:
            raise ValidationError([problem])
    return data


def _wrong_json_types(schema: Schema, data) -> dict:
    """Fields whose JSON value is of another type than the document says, where marshmallow
    would quietly convert it: a fraction for an integer (2.5e-42 became 0), a number for a
    boolean (0 became false). Strings stay as they are: a query's values are all strings."""
    errors = {}
    if not isinstance(data, dict):
        return errors
    for name, field in schema.fields.items():
        key = field.data_key or name
        if field.dump_only:
            continue
        value = data.get(key)
        if isinstance(field, fields.Integer) and isinstance(value, float) and not value.is_integer():
            errors[key] = ["Not a valid integer."]
        elif isinstance(field, fields.Boolean) and isinstance(value, (int, float)) and not isinstance(value, bool):
            errors[key] = ["Not a valid boolean."]
    return errors


class Strict(Schema):
    """A request: unknown fields are an error (so a typo never passes silently); nothing in
    it is beyond 64-bit integers, not finite, not text (:func:`input_problem`), before and
    after loading (a query's "99999999999999999999" becomes an integer only then); no JSON
    value of another type than its field's is converted (:func:`_wrong_json_types`)."""

    @pre_load(pass_collection=True)
    def refuse_what_is_not_data(self, data, **kwargs):
        data = _check(data)
        errors = _wrong_json_types(self, data)
        if errors:
            raise ValidationError(errors)
        return data

    @post_load(pass_collection=True)
    def refuse_what_loaded_out_of_range(self, data, **kwargs):
        return _check(data)


class Lenient(Schema):
    """A response or event payload: extra fields from newer producers are ignored."""

    class Meta:
        unknown = EXCLUDE


MAX_PER_PAGE = 100
#: the last page whose offset, ``(page - 1) * per_page``, still fits a database integer
MAX_PAGE = INT64 // MAX_PER_PAGE


class PageQuery(Strict):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE),
                          metadata={"description": "the page to return, from 1", "example": 1})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": "entries per page (at most 100)", "example": 20})


def page_of(item_schema):
    """The list envelope: ``items``, ``total``, ``page``, ``per_page``."""

    class Page(Lenient):
        items = fields.List(fields.Nested(item_schema), metadata={"description": "this page's entries"})
        total = fields.Integer(metadata={"description": "how many entries match in all pages", "example": 1})
        page = fields.Integer(metadata={"description": "this page's number, from 1", "example": 1})
        per_page = fields.Integer(metadata={"description": "entries per page", "example": 20})

    Page.__name__ = "{}Page".format(item_schema.__name__.replace("Schema", ""))
    return Page


def load(schema: Schema, payload):
    """Validate ``payload``; a marshmallow ValidationError becomes a 422 at the edge."""
    return schema.load(payload if payload is not None else {})


NonBlank = validate.Length(min=1)


def not_blank(value: str) -> bool:
    """A name must have something besides spaces."""
    if not (value or "").strip():
        raise ValidationError("Must not be blank.")
    return True


class DateTime(fields.DateTime):
    """An ISO 8601 datetime that also dumps values already rendered as strings.

    Handlers return ISO strings (what travels over RPC); the gateway dumps them through
    the same schema to keep responses to the documented fields.
    """

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            return value
        return super()._serialize(value, attr, obj, **kwargs)


class CommaList(fields.Field):
    """``a,b`` in a query string (or a JSON list): each value one of ``choices`` (the
    OpenAPI document shows an array of that enum, comma-separated: gateway.openapi)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = tuple(choices)

    def _deserialize(self, value, attr, data, **kwargs):
        items = value if isinstance(value, list) else str(value).split(",")
        items = [str(i).strip() for i in items if str(i).strip()]
        unknown = [i for i in items if i not in self.choices]
        if unknown:
            raise ValidationError("Unknown: {}. One of: {}.".format(", ".join(unknown), ", ".join(self.choices)))
        return items
