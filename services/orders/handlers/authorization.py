"""Who the caller is to an order — its client side, staff handling it, or nobody — and the
lookups that refuse anyone else (404: an order's existence does not leak)."""
from __future__ import annotations

from dataclasses import dataclass

from kit.context import Caller
from services.orders import exceptions as exc
from services.orders.models import Order
from services.orders.store import manager_ids, order_by_number


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
