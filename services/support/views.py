"""Support's response shapes: models → the plain dicts RPC returns (``schemas.py``
describes them)."""
from __future__ import annotations

from kit.people import Directory
from services.support.models import Department


def department_view(department: Department, directory: Directory | None = None, *, staff: bool = False) -> dict:
    view = {"id": department.id, "name": department.name, "position": department.position,
            "active": department.active, "required_fields": list(department.required_fields or [])}
    if staff:
        view["agents"] = [directory.ref(user_id) if directory else {"id": user_id, "name": None}
                          for user_id in department.agent_ids]
    return view
