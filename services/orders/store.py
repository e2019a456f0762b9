"""Orders' named queries and locks: services, orders, their managers, order numbers, what
the state machine needs to know of an order, and the chat's read marks."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from kit import listing
from kit.people import name_matches
from kit.store import insert_ignore, next_number
from services.orders import exceptions as exc
from services.orders.domain import states
from services.orders.models import FIRST_ORDER_NUMBER, CatalogService, ChatRead, Message, Order, ServiceManager

#: what a BIGINT cannot hold cannot exist
MAX_NUMBER = 2**63 - 1


def service_of(session, service_id: str, *, for_update: bool = False) -> CatalogService:
    query = select(CatalogService).where(CatalogService.id == service_id)
    if for_update:
        query = query.with_for_update()
    service = session.execute(query).scalar_one_or_none()
    if service is None:
        raise exc.ServiceNotFound("No such service")
    return service


def service_kind(session, service_id: str) -> str | None:
    return session.execute(select(CatalogService.kind).where(CatalogService.id == service_id)).scalar()


#: the fields an order list sorts by (``schemas.ORDER_SORTS``) and their columns
ORDER_COLUMNS = {"created_at": Order.created_at, "number": Order.number, "total": Order.total,
                 "status": Order.status, "deadline": Order.deadline, "starts_at": Order.starts_at}


def filtered_orders(visible: list, data: dict):
    """An order list's ``select``: what the caller may see (``visible``) with the query's
    filters (status, kind, number, service, applicant and executor by id or partial name,
    the period, text), in its order (newest first by default, number breaking ties). Text
    is found in the order's number, its service's name and its applicant's or executor's
    name (the people projection)."""
    conditions = list(visible)
    if data.get("status"):
        conditions.append(Order.status.in_(data["status"]))
    if data.get("kind"):
        conditions.append(Order.kind.in_(data["kind"]))
    for name in ("number", "service_id", "executor_id", "applicant_id"):
        if data.get(name):
            conditions.append(getattr(Order, name) == data[name])
    conditions += name_matches(Order.applicant_id, data.get("applicant"))
    conditions += name_matches(Order.executor_id, data.get("executor"))
    conditions += listing.within(ORDER_COLUMNS[data.get("period_by") or "created_at"], data)
    conditions += listing.matching(data.get("q"), [Order.search_text], numbers=[Order.number],
                                   people=[Order.applicant_id, Order.executor_id])
    return listing.sorted_by(select(Order).where(*conditions), data["sort"], ORDER_COLUMNS, Order.number.desc())


def order_by_number(session, number: int, *, for_update: bool = False) -> Order:
    if not 0 < int(number) <= MAX_NUMBER:
        raise exc.OrderNotFound("No such order")
    query = select(Order).where(Order.number == int(number))
    if for_update:
        query = query.with_for_update(of=Order)
    else:
        # a read: the order, its lines and its payments in one statement, not three (a line
        # and a payment are a few rows; two selectin loads were two more round trips and
        # ~1.5 ms of ORM work each per order view, issue 14). Locking reads keep selectin:
        # FOR UPDATE locks the order alone.
        query = query.options(joinedload(Order.lines), joinedload(Order.payments))
    order = session.execute(query).unique().scalar_one_or_none()
    if order is None:
        raise exc.OrderNotFound("No such order")
    return order


def next_order_number(session) -> int:
    """Numbers people see (O2): unique and increasing, apart from primary keys."""
    return next_number(session, "order", FIRST_ORDER_NUMBER)


def manager_ids(session, service_id: str) -> list[str]:
    return list(session.execute(select(ServiceManager.user_id).where(ServiceManager.service_id == service_id)
                                .order_by(ServiceManager.user_id)).scalars())


def claim_due_confirmations(session, now, batch: int) -> list[Order]:
    """Done orders whose auto-confirm time has passed (O6), at most ``batch``, locked with
    ``FOR UPDATE SKIP LOCKED``: a replica ticking at the same time takes other rows instead
    of confirming (and announcing) the same order twice."""
    return list(session.execute(select(Order).where(
        Order.status == "done_awaiting_confirmation", Order.auto_confirm_at <= now)
        .order_by(Order.auto_confirm_at, Order.id).limit(batch).with_for_update(skip_locked=True)).scalars())


def claim_ended_rentals(session, now, batch: int) -> list[Order]:
    """Coworking orders still confirmed or in use whose rental period has ended, locked
    with ``FOR UPDATE SKIP LOCKED`` like :func:`claim_due_confirmations`."""
    return list(session.execute(select(Order).where(
        Order.kind == "coworking", Order.status.in_(("confirmed", "in_progress")), Order.ends_at <= now)
        .order_by(Order.ends_at, Order.id).limit(batch).with_for_update(skip_locked=True)).scalars())


def order_facts(session, order: Order, service: CatalogService | None = None) -> states.Facts:
    """What the state machine needs to know of ``order`` beyond its kind and status."""
    service = service or session.get(CatalogService, order.service_id)
    settings = (service.settings if service is not None else {}) or {}
    return states.Facts(paid=order.paid, total=order.total, cancellable=bool(settings.get("cancellable", True)),
                        attended=order.attended_at is not None,
                        prepayment_allowed=bool(settings.get("prepayment_allowed")),
                        min_prepayment=int(settings.get("min_prepayment") or 0))


# --- the chat's read marks (O5) -------------------------------------------------------

def visible_messages(order_id: str, side: str) -> list:
    """Conditions of the messages one side sees: internal notes never reach a client."""
    conditions = [Message.order_id == order_id]
    if side == "client":
        conditions.append(Message.visibility == "public")
    return conditions


def count_unread(session, order_id: str, user_id: str, side: str, after_seq: int) -> int:
    return session.execute(select(func.count()).select_from(Message).where(
        *visible_messages(order_id, side), Message.seq > after_seq,
        or_(Message.author_id.is_(None), Message.author_id != user_id))).scalar()


def reader(session, order: Order, user_id: str, side: str, *, for_update: bool = False) -> ChatRead:
    """The participant's read mark, created on first need with the exact unread count."""
    query = select(ChatRead).where(ChatRead.order_id == order.id, ChatRead.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        insert_ignore(session, ChatRead, order_id=order.id, user_id=user_id, side=side, last_read_seq=0,
                      unread=count_unread(session, order.id, user_id, side, 0))
        row = session.execute(query).scalar_one()
    if row.side != side:  # became staff of this service (or stopped being): recount
        row.side = side
        row.unread = count_unread(session, order.id, user_id, side, row.last_read_seq)
    return row


def add_readers(session, order: Order, people: list[tuple[str, str]]) -> None:
    for user_id, side in people:
        if user_id:
            reader(session, order, user_id, side)
