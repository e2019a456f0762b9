"""How orders, services and messages look to a caller (plain data, ISO times)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from kit import i18n, listing
from kit.people import Directory
from services.orders.domain import catalog, labels, payments, states, tickets
from services.orders.models import AccessGrant, Attachment, CatalogService, ChatRead, Message, Order
from services.orders.store import count_unread, order_facts, reader

SETTING_DEFAULTS = {"cancellable": True, "prepayment_allowed": False, "min_prepayment": 0,
                    "auto_confirm_after": None, "delivery_places": [], "max_guests": None, "capacity": None}


def iso(value):
    return value.isoformat() if value is not None else None


def _additional(session, block: dict | None, client: str | None) -> dict | None:
    if not block or not block.get("service_ids"):
        return None
    ids = catalog.additional_cut(block["service_ids"], client)
    # the three columns shown, not the services (whose managers would be loaded with them)
    found = {s.id: s for s in session.execute(
        select(CatalogService.id, CatalogService.name, CatalogService.kind)
        .where(CatalogService.id.in_(ids), CatalogService.active.is_(True)))}
    return {"title": block.get("title") or "", "services": [
        {"id": found[i].id, "name": found[i].name, "kind": found[i].kind} for i in ids if i in found]}


def service_view(session, service: CatalogService, language: str, *, client: str | None = None,
                 staff: bool = False) -> dict:
    view = {
        "id": service.id, "kind": service.kind, "kind_label": labels.kind(service.kind, language),
        "name": service.name, "description": service.description or "", "active": service.active,
        "tariffs": list(service.tariffs or []), "items": list(service.items or []),
        "extras": list(service.extras or []), "rooms": list(service.rooms or []),
        "fields": list(service.fields or []), "settings": {**SETTING_DEFAULTS, **(service.settings or {})},
        "event": service.event, "currency": "RUB",
        "additional_services": _additional(session, service.additional_services, client),
        "created_at": iso(service.created_at), "updated_at": iso(service.updated_at),
    }
    if staff:
        view["manager_ids"] = service.manager_ids
    return view


def status_label(order: Order, language: str) -> str:
    """The order's status line: with what remains to pay while the client may pay the rest
    of a partly paid order (manual 000's prepaid hotel)."""
    owes = states.owes_remainder(order.kind, order.status, states.Facts(paid=order.paid, total=order.total))
    return labels.status_line(order.status, payments.remaining(order.total, order.paid) if owes else None, language)


def payment_block(order: Order, service: CatalogService | None, language: str) -> dict | None:
    if order.kind not in states.PAYABLE_KINDS:
        return None
    settings = (service.settings if service else None) or {}
    status = payments.payment_status(order.status, order.total, order.paid, order.refunded)
    return {
        "status": status, "status_label": labels.payment_status(status, language), "paid": order.paid,
        "remaining": payments.remaining(order.total, order.paid), "refunded": order.refunded,
        "currency": order.currency, "prepayment_allowed": bool(settings.get("prepayment_allowed")),
        "min_prepayment": int(settings.get("min_prepayment") or 0),
        "payments": [{"payment_id": p.payment_id, "payment_number": p.payment_number, "method": p.method,
                      "method_label": labels.payment_method(p.method, language), "amount": p.amount,
                      "paid_at": iso(p.paid_at)} for p in order.payments],
        "invoice": invoice_block(order),
    }


def invoice_block(order: Order) -> dict | None:
    """Paying by invoice: the invoice billing announced, and where its PDF downloads once issued."""
    invoice = (order.details or {}).get("invoice")
    if not invoice:
        return None
    return dict(invoice, pdf_url="/api/v1/orders/{}/invoice/pdf".format(order.number) if invoice.get("number")
                else None)


def actions(session, order: Order, service: CatalogService | None, rel) -> tuple[list[str], list[str]]:
    """(actions, next_statuses) for this caller (``rel``: their relation to the order,
    handlers.authorization): one rule with the state machine."""
    known = order_facts(session, order, service)
    if rel.staff:
        return states.staff_actions(order.kind, order.status, known), states.next_statuses(order.kind, order.status, known)
    return states.client_actions(order.kind, order.status, known, is_applicant=rel.is_applicant), []


def coworking_ticket(order: Order, details: dict, directory: Directory, language: str, staff: bool) -> dict:
    """The order's ticket block (manual 000: «Билет 162», «Отправить билет», the visitor):
    the coworking service's ticket as it last announced it. Until the ticket is validated,
    the visitor sees how the first visit goes; after, neither that nor «Отправить билет»."""
    ticket = details.get("ticket") or {}
    status = ticket.get("status")
    validated = bool(ticket.get("validated"))
    transferable = status in ("new", "confirmed", "active") and not validated and not staff
    return {"number": ticket.get("number"), "status": status,
            "status_label": labels.ticket_status(status, language),
            "space": ticket.get("space"), "workplace": ticket.get("workplace"),
            "visitor": directory.ref(order.applicant_id, contacts=staff),
            "tariff": details.get("tariff"), "variant": details.get("variant"),
            "modifiers": details.get("modifier_names") or [], "starts_at": iso(order.starts_at),
            "ends_at": iso(order.ends_at), "validated": validated, "validated_at": ticket.get("validated_at"),
            "first_visit": None if validated else labels.first_visit(language),
            "actions": ["transfer"] if transferable else []}


def order_view(session, order: Order, rel, directory: Directory, language: str, *,
               ticket_secret: str, client: str | None = None, user_id: str | None = None) -> dict:
    # its managers are not part of the view: loaded only if something asks for them
    service = session.get(CatalogService, order.service_id, options=[lazyload(CatalogService.managers)])
    details = order.details or {}
    action_list, next_statuses = actions(session, order, service, rel)
    staff = rel.staff
    view = {
        "number": order.number, "kind": order.kind, "kind_label": labels.kind(order.kind, language),
        "service": {"id": order.service_id, "name": order.service_name, "kind": order.kind},
        "description": service.description if service else None,
        "status": order.status, "status_label": status_label(order, language),
        "created_at": iso(order.created_at), "updated_at": iso(order.updated_at),
        "applicant": directory.ref(order.applicant_id, contacts=staff),
        "executor": directory.ref(order.executor_id, contacts=staff),
        "payer_id": order.payer_id, "deadline": iso(order.deadline), "auto_confirm_at": iso(order.auto_confirm_at),
        "starts_at": iso(order.starts_at), "ends_at": iso(order.ends_at),
        "items": [{"kind": line.kind, "name": line.name, "quantity": line.quantity, "unit_price": line.unit_price,
                   "amount": line.amount, "note": line.note} for line in order.lines],
        "total": order.total, "currency": order.currency, "payment": payment_block(order, service, language),
        "actions": action_list, "next_statuses": next_statuses, "side": rel.side,
        "comment": details.get("comment"),
        "additional_services": None if order.kind == "event" or service is None
        else _additional(session, service.additional_services, client),
    }
    if order.kind in ("simple", "request"):
        view["fields"] = details.get("fields") or []
    if order.kind == "goods":
        view["delivery"] = details.get("delivery") or {"place": None, "pack_to_go": False}
    if order.kind == "booking":
        view["room"] = details.get("room")
        grants = session.execute(select(AccessGrant).where(AccessGrant.order_id == order.id)
                                 .order_by(AccessGrant.created_at)).scalars().all()
        names = directory.get([order.applicant_id] + [g.user_id for g in grants])
        view["visitors"] = [{"id": order.applicant_id, "name": (names.get(order.applicant_id) or {}).get("full_name"),
                             "via": "applicant"}] + [
            {"id": g.user_id, "name": (names.get(g.user_id) or {}).get("full_name"), "via": g.via} for g in grants]
    if order.kind == "hotel":
        view["booking"] = details.get("booking")
    if order.kind == "coworking":
        view["ticket"] = coworking_ticket(order, details, directory, language, staff)
    if order.kind == "event":
        event = details.get("event") or {}
        show_ticket = "ticket_qr" in action_list and not staff
        view["event"] = {"starts_at": iso(order.starts_at), "ends_at": iso(order.ends_at), "place": event.get("place"),
                         "tariff": event.get("tariff"), "attended_at": iso(order.attended_at),
                         "ticket_payload": tickets.sign(ticket_secret, order.number, order.ticket_code)
                         if show_ticket and order.ticket_code else None}
    if user_id:
        mark = reader(session, order, user_id, rel.side)
        view["chat"] = {"unread": mark.unread, "last_read_seq": mark.last_read_seq}
    return view


def unread_counts(session, orders: list[Order], user_id: str, side_of) -> dict[str, int]:
    """Unread counts of many orders at once (lists); orders never opened count every message."""
    marks = {row.order_id: row for row in session.execute(select(ChatRead).where(
        ChatRead.user_id == user_id, ChatRead.order_id.in_([o.id for o in orders]))).scalars()}
    counts = {}
    for order in orders:
        mark = marks.get(order.id)
        side = side_of(order)
        if mark is not None and mark.side == side:
            counts[order.id] = mark.unread
        else:
            counts[order.id] = count_unread(session, order.id, user_id, side, mark.last_read_seq if mark else 0) \
                if order.message_seq else 0
    return counts


def order_summary(order: Order, language: str, unread: int, directory: Directory) -> dict:
    return {
        "number": order.number, "kind": order.kind, "kind_label": labels.kind(order.kind, language),
        "service": {"id": order.service_id, "name": order.service_name, "kind": order.kind},
        "status": order.status, "status_label": status_label(order, language),
        "created_at": iso(order.created_at), "starts_at": iso(order.starts_at), "ends_at": iso(order.ends_at),
        "total": order.total, "currency": order.currency,
        "payment_status": payments.payment_status(order.status, order.total, order.paid, order.refunded)
        if order.kind in states.PAYABLE_KINDS else None,
        "applicant_id": order.applicant_id, "executor_id": order.executor_id,
        "applicant": directory.ref(order.applicant_id), "executor": directory.ref(order.executor_id),
        "deadline": iso(order.deadline), "unread": unread,
    }


#: an order export's columns (manual 001's order: number, date, service, status, executor,
#: applicant, deadline, the period, what it costs and what is paid)
ORDER_COLUMNS = (
    "number", "created_at", "service_name", "kind", "status", "applicant", "executor", "deadline",
    "starts_at", "ends_at", "total", "paid", "currency",
)


def order_header(language: str) -> list[str]:
    """The headers in the reader's language (the catalog's export.order)."""
    return [i18n.label("export.order", column, language) for column in ORDER_COLUMNS]


def order_row(order: Order, language: str, directory: Directory) -> list:
    """One order in an export: times as the manuals show them (Moscow), money in rubles."""
    def name(user_id):
        return (directory.ref(user_id) or {}).get("name") or ""

    return [order.number, listing.moment(order.created_at), order.service_name, labels.kind(order.kind, language),
            status_label(order, language), name(order.applicant_id), name(order.executor_id),
            listing.moment(order.deadline), listing.moment(order.starts_at), listing.moment(order.ends_at),
            listing.money(order.total), listing.money(order.paid), order.currency]


def attachment_view(attachment: Attachment) -> dict:
    return {"id": attachment.id, "filename": attachment.filename, "content_type": attachment.content_type,
            "size": attachment.size, "created_at": iso(attachment.created_at)}


def message_view(message: Message, directory: Directory, language: str) -> dict:
    if message.author_kind == "system":
        author = {"id": None, "name": "Система" if language != "en" else "System", "kind": "system"}
        text = labels.system_message(message.system_code, message.system_params, language) \
            if message.system_code else message.text
    else:
        author = {"id": message.author_id, "name": (directory.ref(message.author_id) or {}).get("name"),
                  "kind": message.author_kind}
        text = message.text
    return {"id": message.id, "seq": message.seq, "text": text, "visibility": message.visibility,
            "author": author, "created_at": iso(message.created_at),
            "attachments": [attachment_view(a) for a in message.attachments]}
