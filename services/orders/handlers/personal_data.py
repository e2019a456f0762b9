"""I6: orders' part of a person's export and erasure (``kit.personal_data``).

Export: the copy of the person, their orders and what they wrote in order chats. Erasure:
the copy is blanked; their chat messages lose their text and their orders the free text of
the order form (comments, fields, delivery place, guests); bookings shared with them and
share links they made go. The orders themselves stay — with amounts paid and refunded,
they are money records the law keeps — naming the person only by an id nobody can resolve
any more.
"""
from __future__ import annotations

from sqlalchemy import delete, select, update

from kit import people
from kit.context import Caller
from kit.personal_data import rows
from services.orders.models import AccessGrant, Message, Order, ShareLink

ORDER_COLUMNS = ("number", "kind", "service_name", "status", "total", "paid", "refunded", "currency",
                 "starts_at", "ends_at", "details", "created_at")
#: what erasure keeps of an order's details: the coworking ticket (a number and a seat)
KEPT_DETAILS = ("ticket",)


def export(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    session = uow.session
    orders = session.execute(select(Order).where(Order.applicant_id == user_id).order_by(Order.created_at)).scalars()
    messages = session.execute(
        select(Order.number, Message.created_at, Message.text).join(Order, Order.id == Message.order_id)
        .where(Message.author_id == user_id).order_by(Message.created_at)).mappings()
    return {
        "person": rows(people.export(session, user_id), people.FIELDS),
        "orders": rows(orders, ORDER_COLUMNS),
        "chat_messages": rows(({"order_number": m["number"], "created_at": m["created_at"], "text": m["text"]}
                               for m in messages), ("order_number", "created_at", "text")),
    }


def erase(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    session = uow.session
    erased = {"people": people.erase(session, user_id, data["requested_at"])}
    erased["chat_messages"] = session.execute(update(Message).where(
        Message.author_id == user_id, Message.text != "").values(text="")).rowcount
    count = 0
    for order in session.execute(select(Order).where(Order.applicant_id == user_id)).scalars():
        kept = {key: value for key, value in (order.details or {}).items() if key in KEPT_DETAILS}
        if kept != (order.details or {}):
            order.details = kept
            count += 1
    erased["order_details"] = count
    erased["access_grants"] = session.execute(delete(AccessGrant).where(AccessGrant.user_id == user_id)).rowcount
    erased["share_links"] = session.execute(delete(ShareLink).where(ShareLink.created_by == user_id)).rowcount
    return erased
