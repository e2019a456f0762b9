"""Companies and communities (I5): searchable by part of their name, created and filled by
administrators. ``data["kind"]`` is ``company`` or ``community``; anything else is 404."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from kit.context import Caller
from kit.errors import Conflict
from services.identity import events, store, views
from services.identity.dependencies import Deps
from services.identity.domain import people
from services.identity.models import new_id


def list_groups(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    tables = store.group_tables(data["kind"])
    caller.require_user()
    total, rows = store.page_of_groups(uow.session, tables, people.search_terms(data.get("q", "")),
                                       data["page"], data["per_page"])
    return views.page([views.group_view(g, n) for g, n in rows], total, data)


def create_group(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    tables = store.group_tables(data["kind"])
    caller.require_role("admin")
    kind = tables.kind
    name = " ".join(data["name"].split())
    if store.group_name_taken(uow.session, tables, name):
        raise Conflict("A {} with this name exists".format(kind),
                       code="company_exists" if kind == "company" else "community_exists",
                       errors={"name": ["Already exists."]})
    group = tables.model(id=new_id(), name=name, search_name=people.search_form(name), created_at=uow.now())
    uow.session.add(group)
    try:
        uow.session.flush()
    except IntegrityError:
        raise Conflict("A {} with this name exists".format(kind),
                       code="company_exists" if kind == "company" else "community_exists")
    uow.record_action("{}.created".format(kind), kind, group.id, name, account_id=None)
    return views.group_view(group, 0)


def set_membership(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Add (``member``) or remove ``user_id`` to/from the group ``group_id``."""
    tables = store.group_tables(data["kind"])
    caller.require_role("admin")
    group = uow.session.get(tables.model, data["group_id"])
    if group is None:
        raise tables.not_found("No such {}".format(tables.kind))
    user = store.user_by_id(uow.session, data["user_id"])
    if data["member"]:
        store.add_member(uow.session, tables, group.id, user.id)
    else:
        existing = store.membership(uow.session, tables, group.id, user.id)
        if existing is not None:
            uow.session.delete(existing)
    uow.session.flush()
    uow.session.expire(user, ["companies", "communities"])
    uow.emit("user_updated", events.user_changed(user))
    uow.record_action("{}.member_{}".format(tables.kind, "added" if data["member"] else "removed"), tables.kind,
                      group.id, "{}: {}".format(group.name, people.full_name(user.first_name, user.last_name)),
                      account_id=user.account_id)
    return views.user_view(user, caller.language)


def get_companies(uow, caller: Caller, data: dict, deps: Deps) -> list[dict]:
    """Internal: the companies with these ids that exist (support's customer organisations)."""
    return views.group_refs(store.groups_by_ids(uow.session, store.group_tables("company"), data["company_ids"]))
