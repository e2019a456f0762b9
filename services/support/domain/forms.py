"""Which fields a ticket needs. Manual 004's short form asks for a department, a subject and
the message (optionally a service and files); HubEx's full form (manual 003 «Создание
заявки») adds type, criticality, description, customer organisation, object, work type and
contract. A department's settings say which of HubEx's fields its tickets must have."""
from __future__ import annotations

from kit.errors import InputRuleBroken

#: HubEx's fields a department may require, in the form's order (manual 003)
HUBEX_FIELDS = ("type_id", "criticality_id", "description", "organisation_id", "object_id", "work_type_id",
                "contract_id")


def check_required_fields(required: list[str]) -> list[str]:
    """A department's ``required_fields``: known names, in the form's order."""
    unknown = sorted(set(required) - set(HUBEX_FIELDS))
    if unknown:
        raise InputRuleBroken("unknown_field", "Unknown fields: {}; known: {}.".format(
            ", ".join(unknown), ", ".join(HUBEX_FIELDS)), field="required_fields")
    return [name for name in HUBEX_FIELDS if name in required]


def missing_fields(required: list[str], data: dict) -> dict:
    """Field errors for what the department requires and the ticket lacks."""
    return {name: ["Required by this department."] for name in required if not data.get(name)}
