"""marshmallow building blocks shared by every contract module."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class Strict(Schema):
    """A request: unknown fields are an error (so a typo never passes silently)."""


class Lenient(Schema):
    """A response or event payload: extra fields from newer producers are ignored."""

    class Meta:
        unknown = EXCLUDE


class PageQuery(Strict):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def page_of(item_schema):
    """The list envelope: ``items``, ``total``, ``page``, ``per_page``."""

    class Page(Lenient):
        items = fields.List(fields.Nested(item_schema))
        total = fields.Integer()
        page = fields.Integer()
        per_page = fields.Integer()

    Page.__name__ = "{}Page".format(item_schema.__name__.replace("Schema", ""))
    return Page


def load(schema: Schema, payload):
    """Validate ``payload``; a marshmallow ValidationError becomes a 422 at the edge."""
    return schema.load(payload if payload is not None else {})


NonBlank = validate.Length(min=1)


class DateTime(fields.DateTime):
    """An ISO 8601 datetime that also dumps values already rendered as strings.

    Handlers return ISO strings (what travels over RPC); the gateway dumps them through
    the same schema to keep responses to the documented fields.
    """

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            return value
        return super()._serialize(value, attr, obj, **kwargs)
