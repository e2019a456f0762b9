"""Support's response shapes: models → the plain dicts RPC returns (``schemas.py``
describes them)."""
from __future__ import annotations

from kit.people import Directory
from services.support.models import Contract, Criticality, Department, Organisation, SupportObject


def department_view(department: Department, directory: Directory | None = None, *, staff: bool = False) -> dict:
    view = {"id": department.id, "name": department.name, "position": department.position,
            "active": department.active, "required_fields": list(department.required_fields or [])}
    if staff:
        view["agents"] = [directory.ref(user_id) if directory else {"id": user_id, "name": None}
                          for user_id in department.agent_ids]
    return view


def reference_view(entry) -> dict:
    view = {"id": entry.id, "name": entry.name, "position": entry.position, "active": entry.active}
    if isinstance(entry, Criticality):
        view.update(first_reply_minutes=entry.first_reply_minutes, resolution_minutes=entry.resolution_minutes,
                    is_default=entry.is_default)
    return view


def organisation_view(organisation: Organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name}


def object_view(found: SupportObject) -> dict:
    return {"id": found.id, "organisation_id": found.organisation_id, "name": found.name,
            "address": found.address, "active": found.active}


def contract_view(found: Contract) -> dict:
    return {"id": found.id, "organisation_id": found.organisation_id, "number": found.number, "name": found.name,
            "starts_on": found.starts_on.isoformat() if found.starts_on else None,
            "ends_on": found.ends_on.isoformat() if found.ends_on else None,
            "active": found.active, "object_ids": found.object_ids}
