"""I6: notifications' part of a person's export and erasure (``kit.personal_data``), and the
restriction of processing identity announces.

Export: the contacts kept, preferences, devices, the inbox and what was sent to them.
Erasure: the contacts are blanked; preferences, devices, the Telegram link, the inbox and
the restriction go; deliveries to them keep only that something was sent when (no address,
no text).
"""
from __future__ import annotations

from sqlalchemy import delete, select, update

from kit import people
from kit.context import Caller
from kit.contracts import occurred_at
from kit.personal_data import rows
from services.notifications import store
from services.notifications.dependencies import Deps
from services.notifications.models import Delivery, Device, Notification, Preference, ProcessingRestriction, TelegramLink

DELIVERY_COLUMNS = ("event_type", "channel", "category", "status", "address", "subject", "text", "created_at",
                    "sent_at")


def export(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user_id, session = data["user_id"], uow.session

    def of(model, *order):
        return session.execute(select(model).where(model.user_id == user_id).order_by(*order)).scalars()

    deliveries = session.execute(select(Delivery).where(Delivery.recipient == user_id)
                                 .order_by(Delivery.created_at)).scalars()
    return {
        "person": rows(people.export(session, user_id), people.FIELDS),
        "preferences": rows(of(Preference, Preference.user_id), ("choices", "quiet_start", "quiet_end", "timezone")),
        "devices": rows(of(Device, Device.created_at), ("platform", "created_at")),
        "telegram": rows(of(TelegramLink, TelegramLink.user_id), ("username", "status", "confirmed_at")),
        "inbox": rows(of(Notification, Notification.created_at), ("type", "title", "body", "created_at", "read_at")),
        "deliveries": rows(deliveries, DELIVERY_COLUMNS),
        "restriction": rows(of(ProcessingRestriction, ProcessingRestriction.user_id), ("restricted", "as_of")),
    }


def erase(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    user_id, session = data["user_id"], uow.session
    erased = {"people": people.erase(session, user_id, data["requested_at"])}
    for name, model in (("preferences", Preference), ("devices", Device), ("telegram", TelegramLink),
                        ("inbox", Notification), ("restriction", ProcessingRestriction)):
        erased[name] = session.execute(delete(model).where(model.user_id == user_id)).rowcount
    erased["deliveries"] = session.execute(update(Delivery).where(Delivery.recipient == user_id).values(
        # what stays searchable is the event's type alone, already in its folded form
        # (lowercase dotted names: kit.people.search_text of it is itself)
        address=None, subject=None, search_text=Delivery.event_type, text="", html=None, data={})).rowcount
    return erased


def restriction_changed(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """identity's ``processing_restriction_changed``: kept once, the newest wins."""
    if not uow.first_delivery(envelope, "notifications.restrictions"):
        return
    data = envelope["data"]
    store.remember_restriction(uow.session, str(data["user_id"]), bool(data["restricted"]), occurred_at(envelope))
