"""What every use case of orders shares: dependencies, lookups, who the caller is to an
order, the one function that moves an order's status, and chat bookkeeping."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kit.context import STAFF_ROLES, Caller
from services.orders import exceptions as exc
from services.orders.dependencies import OrdersSettings
from services.orders.domain import labels, states
from services.orders.domain.rules import Invalid, Refused
from services.orders.models import (
    FIRST_ORDER_NUMBER, ORDER_NUMBERS, CatalogService, ChatRead, Counter, Message, Order, Person,
    ServiceManager,
)


@dataclass
class Deps:
    """What handlers need beyond the unit of work and the caller."""

    settings: OrdersSettings
    storage: object = None
    #: ``fetch(user_ids) -> [identity user]``: the fallback when a name is not known locally
    fetch_users: Callable = lambda ids: []


# --- errors from the domain -----------------------------------------------------------

def invalid(problem: Invalid) -> exc.InvalidOrder:
    return exc.InvalidOrder(str(problem), errors=problem.errors)


def refused(problem: Refused | states.TransitionRefused) -> exc.RuleRefused:
    if problem.code == "order_transition_not_allowed":
        return exc.TransitionNotAllowed(str(problem))
    return exc.RuleRefused(str(problem), code=problem.code)


# --- people ---------------------------------------------------------------------------

class Directory:
    """Names and contacts of people: the local copy kept from identity's events, and
    identity's ``get_users`` for anyone not (yet) known here."""

    def __init__(self, session, fetch):
        self.session = session
        self.fetch = fetch
        self._known: dict[str, dict] = {}

    def get(self, user_ids) -> dict[str, dict]:
        wanted = {i for i in user_ids if i}
        missing = wanted - set(self._known)
        if missing:
            for person in self.session.execute(select(Person).where(Person.user_id.in_(missing))).scalars():
                self._known[person.user_id] = {"id": person.user_id, "full_name": person.full_name,
                                               "email": person.email, "phone": person.phone,
                                               "account_id": person.account_id, "roles": list(person.roles or []),
                                               "status": person.status}
            missing = wanted - set(self._known)
        if missing:
            for user in self.fetch(sorted(missing)) or []:
                self._known[user["id"]] = {key: user.get(key) for key in
                                           ("id", "full_name", "email", "phone", "account_id", "roles", "status")}
        return {i: self._known[i] for i in wanted if i in self._known}

    def require(self, user_ids, field: str, *, staff: bool = False) -> dict[str, dict]:
        """Known, active people (``staff``: with a staff role), else 422 on ``field``."""
        found = self.get(user_ids)
        problems = []
        for user_id in user_ids:
            person = found.get(user_id)
            if person is None or person.get("status") not in (None, "active"):
                problems.append("Unknown user {}.".format(user_id))
            elif staff and not set(person.get("roles") or ()) & STAFF_ROLES:
                problems.append("{} is not staff.".format(person.get("full_name") or user_id))
        if problems:
            raise exc.UserUnknown("Unknown users", errors={field: problems})
        return found

    def ref(self, user_id, *, contacts: bool = False) -> dict | None:
        if not user_id:
            return None
        person = self.get([user_id]).get(user_id) or {}
        view = {"id": user_id, "name": person.get("full_name")}
        if contacts:
            view.update(phone=person.get("phone"), email=person.get("email"))
        return view


# --- lookups --------------------------------------------------------------------------

def service_of(session, service_id: str, *, for_update: bool = False) -> CatalogService:
    query = select(CatalogService).where(CatalogService.id == service_id)
    if for_update:
        query = query.with_for_update()
    service = session.execute(query).scalar_one_or_none()
    if service is None:
        raise exc.ServiceNotFound("No such service")
    return service


MAX_NUMBER = 2**63 - 1


def order_by_number(session, number: int, *, for_update: bool = False) -> Order:
    if not 0 < int(number) <= MAX_NUMBER:  # what a BIGINT cannot hold cannot exist
        raise exc.OrderNotFound("No such order")
    query = select(Order).where(Order.number == int(number))
    if for_update:
        query = query.with_for_update(of=Order)
    order = session.execute(query).scalar_one_or_none()
    if order is None:
        raise exc.OrderNotFound("No such order")
    return order


