"""Reference data (S-area item 2): departments with their agents, ticket types, work types,
criticalities with their SLA. Admins manage them; everyone signed in picks from them."""
from __future__ import annotations

from kit.context import Caller
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import forms
from services.support.models import Department, DepartmentAgent
from services.support.views import department_view, reference_view


def require_admin(caller: Caller) -> None:
    caller.require_user()
    if not caller.is_admin:
        raise exc.AdminOnly("Only administrators manage support's reference data")


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def list_departments(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    everything = bool(data.get("include_inactive")) and caller.is_admin
    found = store.departments(uow.session, include_inactive=everything)
    directory = deps.people(uow.session) if caller.is_staff else None
    if directory:
        directory.get({user_id for d in found for user_id in d.agent_ids})
    return {"items": [department_view(d, directory, staff=caller.is_staff) for d in found]}


def _set_agents(uow, department: Department, agent_ids: list[str], deps: Deps) -> None:
    wanted = list(dict.fromkeys(agent_ids))
    if wanted:
        deps.people(uow.session).require(wanted, "agent_ids", staff=True, error=exc.InvalidTicket)
    department.agents = [DepartmentAgent(user_id=user_id) for user_id in wanted]


def create_department(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    name = _clean_name(data["name"])
    if store.name_taken(uow.session, Department, name):
        raise exc.NameTaken("A department with this name exists", errors={"name": ["Already exists."]})
    now = uow.now()
    department = Department(name=name, position=data["position"], active=True,
                            required_fields=forms.check_required_fields(data["required_fields"]),
                            created_at=now, updated_at=now)
    _set_agents(uow, department, data["agent_ids"], deps)
    uow.session.add(department)
    uow.session.flush()
    uow.record_action("department.created", "department", department.id, department.name, account_id=None)
    return department_view(department, deps.people(uow.session), staff=True)


def update_department(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    department = store.department(uow.session, data["department_id"])
    if "name" in data:
        name = _clean_name(data["name"])
        if store.name_taken(uow.session, Department, name, but=department.id):
            raise exc.NameTaken("A department with this name exists", errors={"name": ["Already exists."]})
        department.name = name
    if "required_fields" in data:
        department.required_fields = forms.check_required_fields(data["required_fields"])
    for key in ("position", "active"):
        if key in data:
            setattr(department, key, data[key])
    if "agent_ids" in data:
        _set_agents(uow, department, data["agent_ids"], deps)
    department.updated_at = uow.now()
    uow.session.flush()
    uow.record_action("department.updated", "department", department.id, department.name, account_id=None)
    return department_view(department, deps.people(uow.session), staff=True)


# --- ticket types, work types, criticalities ----------------------------------------------

def list_references(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    everything = bool(data.get("include_inactive")) and caller.is_admin
    return {"items": [reference_view(e) for e in store.references(uow.session, data["kind"], include_inactive=everything)]}


def _apply(uow, entry, data: dict) -> None:
    model = type(entry)
    if "name" in data:
        name = _clean_name(data["name"])
        if store.name_taken(uow.session, model, name, but=entry.id):
            raise exc.NameTaken("An entry with this name exists", errors={"name": ["Already exists."]})
        entry.name = name
    for key in ("position", "active", "first_reply_minutes", "resolution_minutes", "is_default"):
        if key in data:
            setattr(entry, key, data[key])


def create_reference(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    model = store.REFERENCE_KINDS[data["kind"]]
    entry = model(active=True, position=0)
    if data["kind"] == "criticalities":
        entry.is_default = False
    _apply(uow, entry, data)
    uow.session.add(entry)
    uow.session.flush()
    if getattr(entry, "is_default", False):
        store.clear_default_criticality(uow.session, but=entry.id)
    uow.record_action("reference.created", data["kind"], entry.id, entry.name, account_id=None)
    return reference_view(entry)


def update_reference(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    entry = store.reference(uow.session, data["kind"], data["ref_id"], active_only=False)
    _apply(uow, entry, data)
    if getattr(entry, "is_default", False):
        store.clear_default_criticality(uow.session, but=entry.id)
    uow.session.flush()
    uow.record_action("reference.updated", data["kind"], entry.id, entry.name, account_id=None)
    return reference_view(entry)
