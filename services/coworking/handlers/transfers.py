"""O10, «Отправить билет»: the visitor gives the ticket to a registered user, or makes a
link for someone not registered yet; the link works once and can be revoked. Refused on
cancelled or finished tickets and after validation. The previous visitor keeps no access."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from kit.context import Caller
from services.coworking import exceptions as exc
from services.coworking import views
from services.coworking.domain import tickets as rules
from services.coworking.handlers.access import own_ticket
from services.coworking.handlers.tickets import set_visitor, view_for
from services.coworking.models import Invitation, Ticket


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def transfer_ticket(uow, caller: Caller, data: dict, deps) -> dict:
    ticket = own_ticket(uow.session, caller, data["number"])
    rules.check_may_transfer(views.state(ticket))
    set_visitor(uow, ticket, data["user_id"], caller.user_id, "transfer", deps)
    uow.record_action("ticket.transferred", "ticket", ticket.number, "Билет {} передан другому посетителю".format(
        ticket.number))
    return {"number": ticket.number, "visitor_id": ticket.visitor_id}


def create_invitation(uow, caller: Caller, data: dict, deps) -> dict:
    """A link to copy and share; only its hash is kept, so the token is shown this once."""
    ticket = own_ticket(uow.session, caller, data["number"])
    rules.check_may_transfer(views.state(ticket))
    token = secrets.token_urlsafe(24)
    invitation = Invitation(ticket_id=ticket.id, token_hash=_hash(token), created_by=caller.user_id,
                            created_at=uow.now())
    uow.session.add(invitation)
    uow.session.flush()
    url = deps.settings.invitation_url_template.replace("{token}", token)
    return views.invitation(invitation, ticket.number, token=token, url=url)


def list_invitations(uow, caller: Caller, data: dict, deps) -> dict:
    ticket = own_ticket(uow.session, caller, data["number"])
    rows = uow.session.execute(select(Invitation).where(Invitation.ticket_id == ticket.id)
                               .order_by(Invitation.created_at.desc())).scalars()
    return {"items": [views.invitation(i, ticket.number) for i in rows]}


def revoke_invitation(uow, caller: Caller, data: dict, deps) -> dict:
    ticket = own_ticket(uow.session, caller, data["number"])
    invitation = uow.session.get(Invitation, str(data["invitation_id"]), with_for_update=True)
    if invitation is None or invitation.ticket_id != ticket.id:
        raise exc.InvitationNotFound("No such invitation")
    if invitation.accepted_at is not None:
        raise exc.InvitationUsed("This invitation was accepted already")
    if invitation.revoked_at is None:
        invitation.revoked_at = uow.now()
    return views.invitation(invitation, ticket.number)


def _open_invitation(uow, token: str) -> tuple[Invitation, Ticket]:
    invitation = uow.session.execute(select(Invitation).where(Invitation.token_hash == _hash(token or ""))
                                     .with_for_update()).scalar_one_or_none()
    if invitation is None or invitation.revoked_at is not None:
        raise exc.InvitationNotFound("This link is not valid")
    if invitation.accepted_at is not None:
        raise exc.InvitationUsed("This link was used already")
    ticket = uow.session.get(Ticket, invitation.ticket_id, with_for_update={"of": Ticket})
    return invitation, ticket


def preview_invitation(uow, caller: Caller, data: dict, deps) -> dict:
    """What the link shows before it is accepted (no personal data of the sender)."""
    invitation, ticket = _open_invitation(uow, data["token"])
    return {"ticket_number": ticket.number, "service_name": ticket.service_name, "space": ticket.space.name,
            "workplace": ticket.workplace.name, "starts_at": ticket.starts_at.isoformat(),
            "ends_at": ticket.ends_at.isoformat(), "status": ticket.status}


def accept_invitation(uow, caller: Caller, data: dict, deps) -> dict:
    """The signed-in (newly registered) person opens the link: the ticket becomes theirs."""
    caller.require_user()
    invitation, ticket = _open_invitation(uow, data["token"])
    rules.check_may_transfer(views.state(ticket))
    invitation.accepted_at, invitation.accepted_by = uow.now(), caller.user_id
    set_visitor(uow, ticket, caller.user_id, caller.user_id, "invitation", deps)
    return view_for(uow, caller, ticket, deps)