def next_order_number(session) -> int:
    """Numbers people see (O2): unique and increasing, apart from primary keys."""
    if session.get_bind().dialect.name == "postgresql":
        return int(session.execute(select(ORDER_NUMBERS.next_value())).scalar())
    counter = session.execute(select(Counter).where(Counter.name == "order_number").with_for_update()).scalar_one_or_none()
    if counter is None:
        counter = Counter(name="order_number", value=FIRST_ORDER_NUMBER - 1)
        session.add(counter)
    counter.value += 1
    session.flush()
    return counter.value


def manager_ids(session, service_id: str) -> list[str]:
    return list(session.execute(select(ServiceManager.user_id).where(ServiceManager.service_id == service_id)
                                .order_by(ServiceManager.user_id)).scalars())


# --- who the caller is to an order ----------------------------------------------------

@dataclass(frozen=True)
class Relation:
    #: client | staff: how the caller sees the order (their own order: always as its client)
    side: str
    is_applicant: bool
    #: staff handling the service: may change status, executor, deadline
    handles: bool = False

    @property
    def staff(self) -> bool:
        return self.side == "staff"


def handles(caller: Caller, order: Order, managers: list[str]) -> bool:
    """Staff handling the order: an admin, a manager of its service, or its executor."""
    if not caller.authenticated:
        return False
    if caller.is_admin:
        return True
    return caller.is_staff and (caller.user_id in managers or caller.user_id == order.executor_id)


def account_colleague(caller: Caller, order: Order) -> bool:
    """Another user of the order's customer account with the account's "orders" right (I3)."""
    return caller.account_id is not None and order.account_id == caller.account_id and "orders" in caller.rights


def relation(session, caller: Caller, order: Order) -> Relation | None:
    caller.require_user()
    is_applicant = order.applicant_id == caller.user_id
    staff = handles(caller, order, manager_ids(session, order.service_id))
    # a manager's own order is theirs as a client ("Мои заказы"); the console powers remain
    if is_applicant or (not staff and account_colleague(caller, order)):
        return Relation("client", is_applicant, staff)
    if staff:
        return Relation("staff", False, True)
    return None


def visible_order(session, caller: Caller, number: int, *, for_update: bool = False) -> tuple[Order, Relation]:
    """The order and the caller's relation to it; 404 for anyone else (no existence leak)."""
    order = order_by_number(session, number, for_update=for_update)
    rel = relation(session, caller, order)
    if rel is None:
        raise exc.OrderNotFound("No such order")
    return order, rel


def require_staff(rel: Relation) -> None:
    if not rel.handles:
        raise exc.StaffOnly("Only staff handling this service may do this")


# --- the state machine, applied -------------------------------------------------------

def facts(order: Order, service: CatalogService | None) -> states.Facts:
    settings = (service.settings if service is not None else {}) or {}
    return states.Facts(paid=order.paid, total=order.total, cancellable=bool(settings.get("cancellable", True)),
                        attended=order.attended_at is not None)


def status_event(order: Order, source: str, action: str, changed_by: str | None, reason: str | None) -> dict:
    return {"order_number": order.number, "kind": order.kind, "service_id": order.service_id,
            "service_name": order.service_name, "account_id": order.account_id,
            "applicant_id": order.applicant_id, "executor_id": order.executor_id, "from_status": source,
            "to_status": order.status, "changed_by": changed_by, "reason": reason, "action": action,
            "auto_confirm_at": order.auto_confirm_at.isoformat() if order.auto_confirm_at else None}


