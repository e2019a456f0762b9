"""Customer organisations (identity's companies) with their objects and contracts (manual
003 «Обслуживание заказчика»). A client sees the organisations they belong to and only
those (404 for the rest); staff see all; admins manage objects and contracts."""
from __future__ import annotations


from kit.context import Caller
from kit.contracts import occurred_at
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.handlers.reference import require_admin
from services.support.models import Contract, ContractObject, Organisation, SupportObject
from services.support.views import contract_view, object_view, organisation_view


def visible_organisation(uow, caller: Caller, organisation_id: str) -> Organisation:
    """The organisation if the caller is staff or belongs to it; 404 otherwise."""
    caller.require_user()
    found = uow.session.get(Organisation, organisation_id)
    if found is None or not (caller.is_staff or organisation_id in store.organisation_ids_of(uow.session, caller.user_id)):
        raise exc.OrganisationNotFound("No such organisation")
    return found


def known_organisation(uow, organisation_id: str, deps: Deps) -> Organisation:
    """An organisation for an admin to set up: known here, or one of identity's companies."""
    found = uow.session.get(Organisation, organisation_id)
    if found is not None:
        return found
    for company in deps.fetch_companies([organisation_id]):
        if company["id"] == organisation_id:
            return store.remember_organisation(uow.session, company["id"], company["name"])
    raise exc.OrganisationNotFound("No such organisation (a company of identity)")


def list_organisations(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The caller's organisations (staff: every one known)."""
    caller.require_user()
    ids = None if caller.is_staff else store.organisation_ids_of(uow.session, caller.user_id)
    return {"items": [organisation_view(o) for o in store.organisations(uow.session, ids)]}


def list_objects(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    organisation = visible_organisation(uow, caller, data["organisation_id"])
    everything = bool(data.get("include_inactive")) and caller.is_admin
    return {"items": [object_view(o) for o in store.objects_of(uow.session, organisation.id, include_inactive=everything)]}


def create_object(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    organisation = known_organisation(uow, data["organisation_id"], deps)
    found = SupportObject(organisation_id=organisation.id, name=" ".join(data["name"].split()),
                          address=(data.get("address") or "").strip(), active=True)
    uow.session.add(found)
    uow.session.flush()
    return object_view(found)


def update_object(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    found = store.support_object(uow.session, data["object_id"])
    if "name" in data:
        found.name = " ".join(data["name"].split())
    if "address" in data:
        found.address = (data["address"] or "").strip()
    if "active" in data:
        found.active = data["active"]
    uow.session.flush()
    return object_view(found)


def list_contracts(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    organisation = visible_organisation(uow, caller, data["organisation_id"])
    everything = bool(data.get("include_inactive")) and caller.is_admin
    found = store.contracts_of(uow.session, organisation.id, include_inactive=everything)
    if data.get("object_id"):
        found = [c for c in found if data["object_id"] in c.object_ids]
    return {"items": [contract_view(c) for c in found]}


def _cover(uow, contract: Contract, object_ids: list[str]) -> None:
    """A contract covers objects of its own organisation only."""
    wanted = list(dict.fromkeys(object_ids))
    own = {o.id for o in store.objects_of(uow.session, contract.organisation_id, include_inactive=True)}
    foreign = [i for i in wanted if i not in own]
    if foreign:
        raise exc.InvalidReference("Objects of another organisation", errors={
            "object_ids": ["Not objects of this organisation: {}.".format(", ".join(foreign))]})
    contract.objects = [ContractObject(object_id=i) for i in wanted]


def _dates(contract: Contract, data: dict) -> None:
    for key in ("starts_on", "ends_on"):
        if key in data:
            setattr(contract, key, data[key])
    if contract.starts_on and contract.ends_on and contract.ends_on < contract.starts_on:
        raise exc.InvalidReference("The contract ends before it starts", errors={"ends_on": ["Before starts_on."]})


def create_contract(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    organisation = known_organisation(uow, data["organisation_id"], deps)
    found = Contract(organisation_id=organisation.id, number=data["number"].strip(), name=(data.get("name") or "").strip(),
                     active=True)
    _dates(found, data)
    _cover(uow, found, data["object_ids"])
    uow.session.add(found)
    uow.session.flush()
    return contract_view(found)


def update_contract(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    require_admin(caller)
    found = store.contract(uow.session, data["contract_id"])
    for key in ("number", "name"):
        if key in data:
            setattr(found, key, (data[key] or "").strip())
    if "active" in data:
        found.active = data["active"]
    _dates(found, data)
    if "object_ids" in data:
        _cover(uow, found, data["object_ids"])
    uow.session.flush()
    return contract_view(found)


# --- identity's person events ------------------------------------------------------------

def member_changed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """Keep who belongs to which customer organisation from a person event's ``companies``,
    unless a newer event about the person was applied already (newest wins)."""
    data = envelope["data"]
    occurred = occurred_at(envelope)
    kept = store.person_as_of(uow.session, data["user_id"])
    if kept is not None and kept > occurred:
        return
    companies = [] if envelope["type"] == "user_deleted" else (data.get("companies") or [])
    for company in companies:
        store.remember_organisation(uow.session, company["id"], company["name"])
    store.replace_memberships(uow.session, data["user_id"], [c["id"] for c in companies])
