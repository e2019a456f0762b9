"""Orders (O2–O4, O6–O9, O14, O15): create, view, list, the client's actions, the
manager console's changes, what billing needs to take a payment, and :func:`move`, the
one way an order's status changes."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from kit import listing
from kit.context import Caller
from services.orders import events
from services.orders import exceptions as exc
from services.orders.dependencies import Deps
from services.orders.domain import labels, payments, pricing, states, tickets
from services.orders.handlers.authorization import require_staff, visible_order
from services.orders.handlers.chat import post
from services.orders.models import CatalogService, Order, OrderLine, ServiceManager
from services.orders.store import (
    add_readers, filtered_orders, manager_ids, next_order_number, order_facts, service_kind, service_of,
)
from services.orders.views import order_header, order_row, order_summary, order_view, unread_counts


def move(uow, order: Order, action: str, actor: str, *, changed_by: str | None,
         service: CatalogService | None = None, reason: str | None = None, deps: Deps | None = None) -> str:
    """Apply ``action`` through the state machine: refused (409, nothing changed) or done,
    with ``order_status_changed`` (and ``order_cancelled``) in the outbox. ``deps`` brings
    the system's auto-confirm default to a move that marks the order done (O6)."""
    service = service or uow.session.get(CatalogService, order.service_id)
    target = states.apply(order.kind, order.status, action, order_facts(uow.session, order, service), actor)
    source, now = order.status, uow.now()
    order.status, order.updated_at = target, now
    if target == "done_awaiting_confirmation":
        order.auto_confirm_at = states.auto_confirm_at(
            now, ((service.settings or {}) if service else {}).get("auto_confirm_after"),
            deps.settings.auto_confirm_default if deps else 0)
    else:
        order.auto_confirm_at = None  # confirmed, returned to work or closed: no countdown
    uow.emit("order_status_changed", events.order_status_changed(order, source, action, changed_by, reason))
    if changed_by is not None:  # a person's move (the system's are not the action log's)
        uow.record_action("order." + action, "order", order.number, "{} → {}{}".format(
            labels.status(source), labels.status(target), ": " + reason if reason else ""),
            account_id=order.account_id)
    if (states.is_cancellation(target) and source not in states.CANCELLED) or action == "late_payment":
        uow.emit("order_cancelled", events.order_cancelled(
            order, refund_required=target == "cancelled_refund_pending", cancelled_by=changed_by))
    return target


def _view(uow, caller: Caller, order: Order, rel, deps: Deps, client: str | None = None) -> dict:
    return order_view(uow.session, order, rel, deps.people(uow.session), caller.language,
                      ticket_secret=deps.settings.ticket_secret, client=client, user_id=caller.user_id)


def _service_dict(service: CatalogService) -> dict:
    return {"id": service.id, "kind": service.kind, "name": service.name, "tariffs": service.tariffs or [],
            "items": service.items or [], "extras": service.extras or [], "rooms": service.rooms or [],
            "fields": service.fields or [], "settings": service.settings or {}, "event": service.event}


def _room_taken(session, service: CatalogService, room_id, starts_at, ends_at) -> bool:
    """A booking needs a free slot of its room: no overlapping booking that still stands
    (half-open periods, the rule of ``pricing.overlaps``)."""
    return session.execute(select(Order.id).where(
        Order.service_id == service.id,
        Order.room_id == room_id if room_id is not None else Order.room_id.is_(None),
        Order.status.not_in(states.CANCELLED), Order.starts_at < ends_at, Order.ends_at > starts_at,
    ).limit(1)).first() is not None


def _applicant(uow, caller: Caller, data: dict, service: CatalogService, deps: Deps) -> tuple[str, str | None]:
    """(applicant, account): the caller, or the client a staff member orders for (C9)."""
    if not data.get("on_behalf_of"):
        return caller.user_id, caller.account_id
    if not (caller.is_admin or (caller.is_staff and caller.user_id in service.manager_ids)):
        raise exc.StaffOnly("Only staff handling this service may order on behalf of a client")
    person = deps.people(uow.session).require([data["on_behalf_of"]], "on_behalf_of",
                                              error=exc.UserUnknown)[data["on_behalf_of"]]
    return person["user_id"], person.get("account_id")


