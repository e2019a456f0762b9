"""Spaces and workplaces (C1): admins manage them; clients and staff see them with which
workplaces are free for a period."""
from __future__ import annotations

from kit.context import Caller
from services.coworking import store, views
from services.coworking.domain.periods import period
from services.coworking.handlers.access import require_admin
from services.coworking.models import Space, Workplace


def list_spaces(uow, caller: Caller, data: dict, deps) -> dict:
    caller.require_user()
    return {"items": [views.space(room) for room in store.spaces(uow.session, data.get("service_id"))]}


def list_workplaces(uow, caller: Caller, data: dict, deps) -> dict:
    """``free`` for ``[from, to)`` when a period is given (a seat out of service is never free)."""
    caller.require_user()
    room = store.space(uow.session, data["space_id"])
    free_ids = None
    if data.get("starts_at") is not None:
        wanted = period(data["starts_at"], data["ends_at"], field="to")
        taken = store.taken_workplace_ids(uow.session, room.id, wanted.starts_at, wanted.ends_at)
        free_ids = {p.id for p in room.workplaces if p.id not in taken}
    return views.space(room, free_ids)


def create_space(uow, caller: Caller, data: dict, deps) -> dict:
    require_admin(caller)
    now = uow.now()
    room = Space(service_id=data["service_id"], name=data["name"], created_at=now, updated_at=now)
    uow.session.add(room)
    uow.session.flush()
    for position, name in enumerate(data.get("workplaces") or []):
        uow.session.add(Workplace(space_id=room.id, name=name, position=position, created_at=now, updated_at=now))
    uow.session.flush()
    uow.session.expire(room, ["workplaces"])
    uow.record_action("space.created", "space", room.id, room.name, account_id=None)
    return views.space(room)


def update_space(uow, caller: Caller, data: dict, deps) -> dict:
    require_admin(caller)
    room = store.space(uow.session, data["space_id"], for_update=True)
    if "name" in data:
        room.name = data["name"]
    room.updated_at = uow.now()
    uow.record_action("space.updated", "space", room.id, room.name, account_id=None)
    return views.space(room)


def add_workplace(uow, caller: Caller, data: dict, deps) -> dict:
    require_admin(caller)
    room = store.space(uow.session, data["space_id"], for_update=True)
    now = uow.now()
    place = Workplace(space_id=room.id, name=data["name"], position=len(room.workplaces), created_at=now,
                      updated_at=now)
    uow.session.add(place)
    uow.session.flush()
    uow.record_action("workplace.created", "workplace", place.id, "{}: {}".format(room.name, place.name),
                      account_id=None)
    return views.workplace(place)


def update_workplace(uow, caller: Caller, data: dict, deps) -> dict:
    """Rename, or take out of / back into service; tickets already issued keep their seat."""
    require_admin(caller)
    place = store.workplace(uow.session, data["workplace_id"], space_id=data["space_id"])
    if "name" in data:
        place.name = data["name"]
    if "in_service" in data:
        place.in_service = data["in_service"]
    place.updated_at = uow.now()
    uow.record_action("workplace.updated", "workplace", place.id, "{}{}".format(
        place.name, "" if place.in_service else " (вне работы)"), account_id=None)
    return views.workplace(place)
