"""Identity's response shapes: models → the plain dicts its RPC methods return
(``schemas.User``, ``UserPublic``, ``Group`` and pages of them describe these)."""
from __future__ import annotations

from kit import i18n
from services.identity.domain import accounts, people
from services.identity.models import User


def group_refs(groups) -> list[dict]:
    return [{"id": group.id, "name": group.name} for group in groups]


def public_view(user: User) -> dict:
    """What anyone signed in may see of another person."""
    return {
        "id": user.id, "first_name": user.first_name, "last_name": user.last_name,
        "full_name": people.full_name(user.first_name, user.last_name),
        "companies": group_refs(user.companies), "communities": group_refs(user.communities),
    }


def user_view(user: User, language: str = "ru") -> dict:
    """The person with contacts, roles and rights (themselves, their account, staff);
    the phone number's status named in ``language`` (manual 004: «Успешно подтвержден»)."""
    view = public_view(user)
    phone_status = "none" if not user.phone else ("confirmed" if user.phone_confirmed else "not_confirmed")
    view.update({
        "email": user.email, "phone": user.phone,
        "phone_status": phone_status, "phone_status_label": i18n.label("identity.phone_status", phone_status, language),
        "roles": sorted(user.roles), "rights": accounts.effective_rights(user.is_owner, user.rights),
        "status": user.status, "account_id": user.account_id, "is_account_owner": user.is_owner,
        "language": user.language, "totp_enabled": bool(user.totp_secret),
        "created_at": user.created_at.isoformat(),
        "processing_restricted": bool(user.processing_restricted),
    })
    return view


def group_view(group, members: int) -> dict:
    return {"id": group.id, "name": group.name, "members": members,
            "created_at": group.created_at.isoformat()}


def page(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


def _time(value):
    return value.isoformat() if value is not None else None


def data_request_view(request) -> dict:
    """I6: a request with each service's progress (the download link is only in the e-mail)."""
    return {
        "id": request.id, "user_id": request.user_id, "kind": request.kind, "status": request.status,
        "created_at": _time(request.created_at), "completed_at": _time(request.completed_at),
        "download_expires_at": _time(request.download_expires_at), "downloaded_at": _time(request.downloaded_at),
        "progress": [{"service": part.service, "status": part.status, "done_at": _time(part.done_at),
                      "erased": part.content if request.kind == "erase" else None}
                     for part in request.parts],
    }


def action_view(entry) -> dict:
    """One entry of the action log (``schemas.ActionEntry``)."""
    return {
        "id": entry.event_id, "occurred_at": entry.occurred_at.isoformat(), "service": entry.service,
        "action": entry.action, "object_type": entry.object_type, "object_id": entry.object_id,
        "summary": entry.summary, "account_id": entry.account_id,
        "actor": {"id": entry.actor_id, "name": entry.actor_name, "roles": list(entry.actor_roles or [])},
        "ip": entry.ip, "user_agent": entry.user_agent,
    }
