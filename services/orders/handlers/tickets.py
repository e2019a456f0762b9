"""Event tickets (O12): the QR code of a confirmed ticket, check-in by an event manager."""
from __future__ import annotations

import base64

from sqlalchemy import select

from kit.context import Caller
from services.orders import events
from services.orders import exceptions as exc
from services.orders.dependencies import Deps
from services.orders.domain import states, tickets
from services.orders.handlers.authorization import handles, visible_order
from services.orders.handlers.chat import post_system
from services.orders.models import Order
from services.orders.store import manager_ids, order_facts
from services.orders.views import iso


def ticket_qr(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"])
    if order.kind != "event":
        raise exc.TicketNotFound("This order is not an event ticket")
    if "ticket_qr" not in states.client_actions(order.kind, order.status, order_facts(uow.session, order),
                                                is_applicant=True):
        raise exc.TransitionNotAllowed("The ticket has its QR code once it is confirmed (paid)",
                                       code="ticket_not_available")
    payload = tickets.sign(deps.settings.ticket_secret, order.number, order.ticket_code)
    content_type, image = tickets.qr_image(payload, data.get("format", "png"))
    return {"content_type": content_type, "data": base64.b64encode(image).decode(), "payload": payload}


def check_in(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The event manager scans the QR: attendance is recorded once; a forged, cancelled or
    already used ticket is refused."""
    caller.require_user()
    if not caller.is_staff:
        raise exc.StaffOnly("Only event managers check tickets in", code="role_required")
    number, code = tickets.verify(deps.settings.ticket_secret, data["payload"])
    order = uow.session.execute(select(Order).where(Order.number == number).with_for_update()).scalar_one_or_none()
    if order is None or order.kind != "event" or order.ticket_code != code:
        raise exc.InvalidTicket("Not a valid ticket", errors={"payload": ["Unknown ticket."]})
    if not (caller.has_role("event_manager", "admin") or handles(caller, order, manager_ids(uow.session, order.service_id))):
        raise exc.StaffOnly("Only event managers check tickets in", code="role_required")
    if order.status in states.CANCELLED:
        raise exc.RuleRefused("This ticket was cancelled", code="ticket_cancelled")
    if order.attended_at is not None:
        raise exc.RuleRefused("This ticket was already used at {}".format(order.attended_at.isoformat()),
                              code="ticket_already_checked_in")
    if order.status != "confirmed":
        raise exc.RuleRefused("This ticket is not confirmed (not paid)", code="ticket_not_confirmed")
    order.attended_at, order.checked_in_by, order.updated_at = uow.now(), caller.user_id, uow.now()
    post_system(uow, order, "ticket_checked_in")
    uow.emit("ticket_checked_in", events.ticket_checked_in(order))
    uow.record_action("order.ticket_checked_in", "order", order.number, "Билет отмечен на входе",
                      account_id=order.account_id)
    directory = deps.people(uow.session)
    return {"order_number": order.number, "service_name": order.service_name,
            "visitor": directory.ref(order.applicant_id), "tariff": (order.details.get("event") or {}).get("tariff"),
            "attended_at": iso(order.attended_at), "checked_in_by": caller.user_id}
