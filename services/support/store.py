"""Support's named queries and locks."""
from __future__ import annotations

from sqlalchemy import select

from services.support import exceptions as exc
from services.support.models import Department


def department(session, department_id: str, *, active_only: bool = False) -> Department:
    found = session.get(Department, department_id)
    if found is None or (active_only and not found.active):
        raise exc.DepartmentNotFound("No such department")
    return found


def departments(session, *, include_inactive: bool = False) -> list[Department]:
    query = select(Department).order_by(Department.position, Department.name)
    if not include_inactive:
        query = query.where(Department.active.is_(True))
    return list(session.execute(query).scalars())


def department_name_taken(session, name: str, but: str | None = None) -> bool:
    query = select(Department.id).where(Department.name == name)
    if but:
        query = query.where(Department.id != but)
    return session.execute(query).first() is not None