def move(uow, order: Order, action: str, actor: str, *, changed_by: str | None,
         service: CatalogService | None = None, reason: str | None = None) -> str:
    """Apply ``action`` through the state machine: refused (409, nothing changed) or done,
    with ``order_status_changed`` (and ``order_cancelled``) in the outbox."""
    service = service or uow.session.get(CatalogService, order.service_id)
    try:
        target = states.apply(order.kind, order.status, action, facts(order, service), actor)
    except states.TransitionRefused as problem:
        raise refused(problem)
    source, now = order.status, uow.now()
    order.status, order.updated_at = target, now
    if target == "done_awaiting_confirmation":
        after = ((service.settings or {}) if service else {}).get("auto_confirm_after")
        order.auto_confirm_at = now + timedelta(seconds=int(after)) if after else None
    else:
        order.auto_confirm_at = None  # confirmed, returned to work or closed: no countdown
    uow.emit("order_status_changed", status_event(order, source, action, changed_by, reason))
    if (states.is_cancellation(target) and source not in states.CANCELLED) or action == "late_payment":
        uow.emit("order_cancelled", {
            "order_number": order.number, "account_id": order.account_id, "applicant_id": order.applicant_id,
            "paid": order.paid - order.refunded, "refund_required": target == "cancelled_refund_pending",
            "currency": order.currency, "kind": order.kind, "service_name": order.service_name,
            "cancelled_by": changed_by})
    return target


# --- chat bookkeeping (O5) ------------------------------------------------------------

def _visible_to(side: str):
    return Message.visibility == "public" if side == "client" else True


def count_unread(session, order_id: str, user_id: str, side: str, after_seq: int) -> int:
    return session.execute(select(func.count()).select_from(Message).where(
        Message.order_id == order_id, Message.seq > after_seq,
        or_(Message.author_id.is_(None), Message.author_id != user_id), _visible_to(side))).scalar()


def _insert_ignore(session, table, values: dict) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(table).values(**values).on_conflict_do_nothing())


def reader(session, order: Order, user_id: str, side: str, *, for_update: bool = False) -> ChatRead:
    """The participant's read mark, created on first need with the exact unread count."""
    query = select(ChatRead).where(ChatRead.order_id == order.id, ChatRead.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        _insert_ignore(session, ChatRead.__table__, {
            "order_id": order.id, "user_id": user_id, "side": side, "last_read_seq": 0,
            "unread": count_unread(session, order.id, user_id, side, 0)})
        row = session.execute(query).scalar_one()
    if row.side != side:  # became staff of this service (or stopped being): recount
        row.side = side
        row.unread = count_unread(session, order.id, user_id, side, row.last_read_seq)
    return row


def add_readers(session, order: Order, people: list[tuple[str, str]]) -> None:
    for user_id, side in people:
        if user_id:
            reader(session, order, user_id, side)


def post(uow, order: Order, *, author_id: str | None, author_kind: str, visibility: str, text: str = "",
         system_code: str | None = None, system_params: dict | None = None, attachments=()) -> Message:
    """Add a message and move every participant's unread count in the same transaction.

    The caller holds the order row locked (``for_update``), which orders the messages."""
    order.message_seq += 1
    message = Message(order_id=order.id, seq=order.message_seq, author_id=author_id, author_kind=author_kind,
                      visibility=visibility, text=text, system_code=system_code, system_params=system_params,
                      created_at=uow.now())
    uow.session.add(message)
    uow.session.flush()
    for attachment in attachments:
        attachment.message_id = message.id
    seen_by = [ChatRead.order_id == order.id]
    if author_id:
        seen_by.append(ChatRead.user_id != author_id)
    if visibility == "internal":
        seen_by.append(ChatRead.side == "staff")
    uow.session.execute(update(ChatRead).where(and_(*seen_by)).values(unread=ChatRead.unread + 1))
    if author_id:
        # writing in the chat means having read it
        mark = reader(uow.session, order, author_id, "staff" if author_kind == "staff" else "client", for_update=True)
        mark.last_read_seq, mark.unread = message.seq, 0
    uow.session.flush()
    uow.session.expire(message, ["attachments"])
    manager_list = manager_ids(uow.session, order.service_id)
    uow.emit("chat_message_posted", {
        "order_number": order.number, "message_id": message.id, "service_name": order.service_name,
        "author_id": author_id, "author_kind": author_kind, "visibility": visibility,
        "text": (text or "")[:500], "applicant_id": order.applicant_id, "executor_id": order.executor_id,
        "attachment_count": len(attachments), "account_id": order.account_id, "manager_ids": manager_list,
        "system_code": system_code})
    return message


def post_system(uow, order: Order, code: str, params: dict | None = None) -> Message:
    return post(uow, order, author_id=None, author_kind="system", visibility="public",
                text=labels.system_message(code, params, "ru"), system_code=code, system_params=params or None)
