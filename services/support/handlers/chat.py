"""A ticket's chat (S3): messages with files, read marks and unread counts kept by the server,
the view of every message across the person's tickets (manual 003 «Сообщения»), and
:func:`post`, the one way a message is added (the first message of a new ticket too)."""
from __future__ import annotations

from sqlalchemy import func, select, update

from kit.context import Caller
from services.support import events
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import states
from services.support.domain import tickets as rules
from services.support.handlers.access import visible_ticket
from services.support.handlers.statuses import move
from services.support.models import Attachment, Ticket, TicketMessage, TicketRead
from services.support.views import message_view


def claim_attachments(uow, caller: Caller, attachment_ids: list[str]) -> list[Attachment]:
    """The caller's own unsent uploads, in the order given (≤ 5)."""
    wanted = list(dict.fromkeys(attachment_ids or []))
    rules.check_files(wanted)
    found = store.unsent_attachments(uow.session, caller.user_id, wanted)
    unusable = [i for i in wanted if i not in found]
    if unusable:
        raise exc.InvalidTicket("Unknown attachments", errors={
            "attachment_ids": ["Not uploaded by you or already sent: {}.".format(", ".join(unusable))]})
    return [found[i] for i in wanted]


def add_readers(session, ticket: Ticket) -> None:
    """Read marks for everyone who follows a new ticket: its author and the members of its
    organisation (client side), the department's agents (staff side). Others get theirs on
    first need, counted exactly."""
    people = [(ticket.author_id, "client")]
    if ticket.organisation_id:
        people += [(m, "client") for m in store.members_of(session, ticket.organisation_id)]
    people += [(a, "staff") for a in store.agent_ids(session, ticket.department_id)]
    seen = set()
    for user_id, side in people:
        if user_id not in seen:
            seen.add(user_id)
            store.reader(session, ticket, user_id, side)


def post(uow, ticket: Ticket, *, author_id: str | None, author_kind: str, text: str, attachments=(),
         request_key: str | None = None) -> TicketMessage:
    """Add a message and move everyone's unread count in the same transaction; the caller
    holds the ticket row locked, which orders the messages."""
    ticket.message_seq += 1
    message = TicketMessage(ticket_id=ticket.id, seq=ticket.message_seq, author_id=author_id, author_kind=author_kind,
                            text=text, request_key=request_key, created_at=uow.now())
    uow.session.add(message)
    uow.session.flush()
    for attachment in attachments:
        attachment.message_id = message.id
    others = [TicketRead.ticket_id == ticket.id]
    if author_id:
        others.append(TicketRead.user_id != author_id)
    uow.session.execute(update(TicketRead).where(*others).values(unread=TicketRead.unread + 1))
    if author_id:
        # writing in the chat means having read it
        mark = store.reader(uow.session, ticket, author_id, "staff" if author_kind == "staff" else "client",
                            for_update=True)
        mark.last_read_seq, mark.unread = message.seq, 0
    ticket.updated_at = uow.now()
    uow.session.flush()
    uow.session.expire(message, ["attachments"])
    return message


def list_messages(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    ticket, rel = visible_ticket(uow.session, caller, data["number"])
    conditions = [TicketMessage.ticket_id == ticket.id]
    total = uow.session.execute(select(func.count()).select_from(TicketMessage).where(*conditions)).scalar()
    page, per_page = data["page"], data["per_page"]
    messages = uow.session.execute(select(TicketMessage).where(*conditions).order_by(TicketMessage.seq.desc())
                                   .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    directory = deps.people(uow.session)
    directory.get({m.author_id for m in messages})
    mark = store.reader(uow.session, ticket, caller.user_id, rel.side)
    return {"items": [message_view(m, directory) for m in messages], "total": total, "page": page,
            "per_page": per_page, "unread": mark.unread, "last_read_seq": mark.last_read_seq}


def post_message(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A message from the ticket's client side or staff; a retried request (same
    Idempotency-Key) gets the message it posted."""
    ticket, rel = visible_ticket(uow.session, caller, data["number"], for_update=True)
    again = store.message_by_request(uow.session, caller.user_id, data.get("request_key"))
    if again is not None and again.ticket_id == ticket.id:
        return message_view(again, deps.people(uow.session))
    action = states.after_message(ticket.status, rel.side)
    attachments = claim_attachments(uow, caller, data.get("attachment_ids"))
    message = post(uow, ticket, author_id=caller.user_id, author_kind=rel.side, text=(data.get("text") or "").strip(),
                   attachments=attachments, request_key=data.get("request_key"))
    uow.emit("ticket_message_posted", events.ticket_message_posted(
        ticket, message, len(attachments), store.agent_ids(uow.session, ticket.department_id)))
    # the fact, never the text
    uow.record_action("support_ticket.message_posted", "support_ticket", ticket.number,
                      "Сообщение в обращении №{}{}".format(ticket.number, ", вложений: {}".format(len(attachments))
                                                          if attachments else ""), account_id=ticket.account_id)
    if rel.staff and ticket.first_replied_at is None:
        ticket.first_replied_at = message.created_at
    if action:
        move(uow, ticket, action, "system", changed_by=caller.user_id)
    return message_view(message, deps.people(uow.session))


def mark_read(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Read up to a message (default: the latest); the count is recounted exactly after
    taking the read mark's lock, so a message committed meanwhile is counted."""
    ticket, rel = visible_ticket(uow.session, caller, data["number"])
    mark = store.reader(uow.session, ticket, caller.user_id, rel.side, for_update=True)
    if data.get("message_id"):
        seq = uow.session.execute(select(TicketMessage.seq).where(
            TicketMessage.ticket_id == ticket.id, TicketMessage.id == data["message_id"])).scalar()
        if seq is None:
            raise exc.MessageNotFound("No such message in this ticket")
    else:
        seq = ticket.message_seq
    mark.last_read_seq = max(mark.last_read_seq, seq)
    mark.unread = store.count_unread(uow.session, ticket.id, caller.user_id, mark.last_read_seq)
    return {"unread": mark.unread, "last_read_seq": mark.last_read_seq}


def all_messages(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Manual 003 «Сообщения»: every message of the person's tickets, newest first, with the
    ticket it belongs to and the person's unread total (the badge)."""
    caller.require_user()
    if data["scope"] == "staff":
        if not caller.is_staff:
            raise exc.StaffOnly("Only staff list the tickets they answer")
        scope = store.staff_scope(uow.session, caller.user_id, caller.is_admin)
    else:
        scope = store.client_scope(uow.session, caller.user_id, caller.account_id, caller.rights)
    total, rows = store.message_page(uow.session, scope, data["page"], data["per_page"])
    directory = deps.people(uow.session)
    directory.get({m.author_id for m, _ in rows})
    items = [dict(message_view(m, directory), ticket={"number": t.number, "subject": t.subject}) for m, t in rows]
    return {"items": items, "total": total, "page": data["page"], "per_page": data["per_page"],
            "unread": store.unread_total(uow.session, caller.user_id, scope)}
