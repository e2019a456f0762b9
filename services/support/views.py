"""Support's response shapes: models → the plain dicts RPC returns (``schemas.py``
describes them)."""
from __future__ import annotations

from kit import pdf
from kit.people import Directory
from services.support.domain import sla, states
from services.support.models import (
    Act, Attachment, Contract, Criticality, Department, Organisation, SupportObject, Ticket, TicketMessage, TicketType,
    WorkType,
)


def department_view(department: Department, directory: Directory | None = None, *, staff: bool = False) -> dict:
    view = {"id": department.id, "name": department.name, "position": department.position,
            "active": department.active, "required_fields": list(department.required_fields or [])}
    if staff:
        view["agents"] = [directory.ref(user_id) if directory else {"id": user_id, "name": None}
                          for user_id in department.agent_ids]
    return view


def reference_view(entry) -> dict:
    view = {"id": entry.id, "name": entry.name, "position": entry.position, "active": entry.active}
    if isinstance(entry, Criticality):
        view.update(first_reply_minutes=entry.first_reply_minutes, resolution_minutes=entry.resolution_minutes,
                    is_default=entry.is_default)
    return view


def organisation_view(organisation: Organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name}


def object_view(found: SupportObject) -> dict:
    return {"id": found.id, "organisation_id": found.organisation_id, "name": found.name,
            "address": found.address, "active": found.active}


def contract_view(found: Contract) -> dict:
    return {"id": found.id, "organisation_id": found.organisation_id, "number": found.number, "name": found.name,
            "starts_on": found.starts_on.isoformat() if found.starts_on else None,
            "ends_on": found.ends_on.isoformat() if found.ends_on else None,
            "active": found.active, "object_ids": found.object_ids}


def attachment_view(attachment: Attachment) -> dict:
    return {"id": attachment.id, "filename": attachment.filename, "content_type": attachment.content_type,
            "size": attachment.size, "created_at": attachment.created_at.isoformat()}


def _iso(value):
    return value.isoformat() if value is not None else None


def _named(names: dict, model, ref_id) -> dict | None:
    row = names.get((model, ref_id)) if ref_id else None
    return {"id": row.id, "name": row.name} if row is not None else None


def ticket_summary(ticket: Ticket, names: dict, now, language: str, unread: int) -> dict:
    """What lists show (S2): number, subject, department, status (staff's and the one the
    customer sees), deadline, the reader's unread messages."""
    contract = names.get((Contract, ticket.contract_id)) if ticket.contract_id else None
    client_status = states.client_status(ticket.status, unread)
    return {
        "number": ticket.number, "subject": ticket.subject, "status": ticket.status,
        "status_label": states.label(ticket.status, language), "client_status": client_status,
        "client_status_label": states.client_label(client_status, language), "unread": unread,
        "department": _named(names, Department, ticket.department_id),
        "type": _named(names, TicketType, ticket.type_id),
        "criticality": _named(names, Criticality, ticket.criticality_id),
        "work_type": _named(names, WorkType, ticket.work_type_id),
        "organisation": _named(names, Organisation, ticket.organisation_id),
        "object": _named(names, SupportObject, ticket.object_id),
        "contract": {"id": contract.id, "number": contract.number, "name": contract.name} if contract else None,
        "author_id": ticket.author_id, "assignee_id": ticket.assignee_id,
        "first_reply_due": _iso(ticket.first_reply_due), "deadline": _iso(ticket.deadline),
        "overdue": sla.overdue(ticket.deadline, now, ticket.resolved_at),
        "created_at": ticket.created_at.isoformat(), "updated_at": ticket.updated_at.isoformat(),
    }


def ticket_view(ticket: Ticket, names: dict, directory: Directory, now, side: str, language: str,
                unread: int) -> dict:
    view = ticket_summary(ticket, names, now, language, unread)
    view.update(actions=states.actions(ticket.status, side), description=ticket.description, order_number=ticket.order_number, service_id=ticket.service_id,
                author=directory.ref(ticket.author_id), assignee=directory.ref(ticket.assignee_id), side=side,
                first_replied_at=_iso(ticket.first_replied_at), resolved_at=_iso(ticket.resolved_at),
                closed_at=_iso(ticket.closed_at))
    return view


def message_view(message: TicketMessage, directory: Directory) -> dict:
    author = directory.ref(message.author_id) if message.author_id else {"id": None, "name": None}
    return {"id": message.id, "seq": message.seq, "text": message.text,
            "author": dict(author, kind=message.author_kind), "created_at": message.created_at.isoformat(),
            "attachments": [attachment_view(a) for a in message.attachments]}


def act_view(act: Act, directory: Directory) -> dict:
    return {
        "works": [{"position": w.position, "name": w.name, "quantity": pdf.quantity_text(w.quantity_milli).replace(",", "."),
                   "unit": w.unit, "price": w.price, "amount": w.amount} for w in act.works],
        "total": act.total, "currency": act.currency, "issued_by": directory.ref(act.issued_by),
        "issued_at": act.issued_at.isoformat(), "accepted_by": directory.ref(act.accepted_by),
        "accepted_at": _iso(act.accepted_at), "frozen": act.accepted_at is not None,
    }
