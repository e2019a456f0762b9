"""Support's events: the schema of each one it publishes (checked by ``uow.emit``), the
builders that turn tickets into those payloads, and what support reads of identity's person
events (docs/events.md)."""
from __future__ import annotations

from marshmallow import fields

from kit.contracts import ReadSchema, published
from kit.people import PersonRead

PUBLISHED = published("support", {})


# --- what support reads ------------------------------------------------------------------

class CompanyRead(ReadSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class MemberRead(PersonRead):
    """The kit's person fields and the companies (customer organisations) the person is in."""

    companies = fields.List(fields.Nested(CompanyRead), required=True)
