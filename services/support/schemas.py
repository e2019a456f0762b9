"""Support's RPC payloads (strict requests, lenient responses); the gateway documents its
endpoints with them."""
from __future__ import annotations

from marshmallow import fields, post_load, validate

from kit.schemas import Lenient, Strict

#: something besides spaces
Filled = validate.Regexp(r"(?s).*\S", error="Must not be blank.")


def _strip_uuids(data: dict, *names: str) -> dict:
    for name in names:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


# --- reference data (S-area item 2) ----------------------------------------------------

class ReferenceQuery(Strict):
    include_inactive = fields.Boolean(load_default=False, metadata={"description": "admins: also retired entries"})


class DepartmentCreate(Strict):
    name = fields.String(required=True, validate=[Filled, validate.Length(max=200)])
    position = fields.Integer(load_default=0)
    agent_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=200),
                            metadata={"description": "the support agents answering its tickets"})
    required_fields = fields.List(fields.String(), load_default=list, metadata={
        "description": "HubEx's fields its tickets must have: type_id, criticality_id, description, "
                       "organisation_id, object_id, work_type_id, contract_id (none: manual 004's short form)"})

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "agent_ids")


class DepartmentUpdate(Strict):
    name = fields.String(validate=[Filled, validate.Length(max=200)])
    position = fields.Integer()
    active = fields.Boolean()
    agent_ids = fields.List(fields.UUID(), validate=validate.Length(max=200))
    required_fields = fields.List(fields.String())

    @post_load
    def ids(self, data, **kwargs):
        return _strip_uuids(data, "agent_ids")


class PersonRef(Lenient):
    id = fields.String()
    name = fields.String(allow_none=True)


class Department(Lenient):
    id = fields.String()
    name = fields.String()
    position = fields.Integer()
    active = fields.Boolean()
    required_fields = fields.List(fields.String())
    agents = fields.List(fields.Nested(PersonRef), metadata={"description": "staff only"})


class DepartmentList(Lenient):
    items = fields.List(fields.Nested(Department))
