"""What notifications does when identity says a person changed (kit.people keeps the copy)."""
from __future__ import annotations

from kit.context import Caller
from services.notifications import store
from services.notifications.dependencies import Deps


def person_changed(uow, caller: Caller, person: dict, deps: Deps) -> None:
    """``person``: as now kept. A deleted person is gone: forget their devices and chat."""
    if person["status"] == "deleted":
        store.forget_devices_of(uow.session, person["user_id"])
        store.forget_telegram_link_of(uow.session, person["user_id"])