def _form(data: dict) -> dict:
    """What the client filled in: without what the flow adds (the number and seat coworking
    held, the idempotency key and the request's fingerprint), which pricing would refuse."""
    return {key: value for key, value in data.items()
            if key not in ("number", "seat", "idempotency_key", "request_fingerprint")}


def seat_request(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """C2: what coworking must hold before a coworking order can be stored (None for the
    other kinds): the order's number is drawn here, so the hold and the order share it."""
    caller.require_user()
    session = uow.session
    if not data.get("service_id") or service_kind(session, data["service_id"]) != "coworking":
        return None
    service = service_of(session, data["service_id"])
    if not service.active:
        raise exc.ServiceNotFound("No such service")
    applicant_id, account_id = _applicant(uow, caller, data, service, deps)
    priced = pricing.price(_service_dict(service), _form(data), uow.now())
    details = priced.details
    return {"order_number": next_order_number(session), "service_id": service.id, "service_name": service.name,
            "space_id": details.get("space_id"), "workplace_id": details.get("workplace_id"),
            "starts_at": priced.starts_at.isoformat(), "ends_at": priced.ends_at.isoformat(),
            "visitor_id": applicant_id, "account_id": account_id, "tariff": details.get("tariff"),
            "variant": details.get("variant"), "modifiers": details.get("modifier_names") or []}


def create_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """O2. A coworking order comes with its ``number`` and the ``seat`` coworking holds for
    it (see :func:`seat_request` and ``flows.create_order``)."""
    caller.require_user()
    session, now = uow.session, uow.now()
    # bookings and events lock their service: slot and capacity checks cannot interleave
    locking = data.get("service_id") and service_kind(session, data["service_id"]) in ("booking", "event")
    service = service_of(session, data["service_id"], for_update=bool(locking))
    if not service.active:
        raise exc.ServiceNotFound("No such service")
    applicant_id, account_id = _applicant(uow, caller, data, service, deps)
    priced = pricing.price(_service_dict(service), _form(data), now)
    if service.kind == "booking" and _room_taken(session, service, priced.room_id, priced.starts_at, priced.ends_at):
        raise exc.RuleRefused("This time is already booked; choose another slot", code="slot_taken",
                              errors={"starts_at": ["Already booked."]})
    if service.kind == "event":
        capacity = (service.settings or {}).get("capacity")
        taken = session.execute(select(func.count()).select_from(Order).where(
            Order.service_id == service.id, Order.status.not_in(states.CANCELLED))).scalar()
        if capacity and taken >= capacity:
            raise exc.RuleRefused("No tickets left for this event", code="event_sold_out")
    if service.kind == "coworking":
        if not data.get("seat"):
            raise exc.RuleRefused("A coworking order needs its seat held first", code="seat_not_held")
        priced.details["ticket"] = ticket_block(data["seat"])
    order = Order(
        number=data.get("number") or next_order_number(session), kind=service.kind, service_id=service.id, service_name=service.name,
        account_id=account_id, applicant_id=applicant_id, created_by=caller.user_id, payer_id=data.get("payer_id"),
        status="new", total=priced.total, currency="RUB", paid=0, refunded=0, starts_at=priced.starts_at,
        ends_at=priced.ends_at, room_id=priced.room_id, details=priced.details, message_seq=0,
        ticket_code=tickets.new_code() if service.kind == "event" else None, created_at=now, updated_at=now,
        idempotency_key=data.get("idempotency_key"), request_fingerprint=data.get("request_fingerprint"))
    order.lines = [OrderLine(position=i, kind=line.kind, ref_id=line.ref_id, name=line.name, quantity=line.quantity,
                             unit_price=line.unit_price, amount=line.amount, note=line.note)
                   for i, line in enumerate(priced.lines)]
    if order.kind in states.PAYABLE_KINDS and order.total == 0:
        order.status = "confirmed"  # nothing to pay: a free ticket or booking stands at once
    session.add(order)
    session.flush()
    managers = manager_ids(session, service.id)
    add_readers(session, order, [(applicant_id, "client")] + [(m, "staff") for m in managers])
    uow.emit("order_created", events.order_created(order, caller.user_id, managers))
    uow.record_action("order.created", "order", order.number, "{}, {} ₽".format(
        service.name, labels.rubles(order.total)), account_id=order.account_id)
    _, rel = visible_order(session, caller, order.number)
    return _view(uow, caller, order, rel, deps)


def order_by_key(uow, caller: Caller, key: str, fingerprint: str, deps: Deps) -> dict | None:
    """The order the caller already created with this Idempotency-Key (its view), if any;
    the same key with another request is refused."""
    order = uow.session.execute(select(Order).where(
        Order.created_by == caller.require_user(), Order.idempotency_key == key)).scalar_one_or_none()
    if order is None:
        return None
    if order.request_fingerprint != fingerprint:
        raise exc.InvalidOrder("This Idempotency-Key was used with different parameters",
                               code="idempotency_key_reused")
    _, rel = visible_order(uow.session, caller, order.number)
    return _view(uow, caller, order, rel, deps)


def ticket_block(seat: dict) -> dict:
    """The order's copy of its coworking ticket: what the hold answered, then the newest
    ``coworking.ticket_changed`` (``version``)."""
    return {"number": seat["ticket_number"], "status": "new", "space": seat["space"],
            "workplace": seat["workplace"], "validated": False, "validated_at": None, "version": 0}


def get_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"])
    return _view(uow, caller, order, rel, deps, client=data.get("client"))


def _visible(caller: Caller, scope: str) -> list:
    """Which orders a list of ``scope`` shows the caller: their own (mine), their
    account's (account: the "orders" right, I3), or those of the services they handle
    and those they execute (managed: staff; administrators every order)."""
    caller.require_user()
    if scope == "mine":
        return [Order.applicant_id == caller.user_id]
    if scope == "account":
        caller.require_right("orders")  # I3: the account's orders, not only one's own
        return [Order.account_id == caller.account_id]
    if not caller.is_staff:
        raise exc.StaffOnly("Only staff see the orders of the services they handle")
    if caller.is_admin:
        return []
    handled = select(ServiceManager.service_id).where(ServiceManager.user_id == caller.user_id)
    return [or_(Order.service_id.in_(handled), Order.executor_id == caller.user_id)]


def list_orders(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """O4 my orders, newest first; ``scope=managed``: the services the caller handles (O14);
    with the list conventions (kit.listing): sort, period, text, names."""
    session, scope = uow.session, data.get("scope", "mine")
    total, orders = listing.page(session, filtered_orders(_visible(caller, scope), data), data)
    side = "staff" if scope == "managed" else "client"
    counts = unread_counts(session, orders, caller.user_id, lambda order: side)
    names = deps.people(session)
    names.get([o.applicant_id for o in orders] + [o.executor_id for o in orders])
    return listing.envelope([order_summary(o, caller.language, counts[o.id], names) for o in orders], total, data)


def export_orders(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The same list as CSV rows, a part at a time (the gateway streams them)."""
    session = uow.session
    names = deps.people(session)

    def cells(orders):
        names.get([o.applicant_id for o in orders] + [o.executor_id for o in orders])
        return [order_row(o, caller.language, names) for o in orders]

    query = filtered_orders(_visible(caller, data.get("scope", "mine")), data)
    return listing.export_part(session, query, data, order_header(caller.language), cells,
                               created=Order.created_at, now=uow.now())


# --- the client's actions (O6–O9) ------------------------------------------------------

def confirm_completion(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    move(uow, order, "confirm_completion", states.CLIENT, changed_by=caller.user_id)
    return _view(uow, caller, order, rel, deps)


def return_to_work(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    move(uow, order, "return_to_work", states.CLIENT, changed_by=caller.user_id, reason=data.get("comment"))
    comment = (data.get("comment") or "").strip()
    if comment:  # manual 000: "Оставьте при необходимости комментарий в чате заказа"
        post(uow, order, author_id=caller.user_id, author_kind="client", visibility="public", text=comment)
    uow.emit("order_returned_to_work", events.order_returned_to_work(
        order, comment or None, manager_ids(uow.session, order.service_id)))
    return _view(uow, caller, order, rel, deps)


def close_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    action = "close_done" if data["resolution"] == "done" else "close_not_relevant"
    move(uow, order, action, states.CLIENT, changed_by=caller.user_id, reason=data["resolution"])
    return _view(uow, caller, order, rel, deps)


def cancel_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """O9 for clients; the manager console's "Отменить заказ" for staff handling the service."""
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    if rel.staff:
        move(uow, order, "staff_cancel", states.STAFF, changed_by=caller.user_id, reason=data.get("reason"))
    else:
        move(uow, order, "cancel", states.CLIENT, changed_by=caller.user_id, reason=data.get("reason"))
    return _view(uow, caller, order, rel, deps)


def repeat_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """O7: a draft of a new order with the same items, delivery place and payer."""
    order, rel = visible_order(uow.session, caller, data["number"])
    service = uow.session.get(CatalogService, order.service_id)
    if "repeat" not in states.client_actions(order.kind, order.status, order_facts(uow.session, order, service),
                                             is_applicant=True):
        raise exc.TransitionNotAllowed("This order cannot be repeated", code="order_not_repeatable")
    details = order.details or {}
    offered = {item["id"] for item in (service.items or [])} if service else set()
    items = [{"item_id": line.ref_id, "quantity": line.quantity} for line in order.lines
             if line.kind == "item" and line.ref_id in offered]
    dropped = [line.name for line in order.lines if line.kind == "item" and line.ref_id not in offered]
    tariff = (details.get("tariff") or {}).get("id")
    return {"service_id": order.service_id, "kind": order.kind, "payer_id": order.payer_id,
            "items": items if order.kind == "goods" else [],
            "delivery": details.get("delivery") if order.kind == "goods" else None,
            "room_id": order.room_id, "tariff_id": tariff if order.kind == "booking" else None,
            "comment": details.get("comment"), "dropped_items": dropped}


# --- the manager console (O14) --------------------------------------------------------

def update_order(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    require_staff(rel)
    service = uow.session.get(CatalogService, order.service_id)
    if order.status in states.CLOSED and ("assignee_id" in data or "deadline" in data):
        raise exc.TransitionNotAllowed("A closed order keeps its executor and deadline", code="order_closed")
    if "assignee_id" in data and data["assignee_id"] != order.executor_id:
        if data["assignee_id"] is not None:
            deps.people(uow.session).require([data["assignee_id"]], "assignee_id", staff=True,
                                             error=exc.UserUnknown)
        previous, order.executor_id = order.executor_id, data["assignee_id"]
        add_readers(uow.session, order, [(order.executor_id, "staff")])
        uow.emit("order_assigned", events.order_assigned(order, previous, caller.user_id))
    if "deadline" in data:
        order.deadline = data["deadline"]
    if "assignee_id" in data or "deadline" in data:
        uow.record_action("order.updated", "order", order.number, "Изменено: {}".format(", ".join(
            label for key, label in (("assignee_id", "исполнитель"), ("deadline", "срок")) if key in data)),
            account_id=order.account_id)
    if "status" in data and data["status"] != order.status:
        action = states.staff_action_to(order.kind, order.status, data["status"],
                                        order_facts(uow.session, order, service))
        move(uow, order, action, states.STAFF, changed_by=caller.user_id, service=service, reason=data.get("reason"),
             deps=deps)
    order.updated_at = uow.now()
    return _view(uow, caller, order, rel, deps)


# --- payments (docs/payments.md: get_payable) ----------------------------------------------

def get_payable(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """What billing needs to take a payment for the order, for the applicant, a user of
    the order's account or staff handling the service; 404 for anyone else. ``paid`` is
    what billing last announced; the remainder follows from it."""
    order, rel = visible_order(uow.session, caller, data["number"])
    service = uow.session.get(CatalogService, order.service_id)
    known = order_facts(uow.session, order, service)
    settings = (service.settings if service else None) or {}
    return {
        "order_number": order.number, "kind": order.kind, "service_id": order.service_id,
        "service_name": order.service_name, "account_id": order.account_id, "applicant_id": order.applicant_id,
        "payer_id": order.payer_id, "total": order.total, "paid": order.paid,
        "remaining": payments.remaining(order.total, order.paid), "currency": order.currency,
        "status": order.status, "prepayment_allowed": bool(settings.get("prepayment_allowed")),
        "min_prepayment": int(settings.get("min_prepayment") or 0),
        "payable": states.may_pay(order.kind, order.status, known),
        "staff_may_record": rel.handles and states.may_record_payment(order.kind, order.status, known),
        "staff_handles": rel.handles,
        "lines": [{"name": line.name, "quantity": line.quantity, "unit_price": line.unit_price,
                   "amount": line.amount} for line in order.lines],
    }
