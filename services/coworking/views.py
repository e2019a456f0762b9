"""Coworking's response shapes: models → the plain data RPC returns."""
from __future__ import annotations

from services.coworking.domain import labels
from services.coworking.domain import tickets as rules
from services.coworking.domain.periods import Period


def _iso(value):
    return value.isoformat() if value is not None else None


def workplace(place, free: bool | None = None) -> dict:
    return {"id": place.id, "name": place.name, "in_service": place.in_service, "free": free}


def space(room, free_ids: set[str] | None = None) -> dict:
    return {"id": room.id, "service_id": room.service_id, "name": room.name,
            "workplaces": [workplace(p, None if free_ids is None else (p.in_service and p.id in free_ids))
                           for p in room.workplaces]}


def state(ticket) -> rules.TicketState:
    return rules.TicketState(ticket.status, Period(ticket.starts_at, ticket.ends_at), ticket.validated_at is not None)


def person(directory, user_id) -> dict | None:
    return directory.ref(user_id, contacts=True) if user_id else None


def ticket(item, directory, *, language: str = "ru", actions: list[str] | None = None) -> dict:
    """C10: everything manual 002's ticket form shows."""
    return {
        "number": item.number, "created_at": _iso(item.created_at), "status": item.status,
        "status_label": labels.label(labels.STATUS, item.status, language),
        "order_number": item.order_number,
        "service": {"id": item.service_id, "name": item.service_name},
        "space": {"id": item.space.id, "name": item.space.name},
        "workplace": {"id": item.workplace.id, "name": item.workplace.name},
        "starts_at": _iso(item.starts_at), "ends_at": _iso(item.ends_at),
        "visitor": person(directory, item.visitor_id),
        "tariff": item.tariff, "variant": item.variant, "modifiers": list(item.modifiers or []),
        "identification": {"validated": item.validated_at is not None, "checked_at": _iso(item.validated_at),
                           "responsible": directory.ref(item.validated_by) if item.validated_by else None},
        "actions": actions if actions is not None else [],
    }


def hold(item) -> dict:
    return {"ticket_number": item.number, "space": {"id": item.space.id, "name": item.space.name},
            "workplace": {"id": item.workplace.id, "name": item.workplace.name}}


def entry(item, allowed: bool, reason: str | None, language: str = "ru") -> dict:
    return {"ticket_number": item.number, "allowed": allowed, "reason": reason,
            "reason_label": labels.label(labels.ENTRY_REASON, reason, language)}


def calendar(room, starts_at, ends_at, tickets, directory) -> dict:
    by_place: dict[str, list] = {}
    for item in tickets:
        by_place.setdefault(item.workplace_id, []).append({
            "number": item.number, "status": item.status, "starts_at": _iso(item.starts_at),
            "ends_at": _iso(item.ends_at), "visitor": directory.ref(item.visitor_id),
            "order_number": item.order_number})
    return {"space": {"id": room.id, "name": room.name}, "starts_at": _iso(starts_at), "ends_at": _iso(ends_at),
            "rows": [{"workplace": workplace(p), "tickets": by_place.get(p.id, [])} for p in room.workplaces]}


def invitation(item, ticket_number: int, token: str | None = None, url: str | None = None) -> dict:
    return {"id": item.id, "ticket_number": ticket_number, "token": token, "url": url,
            "created_at": _iso(item.created_at), "accepted_at": _iso(item.accepted_at),
            "revoked_at": _iso(item.revoked_at)}
