"""The catalog (O1): anyone signed in reads it; only administrators write it."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from kit.context import Caller
from kit.people import search_form, search_terms
from services.orders import exceptions as exc
from services.orders.dependencies import Deps
from services.orders.domain import catalog
from services.orders.models import CatalogService, ServiceManager
from services.orders.store import service_of
from services.orders.views import service_view

ENTRY_PARTS = ("tariffs", "items", "extras", "rooms")


def _with_ids(entries: list[dict]) -> list[dict]:
    """Entries keep the ids they were given; new ones get a short id."""
    return [{**entry, "id": entry.get("id") or uuid.uuid4().hex[:8]} for entry in entries]


def _jsonable(data: dict) -> dict:
    event = data.get("event")
    if event:
        data["event"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in event.items()}
    return data


def _check_references(uow, deps: Deps, service: CatalogService, data: dict) -> None:
    additional = (data.get("additional_services") or {}).get("service_ids") or []
    if additional:
        found = set(uow.session.execute(select(CatalogService.id).where(CatalogService.id.in_(additional))).scalars())
        unknown = [i for i in additional if i not in found or i == service.id]
        if unknown:
            raise exc.InvalidOrder("Unknown services", errors={"additional_services": {
                "service_ids": ["Unknown or the service itself: {}.".format(", ".join(unknown))]}})
    if data.get("manager_ids"):
        deps.people(uow.session).require(data["manager_ids"], "manager_ids", staff=True, error=exc.UserUnknown)


def _apply(service: CatalogService, data: dict) -> None:
    for part in ENTRY_PARTS:
        if part in data:
            setattr(service, part, _with_ids(data[part]))
    for key in ("name", "description", "active", "fields", "event", "additional_services"):
        if key in data:
            setattr(service, key, data[key])
    service.search_name = search_form(service.name)
    if "settings" in data:
        service.settings = {**(service.settings or {}), **data["settings"]}
    if "manager_ids" in data:
        wanted = list(dict.fromkeys(data["manager_ids"]))
        service.managers = [m for m in service.managers if m.user_id in wanted] + [
            ServiceManager(service_id=service.id, user_id=i) for i in wanted
            if i not in {m.user_id for m in service.managers}]


def _definition(service: CatalogService) -> dict:
    return {"kind": service.kind, "name": service.name, "tariffs": service.tariffs, "items": service.items,
            "extras": service.extras, "rooms": service.rooms, "fields": service.fields,
            "event": service.event, "additional_services": service.additional_services}


def _apply_checked(uow, deps: Deps, service, data: dict) -> None:
    """Put ``data`` on ``service`` and refuse a definition that does not hold together
    (or that names people and services that do not exist)."""
    _apply(service, data)
    catalog.check(_definition(service))
    _check_references(uow, deps, service, data)


def create_service(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_role("admin")
    data = _jsonable(dict(data))
    now = uow.now()
    service = CatalogService(id=str(uuid.uuid4()), kind=data["kind"], name=data["name"].strip(),
                             description="", active=True, tariffs=[], items=[], extras=[], rooms=[], fields=[],
                             settings={}, created_at=now, updated_at=now)
    service.managers = []
    _apply_checked(uow, deps, service, data)
    uow.session.add(service)
    uow.session.flush()
    uow.record_action("service.created", "service", service.id, service.name, account_id=None)
    return service_view(uow.session, service, caller.language, staff=True)


def update_service(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_role("admin")
    data = _jsonable(dict(data))
    service = service_of(uow.session, data.pop("service_id"), for_update=True)
    _apply_checked(uow, deps, service, data)
    service.updated_at = uow.now()
    uow.session.flush()
    uow.record_action("service.updated", "service", service.id, "{}: изменено {}".format(
        service.name, ", ".join(sorted(data))), account_id=None)
    return service_view(uow.session, service, caller.language, staff=True)


def get_service(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    service = service_of(uow.session, data["service_id"])
    if not service.active and not caller.is_staff:
        raise exc.ServiceNotFound("No such service")
    return service_view(uow.session, service, caller.language, client=data.get("client"), staff=caller.is_staff)


def list_services(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    conditions = []
    if not (data.get("include_inactive") and caller.is_staff):
        conditions.append(CatalogService.active.is_(True))
    if data.get("kind"):
        conditions.append(CatalogService.kind.in_(data["kind"]))
    for term in search_terms(data.get("q")):  # each word, case-folded in Python as the stored names are
        conditions.append(CatalogService.search_name.contains(term, autoescape=True))
    total = uow.session.execute(select(func.count()).select_from(CatalogService).where(*conditions)).scalar()
    page, per_page = data["page"], data["per_page"]
    services = uow.session.execute(select(CatalogService).where(*conditions)
                                   .order_by(CatalogService.name, CatalogService.id)
                                   .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return {"items": [service_view(uow.session, s, caller.language, client=data.get("client"),
                                   staff=caller.is_staff) for s in services],
            "total": total, "page": page, "per_page": per_page}
