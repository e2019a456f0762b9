"""N1: the in-app inbox ("menu of notifications") of the signed-in person."""
from __future__ import annotations

from kit.context import Caller
from services.notifications import exceptions as exc
from services.notifications import store, views
from services.notifications.dependencies import Deps


def list_notifications(uow, caller: Caller, query: dict, deps: Deps) -> dict:
    user_id = caller.require_user()
    total, rows = store.inbox_page(uow.session, user_id, query.get("unread"), query["page"], query["per_page"])
    return views.page([views.notification_view(r) for r in rows], total, query)


def unread_count(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return {"unread": store.unread_count(uow.session, caller.require_user())}


def mark_read(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``data``: ``{"notification_id"}``."""
    user_id = caller.require_user()
    row = store.inbox_entry(uow.session, user_id, data["notification_id"])
    if row is None:
        raise exc.NotificationNotFound("No such notification")
    if row.read_at is None:
        row.read_at = uow.now()
    return views.notification_view(row)


def mark_all_read(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return {"marked": store.mark_all_read(uow.session, caller.require_user(), uow.now())}
