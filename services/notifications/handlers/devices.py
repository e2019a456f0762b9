"""The push devices of the signed-in person."""
from __future__ import annotations

from kit.context import Caller
from services.notifications import exceptions as exc
from services.notifications import store, views
from services.notifications.dependencies import Deps
from services.notifications.models import Device, new_id


def register_device(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Registering a token again refreshes it; a token that moved to another person's
    account (a shared phone) now belongs to the caller."""
    user_id = caller.require_user()
    now = uow.now()
    row = store.device_by_token(uow.session, data["token"], for_update=True)
    if row is None:
        row = Device(id=new_id(), user_id=user_id, token=data["token"], platform=data["platform"],
                     created_at=now, registered_at=now)
        uow.session.add(row)
    else:
        row.user_id, row.platform, row.registered_at = user_id, data["platform"], now
    uow.session.flush()
    return views.device_view(row)


def list_devices(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return {"items": [views.device_view(r) for r in store.devices_of(uow.session, caller.require_user())]}


def delete_device(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``data``: ``{"device_id"}``."""
    user_id = caller.require_user()
    row = store.device_of(uow.session, user_id, data["device_id"])
    if row is None:
        raise exc.DeviceNotFound("No such device")
    uow.session.delete(row)
    return {"deleted": data["device_id"]}
